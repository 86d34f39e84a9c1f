// createRemoteJwks against a real HTTP server on 127.0.0.1 with the runtime's
// own fetch: caching, rotation, a slow server (timeout) and a dead one.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import * as jose from "jose";
import { createRemoteJwks, verifyJwt, generateKeyPair, signJwt } from "edgeauth";

const first = await generateKeyPair("ES256");
const second = await generateKeyPair("RS256");
let served = [first.publicJwk];
let hits = 0;
const server = createServer((req, res) => {
  hits += 1;
  if (req.url === "/slow") return setTimeout(() => res.end("{}"), 2000);
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ keys: served }));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => server.close());

test("fetches once, caches, and picks up a rotated key with one refetch", async () => {
  const jwks = createRemoteJwks(`${base}/jwks`, { cooldownSeconds: 0 });
  const t1 = await signJwt({ sub: "a" }, first.privateJwk, { alg: "ES256", kid: first.publicJwk.kid });
  for (let i = 0; i < 5; i++) assert.equal((await verifyJwt(t1, jwks)).payload.sub, "a");
  assert.equal(hits, 1);
  served = [first.publicJwk, second.publicJwk];
  const t2 = await new jose.SignJWT({ sub: "b" }).setProtectedHeader({ alg: "RS256", kid: second.publicJwk.kid }).sign(await jose.importJWK(second.privateJwk, "RS256"));
  assert.equal((await verifyJwt(t2, jwks)).payload.sub, "b");
  assert.equal(hits, 2);
  const copy = (await import("edgeauth")).RemoteJwks.import(jwks.export(), {});
  assert.equal((await verifyJwt(t2, copy)).payload.sub, "b");
  assert.equal(hits, 2, "an imported cache does not refetch");
});

test("a slow server times out, a closed port is a network error", async () => {
  await assert.rejects(verifyJwt("a.b.c", createRemoteJwks(`${base}/slow`, { timeoutMs: 100 })), { code: "ERR_TIMEOUT", retriable: true });
  const dead = createServer();
  await new Promise((resolve) => dead.listen(0, "127.0.0.1", resolve));
  const port = dead.address().port;
  await new Promise((resolve) => dead.close(resolve));
  await assert.rejects(verifyJwt("a.b.c", createRemoteJwks(`http://127.0.0.1:${port}/jwks`)), { code: "ERR_NETWORK", retriable: true });
});
