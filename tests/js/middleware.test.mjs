// edgeauth/hono and edgeauth/express with the real frameworks, through the
// installed package: Hono in Node (app.request) and in workerd (miniflare),
// Express on a loopback port. One app per host (tests/js/apps/), the same
// cases for all three; every refusal must be exactly what the Authenticator's
// AuthError.toResponse() answers (status, challenge, headers, body).
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import * as ea from "edgeauth";
import { authenticators, ISSUER, RESOURCE } from "./apps/authenticators.mjs";
import { honoApp } from "./apps/hono-app.mjs";
import { expressApp } from "./apps/express-app.mjs";
import { startWorker } from "./harness/workerd.mjs";

const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
const config = { jwks: { keys: [{ ...(await jose.exportJWK(publicKey)), alg: "ES256", kid: "k1", use: "sig" }] } };
const sign = (claims = {}, expiresIn = "10m") =>
  new jose.SignJWT({ iss: ISSUER, aud: RESOURCE, sub: "alice", ...claims }).setProtectedHeader({ alg: "ES256", kid: "k1" }).setIssuedAt().setExpirationTime(expiresIn).sign(privateKey);
const bearer = (token) => ({ headers: { authorization: `Bearer ${token}` } });
const METADATA_URL = "https://api.test/.well-known/oauth-protected-resource/api";

// The same Authenticators in this process: what the apps must answer.
const mine = authenticators(ea, config);
const request = (path, init = {}) => new Request(`https://api.test${path}`, init);
async function refusalOf(run) {
  try {
    await run();
  } catch (e) {
    if (e instanceof ea.AuthError) return e.toResponse();
    throw e;
  }
  throw new Error("expected a refusal");
}
const refusal = (path, init, auth = mine.auth) => refusalOf(() => auth.authenticate(request(path, init)));
const forbidden = async (path, init, requirement) => refusalOf(async () => mine.auth.authorize(await mine.auth.authenticate(request(path, init)), requirement));

async function assertSameAnswer(actual, expected, what) {
  assert.equal(actual.status, expected.status, `${what}: status`);
  for (const name of ["www-authenticate", "content-type", "cache-control"]) assert.equal(actual.headers.get(name), expected.headers.get(name), `${what}: ${name}`);
  assert.equal(await actual.text(), await expected.text(), `${what}: body`);
}

