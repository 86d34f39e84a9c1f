// Types of edgeauth/edge (the resource-server entry): a subset of index.d.ts.
export * from "./errors.js";
export {
  verifyJwt, signJwt, decodeJwt, decodeProtectedHeader, jwkThumbprint, generateKeyPair,
  RemoteJwks, createRemoteJwks, createPkce, pkceChallenge, randomSecret,
  hasAccess, parseScope, Principal, Authenticator, extractBearerToken, tokenFromRequest,
  TokenIssuer, MemoryRevocationStore, KvRevocationStore, RedisRevocationStore,
  EdgeAuthDurableObject, DurableObjectRevocationStore, DurableObjectReplayStore, verifyDpopProof,
  MemoryReplayStore, KvReplayStore,
} from "./index.js";
export type {
  Jwk, JwkSet, JwtPayload, ProtectedHeader, Algorithm, Span, VerifyOptions, VerifyResult, RemoteJwksOptions, RemoteJwksState,
  Organization, AuthenticatorOptions, RevocationStore, TokenIssuerOptions,
  DpopProofPolicy, AuthenticatorDpopOptions, DpopAlgorithm, VerifyDpopProofOptions, DpopProof, DpopProofCheck,
  DurableObjectNamespaceLike, ReplayStore,
} from "./index.js";
