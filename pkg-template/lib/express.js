// edgeauth for Express and Connect (`import { edgeauth, requireScopes } from "edgeauth/express"`):
// middleware `(req, res, next)` that set `req.principal` and `req.authError`
// and answer a refusal exactly as AuthError.toResponse() does (status,
// headers, JSON body), through Node's own `res` API. The RFC 9728 document
// is answered by the middleware itself.

import { authenticatorOf, optionalOf, organizationCheck, outcomeOf, permissionCheck, refusalOf, scopesCheck } from "./guard.js";

/** Where the outcome is kept on `req` for the guards (not part of the API). */
const OUTCOME = Symbol.for("edgeauth.outcome");

/** The Request-like view of a Node request that Authenticator reads (url, method, headers.get). */
function requestOf(req) {
  return {
    url: req.originalUrl ?? req.url,
    method: req.method,
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
  };
}

/** Write a web Response to Node's `res`. */
async function send(res, response) {
  const body = await response.text();
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(body);
}

/**
 * Authenticate every request with `auth` (an Authenticator) and set
 * `req.principal` and `req.authError`. A refused request is answered at
 * once, or, with `{ optional: true }`, goes on with `req.principal` null and
 * the AuthError recorded (the guards below then answer it).
 */
export function edgeauth(auth, options) {
  authenticatorOf(auth);
  const optional = optionalOf(options);
  return function edgeauthMiddleware(req, res, next) {
    const request = requestOf(req);
    const metadata = auth.metadataResponse(request);
    if (metadata) return void send(res, metadata).catch(next);
    outcomeOf(auth, request).then((outcome) => {
      req[OUTCOME] = outcome;
      req.principal = outcome.principal;
      req.authError = outcome.authError;
      if (outcome.authError && !optional) return send(res, outcome.authError.toResponse());
      next();
    }).catch(next);
  };
}

function guard(check) {
  return function edgeauthGuard(req, res, next) {
    let refusal;
    try {
      refusal = refusalOf(req[OUTCOME], check, req);
    } catch (e) {
      return next(e);
    }
    if (refusal) return void send(res, refusal.toResponse()).catch(next);
    next();
  };
}

/** Refuse requests without a valid token (after `edgeauth(auth, { optional: true })`). */
export function requireAuth() {
  return guard(undefined);
}

/** Refuse (403 insufficient_scope) unless the token grants every `resource:action`. */
export function requireScopes(...scopes) {
  return guard(scopesCheck(scopes));
}

/** `requireScopes(`${resource}:${action}`)`. */
export function requirePermission(action, resource) {
  return guard(permissionCheck(action, resource));
}

/**
 * Refuse (403) unless the caller is a member of `organization` (an id, or
 * `(req) => id`, e.g. `(req) => req.params.org`) with `role` and, there,
 * every `scopes` permission.
 */
export function requireOrganization(organization, options) {
  return guard(organizationCheck(organization, options));
}
