// The OAuth 2.0 / OIDC client end to end, through the installed package,
// against a real oidc-provider on 127.0.0.1 (tests/provider/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { OAuthClient, TokenSet, decodeJwt, verifyJwt, createRemoteJwks, OAuthProtocolError, InvalidGrantError, LoginRequiredError } from "edgeauth";
import { startProvider, REDIRECT_URI, POST_LOGOUT_URI, API, INITIAL_ACCESS_TOKEN } from "../provider/provider.mjs";

let op;
before(async () => {
  op = await startProvider();
});
after(() => op.close());

const secretOf = (id) => op.clients[id].client_secret;
const client = (clientId, extra = {}) => OAuthClient.discover(op.issuer, { clientId, redirectUri: REDIRECT_URI, ...extra });
const basic = () => client("basic-client", { clientSecret: secretOf("basic-client") });

/** Authorization code flow with login and consent; returns { tokens, auth, cookies }. */
async function login(c, options = {}) {
  const auth = await c.authorizationUrl({ scope: "openid email offline_access", extraParams: { prompt: "consent" }, ...options });
  const { callbackUrl, cookies } = await op.login(auth.url);
  const tokens = await c.handleCallback(callbackUrl, auth);
  return { tokens, auth, callbackUrl, cookies };
}

test("discovery: metadata, exact issuer, endpoint overrides, RFC 8414 fallback", async () => {
  const c = await basic();
  assert.equal(c.metadata.issuer, op.issuer);
  assert.equal(c.metadata.token_endpoint, `${op.issuer}/token`);
  const moved = await client("basic-client", { clientSecret: secretOf("basic-client"), endpoints: { userinfo_endpoint: "https://elsewhere.test/me" } });
  assert.equal(moved.metadata.userinfo_endpoint, "https://elsewhere.test/me");
  await assert.rejects(OAuthClient.discover(`${op.issuer}/`, { clientId: "x" }), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "issuer" });
  await assert.rejects(OAuthClient.discover(`${op.issuer}/nothing-here`, { clientId: "x" }), { code: "ERR_HTTP", status: 404 });
  await assert.rejects(OAuthClient.discover("http://op.example", { clientId: "x" }), { code: "ERR_CONFIG" });
  await assert.rejects(OAuthClient.discover(op.issuer, { clientId: "x", endpoints: { bogus_endpoint: "https://x" } }), { code: "ERR_CONFIG" });
});

for (const [id, auth] of [["basic-client", "client_secret_basic"], ["post-client", "client_secret_post"]]) {
  test(`code flow with PKCE, ${auth}: ID token validated, userinfo, refresh`, async () => {
    const c = await client(id, { clientSecret: secretOf(id), clientAuth: auth });
    const { tokens, auth: req } = await login(c);
    assert.ok(tokens instanceof TokenSet);
    assert.equal(tokens.tokenType, "Bearer");
    assert.equal(tokens.claims.sub, "alice");
    assert.equal(tokens.claims.nonce, req.nonce);
    assert.ok(tokens.expiresIn > 3000 && tokens.refreshToken && tokens.idToken);
    assert.equal(req.codeVerifier.length, 43);
    const info = await c.userinfo(tokens.accessToken, { expectedSubject: "alice" });
    assert.equal(info.email, "alice@example.test");
    await assert.rejects(c.userinfo(tokens.accessToken, { expectedSubject: "bob" }), { code: "ERR_OAUTH_SUBJECT_MISMATCH" });
    const again = await c.refresh(tokens.refreshToken, { expectedSubject: "alice" });
    assert.equal(again.claims.sub, "alice");
    assert.notEqual(again.accessToken, tokens.accessToken);
    await assert.rejects(c.refresh(again.refreshToken ?? tokens.refreshToken, { expectedSubject: "mallory" }), { code: "ERR_OAUTH_SUBJECT_MISMATCH" });
  });
}

test("public client (none) with PKCE, and PAR", async () => {
  const c = await client("public-client");
  const { tokens } = await login(c);
  assert.equal(tokens.claims.aud, "public-client");
  const par = await c.authorizationUrl({ scope: "openid", usePar: true });
  const url = new URL(par.url);
  assert.deepEqual([...url.searchParams.keys()].sort(), ["client_id", "request_uri"]);
  assert.match(url.searchParams.get("request_uri"), /^urn:ietf:params:oauth:request_uri:/);
  const { callbackUrl } = await op.login(par.url);
  const viaPar = await c.handleCallback(callbackUrl, par);
  assert.equal(viaPar.claims.nonce, par.nonce);
});

