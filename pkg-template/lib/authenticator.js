// The resource-server guard: token from the request (RFC 6750 §2.1 or a
// cookie), validation (JWKS, RFC 7662 introspection through an OAuthClient,
// or this service's own TokenIssuer), a bounded
// result cache keyed by SHA-256 of the token (src/cache.rs), answers
// 401 / 403 / 502 with RFC 6750 §3 challenges, and, with a `resource`
// identifier, its RFC 9728 metadata document (served by metadataResponse,
// named by `resource_metadata` in every challenge; src/oauth/resource.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, EdgeAuthError, HttpError, JwkInvalidError, JwtClaimInvalidError, NetworkError, OAuthProtocolError, TimeoutError, TokenInactiveError } from "./errors.js";
import { verifyJwt } from "./jose.js";
import { Principal, RELEASE } from "./principal.js";
import { RemoteJwks } from "./remote.js";
import { optionsOf, toJson } from "./args.js";
import { secureUrl } from "./http.js";
import { epochSeconds } from "./clock.js";

/** A request the guard refuses: `.status` 400/401/403/502, `.wwwAuthenticate`, `.toResponse()`. */
export class AuthError extends EdgeAuthError {
  static code = "ERR_AUTH";
  constructor(message, options) {
    const { status, code, wwwAuthenticate, cause } = optionsOf(options);
    super(message, { cause });
    this.status = status;
    this.code = code;
    this.wwwAuthenticate = wwwAuthenticate;
    this.retriable = status === 502;
  }

  /** A JSON answer with the status and, for 400/401/403, the challenge header. */
  toResponse() {
    const headers = { "content-type": "application/json", "cache-control": "no-store" };
    if (this.wwwAuthenticate) headers["www-authenticate"] = this.wwwAuthenticate;
    return new Response(JSON.stringify({ error: this.code, message: this.message }), { status: this.status, headers });
  }
}

const header = (request, name) => request.headers.get(name) ?? undefined;

/** The token of an `Authorization: Bearer` header value; null when absent or another scheme. */
export function extractBearerToken(headerValue) {
  if (headerValue !== undefined && headerValue !== null && typeof headerValue !== "string") throw new ConfigError("the header value must be a string");
  return wasm.bearerFromAuthorization(headerValue ?? undefined) ?? null;
}

/** The bearer token of a Request: the Authorization header, else cookie `cookieName`; null when none. */
export function tokenFromRequest(request, options) {
  const { cookieName } = optionsOf(options);
  if (typeof request?.headers?.get !== "function") throw new ConfigError("the request must be a Request (with headers)");
  const fromHeader = extractBearerToken(header(request, "authorization"));
  if (fromHeader !== null || cookieName === undefined) return fromHeader;
  return wasm.bearerFromCookie(header(request, "cookie"), cookieName) ?? null;
}

const PERMISSION = /^[A-Za-z0-9_:.*-]+$/;
const UPSTREAM = [HttpError, NetworkError, TimeoutError];
const ROLES = { member: "isMemberOf", admin: "isAdminOf", owner: "isOwnerOf" };

/** `resource:action` permissions as `{ scope, resource, action }`; ConfigError for anything else. */
function permissionsOf(scopes) {
  return scopes.map((s) => {
    if (typeof s !== "string" || !PERMISSION.test(s) || !s.includes(":")) throw new ConfigError(`${typeof s === "string" ? JSON.stringify(s) : typeof s} is not a resource:action permission`);
    const at = s.lastIndexOf(":");
    return { scope: s, resource: s.slice(0, at), action: s.slice(at + 1) };
  });
}

/** The RFC 9728 side of an Authenticator: the document, its URL and the paths it is served on. */
function protectedResource(resource, issuer, metadata) {
  if (resource === undefined) {
    if (metadata !== undefined) throw new ConfigError("resourceMetadata needs resource (the resource identifier)");
    return undefined;
  }
  if (typeof resource !== "string") throw new ConfigError("resource must be the resource identifier, an https URL");
  secureUrl(resource, "the resource identifier");
  const document = wasm.protectedResourceDocument(resource, typeof issuer === "string" ? issuer : undefined, metadata === undefined ? "" : toJson(metadata, "resourceMetadata"));
  return { document, url: wasm.protectedResourceMetadataUrl(resource), paths: wasm.protectedResourcePaths(resource) };
}

function claimInvalid(claim) {
  const e = new JwtClaimInvalidError(`"${claim}" claim check failed: unexpected "${claim}" claim value`);
  e.claim = claim;
  return e;
}

export class Authenticator {
  #key;
  #options;
  #tokens;
  #introspection;
  #issuer;
  #realm;
  #cookieName;
  #cache;
  #slots = [];
  #resource;
  #audience;

