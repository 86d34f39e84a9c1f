// Authenticator in userinfo mode: opaque access tokens validated by the real
// oidc-provider's UserInfo endpoint (OIDC Core §5.3) on 127.0.0.1, through
// the Authenticator, edgeauth/express in Node and edgeauth/hono in workerd;
// malformed answers from a loopback server of this test.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import express from "express";
import { AuthError, Authenticator, OAuthClient, Principal } from "edgeauth";
import { edgeauth } from "edgeauth/express";
import { startProvider, REDIRECT_URI } from "../provider/provider.mjs";
import { startWorker } from "./harness/workerd.mjs";

let op;
let client;
let userinfoUrl;
let accessToken;
before(async () => {
  op = await startProvider();
  client = await OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret, redirectUri: REDIRECT_URI });
  userinfoUrl = client.metadata.userinfo_endpoint;
  accessToken = await login();
});
after(() => op?.close());

/** An opaque access token of alice for the UserInfo endpoint, through the code flow. */
async function login() {
  const auth = await client.authorizationUrl({ scope: "openid email profile", extraParams: { prompt: "consent" } });
  const { callbackUrl } = await op.login(auth.url);
  return (await client.handleCallback(callbackUrl, auth)).accessToken;
}

const bearer = (token) => new Request("https://api.test/x", { headers: { authorization: `Bearer ${token}` } });
const refusal = (auth, token) => auth.authenticate(bearer(token)).then(() => assert.fail("expected a refusal"), (e) => (e instanceof AuthError ? e : assert.fail(e)));

/** globalThis.fetch, counting the calls to the UserInfo endpoint. */
function counting() {
  const f = (url, init) => {
    f.calls += 1;
    return fetch(url, init);
  };
  f.calls = 0;
  return f;
}

