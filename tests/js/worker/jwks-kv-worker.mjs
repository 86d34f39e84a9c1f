// createRemoteJwks with a real Workers KV namespace (binding JWKS), for
// tests/js/remote-jwks-kv.test.mjs. GET /verify?token=…[&fresh][&maxAge=…][&path=…]:
// `fresh` builds a new RemoteJwks, as a new isolate would; without it the
// isolate's own one is used.
import { waitUntil } from "cloudflare:workers";
import * as ea from "edgeauth";

let shared;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const options = { kv: env.JWKS, waitUntil, maxAgeSeconds: Number(url.searchParams.get("maxAge") ?? 600), cooldownSeconds: 30 };
    const jwksUrl = `${env.JWKS_ORIGIN}${url.searchParams.get("path") ?? "/jwks"}`;
    const jwks = url.searchParams.has("fresh") ? ea.createRemoteJwks(jwksUrl, options) : (shared ??= ea.createRemoteJwks(jwksUrl, options));
    try {
      const { payload } = await ea.verifyJwt(url.searchParams.get("token"), jwks, { issuer: "https://issuer.test", audience: "api" });
      return Response.json({ ok: true, sub: payload.sub });
    } catch (e) {
      return Response.json({ ok: false, code: e.code });
    }
  },
};
