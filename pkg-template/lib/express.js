// edgeauth for Express and Connect (`import { edgeauth, requireScopes } from "edgeauth/express"`):
// middleware `(req, res, next)` that set `req.principal` and `req.authError`
// and answer a refusal exactly as AuthError.toResponse() does (status,
// headers, JSON body), through Node's own `res` API. The RFC 9728 document
// is answered by the middleware itself.

import { authenticatorOf, optionalOf, organizationCheck, outcomeOf, permissionCheck, refusalOf, scopesCheck } from "./guard.js";

/**
 * The request as the middleware read it (Express's Request, Node's
 * IncomingMessage), with what they set on it.
 * @typedef {object} EdgeAuthRequest
 * @property {string} [url]
 * @property {string} [originalUrl] Express's: the URL before mounting stripped its prefix.
 * @property {string} [method]
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {Record<string, string>} [params]
 * @property {import("edgeauth/edge").Principal | null} [principal] Set by {@link edgeauth}: the caller, or null when refused in optional mode.
 * @property {import("edgeauth/edge").AuthError | null} [authError] Set by {@link edgeauth}: why the request was refused, or null.
 */
/**
 * What the middleware write a refusal to (Node's ServerResponse, Express's Response).
 * @typedef {{ statusCode: number, setHeader(name: string, value: string): unknown, end(body?: string): unknown }} EdgeAuthResponse
 */
/** @typedef {(req: EdgeAuthRequest, res: EdgeAuthResponse, next: (error?: unknown) => void) => void} Middleware An Express / Connect middleware. */

/** Where the outcome is kept on `req` for the guards (not part of the API). */
const OUTCOME = Symbol.for("edgeauth.outcome");

/** The Request-like view of a Node request that Authenticator reads (url, method, headers.get). */
/**
 * @param {EdgeAuthRequest} req
 * @returns {import("./authenticator.js").RequestLike}
 */
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
/** @param {EdgeAuthResponse} res @param {Response} response */
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
 * the AuthError recorded (the guards below then answer it). Serves the RFC
 * 9728 document of an Authenticator with a `resource`.
 * @example
 * const app = express();
 * app.use(edgeauth(auth));
 * app.get("/notes", requireScopes("notes:read"), (req, res) => res.json({ user: req.principal?.id }));
 * @param {import("edgeauth/edge").Authenticator} auth
 * @param {import("./guard.js").MiddlewareOptions} [options]
 * @returns {Middleware}
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

/**
 * @param {((auth: any, principal: any, context: any) => unknown) | undefined} check
 * @returns {Middleware}
 */
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

/**
 * Refuse requests without a valid token (after `edgeauth(auth, { optional: true })`).
 * @returns {Middleware}
 */
export function requireAuth() {
  return guard(undefined);
}

/**
 * Refuse (403 insufficient_scope) unless the token grants every `resource:action`.
 * @param {...string} scopes
 * @returns {Middleware}
 */
export function requireScopes(...scopes) {
  return guard(scopesCheck(scopes));
}

/**
 * `requireScopes(`${resource}:${action}`)`.
 * @param {string} action
 * @param {string} resource
 * @returns {Middleware}
 */
export function requirePermission(action, resource) {
  return guard(permissionCheck(action, resource));
}

/**
 * Refuse (403) unless the caller is a member of `organization` (an id, or
 * `(req) => id`, e.g. `(req) => req.params.org`) with `role` and, there,
 * every `scopes` permission.
 * @param {string | ((req: EdgeAuthRequest) => string)} organization
 * @param {import("./guard.js").OrganizationOptions} [options]
 * @returns {Middleware}
 */
export function requireOrganization(organization, options) {
  return guard(organizationCheck(organization, options));
}
