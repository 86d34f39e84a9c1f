// make bench: edgeauth against jose, the raw WebCrypto floor and a minimal
// lower bound (split + base64url + JSON.parse), in Node
// and in workerd, in one run, alternating implementations each round to
// cancel machine drift. Prints a table and writes bench/results.json.
// `--quick`: tiny iteration counts, no conclusions (a smoke test for make test).
// `--only=TEXT`: only the workloads whose name contains TEXT, no size, memory
// or cold-start runs, results.json untouched (for profiling one row).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import * as jose from "jose";
import * as ea from "edgeauth";
import { bundleWorker, startModules, startWorker } from "../tests/js/harness/workerd.mjs";
import { runBatch, setup } from "./workloads.mjs";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const selected = (name) => only === undefined || name.includes(only);
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("edgeauth/package.json"));
const ROUNDS = quick ? 1 : 31;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (x === undefined ? "-" : x < 10 ? x.toFixed(2) : x.toFixed(1));

/** Operations per timed batch, sized so a batch takes tens of milliseconds. */
function batchSize(name) {
  if (name === "argon2id") return quick ? 1 : 5;
  if (quick) return 10;
  if (name.includes("RS256") && name.startsWith("sign")) return 100;
  if (name.includes("HS256") || name === "PKCE pair") return 1000;
  return 200;
}

async function timeRounds(impls, timeBatch) {
  const samples = Object.fromEntries(impls.map((i) => [i, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? impls : [...impls].reverse();
    for (const impl of order) samples[impl].push(await timeBatch(impl));
  }
  return Object.fromEntries(impls.map((i) => [i, median(samples[i])]));
}

async function benchNode() {
  const workloads = await setup(ea, jose);
  const out = {};
  for (const [name, impls] of Object.entries(workloads)) {
    if (!selected(name)) continue;
    const n = batchSize(name);
    for (const fn of Object.values(impls)) await runBatch(fn, Math.min(n, 200)); // warm up
    out[name] = await timeRounds(Object.keys(impls), async (impl) => {
      const t0 = process.hrtime.bigint();
      await runBatch(impls[impl], n);
      return Number(process.hrtime.bigint() - t0) / 1000 / n;
    });
  }
  return out;
}

async function benchWorkerd() {
  const worker = await startWorker(join(here, "worker.mjs"));
  try {
    const list = await (await worker.dispatch("/list")).json();
    const call = async (w, impl, n) => {
      const t0 = process.hrtime.bigint();
      const res = await worker.dispatch(`/run?w=${encodeURIComponent(w)}&impl=${impl}&n=${n}`);
      await res.text();
      return Number(process.hrtime.bigint() - t0) / 1000;
    };
    const out = {};
    for (const [name, impls] of Object.entries(list)) {
      if (!selected(name)) continue;
      const n = batchSize(name);
      for (const impl of impls) await call(name, impl, Math.min(n, 200)); // warm up
      out[name] = await timeRounds(impls, async (impl) => {
        const base = await call(name, impl, 0);
        return Math.max(0, (await call(name, impl, n)) - base) / n;
      });
    }
    return out;
  } finally {
    await worker.mf.dispose();
  }
}

function sizes() {
  const wasm = readFileSync(join(pkgDir, "wasm/edgeauth_bg.wasm"));
  const entries = {};
  for (const [entry, platform, conditions] of [
    ["entry/node.mjs", "node", ["node"]],
    ["entry/workerd.js", "neutral", ["workerd"]],
    ["entry/browser.js", "browser", ["browser"]],
  ]) {
    const built = esbuild.buildSync({
      entryPoints: [join(pkgDir, entry)],
      bundle: true,
      minify: true,
      format: "esm",
      platform,
      conditions,
      write: false,
      external: ["*.wasm", "node:*"],
      logLevel: "silent",
    });
    const js = built.outputFiles[0].contents;
    entries[entry] = { jsBytes: js.length, jsGzip: gzipSync(js, { level: 9 }).length };
  }
  return { wasmBytes: wasm.length, wasmGzip: gzipSync(wasm, { level: 9 }).length, entries };
}

function coldStartNode(specifier) {
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 5); i++) {
    const code = `const t=performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now()-t)`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: join(here, ".."), encoding: "utf8" });
    runs.push(Number(r.stdout.trim()));
  }
  return median(runs);
}

/**
 * Cold start in workerd: a fresh workerd process per run, timed from
 * starting workerd to the first response, for three Workers bundled
 * beforehand: one importing nothing, the same with the package's .wasm
 * listed as a module (workerd compiles every listed module at startup,
 * imported or not), and one importing edgeauth (which instantiates the
 * module and evaluates the package's JS). Alternating, median of the runs.
 */
