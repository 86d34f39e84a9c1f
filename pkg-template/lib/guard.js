// What the framework middleware (hono.js, express.js) share: the outcome of
// authenticating one request, and guards as checks on that outcome. Every
// decision is the Authenticator's (authenticate, authorize, metadataResponse);
// the middleware only record the outcome and answer with AuthError.toResponse().
//
// The middleware import the package by name, so the wasm module is the one
// the entry for this runtime instantiated.

import { ConfigError, parseScope } from "edgeauth/edge";

/**
 * Options of the `edgeauth()` middleware.
 * @typedef {object} MiddlewareOptions
 * @property {boolean} [optional] Record a refused request (`principal` null, `authError` set) and go on, for the guards to answer; default false.
 */
/**
 * What `requireOrganization` asks of the caller besides membership.
 * @typedef {object} OrganizationOptions
 * @property {"member" | "admin" | "owner"} [role] Default member.
 * @property {string[]} [scopes] `resource:action` permissions the caller must hold in the organization.
 */

/**
 * Whether `e` is an AuthError (of either copy of the package: its ESM and CommonJS entries each have one).
 * @internal
 * @param {any} e
 * @returns {e is import("edgeauth/edge").AuthError}
 */
export function isAuthError(e) {
  return e instanceof Error && e.name === "AuthError" && "toResponse" in e && typeof e.toResponse === "function";
}

/**
 * `auth`, checked to be an Authenticator.
 * @internal
 */
export function authenticatorOf(auth) {
  for (const method of ["authenticate", "authorize", "metadataResponse"]) {
    if (typeof auth?.[method] !== "function") throw new ConfigError("the edgeauth middleware needs an Authenticator");
  }
  return auth;
}

/**
 * The `optional` option: whether a refused request goes on (recorded) instead of being answered.
 * @internal
 */
export function optionalOf(options) {
  if (options !== undefined && (options === null || typeof options !== "object")) throw new ConfigError("options must be an object");
  const { optional = false } = options ?? {};
  if (typeof optional !== "boolean") throw new ConfigError("optional must be true or false");
  return optional;
}

/**
 * `{ auth, principal, authError }` of `request`: the Principal, or the AuthError (400/401/502) it got.
 * @internal
 */
export async function outcomeOf(auth, request) {
  try {
    return { auth, principal: await auth.authenticate(request), authError: null };
  } catch (e) {
    if (!isAuthError(e)) throw e;
    return { auth, principal: null, authError: e };
  }
}

/**
 * A check that the principal holds every `resource:action` of `scopes`.
 * @internal
 */
export function scopesCheck(scopes) {
  for (const scope of scopes) parseScope(scope);
  const list = [...scopes];
  return (auth, principal) => auth.authorize(principal, { scopes: list });
}

/**
 * A check that the principal is granted `action` on `resource`.
 * @internal
 */
export function permissionCheck(action, resource) {
  if (typeof action !== "string" || typeof resource !== "string") throw new ConfigError("action and resource must be strings");
  return scopesCheck([`${resource}:${action}`]);
}

/**
 * A check that the principal is a member of `organization` (an id, or a
 * function of the framework's context returning one) in `role`, holding
 * `scopes` there.
 * @internal
 */
export function organizationCheck(organization, options) {
  if (typeof organization !== "function" && (typeof organization !== "string" || organization === "")) {
    throw new ConfigError("organization must be an organization id or a function returning one");
  }
  if (options !== undefined && (options === null || typeof options !== "object")) throw new ConfigError("options must be an object");
  const { role, scopes = [] } = options ?? {};
  if (role !== undefined && !["member", "admin", "owner"].includes(role)) throw new ConfigError("role is member, admin or owner");
  if (!Array.isArray(scopes)) throw new ConfigError("scopes must be an array of resource:action permissions");
  for (const scope of scopes) parseScope(scope);
  const list = [...scopes];
  return (auth, principal, context) => {
    const id = typeof organization === "function" ? organization(context) : organization;
    // A resolver that finds no id refuses the request (403), never skips the check.
    return auth.authorize(principal, { organization: typeof id === "string" && id !== "" ? id : null, role, scopes: list });
  };
}

/**
 * Run a guard's `check` (or none: authenticated is enough) on the recorded
 * `outcome`: the AuthError to answer with, or null to go on.
 * @internal
 */
export function refusalOf(outcome, check, context) {
  if (!outcome) throw new ConfigError("mount the edgeauth middleware before its guards");
  if (!outcome.principal) return outcome.authError;
  try {
    check?.(outcome.auth, outcome.principal, context);
    return null;
  } catch (e) {
    if (isAuthError(e)) return e;
    throw e;
  }
}
