// The Hono app of tests/js/apps/hono-app.mjs as a Worker; its config (the
// issuer's public JWK Set) comes in the CONFIG binding.
import { honoApp } from "../apps/hono-app.mjs";

let app;

export default {
  fetch(request, env, ctx) {
    app ??= honoApp(JSON.parse(env.CONFIG));
    return app.fetch(request, env, ctx);
  },
};
