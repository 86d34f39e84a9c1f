// Scopes and principals: hasAccess, parseScope, Principal. The matching
// rules live in the core (src/scope.rs, src/principal.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { toJson } from "./args.js";

const str = (value, what) => {
  if (typeof value !== "string") throw new ConfigError(`${what} must be a string`);
  return value;
};

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

/** Who is calling, read from verified claims. */
export class Principal {
  #grants;
  #claims;

  /** @internal use Principal.fromClaims */
  constructor(grants, claims) {
    if (!(grants instanceof wasm.PrincipalGrants)) throw new ConfigError("use Principal.fromClaims(claims)");
    this.#grants = grants;
    this.#claims = claims;
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
    return new Principal(new wasm.PrincipalGrants(toJson(claims, "claims")), claims);
  }

  /** All verified claims. */
  get claims() {
    return this.#claims;
  }

  hasAccess(action, resource) {
    return this.#grants.hasAccess(str(action, "action"), str(resource, "resource"));
  }

  hasAccessIn(orgId, action, resource) {
    return this.#grants.hasAccessIn(str(orgId, "orgId"), str(action, "action"), str(resource, "resource"));
  }

  isOwnerOf(orgId) {
    return this.#grants.isOwnerOf(str(orgId, "orgId"));
  }

  isAdminOf(orgId) {
    return this.#grants.isAdminOf(str(orgId, "orgId"));
  }

  isMemberOf(orgId) {
    return this.#grants.isMemberOf(str(orgId, "orgId"));
  }

  /** The scopes granted in organization `orgId` ([] when not a member). */
  scopesFor(orgId) {
    return this.organizations.find((o) => o.id === str(orgId, "orgId"))?.scopes ?? [];
  }
}
