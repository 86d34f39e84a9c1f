// Named errors for provider answers, through the installed package against a
// real oidc-provider (tests/provider/): insufficient_scope from its userinfo
// endpoint; provider-specific `error` values (user_blocked, session_expired,
// account_linking_required, and others mapped by `errorClasses`), which
// oidc-provider cannot emit, from a fetch wrapper answering the token endpoint
// in its place (and a callback URL carrying them); a malformed ID token from
// a fetch wrapper that corrupts the provider's real token response; an
// expired session without a refresh token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  AccountLinkingRequiredError, InsufficientScopeError, JwsInvalidError, JwsSignatureInvalidError, OAuthClient, OAuthProtocolError,
  RefreshError, SessionExpiredError, TokenExpiredError, TokenParseError, TokenSet, UserBlockedError,
} from "edgeauth";
import { REDIRECT_URI, startProvider } from "../provider/provider.mjs";

let op;
before(async () => {
  op = await startProvider();
});
after(() => op.close());

const options = (extra = {}) => ({ clientId: "public-client", redirectUri: REDIRECT_URI, ...extra });

/** A fetch that answers the provider's token endpoint with `answer(response)` (response: the provider's own, or undefined when `ask` is false). */
const atToken = (answer, ask = true) => async (url, init) => {
  if (new URL(url).pathname !== "/token") return fetch(url, init);
  return answer(ask ? await fetch(url, init) : undefined);
};
const oauthError = (error, status = 400) => () => Response.json({ error, error_description: `the provider says ${error}` }, { status });

/** An authorization code of alice for `client` (scope default "openid offline_access"), and its request. */
async function code(client, scope = "openid offline_access") {
  const request = await client.authorizationUrl({ scope, extraParams: { prompt: "consent" } });
  const { callbackUrl } = await op.login(request.url);
  return { request, callbackUrl };
}

test("insufficient_scope from the provider's userinfo: InsufficientScopeError", async () => {
  const client = await OAuthClient.discover(op.issuer, options());
  const { request, callbackUrl } = await code(client, "email");
  const tokens = await client.handleCallback(callbackUrl, request);
  assert.equal(tokens.idToken, undefined, "plain OAuth 2.0: no openid scope");
  const e = await client.userinfo(tokens.accessToken).catch((x) => x);
  assert.ok(e instanceof InsufficientScopeError && e instanceof OAuthProtocolError, String(e));
  assert.deepEqual([e.name, e.code, e.error, e.status], ["InsufficientScopeError", "ERR_OAUTH_RESPONSE", "insufficient_scope", 403]);
});

test("provider-specific errors: the default classes, the same code", async () => {
  for (const [error, cls] of [["user_blocked", UserBlockedError], ["session_expired", SessionExpiredError], ["account_linking_required", AccountLinkingRequiredError]]) {
    const client = await OAuthClient.discover(op.issuer, options({ fetch: atToken(oauthError(error), false) }));
    const { request, callbackUrl } = await code(client);
    const e = await client.handleCallback(callbackUrl, request).catch((x) => x);
    assert.ok(e instanceof cls && e instanceof OAuthProtocolError, `${error}: ${e}`);
    assert.deepEqual([e.name, e.code, e.error, e.errorDescription, e.status, e.retriable], [cls.name, "ERR_OAUTH_RESPONSE", error, `the provider says ${error}`, 400, false]);
    for (const other of [UserBlockedError, SessionExpiredError, AccountLinkingRequiredError]) if (other !== cls) assert.ok(!(e instanceof other), `${error} is not a ${other.name}`);
  }
});

