// The Express app of the middleware tests: the routes of hono-app.mjs.
import express from "express";
import * as ea from "edgeauth";
import { edgeauth, requireAuth, requireOrganization, requirePermission, requireScopes } from "edgeauth/express";
import { authenticators } from "./authenticators.mjs";

export function expressApp(config) {
  const { auth, down } = authenticators(ea, config);
  const app = express();
  const seen = (req, res) => res.json({ principal: req.principal?.id ?? null, authError: req.authError?.code ?? null });
  app.use("/strict", edgeauth(auth));
  app.get("/strict/me", seen);
  app.use("/down", edgeauth(down));
  app.get("/down/me", seen);
  app.use(edgeauth(auth, { optional: true }));
  app.get("/public", seen);
  app.get("/me", requireAuth(), seen);
  app.get("/notes", requireScopes("notes:read"), seen);
  app.get("/notes/write", requirePermission("write", "notes"), seen);
  app.get("/orgs/:org/admin", requireOrganization((req) => req.params.org, { role: "admin" }), seen);
  app.get("/orgs/:org/reports", requireOrganization((req) => req.params.org, { scopes: ["reports:read"] }), seen);
  app.get("/no-org/reports", requireOrganization(() => undefined, { scopes: ["reports:read"] }), seen);
  return app;
}
