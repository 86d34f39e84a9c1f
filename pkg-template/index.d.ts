// Types for every export of edgeauth (the full entry). edge.d.ts, login.d.ts and
// errors.d.ts re-export the subsets of the other entries.

export type Jwk = {
  kty: "oct" | "RSA" | "EC" | "OKP" | string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [member: string]: unknown;
};
export type JwkSet = { keys: Jwk[] };
export type JwtPayload = {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
};
export type ProtectedHeader = { alg: string; kid?: string; typ?: string; [member: string]: unknown };

export type Algorithm = "HS256" | "HS384" | "HS512" | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "EdDSA" | "Ed25519";

/** A duration in seconds, or text such as "2h", "30 min", "7 days". */
export type Span = number | string;

export interface VerifyOptions {
  /** Allowed `alg` values; default: any this library supports that fits the key. */
  algorithms?: Algorithm[];
  issuer?: string | string[];
  audience?: string | string[];
  subject?: string;
  /** Expected `typ` header (compared case-insensitively, `application/` optional). */
  typ?: string;
  requiredClaims?: string[];
  maxTokenAge?: Span;
  /** Allowed clock skew; default 30 seconds. */
  clockTolerance?: Span;
  currentDate?: Date;
  nonce?: string;
  /** Longest accepted token in bytes; default 16384. */
  maxTokenSize?: number;
}

export interface VerifyResult<P = JwtPayload> {
  payload: P;
  protectedHeader: ProtectedHeader;
}

export function verifyJwt<P = JwtPayload>(token: string, key: Jwk | JwkSet | RemoteJwks | Uint8Array, options?: VerifyOptions): Promise<VerifyResult<P>>;
export function signJwt(payload: JwtPayload, privateKey: Jwk | Uint8Array, options: { alg: Algorithm; kid?: string; typ?: string }): Promise<string>;
/** Not verified. */
export function decodeJwt<P = JwtPayload>(token: string): P;
/** Not verified. */
export function decodeProtectedHeader(token: string): ProtectedHeader;
export function generateKeyPair(alg: "EdDSA" | "Ed25519" | "ES256" | "ES384" | "RS256" | "PS256"): Promise<{ privateJwk: Jwk; publicJwk: Jwk }>;
/** RFC 7638, SHA-256, base64url. */
export function jwkThumbprint(jwk: Jwk): string;

export interface RemoteJwksOptions {
  fetch?: typeof globalThis.fetch;
  /** Minimum seconds between refetches caused by an unknown `kid`; default 30. */
  cooldownSeconds?: number;
  /** Seconds after which the set is refetched before use; default 600. */
  maxAgeSeconds?: number;
  /** Default 5000. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** A Workers KV namespace shared by every isolate: a newer copy there is used before fetching, and every fetched set is written back. */
  kv?: { get(key: string, type: "json"): Promise<unknown>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<unknown> };
  /** Runs the KV write after the response, e.g. `(p) => ctx.waitUntil(p)` or `waitUntil` from "cloudflare:workers"; without it the write is awaited. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Default `edgeauth:jwks:<url>`. */
  kvKey?: string;
  /** Expiry of the KV copy; default 86400, at least 60. */
  kvTtlSeconds?: number;
}
export interface RemoteJwksState {
  url: string;
  jwks: JwkSet;
  fetchedAt: number;
}
export class RemoteJwks {
  private constructor();
  readonly url: string;
  reload(): Promise<void>;
  export(): RemoteJwksState | undefined;
  static import(state: RemoteJwksState, options?: RemoteJwksOptions): RemoteJwks;
}
export function createRemoteJwks(url: string | URL, options?: RemoteJwksOptions): RemoteJwks;

export function createPkce(): { codeVerifier: string; codeChallenge: string; codeChallengeMethod: "S256" };
export function pkceChallenge(codeVerifier: string): string;
/** 256 random bits, base64url. */
export function randomSecret(): string;

