// The API's refusals at the type level: each `@ts-expect-error` line must be
// an error (tsc fails the test when it is not), and each line without one
// must compile. Checked by tests/js/types.test.mjs under moduleResolution
// node16 and bundler against the installed package.
import {
  verifyJwt, signJwt, jwkThumbprint, generateKeyPair, createRemoteJwks, RemoteJwks, OAuthClient, Principal,
  Authenticator, TokenIssuer, AuthError, EdgeAuthError, JwtClaimInvalidError, TokenSet, generateDpopKey,
  DelegationClient, BrowserSession, MemoryRevocationStore, KvRevocationStore, OAuthZones, UserBlockedError, RefreshError,
  type Jwk, type JwkSet, type VerifyOptions, type RevocationStore,
} from "edgeauth";
import { verifyJwt as edgeVerify, Authenticator as EdgeAuthenticator } from "edgeauth/edge";
import { OAuthClient as LoginClient } from "edgeauth/login";
import { ConfigError } from "edgeauth/errors";

declare const jwk: Jwk;
declare const jwks: JwkSet;
declare const token: string;

// One JWK where one is required: a JWK Set is refused.
await signJwt({ sub: "a" }, jwk, { alg: "EdDSA" });
// @ts-expect-error a JWK Set is not a private key
await signJwt({ sub: "a" }, jwks, { alg: "EdDSA" });
jwkThumbprint(jwk);
// @ts-expect-error jwkThumbprint takes one JWK, not a set
jwkThumbprint(jwks);

// Algorithm names are a closed list.
await verifyJwt(token, jwks, { algorithms: ["ES256", "EdDSA"] });
// @ts-expect-error "HS257" is no algorithm
await verifyJwt(token, jwks, { algorithms: ["HS257"] });
// @ts-expect-error "none" is never an algorithm
await signJwt({}, jwk, { alg: "none" });
// @ts-expect-error generateKeyPair makes no HMAC keys
await generateKeyPair("HS256");
// @ts-expect-error signJwt needs { alg }
await signJwt({}, jwk, {});

// Option names and types are checked.
// @ts-expect-error clockTolerence is misspelled
const misspelled: VerifyOptions = { clockTolerence: 30 };
// @ts-expect-error audience is text
await verifyJwt(token, jwks, { audience: 42 });
// The key of verifyJwt: a JWK, a set, a RemoteJwks, bytes or PEM text (a
// string: a URL string is refused at run time, ERR_CONFIG naming createRemoteJwks).
await verifyJwt(token, createRemoteJwks("https://issuer.example/jwks"));
await verifyJwt(token, new Uint8Array(32));
await verifyJwt(token, "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----", { algorithms: ["ES256"] });
// @ts-expect-error a URL must go through createRemoteJwks
await verifyJwt(token, new URL("https://issuer.example/jwks"));

// The payload's type is the caller's to declare.
const { payload } = await verifyJwt<{ sub: string; scope: string }>(token, jwks);
payload.scope.split(" ");

// Classes made by factories cannot be constructed.
// @ts-expect-error OAuthClient.discover makes clients
new OAuthClient();
// @ts-expect-error Principal.fromClaims makes principals
new Principal();
const client = await OAuthClient.discover("https://op.example", { clientId: "app" });
// @ts-expect-error a clientId, or a redirectUri to register a client for
await OAuthClient.discover("https://op.example", {});
await OAuthClient.discover("https://op.example", { redirectUri: "https://app.example/cb", onRegistered: async (r) => void r.client_id });
await OAuthClient.discover("https://op.example", { clientId: "app", errorClasses: { account_suspended: UserBlockedError } });
// @ts-expect-error errorClasses maps to OAuthProtocolError and its subclasses
await OAuthClient.discover("https://op.example", { clientId: "app", errorClasses: { account_suspended: RefreshError } });
const zones = new OAuthZones({ production: { issuer: "https://op.example", clientId: "app" } });
const headers: { authorization: string } = await zones.authorizationHeaders("production", { scope: "read" });
// @ts-expect-error every zone names its issuer
new OAuthZones({ production: { clientId: "app" } });
// @ts-expect-error clientAuth is one of four methods
await OAuthClient.discover("https://op.example", { clientId: "app", clientAuth: "client_secret_jwt" });
// @ts-expect-error handleCallback needs the codeVerifier that authorizationUrl returned
await client.handleCallback("https://app.example/cb?code=x&state=y", { state: "y" });
new RemoteJwks("https://issuer.example/jwks");

