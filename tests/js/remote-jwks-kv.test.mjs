// createRemoteJwks(url, { kv, waitUntil }): the JWK Set shared across
// isolates through Workers KV. In workerd with a real KV namespace
// (miniflare) and a JWKS server on loopback that counts its requests; then
// the option's edges in Node.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import * as jose from "jose";
import * as ea from "edgeauth";
import { startWorker } from "./harness/workerd.mjs";

async function key(kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const sign = (sub) => new jose.SignJWT({ iss: "https://issuer.test", aud: "api", sub }).setProtectedHeader({ alg: "ES256", kid }).setExpirationTime("10m").sign(privateKey);
  return { jwk, sign };
}
const k1 = await key("k1");
const k2 = await key("k2");

/** The issuer's JWKS endpoint: `keys`, or 503 while `down`; counts requests. */
const issuer = { keys: [k1.jwk], down: false, requests: 0 };
const server = createServer((req, res) => {
  issuer.requests += 1;
  if (issuer.down) return res.writeHead(503).end("down");
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: issuer.keys }));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
after(() => new Promise((resolve) => server.close(resolve)));

describe("workerd, real KV", () => {
  let worker;
  let kv;
  before(async () => {
    worker = await startWorker(fileURLToPath(new URL("./worker/jwks-kv-worker.mjs", import.meta.url)), { kvNamespaces: ["JWKS"], bindings: { JWKS_ORIGIN: ORIGIN } });
    kv = await worker.mf.getKVNamespace("JWKS");
  });
  after(() => worker?.mf.dispose());

  const verify = async (token, query = "fresh") => (await worker.dispatch(`/verify?token=${token}&${query}`)).json();
  /** The KV copy once it holds `count` keys (the write runs after the response, through waitUntil). */
  async function stored(count) {
    for (let i = 0; i < 100; i++) {
      const state = await kv.get(`edgeauth:jwks:${ORIGIN}/jwks`, "json");
      if (state?.jwks.keys.length === count) return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`KV never held ${count} keys`);
  }

  test("the first isolate fetches and writes KV; the next ones read KV and do not fetch", async () => {
    assert.deepEqual(await verify(await k1.sign("a")), { ok: true, sub: "a" });
    assert.equal(issuer.requests, 1);
    const state = await stored(1);
    assert.equal(state.url, `${ORIGIN}/jwks`);
    assert.equal(typeof state.fetchedAt, "number");
    for (const sub of ["b", "c", "d"]) assert.deepEqual(await verify(await k1.sign(sub)), { ok: true, sub });
    assert.equal(issuer.requests, 1, "fresh isolates used the KV copy");
  });

  test("rotation: an unknown kid refetches once and updates KV for everyone", async () => {
    issuer.keys = [k1.jwk, k2.jwk];
    assert.deepEqual(await verify(await k2.sign("r")), { ok: true, sub: "r" });
    assert.equal(issuer.requests, 2);
    await stored(2);
    assert.deepEqual(await verify(await k2.sign("s")), { ok: true, sub: "s" });
    assert.equal(issuer.requests, 2, "the rotated set came from KV");
  });

  test("cooldown: unknown kids within one isolate fetch at most once", async () => {
    await verify(await k1.sign("warm"), "");
    const before = issuer.requests;
    const stranger = await key("k9");
    for (let i = 0; i < 5; i++) assert.deepEqual(await verify(await stranger.sign("x"), ""), { ok: false, code: "ERR_JWKS_NO_MATCHING_KEY" });
    assert.ok(issuer.requests - before <= 1, `${issuer.requests - before} fetches`);
  });

  test("stale-if-error: a KV copy past maxAge still serves while the issuer is down", async () => {
    issuer.down = true;
    const before = issuer.requests;
    assert.deepEqual(await verify(await k2.sign("stale"), "fresh&maxAge=0"), { ok: true, sub: "stale" });
    assert.equal(issuer.requests, before + 1, "it tried the issuer first");
    assert.deepEqual(await verify(await k2.sign("none"), "fresh&path=/other"), { ok: false, code: "ERR_HTTP" }, "no copy anywhere: the issuer's error");
    issuer.down = false;
  });
});

describe("Node: the kv option's edges", () => {
  const mapKv = (map = new Map()) => ({
    map,
    async get(k, type) {
      assert.equal(type, "json");
      return map.has(k) ? JSON.parse(map.get(k)) : null;
    },
    async put(k, v, options) {
      assert.ok(options.expirationTtl >= 60);
      map.set(k, v);
    },
  });

  test("waitUntil gets the write; a throwing waitUntil (an unbound ctx.waitUntil) falls back to awaiting it", async () => {
    const kv = mapKv();
    const handed = [];
    const jwks = ea.createRemoteJwks(`${ORIGIN}/jwks`, { kv, waitUntil: (p) => handed.push(p), kvKey: "k", kvTtlSeconds: 120 });
    await ea.verifyJwt(await k1.sign("a"), jwks, { issuer: "https://issuer.test", audience: "api" });
    assert.equal(handed.length, 1);
    await handed[0];
    assert.equal(JSON.parse(kv.map.get("k")).url, `${ORIGIN}/jwks`);
    const other = mapKv();
    const illegal = ea.createRemoteJwks(`${ORIGIN}/jwks`, { kv: other, waitUntil: () => { throw new TypeError("Illegal invocation"); } });
    await ea.verifyJwt(await k1.sign("b"), illegal, { issuer: "https://issuer.test", audience: "api" });
    assert.equal(other.map.size, 1, "written anyway");
  });

  test("a failing or corrupt KV costs only a fetch", async () => {
    const before = issuer.requests;
    const broken = { get: async () => { throw new Error("KV down"); }, put: async () => { throw new Error("KV down"); } };
    const jwks = ea.createRemoteJwks(`${ORIGIN}/jwks`, { kv: broken });
    assert.equal((await ea.verifyJwt(await k1.sign("a"), jwks, { issuer: "https://issuer.test", audience: "api" })).payload.sub, "a");
    const corrupt = mapKv(new Map([[`edgeauth:jwks:${ORIGIN}/jwks`, JSON.stringify({ url: `${ORIGIN}/jwks`, jwks: { keys: "nope" }, fetchedAt: 1 })]]));
    const again = ea.createRemoteJwks(`${ORIGIN}/jwks`, { kv: corrupt });
    assert.equal((await ea.verifyJwt(await k1.sign("b"), again, { issuer: "https://issuer.test", audience: "api" })).payload.sub, "b");
    const foreign = mapKv(new Map([[`edgeauth:jwks:${ORIGIN}/jwks`, JSON.stringify({ url: "https://elsewhere.test/jwks", jwks: { keys: [k2.jwk] }, fetchedAt: 2e9 })]]));
    const third = ea.createRemoteJwks(`${ORIGIN}/jwks`, { kv: foreign });
    assert.equal((await ea.verifyJwt(await k1.sign("c"), third, { issuer: "https://issuer.test", audience: "api" })).payload.sub, "c", "another URL's copy is not used");
    assert.equal(issuer.requests, before + 3);
  });

  test("bad kv options are ConfigErrors", () => {
    for (const options of [{ kv: {} }, { kv: mapKv(), waitUntil: 5 }, { waitUntil: () => {} }, { kv: mapKv(), kvTtlSeconds: 59 }, { kv: mapKv(), kvKey: "" }, { kv: mapKv(), kvKey: "x".repeat(513) }]) {
      assert.throws(() => ea.createRemoteJwks(`${ORIGIN}/jwks`, options), { code: "ERR_CONFIG" }, Object.keys(options).join());
    }
  });
});
