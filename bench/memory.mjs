// Memory stays bounded: RSS while an Authenticator with cacheMaxEntries 1,024
// answers `calls` requests cycling over 2,048 distinct HS256 tokens (so the
// cache keeps evicting). Prints RSS after 10% and after all calls.
import * as ea from "edgeauth";

export async function memoryRun(calls) {
  const secret = new TextEncoder().encode("0123456789abcdef0123456789abcdef");
  const key = { kty: "oct", k: btoa(String.fromCharCode(...secret)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_") };
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const requests = [];
  for (let i = 0; i < 2048; i++) {
    const token = await ea.signJwt({ iss: "https://i", aud: "api", sub: `u${i}`, exp }, key, { alg: "HS256" });
    requests.push(new Request("https://api/x", { headers: { authorization: `Bearer ${token}` } }));
  }
  const auth = new ea.Authenticator({ issuer: "https://i", audience: "api", jwks: { keys: [key] }, cacheMaxEntries: 1024 });
  let early;
  for (let i = 0; i < calls; i++) {
    await auth.authenticate(requests[i % 2048]);
    if (i === Math.floor(calls / 10)) {
      globalThis.gc?.();
      early = process.memoryUsage().rss;
    }
  }
  globalThis.gc?.();
  const late = process.memoryUsage().rss;
  return { calls, cacheSize: auth.cacheSize, rssAfter10PercentMiB: early / 2 ** 20, rssAfterAllMiB: late / 2 ** 20, growth: late / early };
}