for (const alg of ["EdDSA", "ES256", "RS256"]) {
  test(`private_key_jwt with ${alg}: code flow, PAR, introspection`, async () => {
    const c = await client("jwt-client", { privateJwk: op.clients["jwt-client"].privateJwks[alg].privateJwk });
    const { tokens } = await login(c, { usePar: true });
    assert.equal(tokens.claims.sub, "alice");
    const seen = await c.introspect(tokens.accessToken);
    assert.equal(seen.active, true);
    assert.equal(seen.client_id, "jwt-client");
  });
}

test("callback checks: wrong state, iss mix-up, wrong nonce, error response", async () => {
  const c = await basic();
  const auth = await c.authorizationUrl({ scope: "openid" });
  const { callbackUrl } = await op.login(auth.url);
  await assert.rejects(c.handleCallback(callbackUrl, { ...auth, state: "another-state" }), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "state" });
  const mixedUp = new URL(callbackUrl);
  mixedUp.searchParams.set("iss", "http://127.0.0.1:1");
  await assert.rejects(c.handleCallback(mixedUp.href, auth), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "iss" });
  const noIss = new URL(callbackUrl);
  noIss.searchParams.delete("iss");
  await assert.rejects(c.handleCallback(noIss.href, auth), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "iss" }, "the provider advertises RFC 9207");
  await assert.rejects(c.handleCallback(callbackUrl, { ...auth, nonce: "not-the-nonce" }), { code: "ERR_JWT_CLAIM_INVALID", claim: "nonce" });

  const second = await c.authorizationUrl({ scope: "openid" });
  const { callbackUrl: cb2 } = await op.login(second.url);
  await assert.rejects(c.handleCallback(cb2, { ...second, nonce: undefined }), { code: "ERR_JWT_CLAIM_INVALID", claim: "nonce" }, "a nonce-bearing token without an expected nonce");

  const silent = await c.authorizationUrl({ scope: "openid", extraParams: { prompt: "none" } });
  const { callbackUrl: denied } = await op.login(silent.url);
  const e = await c.handleCallback(denied, silent).catch((x) => x);
  assert.ok(e instanceof LoginRequiredError && e instanceof OAuthProtocolError, `${e?.name}: ${e?.message}`);
  assert.equal(e.code, "ERR_OAUTH_RESPONSE");
  assert.equal(e.error, "login_required");
});

