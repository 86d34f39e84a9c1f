// RFC 9700 items proven against a real server on 127.0.0.1 that no other
// JS test pins down (docs/security.md maps every item to its test).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { OAuthClient } from "edgeauth";

let followed = 0;
const server = createServer((req, res) => {
  const base = `http://127.0.0.1:${server.address().port}`;
  if (req.url === "/.well-known/openid-configuration") {
    res.setHeader("content-type", "application/json");
    return res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token`, authorization_endpoint: `${base}/auth` }));
  }
  if (req.url === "/token") {
    res.writeHead(307, { location: `${base}/phish` });
    return res.end();
  }
  followed += 1;
  res.end("{}");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => server.close());

test("RFC 9700 §4.12: a 307 from the token endpoint is not followed (credentials are not re-posted)", async () => {
  const client = await OAuthClient.discover(base, { clientId: "c", clientSecret: "s", maxRetries: 0 });
  await assert.rejects(client.clientCredentials({ scope: "api" }), { code: "ERR_HTTP", status: 307 });
  assert.equal(followed, 0, "the redirect target never saw the request");
});
