// The JOSE suite inside workerd (miniflare from npm), from the package's
// workerd entry: each case is one request to a Worker running the suite.
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorker } from "./harness/workerd.mjs";

const worker = await startWorker(fileURLToPath(new URL("./worker/suite-worker.mjs", import.meta.url)), { kvNamespaces: ["REVOKED"], durableObjects: { STORE: "EdgeAuthDurableObject" } });
after(() => worker.mf.dispose());

const names = await (await worker.dispatch("/list")).json();

test("workerd: the suite is present", () => {
  if (names.length < 20) throw new Error(`only ${names.length} cases`);
});

for (const name of names) {
  test(`workerd: ${name}`, async () => {
    const result = await (await worker.dispatch(`/run?case=${encodeURIComponent(name)}`)).json();
    if (!result.ok) throw new Error(result.error);
  });
}
