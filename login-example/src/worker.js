// A first-party login service on Cloudflare Workers: accounts in D1,
// argon2id passwords, access + refresh tokens from a TokenIssuer, refresh
// rotation with reuse detection (RFC 9700 §4.14.2) and revocation on logout,
// both through a RevocationStore on the same D1 database.
//   POST /register  { email, password }  201 { id, email } | 409 | 400
//   POST /login     { email, password }  200 tokens | 401 (same answer for a wrong password and an unknown email)
//   GET  /me        Authorization: Bearer <access token>  200 { sub, email, exp } | 401 + WWW-Authenticate (RFC 6750 §3)
//   POST /refresh   { refresh_token }    200 new tokens | 401 (a spent token revokes its whole family)
//   POST /logout    { refresh_token }    204 | 401
//   GET  /.well-known/jwks.json          the public key, when tokens are signed with SIGNING_JWK (EdDSA)
// Tokens answer in the shape of RFC 6749 §5.1. Bindings: DB (D1), ISSUER and
// AUDIENCE (vars), TOKEN_SECRET (HS256, at least 32 bytes) or SIGNING_JWK (a
// private JWK as JSON) as a secret. A cron trigger prunes expired revocations.
import { Authenticator, ConfigError, EdgeAuthError, RefreshTokenReuseError, TokenIssuer } from "edgeauth";
import { D1RevocationStore } from "./d1-revocation.js";
import { checkPassword, hashNewPassword, isOutdated } from "./passwords.js";

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const json = (body, status = 200, headers = {}) => Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
const refuse = (status, error, message) => json({ error, message }, status);
const ACCESS_TTL = 900;
const BAD_CREDENTIALS = () => refuse(401, "invalid_credentials", "wrong email or password");

/** A 400 answer, thrown by the input checks. */
class BadRequest extends Error {}

async function body(request) {
  let value;
  try {
    value = await request.json();
  } catch {
    throw new BadRequest("the body must be JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new BadRequest("the body must be a JSON object");
  return value;
}

async function credentials(request) {
  const { email, password } = await body(request);
  if (typeof email !== "string" || email.length > 254 || !EMAIL.test(email.trim())) throw new BadRequest("email must be an email address");
  if (typeof password !== "string" || password.length < 8 || password.length > 1024) throw new BadRequest("password must be 8 to 1024 characters");
  return { email: email.trim().toLowerCase(), password };
}

async function refreshTokenOf(request) {
  const { refresh_token: token } = await body(request);
  if (typeof token !== "string" || token === "") throw new BadRequest("refresh_token is required");
  return token;
}

/** The SIGNING_JWK secret as a JWK; a parse error would quote the key, so it is replaced. */
function privateJwkOf(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError("SIGNING_JWK is not JSON");
  }
}

/** The issuer and the authenticator, once per isolate; a key that cannot sign fails here, not at the first login. */
async function services(env) {
  const signing = env.SIGNING_JWK ? { privateJwk: privateJwkOf(env.SIGNING_JWK) } : { secret: env.TOKEN_SECRET };
  const issuer = new TokenIssuer({ ...signing, issuer: env.ISSUER, audience: env.AUDIENCE, accessTtlSeconds: ACCESS_TTL, revocation: new D1RevocationStore(env.DB) });
  await issuer.verifyAccess(await issuer.issueAccess("startup-check"));
  const auth = new Authenticator({ tokens: issuer, realm: env.AUDIENCE });
  return { issuer, auth, signed: signing.privateJwk !== undefined };
}

/** RFC 6749 §5.1 */
function tokenResponse({ accessToken, refreshToken }, ttl) {
  return json({ access_token: accessToken, token_type: "Bearer", expires_in: ttl, refresh_token: refreshToken });
}

const routes = {
  async "POST /register"(request, env) {
    const { email, password } = await credentials(request);
    const id = crypto.randomUUID();
    const hash = await hashNewPassword(password);
    // One statement: of two registrations of one email, exactly one inserts.
    const { meta } = await env.DB.prepare("INSERT INTO users (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO NOTHING")
      .bind(id, email, hash, Math.floor(Date.now() / 1000))
      .run();
    if (meta.changes !== 1) return refuse(409, "email_taken", "an account with this email exists");
    return json({ id, email }, 201);
  },

  async "POST /login"(request, env, { issuer }) {
    const { email, password } = await credentials(request);
    const user = await env.DB.prepare("SELECT id, password_hash FROM users WHERE email = ?1").bind(email).first();
    // An unknown email costs one argon2id verification too (checkPassword).
    if (!(await checkPassword(password, user?.password_hash))) return BAD_CREDENTIALS();
    if (isOutdated(user.password_hash)) {
      await env.DB.prepare("UPDATE users SET password_hash = ?1 WHERE id = ?2").bind(await hashNewPassword(password), user.id).run();
    }
    const [accessToken, refreshToken] = await Promise.all([issuer.issueAccess(user.id, { email }), issuer.issueRefresh(user.id, { email })]);
    return tokenResponse({ accessToken, refreshToken }, ACCESS_TTL);
  },

  async "GET /me"(request, env, { auth }) {
    const principal = await auth.authenticate(request);
    return json({ sub: principal.id, email: principal.email, exp: principal.claims.exp });
  },

  async "POST /refresh"(request, env, { issuer }) {
    // Spends the token; a spent or revoked one revokes its family (RefreshTokenReuseError).
    return tokenResponse(await issuer.rotateRefresh(await refreshTokenOf(request)), ACCESS_TTL);
  },

  async "POST /logout"(request, env, { issuer }) {
    // Spend the token as a rotation does (one atomic step) and revoke what it
    // gave: no refresh token of this session is left alive. A token already
    // spent is reuse, which revokes the family: logged out as well.
    const token = await refreshTokenOf(request);
    try {
      const { refreshToken } = await issuer.rotateRefresh(token);
      await issuer.revokeRefresh(refreshToken);
    } catch (e) {
      if (!(e instanceof RefreshTokenReuseError)) throw e;
    }
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  },

  async "GET /.well-known/jwks.json"(request, env, { issuer, signed }) {
    if (!signed) return refuse(404, "not_found", "tokens are signed with an HMAC secret");
    return json(issuer.jwks(), 200, { "cache-control": "public, max-age=300" });
  },
};

let built;

const serverError = (e) => {
  console.error("login-example:", e instanceof EdgeAuthError ? e.code : e?.name, e?.message);
  return refuse(500, "server_error", "the service is misconfigured or its database failed");
};

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const route = routes[`${request.method} ${pathname}`];
    if (!route) return refuse(404, "not_found", `no route ${request.method} ${pathname}`);
    let ready;
    try {
      ready = await (built ??= services(env));
    } catch (e) {
      built = undefined; // try again on the next request
      return serverError(e);
    }
    try {
      return await route(request, env, ready);
    } catch (e) {
      if (e instanceof BadRequest) return refuse(400, "invalid_request", e.message);
      if (typeof e?.toResponse === "function") return e.toResponse(); // AuthError: 401 with its challenge
      // A refresh token that does not verify, is revoked, or was spent: RFC 6749 §5.2 invalid_grant.
      if (e instanceof EdgeAuthError && !(e instanceof ConfigError)) return json({ error: "invalid_grant", code: e.code, message: e.message }, 401);
      return serverError(e); // D1 failed
    }
  },

  /** Cron trigger (wrangler.toml): forget revocations whose tokens have expired. */
  async scheduled(controller, env) {
    await new D1RevocationStore(env.DB).prune();
  },
};