test("a used code and an expired refresh token are invalid_grant", async () => {
  const c = await basic();
  const auth = await c.authorizationUrl({ scope: "openid" });
  const { callbackUrl } = await op.login(auth.url);
  await c.handleCallback(callbackUrl, auth);
  const reused = await c.handleCallback(callbackUrl, auth).catch((x) => x);
  assert.ok(reused instanceof InvalidGrantError, `${reused?.name}`);
  assert.equal(reused.status, 400);

  const short = await client("short-refresh-client");
  const { tokens } = await login(short);
  await new Promise((resolve) => setTimeout(resolve, 2100)); // this client's refresh tokens live 1 s
  await assert.rejects(short.refresh(tokens.refreshToken), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
});

test("client credentials with a resource indicator: a JWT access token for the API", async () => {
  const c = await basic();
  const tokens = await c.clientCredentials({ scope: "read", resource: API });
  assert.equal(tokens.scope, "read");
  const { payload, protectedHeader } = await verifyJwt(tokens.accessToken, createRemoteJwks(c.metadata.jwks_uri), { issuer: op.issuer, audience: API, typ: "at+jwt" });
  assert.equal(protectedHeader.alg, "EdDSA");
  assert.equal(payload.client_id, "basic-client");
  await assert.rejects(c.clientCredentials({ resource: "https://unknown.test" }), { code: "ERR_OAUTH_RESPONSE", error: "invalid_target" });
});

test("token exchange (RFC 8693) with an actor token", async () => {
  const c = await basic();
  const { tokens } = await login(c);
  const actor = await c.clientCredentials({});
  const exchanged = await c.exchangeToken({ subjectToken: tokens.accessToken, subjectTokenType: "access_token", actorToken: actor.accessToken, actorTokenType: "urn:ietf:params:oauth:token-type:access_token", audience: "downstream" });
  assert.equal(exchanged.issuedTokenType, "urn:ietf:params:oauth:token-type:access_token");
  const seen = await c.introspect(exchanged.accessToken);
  assert.equal(seen.active, true);
  assert.equal(seen.sub, "alice");
  assert.deepEqual(seen.act, { sub: "basic-client" });
  await assert.rejects(c.exchangeToken({ subjectToken: "not-a-token", subjectTokenType: "access_token" }), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
  await assert.rejects(c.exchangeToken({ subjectToken: "x", subjectTokenType: "bogus" }), { code: "ERR_CONFIG" });
});

test("revocation: a revoked refresh token is inactive and unusable", async () => {
  const c = await basic();
  const { tokens } = await login(c);
  assert.equal((await c.introspect(tokens.refreshToken, { tokenTypeHint: "refresh_token" })).active, true);
  await c.revoke(tokens.refreshToken, { tokenTypeHint: "refresh_token" });
  assert.equal((await c.introspect(tokens.refreshToken, { tokenTypeHint: "refresh_token" })).active, false);
  await assert.rejects(c.refresh(tokens.refreshToken), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
});

test("dynamic client registration with an initial access token, then use the new client", async () => {
  const metadata = { redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: "client_secret_post", grant_types: ["client_credentials"], response_types: [] };
  await assert.rejects(OAuthClient.register(op.issuer, metadata), { code: "ERR_OAUTH_RESPONSE", status: 401 });
  const registered = await OAuthClient.register(op.issuer, metadata, { initialAccessToken: INITIAL_ACCESS_TOKEN });
  assert.ok(registered.client_id && registered.client_secret);
  const c = await OAuthClient.discover(op.issuer, { clientId: registered.client_id, clientSecret: registered.client_secret, clientAuth: "client_secret_post" });
  assert.ok((await c.clientCredentials()).accessToken);
});

test("end-session URL: the provider logs the user out and returns with state", async () => {
  const c = await basic();
  const { tokens, cookies } = await login(c);
  const url = c.endSessionUrl({ idTokenHint: tokens.idToken, postLogoutRedirectUri: POST_LOGOUT_URI, state: "bye" });
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await page.text();
  assert.equal(page.status, 200, html.slice(0, 200));
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  const fields = new URLSearchParams([...form[2].matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  fields.set("logout", "yes");
  let res = await fetch(new URL(form[1], url), { method: "POST", body: fields, headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  let location = res.headers.get("location");
  for (let i = 0; i < 5 && location?.startsWith(op.issuer); i++) {
    res = await fetch(location, { headers: { cookie }, redirect: "manual" });
    location = res.headers.get("location");
  }
  assert.ok(location?.startsWith(POST_LOGOUT_URI), `ended at ${location}`);
  assert.equal(new URL(location).searchParams.get("state"), "bye");
});

test("Session: refreshes before expiry, once for concurrent callers, and reports failures", async () => {
  const c = await basic();
  const { tokens } = await login(c);
  const refreshed = [];
  const nearlyExpired = new TokenSet({ ...tokens, expiresAt: Math.floor(Date.now() / 1000) + 30 });
  const session = await c.session(nearlyExpired, { refreshBufferSeconds: 60, onRefresh: (t) => refreshed.push(t) });
  assert.equal(refreshed.length, 1, "session() refreshes a token inside the buffer");
  assert.ok(session.expiresIn > 3000 && !session.isExpired());
  assert.equal(session.tokens.claims.sub, "alice");
  const [a, b, c2] = await Promise.all([session.accessToken(), session.accessToken(), session.accessToken()]);
  assert.equal(refreshed.length, 1, "a fresh token is not refreshed");
  assert.ok(a === b && b === c2);

  const stale = await c.session(session.tokens, { refreshBufferSeconds: 4000, onRefresh: (t) => refreshed.push(t) });
  const results = await Promise.all([stale.accessToken(), stale.accessToken(), stale.accessToken()]);
  assert.equal(refreshed.length, 3, "one refresh in session(), one for the three concurrent calls");
  assert.equal(new Set(results).size, 1);

  const failures = [];
  await c.revoke(stale.tokens.refreshToken);
  const doomed = await c.session(stale.tokens, { refreshBufferSeconds: 0, onRefreshError: (e) => failures.push(e) });
  const err = await doomed.refresh().catch((x) => x);
  assert.equal(err.code, "ERR_OAUTH_REFRESH_FAILED");
  assert.equal(err.cause.code, "ERR_OAUTH_RESPONSE");
  assert.equal(failures.length, 1);
});
