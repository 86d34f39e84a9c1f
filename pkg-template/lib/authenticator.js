// The resource-server guard: token from the request (RFC 6750 §2.1, a
// cookie, or RFC 9449 §7.1 `Authorization: DPoP` with its proof), validation
// (JWKS, RFC 7662 introspection through an OAuthClient, a userinfo / "who
// am I" endpoint (authenticator-userinfo.js), or this service's own
// TokenIssuer), a bounded result cache keyed by SHA-256 of the token
// (src/cache.rs), and answers 401 / 403 / 502 with RFC 6750 §3 and RFC 9449
// §7.1 challenges. A DPoP-bound token (`cnf.jkt`) is accepted only with a
// valid proof of its key, never as a Bearer token (RFC 9449 §7.2). With a
// `resource` identifier, its RFC 9728 metadata document is served
// (metadataResponse) and named by `resource_metadata` in every Bearer and DPoP
// challenge, and tokens must name the resource in their audience (RFC 8707 §2).

import * as wasm from "../wasm/edgeauth.js";
import { AuthError, ConfigError, DpopBindingError, DpopNonceError, DpopProofError, EdgeAuthError, HttpError, JwkInvalidError, JwtClaimInvalidError, NetworkError, OAuthProtocolError, TimeoutError, TokenInactiveError } from "./errors.js";
import { ProofChecker } from "./dpop-server.js";
import { metadataResponse, protectedResource } from "./resource-metadata.js";
import { verifyJwt } from "./jose.js";
import { Principal, RELEASE } from "./principal.js";
import { RemoteJwks } from "./remote.js";
import { optionalString, optionsOf, stringOf, toJson } from "./args.js";
import { hostScratch, scratchInput } from "./webcrypto.js";
import { userinfoCheck } from "./authenticator-userinfo.js";
import { epochSeconds } from "./clock.js";

const header = (request, name) => request.headers.get(name) ?? undefined;

/**
 * Options of an {@link Authenticator}: exactly one of `jwks`, `introspection`, `userinfo` and `tokens`.
 * @typedef {object} AuthenticatorOptions
 * @property {string} [issuer] Expected `iss` (required with `jwks`).
 * @property {string | string[]} [audience] Expected `aud` (required with `jwks`); default `resource` (RFC 8707 §2). Not with `userinfo`, whose answers name no audience.
 * @property {string} [resource] This resource's identifier (an https URL, RFC 9728 §1.2): publishes its metadata ({@link Authenticator.metadataResponse}) and names it in every challenge.
 * @property {ProtectedResourceMetadata} [resourceMetadata] More RFC 9728 §2 members of the document (`scopes_supported`, `resource_name`, `authorization_servers` (default: [issuer]), ...); needs `resource`.
 * @property {string | import("./jose.js").JwkSet | RemoteJwks} [jwks] A JWKS URL, a JWK Set, or a RemoteJwks.
 * @property {{ introspect(token: string, options?: { tokenTypeHint?: string }): Promise<{ active: boolean, [claim: string]: unknown }> }} [introspection] Validate opaque tokens by RFC 7662 introspection, authenticated as this client (an OAuthClient).
 * @property {string | URL | UserinfoValidation} [userinfo] Validate opaque tokens by calling the OIDC UserInfo endpoint (or any "who am I" URL answering JSON) with them: its URL, or `{ url, toPrincipal?, timeoutMs? }`. The endpoint is the authority: no issuer or audience check. Not with `dpop`.
 * @property {{ verifyAccess(token: string): Promise<import("./jose.js").JwtPayload> }} [tokens] Validate tokens this service issued itself (a TokenIssuer).
 * @property {import("./jose.js").Algorithm[]} [algorithms] Allowed `alg` values.
 * @property {string} [cookieName] Also take the token from this cookie.
 * @property {string} [realm] The `realm` of the challenges.
 * @property {number} [cacheTtlSeconds] How long a valid result is cached (never past `exp`); default 30.
 * @property {number} [negativeCacheTtlSeconds] How long a failure is cached; default 5.
 * @property {number} [cacheMaxEntries] Default 1024 (LRU).
 * @property {import("./jose.js").Span} [clockTolerance] Allowed clock skew; default 30 seconds.
 * @property {typeof globalThis.fetch} [fetch] For the JWKS URL and the userinfo endpoint.
 * @property {boolean | AuthenticatorDpopOptions} [dpop] Accept DPoP-bound tokens (RFC 9449) with `Authorization: DPoP` and a proof. Off by default; DPoP-bound tokens are refused as Bearer either way.
 */
