// What a user ships: each entry of the installed package and each peer,
// bundled the same way (esbuild --bundle --minify, gzip -9), for browsers
// and for workerd. A browser bundle of an entry streams its .wasm (the
// `browser` condition), so it ships JS + .wasm; the `edgeauth-inline`
// condition puts the .wasm inside the JS. A workerd bundle ships JS + .wasm
// (a compiled module). Peers have no .wasm. Each entry is also built as its
// users would with `vite build` and `wrangler deploy --dry-run` (defaults:
// Vite minifies, wrangler does not).
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { build as viteBuild } from "vite";

const ROOT = new URL("..", import.meta.url).pathname;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

export const ENTRIES = ["edgeauth", "edgeauth/edge", "edgeauth/login"];

/** The peers, each as the calls its job needs (the baselines). */
export const PEERS = {
  "jose jwtVerify + createRemoteJWKSet": 'export { jwtVerify, createRemoteJWKSet } from "jose";',
  "hono/jwk middleware": 'export { jwk } from "hono/jwk";',
  "oauth4webapi PKCE login": `export { discoveryRequest, processDiscoveryResponse, generateRandomCodeVerifier, calculatePKCECodeChallenge,
    generateRandomState, generateRandomNonce, validateAuthResponse, authorizationCodeGrantRequest, processAuthorizationCodeResponse,
    refreshTokenGrantRequest, processRefreshTokenResponse, None } from "oauth4webapi";`,
  "oidc-client-ts UserManager": 'export { UserManager } from "oidc-client-ts";',
};

const TARGETS = {
  browser: { platform: "browser", conditions: [] },
  inline: { platform: "browser", conditions: ["edgeauth-inline"] },
  workerd: { platform: "neutral", conditions: ["workerd", "worker", "browser"] },
};

/**
 * Bundle `contents` for `target`; returns gzip sizes { js, wasm, total },
 * `wasm` being the .wasm files the bundle imports (workerd) or fetches by
 * `new URL(…, import.meta.url)` (browsers), read from the package; an inline
 * bundle carries its .wasm in the JS (the glue's unused URL stays in it).
 */
