// The Hono app of the middleware tests (tests/js/middleware.test.mjs), run in
// Node (app.request) and in workerd (worker/hono-worker.mjs). Every route
// answers what the middleware recorded, so the test sees the outcome.
import { Hono } from "hono";
import * as ea from "edgeauth";
import { edgeauth, requireAuth, requireOrganization, requirePermission, requireScopes } from "edgeauth/hono";
import { authenticators } from "./authenticators.mjs";

export function honoApp(config) {
  const { auth, down } = authenticators(ea, config);
  const app = new Hono();
  const seen = (c) => c.json({ principal: c.get("principal")?.id ?? null, authError: c.get("authError")?.code ?? null });
  app.use("/strict/*", edgeauth(auth));
  app.get("/strict/me", seen);
  app.use("/down/*", edgeauth(down));
  app.get("/down/me", seen);
  app.use(edgeauth(auth, { optional: true }));
  app.get("/public", seen);
  app.get("/me", requireAuth(), seen);
  app.get("/notes", requireScopes("notes:read"), seen);
  app.get("/notes/write", requirePermission("write", "notes"), seen);
  app.get("/orgs/:org/admin", requireOrganization((c) => c.req.param("org"), { role: "admin" }), seen);
  app.get("/orgs/:org/reports", requireOrganization((c) => c.req.param("org"), { scopes: ["reports:read"] }), seen);
  app.get("/no-org/reports", requireOrganization(() => undefined, { scopes: ["reports:read"] }), seen);
  return app;
}
