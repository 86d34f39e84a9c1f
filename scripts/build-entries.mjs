// Builds the package's JavaScript around the wasm modules that
// scripts/build-pkg.sh left in pkg/wasm/ (one wasm-bindgen glue per module,
// untouched). One source, generated entries:
//
//   dist/<entry>.js     the entry's export list (pkg-template/lib/index.js,
//                       edge.js, login.js) bundled with the lib/ files it
//                       needs, bound to its module's glue; ESM
//   entry/…             the per-runtime loaders (pkg-template/entry/*) of
//                       each entry: entry/ for the full one, entry/edge/ and
//                       entry/login/ for the lean ones. They instantiate the
//                       module and re-export dist/<entry>.js; node.cjs is a
//                       CommonJS bundle of the same
//   lib/errors.js       the error classes, ONE module every ESM entry and
//   lib/errors.cjs      every glue imports (and its CommonJS build), so
//   lib/error-bridge.js `instanceof` holds across entries
//   lib/hono.js         the middleware (edgeauth/hono, edgeauth/express,
//   lib/express.js      over lib/guard.js), shipped as written (they import
//   lib/{hono,express}.cjs  edgeauth/edge by name), and their CommonJS builds
//
// Lean modules compute no Ed25519: their bundles take lib/ed25519-none.js
// in place of lib/ed25519-wasm.js. Every wasm export a bundle calls must
// exist in its module's glue (checked here), so lib/ never calls an export
// a module lacks.
// Usage: node scripts/build-entries.mjs (from the repo root, after the glue is in pkg/wasm/)
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as esbuild from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;
const TEMPLATE = join(ROOT, "pkg-template");
const PKG = join(ROOT, "pkg");

/** The entries: export list in pkg-template/lib/, glue in pkg/wasm/, loaders' directory. */
const ENTRIES = {
  full: { list: "index.js", glue: "edgeauth", loaders: "entry" },
  edge: { list: "edge.js", glue: "edgeauth_edge", loaders: "entry/edge" },
  login: { list: "login.js", glue: "edgeauth_login", loaders: "entry/login" },
};
const LOADERS = ["node.mjs", "workerd.js", "browser.js", "browser-inline.js"];
// Shipped as they are: the error classes (and their bridge for the glues),
// and the middleware, which import the package's edge entry by name.
const SHARED = ["errors.js", "error-bridge.js", "guard.js", "hono.js", "express.js"];

const posix = (from, to) => {
  const path = relative(from, to).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
};

/** The names a glue module exports (wasm-bindgen's `export function|class NAME` and `export { … }`). */
function glueExports(glue) {
  const text = readFileSync(join(PKG, "wasm", `${glue}.js`), "utf8");
  const names = [...text.matchAll(/^export (?:function|class|const|let) (\w+)/gm)].map((m) => m[1]);
  for (const m of text.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of m[1].split(",")) names.push(part.trim().split(/\s+as\s+/).at(-1));
  }
  return new Set(names);
}

/** Fails unless every `ns.name` the bundle reads from its glue namespace is a glue export. */
function checkGlueUse(bundle, specifier, exported, where) {
  const imports = [...bundle.matchAll(/^import (.+) from "([^"]+)";$/gm)].filter((m) => m[2] === specifier);
  const missing = new Set();
  for (const [line, clause] of imports) {
    const ns = /^\* as (\w+)$/.exec(clause)?.[1];
    if (!ns) throw new Error(`${where}: expected only namespace imports of ${specifier}, found: ${line}`);
    for (const m of bundle.matchAll(new RegExp(`(?<![\\w$./-])${ns}\\.(\\w+)`, "g"))) if (!exported.has(m[1])) missing.add(m[1]);
  }
  if (missing.size > 0) throw new Error(`${where} calls wasm exports its module lacks: ${[...missing].join(", ")}`);
}

/**
 * esbuild plugin: lib/'s `../wasm/edgeauth.js` becomes this entry's glue,
 * lib/errors.js stays the shared module (both external), and a lean
 * module's bundle gets ed25519-none.js.
 */