/** A loopback server answering every request with `answer(req)` ({ status, type, body } or "hang"). */
async function upstream(answer) {
  const server = createServer((req, res) => {
    const a = answer(req);
    if (a === "hang") return;
    res.writeHead(a.status, { "content-type": a.type ?? "application/json" }).end(a.body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/me`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

test("a valid opaque token: a Principal with sub and the answer's other claims; cached by token hash", async () => {
  assert.ok(!accessToken.includes("."), "an opaque token");
  const fetch = counting();
  const auth = new Authenticator({ userinfo: userinfoUrl, fetch });
  const principal = await auth.authenticate(bearer(accessToken));
  assert.ok(principal instanceof Principal);
  assert.equal(principal.id, "alice");
  assert.equal(principal.email, "alice@example.test");
  assert.equal(principal.claims.name, "Alice", "claims the Principal does not read stay available");
  assert.equal(principal.claims.email_verified, true);
  assert.equal(fetch.calls, 1);
  assert.equal((await auth.authenticate(bearer(accessToken))).id, "alice");
  assert.equal(fetch.calls, 1, "the second request is a cache hit");
  assert.equal(auth.cacheSize, 1);
  // The object form and a URL work alike.
  assert.equal((await new Authenticator({ userinfo: { url: new URL(userinfoUrl) } }).authenticate(bearer(accessToken))).id, "alice");
});

test("an unknown or revoked token: 401 invalid_token with a challenge, negatively cached", async () => {
  const fetch = counting();
  const auth = new Authenticator({ userinfo: userinfoUrl, fetch, realm: "api" });
  const e = await refusal(auth, "not-a-real-token");
  assert.equal(e.status, 401);
  assert.equal(e.code, "ERR_TOKEN_INACTIVE");
  assert.match(e.wwwAuthenticate, /^Bearer realm="api", error="invalid_token"/);
  assert.equal(e.cause.cause.status, 401, "the endpoint's own refusal is the cause");
  assert.equal((await refusal(auth, "not-a-real-token")).code, "ERR_TOKEN_INACTIVE");
  assert.equal(fetch.calls, 1, "the refusal is cached");
  // With no positive caching, revocation takes effect on the next request.
  const token = await login();
  const fresh = new Authenticator({ userinfo: userinfoUrl, cacheTtlSeconds: 0 });
  assert.equal((await fresh.authenticate(bearer(token))).id, "alice");
  await client.revoke(token);
  assert.equal((await refusal(fresh, token)).status, 401);
});

test("the provider down (closed port): 502, not cached", async () => {
  const dead = await startProvider();
  const url = `${dead.issuer}/me`;
  await dead.close();
  const fetch = counting();
  const auth = new Authenticator({ userinfo: url, fetch });
  for (let i = 0; i < 2; i++) {
    const e = await refusal(auth, accessToken);
    assert.equal(e.status, 502);
    assert.equal(e.code, "ERR_AUTH_UPSTREAM");
    assert.equal(e.wwwAuthenticate, undefined);
    assert.equal(e.cause.code, "ERR_NETWORK");
    assert.ok(!e.message.includes(accessToken) && !e.cause.message.includes(accessToken), "the token is not in the error");
  }
  assert.equal(fetch.calls, 2, "an outage is not cached");
  assert.equal(auth.cacheSize, 0);
});

test("toPrincipal maps the answer: claims or a Principal; null refuses (cached)", async () => {
  const seen = [];
  const auth = new Authenticator({
    userinfo: {
      url: userinfoUrl,
      toPrincipal: async (answer) => {
        seen.push(answer);
        return { sub: `user:${answer.sub}`, scope: answer.email_verified ? "notes:read" : "", team: "blue" };
      },
    },
  });
  const p = await auth.requireScopes(bearer(accessToken), "notes:read");
  assert.equal(p.id, "user:alice");
  assert.equal(p.claims.team, "blue");
  assert.equal(seen[0].email, "alice@example.test", "the function sees the whole answer");
  const forbidden = await auth.requireScopes(bearer(accessToken), "notes:write").then(() => null, (e) => e);
  assert.equal(forbidden.status, 403);

  const principal = Principal.fromClaims({ sub: "fixed" });
  assert.equal(await new Authenticator({ userinfo: { url: userinfoUrl, toPrincipal: () => principal } }).authenticate(bearer(accessToken)), principal);

  let calls = 0;
  const refusing = new Authenticator({ userinfo: { url: userinfoUrl, toPrincipal: () => (calls++, null) } });
  assert.equal((await refusal(refusing, accessToken)).status, 401);
  assert.equal((await refusal(refusing, accessToken)).code, "ERR_TOKEN_INACTIVE");
  assert.equal(calls, 1, "a refusal by toPrincipal is cached like the endpoint's");

  // A function that returns nonsense, or throws, is the app's bug: it propagates.
  await assert.rejects(new Authenticator({ userinfo: { url: userinfoUrl, toPrincipal: () => 42 } }).authenticate(bearer(accessToken)), { code: "ERR_CONFIG" });
  const oops = new Error("oops");
  await assert.rejects(new Authenticator({ userinfo: { url: userinfoUrl, toPrincipal: () => { throw oops; } } }).authenticate(bearer(accessToken)), (e) => e === oops);
});

test("answers that are not a user, from a loopback server: 502, not cached; 401/403 refuse the token", async () => {
  const cases = [
    [{ status: 200, type: "text/html", body: "<html>hi</html>" }, 502, "ERR_OAUTH_INVALID_RESPONSE"],
    [{ status: 200, body: '{"name":"no sub"}' }, 502, "ERR_OAUTH_INVALID_RESPONSE"],
    [{ status: 200, body: '{"sub":7}' }, 502, "ERR_OAUTH_INVALID_RESPONSE"],
    [{ status: 200, body: '["alice"]' }, 502, "ERR_OAUTH_INVALID_RESPONSE"],
    [{ status: 200, type: "application/jwt", body: "a.b.c" }, 502, "ERR_JOSE_NOT_SUPPORTED"],
    [{ status: 200, body: '{"sub":"alice","organizations":"not a list"}' }, 502, "ERR_JWT_CLAIM_INVALID"],
    [{ status: 500, body: "boom" }, 502, "ERR_HTTP"],
    [{ status: 400, body: '{"error":"invalid_request"}' }, 502, "ERR_HTTP"],
    [{ status: 302, body: "" }, 502, "ERR_HTTP"],
    [{ status: 401, body: "" }, 401, "ERR_HTTP"],
    [{ status: 403, body: '{"error":"insufficient_scope"}' }, 401, "ERR_HTTP"],
  ];
  for (const [answer, status, cause] of cases) {
    let calls = 0;
    const server = await upstream((req) => {
      calls += 1;
      assert.equal(req.headers.authorization, "Bearer tok-123");
      assert.equal(req.method, "GET");
      return answer;
    });
    try {
      const auth = new Authenticator({ userinfo: server.url });
      for (let i = 0; i < 2; i++) {
        const e = await refusal(auth, "tok-123");
        const what = JSON.stringify(answer);
        assert.equal(e.status, status, what);
        assert.equal(e.code, status === 401 ? "ERR_TOKEN_INACTIVE" : "ERR_AUTH_UPSTREAM", what);
        const root = status === 401 ? e.cause.cause : e.cause;
        assert.equal(root.code, cause, what);
        assert.ok(!e.message.includes("tok-123"), what);
      }
      assert.equal(calls, status === 502 ? 2 : 1, `${JSON.stringify(answer)}: only refusals are cached`);
    } finally {
      await server.close();
    }
  }
});

test("an endpoint that does not answer: 502 after timeoutMs", async () => {
  const server = await upstream(() => "hang");
  try {
    const e = await refusal(new Authenticator({ userinfo: { url: server.url, timeoutMs: 200 } }), "tok");
    assert.equal(e.status, 502);
    assert.equal(e.cause.code, "ERR_TIMEOUT");
  } finally {
    await server.close();
  }
});

test("configuration refused: audience, dpop, a second mode, a non-loopback http URL, unknown options", () => {
  const bad = [
    { userinfo: userinfoUrl, audience: "api" },
    { userinfo: userinfoUrl, dpop: true },
    { userinfo: userinfoUrl, jwks: { keys: [] } },
    { userinfo: "http://op.example/me" },
    { userinfo: "not a url" },
    { userinfo: 42 },
    { userinfo: { url: userinfoUrl, method: "POST" } },
    { userinfo: { url: userinfoUrl, toPrincipal: "sub" } },
    { userinfo: { url: userinfoUrl, timeoutMs: 0 } },
    { userinfo: {} },
  ];
  for (const options of bad) assert.throws(() => new Authenticator(options), { code: "ERR_CONFIG" }, JSON.stringify(options));
  // resource (RFC 9728 metadata) and issuer are fine: they publish, they do not check.
  const auth = new Authenticator({ userinfo: userinfoUrl, issuer: op.issuer, resource: "https://api.test/api" });
  assert.deepEqual(auth.resourceMetadata.authorization_servers, [op.issuer]);
});

test("edgeauth/express with a userinfo Authenticator, unchanged", async () => {
  const app = express();
  app.use(edgeauth(new Authenticator({ userinfo: userinfoUrl })));
  app.get("/me", (req, res) => res.json({ id: req.principal.id, name: req.principal.claims.name }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const ok = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.deepEqual(await ok.json(), { id: "alice", name: "Alice" });
    const no = await fetch(`${base}/me`, { headers: { authorization: "Bearer nope" } });
    assert.equal(no.status, 401);
    assert.match(no.headers.get("www-authenticate"), /error="invalid_token"/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test("edgeauth/hono in workerd: the same token through the UserInfo endpoint", async () => {
  const worker = await startWorker(fileURLToPath(new URL("./worker/userinfo-worker.mjs", import.meta.url)), { bindings: { USERINFO_URL: userinfoUrl } });
  try {
    const ok = await worker.dispatch("/me", { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { id: "alice", email: "alice@example.test", name: "Alice" });
    const no = await worker.dispatch("/me", { headers: { authorization: "Bearer nope" } });
    assert.equal(no.status, 401);
    assert.match(no.headers.get("www-authenticate"), /^Bearer realm="api", error="invalid_token"/);
    await no.text();
  } finally {
    await worker.mf.dispose();
  }
});
