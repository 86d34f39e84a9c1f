// KvReplayStore over a real Durable Object's storage in workerd (miniflare):
// the storage ignores the TTL, so the stored expiry decides.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorker } from "./harness/workerd.mjs";

const worker = await startWorker(fileURLToPath(new URL("./worker/replay-do-worker.mjs", import.meta.url)), { durableObjects: { REPLAY: "ReplayObject" } });
after(() => worker.mf.dispose());

const add = async (key, expiresAt, now) => (await worker.dispatch("/", { method: "POST", body: JSON.stringify({ key, expiresAt, now }) })).json();

test("workerd: KvReplayStore on Durable Object storage refuses a seen id until it expires", async () => {
  assert.equal(await add("acme/id-1", 1300, 1000), true);
  assert.equal(await add("acme/id-1", 1300, 1200), false);
  assert.equal(await add("acme/id-1", 1300, 1300), false);
  assert.equal(await add("acme/id-2", 1300, 1000), true);
  assert.equal(await add("acme/id-1", 1700, 1301), true, "an expired id may be recorded again");
  assert.equal(await add("acme/id-1", 1700, 1400), false);
});
