// The middleware subpaths at the type level (edgeauth/hono with the real
// hono types, edgeauth/express with Node-shaped requests): what compiles,
// and the refusals as @ts-expect-error. Checked with refusals.ts.
import { Hono } from "hono";
import { Authenticator, type Principal } from "edgeauth";
import { edgeauth, requireOrganization, requireScopes, type EdgeAuthVariables } from "edgeauth/hono";
import * as express from "edgeauth/express";

const auth = new Authenticator({ issuer: "https://issuer.example", resource: "https://api.example/notes", jwks: "https://issuer.example/jwks" });
const app = new Hono<{ Variables: EdgeAuthVariables }>();
app.use("/notes/*", edgeauth(auth, { optional: true }));
app.get("/public", (c) => {
  const principal: Principal | null = c.get("principal");
  return c.json({ id: principal?.id, refused: c.get("authError")?.status });
});
// After a guard the caller is known.
const notes = new Hono().use(edgeauth(auth, { optional: true })).get("/notes", requireScopes("notes:read"), (c) => c.json({ id: c.get("principal").id }));
// A blocking edgeauth() lets only callers through.
new Hono().use(edgeauth(auth)).get("/me", (c) => c.text(c.get("principal").id));
// @ts-expect-error in optional mode, without a guard, there may be no caller
new Hono().use(edgeauth(auth, { optional: true })).get("/me", (c) => c.text(c.get("principal").id));
app.get("/orgs/:org", requireOrganization((c) => c.req.param("org") ?? "", { role: "admin", scopes: ["notes:write"] }), (c) => c.text("ok"));
// @ts-expect-error roles are member, admin and owner
requireOrganization("acme", { role: "root" });
// @ts-expect-error the middleware needs an Authenticator
edgeauth({});
// @ts-expect-error scopes are strings, not an array
requireScopes(["notes:read"]);

const middleware = express.edgeauth(auth, { optional: true });
const req: express.EdgeAuthRequest = { url: "/notes", method: "GET", headers: { authorization: "Bearer x" } };
middleware(req, { statusCode: 200, setHeader() {}, end() {} }, () => {});
const who: string | undefined = req.principal?.id;
express.requirePermission("read", "notes");
// @ts-expect-error optional is true or false
express.edgeauth(auth, { optional: "yes" });
// @ts-expect-error requirePermission takes an action and a resource
express.requirePermission("notes:read");

export { who, notes };