/**
 * The `userinfo` option of an Authenticator, when it is more than a URL.
 * @typedef {object} UserinfoValidation
 * @property {string | URL} url The OIDC UserInfo endpoint (OIDC Core §5.3), or any URL that answers a GET with `Authorization: Bearer <token>` by the user as a JSON object; https: (http: only on loopback).
 * @property {(answer: Record<string, unknown>) => Principal | import("./jose.js").JwtPayload | null | Promise<Principal | import("./jose.js").JwtPayload | null>} [toPrincipal] The caller from the endpoint's answer (any JSON object): a Principal, or claims for Principal.fromClaims; `null` refuses the token (401, negatively cached). Without it, the answer needs a string `sub` and becomes the principal's claims as it is.
 * @property {number} [timeoutMs] Per call; default 5000. There is no retry: the request that waits is a user's.
 */

/**
 * What an Authenticator's `dpop` option says besides the proof policy.
 * @typedef {object} AuthenticatorDpopOnly
 * @property {boolean} [required] Refuse Bearer tokens; default false.
 * @property {(request: Request) => string} [requestUrl] The URL the client addressed (`htu`), default `request.url`.
 * @property {import("./replay.js").ReplayStore | null} [replayStore] Proof `jti`s; default a MemoryReplayStore per Authenticator.
 * @property {string | Uint8Array} [nonceSecret] Require this server's nonces (RFC 9449 §9); at least 32 bytes.
 */
/** @typedef {import("./dpop-server.js").DpopProofPolicy & AuthenticatorDpopOnly} AuthenticatorDpopOptions The `dpop` option of an Authenticator. */
/**
 * An RFC 9728 §2 protected resource metadata document: `resource`,
 * `authorization_servers` (their issuers), `scopes_supported`,
 * `bearer_methods_supported`, `resource_name`, ... and any other member.
 * @typedef {{
 *   resource?: string,
 *   authorization_servers?: string[],
 *   scopes_supported?: string[],
 *   bearer_methods_supported?: ("header" | "body" | "query")[],
 *   resource_name?: string,
 *   resource_documentation?: string,
 *   resource_policy_uri?: string,
 *   resource_tos_uri?: string,
 *   jwks_uri?: string,
 *   [member: string]: unknown
 * }} ProtectedResourceMetadata
 */
/**
 * What a request needs to be authenticated: a Request, or any object with these (a Node request adapted by the middleware).
 * @typedef {Request | { url?: string, method?: string, headers: { get(name: string): string | null | undefined } }} RequestLike
 */

/**
 * The token of an `Authorization: Bearer` header value (RFC 6750 §2.1); null when absent or another scheme.
 * @param {string | null | undefined} headerValue
 * @returns {string | null}
 */
export function extractBearerToken(headerValue) {
  if (headerValue !== undefined && headerValue !== null && typeof headerValue !== "string") throw new ConfigError("the header value must be a string");
  return wasm.bearerFromAuthorization(headerValue ?? undefined) ?? null;
}

/**
 * The bearer token of a Request: the Authorization header, else cookie `cookieName`; null when none.
 * @param {RequestLike} request
 * @param {{ cookieName?: string }} [options]
 * @returns {string | null}
 */
export function tokenFromRequest(request, options) {
  const { cookieName } = optionsOf(options);
  if (typeof request?.headers?.get !== "function") throw new ConfigError("the request must be a Request (with headers)");
  const fromHeader = extractBearerToken(header(request, "authorization"));
  if (fromHeader !== null || cookieName === undefined) return fromHeader;
  return wasm.bearerFromCookie(optionalString(header(request, "cookie"), "the cookie header"), stringOf(cookieName, "cookieName")) ?? null;
}

const PERMISSION = /^[A-Za-z0-9_:.*-]+$/;
// Longer Authorization headers skip the one-call cache-hit path (and the
// scratch buffer it writes to) and take the full path: a token that long
// fails verification anyway (maxTokenSize, 16 KiB by default).
const HIT_PATH_MAX = 32 * 1024;
const UPSTREAM = [HttpError, NetworkError, TimeoutError];
const DPOP_OPTIONS = ["required", "requestUrl", "algorithms", "maxAgeSeconds", "clockTolerance", "maxProofSize", "replayStore", "nonceSecret"];