export class EdgeAuthError extends Error {
  static readonly code: string;
  readonly code: string;
  readonly retriable: boolean;
}
export class JwsInvalidError extends EdgeAuthError {}
export class JwsSignatureInvalidError extends EdgeAuthError {}
export class AlgNotAllowedError extends EdgeAuthError {}
export class NotSupportedError extends EdgeAuthError {}
export class JwkInvalidError extends EdgeAuthError {}
export class JwksNoMatchingKeyError extends EdgeAuthError {}
export class JwtClaimInvalidError extends EdgeAuthError {
  readonly claim: string;
}
export class JwtExpiredError extends JwtClaimInvalidError {}
export class JwtNotYetValidError extends JwtClaimInvalidError {}
export class ConfigError extends EdgeAuthError {}
export class HttpError extends EdgeAuthError {
  readonly status: number;
  readonly body: string;
}
export class NetworkError extends EdgeAuthError {}
export class TimeoutError extends EdgeAuthError {}

// Scopes and principals (resource:action, resource.sub:action, *, **)
export function hasAccess(scopes: string[], action: string, resource: string): boolean;
export function parseScope(scope: string): { resource: string; action: string };
export interface Organization {
  id: string;
  title?: string;
  scopes: string[];
  joinedAt?: number | string;
}
export class Principal {
  private constructor();
  static fromClaims(claims: JwtPayload): Principal;
  readonly id: string;
  readonly type: "user" | "personal_token" | "api_key" | "agent";
  readonly email?: string;
  readonly scopes: readonly string[];
  readonly organizations: readonly Organization[];
  readonly claims: JwtPayload;
  hasAccess(action: string, resource: string): boolean;
  hasAccessIn(orgId: string, action: string, resource: string): boolean;
  isOwnerOf(orgId: string): boolean;
  isAdminOf(orgId: string): boolean;
  isMemberOf(orgId: string): boolean;
  scopesFor(orgId: string): string[];
}

// Resource server
export interface AuthenticatorOptions {
  issuer?: string;
  /** Default: `resource` (RFC 8707 §2). */
  audience?: string | string[];
  /** This resource's identifier (an https URL, RFC 9728 §1.2): publishes its metadata and names it in every challenge. */
  resource?: string;
  /** More RFC 9728 §2 members of the document (`scopes_supported`, `resource_name`, `authorization_servers` (default: [issuer]), ...). */
  resourceMetadata?: ProtectedResourceMetadata;
  /** A JWKS URL, a JWK Set, or a RemoteJwks. */
  jwks?: string | JwkSet | RemoteJwks;
  /** Validate opaque tokens by RFC 7662 introspection, authenticated as this client. */
  introspection?: { introspect(token: string, options?: { tokenTypeHint?: string }): Promise<{ active: boolean; [claim: string]: unknown }> };
  /** Validate tokens this service issued itself. */
  tokens?: { verifyAccess(token: string): Promise<JwtPayload> };
  algorithms?: Algorithm[];
  cookieName?: string;
  realm?: string;
  /** Default 30. */
  cacheTtlSeconds?: number;
  /** Default 5. */
  negativeCacheTtlSeconds?: number;
  /** Default 1024. */
  cacheMaxEntries?: number;
  clockTolerance?: Span;
  fetch?: typeof globalThis.fetch;
  /**
   * Accept DPoP-bound tokens (RFC 9449) with `Authorization: DPoP` and a
   * proof. Off by default; DPoP-bound tokens are refused as Bearer either way.
   */
  dpop?: boolean | AuthenticatorDpopOptions;
}
export interface DpopProofPolicy {
  /** Asymmetric algorithms accepted for proofs; default ES256 ES384 EdDSA PS256 PS384 PS512 RS256 RS384 RS512. */
  algorithms?: Algorithm[];
  /** Default 60. */
  maxAgeSeconds?: number;
  /** Default 30 (either way). */
  clockTolerance?: number;
  /** Default 8192. */
  maxProofSize?: number;
}
export interface AuthenticatorDpopOptions extends DpopProofPolicy {
  /** Refuse Bearer tokens; default false. */
  required?: boolean;
  /** The URL the client addressed (`htu`), default `request.url`. */
  requestUrl?: (request: Request) => string;
  /** Proof `jti`s; default a MemoryReplayStore per Authenticator. */
  replayStore?: ReplayStore | null;
  /** Require this server's nonces (RFC 9449 §9); at least 32 bytes. */
  nonceSecret?: string | Uint8Array;
}
/** An RFC 9728 §2 protected resource metadata document. */
export interface ProtectedResourceMetadata {
  resource?: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: ("header" | "body" | "query")[];
  resource_name?: string;
  resource_documentation?: string;
  resource_policy_uri?: string;
  resource_tos_uri?: string;
  jwks_uri?: string;
  [member: string]: unknown;
}
/** What a request needs to be authenticated (a Request, or any object with these). */
export type RequestLike = Request | { url?: string; method?: string; headers: { get(name: string): string | null | undefined } };
export class Authenticator {
  constructor(options: AuthenticatorOptions);
  readonly cacheSize: number;
  /** The RFC 9728 document, with `resource`. */
  readonly resourceMetadata: ProtectedResourceMetadata | undefined;
  /** Its URL (RFC 9728 §3.1), named by `resource_metadata` in every challenge. */
  readonly resourceMetadataUrl: string | undefined;
  /** The answer to a GET/HEAD/OPTIONS of the document's paths, else null. */
  metadataResponse(request: RequestLike): Response | null;
  authenticate(request: RequestLike): Promise<Principal>;
  authenticateOptional(request: RequestLike): Promise<Principal | null>;
  requireScopes(request: RequestLike, ...scopes: string[]): Promise<Principal>;
  requirePermission(request: RequestLike, action: string, resource: string): Promise<Principal>;
  /** `principal`, if it holds `scopes` (in `organization`) and the organization `role`; else AuthError 403. */
  authorize(principal: Principal, requirement?: { scopes?: string[]; organization?: string; role?: "member" | "admin" | "owner" }): Principal;
}
export class AuthError extends EdgeAuthError {
  readonly status: 400 | 401 | 403 | 502;
  readonly wwwAuthenticate?: string;
  /** With `use_dpop_nonce`: the nonce to send as `DPoP-Nonce` (toResponse does). */
  readonly dpopNonce?: string;
  toResponse(): Response;
}

