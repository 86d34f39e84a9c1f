// The matrix's throwaway projects and its loopback server.
//
// Each runtime gets test-output/matrix/<runtime>/: a package.json depending on
// the tarball `npm pack pkg/` made (and jose, the reference implementation),
// installed with npm, plus the conformance script and runners laid out as in
// this repo's tests/ and a fixtures.json for the loopback JWKS server.

import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, relative, sep } from "node:path";
import * as jose from "jose";

export const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
export const OUT = join(ROOT, "test-output/matrix");

/** The tarball scripts/install-pkg.sh packed (the one the other JS tests install). */
export function packedTarball() {
  const found = readdirSync(join(ROOT, "test-output")).filter((f) => /^edgeauth-.*\.tgz$/.test(f));
  if (found.length !== 1) throw new Error(`expected one test-output/edgeauth-*.tgz (run scripts/install-pkg.sh), found ${found.length}`);
  return join(ROOT, "test-output", found[0]);
}

/** Run a command to completion; resolves { code, stdout, stderr }, kills it after `timeoutMs`. */
export function run(command, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[matrix] killed after ${timeoutMs} ms`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => (stderr += `\n[matrix] ${e.message}`));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The key behind the loopback JWKS: the server publishes the public half. */
export async function makeFixtures() {
  const { privateKey, publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const kid = "matrix-remote";
  return {
    privateJwk: { ...(await jose.exportJWK(privateKey)), kid, alg: "ES256" },
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
  };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

/**
 * One loopback server for every runtime: GET /jwks.json serves the fixtures'
 * public key; anything else is a static file under test-output/matrix/ (the
 * Chromium pages and the packages they import). Returns { url, hits, close }.
 */
export async function startServer(publicJwk) {
  const hits = { jwks: 0 };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/jwks.json") {
      hits.jwks += 1;
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify({ keys: [publicJwk] }));
    }
    const file = normalize(join(OUT, path));
    if (!file.startsWith(OUT + sep)) return res.writeHead(403).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, hits, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Create and install test-output/matrix/<name>/; returns its path. */
export async function makeProject(name, tarball, fixtures) {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "tests/js/suites"), { recursive: true });
  const joseVersion = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.jose;
  const pkg = { name: `edgeauth-matrix-${name}`, private: true, type: "module", dependencies: { edgeauth: `file:${relative(dir, tarball)}`, jose: joseVersion } };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, "fixtures.json"), `${JSON.stringify(fixtures, null, 2)}\n`);
  cpSync(join(ROOT, "tests/matrix/runners"), join(dir, "tests/matrix/runners"), { recursive: true });
  copyFileSync(join(ROOT, "tests/matrix/conformance.mjs"), join(dir, "tests/matrix/conformance.mjs"));
  copyFileSync(join(ROOT, "tests/js/suites/check.mjs"), join(dir, "tests/js/suites/check.mjs"));
  const npm = await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], { cwd: dir });
  if (npm.code !== 0) throw new Error(`npm install in ${dir} failed:\n${npm.stderr}`);
  return dir;
}