/** A cached result for a DPoP-bound token: its principal and the key (`cnf.jkt`) it is bound to. */
class Bound {
  constructor(principal, jkt) {
    this.principal = principal;
    this.jkt = jkt;
  }

  [RELEASE]() {
    this.principal[RELEASE]?.();
  }
}

const ROLES = { member: "isMemberOf", admin: "isAdminOf", owner: "isOwnerOf" };

/** `resource:action` permissions as `{ scope, resource, action }`; ConfigError for anything else. */
function permissionsOf(scopes) {
  return scopes.map((s) => {
    if (typeof s !== "string" || !PERMISSION.test(s) || !s.includes(":")) throw new ConfigError(`${typeof s === "string" ? JSON.stringify(s) : typeof s} is not a resource:action permission`);
    const at = s.lastIndexOf(":");
    return { scope: s, resource: s.slice(0, at), action: s.slice(at + 1) };
  });
}

function claimInvalid(claim) {
  const e = new JwtClaimInvalidError(`"${claim}" claim check failed: unexpected "${claim}" claim value`);
  e.claim = claim;
  return e;
}

/** `dpop: true | { required, requestUrl, ...proof policy }` of the Authenticator. */
function dpopOf(dpop) {
  if (dpop === undefined || dpop === false) return undefined;
  const o = dpop === true ? {} : optionsOf(dpop, "dpop");
  for (const name of Object.keys(o)) if (!DPOP_OPTIONS.includes(name)) throw new ConfigError(`unknown dpop option "${name}"`);
  const { required = false, requestUrl = (request) => request.url, ...proof } = o;
  if (typeof requestUrl !== "function" || typeof required !== "boolean") throw new ConfigError("dpop.requestUrl must be a function and dpop.required a boolean");
  return { checker: new ProofChecker(proof), required, requestUrl };
}

/**
 * The resource-server guard: takes the token from a request, validates it
 * (JWKS, introspection, or your own TokenIssuer), caches the result, and
 * answers with a {@link Principal} or an {@link AuthError} (400, 401, 403,
 * 502 with RFC 6750 / RFC 9449 challenges).
 * @example
 * const auth = new Authenticator({ issuer: "https://issuer.example", audience: "my-api", jwks: "https://issuer.example/jwks" });
 * const user = await auth.requireScopes(request, "notes:read");
 */
export class Authenticator {
  #key;
  #options;
  #tokens;
  #introspection;
  /** @type {((token: string) => Promise<Principal | import("./jose.js").JwtPayload>) | undefined} */
  #userinfo;
  #issuer;
  #realm;
  #cookieName;
  #cache;
  #slots = [];
  /** @type {any} */
  #dpop;
  /** Principals of DPoP-bound tokens: their 403s carry DPoP challenges. */
  #bound = new WeakSet();
  #resource;
  /** @type {string[] | undefined} */
  #audience;