const hosts = {
  "hono in Node": async () => {
    const app = honoApp(config);
    return { send: (path, init) => app.request(path, init), close: async () => {} };
  },
  "hono in workerd": async () => {
    const worker = await startWorker(fileURLToPath(new URL("./worker/hono-worker.mjs", import.meta.url)), { bindings: { CONFIG: JSON.stringify(config) } });
    return { send: (path, init) => worker.dispatch(path, init), close: () => worker.mf.dispose() };
  },
  "express in Node": async () => {
    const server = expressApp(config).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${server.address().port}`;
    return { send: (path, init) => fetch(`${base}${path}`, init), close: () => new Promise((resolve) => server.close(resolve)) };
  },
};

for (const [host, start] of Object.entries(hosts)) {
  describe(host, async () => {
    const app = await start();
    after(() => app.close());
    const json = async (path, init) => {
      const response = await app.send(path, init);
      assert.equal(response.status, 200, `${path}: ${response.status} ${response.headers.get("www-authenticate")}`);
      return response.json();
    };

    test("no token: 401 with realm and resource_metadata, exactly as toResponse()", async () => {
      const expected = await refusal("/me");
      assert.equal(expected.headers.get("www-authenticate"), `Bearer realm="api", resource_metadata="${METADATA_URL}"`);
      await assertSameAnswer(await app.send("/me"), expected, "/me");
      await assertSameAnswer(await app.send("/strict/me"), await refusal("/strict/me"), "/strict/me (blocking)");
    });

    test("optional mode records principal and authError and never blocks", async () => {
      assert.deepEqual(await json("/public"), { principal: null, authError: "ERR_AUTH_MISSING_TOKEN" });
      assert.deepEqual(await json("/public", bearer(await sign())), { principal: "alice", authError: null });
      assert.deepEqual(await json("/public", bearer(await sign({}, Math.floor(Date.now() / 1000) - 120))), { principal: null, authError: "ERR_JWT_EXPIRED" });
      assert.deepEqual(await json("/public", { headers: { authorization: "Bearer a b" } }), { principal: null, authError: "ERR_AUTH_INVALID_REQUEST" });
    });

    test("valid tokens pass requireAuth and the blocking middleware", async () => {
      assert.deepEqual(await json("/me", bearer(await sign())), { principal: "alice", authError: null });
      assert.deepEqual(await json("/strict/me", bearer(await sign({ sub: "bob" }))), { principal: "bob", authError: null });
    });

    test("a token for another resource, an expired token, a malformed header: 401/401/400", async () => {
      const other = bearer(await sign({ aud: "https://other.test/api" }));
      const expected = await refusal("/me", other);
      assert.match(expected.headers.get("www-authenticate"), /error="invalid_token"/);
      await assertSameAnswer(await app.send("/me", other), expected, "other audience");
      const expired = bearer(await sign({}, Math.floor(Date.now() / 1000) - 120));
      await assertSameAnswer(await app.send("/me", expired), await refusal("/me", expired), "expired");
      const malformed = { headers: { authorization: "Bearer a b" } };
      const bad = await refusal("/me", malformed);
      assert.equal(bad.status, 400);
      await assertSameAnswer(await app.send("/me", malformed), bad, "malformed");
      await assertSameAnswer(await app.send("/strict/me", malformed), await refusal("/strict/me", malformed), "malformed, blocking");
    });

    test("requireScopes / requirePermission follow the resource:action rules", async () => {
      assert.equal((await json("/notes", bearer(await sign({ scope: "notes:read" })))).principal, "alice");
      assert.equal((await json("/notes/write", bearer(await sign({ scope: "notes:**" })))).principal, "alice");
      const readOnly = bearer(await sign({ scope: "notes:read" }));
      const expected = await forbidden("/notes/write", readOnly, { scopes: ["notes:write"] });
      assert.equal(expected.status, 403);
      assert.equal(expected.headers.get("www-authenticate"), `Bearer realm="api", error="insufficient_scope", error_description="missing scope: notes:write", scope="notes:write", resource_metadata="${METADATA_URL}"`);
      await assertSameAnswer(await app.send("/notes/write", readOnly), expected, "missing scope");
      const none = bearer(await sign());
      await assertSameAnswer(await app.send("/notes", none), await forbidden("/notes", none, { scopes: ["notes:read"] }), "no scope");
    });

    test("requireOrganization checks membership, role and organization scopes", async () => {
      const organizations = [
        { id: "o1", scopes: ["admin", "reports:read"] },
        { id: "o2", scopes: ["member"] },
      ];
      const token = bearer(await sign({ organizations }));
      assert.equal((await json("/orgs/o1/admin", token)).principal, "alice");
      assert.equal((await json("/orgs/o1/reports", token)).principal, "alice");
      await assertSameAnswer(await app.send("/orgs/o2/admin", token), await forbidden("/orgs/o2/admin", token, { organization: "o2", role: "admin" }), "member, not admin");
      await assertSameAnswer(await app.send("/orgs/o3/admin", token), await forbidden("/orgs/o3/admin", token, { organization: "o3", role: "admin" }), "not a member");
      const outside = bearer(await sign({ scope: "reports:read", organizations }));
      await assertSameAnswer(await app.send("/orgs/o2/reports", outside), await forbidden("/orgs/o2/reports", outside, { organization: "o2", scopes: ["reports:read"] }), "scope outside the organization");
      // A resolver that names no organization never skips the membership check.
      const noOrg = await forbidden("/no-org/reports", outside, { organization: null, scopes: ["reports:read"] });
      assert.equal(noOrg.status, 403);
      await assertSameAnswer(await app.send("/no-org/reports", outside), noOrg, "no organization named");
    });

    test("the JWK Set unreachable: 502 without a challenge", async () => {
      const token = bearer(await sign());
      const expected = await refusal("/down/me", token, mine.down);
      assert.equal(expected.status, 502);
      assert.equal(expected.headers.get("www-authenticate"), null);
      await assertSameAnswer(await app.send("/down/me", token), expected, "502");
    });

    test("the RFC 9728 document is served on its §3.1 path and the root path", async () => {
      for (const path of ["/.well-known/oauth-protected-resource/api", "/.well-known/oauth-protected-resource"]) {
        const response = await app.send(path);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers.get("content-type"), "application/json");
        assert.equal(response.headers.get("access-control-allow-origin"), "*");
        assert.deepEqual(await response.json(), mine.auth.resourceMetadata);
      }
      assert.equal(mine.auth.resourceMetadata.resource, RESOURCE);
      assert.deepEqual(mine.auth.resourceMetadata.authorization_servers, [ISSUER]);
      const preflight = await app.send("/.well-known/oauth-protected-resource/api", { method: "OPTIONS" });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get("access-control-allow-methods"), /GET/);
      assert.equal((await app.send("/.well-known/oauth-protected-resource/other")).status, 404);
    });
  });
}
