// RedisRevocationStore against a real redis-server (Debian's package),
// started here on 127.0.0.1 with a random port and no persistence.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import * as jose from "jose";
import { createClient } from "redis";
import * as ea from "edgeauth";
import { issuerCases } from "./suites/issuer.mjs";
import { rotationCases } from "./suites/rotation.mjs";

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let redis;
let client;
before(async () => {
  const port = await freePort();
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on("error", () => {});
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
after(async () => {
  await client?.quit();
  redis?.kill();
});

let prefixes = 0;
const redisStore = () => new ea.RedisRevocationStore(client, { prefix: `t${Date.now()}-${prefixes++}:` });

for (const name of ["revocation is shared by two issuers on one store", "rotation spends the token once and detects reuse (the family is revoked)"]) {
  test(`redis: ${name}`, () => issuerCases(ea, jose, redisStore).find((c) => c.name === name).run());
}

// Through the real server: one SET NX per spend (the store's consume).
for (const { name, run } of rotationCases(ea, "redis", redisStore)) test(`redis: ${name}`, run);

test("redis: consume is SET NX with the token's TTL", async () => {
  const store = new ea.RedisRevocationStore(client, { prefix: "nx:" });
  assert.equal(await store.consume("j1", Math.floor(Date.now() / 1000) + 100), true);
  assert.ok((await client.ttl("nx:j1")) > 90);
});

test("redis: entries expire with the token", async () => {
  const store = new ea.RedisRevocationStore(client, { prefix: "exp:" });
  const now = Math.floor(Date.now() / 1000);
  await store.add("j1", now + 100);
  assert.equal(await store.has("j1"), true);
  assert.ok((await client.ttl("exp:j1")) > 90);
  await store.add("j2", now - 5);
  assert.ok((await client.ttl("exp:j2")) <= 1, "already-expired entries live at most a second");
  assert.equal(await store.has("missing"), false);
});