test("errorClasses maps more error values (and overrides the defaults), on every answer the client reads", async () => {
  const errorClasses = { account_suspended: UserBlockedError, reauth_required: SessionExpiredError, user_blocked: OAuthProtocolError };
  const answers = { "/token": "account_suspended", "/token/introspection": "reauth_required", "/token/revocation": "user_blocked", "/me": "account_suspended" };
  const fetchImpl = async (url, init) => {
    const error = answers[new URL(url).pathname];
    return error ? oauthError(error)() : fetch(url, init);
  };
  const client = await OAuthClient.discover(op.issuer, options({ errorClasses, fetch: fetchImpl }));
  const metadata = client.metadata;
  assert.deepEqual([metadata.introspection_endpoint, metadata.revocation_endpoint, metadata.userinfo_endpoint].map((u) => new URL(u).pathname), ["/token/introspection", "/token/revocation", "/me"]);
  const { request, callbackUrl } = await code(client);
  const blocked = await client.handleCallback(callbackUrl, request).catch((x) => x);
  assert.ok(blocked instanceof UserBlockedError, String(blocked));
  assert.deepEqual([blocked.error, blocked.code, blocked.status, blocked.errorDescription], ["account_suspended", "ERR_OAUTH_RESPONSE", 400, "the provider says account_suspended"]);
  assert.ok((await client.introspect("t").catch((x) => x)) instanceof SessionExpiredError);
  const plain = await client.revoke("t").catch((x) => x);
  assert.ok(plain instanceof OAuthProtocolError && !(plain instanceof UserBlockedError) && plain.error === "user_blocked", "a default overridden");
  assert.ok((await client.userinfo("t").catch((x) => x)) instanceof UserBlockedError);
  const session = await client.session(new TokenSet({ accessToken: "at", refreshToken: "rt", expiresAt: Math.floor(Date.now() / 1000) + 3600 }));
  const refreshFailed = await session.refresh().catch((x) => x);
  assert.ok(refreshFailed instanceof RefreshError && refreshFailed.cause instanceof UserBlockedError, String(refreshFailed.cause));

  // The callback: an error on the redirect (status 0) is mapped the same way.
  const started = await client.authorizationUrl();
  const back = new URL(REDIRECT_URI);
  for (const [k, v] of Object.entries({ error: "account_suspended", state: started.state, iss: op.issuer })) back.searchParams.set(k, v);
  const onCallback = await client.handleCallback(back, started).catch((x) => x);
  assert.ok(onCallback instanceof UserBlockedError, String(onCallback));
  assert.deepEqual([onCallback.error, onCallback.status], ["account_suspended", 0]);

  const unmapped = await OAuthClient.discover(op.issuer, options({ fetch: fetchImpl }));
  const c2 = await code(unmapped);
  const e = await unmapped.handleCallback(c2.callbackUrl, c2.request).catch((x) => x);
  assert.ok(e instanceof OAuthProtocolError && !(e instanceof UserBlockedError), "without errorClasses, account_suspended is a plain OAuthProtocolError");
  for (const bad of [[], "x", { user_blocked: Error }, { user_blocked: "UserBlockedError" }, { user_blocked: RefreshError }]) {
    await assert.rejects(OAuthClient.discover(op.issuer, options({ errorClasses: bad })), { code: "ERR_CONFIG" }, JSON.stringify(bad));
  }
});

test("a malformed ID token in the token response: TokenParseError (a JwsInvalidError, ERR_JWS_INVALID)", async () => {
  const corrupt = (change) => atToken(async (response) => {
    const body = await response.json();
    return Response.json({ ...body, id_token: change(body.id_token) }, { status: response.status });
  });
  const malformed = {
    "not a JWS": () => "not-a-jwt",
    "two segments": (t) => t.split(".").slice(0, 2).join("."),
    "header not JSON": (t) => `${Buffer.from("not json").toString("base64url")}.${t.split(".").slice(1).join(".")}`,
    "header not base64url": (t) => `%%%.${t.split(".").slice(1).join(".")}`,
  };
  for (const [what, change] of Object.entries(malformed)) {
    const client = await OAuthClient.discover(op.issuer, options({ fetch: corrupt(change) }));
    const { request, callbackUrl } = await code(client);
    const e = await client.handleCallback(callbackUrl, request).catch((x) => x);
    assert.ok(e instanceof TokenParseError && e instanceof JwsInvalidError, `${what}: ${e}`);
    assert.deepEqual([e.name, e.code], ["TokenParseError", "ERR_JWS_INVALID"], what);
    assert.ok(e.cause instanceof JwsInvalidError && !(e.cause instanceof TokenParseError), what);
    assert.match(e.message, /ID token is malformed/);
  }
  // Well-formed with a broken signature is not a parse error (nor a changed
  // payload: it is parsed only once the signature holds).
  const flip = (t) => {
    const [h, p, s] = t.split(".");
    return `${h}.${p}.${s.startsWith("A") ? "B" : "A"}${s.slice(1)}`;
  };
  const client = await OAuthClient.discover(op.issuer, options({ fetch: corrupt(flip) }));
  const { request, callbackUrl } = await code(client);
  const e = await client.handleCallback(callbackUrl, request).catch((x) => x);
  assert.ok(e instanceof JwsSignatureInvalidError && !(e instanceof TokenParseError), String(e));
});

test("an expired access token without a refresh token: TokenExpiredError (a RefreshError)", async () => {
  const client = await OAuthClient.discover(op.issuer, options());
  const now = Math.floor(Date.now() / 1000);
  const expired = await client.session(new TokenSet({ accessToken: "at", expiresAt: now - 5 })).catch((x) => x);
  assert.ok(expired instanceof TokenExpiredError && expired instanceof RefreshError, String(expired));
  assert.deepEqual([expired.name, expired.code], ["TokenExpiredError", "ERR_OAUTH_REFRESH_FAILED"]);

  const refreshes = [];
  const session = await client.session(new TokenSet({ accessToken: "still-good", expiresAt: now + 2 }), { onRefreshError: (x) => refreshes.push(x) });
  assert.equal(await session.accessToken(), "still-good", "inside the refresh buffer but not expired, and nothing to refresh with: the token as it is");
  await new Promise((resolve) => setTimeout(resolve, 3100));
  const e = await session.accessToken().catch((x) => x);
  assert.ok(e instanceof TokenExpiredError, String(e));
  assert.match(e.message, /sign in again/);
  assert.deepEqual(refreshes, [], "no refresh was tried");

  // With a refresh token, an expired token is refreshed as before.
  const { request, callbackUrl } = await code(client);
  const tokens = await client.handleCallback(callbackUrl, request);
  const renewed = await client.session(new TokenSet({ ...tokens, expiresAt: now - 5 }));
  assert.notEqual(await renewed.accessToken(), tokens.accessToken);
});
