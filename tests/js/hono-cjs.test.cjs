// edgeauth/hono from CommonJS: require("edgeauth/hono") gets the
// middleware's CommonJS build (lib/hono.cjs, over the CommonJS edge entry and
// hono's CommonJS build, the copy of hono a CommonJS app has), and a
// CommonJS Hono app answers as the ES module tests expect.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { Hono } = require("hono");
const { Authenticator, generateKeyPair, signJwt } = require("edgeauth");
const { edgeauth, requireScopes } = require("edgeauth/hono");

test("CommonJS Hono app: metadata, 401, 403 and the principal", async () => {
  assert.match(require.resolve("edgeauth/hono"), /lib[\\/]hono\.cjs$/);
  const { privateJwk, publicJwk } = await generateKeyPair("EdDSA");
  const auth = new Authenticator({ issuer: "https://issuer.test", resource: "https://api.test/notes", jwks: { keys: [publicJwk] } });
  const app = new Hono()
    .use(edgeauth(auth, { optional: true }))
    .get("/notes", requireScopes("notes:read"), (c) => c.json({ id: c.get("principal").id }));
  const metadata = await app.request("https://api.test/.well-known/oauth-protected-resource/notes");
  assert.equal((await metadata.json()).resource, "https://api.test/notes");
  const missing = await app.request("https://api.test/notes");
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get("www-authenticate"), 'Bearer resource_metadata="https://api.test/.well-known/oauth-protected-resource/notes"');
  const sign = (scope) => signJwt({ iss: "https://issuer.test", aud: "https://api.test/notes", sub: "u1", scope, exp: Math.floor(Date.now() / 1000) + 60 }, privateJwk, { alg: "EdDSA", kid: publicJwk.kid });
  const forbidden = await app.request("https://api.test/notes", { headers: { authorization: `Bearer ${await sign("notes:write")}` } });
  assert.equal(forbidden.status, 403);
  assert.match(forbidden.headers.get("www-authenticate"), /error="insufficient_scope"/);
  const ok = await app.request("https://api.test/notes", { headers: { authorization: `Bearer ${await sign("notes:read")}` } });
  assert.deepEqual(await ok.json(), { id: "u1" });
});
