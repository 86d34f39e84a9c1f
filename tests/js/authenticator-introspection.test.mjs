// Authenticator with RFC 7662 introspection of opaque tokens, against the
// real oidc-provider on 127.0.0.1 (tests/provider/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Authenticator, OAuthClient } from "edgeauth";
import { startProvider } from "../provider/provider.mjs";

let op;
let client;
before(async () => {
  op = await startProvider();
  client = await OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: "basic-secret-with-enough-entropy-0123456789" });
});
after(() => op?.close());

const bearer = (token) => new Request("https://api.test/x", { headers: { authorization: `Bearer ${token}` } });

test("an active opaque token yields its principal; revoked → 401; not cached past revocation with TTL 0", async () => {
  const auth = new Authenticator({ issuer: op.issuer, introspection: client, cacheTtlSeconds: 0 });
  const { accessToken } = await client.clientCredentials({ scope: "openid" });
  assert.ok(!accessToken.includes("."), "an opaque token");
  const principal = await auth.authenticate(bearer(accessToken));
  assert.equal(principal.id, "basic-client", "client-credentials tokens: the client is the principal");
  await client.revoke(accessToken);
  const refused = await auth.authenticate(bearer(accessToken)).then(() => null, (e) => e);
  assert.equal(refused?.status, 401);
  assert.equal(refused.code, "ERR_TOKEN_INACTIVE");
  assert.match(refused.wwwAuthenticate, /error="invalid_token"/);
  const unknown = await auth.authenticate(bearer("not-a-real-token")).then(() => null, (e) => e);
  assert.equal(unknown.code, "ERR_TOKEN_INACTIVE");
});

test("a wrongly configured client (introspection refused) and a dead provider are 502", async () => {
  const wrong = await OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: "not-the-secret-but-long-enough-0123456789" });
  const auth = new Authenticator({ issuer: op.issuer, introspection: wrong });
  const e = await auth.authenticate(bearer("whatever")).then(() => null, (x) => x);
  assert.equal(e.status, 502);
  assert.equal(e.code, "ERR_AUTH_UPSTREAM");
  const dead = await startProvider();
  const deadClient = await OAuthClient.discover(dead.issuer, { clientId: "basic-client", clientSecret: "basic-secret-with-enough-entropy-0123456789", maxRetries: 0 });
  await dead.close();
  const e2 = await new Authenticator({ issuer: dead.issuer, introspection: deadClient }).authenticate(bearer("x")).then(() => null, (x) => x);
  assert.equal(e2.status, 502);
});
