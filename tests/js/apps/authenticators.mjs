// The Authenticators behind the middleware test apps (hono-app.mjs,
// express-app.mjs), built from one JSON-safe config so a Worker and the test
// process build identical ones: `auth` (the resource https://api.test/api,
// keys given inline) and `down` (its JWK Set URL answers nothing: 502).
export const ISSUER = "https://issuer.test";
export const RESOURCE = "https://api.test/api";

export function authenticators(ea, { jwks }) {
  const resourceMetadata = { scopes_supported: ["notes:read", "notes:write", "reports:read"], resource_name: "Middleware test API" };
  return {
    auth: new ea.Authenticator({ issuer: ISSUER, resource: RESOURCE, jwks, resourceMetadata, realm: "api" }),
    down: new ea.Authenticator({ issuer: ISSUER, resource: RESOURCE, jwks: ea.createRemoteJwks("http://127.0.0.1:9/jwks", { timeoutMs: 2000 }) }),
  };
}