// DPoP (RFC 9449)
export type DpopAlgorithm = "ES256" | "ES384" | "EdDSA" | "RS256" | "PS256";
/** A client's DPoP key pair; the private key is a non-extractable CryptoKey. */
export class DpopKey {
  private constructor();
  readonly alg: DpopAlgorithm | "RS384" | "RS512" | "PS384" | "PS512";
  readonly publicJwk: Jwk;
  /** RFC 7638 thumbprint (`cnf.jkt`, `dpop_jkt`). */
  readonly jkt: string;
  /** To keep in IndexedDB; restore with DpopKey.fromKeyPair. */
  readonly keyPair: CryptoKeyPair;
  static fromKeyPair(keyPair: CryptoKeyPair): Promise<DpopKey>;
  static fromJwk(privateJwk: Jwk): Promise<DpopKey>;
}
/** Default ES256. */
export function generateDpopKey(alg?: DpopAlgorithm): Promise<DpopKey>;
export function createDpopProof(key: DpopKey, options: { method: string; url: string | URL; accessToken?: string; nonce?: string }): Promise<string>;
export interface VerifyDpopProofOptions extends DpopProofPolicy {
  method: string;
  url: string | URL;
  /** The access token the proof came with (checks `ath`). */
  accessToken?: string;
  /** The thumbprint the access token is bound to (`cnf.jkt`). */
  jkt?: string;
  /** The nonce the proof must carry. */
  nonce?: string;
  /** Default: one in-process MemoryReplayStore; null: no `jti` check. */
  replayStore?: ReplayStore | null;
  currentDate?: Date;
}
export interface DpopProof {
  jkt: string;
  jti: string;
  iat: number;
  header: Record<string, any>;
  payload: Record<string, any>;
}
export function verifyDpopProof(proof: string, options: VerifyDpopProofOptions): Promise<DpopProof>;
export type DpopProofCheck = "missing" | "header" | "size" | "syntax" | "typ" | "alg" | "jwk" | "signature" | "jti" | "htm" | "htu" | "iat" | "ath" | "nonce" | "replay";
export class DpopProofError extends EdgeAuthError {
  readonly check: DpopProofCheck;
}
export class DpopBindingError extends EdgeAuthError {
  readonly check: "jkt" | "scheme" | "cnf";
}
export class DpopNonceError extends EdgeAuthError {}
export function extractBearerToken(headerValue: string | null | undefined): string | null;
export function tokenFromRequest(request: Request, options?: { cookieName?: string }): string | null;

