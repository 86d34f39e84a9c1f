// The MCP example in Cloudflare Workers. The issuer's JWK Set is shared by
// every isolate through Workers KV (binding JWKS_CACHE), written after the
// response (waitUntil from cloudflare:workers: the app lives across requests).
import { waitUntil } from "cloudflare:workers";
import { createRemoteJwks } from "edgeauth/edge";
import { createApp } from "./app.js";

let app;

export default {
  fetch(request, env, ctx) {
    app ??= createApp({
      issuer: env.ISSUER,
      resource: env.RESOURCE,
      jwks: createRemoteJwks(env.JWKS_URL, { kv: env.JWKS_CACHE, waitUntil }),
      clockTolerance: env.CLOCK_TOLERANCE_SECONDS === undefined ? undefined : Number(env.CLOCK_TOLERANCE_SECONDS),
    });
    return app.fetch(request, env, ctx);
  },
};