// A TokenSet needs an access token.
// @ts-expect-error
new TokenSet({ tokenType: "Bearer" });

// Authenticator: options are typed; the answer is a Principal.
const auth = new Authenticator({ issuer: "https://issuer.example", audience: "api", jwks: "https://issuer.example/jwks" });
const principal: Principal = await auth.requireScopes(new Request("https://api.example/"), "notes:read");
principal.hasAccess("read", "notes");
// @ts-expect-error dpop is a boolean or options
new Authenticator({ jwks, dpop: "yes" });
// @ts-expect-error requireScopes takes scopes as strings
await auth.requireScopes(new Request("https://api.example/"), ["notes:read"]);
new Authenticator({ userinfo: { url: "https://issuer.example/userinfo", toPrincipal: (answer) => (typeof answer.id === "number" ? { sub: String(answer.id) } : null) } });
// @ts-expect-error toPrincipal maps the answer with a function
new Authenticator({ userinfo: { url: "https://issuer.example/userinfo", toPrincipal: "sub" } });
// @ts-expect-error toPrincipal returns a Principal, claims or null, not a string
new Authenticator({ userinfo: { url: "https://issuer.example/userinfo", toPrincipal: (answer) => String(answer.sub) } });

// Stores: a RevocationStore needs has and add; KV cannot consume.
const store: RevocationStore = new MemoryRevocationStore();
new TokenIssuer({ secret: "x".repeat(32), revocation: store });
// @ts-expect-error a revocation store needs has() and add()
new TokenIssuer({ secret: "x".repeat(32), revocation: {} });
declare const kv: KvNamespaceLike;
interface KvNamespaceLike { get(key: string): Promise<string | null>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> }
const never: Promise<never> = new KvRevocationStore(kv).consume();

// DPoP keys: the algorithms WebCrypto makes non-extractable keys for.
await generateDpopKey("ES256");
// @ts-expect-error no HMAC DPoP keys
await generateDpopKey("HS256");

// Delegation: step-up purposes are a closed list.
const delegation = new DelegationClient({ baseUrl: "https://auth.example", tenantId: "acme", secretKey: "edg_sk_v1_x", serverPublicKey: "edg_pk_v1_x" });
// @ts-expect-error purpose is change_mfa_method or change_phone_number
await delegation.startStepUp({ userId: "u", purpose: "change_password" });

// BrowserSession takes an OAuthClient.
new BrowserSession(client, { scope: "openid" });
// @ts-expect-error not a client
new BrowserSession({}, {});

// Errors: the fields of each class are typed.
try {
  await verifyJwt(token, jwks);
} catch (e) {
  if (e instanceof JwtClaimInvalidError) e.claim.toUpperCase();
  if (e instanceof AuthError) e.toResponse().headers.get("www-authenticate");
  if (e instanceof EdgeAuthError) {
    const code: string = e.code;
    const retriable: boolean = e.retriable;
    // @ts-expect-error code is read-only text, not a number
    const n: number = e.code;
  }
}

// The lean entries share the types of the full one.
await edgeVerify(token, jwks);
new EdgeAuthenticator({ issuer: "https://issuer.example", audience: "api", jwks });
// @ts-expect-error edgeauth/edge has no OAuth client
import("edgeauth/edge").then((m) => m.OAuthClient);
await LoginClient.discover("https://op.example", { clientId: "app" });
const config: EdgeAuthError = new ConfigError("x");

export { misspelled, never, config, headers };
