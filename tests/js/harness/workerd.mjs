// Runs a Worker in the real Workers runtime (workerd, through miniflare) on
// loopback: bundles `entry` with esbuild under the `workerd` export condition
// (so `import "edgeauth"` or "edgeauth/edge" picks that entry's workerd
// loader) and serves each .wasm the bundle imports as a CompiledWasm module,
// as wrangler does.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";

/**
 * Bundle `entry` (an absolute path). Returns { script, wasm, modules }:
 * `wasm` the bytes of each imported .wasm by module name, `modules` the
 * miniflare module list (the script, then the .wasm modules).
 */
export async function bundleWorker(entry) {
  const wasm = {};
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
          build.onResolve({ filter: /\.wasm$/ }, (args) => {
            const name = basename(args.path);
            wasm[name] = readFileSync(join(args.resolveDir, args.path));
            return { path: name, external: true };
          });
        },
      },
    ],
  });
  const script = result.outputFiles[0].text;
  const modules = [{ type: "ESModule", path: "worker.mjs", contents: script }, ...Object.entries(wasm).map(([path, contents]) => ({ type: "CompiledWasm", path, contents }))];
  return { script, wasm, modules };
}

/** Start `entry` in workerd; returns { mf, dispatch(path, init) }. Call mf.dispose() when done. */
export async function startWorker(entry, options = {}) {
  return startModules((await bundleWorker(entry)).modules, options);
}

/** Start a Worker made of `modules` (miniflare module entries), already bundled. */
export async function startModules(modules, options = {}) {
  const mf = new Miniflare({ host: "127.0.0.1", compatibilityDate: "2025-09-01", modules, ...options });
  await mf.ready;
  return { mf, dispatch: (path, init) => mf.dispatchFetch(`http://worker.test${path}`, init) };
}
