// The browser login entry (edgeauth/login): the OAuth 2.0 / OIDC client,
// sessions, PKCE and ID-token verification, over the login wasm module (no
// resource-server cache, issuing, passwords, delegation, or Ed25519 in wasm).
// Built from the same sources as index.js by scripts/build-entries.mjs.

export * from "./errors.js";
export { verifyJwt, decodeJwt, decodeProtectedHeader } from "./jose.js";
export { RemoteJwks, createRemoteJwks } from "./remote.js";
export { createPkce, pkceChallenge, randomSecret } from "./pkce.js";
export { OAuthClient } from "./oauth.js";
export { OAuthZones } from "./oauth-zones.js";
export { DpopKey, generateDpopKey, createDpopProof } from "./dpop.js";
export { Session, TokenSet } from "./session.js";
export { BrowserSession } from "./browser-session.js";
