// Runs a Worker in the real Workers runtime (workerd, through miniflare) on
// loopback: bundles `entry` with esbuild under the `workerd` export condition
// (so `import "edgeauth"` picks the package's workerd entry) and serves the
// package's .wasm as a CompiledWasm module, as wrangler does.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";

/** Bundle `entry` (an absolute path); the .wasm comes from the edgeauth that `entry` resolves. */
export async function bundleWorker(entry) {
  const wasmPath = join(dirname(createRequire(entry).resolve("edgeauth/package.json")), "wasm/edgeauth_bg.wasm");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "warning",
    // Workers' own modules (cloudflare:workers) are the runtime's.
    external: ["cloudflare:*"],
    plugins: [
      {
        name: "wasm-module",
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, () => ({ path: "edgeauth_bg.wasm", external: true }));
        },
      },
    ],
  });
  return { script: result.outputFiles[0].text, wasm: readFileSync(wasmPath) };
}

/** Start `entry` in workerd; returns { mf, dispatch(path, init) }. Call mf.dispose() when done. */
export async function startWorker(entry, options = {}) {
  const { script, wasm } = await bundleWorker(entry);
  return startModules(
    [
      { type: "ESModule", path: "worker.mjs", contents: script },
      { type: "CompiledWasm", path: "edgeauth_bg.wasm", contents: wasm },
    ],
    options,
  );
}

/** Start a Worker made of `modules` (miniflare module entries), already bundled. */
export async function startModules(modules, options = {}) {
  const mf = new Miniflare({ host: "127.0.0.1", compatibilityDate: "2025-09-01", modules, ...options });
  await mf.ready;
  return { mf, dispatch: (path, init) => mf.dispatchFetch(`http://worker.test${path}`, init) };
}