// Issuing your own tokens
export interface RevocationStore {
  has(jti: string): Promise<boolean>;
  /** `expiresAt`: epoch seconds after which the entry may be forgotten. */
  add(jti: string, expiresAt: number): Promise<void>;
  /**
   * Record `jti` unless already recorded (by `add` or `consume`) and
   * unexpired, as ONE atomic step of the backend; resolves true only for the
   * call that recorded it. Needed by `rotateRefresh`.
   */
  consume?(jti: string, expiresAt: number): Promise<boolean>;
}
export class MemoryRevocationStore implements RevocationStore {
  constructor(options?: { maxEntries?: number });
  readonly size: number;
  has(jti: string): Promise<boolean>;
  add(jti: string, expiresAt: number): Promise<void>;
  consume(jti: string, expiresAt: number): Promise<boolean>;
}
export class KvRevocationStore implements RevocationStore {
  constructor(namespace: { get(key: string): Promise<string | null>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> }, options?: { prefix?: string });
  has(jti: string): Promise<boolean>;
  add(jti: string, expiresAt: number): Promise<void>;
  /** Always rejects with ConfigError: KV cannot spend a token exactly once (use DurableObjectRevocationStore). */
  consume(jti: string, expiresAt: number): Promise<never>;
}
export class RedisRevocationStore implements RevocationStore {
  constructor(client: { set(key: string, value: string, options: { EX: number; NX?: boolean }): Promise<unknown>; exists(key: string): Promise<number> }, options?: { prefix?: string });
  has(jti: string): Promise<boolean>;
  add(jti: string, expiresAt: number): Promise<void>;
  /** `SET key 1 NX EX ttl`. */
  consume(jti: string, expiresAt: number): Promise<boolean>;
}
/** A Workers Durable Object namespace binding (of EdgeAuthDurableObject). */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: any): { fetch(input: string, init?: RequestInit): Promise<Response> };
}
/** The Durable Object class behind the DurableObject stores: export it from your Worker and bind it. */
export class EdgeAuthDurableObject {
  constructor(state: { storage: any }, env?: unknown);
  fetch(request: Request): Promise<Response>;
}
export class DurableObjectRevocationStore implements RevocationStore {
  /** `name`: the object's name (default "edgeauth"); `prefix`: key prefix (default "revoked:"). */
  constructor(namespace: DurableObjectNamespaceLike, options?: { name?: string; prefix?: string });
  has(jti: string): Promise<boolean>;
  add(jti: string, expiresAt: number): Promise<void>;
  consume(jti: string, expiresAt: number): Promise<boolean>;
}
export interface TokenIssuerOptions {
  /** HMAC secret (at least as long as the hash: 32 bytes for HS256). */
  secret?: string | Uint8Array;
  /** Or a private JWK (EdDSA, ES256, RS256, ...). */
  privateJwk?: Jwk;
  /** Default HS256 with a secret, the JWK's alg otherwise. */
  algorithm?: Algorithm;
  issuer?: string;
  audience?: string;
  /** Default 900. */
  accessTtlSeconds?: number;
  /** Default 2592000 (30 days). */
  refreshTtlSeconds?: number;
  /** Default: a MemoryRevocationStore. */
  revocation?: RevocationStore;
}
export class TokenIssuer {
  constructor(options: TokenIssuerOptions);
  issueAccess(sub: string, claims?: Record<string, unknown>): Promise<string>;
  issueRefresh(sub: string, claims?: Record<string, unknown>): Promise<string>;
  verifyAccess(token: string): Promise<JwtPayload>;
  verifyRefresh(token: string): Promise<JwtPayload>;
  revokeRefresh(token: string): Promise<void>;
  rotateRefresh(token: string): Promise<{ accessToken: string; refreshToken: string }>;
  jwks(): JwkSet;
}
export interface PasswordParams {
  memoryKib?: number;
  iterations?: number;
  parallelism?: number;
}
export const DEFAULT_PASSWORD_PARAMS: Readonly<Required<PasswordParams>>;
export function hashPassword(password: string | Uint8Array, params?: PasswordParams): Promise<string>;
export function verifyPassword(password: string | Uint8Array, hash: string): Promise<boolean>;
export function needsRehash(hash: string, params?: PasswordParams): boolean;
export class TokenRevokedError extends EdgeAuthError {}
export class TokenInactiveError extends EdgeAuthError {}
export class RefreshTokenReuseError extends EdgeAuthError {}
// ---- OAuth 2.0 / OpenID Connect client ----

