// Single-use refresh rotation in Node with the in-process store (the race
// itself is tests/js/suites/rotation.mjs; Redis: redis-revocation.test.mjs;
// the Durable Object store: the workerd suite), and the consume() contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ea from "edgeauth";
import { rotationCases } from "./suites/rotation.mjs";

for (const { name, run } of rotationCases(ea, "memory", () => new ea.MemoryRevocationStore())) test(`node: ${name}`, run);

const secret = "a-rotation-secret-that-is-at-least-32-bytes";

test("MemoryRevocationStore.consume: an expired entry can be spent again", async () => {
  const store = new ea.MemoryRevocationStore();
  const now = Math.floor(Date.now() / 1000);
  await store.add("j3", now - 1);
  assert.equal(await store.consume("j3", now + 60), true);
  assert.equal(await store.consume("j3", now + 60), false);
});

test("rotateRefresh refuses stores that cannot spend atomically, and consume answers that are not booleans", async () => {
  const memory = new ea.MemoryRevocationStore();
  // A store written for the old interface (has/add only) is not silently used with has-then-add.
  const old = { has: (j) => memory.has(j), add: (j, e) => memory.add(j, e) };
  const issuer = new ea.TokenIssuer({ secret, revocation: old });
  const token = await issuer.issueRefresh("u1");
  await assert.rejects(issuer.rotateRefresh(token), (e) => e.code === "ERR_CONFIG" && /atomic consume/.test(e.message));
  const sloppy = new ea.TokenIssuer({ secret, revocation: { ...old, consume: async () => undefined } });
  await assert.rejects(sloppy.rotateRefresh(token), (e) => e.code === "ERR_CONFIG" && /boolean/.test(e.message));
  assert.equal((await issuer.verifyRefresh(token)).sub, "u1", "nothing was spent or revoked");
});
