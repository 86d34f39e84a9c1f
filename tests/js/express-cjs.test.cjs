// edgeauth/express from CommonJS: require("edgeauth") loads the CommonJS
// entry (its own copy of the library) and require("edgeauth/express") the
// middleware's CommonJS build (lib/express.cjs, over the CommonJS entry).
// The ES module middleware (import(), over the ES entry) must work with
// the CommonJS Authenticator too: an Authenticator of one copy with the
// middleware of the other.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const express = require("express");
const { Authenticator, generateKeyPair, signJwt } = require("edgeauth");

for (const [name, load] of [["CommonJS", async () => require("edgeauth/express")], ["ES module", () => import("edgeauth/express")]]) {
  test(`CommonJS Authenticator, ${name} middleware: refusals and principals`, async () => {
    const { edgeauth, requireScopes } = await load();
    await checkMiddleware(edgeauth, requireScopes);
  });
}

test("require() gets the CommonJS build of the middleware, import() the ES one", async () => {
  assert.match(require.resolve("edgeauth/express"), /lib[\\/]express\.cjs$/);
  assert.notEqual(require("edgeauth/express").edgeauth, (await import("edgeauth/express")).edgeauth);
});

async function checkMiddleware(edgeauth, requireScopes) {
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
}
