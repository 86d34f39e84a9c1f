// Ed25519 key generation in wasm, for hosts whose WebCrypto lacks Ed25519.
// Only the full module computes Ed25519: the lean entries are bundled with
// ./ed25519-none.js in this file's place (scripts/build-entries.mjs), so
// they never name a wasm export their module does not have.

import * as wasm from "../wasm/edgeauth.js";

/** `[privateJwkJson, publicJwkJson]` of a fresh pair. */
export const generateEd25519 = () => wasm.generateEd25519();
