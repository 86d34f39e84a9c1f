// Replay stores over real Durable Objects in workerd (miniflare): KvReplayStore
// on a Durable Object's own storage (which ignores the TTL, so the stored
// expiry decides), and DurableObjectReplayStore over the package's
// EdgeAuthDurableObject (DPoP proof jtis, delegation request ids).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorker } from "./harness/workerd.mjs";

const worker = await startWorker(fileURLToPath(new URL("./worker/replay-do-worker.mjs", import.meta.url)), {
  durableObjects: { REPLAY: "ReplayObject", STORE: "EdgeAuthDurableObject" },
});
after(() => worker.mf.dispose());

const post = (path, body) => worker.dispatch(path, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

for (const path of ["/", "/edgeauth"]) {
  const add = async (key, expiresAt, now) => (await post(path, { key, expiresAt, now })).json();
  test(`workerd: ${path === "/" ? "KvReplayStore on Durable Object storage" : "DurableObjectReplayStore"} refuses a seen id until it expires`, async () => {
    assert.equal(await add("acme/id-1", 1300, 1000), true);
    assert.equal(await add("acme/id-1", 1300, 1200), false);
    assert.equal(await add("acme/id-1", 1300, 1300), false);
    assert.equal(await add("acme/id-2", 1300, 1000), true);
    assert.equal(await add("acme/id-1", 1700, 1301), true, "an expired id may be recorded again");
    assert.equal(await add("acme/id-1", 1700, 1400), false);
  });
}

test("workerd: DurableObjectReplayStore checks its arguments; EdgeAuthDurableObject answers 400 to malformed calls", async () => {
  assert.deepEqual(await (await post("/edgeauth", { key: 5, expiresAt: 1, now: 0 })).json(), { code: "ERR_CONFIG" });
  assert.deepEqual(await (await post("/edgeauth", { key: "k", expiresAt: "x", now: 0 })).json(), { code: "ERR_CONFIG" });
  for (const body of ["not json", "{}", JSON.stringify({ op: "drop", key: "k", expiresAt: 1, now: 0 }), JSON.stringify({ op: "add", key: "k", now: 0 }), JSON.stringify({ op: "has", key: "k".repeat(2000), now: 0 })]) {
    const res = await post("/raw", body);
    assert.equal(res.status, 400, body.slice(0, 40));
    assert.ok((await res.json()).error, "names what was expected");
  }
  assert.equal(await (await post("/raw", { op: "consume", key: "k", expiresAt: 10, now: 0 })).json(), true, "a well-formed call works");
});
