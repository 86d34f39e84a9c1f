// Scopes, principals and the Authenticator in Node, through the installed
// package: the full entry and the edge entry.
import { test } from "node:test";
import * as ea from "edgeauth";
import * as edge from "edgeauth/edge";
import { authzCases } from "./suites/authz.mjs";

for (const { name, run } of authzCases(ea)) test(`node: ${name}`, run);
for (const { name, run } of authzCases(edge)) test(`node edge: ${name}`, run);

test("node: evicted principals give their wasm memory back at once", async () => {
  // Without the Authenticator freeing evicted principals' grants, 20,000
  // evicting requests with no event-loop turn (so no FinalizationRegistry
  // callback) grew wasm memory by megabytes; with it, not at all.
  const assert = (await import("node:assert/strict")).default;
  const wasm = await import(new URL("../../node_modules/edgeauth/wasm/edgeauth.js", import.meta.url));
  const key = { kty: "oct", k: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY" };
  const exp = Math.floor(Date.now() / 1000) + 600;
  const scopes = Array.from({ length: 20 }, (_, i) => `resource${i}:read`).join(" ");
  const requests = [];
  for (let i = 0; i < 64; i++) {
    const token = await ea.signJwt({ iss: "https://i", aud: "api", sub: `u${i}`, exp, scope: scopes }, key, { alg: "HS256" });
    requests.push(new Request("https://api/x", { headers: { authorization: `Bearer ${token}` } }));
  }
  const auth = new ea.Authenticator({ issuer: "https://i", audience: "api", jwks: { keys: [key] }, cacheMaxEntries: 32 });
  for (let i = 0; i < 2000; i++) await auth.authenticate(requests[i % 64]);
  const before = wasm.wasmMemory().buffer.byteLength;
  for (let i = 0; i < 20000; i++) await auth.authenticate(requests[i % 64]);
  const grown = wasm.wasmMemory().buffer.byteLength - before;
  assert.ok(grown <= 64 * 1024, `wasm memory grew by ${grown} bytes over 20,000 evicting requests`);
});
