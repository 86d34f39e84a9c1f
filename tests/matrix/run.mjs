// make test-matrix: the packed tarball in Node 20 and 22, Deno, Bun, workerd,
// Chromium, Firefox and WebKit (engines.mjs), plus the esbuild bundles, each
// from its own throwaway project and each running tests/matrix/conformance.mjs. Prints one line per runtime
// (`matrix: node22 pass ...`) and exits non-zero if any fails.
// Run by the system Node (the Node 20 of the matrix) after scripts/matrix-setup.sh.
// `node tests/matrix/run.mjs deno bun` runs only those runtimes.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeFixtures, makeProject, OUT, packedTarball, ROOT, run, startServer } from "./projects.mjs";
import { BINARIES, bun, chromiumPage, deno, esbuildBundles, node, workerd } from "./runtimes.mjs";
import { enginePage, engineVersion } from "./engines.mjs";

const RUNTIMES = {
  node20: node(process.execPath),
  node22: node(BINARIES.node22),
  deno,
  bun,
  workerd,
  chromium: chromiumPage,
  firefox: enginePage("firefox"),
  webkit: enginePage("webkit"),
  esbuild: esbuildBundles,
};

async function version(name) {
  const version = {
    node20: () => Promise.resolve(process.version),
    node22: () => run(BINARIES.node22, ["--version"]).then((o) => o.stdout),
    deno: () => run(BINARIES.deno, ["--version"]).then((o) => o.stdout.split(" (")[0]),
    bun: () => run(BINARIES.bun, ["--version"]).then((o) => `bun ${o.stdout}`),
    workerd: () => Promise.resolve(`workerd ${JSON.parse(readFileSync(join(ROOT, "node_modules/workerd/package.json"), "utf8")).version}`),
    chromium: () => run(BINARIES.chromium, ["--version"]).then((o) => o.stdout.split(" built")[0]),
    firefox: () => engineVersion("firefox"),
    webkit: () => engineVersion("webkit"),
    esbuild: () => import("esbuild").then((m) => `esbuild ${m.version}`),
  }[name];
  return (await version()).trim();
}

/** One runtime's verdict: every run produced a report and every case in it passed. */
function verdict(runs) {
  const failures = [];
  const parts = [];
  let ed25519;
  for (const r of runs) {
    if (r.error) {
      failures.push(`${r.label}: ${r.error}`);
      parts.push(`${r.label} error`);
      continue;
    }
    const passed = r.report.cases.filter((c) => c.ok).length;
    parts.push(`${r.label} ${passed}/${r.report.cases.length}`);
    if (r.report.mode === "main") ed25519 ??= r.report.ed25519;
    if (r.report.cases.length === 0) failures.push(`${r.label}: no cases ran`);
    for (const c of r.report.cases.filter((c) => !c.ok)) failures.push(`${r.label}: ${c.name}: ${c.error}`);
  }
  return { pass: failures.length === 0, failures, summary: `${parts.join(", ")}; Ed25519 ${{ host: "in host WebCrypto", wasm: "in wasm" }[ed25519] ?? "not probed"}` };
}

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNTIMES);
for (const name of chosen) if (!RUNTIMES[name]) throw new Error(`unknown runtime ${name}; known: ${Object.keys(RUNTIMES).join(", ")}`);

const tarball = packedTarball();
const keys = await makeFixtures();
const server = await startServer(keys.publicJwk);
const fixtures = { jwksUrl: `${server.url}/jwks.json`, remotePrivateJwk: keys.privateJwk };

// npm installs in parallel (mostly waiting on the cache), runtimes one at a time (2 cores).
const dirs = await Promise.all(chosen.map((name) => makeProject(name, tarball, fixtures)));
const results = [];
try {
  for (const [i, name] of chosen.entries()) {
    let runs;
    const hitsBefore = server.hits.jwks;
    try {
      runs = await RUNTIMES[name](dirs[i], { server, fixtures });
    } catch (e) {
      runs = [{ label: "setup", error: String(e?.stack ?? e) }];
    }
    // Each main run fetches the JWKS once: the server must have seen exactly that.
    const mainRuns = runs.filter((r) => r.report?.mode === "main").length;
    const hits = server.hits.jwks - hitsBefore;
    if (hits !== mainRuns) runs.push({ label: "jwks", error: `the loopback server saw ${hits} JWKS fetches for ${mainRuns} runs` });
    results.push({ name, version: await version(name).catch((e) => `unknown (${e.message})`), ...verdict(runs), runs });
  }
} finally {
  await server.close();
}

writeFileSync(join(OUT, "results.json"), `${JSON.stringify({ tarball, results }, null, 2)}\n`);
for (const r of results.filter((r) => !r.pass)) {
  console.log(`\n--- ${r.name} (${r.version}) failed:`);
  for (const f of r.failures) console.log(`  ${f.replace(/\n/g, "\n    ")}`);
}
console.log(`\nruntime matrix, ${server.hits.jwks} JWKS fetches from the loopback server (details: test-output/matrix/results.json):`);
for (const r of results) console.log(`matrix: ${r.name.padEnd(8)} ${r.pass ? "pass" : "FAIL"}  ${r.version}  (${r.summary})`);
const passed = results.filter((r) => r.pass).length;
console.log(`matrix: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
