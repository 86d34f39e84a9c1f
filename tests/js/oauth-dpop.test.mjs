// DPoP (RFC 9449) end to end against real peers: oidc-provider (its DPoP
// feature on, requiring its nonces) issues DPoP-bound tokens to OAuthClient
// (code flow with PKCE, with PAR, refresh with bound refresh tokens of a
// public client, client credentials); the tokens are accepted by an
// Authenticator in Node (JWKS, and introspection's `cnf`, with resource
// server nonces) and by worker-example/ in workerd, and refused as Bearer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import * as ea from "edgeauth";
import { startProvider, REDIRECT_URI, API } from "../provider/provider.mjs";
import { startWorker } from "./harness/workerd.mjs";

const WORKER = fileURLToPath(new URL("../../worker-example/src/worker.js", import.meta.url));
let op; // requires DPoP nonces (RFC 9449 §8)
let rs; // a Node resource server: /me (JWKS, requires its own nonces, §9) and /introspected/me (introspection)
let worker; // worker-example in workerd
const sent = []; // every request an OAuthClient made: { url, method, dpop }

const counting = (url, init) => {
  sent.push({ url: String(url), method: init?.method ?? "GET", dpop: new Headers(init?.headers).get("dpop") });
  return fetch(url, init);
};
const requestsTo = (path, from) => sent.slice(from).filter((r) => new URL(r.url).pathname === path);

