// A Hono Worker whose Authenticator validates opaque tokens through a
// userinfo endpoint (USERINFO_URL, the test's oidc-provider on loopback);
// /me answers the principal's id and the answer's other claims.
import { Hono } from "hono";
import { Authenticator } from "edgeauth";
import { edgeauth } from "edgeauth/hono";

let app;

export default {
  fetch(request, env, ctx) {
    if (!app) {
      app = new Hono();
      app.use(edgeauth(new Authenticator({ userinfo: env.USERINFO_URL, realm: "api" })));
      app.get("/me", (c) => c.json({ id: c.get("principal").id, email: c.get("principal").email, name: c.get("principal").claims.name }));
    }
    return app.fetch(request, env, ctx);
  },
};
