// Registration on first use (RFC 7591) through OAuthClient.discover, against
// a real oidc-provider (tests/provider/): the first start registers and hands
// the answer to onRegistered; a second start with the persisted client_id and
// client_secret registers nothing and signs in as the same client.
// forResource registers through the same path (onRegistered too).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { OAuthClient, OAuthProtocolError, UserBlockedError, decodeJwt } from "edgeauth";
import { API, INITIAL_ACCESS_TOKEN, REDIRECT_URI, startProvider } from "../provider/provider.mjs";

let op;
const registrations = [];
before(async () => {
  op = await startProvider();
  op.provider.on("registration_create.success", (_ctx, client) => registrations.push(client.clientId));
});
after(() => op.close());

const clientMetadata = { client_name: "first use", token_endpoint_auth_method: "client_secret_basic", grant_types: ["authorization_code", "refresh_token", "client_credentials"] };

/** The options a program would start with: registration options always, the persisted client once there is one. */
const startOptions = (saved, onRegistered) => ({
  redirectUri: REDIRECT_URI,
  initialAccessToken: INITIAL_ACCESS_TOKEN,
  clientMetadata,
  onRegistered,
  ...(saved && { clientId: saved.client_id, clientSecret: saved.client_secret, clientAuth: saved.token_endpoint_auth_method }),
});

/** Sign alice in with `client`; the token set. */
async function signIn(client) {
  const request = await client.authorizationUrl({ scope: "openid email offline_access", extraParams: { prompt: "consent" } });
  const { callbackUrl } = await op.login(request.url);
  return { request, tokens: await client.handleCallback(callbackUrl, request) };
}

test("first start registers once and hands the answer over; a second start reuses it", async () => {
  const before = registrations.length;
  let saved;
  const first = await OAuthClient.discover(op.issuer, startOptions(undefined, async (registration) => {
    saved = JSON.parse(JSON.stringify(registration)); // what a program would write to disk
  }));
  assert.equal(registrations.length, before + 1, "one registration at the provider");
  assert.ok(saved?.client_id && saved.client_secret && saved.registration_access_token, "the RFC 7591 answer, secrets included");
  assert.deepEqual(registrations.at(-1), saved.client_id);
  assert.equal(saved.client_name, "first use");
  assert.equal(saved.token_endpoint_auth_method, "client_secret_basic");
  assert.deepEqual(first.registration, saved);
  const firstLogin = await signIn(first);
  assert.equal(new URL(firstLogin.request.url).searchParams.get("client_id"), saved.client_id);
  assert.equal(firstLogin.tokens.claims.aud, saved.client_id);
  assert.ok(firstLogin.tokens.refreshToken);

  // The second start: the persisted client, the same registration options; onRegistered must not run.
  const second = await OAuthClient.discover(op.issuer, startOptions(saved, () => assert.fail("registered again")));
  assert.equal(registrations.length, before + 1, "no second registration");
  assert.equal(second.registration, undefined);
  const { tokens } = await signIn(second);
  assert.equal(tokens.claims.aud, saved.client_id, "signed in as the registered client");
  const refreshed = await second.refresh(firstLogin.tokens.refreshToken, { expectedSubject: "alice" });
  assert.equal(refreshed.claims.aud, saved.client_id, "a refresh token of the first start works in the second (client_secret_basic with the saved secret)");
  const machine = await second.clientCredentials({ resource: API, scope: "read" });
  assert.equal(decodeJwt(machine.accessToken).client_id, saved.client_id);
  await assert.rejects(OAuthClient.discover(op.issuer, { ...startOptions(saved), clientSecret: "not-the-secret-0123456789" }).then((c) => c.clientCredentials()), OAuthProtocolError, "the secret is the registered one");
});

test("a public client by default; onRegistered's failure is discover's", async () => {
  const before = registrations.length;
  const client = await OAuthClient.discover(op.issuer, { redirectUri: REDIRECT_URI, initialAccessToken: INITIAL_ACCESS_TOKEN });
  assert.equal(client.registration.token_endpoint_auth_method, "none");
  assert.equal(client.registration.client_secret, undefined);
  assert.deepEqual(client.registration.redirect_uris, [REDIRECT_URI]);
  assert.equal((await signIn(client)).tokens.claims.aud, client.registration.client_id);
  const failure = new Error("disk full");
  await assert.rejects(OAuthClient.discover(op.issuer, startOptions(undefined, () => Promise.reject(failure))), (e) => e === failure);
  assert.equal(registrations.length, before + 2, "the registration happened; the program could not keep it");
});

test("refusals: no redirectUri, a bad onRegistered, a refused registration (mapped by errorClasses)", async () => {
  const before = registrations.length;
  await assert.rejects(OAuthClient.discover(op.issuer, ({ initialAccessToken: INITIAL_ACCESS_TOKEN })), { code: "ERR_CONFIG", message: /redirectUri/ });
  await assert.rejects(OAuthClient.discover(op.issuer, startOptions(undefined, ("persist"))), { code: "ERR_CONFIG", message: /onRegistered/ });
  const refused = await OAuthClient.discover(op.issuer, { redirectUri: REDIRECT_URI }).catch((e) => e);
  assert.ok(refused instanceof OAuthProtocolError && !(refused instanceof UserBlockedError), String(refused));
  assert.equal(refused.error, "invalid_token", "the initial access token is required");
  const mapped = await OAuthClient.discover(op.issuer, { redirectUri: REDIRECT_URI, errorClasses: { invalid_token: UserBlockedError } }).catch((e) => e);
  assert.ok(mapped instanceof UserBlockedError, String(mapped));
  assert.deepEqual([mapped.code, mapped.error, mapped.status], ["ERR_OAUTH_RESPONSE", "invalid_token", refused.status]);
  await assert.rejects(OAuthClient.discover(op.issuer, { ...startOptions(), clientMetadata: { redirect_uris: "not a list" } }), { code: "ERR_OAUTH_RESPONSE", error: "invalid_redirect_uri" });
  assert.equal(registrations.length, before);
});

test("forResource registers through the same path: onRegistered gets its answer", async () => {
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    res.setHeader("connection", "close");
    if (req.url === "/.well-known/oauth-protected-resource/api") return res.setHeader("content-type", "application/json").end(JSON.stringify({ resource: `${origin}/api`, authorization_servers: [op.issuer] }));
    res.writeHead(401, { "www-authenticate": "Bearer" }).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  const before = registrations.length;
  const seen = [];
  const client = await OAuthClient.forResource(`http://127.0.0.1:${server.address().port}/api`, { redirectUri: REDIRECT_URI, initialAccessToken: INITIAL_ACCESS_TOKEN, onRegistered: (r) => seen.push(r) });
  assert.equal(registrations.length, before + 1);
  assert.deepEqual(seen, [client.registration]);
  assert.equal(seen[0].client_id, registrations.at(-1));
});
