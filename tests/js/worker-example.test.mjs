// worker-example/ (Hono + edgeauth/hono) in the real Workers runtime (workerd
// via miniflare), with a JWKS server on 127.0.0.1 and Workers KV for the JWK Set cache.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { generateKeyPair, signJwt } from "edgeauth";
import { startWorker } from "./harness/workerd.mjs";

const ENTRY = fileURLToPath(new URL("../../worker-example/src/worker.js", import.meta.url));
const ISSUER = "https://issuer.test";
const AUDIENCE = "https://api.test";

/** A JWKS endpoint on loopback that counts fetches and can go down. */
async function jwksServer(keys) {
  const server = { keys, hits: 0, down: false };
  const http = createServer((req, res) => {
    server.hits += 1;
    if (server.down) {
      res.statusCode = 503;
      return res.end("down");
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: server.keys }));
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  server.url = `http://127.0.0.1:${http.address().port}/jwks`;
  server.close = () => new Promise((resolve) => http.close(resolve));
  return server;
}

const now = () => Math.floor(Date.now() / 1000);
const key = await generateKeyPair("ES256");
const sign = (claims, k = key) => signJwt({ iss: ISSUER, aud: AUDIENCE, sub: "user-1", exp: now() + 600, ...claims }, k.privateJwk, { alg: "ES256", kid: k.publicJwk.kid });

async function worker(jwks, extra = {}) {
  return startWorker(ENTRY, { kvNamespaces: ["JWKS_CACHE"], durableObjects: { AUTH_STORE: "EdgeAuthDurableObject" }, bindings: { ISSUER, AUDIENCE, JWKS_URL: jwks.url, ADMIN_SCOPE: "admin:read", ...extra } });
}
const get = (w, path, token) => w.dispatch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("worker-example in workerd", () => {
  let jwks;
  let w;
  before(async () => {
    jwks = await jwksServer([key.publicJwk]);
    w = await worker(jwks);
  });
  after(async () => {
    await w.mf.dispose();
    await jwks.close();
  });

  test("/health is public", async () => {
    const r = await get(w, "/health");
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { ok: true });
  });

  test("no token → 401 with a Bearer and a DPoP challenge", async () => {
    const r = await get(w, "/api/me");
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("www-authenticate"), `Bearer realm="${AUDIENCE}", DPoP realm="${AUDIENCE}", algs="ES256 ES384 EdDSA PS256 PS384 PS512 RS256 RS384 RS512"`);
    assert.equal((await r.json()).error, "ERR_AUTH_MISSING_TOKEN");
  });

  test("valid token → 200 with the principal; the JWK Set lands in KV", async () => {
    const r = await get(w, "/api/me", await sign({ scope: "users:read", email: "u@example.com" }));
    assert.equal(r.status, 200);
    const me = await r.json();
    assert.equal(me.id, "user-1");
    assert.equal(me.email, "u@example.com");
    assert.deepEqual(me.scopes, ["users:read"]);
    const kv = await w.mf.getKVNamespace("JWKS_CACHE");
    let saved;
    // Written after the response (waitUntil).
    for (let i = 0; i < 100 && !saved; i++) saved = await kv.get(`edgeauth:jwks:${jwks.url}`, "json") ?? await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(saved.jwks.keys[0].kid, key.publicJwk.kid);
  });

  test("bad signature and expired token → 401 invalid_token", async () => {
    const other = await generateKeyPair("ES256");
    const forged = await signJwt({ iss: ISSUER, aud: AUDIENCE, sub: "x", exp: now() + 60 }, other.privateJwk, { alg: "ES256", kid: key.publicJwk.kid });
    for (const [token, code] of [
      [forged, "ERR_JWS_SIGNATURE_INVALID"],
      [await sign({ exp: now() - 120 }), "ERR_JWT_EXPIRED"],
      [await sign({ aud: "https://other.test" }), "ERR_JWT_CLAIM_INVALID"],
    ]) {
      const r = await get(w, "/api/me", token);
      assert.equal(r.status, 401, code);
      assert.match(r.headers.get("www-authenticate"), /^Bearer realm="https:\/\/api.test", error="invalid_token", error_description="/);
      assert.equal((await r.json()).error, code);
    }
  });

  test("missing scope → 403 insufficient_scope; with it → 200", async () => {
    const r = await get(w, "/api/admin", await sign({ scope: "users:read" }));
    assert.equal(r.status, 403);
    assert.equal(r.headers.get("www-authenticate"), `Bearer realm="${AUDIENCE}", error="insufficient_scope", error_description="missing scope: admin:read", scope="admin:read"`);
    const ok = await get(w, "/api/admin", await sign({ scope: "admin:*" }));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { admin: true, id: "user-1" });
  });

  test("a burst of 1,000 invalid tokens causes at most one upstream fetch", async () => {
    const before = jwks.hits;
    const forger = await generateKeyPair("ES256");
    for (let i = 0; i < 1000; i++) {
      const t = await signJwt({ iss: ISSUER, aud: AUDIENCE, sub: `x${i}`, exp: now() + 60 }, forger.privateJwk, { alg: "ES256", kid: `unknown-${i}` });
      assert.equal((await get(w, "/api/me", t)).status, 401);
    }
    assert.ok(jwks.hits - before <= 1, `${jwks.hits - before} upstream fetches`);
  });
});

test("JWKS endpoint down → 502 without a challenge", async () => {
  const jwks = await jwksServer([key.publicJwk]);
  jwks.down = true;
  const w = await worker(jwks);
  try {
    const r = await get(w, "/api/me", await sign({}));
    assert.equal(r.status, 502);
    assert.equal(r.headers.get("www-authenticate"), null);
    assert.equal((await r.json()).error, "ERR_AUTH_UPSTREAM");
  } finally {
    await w.mf.dispose();
    await jwks.close();
  }
});

test("key rotation: a new kid is served after exactly one refetch", async () => {
  const jwks = await jwksServer([key.publicJwk]);
  const w = await worker(jwks, { JWKS_COOLDOWN_SECONDS: "0" });
  try {
    assert.equal((await get(w, "/api/me", await sign({}))).status, 200);
    assert.equal(jwks.hits, 1);
    const rotated = await generateKeyPair("EdDSA");
    jwks.keys = [key.publicJwk, rotated.publicJwk];
    const token = await signJwt({ iss: ISSUER, aud: AUDIENCE, sub: "rotated", exp: now() + 60 }, rotated.privateJwk, { alg: "EdDSA", kid: rotated.publicJwk.kid });
    const r = await get(w, "/api/me", token);
    assert.equal(r.status, 200);
    assert.equal((await r.json()).id, "rotated");
    assert.equal(jwks.hits, 2);
    assert.equal((await get(w, "/api/me", token)).status, 200);
    assert.equal(jwks.hits, 2, "no further fetch");
  } finally {
    await w.mf.dispose();
    await jwks.close();
  }
});