export type ClientAuth = "none" | "client_secret_basic" | "client_secret_post" | "private_key_jwt";
/** Metadata member names that `endpoints` may override. */
export type EndpointName = "authorization_endpoint" | "token_endpoint" | "userinfo_endpoint" | "jwks_uri" | "registration_endpoint" | "introspection_endpoint" | "revocation_endpoint" | "end_session_endpoint" | "pushed_authorization_request_endpoint";

export interface TransportOptions {
  fetch?: typeof globalThis.fetch;
  /** Per attempt; default 5000. */
  timeoutMs?: number;
  /** Retries of network errors, timeouts, 429 and 5xx; default 2. */
  maxRetries?: number;
  headers?: Record<string, string>;
}
export interface OAuthClientOptions extends TransportOptions {
  clientId: string;
  clientSecret?: string;
  redirectUri?: string;
  /** Default: private_key_jwt with privateJwk, client_secret_basic with clientSecret, else none. */
  clientAuth?: ClientAuth;
  /** A private JWK with `alg` (EdDSA, ES256, RS256, ...) and optionally `kid`. */
  privateJwk?: Jwk;
  /** Bind tokens to this key (RFC 9449): proofs on token, PAR and userinfo requests, `dpop_jkt`, DPoP-bound tokens only. */
  dpop?: DpopKey;
  endpoints?: Partial<Record<EndpointName, string>>;
  /** An RFC 8707 resource indicator sent with authorization, code, refresh and client credentials requests. */
  resource?: string;
  /** The scope of authorization requests that name none (default "openid"). */
  scope?: string;
}
export interface ResourceClientOptions extends Omit<OAuthClientOptions, "clientId" | "resource"> {
  /** Without one, a client is registered (RFC 7591) for `redirectUri`: see `registration`. */
  clientId?: string;
  /** The WWW-Authenticate header of a 401 already received from the resource (skips asking it). */
  wwwAuthenticate?: string;
  /** One of the resource's `authorization_servers`; default the first. */
  authorizationServer?: string;
  /** RFC 7591 members over the defaults (redirect_uris, grant_types, response_types, token_endpoint_auth_method "none", scope). */
  clientMetadata?: Record<string, unknown>;
  initialAccessToken?: string;
}
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce?: string;
  codeVerifier: string;
}
export class TokenSet {
  constructor(fields: Partial<TokenSet> & { accessToken: string });
  accessToken: string;
  /** "Bearer", or "DPoP" for a client with a DPoP key. */
  tokenType: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
  /** The validated ID token payload. */
  claims?: JwtPayload;
  /** RFC 8693 token exchange only. */
  issuedTokenType?: string;
  readonly expiresIn: number | undefined;
  isExpired(bufferSeconds?: number): boolean;
}
export interface SessionOptions {
  onRefresh?: (tokens: TokenSet) => void | Promise<void>;
  onRefreshError?: (error: unknown) => void | Promise<void>;
  /** Refresh this many seconds before expiry; default 60. */
  refreshBufferSeconds?: number;
}
export class Session {
  private constructor();
  readonly tokens: TokenSet;
  readonly expiresAt: number | undefined;
  readonly expiresIn: number | undefined;
  readonly refreshBufferSeconds: number;
  isExpired(bufferSeconds?: number): boolean;
  /** Refreshes first when needed; concurrent calls share one refresh (not across requests on Workers). */
  accessToken(): Promise<string>;
  refresh(): Promise<TokenSet>;
  /** `fetch` with the (refreshed) access token; see OAuthClient.fetchProtected. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
}
export interface BrowserSessionChange {
  /** Where the new state was obtained. */
  from: "this tab" | "another tab";
  /** How: a sign-in, a refresh, a sign-out, or the provider ended the session (invalid_grant on refresh). */
  reason: "signed-in" | "refreshed" | "signed-out" | "ended";
}
export interface BrowserSessionOptions {
  /** Scope of the sign-in; default "openid". */
  scope?: string;
  /** Extra authorization request parameters of every sign-in (`resource`, `audience`, ...). */
  authorizationParams?: Record<string, string | string[]>;
  /** Push the authorization request first (RFC 9126); default false. */
  usePar?: boolean;
  /** BroadcastChannel and Web Lock name: tabs with the same name share one sign-in; default "edgeauth". */
  name?: string;
  /** Refresh this many seconds before expiry, at most half the tokens' lifetime; default 60. */
  refreshBufferSeconds?: number;
  /** start() in a tab that finds no other tab tries the provider's session once with prompt=none (a redirect); default true. */
  silentSignIn?: boolean;
  /** How long to wait for the other tabs' answers, in ms; default 250. */
  answerTimeoutMs?: number;
  /** Called whenever the tokens change, in this tab or from another one; null when signed out. */
  onChange?: (tokens: TokenSet | null, change: BrowserSessionChange) => void;
  /** An automatic refresh failed (a RefreshError); default: reported with reportError(). */
  onRefreshError?: (error: unknown) => void;
  /** Where the sign-in in flight (state, nonce, PKCE verifier) waits for the answer; default sessionStorage. */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
  /** A Web Locks LockManager; default navigator.locks (secure contexts only). */
  locks?: { request<T>(name: string, callback: () => T | PromiseLike<T>): Promise<T> };
}
/** One sign-in shared by every tab of the origin; tokens only in memory (see README "Browser sessions"). */
export class BrowserSession {
  constructor(client: OAuthClient, options?: BrowserSessionOptions);
  /** The tokens every tab shares, or null when signed out. */
  readonly tokens: TokenSet | null;
  readonly expiresAt: number | undefined;
  readonly expiresIn: number | undefined;
  /**
   * Finish a sign-in whose answer is in the address bar, else take another tab's tokens, else try
   * prompt=none once per tab (navigates away; never settles). Null when not signed in.
   */
  start(): Promise<TokenSet | null>;
  /** Navigate to the provider to sign in; never settles. */
  signIn(options?: { scope?: string; extraParams?: Record<string, string | string[]>; usePar?: boolean }): Promise<never>;
  /** Refreshes first (across tabs) when expiring within the buffer; NotSignedInError when signed out. */
  accessToken(): Promise<string>;
  /** One refresh for all tabs under a Web Lock; RefreshError on failure (invalid_grant signs every tab out). */
  refresh(): Promise<TokenSet>;
  /**
   * Drop the tokens in every tab, revoke the refresh token, then (endSession, default true) follow the
   * provider's end_session_endpoint, if it has one, to postLogoutRedirectUri: that never settles.
   */
  signOut(options?: { endSession?: boolean; postLogoutRedirectUri?: string; revoke?: boolean }): Promise<void>;
  /** Stop listening to the other tabs and stop refreshing. */
  close(): void;
}
export type TokenTypeName = "access_token" | "refresh_token" | "id_token" | "saml1" | "saml2" | "jwt" | string;
export class OAuthClient {
  private constructor();
  static discover(issuer: string, options: OAuthClientOptions): Promise<OAuthClient>;
  /** The client of the authorization server protecting `url` (RFC 9728 discovery), bound to that resource (RFC 8707). */
  static forResource(url: string, options?: ResourceClientOptions): Promise<OAuthClient>;
  readonly resource: string | undefined;
  /** forResource only. */
  readonly resourceMetadata: ProtectedResourceMetadata | undefined;
  /** The RFC 7591 answer when forResource registered the client (with its client_secret, if any). */
  readonly registration: Record<string, any> | undefined;
  /** RFC 7591; returns the registration response (client_id, client_secret, ...). */
  static register(issuer: string, clientMetadata: Record<string, unknown>, options?: TransportOptions & { initialAccessToken?: string; endpoints?: OAuthClientOptions["endpoints"] }): Promise<Record<string, any>>;
  readonly metadata: Record<string, any>;
  readonly dpopKey: DpopKey | undefined;
  authorizationUrl(options?: { scope?: string; state?: string; nonce?: string; usePar?: boolean; extraParams?: Record<string, string | string[]> }): Promise<AuthorizationRequest>;
  handleCallback(callbackUrl: string | URL, expected: { state: string; nonce?: string; codeVerifier: string }): Promise<TokenSet>;
  exchangeCode(code: string, codeVerifier: string, options?: { nonce?: string }): Promise<TokenSet>;
  refresh(refreshToken: string, options?: { expectedSubject?: string; scope?: string }): Promise<TokenSet>;
  clientCredentials(options?: { scope?: string; resource?: string | string[]; audience?: string | string[] }): Promise<TokenSet>;
  exchangeToken(options: { subjectToken: string; subjectTokenType: TokenTypeName; actorToken?: string; actorTokenType?: TokenTypeName; audience?: string | string[]; resource?: string | string[]; scope?: string; requestedTokenType?: TokenTypeName }): Promise<TokenSet>;
  introspect(token: string, options?: { tokenTypeHint?: string }): Promise<{ active: boolean; [member: string]: any }>;
  revoke(token: string, options?: { tokenTypeHint?: string }): Promise<void>;
  userinfo(accessToken: string, options?: { expectedSubject?: string }): Promise<{ sub: string; [claim: string]: any }>;
  endSessionUrl(options?: { idTokenHint?: string; postLogoutRedirectUri?: string; state?: string }): string;
  /** `fetch` to a protected resource with `accessToken`: DPoP with a proof (and one retry on `use_dpop_nonce`) for a DPoP client, else Bearer. */
  fetchProtected(accessToken: string, input: string | URL, init?: RequestInit): Promise<Response>;
  session(tokens: TokenSet | (Partial<TokenSet> & { accessToken: string }), options?: SessionOptions): Promise<Session>;
}

