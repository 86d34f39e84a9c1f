// Transport failures in front of the real provider: a loopback proxy that
// misbehaves on purpose (503 then success, a hang, a tampered ID token)
// between the client and oidc-provider's token endpoint. The proxy is the
// only stand-in here; the provider behind it is real.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { OAuthClient } from "edgeauth";
import { startProvider, REDIRECT_URI } from "../provider/provider.mjs";

let op;
let proxy;
let mode = "pass";
let hits = 0;

before(async () => {
  op = await startProvider();
  proxy = createServer(async (req, res) => {
    hits += 1;
    if (mode === "hang") return; // never answers; the client times out
    if (mode === "503-once" && hits === 1) return res.writeHead(503, { "retry-after": "0" }).end("busy");
    if (mode === "503-always") return res.writeHead(503).end("busy");
    let body = "";
    for await (const chunk of req) body += chunk;
    const upstream = await fetch(`${op.issuer}/token`, { method: "POST", headers: { authorization: req.headers.authorization, "content-type": req.headers["content-type"] }, body });
    let text = await upstream.text();
    if (mode === "tamper" && upstream.ok) {
      const json = JSON.parse(text);
      const [h, p, s] = json.id_token.split(".");
      const claims = JSON.parse(Buffer.from(p, "base64url"));
      claims.sub = "mallory";
      json.id_token = [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join(".");
      text = JSON.stringify(json);
    }
    res.writeHead(upstream.status, { "content-type": "application/json" }).end(text);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
});
after(async () => {
  proxy.closeAllConnections();
  proxy.close();
  await op.close();
});

const viaProxy = (options = {}) =>
  OAuthClient.discover(op.issuer, {
    clientId: "basic-client",
    clientSecret: op.clients["basic-client"].client_secret,
    redirectUri: REDIRECT_URI,
    endpoints: { token_endpoint: `http://127.0.0.1:${proxy.address().port}/token` },
    ...options,
  });

function reset(next) {
  mode = next;
  hits = 0;
}

test("a 503 with Retry-After, then success: retried once", async () => {
  const c = await viaProxy({ maxRetries: 2 });
  reset("503-once");
  const tokens = await c.clientCredentials();
  assert.ok(tokens.accessToken);
  assert.equal(hits, 2);
});

test("5xx until retries run out: a retriable HttpError", async () => {
  const c = await viaProxy({ maxRetries: 1 });
  reset("503-always");
  await assert.rejects(c.clientCredentials(), { code: "ERR_HTTP", status: 503, retriable: true });
  assert.equal(hits, 2);
});

test("an OAuth error is final: not retried", async () => {
  const c = await viaProxy({ maxRetries: 3 });
  reset("pass");
  await assert.rejects(c.refresh("not-a-refresh-token"), { code: "ERR_OAUTH_RESPONSE", error: "invalid_grant" });
  assert.equal(hits, 1);
});

test("a hang: TimeoutError after timeoutMs, retried maxRetries times", async () => {
  const c = await viaProxy({ timeoutMs: 200, maxRetries: 1 });
  reset("hang");
  await assert.rejects(c.clientCredentials(), { code: "ERR_TIMEOUT", retriable: true });
  assert.equal(hits, 2);
});

test("a tampered ID token is refused (signature)", async () => {
  const c = await viaProxy();
  reset("tamper");
  const auth = await c.authorizationUrl({ scope: "openid" });
  const { callbackUrl } = await op.login(auth.url);
  await assert.rejects(c.handleCallback(callbackUrl, auth), { code: "ERR_JWS_SIGNATURE_INVALID" });
});

test("custom headers reach the server; http: is refused off loopback", async () => {
  let seen;
  const c = await viaProxy({ fetch: (url, init) => ((seen = init.headers), fetch(url, init)), headers: { "x-trace": "t-1" } });
  reset("pass");
  await c.clientCredentials();
  assert.equal(seen["x-trace"], "t-1");
  assert.equal(seen.authorization.startsWith("Basic "), true, "the core's headers win over custom ones");
  await assert.rejects(viaProxy({ endpoints: { token_endpoint: "http://op.example/token" } }).then((x) => x.clientCredentials()), { code: "ERR_CONFIG" });
});
