// edgeauth for Hono (`import { edgeauth, requireScopes } from "edgeauth/hono"`),
// in Hono's conventions: middleware set context variables (`c.get("principal")`,
// `c.get("authError")`) and refuse by throwing an HTTPException whose
// response is AuthError.toResponse() (401/403/400/502 with the RFC 6750
// challenge and RFC 9728 `resource_metadata`). The RFC 9728 document is
// answered by the middleware itself.

import { HTTPException } from "hono/http-exception";
import { authenticatorOf, optionalOf, organizationCheck, outcomeOf, permissionCheck, refusalOf, scopesCheck } from "./guard.js";

/** The context variable holding the outcome for the guards (not part of the API). */
const OUTCOME = "edgeauth";

function refuse(authError) {
  return new HTTPException(authError.status, { res: authError.toResponse(), message: authError.message, cause: authError });
}

/**
 * Authenticate every request with `auth` (an Authenticator) and set
 * `principal` and `authError`. A refused request is answered at once, or,
 * with `{ optional: true }`, goes on with `principal` null and the AuthError
 * recorded (the guards below then answer it).
 */
export function edgeauth(auth, options) {
  authenticatorOf(auth);
  const optional = optionalOf(options);
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

function guard(check) {
  return async function edgeauthGuard(c, next) {
    const refusal = refusalOf(c.get(OUTCOME), check, c);
    if (refusal) throw refuse(refusal);
    await next();
  };
}

/** Refuse requests without a valid token (after `edgeauth(auth, { optional: true })`). */
export function requireAuth() {
  return guard(undefined);
}

/** Refuse (403 insufficient_scope) unless the token grants every `resource:action` (wildcards per the scope rules). */
export function requireScopes(...scopes) {
  return guard(scopesCheck(scopes));
}

/** `requireScopes(`${resource}:${action}`)`. */
export function requirePermission(action, resource) {
  return guard(permissionCheck(action, resource));
}

/**
 * Refuse (403) unless the caller is a member of `organization` (an id, or
 * `(c) => id`, e.g. `(c) => c.req.param("org")`) with `role` (`member`,
 * `admin`, `owner`) and, there, every `scopes` permission.
 */
export function requireOrganization(organization, options) {
  return guard(organizationCheck(organization, options));
}
