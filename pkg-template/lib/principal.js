// Scopes and principals: hasAccess, parseScope, Principal. The matching
// rules live in the core (src/scope.rs, src/principal.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { stringOf as str, toJson } from "./args.js";

/**
 * An organization a principal belongs to, with the scopes it has there.
 * @typedef {object} Organization
 * @property {string} id
 * @property {string} [title]
 * @property {string[]} scopes
 * @property {number | string} [joinedAt] The claim's `joined_at`.
 */
/** @typedef {"user" | "personal_token" | "api_key" | "agent"} PrincipalType What kind of caller a principal is. */

/**
 * `{ resource, action }` of a `resource:action` scope; ConfigError when malformed.
 * @example
 * parseScope("projects.tasks:write"); // { resource: "projects.tasks", action: "write" }
 * @param {string} scope
 * @returns {{ resource: string, action: string }}
 */
export function parseScope(scope) {
  const [resource, action] = wasm.parseScope(str(scope, "scope"));
  return { resource, action };
}

/**
 * Whether `scopes` grant `action` on `resource` (malformed scopes grant
 * nothing). `users:*` grants every action on `users`, `users:**` also on its
 * sub-resources (`users.profile`), `*:read` reading every top-level resource.
 * @example
 * hasAccess(["users:**"], "read", "users.profile"); // true
 * @param {string[]} scopes
 * @param {string} action
 * @param {string} resource
 * @returns {boolean}
 */
export function hasAccess(scopes, action, resource) {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string")) throw new ConfigError("scopes must be an array of strings");
  return wasm.hasAccess(scopes, str(action, "action"), str(resource, "resource"));
}

function scopeList(value) {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  return Array.isArray(value) ? [...value] : [];
}

/**
 * The internal method that frees a principal's compiled grants (not part of the API).
 * @internal
 */
export const RELEASE = Symbol("edgeauth.Principal.release");

/**
 * Who is calling, read from verified claims. The grants are compiled into
 * wasm memory, which V8 does not see: left to FinalizationRegistry, the
 * grants of principals nobody holds pile up until a major GC (measured: the
 * wasm memory of an Authenticator evicting on every request grew 16 -> 21
 * MiB over 3M requests). So the Authenticator frees the grants of a
 * principal it evicts (`RELEASE`), and a principal still in use rebuilds
 * them, from the claims as they were verified, on its next check.
 */
export class Principal {
  /** @type {import("../wasm/edgeauth.js").PrincipalGrants | undefined} */
  #grants;
  #claims;
  #claimsJson;

  /**
   * @internal use Principal.fromClaims
   * @param {any} grants
   * @param {import("./jose.js").JwtPayload} claims
   * @param {string} claimsJson
   */
  constructor(grants, claims, claimsJson) {
    if (!(grants instanceof wasm.PrincipalGrants)) throw new ConfigError("use Principal.fromClaims(claims)");
    this.#grants = grants;
    this.#claims = claims;
    this.#claimsJson = claimsJson;
    /** @readonly @type {string} `sub`, or `client_id` for a token without one. */
    this.id = grants.id;
    /** @readonly @type {PrincipalType} */
    this.type = /** @type {PrincipalType} */ (grants.type);
    /** @readonly @type {string | undefined} */
    this.email = typeof claims.email === "string" ? claims.email : undefined;
    /** @readonly @type {readonly string[]} The token's own scopes (`scope`, `scopes` or `scp`). */
    this.scopes = ["scope", "scopes", "scp"].flatMap((c) => scopeList(claims[c]));
    /** @readonly @type {readonly Organization[]} */
    this.organizations = (/** @type {any[]} */ (claims.organizations ?? [])).map((o) => ({
      id: o.id,
      title: o.title,
      scopes: scopeList(o.scopes),
      joinedAt: o.joined_at,
    }));
    Object.freeze(this.scopes);
    Object.freeze(this.organizations);
  }

  /**
   * From a verified claims object (`sub`, `email`, `type`, `scope`/`scopes`/`scp`, `organizations`).
   * Throws JwtClaimInvalidError for malformed claims.
   * @param {import("./jose.js").JwtPayload} claims
   * @returns {Principal}
   */
  static fromClaims(claims) {
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) throw new ConfigError("claims must be an object");
    const json = toJson(claims, "claims");
    return new Principal(new wasm.PrincipalGrants(json), claims, json);
  }

  #compiled() {
    return (this.#grants ??= new wasm.PrincipalGrants(this.#claimsJson));
  }

  /** @internal free the compiled grants now; the next check rebuilds them */
  [RELEASE]() {
    this.#grants?.free();
    this.#grants = undefined;
  }

  /**
   * All verified claims.
   * @returns {import("./jose.js").JwtPayload}
   */
  get claims() {
    return this.#claims;
  }

  /**
   * Whether the token's scopes, or any organization's, grant `action` on `resource`.
   * @param {string} action
   * @param {string} resource
   * @returns {boolean}
   */
  hasAccess(action, resource) {
    return this.#compiled().hasAccess(str(action, "action"), str(resource, "resource"));
  }

  /**
   * Whether organization `orgId`'s scopes grant `action` on `resource`.
   * @param {string} orgId
   * @param {string} action
   * @param {string} resource
   * @returns {boolean}
   */
  hasAccessIn(orgId, action, resource) {
    return this.#compiled().hasAccessIn(str(orgId, "orgId"), str(action, "action"), str(resource, "resource"));
  }

  /**
   * Whether the principal has the `owner` role in `orgId`.
   * @param {string} orgId
   * @returns {boolean}
   */
  isOwnerOf(orgId) {
    return this.#compiled().isOwnerOf(str(orgId, "orgId"));
  }

  /**
   * Whether the principal has the `admin` or `owner` role in `orgId`.
   * @param {string} orgId
   * @returns {boolean}
   */
  isAdminOf(orgId) {
    return this.#compiled().isAdminOf(str(orgId, "orgId"));
  }

  /**
   * Whether the principal belongs to `orgId`.
   * @param {string} orgId
   * @returns {boolean}
   */
  isMemberOf(orgId) {
    return this.#compiled().isMemberOf(str(orgId, "orgId"));
  }

  /**
   * The scopes granted in organization `orgId` ([] when not a member).
   * @param {string} orgId
   * @returns {string[]}
   */
  scopesFor(orgId) {
    return this.organizations.find((o) => o.id === str(orgId, "orgId"))?.scopes ?? [];
  }
}
