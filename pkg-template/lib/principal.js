// Scopes and principals: hasAccess, parseScope, Principal. The matching
// rules live in the core (src/scope.rs, src/principal.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { stringOf as str, toJson } from "./args.js";

/** `{ resource, action }` of a `resource:action` scope; ConfigError when malformed. */
export function parseScope(scope) {
  const [resource, action] = wasm.parseScope(str(scope, "scope"));
  return { resource, action };
}

/** Whether `scopes` grant `action` on `resource` (malformed scopes grant nothing). */
export function hasAccess(scopes, action, resource) {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string")) throw new ConfigError("scopes must be an array of strings");
  return wasm.hasAccess(scopes, str(action, "action"), str(resource, "resource"));
}

function scopeList(value) {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  return Array.isArray(value) ? [...value] : [];
}

/** The internal method that frees a principal's compiled grants (not part of the API). */
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
  #grants;
  #claims;
  #claimsJson;

  /** @internal use Principal.fromClaims */
  constructor(grants, claims, claimsJson) {
    if (!(grants instanceof wasm.PrincipalGrants)) throw new ConfigError("use Principal.fromClaims(claims)");
    this.#grants = grants;
    this.#claims = claims;
    this.#claimsJson = claimsJson;
    this.id = grants.id;
    this.type = grants.type;
    this.email = typeof claims.email === "string" ? claims.email : undefined;
    this.scopes = ["scope", "scopes", "scp"].flatMap((c) => scopeList(claims[c]));
    this.organizations = (claims.organizations ?? []).map((o) => ({
      id: o.id,
      title: o.title,
      scopes: scopeList(o.scopes),
      joinedAt: o.joined_at,
    }));
    Object.freeze(this.scopes);
    Object.freeze(this.organizations);
  }

  /** From a verified claims object. Throws JwtClaimInvalidError for malformed claims. */
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

  /** All verified claims. */
  get claims() {
    return this.#claims;
  }

  hasAccess(action, resource) {
    return this.#compiled().hasAccess(str(action, "action"), str(resource, "resource"));
  }

  hasAccessIn(orgId, action, resource) {
    return this.#compiled().hasAccessIn(str(orgId, "orgId"), str(action, "action"), str(resource, "resource"));
  }

  isOwnerOf(orgId) {
    return this.#compiled().isOwnerOf(str(orgId, "orgId"));
  }

  isAdminOf(orgId) {
    return this.#compiled().isAdminOf(str(orgId, "orgId"));
  }

  isMemberOf(orgId) {
    return this.#compiled().isMemberOf(str(orgId, "orgId"));
  }

  /** The scopes granted in organization `orgId` ([] when not a member). */
  scopesFor(orgId) {
    return this.organizations.find((o) => o.id === str(orgId, "orgId"))?.scopes ?? [];
  }
}