async function coldStartWorkerd() {
  const { script, wasm } = await bundleWorker(join(here, "cold-edgeauth.mjs"));
  const trivial = readFileSync(join(here, "cold-trivial.mjs"), "utf8");
  const wasmModule = { type: "CompiledWasm", path: "edgeauth_bg.wasm", contents: wasm };
  const variants = {
    trivial: [{ type: "ESModule", path: "worker.mjs", contents: trivial }],
    withWasm: [{ type: "ESModule", path: "worker.mjs", contents: trivial }, wasmModule],
    edgeauth: [{ type: "ESModule", path: "worker.mjs", contents: script }, wasmModule],
  };
  const runs = { trivial: [], withWasm: [], edgeauth: [] };
  for (let i = 0; i < (quick ? 1 : 11); i++) {
    for (const [name, modules] of Object.entries(variants)) {
      const t0 = process.hrtime.bigint();
      const worker = await startModules(modules);
      await (await worker.dispatch("/")).text();
      runs[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      await worker.mf.dispose();
    }
  }
  const [trivialMs, withWasmMs, edgeauthMs] = [median(runs.trivial), median(runs.withWasm), median(runs.edgeauth)];
  return { trivialMs, withWasmMs, edgeauthMs, compileMs: withWasmMs - trivialMs, instantiateMs: edgeauthMs - withWasmMs, deltaMs: edgeauthMs - trivialMs };
}

function speedTable(results) {
  const lines = [];
  const over = (x, r) => (x !== undefined && r.floor !== undefined ? fmt(x - r.floor) : "-");
  for (const runtime of ["node", "workerd"]) {
    lines.push(`\n${runtime}: µs per operation (median of ${ROUNDS} rounds)`);
    lines.push(`${"workload".padEnd(14)} ${"jose".padStart(8)} ${"floor".padStart(8)} ${"minimal".padStart(8)} ${"edgeauth".padStart(9)}  e/jose  floor/jose  over floor: edgeauth  minimal  jose`);
    for (const [name, r] of Object.entries(results[runtime])) {
      const ratio = (x) => (r.jose && x !== undefined ? (x / r.jose).toFixed(2) : "-");
      lines.push(
        `${name.padEnd(14)} ${fmt(r.jose).padStart(8)} ${fmt(r.floor).padStart(8)} ${fmt(r.minimal).padStart(8)} ${fmt(r.edgeauth).padStart(9)}  ${ratio(r.edgeauth).padStart(6)}  ${ratio(r.floor).padStart(10)}  ${over(r.edgeauth, r).padStart(19)}  ${over(r.minimal, r).padStart(7)}  ${over(r.jose, r).padStart(4)}`,
      );
    }
    lines.push("(floor: crypto.subtle.verify alone; minimal: split + base64url + JSON.parse, no checks; floor/jose: the ratio a verifier costing nothing would get)");
  }
  return lines;
}

const results = { date: new Date().toISOString(), quick, node: await benchNode(), workerd: await benchWorkerd() };
if (only !== undefined) {
  console.log(speedTable(results).join("\n"));
  process.exit(0);
}
results.size = sizes();
const memoryChild = spawnSync(process.execPath, ["--expose-gc", join(here, "memory.mjs"), String(quick ? 5000 : 1_000_000)], { cwd: join(here, ".."), encoding: "utf8" });
if (memoryChild.status !== 0) throw new Error(`memory run failed: ${memoryChild.stderr}`);
results.memory = JSON.parse(memoryChild.stdout);
results.coldStart = {
  nodeImportMs: { edgeauth: coldStartNode("edgeauth"), jose: coldStartNode("jose") },
  workerd: await coldStartWorkerd(),
};

const lines = speedTable(results);
const s = results.size;
lines.push(`\nsize: wasm ${s.wasmBytes} B raw, ${s.wasmGzip} B gzip`);
for (const [entry, e] of Object.entries(s.entries)) lines.push(`      ${entry}: JS ${e.jsBytes} B minified, ${e.jsGzip} B gzip`);
const c = results.coldStart;
const w = c.workerd;
lines.push(`cold start: Node import edgeauth ${fmt(c.nodeImportMs.edgeauth)} ms (jose ${fmt(c.nodeImportMs.jose)} ms)`);
lines.push(`            workerd start to first response: trivial Worker ${fmt(w.trivialMs)} ms, + the .wasm module ${fmt(w.withWasmMs)} ms, importing edgeauth ${fmt(w.edgeauthMs)} ms`);
lines.push(`            = compiling the .wasm at startup ${fmt(w.compileMs)} ms + instantiating it and loading the JS ${fmt(w.instantiateMs)} ms (delta ${fmt(w.deltaMs)} ms)`);
const m = results.memory;
const mem = (x) => `RSS ${fmt(x.rssMiB)} / heap ${fmt(x.heapMiB)} / external ${fmt(x.externalMiB)} MiB`;
lines.push(`memory: ${m.calls} authenticate calls over 2,048 tokens, cacheMaxEntries 1,024 (cache ${m.cacheSize} entries), after gc:`);
lines.push(`        10%: ${mem(m.at10)}; 50%: ${mem(m.at50)}; all: ${mem(m.atEnd)} (RSS x${m.growth.toFixed(2)})`);
console.log(lines.join("\n"));
if (!quick) writeFileSync(join(here, "results.json"), `${JSON.stringify(results, null, 1)}\n`);
console.log(quick ? "\nbench smoke run: ok" : "\nwrote bench/results.json");
