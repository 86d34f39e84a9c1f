// edgeauth for Hono (`import { edgeauth, requireScopes } from "edgeauth/hono"`),
// in Hono's conventions: middleware set context variables (`c.get("principal")`,
// `c.get("authError")`) and refuse by throwing an HTTPException whose
// response is AuthError.toResponse() (401/403/400/502 with the RFC 6750
// challenge and RFC 9728 `resource_metadata`). The RFC 9728 document is
// answered by the middleware itself.

import { HTTPException } from "hono/http-exception";
import { authenticatorOf, optionalOf, organizationCheck, outcomeOf, permissionCheck, refusalOf, scopesCheck } from "./guard.js";

/**
 * The context variables the middleware set: `c.get("principal")` (the
 * caller, or null when refused in optional mode) and `c.get("authError")`
 * (why it was refused, or null).
 * @typedef {{ principal: import("edgeauth/edge").Principal | null, authError: import("edgeauth/edge").AuthError | null }} EdgeAuthVariables
 */
/**
 * The context variables where a request got through: after a blocking
 * `edgeauth(auth)` or a guard, `c.get("principal")` is the caller.
 * @typedef {{ principal: import("edgeauth/edge").Principal, authError: null }} AuthenticatedVariables
 */
/**
 * A guard: Hono middleware after which the caller is known (its handlers see
 * {@link AuthenticatedVariables}).
 * @typedef {import("hono").MiddlewareHandler<{ Variables: AuthenticatedVariables }>} Guard
 */

/** The context variable holding the outcome for the guards (not part of the API). */
const OUTCOME = "edgeauth";

/** @param {import("edgeauth/edge").AuthError} authError */
function refuse(authError) {
  return new HTTPException(authError.status, { res: authError.toResponse(), message: authError.message, cause: authError });
}

/**
 * Authenticate every request with `auth` (an Authenticator) and set
 * `principal` and `authError`; a refused request is answered at once (401,
 * 400, 502). Serves the RFC 9728 document of an Authenticator with a
 * `resource`.
 * @example
 * const app = new Hono()
 *   .use("/api/*", edgeauth(auth))
 *   .get("/api/notes", requireScopes("notes:read"), (c) => c.json({ user: c.get("principal").id }));
 * @overload
 * @param {import("edgeauth/edge").Authenticator} auth
 * @param {{ optional?: false }} [options]
 * @returns {Guard}
 */
/**
 * With `{ optional: true }`, a refused request goes on with `principal` null
 * and the AuthError recorded (the guards then answer it).
 * @overload
 * @param {import("edgeauth/edge").Authenticator} auth
 * @param {import("./guard.js").MiddlewareOptions} options
 * @returns {import("hono").MiddlewareHandler<{ Variables: EdgeAuthVariables }>}
 */
/**
 * @param {import("edgeauth/edge").Authenticator} auth
 * @param {import("./guard.js").MiddlewareOptions} [options]
 * @returns {import("hono").MiddlewareHandler<any>}
 */
export function edgeauth(auth, options) {
  authenticatorOf(auth);
  const optional = optionalOf(options);
  /** @param {import("hono").Context} c @param {import("hono").Next} next */
  return async function edgeauthMiddleware(c, next) {
    const metadata = auth.metadataResponse(c.req.raw);
    if (metadata) return metadata;
    const outcome = await outcomeOf(auth, c.req.raw);
    c.set(OUTCOME, outcome);
    c.set("principal", outcome.principal);
    c.set("authError", outcome.authError);
    if (outcome.authError && !optional) throw refuse(outcome.authError);
    await next();
  };
}

/**
 * @param {((auth: any, principal: any, context: any) => unknown) | undefined} check
 * @returns {Guard}
 */
function guard(check) {
  /** @param {import("hono").Context} c @param {import("hono").Next} next */
  return async function edgeauthGuard(c, next) {
    const refusal = refusalOf(c.get(OUTCOME), check, c);
    if (refusal) throw refuse(refusal);
    await next();
  };
}

/**
 * Refuse requests without a valid token (after `edgeauth(auth, { optional: true })`).
 * @returns {Guard}
 */
export function requireAuth() {
  return guard(undefined);
}

/**
 * Refuse (403 insufficient_scope) unless the token grants every `resource:action` (wildcards per the scope rules).
 * @param {...string} scopes
 * @returns {Guard}
 */
export function requireScopes(...scopes) {
  return guard(scopesCheck(scopes));
}

/**
 * `requireScopes(`${resource}:${action}`)`.
 * @param {string} action
 * @param {string} resource
 * @returns {Guard}
 */
export function requirePermission(action, resource) {
  return guard(permissionCheck(action, resource));
}

/**
 * Refuse (403) unless the caller is a member of `organization` (an id, or
 * `(c) => id`, e.g. `(c) => c.req.param("org")`) with `role` (`member`,
 * `admin`, `owner`) and, there, every `scopes` permission.
 * @param {string | ((c: import("hono").Context) => string)} organization
 * @param {import("./guard.js").OrganizationOptions} [options]
 * @returns {Guard}
 */
export function requireOrganization(organization, options) {
  return guard(organizationCheck(organization, options));
}