function libPlugin({ outDir, glue, ed25519 }) {
  return {
    name: "edgeauth-lib",
    setup(build) {
      build.onResolve({ filter: /^\.\.\/wasm\/edgeauth\.js$/ }, () => ({ path: posix(outDir, join(PKG, "wasm", `${glue}.js`)), external: true }));
      build.onResolve({ filter: /^\.\/errors\.js$/ }, () => ({ path: posix(outDir, join(PKG, "lib/errors.js")), external: true }));
      if (!ed25519) build.onResolve({ filter: /^\.\/ed25519-wasm\.js$/ }, (args) => ({ path: join(args.resolveDir, "ed25519-none.js") }));
    },
  };
}

/** A loader template with its imports pointed at this entry's glue, .wasm and bundle. */
function loader(template, { loaders, glue }, name) {
  const dir = join(PKG, loaders);
  const swaps = {
    "../wasm/edgeauth.js": join(PKG, "wasm", `${glue}.js`),
    "../wasm/edgeauth_bg.wasm": join(PKG, "wasm", `${glue}_bg.wasm`),
    "../wasm/edgeauth_bg.wasm.base64.js": join(PKG, "wasm", `${glue}_bg.wasm.base64.js`),
    "../lib/index.js": join(PKG, "dist", `${name}.js`),
  };
  let text = readFileSync(join(TEMPLATE, "entry", template), "utf8");
  text = text.replace(/"(\.\.\/[^"]+)"/g, (whole, path) => {
    if (!(path in swaps)) throw new Error(`pkg-template/entry/${template}: unknown path ${path}`);
    return JSON.stringify(posix(dir, swaps[path]));
  });
  return text;
}

/** The CommonJS bundle of an entry: its lib and glue inside, the error classes from lib/errors.cjs. */
async function buildCjs(entry, name) {
  const dir = join(PKG, entry.loaders);
  const source = join(dir, "node-cjs.src.mjs");
  writeFileSync(source, loader("node-cjs.src.mjs", entry, name));
  const errors = join(PKG, "lib/errors.js");
  await esbuild.build({
    entryPoints: [source],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    outfile: join(dir, "node.cjs"),
    logLevel: "warning",
    logOverride: { "empty-import-meta": "silent" },
    plugins: [
      {
        name: "edgeauth-errors-cjs",
        setup(build) {
          build.onResolve({ filter: /errors\.js$/ }, (args) => {
            if (join(args.resolveDir, args.path) !== errors) return undefined;
            return { path: posix(dir, join(PKG, "lib/errors.cjs")), external: true };
          });
        },
      },
    ],
  });
  rmSync(source);
}

mkdirSync(join(PKG, "lib"), { recursive: true });
for (const file of SHARED) copyFileSync(join(TEMPLATE, "lib", file), join(PKG, "lib", file));
await esbuild.build({ entryPoints: [join(PKG, "lib/errors.js")], format: "cjs", platform: "neutral", outfile: join(PKG, "lib/errors.cjs"), logLevel: "warning" });
// The middleware's CommonJS twins (package.json's `require` condition): they
// require the package's CommonJS entry and hono's CommonJS build, so a
// CommonJS app meets one copy of each (the same classes its own require()
// gives it).
for (const name of ["hono", "express"]) {
  await esbuild.build({
    entryPoints: [join(PKG, "lib", `${name}.js`)],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["edgeauth", "edgeauth/*", "hono", "hono/*"],
    outfile: join(PKG, "lib", `${name}.cjs`),
    logLevel: "warning",
  });
}

for (const [name, entry] of Object.entries(ENTRIES)) {
  const exported = glueExports(entry.glue);
  const outDir = join(PKG, "dist");
  const outfile = join(outDir, `${name}.js`);
  await esbuild.build({
    entryPoints: [join(TEMPLATE, "lib", entry.list)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "warning",
    plugins: [libPlugin({ outDir, glue: entry.glue, ed25519: exported.has("generateEd25519") })],
  });
  checkGlueUse(readFileSync(outfile, "utf8"), posix(outDir, join(PKG, "wasm", `${entry.glue}.js`)), exported, `dist/${name}.js`);
  mkdirSync(join(PKG, entry.loaders), { recursive: true });
  for (const template of LOADERS) writeFileSync(join(PKG, entry.loaders, template), loader(template, entry, name));
  await buildCjs(entry, name);
  console.log(`entry ${name}: dist/${name}.js, ${entry.loaders}/{${[...LOADERS, "node.cjs"].join(",")}} over wasm/${entry.glue}_bg.wasm`);
}
