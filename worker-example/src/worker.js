// An edge API protected by edgeauth, on Hono.
//   GET /health      public
//   GET /api/me      any valid access token → the caller
//   GET /api/admin   needs the scope in ADMIN_SCOPE (default "admin:read")
// The issuer's JWK Set is shared by every isolate through Workers KV
// (binding JWKS_CACHE), written after the response (waitUntil).
import { waitUntil } from "cloudflare:workers";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { Authenticator, createRemoteJwks } from "edgeauth";
import { edgeauth, requireScopes } from "edgeauth/hono";

function createApp(env) {
  const shared = env.JWKS_CACHE ? { kv: env.JWKS_CACHE, waitUntil } : {};
  const jwks = createRemoteJwks(env.JWKS_URL, { cooldownSeconds: Number(env.JWKS_COOLDOWN_SECONDS ?? 30), ...shared });
  const auth = new Authenticator({ issuer: env.ISSUER, audience: env.AUDIENCE, jwks, realm: env.AUDIENCE });

  const app = new Hono();
  if (env.ALLOWED_ORIGIN) app.use(cors({ origin: env.ALLOWED_ORIGIN, allowHeaders: ["authorization", "content-type"], exposeHeaders: ["www-authenticate"] }));
  app.get("/health", (c) => c.json({ ok: true }));
  app.use("/api/*", edgeauth(auth));
  app.get("/api/me", (c) => {
    const { id, type, email, scopes, organizations, claims } = c.get("principal");
    return c.json({ id, type, email, scopes, organizations, exp: claims.exp });
  });
  app.get("/api/admin", requireScopes(env.ADMIN_SCOPE ?? "admin:read"), (c) => c.json({ admin: true, id: c.get("principal").id }));
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  return app;
}

let app;

export default {
  fetch: (request, env, ctx) => (app ??= createApp(env)).fetch(request, env, ctx),
};
