// The shared suites inside workerd (miniflare from npm), from the package's
// workerd loaders: the full entry (suite-worker.mjs) and the edge entry
// (edge-suite-worker.mjs); each case is one request to a Worker running it.
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorker } from "./harness/workerd.mjs";

for (const [label, file] of [["workerd", "suite-worker.mjs"], ["workerd edge", "edge-suite-worker.mjs"]]) {
  const worker = await startWorker(fileURLToPath(new URL(`./worker/${file}`, import.meta.url)), { kvNamespaces: ["REVOKED"], durableObjects: { STORE: "EdgeAuthDurableObject" } });
  after(() => worker.mf.dispose());
  const names = await (await worker.dispatch("/list")).json();

  test(`${label}: the suite is present`, () => {
    if (names.length < 20) throw new Error(`only ${names.length} cases`);
  });

  for (const name of names) {
    test(`${label}: ${name}`, async () => {
      const result = await (await worker.dispatch(`/run?case=${encodeURIComponent(name)}`)).json();
      if (!result.ok) throw new Error(result.error);
    });
  }
}