async function startResourceServer(issuer) {
  const introspector = await ea.OAuthClient.discover(issuer, { clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret });
  const byJwks = new ea.Authenticator({ issuer, audience: API, jwks: `${issuer}/jwks`, realm: "rs", dpop: { nonceSecret: "the-resource-server-nonce-secret-0123456789" } });
  const byIntrospection = new ea.Authenticator({ introspection: introspector, issuer, dpop: true });
  const hits = [];
  const server = createServer(async (req, res) => {
    const url = `http://127.0.0.1:${server.address().port}${req.url}`;
    hits.push(req.url);
    const request = new Request(url, { method: req.method, headers: req.headers });
    const auth = req.url.startsWith("/introspected/") ? byIntrospection : byJwks;
    let response;
    try {
      const principal = await auth.authenticate(request);
      response = Response.json({ id: principal.id, jkt: principal.claims.cnf?.jkt });
    } catch (e) {
      response = e instanceof ea.AuthError ? e.toResponse() : new Response(String(e), { status: 500 });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, hits, close: () => new Promise((resolve) => server.close(resolve)) };
}

before(async () => {
  op = await startProvider({ dpopNonce: true });
  rs = await startResourceServer(op.issuer);
  worker = await startWorker(WORKER, { kvNamespaces: ["JWKS_CACHE"], durableObjects: { AUTH_STORE: "EdgeAuthDurableObject" }, bindings: { ISSUER: op.issuer, AUDIENCE: API, JWKS_URL: `${op.issuer}/jwks` } });
});
after(async () => {
  await worker?.mf.dispose();
  await rs?.close();
  await op?.close();
});

const client = (clientId, dpop, extra = {}) => ea.OAuthClient.discover(op.issuer, { clientId, redirectUri: REDIRECT_URI, dpop, fetch: counting, ...extra });

async function login(c, options = {}) {
  const auth = await c.authorizationUrl({ scope: "openid email offline_access", extraParams: { prompt: "consent" }, ...options });
  const { callbackUrl } = await op.login(auth.url);
  return { auth, tokens: await c.handleCallback(callbackUrl, auth) };
}

test("code flow with PKCE, public client, ES256 key: DPoP token bound by dpop_jkt, AS nonce retry, userinfo, introspection cnf", async () => {
  const key = await ea.generateDpopKey("ES256");
  const c = await client("public-client", key);
  const from = sent.length;
  const { auth, tokens } = await login(c);
  assert.equal(new URL(auth.url).searchParams.get("dpop_jkt"), key.jkt, "the code is bound to the key (§10)");
  assert.equal(tokens.tokenType, "DPoP");
  assert.equal(tokens.claims.sub, "alice");
  const tokenCalls = requestsTo("/token", from);
  assert.deepEqual(tokenCalls.map((r) => typeof r.dpop), ["string", "string"], "a proof on each attempt");
  assert.equal(tokenCalls.length, 2, "400 use_dpop_nonce, then the retry with the nonce");
  assert.equal(ea.decodeJwt(tokenCalls[0].dpop).nonce, undefined);
  assert.ok(ea.decodeJwt(tokenCalls[1].dpop).nonce, "the retry carries the provider's nonce");
  assert.notEqual(ea.decodeJwt(tokenCalls[0].dpop).jti, ea.decodeJwt(tokenCalls[1].dpop).jti, "a fresh proof per attempt");

  const info = await c.userinfo(tokens.accessToken, { expectedSubject: "alice" });
  assert.equal(info.email, "alice@example.test");
  const userinfoCall = requestsTo("/me", from).at(-1);
  assert.equal(ea.decodeJwt(userinfoCall.dpop).ath, await athOf(tokens.accessToken));

  const introspector = await ea.OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret });
  const seen = await introspector.introspect(tokens.accessToken);
  assert.deepEqual([seen.active, seen.token_type, seen.cnf?.jkt], [true, "DPoP", key.jkt], "§6.2");

  const viaIntrospection = await c.fetchProtected(tokens.accessToken, `${rs.url}/introspected/me`);
  assert.equal(viaIntrospection.status, 200);
  assert.deepEqual(await viaIntrospection.json(), { id: "alice", jkt: key.jkt });
  const downgrade = await fetch(`${rs.url}/introspected/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  assert.equal(downgrade.status, 401, "a DPoP-bound token as Bearer (§7.2)");
  assert.equal((await downgrade.json()).error, "ERR_DPOP_BINDING_INVALID");
  assert.match(downgrade.headers.get("www-authenticate"), /^Bearer error="invalid_token", .*, DPoP algs="/);
});

test("code flow with an EdDSA key and a resource: a JWT with cnf.jkt, RS nonce retry, bound refresh tokens, Session.fetch", async () => {
  const key = await ea.generateDpopKey("EdDSA");
  const c = await client("public-client", key);
  const { tokens } = await login(c, { scope: "openid offline_access read", extraParams: { prompt: "consent", resource: API } });
  const claims = ea.decodeJwt(tokens.accessToken);
  assert.deepEqual([claims.aud, claims.cnf?.jkt], [API, key.jkt], "a JWT access token bound to the key (§6.1)");

  const hitsBefore = rs.hits.length;
  const first = await c.fetchProtected(tokens.accessToken, `${rs.url}/me`);
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { id: "alice", jkt: key.jkt });
  assert.equal(rs.hits.length - hitsBefore, 2, "401 use_dpop_nonce from the resource server, then the retry");
  const second = await c.fetchProtected(tokens.accessToken, `${rs.url}/me`);
  assert.equal(second.status, 200);
  assert.equal(rs.hits.length - hitsBefore, 3, "the nonce is remembered: one request");

  // The refresh token of a public client is bound to the key (§5): another key cannot use it.
  const thief = await client("public-client", await ea.generateDpopKey("EdDSA"));
  await assert.rejects(thief.refresh(tokens.refreshToken), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
  const session = await c.session(tokens, { refreshBufferSeconds: 100_000 });
  assert.equal(session.tokens.tokenType, "DPoP");
  assert.notEqual(session.tokens.accessToken, tokens.accessToken, "refreshed with the bound refresh token");
  assert.equal(ea.decodeJwt(session.tokens.accessToken).cnf.jkt, key.jkt);
  const viaSession = await session.fetch(`${rs.url}/me`);
  assert.equal(viaSession.status, 200);

  const stolen = await thief.fetchProtected(tokens.accessToken, `${rs.url}/me`);
  assert.equal(stolen.status, 401, "the token with another key's proof");
  assert.equal((await stolen.json()).error, "ERR_DPOP_BINDING_INVALID");
  assert.match(stolen.headers.get("www-authenticate"), /^DPoP realm="rs", error="invalid_token"/);
});

test("PAR with a DPoP proof (§10.1): the code is bound to the key; another key cannot redeem it", async () => {
  const key = await ea.generateDpopKey("ES256");
  const c = await client("public-client", key);
  const from = sent.length;
  const par = await c.authorizationUrl({ scope: "openid", usePar: true });
  assert.deepEqual([...new URL(par.url).searchParams.keys()].sort(), ["client_id", "request_uri"]);
  const parCalls = requestsTo("/request", from);
  assert.ok(parCalls.length >= 1 && parCalls.every((r) => r.dpop), "the PAR request carries a proof");
  assert.equal((await ea.verifyDpopProof(parCalls.at(-1).dpop, { method: "POST", url: `${op.issuer}/request`, nonce: ea.decodeJwt(parCalls.at(-1).dpop).nonce, replayStore: null })).jkt, key.jkt);
  const { callbackUrl } = await op.login(par.url);
  const other = await client("public-client", await ea.generateDpopKey("ES256"));
  await assert.rejects(other.handleCallback(callbackUrl, par), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
  const second = await c.authorizationUrl({ scope: "openid", usePar: true });
  const { callbackUrl: cb2 } = await op.login(second.url);
  const tokens = await c.handleCallback(cb2, second);
  assert.equal(tokens.tokenType, "DPoP");
  const r = await c.fetchProtected(tokens.accessToken, `${rs.url}/introspected/me`);
  assert.equal(r.status, 200, "accepted by the introspecting Authenticator");
  assert.deepEqual(await r.json(), { id: "alice", jkt: key.jkt });
});

test("client credentials (client_secret_basic) with DPoP: a bound JWT the Authenticator accepts, in Node and in worker-example (workerd)", async () => {
  const key = await ea.generateDpopKey("ES256");
  const c = await client("basic-client", key, { clientSecret: op.clients["basic-client"].client_secret });
  const tokens = await c.clientCredentials({ scope: "read write", resource: API });
  assert.equal(tokens.tokenType, "DPoP");
  assert.equal(ea.decodeJwt(tokens.accessToken).cnf.jkt, key.jkt);
  const r = await c.fetchProtected(tokens.accessToken, `${rs.url}/me`);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).id, "basic-client");

  const call = async (path, { scheme = "DPoP", proof } = {}) => {
    const headers = { authorization: `${scheme} ${tokens.accessToken}` };
    if (proof !== false) headers.dpop = proof ?? (await ea.createDpopProof(key, { method: "GET", url: `http://worker.test${path}`, accessToken: tokens.accessToken }));
    return worker.dispatch(path, { headers });
  };
  const me = await call("/api/me");
  assert.equal(me.status, 200);
  assert.deepEqual(await me.json().then((b) => [b.id, b.dpop]), ["basic-client", true]);
  const proof = await ea.createDpopProof(key, { method: "GET", url: "http://worker.test/api/me", accessToken: tokens.accessToken });
  assert.equal((await call("/api/me", { proof })).status, 200);
  const replay = await call("/api/me", { proof });
  assert.equal(replay.status, 401, "the proof's jti is in the Durable Object");
  assert.match(replay.headers.get("www-authenticate"), /^DPoP realm="https:\/\/api.test", error="invalid_dpop_proof", error_description="invalid DPoP proof \(replay\)/);
  const downgrade = await call("/api/me", { scheme: "Bearer", proof: false });
  assert.equal(downgrade.status, 401);
  assert.equal((await downgrade.json()).error, "ERR_DPOP_BINDING_INVALID");
  const noProof = await call("/api/me", { proof: false });
  assert.equal(noProof.status, 401);
  assert.match(noProof.headers.get("www-authenticate"), /error="invalid_dpop_proof"/);
});

test("a provider that answers Bearer to a DPoP request is refused (§5); a Bearer client still works there", async () => {
  const plain = await startProvider({ dpop: false });
  try {
    const key = await ea.generateDpopKey("ES256");
    const c = await ea.OAuthClient.discover(plain.issuer, { clientId: "basic-client", clientSecret: plain.clients["basic-client"].client_secret, dpop: key });
    await assert.rejects(c.clientCredentials({ scope: "read", resource: API }), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "token_type" });
    const bearer = await ea.OAuthClient.discover(plain.issuer, { clientId: "basic-client", clientSecret: plain.clients["basic-client"].client_secret });
    assert.equal((await bearer.clientCredentials({ scope: "read", resource: API })).tokenType, "Bearer");
  } finally {
    await plain.close();
  }
});

async function athOf(token) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)));
  return Buffer.from(digest).toString("base64url");
}