  /** @param {AuthenticatorOptions} options */
  constructor(options) {
    const { issuer, audience: givenAudience, resource, resourceMetadata, jwks, introspection, userinfo, tokens, algorithms, cookieName, realm, dpop, cacheTtlSeconds = 30, negativeCacheTtlSeconds = 5, cacheMaxEntries = 1024, clockTolerance, fetch } = optionsOf(options);
    // RFC 8707 §2: tokens for this resource name it in their audience.
    const audience = givenAudience ?? resource;
    if (audience !== undefined && typeof audience !== "string" && !(Array.isArray(audience) && audience.every((a) => typeof a === "string"))) {
      throw new ConfigError("audience must be a string or an array of strings");
    }
    this.#resource = protectedResource(resource, issuer, resourceMetadata);
    if ([jwks, introspection, userinfo, tokens].filter((v) => v !== undefined).length !== 1) {
      throw new ConfigError("give exactly one of jwks (URL, JWK Set or RemoteJwks), introspection (an OAuthClient), userinfo (an endpoint URL) and tokens (a TokenIssuer)");
    }
    if (userinfo !== undefined) {
      // The endpoint answers who the token's user is, not for whom or by whom
      // it was issued; and it would want a DPoP proof this server cannot make.
      if (givenAudience !== undefined) throw new ConfigError("audience cannot be checked with userinfo: the endpoint's answer names no audience");
      if (dpop !== undefined && dpop !== false) throw new ConfigError("dpop cannot be used with userinfo: the endpoint would need a proof of the client's key");
      this.#userinfo = userinfoCheck(userinfo, fetch);
    } else if (introspection !== undefined) {
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
    this.#realm = optionalString(realm, "realm");
    this.#cookieName = cookieName === undefined ? undefined : stringOf(cookieName, "cookieName");
    this.#dpop = dpopOf(dpop);
    this.#cache = new wasm.ResultCache(cacheMaxEntries, cacheTtlSeconds, negativeCacheTtlSeconds);
  }

  /**
   * Number of cached results (bounded by cacheMaxEntries).
   * @returns {number}
   */
  get cacheSize() {
    return this.#cache.size;
  }

  /**
   * The RFC 9728 document (an object, with `resource`), when the Authenticator has a `resource`.
   * @returns {ProtectedResourceMetadata | undefined}
   */
  get resourceMetadata() {
    return this.#resource && JSON.parse(this.#resource.document);
  }

  /**
   * The URL of that document (RFC 9728 §3.1), named by `resource_metadata` in every Bearer challenge.
   * @returns {string | undefined}
   */
  get resourceMetadataUrl() {
    return this.#resource?.url;
  }

  /**
   * The answer to a request for the RFC 9728 document (GET or HEAD on its
   * §3.1 path or the root well-known path; OPTIONS for CORS preflights), or
   * null for any other request.
   * @param {RequestLike} request
   * @returns {Response | null}
   */
  metadataResponse(request) {
    return this.#resource ? metadataResponse(this.#resource, request) : null;
  }

  /**
   * @param {400 | 401 | 403 | 502} status
   * @param {string} code
   * @param {string} message
   * @param {{ error?: string, scope?: string, cause?: unknown, scheme?: string, dpopNonce?: string }} [details]
   */
  #refuse(status, code, message, { error, scope, cause, scheme = "Bearer", dpopNonce } = {}) {
    const wwwAuthenticate = status === 502 ? undefined : this.#challenge(status, scheme, error, status === 401 && !error ? undefined : String(message), scope);
    return new AuthError(message, { status, code, wwwAuthenticate, dpopNonce, cause });
  }