  constructor(options) {
    const { issuer, audience: givenAudience, resource, resourceMetadata, jwks, introspection, tokens, algorithms, cookieName, realm, cacheTtlSeconds = 30, negativeCacheTtlSeconds = 5, cacheMaxEntries = 1024, clockTolerance, fetch } = optionsOf(options);
    // RFC 8707 §2: tokens for this resource name it in their audience.
    const audience = givenAudience ?? resource;
    if (audience !== undefined && typeof audience !== "string" && !(Array.isArray(audience) && audience.every((a) => typeof a === "string"))) {
      throw new ConfigError("audience must be a string or an array of strings");
    }
    this.#resource = protectedResource(resource, issuer, resourceMetadata);
    if ([jwks, introspection, tokens].filter((v) => v !== undefined).length !== 1) {
      throw new ConfigError("give exactly one of jwks (URL, JWK Set or RemoteJwks), introspection (an OAuthClient) and tokens (a TokenIssuer)");
    }
    if (introspection !== undefined) {
      if (typeof introspection?.introspect !== "function") throw new ConfigError("introspection must be an OAuthClient");
      this.#introspection = introspection;
      this.#issuer = issuer;
      this.#audience = audience === undefined ? undefined : [audience].flat();
    } else if (jwks !== undefined) {
      if (typeof issuer !== "string" || (typeof audience !== "string" && !Array.isArray(audience))) throw new ConfigError("issuer and audience (or resource) are required with jwks");
      this.#key = typeof jwks === "string" ? new RemoteJwks(jwks, { fetch }) : jwks;
      this.#options = { issuer, audience, algorithms, clockTolerance };
    } else {
      if (typeof tokens?.verifyAccess !== "function") throw new ConfigError("tokens must be a TokenIssuer");
      this.#tokens = tokens;
    }
    for (const [name, v] of Object.entries({ cacheTtlSeconds, negativeCacheTtlSeconds, cacheMaxEntries })) {
      if (!Number.isInteger(v) || v < 0) throw new ConfigError(`${name} must be a non-negative integer`);
    }
    this.#realm = realm;
    this.#cookieName = cookieName;
    this.#cache = new wasm.ResultCache(cacheMaxEntries, cacheTtlSeconds, negativeCacheTtlSeconds);
  }

  /** Number of cached results (bounded by cacheMaxEntries). */
  get cacheSize() {
    return this.#cache.size;
  }

  /** The RFC 9728 document (an object), when the Authenticator has a `resource`. */
  get resourceMetadata() {
    return this.#resource && JSON.parse(this.#resource.document);
  }

  /** The URL of that document (RFC 9728 §3.1), named by `resource_metadata` in every challenge. */
  get resourceMetadataUrl() {
    return this.#resource?.url;
  }

