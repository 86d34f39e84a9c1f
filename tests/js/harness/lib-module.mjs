// A module of pkg-template/lib/ for tests that reach below the public API
// (tests/js/wycheproof.test.mjs): bundled the way scripts/build-entries.mjs
// bundles the full entry, against the INSTALLED package's full glue and
// error classes, so it shares their wasm instance once "edgeauth" is imported.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const ROOT = new URL("../../../", import.meta.url).pathname;

/** Import pkg-template/lib/`name` bound to node_modules/edgeauth's full module. */
export async function libModule(name) {
  const pkg = dirname(createRequire(join(ROOT, "package.json")).resolve("edgeauth/package.json"));
  const outfile = join(ROOT, "test-output/lib", name);
  mkdirSync(dirname(outfile), { recursive: true });
  const external = (path) => () => ({ path: pathToFileURL(join(pkg, path)).href, external: true });
  await esbuild.build({
    entryPoints: [join(ROOT, "pkg-template/lib", name)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "warning",
    plugins: [
      {
        name: "installed-edgeauth",
        setup(build) {
          build.onResolve({ filter: /^\.\.\/wasm\/edgeauth\.js$/ }, external("wasm/edgeauth.js"));
          build.onResolve({ filter: /^\.\/errors\.js$/ }, external("lib/errors.js"));
        },
      },
    ],
  });
  return import(pathToFileURL(outfile).href);
}
