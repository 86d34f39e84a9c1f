// What a user ships: each entry of the installed package and each peer,
// bundled the same way (esbuild --bundle --minify, gzip -9), for browsers
// and for workerd. A browser bundle of an entry streams its .wasm (the
// `browser` condition), so it ships JS + .wasm; the `edgeauth-inline`
// condition puts the .wasm inside the JS. A workerd bundle ships JS + .wasm
// (a compiled module). Peers have no .wasm.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

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

export function sizes() {
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
  }
  const peers = {};
  for (const [name, source] of Object.entries(PEERS)) peers[name] = { browser: bundle(source, "browser"), workerd: bundle(source, "workerd") };
  return { entries, peers };
}

/** The size table, and the ratios the targets name. */
export function sizeLines({ entries, peers }) {
  const kb = (n) => (n / 1000).toFixed(1).padStart(7);
  const lines = ["\nsize, KB gzip -9 (esbuild --bundle --minify; JS + the .wasm it loads):"];
  lines.push(`${"".padEnd(38)} ${"browser".padStart(7)} ${"inline".padStart(7)} ${"workerd".padStart(7)}   wasm raw / gzip`);
  for (const [name, e] of Object.entries(entries)) {
    lines.push(`${name.padEnd(38)} ${kb(e.browser.total)} ${kb(e.inline.total)} ${kb(e.workerd.total)}   ${kb(e.wasmBytes)} / ${kb(e.wasmGzip).trim()}`);
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