  /**
   * The answer to a request for the RFC 9728 document (GET or HEAD on its
   * §3.1 path or the root well-known path; OPTIONS for CORS preflights), or
   * null for any other request.
   */
  metadataResponse(request) {
    if (!this.#resource || typeof request?.url !== "string") return null;
    let pathname;
    try {
      pathname = new URL(request.url, "http://localhost").pathname;
    } catch {
      return null;
    }
    if (!this.#resource.paths.includes(pathname)) return null;
    const cors = { "access-control-allow-origin": "*" };
    const method = request.method ?? "GET";
    if (method === "OPTIONS") {
      return new Response(null, { status: 204, headers: { ...cors, "access-control-allow-methods": "GET, HEAD, OPTIONS", "access-control-allow-headers": "*", "access-control-max-age": "86400" } });
    }
    if (method !== "GET" && method !== "HEAD") return new Response(null, { status: 405, headers: { allow: "GET, HEAD, OPTIONS" } });
    const headers = { ...cors, "content-type": "application/json", "cache-control": "public, max-age=600" };
    return new Response(method === "HEAD" ? null : this.#resource.document, { status: 200, headers });
  }

  #refuse(status, code, message, { error, scope, cause } = {}) {
    const description = status === 401 && !error ? undefined : message;
    const wwwAuthenticate = status === 502 ? undefined : wasm.bearerChallenge(this.#realm, error, description, scope, this.#resource?.url);
    return new AuthError(message, { status, code, wwwAuthenticate, cause });
  }

  async #validate(token) {
    if (this.#tokens) return this.#tokens.verifyAccess(token);
    if (this.#introspection) return this.#introspect(token);
    return (await verifyJwt(token, this.#key, this.#options)).payload;
  }

  /** RFC 7662 §2.2: an inactive token is invalid; `iss` must match when both are known. */
  async #introspect(token) {
    const { active, ...claims } = await this.#introspection.introspect(token, { tokenTypeHint: "access_token" });
    if (active !== true) throw new TokenInactiveError("introspection says the token is not active");
    if (this.#issuer !== undefined && claims.iss !== undefined && claims.iss !== this.#issuer) throw claimInvalid("iss");
    // RFC 8707 §2 / RFC 7662 §2.2: an answer that names an audience must name this one.
    const aud = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
    if (this.#audience !== undefined && Array.isArray(aud) && !aud.some((a) => this.#audience.includes(a))) throw claimInvalid("aud");
    // Tokens of client-credentials grants may have no `sub`: the client is the principal.
    if (claims.sub === undefined && typeof claims.client_id === "string") claims.sub = claims.client_id;
    return claims;
  }

  /** Keep `result` in cache slot `slot` (-1: not cached), freeing what it evicts. */
  #store(slot, result) {
    if (slot < 0) return;
    this.#slots[slot]?.[RELEASE]?.();
    this.#slots[slot] = result;
  }

  #cached(slot) {
    const cached = this.#slots[slot];
    if (cached instanceof AuthError) throw cached;
    return cached;
  }

  /** The caller, or AuthError 400 (malformed header), 401 (missing/invalid token), 502 (upstream down). */
  async authenticate(request) {
    const now = epochSeconds();
    let hit = -1;
    let token;
    try {
      // The cache-hit path: one call into wasm for the Authorization header.
      const authorization = typeof request?.headers?.get === "function" ? request.headers.get("authorization") : undefined;
      if (typeof authorization === "string") hit = this.#cache.lookupAuthorization(authorization, now);
      if (hit < 0) token = tokenFromRequest(request, { cookieName: this.#cookieName });
    } catch (e) {
      throw this.#refuse(400, "ERR_AUTH_INVALID_REQUEST", e.message, { error: "invalid_request", cause: e });
    }
    if (hit >= 0) return this.#cached(hit);
    if (token === null) throw this.#refuse(401, "ERR_AUTH_MISSING_TOKEN", "no bearer token");
    const slot = this.#cache.lookup(token, now);
    if (slot >= 0) return this.#cached(slot);
    let principal;
    try {
      const claims = await this.#validate(token);
      principal = Principal.fromClaims(claims);
    } catch (e) {
      // The key or introspection service failed (not the token): 502, not cached.
      const upstream =
        UPSTREAM.some((cls) => e instanceof cls) ||
        (e instanceof JwkInvalidError && this.#key instanceof RemoteJwks) ||
        (e instanceof OAuthProtocolError && this.#introspection !== undefined);
      if (upstream) throw this.#refuse(502, "ERR_AUTH_UPSTREAM", "the token could not be checked: the key or introspection service is unavailable", { cause: e });
      if (!(e instanceof EdgeAuthError) || e.code === "ERR_CONFIG") throw e;
      const refused = this.#refuse(401, e.code, e.message, { error: "invalid_token", cause: e });
      this.#store(this.#cache.insert(token, now, -1, true), refused);
      throw refused;
    }
    const exp = typeof principal.claims.exp === "number" ? principal.claims.exp : -1;
    this.#store(this.#cache.insert(token, now, exp, false), principal);
    return principal;
  }

  /** The caller, or null when the request has no valid token; still 502 when the upstream is down. */
  async authenticateOptional(request) {
    try {
      return await this.authenticate(request);
    } catch (e) {
      if (e instanceof AuthError && e.status !== 502) return null;
      throw e;
    }
  }

  /** The caller, if every `resource:action` scope is granted; else AuthError 403. */
  async requireScopes(request, ...scopes) {
    permissionsOf(scopes);
    return this.authorize(await this.authenticate(request), { scopes });
  }

  /**
   * `principal` (from authenticate), if it holds every `scopes` permission
   * (in `organization` when given) and, with `organization`, is a member of
   * it in `role` (`member`, `admin` or `owner`); else AuthError 403.
   */
  authorize(principal, options) {
    if (!(principal instanceof Principal)) throw new ConfigError("authorize needs the Principal that authenticate returned");
    const { scopes = [], organization, role } = optionsOf(options);
    if (!Array.isArray(scopes)) throw new ConfigError("scopes must be an array of resource:action permissions");
    const wanted = permissionsOf(scopes);
    if (organization !== undefined && (typeof organization !== "string" || organization === "")) throw new ConfigError("organization must be an organization id");
    if (role !== undefined && (!Object.hasOwn(ROLES, role) || organization === undefined)) throw new ConfigError("role is member, admin or owner, with an organization");
    const insufficient = (message, scope) => this.#refuse(403, "ERR_AUTH_INSUFFICIENT_SCOPE", message, { error: "insufficient_scope", scope });
    if (organization !== undefined && !principal[ROLES[role ?? "member"]](organization)) {
      throw insufficient(role === undefined || role === "member" ? "not a member of the organization" : `not ${role === "admin" ? "an admin" : "the owner"} of the organization`);
    }
    const granted = (w) => (organization === undefined ? principal.hasAccess(w.action, w.resource) : principal.hasAccessIn(organization, w.action, w.resource));
    const missing = wanted.filter((w) => !granted(w)).map((w) => w.scope);
    if (missing.length > 0) throw insufficient(`missing scope: ${missing.join(" ")}`, wanted.map((w) => w.scope).join(" "));
    return principal;
  }

  /** The caller, if granted `action` on `resource`; else AuthError 403. */
  async requirePermission(request, action, resource) {
    if (typeof action !== "string" || typeof resource !== "string") throw new ConfigError("action and resource must be strings");
    return this.requireScopes(request, `${resource}:${action}`);
  }
}
