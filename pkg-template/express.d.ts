// edgeauth/express: middleware and guards for Express and Connect (see README "Middleware").
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator, AuthError, Principal } from "edgeauth";

export interface EdgeAuthRequest extends IncomingMessage {
  principal?: Principal | null;
  authError?: AuthError | null;
  originalUrl?: string;
  params?: Record<string, string>;
}
export type Middleware = (req: EdgeAuthRequest, res: ServerResponse, next: (error?: unknown) => void) => void;
/** Authenticate every request; with `optional`, record the outcome (`req.principal`, `req.authError`) instead of refusing. Serves the RFC 9728 document. */
export function edgeauth(auth: Authenticator, options?: { optional?: boolean }): Middleware;
export function requireAuth(): Middleware;
export function requireScopes(...scopes: string[]): Middleware;
export function requirePermission(action: string, resource: string): Middleware;
export function requireOrganization(organization: string | ((req: EdgeAuthRequest) => string), options?: { role?: "member" | "admin" | "owner"; scopes?: string[] }): Middleware;