export class OAuthProtocolError extends EdgeAuthError {
  readonly error: string;
  readonly errorDescription: string | null;
  readonly errorUri: string | null;
  /** HTTP status; 0 for an error on the authorization callback. */
  readonly status: number;
}
export class LoginRequiredError extends OAuthProtocolError {}
export class ConsentRequiredError extends OAuthProtocolError {}
export class InteractionRequiredError extends OAuthProtocolError {}
export class InvalidGrantError extends OAuthProtocolError {}
export class OAuthInvalidResponseError extends EdgeAuthError {
  /** What failed: state, iss, issuer, token_type, access_token, code, ... */
  readonly check: string;
}
export class SubjectMismatchError extends EdgeAuthError {}
export class RefreshError extends EdgeAuthError {}
export class NotSignedInError extends EdgeAuthError {}

// Delegation envelope (docs/delegation.md)

/** `{ secretKey: "edg_sk_v1_…", publicKey: "edg_pk_v1_…" }`; call inside a handler on Workers. */
export function generateDelegationKeys(): { secretKey: string; publicKey: string };

export interface DelegationClientOptions {
  /** `https:` (or `http:` on loopback) origin and optional base path of the server. */
  baseUrl: string | URL;
  tenantId: string;
  /** This tenant's `edg_sk_v1_…` key. */
  secretKey: string;
  /** The server's `edg_pk_v1_…` key. */
  serverPublicKey: string;
  fetch?: typeof fetch;
  /** Default "/v1": management calls go to `{apiPrefix}/management/{path}`. */
  apiPrefix?: string;
  /** Allowed difference between the response's timestamp and this clock; default 300. */
  clockSkewSeconds?: number;
  headers?: Record<string, string>;
  /** Default 5000. */
  timeoutMs?: number;
  /** Unix seconds; default the system clock (tests inject one). */
  now?: () => number;
}
export interface DelegationBindingInfo {
  method: string;
  path: string;
  requestId: string;
  timestamp: number;
}
export interface SealedDelegationRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  binding: DelegationBindingInfo;
}
export type StepUpPurpose = "change_mfa_method" | "change_phone_number";
export type MfaMethod = "email_otp" | "sms_otp" | "totp";
export class DelegationClient {
  constructor(options: DelegationClientOptions);
  readonly tenantId: string;
  /** POST `body` to `{apiPrefix}/management/{path}`; resolves to the opened JSON answer. */
  management<T = unknown>(path: string, body: Record<string, unknown>): Promise<T>;
  startStepUp(options: { userId: string; purpose: StepUpPurpose; newMfaMethod?: MfaMethod; newPhoneNumber?: string }): Promise<{ startToken: string; expiresIn: number }>;
  consumeStepUp<T = unknown>(receipt: string): Promise<T>;
  /** Seal a call for your own transport; open its answer with `open(response, sealed.binding)`. */
  seal(path: string, body: unknown, options?: { method?: string }): SealedDelegationRequest;
  open<T = unknown>(response: Response | { status: number; headers: Headers | Record<string, string>; body: Uint8Array }, binding: DelegationBindingInfo): Promise<T>;
}

