// The reference management API as a Worker (worker-example/management/worker.mjs)
// in the real Workers runtime (workerd through miniflare) on loopback, with a
// Workers KV namespace as its replay store; the client runs in Node.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { generateDelegationKeys } from "edgeauth";
import { startWorker } from "./harness/workerd.mjs";
import { managementTests } from "./suites/management.mjs";

let worker;
after(() => worker?.mf.dispose());

managementTests("workerd", async () => {
  const server = generateDelegationKeys();
  const tenants = { acme: generateDelegationKeys(), globex: generateDelegationKeys() };
  worker = await startWorker(fileURLToPath(new URL("../../worker-example/management/worker.mjs", import.meta.url)), {
    bindings: { SERVER_SECRET_KEY: server.secretKey, TENANTS: JSON.stringify({ acme: tenants.acme.publicKey, globex: tenants.globex.publicKey }) },
    kvNamespaces: ["REPLAY"],
  });
  const url = (await worker.mf.ready).origin;
  return { url, tenants, stranger: generateDelegationKeys(), serverPublicKey: server.publicKey, close: async () => {} };
});

test("workerd: accepted request ids are in Workers KV", async () => {
  const kv = await worker.mf.getKVNamespace("REPLAY");
  const { keys } = await kv.list({ prefix: "edgeauth-replay:acme/" });
  assert.ok(keys.length >= 5, `${keys.length} ids recorded`);
  assert.ok(keys.every((k) => /^edgeauth-replay:acme\/[A-Za-z0-9_-]{22}$/.test(k.name)));
});
