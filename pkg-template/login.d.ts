// Types of edgeauth/login (the browser login entry): a subset of index.d.ts.
export * from "./errors.js";
export {
  verifyJwt, decodeJwt, decodeProtectedHeader, RemoteJwks, createRemoteJwks, createPkce, pkceChallenge, randomSecret,
  OAuthClient, Session, TokenSet, BrowserSession, DpopKey, generateDpopKey, createDpopProof,
} from "./index.js";
export type {
  Jwk, JwkSet, JwtPayload, ProtectedHeader, Algorithm, Span, VerifyOptions, VerifyResult, RemoteJwksOptions, RemoteJwksState,
  ClientAuth, EndpointName, TransportOptions, OAuthClientOptions, AuthorizationRequest, SessionOptions, TokenTypeName,
  BrowserSessionChange, BrowserSessionOptions, DpopAlgorithm, DpopProofCheck,
} from "./index.js";
