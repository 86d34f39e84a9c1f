// Everything edgeauth exports. The per-runtime entries in ../entry/
// instantiate the wasm module first, then re-export this.

export * from "./errors.js";
export { verifyJwt, signJwt, decodeJwt, decodeProtectedHeader, jwkThumbprint, generateKeyPair } from "./jose.js";
export { RemoteJwks, createRemoteJwks } from "./remote.js";
export { createPkce, pkceChallenge, randomSecret } from "./pkce.js";
export { hasAccess, parseScope, Principal } from "./principal.js";
export { Authenticator, AuthError, extractBearerToken, tokenFromRequest } from "./authenticator.js";
export { TokenIssuer } from "./issuer.js";
export { MemoryRevocationStore, KvRevocationStore, RedisRevocationStore } from "./revocation.js";
export { hashPassword, verifyPassword, needsRehash, DEFAULT_PASSWORD_PARAMS } from "./password.js";
export { OAuthClient } from "./oauth.js";
export { Session, TokenSet } from "./session.js";
export { BrowserSession } from "./browser-session.js";
export { generateDelegationKeys, DelegationClient, DelegationServer } from "./delegation.js";
export { MemoryReplayStore, KvReplayStore } from "./replay.js";
