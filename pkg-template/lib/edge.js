// The edge entry (edgeauth/edge): what a resource server needs, over the
// edge wasm module (no OAuth client, passwords, delegation, or Ed25519 in
// wasm). The replay stores keep DPoP proof ids (verifyDpopProof,
// Authenticator). Built from the same sources as index.js by
// scripts/build-entries.mjs.

export * from "./errors.js";
export { verifyJwt, signJwt, decodeJwt, decodeProtectedHeader, jwkThumbprint, generateKeyPair } from "./jose.js";
export { RemoteJwks, createRemoteJwks } from "./remote.js";
export { importPkcs8, importSpki, importX509 } from "./pem.js";
export { createPkce, pkceChallenge, randomSecret } from "./pkce.js";
export { hasAccess, parseScope, Principal } from "./principal.js";
export { Authenticator, extractBearerToken, tokenFromRequest } from "./authenticator.js";
export { TokenIssuer } from "./issuer.js";
export { MemoryRevocationStore, KvRevocationStore, RedisRevocationStore } from "./revocation.js";
export { EdgeAuthDurableObject, DurableObjectRevocationStore, DurableObjectReplayStore } from "./durable.js";
export { verifyDpopProof } from "./dpop-server.js";
export { MemoryReplayStore, KvReplayStore } from "./replay.js";