  /**
   * RFC 6750 §3 for Bearer, RFC 9449 §7.1 for DPoP; with DPoP on, a 401 also
   * offers `DPoP algs=…` after the Bearer challenge (§7.2 Figures 17, 18),
   * and only that when DPoP is required and no token came.
   */
  #challenge(status, scheme, error, description, scope) {
    const dpop = this.#dpop;
    const metadata = this.#resource?.url;
    if (scheme === "DPoP") return dpop.checker.challenge(this.#realm, error, description, scope, metadata);
    if (dpop?.required && status === 401 && !error) return dpop.checker.challenge(this.#realm, undefined, undefined, undefined, metadata);
    const offer = dpop !== undefined && status === 401 ? dpop.checker.challenge(this.#realm) : undefined;
    const bearer = wasm.bearerChallenge(this.#realm, error, description, scope, metadata);
    return offer ? `${bearer}, ${offer}` : bearer;
  }

  /** The AuthError for a token that failed validation, in the scheme it came with. */
  #refuseToken(e, scheme) {
    return this.#refuse(401, e.code, e.message, { error: "invalid_token", cause: e, scheme });
  }

  /**
   * The caller for a cached or fresh `entry` (Principal, Bound or the token's
   * error) presented with `scheme`: a bound token only as DPoP with a valid
   * proof of its key (RFC 9449 §4.3, §7.1, §7.2).
   */
  /** @param {any} entry @param {string} scheme @param {string | undefined} token @param {RequestLike} request @param {number} now */
  async #admit(entry, scheme, token, request, now) {
    if (entry instanceof Principal && scheme === "Bearer" && !this.#dpop?.required) return { principal: entry, scheme };
    if (!(entry instanceof Principal || entry instanceof Bound)) throw this.#refuseToken(entry, scheme);
    const dpop = this.#dpop;
    try {
      wasm.dpopCheckScheme(scheme === "DPoP", /** @type {any} */ (entry).jkt, dpop?.required ?? false);
      if (scheme === "DPoP") {
        const expected = { method: request.method, url: dpop.requestUrl(request), accessToken: token, jkt: /** @type {any} */ (entry).jkt };
        await dpop.checker.check(request.headers.get("dpop"), expected, now);
      }
    } catch (e) {
      if (e instanceof DpopNonceError) throw this.#refuse(401, e.code, e.message, { error: "use_dpop_nonce", cause: e, scheme: "DPoP", dpopNonce: dpop.checker.nonce(now) });
      if (e instanceof DpopProofError) throw this.#refuse(401, e.code, e.message, { error: "invalid_dpop_proof", cause: e, scheme: "DPoP" });
      if (e instanceof DpopBindingError) throw this.#refuseToken(e, scheme);
      if (UPSTREAM.some((cls) => e instanceof cls)) throw this.#refuse(502, "ERR_AUTH_UPSTREAM", "the DPoP proof could not be checked: the replay store is unavailable", { cause: e });
      throw e;
    }
    return { principal: entry instanceof Bound ? entry.principal : entry, scheme };
  }

  async #validate(token) {
    if (this.#tokens) return this.#tokens.verifyAccess(token);
    if (this.#introspection) return this.#introspect(token);
    if (this.#userinfo) return this.#userinfo(token);
    return (await verifyJwt(token, this.#key, this.#options)).payload;
  }

  /** RFC 7662 §2.2: an inactive token is invalid; `iss` must match when both are known. */
  async #introspect(token) {
    const { active, ...claims } = await this.#introspection.introspect(token, { tokenTypeHint: "access_token" });
    if (active !== true) throw new TokenInactiveError("introspection says the token is not active");
    if (this.#issuer !== undefined && claims.iss !== undefined && claims.iss !== this.#issuer) throw claimInvalid("iss");
    // RFC 8707 §2 / RFC 7662 §2.2: an answer that names an audience must name this one.
    const aud = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
    const audience = this.#audience;
    if (audience !== undefined && Array.isArray(aud) && !aud.some((a) => audience.includes(a))) throw claimInvalid("aud");
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

  /**
   * The caller, or AuthError 400 (malformed header), 401 (missing/invalid token or proof), 502 (upstream down).
   * @param {RequestLike} request
   * @returns {Promise<Principal>}
   */
  async authenticate(request) {
    return (await this.#authenticate(request)).principal;
  }

  async #authenticate(request) {
    const now = epochSeconds();
    let hit = -1;
    /** @type {any} the token once the header is read (null: none) */
    let token;
    let scheme = "Bearer";
    try {
      // The cache-hit path: one call into wasm for the Authorization header.
      const authorization = typeof request?.headers?.get === "function" ? request.headers.get("authorization") : undefined;
      if (typeof authorization === "string" && authorization.length <= HIT_PATH_MAX) hit = this.#cache.lookupAuthorization(hostScratch(), scratchInput(authorization), now);
      if (hit < 0) {
        const credentials = this.#dpop !== undefined && typeof authorization === "string" ? wasm.dpopCredentials(authorization) : undefined;
        if (credentials?.[0] === "DPoP") [scheme, token] = credentials;
        else token = tokenFromRequest(request, { cookieName: this.#cookieName });
      }
    } catch (e) {
      throw this.#refuse(400, "ERR_AUTH_INVALID_REQUEST", e.message, { error: "invalid_request", cause: e });
    }
    if (hit >= 0) return this.#admit(this.#slots[hit], scheme, undefined, request, now);
    if (token === null) throw this.#refuse(401, "ERR_AUTH_MISSING_TOKEN", "no access token");
    const slot = this.#cache.lookup(token, now);
    if (slot >= 0) return this.#admit(this.#slots[slot], scheme, token, request, now);
    let entry;
    try {
      const result = await this.#validate(token);
      const principal = result instanceof Principal ? result : Principal.fromClaims(result);
      const claims = principal.claims;
      // RFC 9449 §6: the key the token is bound to, if any.
      const jkt = claims.cnf === undefined ? undefined : wasm.dpopConfirmation(toJson(claims, "the claims"));
      entry = jkt === undefined ? principal : new Bound(principal, jkt);
      if (jkt !== undefined) this.#bound.add(principal);
    } catch (e) {
      // The key, introspection or userinfo service failed (not the token):
      // 502, not cached. A userinfo answer that is not the user is its failure.
      const upstream =
        UPSTREAM.some((cls) => e instanceof cls) ||
        (e instanceof JwkInvalidError && this.#key instanceof RemoteJwks) ||
        (e instanceof OAuthProtocolError && this.#introspection !== undefined) ||
        (this.#userinfo !== undefined && e instanceof EdgeAuthError && !(e instanceof TokenInactiveError) && e.code !== "ERR_CONFIG");
      if (upstream) throw this.#refuse(502, "ERR_AUTH_UPSTREAM", `the token could not be checked: the ${this.#userinfo ? "userinfo endpoint is unavailable or did not answer with a user" : "key or introspection service is unavailable"}`, { cause: e });
      if (!(e instanceof EdgeAuthError) || e.code === "ERR_CONFIG") throw e;
      this.#store(this.#cache.insert(token, now, -1, true), e);
      throw this.#refuseToken(e, scheme);
    }
    const claims = (entry instanceof Bound ? entry.principal : entry).claims;
    this.#store(this.#cache.insert(token, now, typeof claims.exp === "number" ? claims.exp : -1, false), entry);
    return this.#admit(entry, scheme, token, request, now);
  }

  /**
   * The caller, or null when the request has no valid token; still 502 when the upstream is down.
   * @param {RequestLike} request
   * @returns {Promise<Principal | null>}
   */
  async authenticateOptional(request) {
    try {
      return await this.authenticate(request);
    } catch (e) {
      if (e instanceof AuthError && e.status !== 502) return null;
      throw e;
    }
  }

  /**
   * The caller, if every `resource:action` scope is granted; else AuthError 403.
   * @param {RequestLike} request
   * @param {...string} scopes
   * @returns {Promise<Principal>}
   */
  async requireScopes(request, ...scopes) {
    permissionsOf(scopes);
    return this.authorize(await this.authenticate(request), { scopes });
  }

  /**
   * `principal` (from authenticate), if it holds every `scopes` permission
   * (in `organization` when given) and, with `organization`, is a member of
   * it in `role` (`member`, `admin` or `owner`); else AuthError 403.
   * `organization: null` means an organization was required but the request
   * names none (a middleware's resolver found no id): always 403.
   * @param {Principal} principal
   * @param {{ scopes?: string[], organization?: string | null, role?: "member" | "admin" | "owner" }} [options]
   * @returns {Principal}
   */
  authorize(principal, options) {
    if (!(principal instanceof Principal)) throw new ConfigError("authorize needs the Principal that authenticate returned");
    const { scopes = [], organization, role } = optionsOf(options);
    if (!Array.isArray(scopes)) throw new ConfigError("scopes must be an array of resource:action permissions");
    const wanted = permissionsOf(scopes);
    if (organization !== undefined && organization !== null && (typeof organization !== "string" || organization === "")) throw new ConfigError("organization must be an organization id");
    if (role !== undefined && (!Object.hasOwn(ROLES, role) || organization === undefined)) throw new ConfigError("role is member, admin or owner, with an organization");
    const scheme = this.#bound.has(principal) ? "DPoP" : "Bearer";
    const insufficient = (message, scope) => this.#refuse(403, "ERR_AUTH_INSUFFICIENT_SCOPE", message, { error: "insufficient_scope", scope, scheme });
    if (organization === null) throw insufficient("the request names no organization");
    if (organization !== undefined && !principal[ROLES[role ?? "member"]](organization)) {
      throw insufficient(role === undefined || role === "member" ? "not a member of the organization" : `not ${role === "admin" ? "an admin" : "the owner"} of the organization`);
    }
    const granted = (w) => (organization === undefined ? principal.hasAccess(w.action, w.resource) : principal.hasAccessIn(organization, w.action, w.resource));
    const missing = wanted.filter((w) => !granted(w)).map((w) => w.scope);
    if (missing.length > 0) throw insufficient(`missing scope: ${missing.join(" ")}`, wanted.map((w) => w.scope).join(" "));
    return principal;
  }

  /**
   * The caller, if granted `action` on `resource`; else AuthError 403.
   * @param {RequestLike} request
   * @param {string} action
   * @param {string} resource
   * @returns {Promise<Principal>}
   */
  async requirePermission(request, action, resource) {
    if (typeof action !== "string" || typeof resource !== "string") throw new ConfigError("action and resource must be strings");
    return this.requireScopes(request, `${resource}:${action}`);
  }
}
