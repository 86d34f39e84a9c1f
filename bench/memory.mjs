// Memory stays bounded: an Authenticator (edge entry) with cacheMaxEntries 1,024 answers
// `calls` requests cycling over 2,048 distinct HS256 tokens (so the cache
// keeps evicting). Run in a child process with --expose-gc; prints RSS, V8
// heap and external memory (wasm) after 10%, 50% and all calls.
// `node --expose-gc bench/memory.mjs CALLS` prints the JSON result.
import * as ea from "edgeauth/edge";

const MiB = 2 ** 20;

function sample() {
  globalThis.gc();
  const m = process.memoryUsage();
  return { rssMiB: m.rss / MiB, heapMiB: m.heapUsed / MiB, externalMiB: m.external / MiB };
}

export async function memoryRun(calls) {
  const key = { kty: "oct", k: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY" };
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const requests = [];
  for (let i = 0; i < 2048; i++) {
    const token = await ea.signJwt({ iss: "https://i", aud: "api", sub: `u${i}`, exp }, key, { alg: "HS256" });
    requests.push(new Request("https://api/x", { headers: { authorization: `Bearer ${token}` } }));
  }
  const auth = new ea.Authenticator({ issuer: "https://i", audience: "api", jwks: { keys: [key] }, cacheMaxEntries: 1024 });
  const marks = new Map([[Math.floor(calls / 10), "at10"], [Math.floor(calls / 2), "at50"]]);
  const out = { calls };
  for (let i = 0; i < calls; i++) {
    await auth.authenticate(requests[i % 2048]);
    // A server's requests arrive as I/O events: let the event loop turn as
    // it would (evicted principals' wasm memory is freed at eviction, not
    // by FinalizationRegistry; tests/js/authz.test.mjs checks that).
    if (i % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 0));
    if (marks.has(i)) out[marks.get(i)] = sample();
  }
  out.atEnd = sample();
  out.cacheSize = auth.cacheSize;
  out.growth = out.atEnd.rssMiB / out.at10.rssMiB;
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  console.log(JSON.stringify(await memoryRun(Number(process.argv[2] ?? 100000))));
}