/** Records request ids; `add` resolves false when `key` was recorded before and has not expired. */
export interface ReplayStore {
  add(key: string, expiresAt: number, now?: number): Promise<boolean>;
}
export class MemoryReplayStore implements ReplayStore {
  add(key: string, expiresAt: number, now?: number): Promise<boolean>;
  readonly size: number;
}
/** Over Workers KV, or a Durable Object's `state.storage`. */
export class KvReplayStore implements ReplayStore {
  constructor(kv: { get(key: string): Promise<unknown>; put(key: string, value: string, options: { expirationTtl: number }): Promise<unknown> }, options?: { prefix?: string });
  add(key: string, expiresAt: number, now?: number): Promise<boolean>;
}
/** Over an EdgeAuthDurableObject (from any Worker): atomic across locations. */
export class DurableObjectReplayStore implements ReplayStore {
  /** `name`: the object's name (default "edgeauth"); `prefix`: key prefix (default "replay:"). */
  constructor(namespace: DurableObjectNamespaceLike, options?: { name?: string; prefix?: string });
  add(key: string, expiresAt: number, now?: number): Promise<boolean>;
}

export interface DelegationServerOptions {
  /** The server's `edg_sk_v1_…` key. */
  secretKey: string;
  /** The tenant's `edg_pk_v1_…` key, or null when the tenant is unknown. */
  clientPublicKey: (tenantId: string) => Promise<string | null> | string | null;
  /** Default 300. */
  replayWindowSeconds?: number;
  /** Default a MemoryReplayStore. */
  replayStore?: ReplayStore;
  now?: () => number;
}
export interface OpenedDelegationRequest<B = any> {
  tenantId: string;
  requestId: string;
  body: B;
  /** Seal `body` to the tenant, bound to this request. */
  reply(body: unknown, init?: { status?: number; headers?: HeadersInit }): Promise<Response>;
}
export class DelegationServer {
  constructor(options: DelegationServerOptions);
  /** This server's `edg_pk_v1_…` key. */
  readonly publicKey: string;
  /** Throws DelegationRequestError (answer with its `status` and `body`) when the request must be refused. */
  openRequest<B = any>(request: Request): Promise<OpenedDelegationRequest<B>>;
}

export class DelegationCryptoError extends EdgeAuthError {}
export class DelegationRequestError extends EdgeAuthError {
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly body: string;
  /** On the server: why the request was refused (malformed, unknown_tenant, signature, timestamp, decrypt, body, replay). */
  readonly reason?: string;
}
export class DelegationResponseError extends EdgeAuthError {}
