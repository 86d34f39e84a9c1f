// Everything edgeauth exports: the full entry, over the full wasm module.
// The lean entries (edge.js, login.js) export subsets of the same sources;
// scripts/build-entries.mjs bundles each with its module's glue, and the
// per-runtime loaders in ../entry/ instantiate the module and re-export it.

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
export { hashPassword, verifyPassword, needsRehash, DEFAULT_PASSWORD_PARAMS } from "./password.js";
export { OAuthClient } from "./oauth.js";
export { OAuthZones } from "./oauth-zones.js";
export { DpopKey, generateDpopKey, createDpopProof } from "./dpop.js";
export { verifyDpopProof } from "./dpop-server.js";
export { Session, TokenSet } from "./session.js";
export { BrowserSession } from "./browser-session.js";
export { generateDelegationKeys, DelegationClient, DelegationServer } from "./delegation.js";
export { MemoryReplayStore, KvReplayStore } from "./replay.js";
