// edgeauth/express from CommonJS: require("edgeauth") loads the CommonJS
// entry (its own copy of the library) and require("edgeauth/express") the ES
// module (Node >= 20.19), which imports the ES entry. An Authenticator of
// one copy must work with the middleware of the other.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const express = require("express");
const { Authenticator, generateKeyPair, signJwt } = require("edgeauth");
const { edgeauth, requireScopes } = require("edgeauth/express");

test("CommonJS Authenticator, ES module middleware: refusals and principals", async () => {
  const { privateJwk, publicJwk } = await generateKeyPair("EdDSA");
  const auth = new Authenticator({ issuer: "https://issuer.test", resource: "https://api.test/notes", jwks: { keys: [publicJwk] } });
  const app = express();
  app.use(edgeauth(auth, { optional: true }));
  app.get("/notes", requireScopes("notes:read"), (req, res) => res.json({ id: req.principal.id }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/notes`;
    const missing = await fetch(url);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer resource_metadata="https://api.test/.well-known/oauth-protected-resource/notes"');
    const sign = (scope) => signJwt({ iss: "https://issuer.test", aud: "https://api.test/notes", sub: "u1", scope, exp: Math.floor(Date.now() / 1000) + 60 }, privateJwk, { alg: "EdDSA", kid: publicJwk.kid });
    const forbidden = await fetch(url, { headers: { authorization: `Bearer ${await sign("notes:write")}` } });
    assert.equal(forbidden.status, 403);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${await sign("notes:read")}` } });
    assert.deepEqual(await ok.json(), { id: "u1" });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
