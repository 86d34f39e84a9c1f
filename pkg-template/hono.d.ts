// edgeauth/hono: middleware and guards for Hono (see README "Middleware").
import type { MiddlewareHandler, Context } from "hono";
import type { Authenticator, AuthError, Principal } from "edgeauth";

/** The context variables the middleware sets: `c.get("principal")`, `c.get("authError")`. */
export interface EdgeAuthVariables {
  principal: Principal | null;
  authError: AuthError | null;
}
/** Authenticate every request; with `optional`, record the outcome instead of refusing. Serves the RFC 9728 document. */
export function edgeauth(auth: Authenticator, options?: { optional?: boolean }): MiddlewareHandler<{ Variables: EdgeAuthVariables }>;
export function requireAuth(): MiddlewareHandler;
export function requireScopes(...scopes: string[]): MiddlewareHandler;
export function requirePermission(action: string, resource: string): MiddlewareHandler;
export function requireOrganization(organization: string | ((c: Context) => string), options?: { role?: "member" | "admin" | "owner"; scopes?: string[] }): MiddlewareHandler;
