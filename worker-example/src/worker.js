// An edge API protected by edgeauth (its edge entry, edgeauth/edge): plain
// ES module, no framework.
//   GET /health      public
//   GET /api/me      any valid access token → the caller
//   GET /api/admin   needs the scope in ADMIN_SCOPE (default "admin:read")
// The issuer's JWK Set is cached in Workers KV (binding JWKS_CACHE) through
// RemoteJwks.export()/import(), so a fresh isolate does not refetch it.
// DPoP-bound tokens (RFC 9449) are accepted with their proofs (DPOP = "off"
// turns DPoP off, "required" refuses Bearer tokens); proof `jti`s are
// remembered in the Durable Object bound as AUTH_STORE when there is one.
import { AuthError, Authenticator, DurableObjectReplayStore, RemoteJwks } from "edgeauth/edge";

export { EdgeAuthDurableObject } from "edgeauth/edge";

let state; // per isolate: { auth, jwks, savedAt }

async function load(env) {
  if (state) return state;
  const options = { cooldownSeconds: Number(env.JWKS_COOLDOWN_SECONDS ?? 30), maxAgeSeconds: 600 };
  const saved = env.JWKS_CACHE ? await env.JWKS_CACHE.get("jwks", "json") : null;
  const jwks = saved?.url === new URL(env.JWKS_URL).href ? RemoteJwks.import(saved, options) : new RemoteJwks(env.JWKS_URL, options);
  const dpop = env.DPOP === "off" ? false : { required: env.DPOP === "required", replayStore: env.AUTH_STORE ? new DurableObjectReplayStore(env.AUTH_STORE) : undefined };
  const auth = new Authenticator({ issuer: env.ISSUER, audience: env.AUDIENCE, jwks, realm: env.AUDIENCE, dpop });
  state = { auth, jwks, savedAt: saved?.fetchedAt };
  return state;
}

/** Write the JWK Set to KV when this isolate fetched a newer one. */
function persist(env, ctx, { jwks, savedAt }) {
  const current = jwks.export();
  if (!env.JWKS_CACHE || !current || current.fetchedAt === savedAt) return;
  state.savedAt = current.fetchedAt;
  ctx.waitUntil(env.JWKS_CACHE.put("jwks", JSON.stringify(current), { expirationTtl: 3600 }));
}

function cors(env, response) {
  if (!env.ALLOWED_ORIGIN) return response;
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", env.ALLOWED_ORIGIN);
  headers.set("access-control-allow-headers", "authorization, content-type, dpop");
  headers.set("access-control-expose-headers", "www-authenticate, dpop-nonce");
  headers.set("vary", "origin");
  return new Response(response.body, { status: response.status, headers });
}

function view(principal) {
  const { id, type, email, scopes, organizations } = principal;
  return { id, type, email, scopes, organizations, exp: principal.claims.exp, dpop: principal.claims.cnf?.jkt !== undefined };
}

async function route(request, env, s) {
  const { pathname } = new URL(request.url);
  if (pathname === "/health") return Response.json({ ok: true });
  if (request.method === "OPTIONS") return new Response(null, { status: 204 });
  try {
    if (pathname === "/api/me") return Response.json(view(await s.auth.authenticate(request)));
    if (pathname === "/api/admin") {
      const principal = await s.auth.requireScopes(request, env.ADMIN_SCOPE ?? "admin:read");
      return Response.json({ admin: true, id: principal.id });
    }
  } catch (e) {
    if (e instanceof AuthError) return e.toResponse();
    throw e;
  }
  return Response.json({ error: "not_found" }, { status: 404 });
}

export default {
  async fetch(request, env, ctx) {
    const s = await load(env);
    const response = await route(request, env, s);
    persist(env, ctx, s);
    return cors(env, response);
  },
};