function bundle(contents, target) {
  const wasmFiles = new Map();
  const built = esbuild.buildSync({
    stdin: { contents, resolveDir: ROOT, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    mainFields: ["module", "main"],
    ...TARGETS[target],
    write: false,
    logLevel: "silent",
    external: ["*.wasm"],
  });
  const js = built.outputFiles[0].contents;
  const text = new TextDecoder().decode(js);
  const pkgWasm = join(ROOT, "node_modules/edgeauth/wasm");
  if (target !== "inline") for (const m of text.matchAll(/["']([^"']*?(edgeauth\w*_bg\.wasm))["']/g)) wasmFiles.set(m[2], readFileSync(join(pkgWasm, basename(m[2]))));
  const wasm = [...wasmFiles.values()].reduce((n, b) => n + gzip(b), 0);
  return { jsBytes: js.length, js: gzip(js), wasm, total: gzip(js) + wasm };
}

/**
 * `vite build` of an app using every export of `entry`: { js, wasm, total }
 * gzip, summed over what Vite writes. (An app build drops its entry's own
 * exports, so the app keeps the namespace alive.)
 */
async function viteSize(entry, dir) {
  writeFileSync(join(dir, "main.mjs"), `import * as ea from "${entry}";\nglobalThis.edgeauth = ea;\n`);
  const out = await viteBuild({ root: dir, logLevel: "silent", configFile: false, build: { write: false, rollupOptions: { input: join(dir, "main.mjs") } } });
  const files = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  const size = (f) => gzip(f.type === "chunk" ? Buffer.from(f.code) : Buffer.from(f.source));
  const js = files.filter((f) => f.type === "chunk").reduce((n, f) => n + size(f), 0);
  const wasm = files.filter((f) => f.fileName.endsWith(".wasm")).reduce((n, f) => n + size(f), 0);
  return { js, wasm, total: js + wasm };
}

/** `wrangler deploy --dry-run` of `source` as a Worker: { js, wasm, total } gzip of what it would upload. */
function wranglerSize(source, dir) {
  writeFileSync(join(dir, "worker.mjs"), `${source}\nexport default { fetch: () => new Response("ok") };\n`);
  const outdir = join(dir, "wrangler");
  const args = ["deploy", "--dry-run", "--outdir", outdir, "--name", "size", "--compatibility-date", "2025-09-01", join(dir, "worker.mjs")];
  const run = spawnSync(join(ROOT, "node_modules/.bin/wrangler"), args, { cwd: dir, encoding: "utf8", env: { ...process.env, XDG_CONFIG_HOME: join(dir, ".config"), WRANGLER_SEND_METRICS: "false", CI: "1" } });
  if (run.status !== 0) throw new Error(`wrangler failed: ${run.stderr}`);
  const files = readdirSync(outdir).filter((f) => !f.endsWith(".map") && !f.endsWith(".md"));
  const js = files.filter((f) => f.endsWith(".js")).reduce((n, f) => n + gzip(readFileSync(join(outdir, f))), 0);
  const wasm = files.filter((f) => f.endsWith(".wasm")).reduce((n, f) => n + gzip(readFileSync(join(outdir, f))), 0);
  return { js, wasm, total: js + wasm };
}

export async function sizes() {
  const entries = {};
  for (const entry of ENTRIES) {
    const source = `export * from "${entry}";`;
    const wasmName = `${{ edgeauth: "edgeauth", "edgeauth/edge": "edgeauth_edge", "edgeauth/login": "edgeauth_login" }[entry]}_bg.wasm`;
    const wasm = readFileSync(join(ROOT, "node_modules/edgeauth/wasm", wasmName));
    entries[entry] = {
      wasmBytes: wasm.length,
      wasmGzip: gzip(wasm),
      browser: bundle(source, "browser"),
      inline: bundle(source, "inline"),
      workerd: bundle(source, "workerd"),
    };
    const dir = join(ROOT, "test-output/bench-sizes", basename(entry));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    entries[entry].vite = await viteSize(entry, dir);
    entries[entry].wrangler = wranglerSize(source, dir);
  }
  const peers = {};
  for (const [name, source] of Object.entries(PEERS)) peers[name] = { browser: bundle(source, "browser"), workerd: bundle(source, "workerd") };
  return { entries, peers };
}

/** The size table, and the ratios the targets name. */
export function sizeLines({ entries, peers }) {
  const kb = (n) => (n / 1000).toFixed(1).padStart(7);
  const lines = ["\nsize, KB gzip -9 (esbuild --bundle --minify; JS + the .wasm it loads):"];
  lines.push(`${"".padEnd(38)} ${"browser".padStart(7)} ${"inline".padStart(7)} ${"workerd".padStart(7)}   wasm raw / gzip   vite build   wrangler`);
  for (const [name, e] of Object.entries(entries)) {
    lines.push(`${name.padEnd(38)} ${kb(e.browser.total)} ${kb(e.inline.total)} ${kb(e.workerd.total)}   ${kb(e.wasmBytes)} / ${kb(e.wasmGzip).trim().padEnd(6)} ${kb(e.vite.total)}     ${kb(e.wrangler.total)}`);
  }
  for (const [name, p] of Object.entries(peers)) lines.push(`${name.padEnd(38)} ${kb(p.browser.total)} ${"-".padStart(7)} ${kb(p.workerd.total)}`);
  const ratio = (a, b) => (a / b).toFixed(1);
  const login = entries["edgeauth/login"].browser.total;
  const edge = entries["edgeauth/edge"].workerd.total;
  lines.push(
    `ratios: login browser / oauth4webapi ${ratio(login, peers["oauth4webapi PKCE login"].browser.total)}, / oidc-client-ts ${ratio(login, peers["oidc-client-ts UserManager"].browser.total)}, / jose ${ratio(login, peers["jose jwtVerify + createRemoteJWKSet"].browser.total)}; ` +
      `edge workerd / jose ${ratio(edge, peers["jose jwtVerify + createRemoteJWKSet"].workerd.total)}, / hono/jwk ${ratio(edge, peers["hono/jwk middleware"].workerd.total)}; ` +
      `full workerd / edge workerd ${ratio(entries.edgeauth.workerd.total, edge)}`,
  );
  return lines;
}
