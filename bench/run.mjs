// make bench: edgeauth's edge entry against jose, the raw WebCrypto floor
// and a minimal lower bound (split + base64url + JSON.parse), in Node and in
// workerd, in one run, alternating implementations each round to cancel
// machine drift; what each entry ships beside the peers (bench/sizes.mjs);
// cold starts per entry. Prints tables and writes bench/results.json.
// `--quick`: tiny iteration counts, no conclusions (a smoke test for make test).
// `--only=TEXT`: only the workloads whose name contains TEXT, no size, memory
// or cold-start runs, results.json untouched (for profiling one row).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as jose from "jose";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import { bundleWorker, startModules, startWorker } from "../tests/js/harness/workerd.mjs";
import { sizeLines, sizes } from "./sizes.mjs";
import { runBatch, setup } from "./workloads.mjs";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const selected = (name) => only === undefined || name.includes(only);
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("edgeauth/package.json"));
const edgeGlue = await import(pathToFileURL(join(pkgDir, "wasm/edgeauth_edge.js")).href); // the instance edgeauth/edge made
const STRING_ROW = "token→wasm x100";
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
  const workloads = await setup({ edge, full, edgeGlue }, jose);
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
 * starting workerd to the first response, for Workers bundled beforehand:
 * one importing nothing, and per entry the same with the entry's .wasm
 * listed as a module (workerd compiles every listed module at startup,
 * imported or not) and one importing the entry (which instantiates the
 * module and evaluates the package's JS). Alternating; the breakdown uses
 * the fastest of the runs of each Worker (other load on the machine only
 * ever adds time), the medians are kept beside it.
 */
async function coldStartWorkerd() {
  const trivial = [{ type: "ESModule", path: "worker.mjs", contents: readFileSync(join(here, "cold-trivial.mjs"), "utf8") }];
  const variants = { trivial };
  for (const [entry, file] of Object.entries(COLD)) {
    const { modules } = await bundleWorker(join(here, file));
    variants[`${entry} wasm`] = [...trivial, ...modules.slice(1)];
    variants[entry] = modules;
  }
  const runs = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (let i = 0; i < (quick ? 1 : 15); i++) {
    for (const [name, modules] of Object.entries(variants)) {
      const t0 = process.hrtime.bigint();
      const worker = await startModules(modules);
      await (await worker.dispatch("/")).text();
      runs[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      await worker.mf.dispose();
    }
  }
  const fastest = (xs) => Math.min(...xs);
  const trivialMs = fastest(runs.trivial);
  const out = { trivialMs, medianMs: Object.fromEntries(Object.entries(runs).map(([k, xs]) => [k, median(xs)])), entries: {} };
  for (const entry of Object.keys(COLD)) {
    const withWasmMs = fastest(runs[`${entry} wasm`]);
    const importMs = fastest(runs[entry]);
    out.entries[entry] = { withWasmMs, importMs, compileMs: withWasmMs - trivialMs, instantiateMs: importMs - withWasmMs, deltaMs: importMs - trivialMs };
  }
  return out;
}

const COLD = { edgeauth: "cold-edgeauth.mjs", "edgeauth/edge": "cold-edge.mjs", "edgeauth/login": "cold-login.mjs" };

function speedTable(results) {
  const lines = [];
  const over = (x, r) => (x !== undefined && r.floor !== undefined ? fmt(x - r.floor) : "-");
  for (const runtime of ["node", "workerd"]) {
    lines.push(`\n${runtime}: µs per operation (median of ${ROUNDS} rounds)`);
    lines.push(`${"workload".padEnd(14)} ${"jose".padStart(8)} ${"floor".padStart(8)} ${"minimal".padStart(8)} ${"edgeauth".padStart(9)}  e/jose  floor/jose  over floor: edgeauth  minimal  jose`);
    for (const [name, r] of Object.entries(results[runtime])) {
      if (name === STRING_ROW) continue;
      const ratio = (x) => (r.jose && x !== undefined ? (x / r.jose).toFixed(2) : "-");
      lines.push(
        `${name.padEnd(14)} ${fmt(r.jose).padStart(8)} ${fmt(r.floor).padStart(8)} ${fmt(r.minimal).padStart(8)} ${fmt(r.edgeauth).padStart(9)}  ${ratio(r.edgeauth).padStart(6)}  ${ratio(r.floor).padStart(10)}  ${over(r.edgeauth, r).padStart(19)}  ${over(r.minimal, r).padStart(7)}  ${over(r.jose, r).padStart(4)}`,
      );
    }
    lines.push("(edgeauth: the edge entry; argon2id: the full entry. floor: crypto.subtle.verify alone; minimal: split + base64url + JSON.parse, no checks; floor/jose: the ratio a verifier costing nothing would get)");
    const t = results[runtime][STRING_ROW];
    if (t) lines.push(`${STRING_ROW} (a ${"RS256"} token, µs per 100 copies): edgeauth (encodeInto into its scratch) ${fmt(t.edgeauth)}, the removed glue patch ${fmt(t.patched)}, the glue as generated ${fmt(t.generated)}`);
  }
  return lines;
}

const results = { date: new Date().toISOString(), quick, node: await benchNode(), workerd: await benchWorkerd() };
if (only !== undefined) {
  console.log(speedTable(results).join("\n"));
  process.exit(0);
}
results.size = await sizes();
const memoryChild = spawnSync(process.execPath, ["--expose-gc", join(here, "memory.mjs"), String(quick ? 5000 : 1_000_000)], { cwd: join(here, ".."), encoding: "utf8" });
if (memoryChild.status !== 0) throw new Error(`memory run failed: ${memoryChild.stderr}`);
results.memory = JSON.parse(memoryChild.stdout);
results.coldStart = {
  nodeImportMs: Object.fromEntries(["edgeauth", "edgeauth/edge", "edgeauth/login", "jose"].map((s) => [s, coldStartNode(s)])),
  workerd: await coldStartWorkerd(),
};

const lines = speedTable(results);
lines.push(...sizeLines(results.size));
const c = results.coldStart;
const w = c.workerd;
lines.push(`\ncold start: Node import ${Object.entries(c.nodeImportMs).map(([s, ms]) => `${s} ${fmt(ms)} ms`).join(", ")}`);
lines.push(`            workerd start to first response (fastest of the runs): trivial Worker ${fmt(w.trivialMs)} ms; per entry: + its .wasm module, importing it`);
for (const [entry, e] of Object.entries(w.entries)) {
  lines.push(`            ${entry.padEnd(15)} ${fmt(e.withWasmMs)} ms, ${fmt(e.importMs)} ms = compiling the .wasm at startup ${fmt(e.compileMs)} ms + instantiating it and loading the JS ${fmt(e.instantiateMs)} ms`);
}
lines.push(`            compile edge / full ${(w.entries["edgeauth/edge"].compileMs / w.entries.edgeauth.compileMs).toFixed(2)}, login / full ${(w.entries["edgeauth/login"].compileMs / w.entries.edgeauth.compileMs).toFixed(2)}`);
const m = results.memory;
const mem = (x) => `RSS ${fmt(x.rssMiB)} / heap ${fmt(x.heapMiB)} / external ${fmt(x.externalMiB)} MiB`;
lines.push(`memory: ${m.calls} authenticate calls over 2,048 tokens, cacheMaxEntries 1,024 (cache ${m.cacheSize} entries), after gc:`);
lines.push(`        10%: ${mem(m.at10)}; 50%: ${mem(m.at50)}; all: ${mem(m.atEnd)} (RSS x${m.growth.toFixed(2)})`);
console.log(lines.join("\n"));
if (!quick) writeFileSync(join(here, "results.json"), `${JSON.stringify(results, null, 1)}\n`);
console.log(quick ? "\nbench smoke run: ok" : "\nwrote bench/results.json");
