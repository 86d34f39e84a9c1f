// An edge API protected by edgeauth (its edge entry, edgeauth/edge), on Hono.
//   GET /health      public
//   GET /api/me      any valid access token → the caller
//   GET /api/admin   needs the scope in ADMIN_SCOPE (default "admin:read")
// The issuer's JWK Set is shared by every isolate through Workers KV
// (binding JWKS_CACHE), written after the response (waitUntil).
// DPoP-bound tokens (RFC 9449) are accepted with their proofs (DPOP = "off"
// turns DPoP off, "required" refuses Bearer tokens); proof `jti`s are
// remembered in the Durable Object bound as AUTH_STORE when there is one.
import { waitUntil } from "cloudflare:workers";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { Authenticator, DurableObjectReplayStore, createRemoteJwks } from "edgeauth/edge";
import { edgeauth, requireScopes } from "edgeauth/hono";

export { EdgeAuthDurableObject } from "edgeauth/edge";

function createApp(env) {
  const shared = env.JWKS_CACHE ? { kv: env.JWKS_CACHE, waitUntil } : {};
  const jwks = createRemoteJwks(env.JWKS_URL, { cooldownSeconds: Number(env.JWKS_COOLDOWN_SECONDS ?? 30), ...shared });
  const dpop = env.DPOP === "off" ? false : { required: env.DPOP === "required", replayStore: env.AUTH_STORE ? new DurableObjectReplayStore(env.AUTH_STORE) : undefined };
  const auth = new Authenticator({ issuer: env.ISSUER, audience: env.AUDIENCE, jwks, realm: env.AUDIENCE, dpop });

  const app = new Hono();
  if (env.ALLOWED_ORIGIN) {
    app.use(cors({ origin: env.ALLOWED_ORIGIN, allowHeaders: ["authorization", "content-type", "dpop"], exposeHeaders: ["www-authenticate", "dpop-nonce"] }));
  }
  app.get("/health", (c) => c.json({ ok: true }));
  app.use("/api/*", edgeauth(auth));
  app.get("/api/me", (c) => {
    const { id, type, email, scopes, organizations, claims } = c.get("principal");
    return c.json({ id, type, email, scopes, organizations, exp: claims.exp, dpop: claims.cnf?.jkt !== undefined });
  });
  app.get("/api/admin", requireScopes(env.ADMIN_SCOPE ?? "admin:read"), (c) => c.json({ admin: true, id: c.get("principal").id }));
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  return app;
}

let app;

export default {
  fetch: (request, env, ctx) => (app ??= createApp(env)).fetch(request, env, ctx),
};
