// Stands in for ./ed25519-wasm.js in the lean entries, whose wasm modules
// compute no Ed25519 (the host's WebCrypto does, where it has it).

export const generateEd25519 = undefined;
