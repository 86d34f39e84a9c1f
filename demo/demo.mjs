// Everything `make demo` starts, on 127.0.0.1: the static server for www/,
// the local identity provider (tests/provider, oidc-provider from npm) and
// worker-example/ in workerd (miniflare). Used by demo/run.mjs and by the
// browser tests (tests/js/demo-browser.test.mjs).
import { fileURLToPath } from "node:url";
import { startProvider } from "../tests/provider/provider.mjs";
import { startWorker } from "../tests/js/harness/workerd.mjs";
import { startStatic } from "./static.mjs";

const WORKER = fileURLToPath(new URL("../worker-example/src/worker.js", import.meta.url));

/** The worker's AUDIENCE and the provider's resource indicator for it. */
export const AUDIENCE = "https://api.edgeauth.test";
export const CLIENT_ID = "edgeauth-demo";
/** API scopes the page asks for; /api/admin needs admin:read. */
export const API_SCOPES = ["api:read", "admin:read"];
export const ADMIN_SCOPE = "admin:read";

/** The demo users: alice may not read the admin API, bob may. */
export const USERS = {
  alice: { password: "wonderland", email: "alice@example.test", name: "Alice", resourceScopes: ["api:read"] },
  bob: { password: "builder", email: "bob@example.test", name: "Bob (admin)", resourceScopes: ["api:read", "admin:read"] },
};

const credentials = Object.entries(USERS).map(([user, { password }]) => `${user} / ${password}`).join(", ");

/**
 * Start the three servers. Ports default to 0 (random); `make demo` passes
 * fixed ones. `accessTokenTtl` in seconds (the page refreshes 30 s before expiry).
 */
export async function startDemo({ wwwPort = 0, issuerPort = 0, apiPort = 0, accessTokenTtl = 300 } = {}) {
  const config = {};
  const www = await startStatic({ port: wwwPort, config: () => config });
  const redirectUri = `${www.url}/`;
  const postLogoutRedirectUri = `${www.url}/?signed-out=1`;
  const stop = [www.close];
  try {
    const op = await startProvider({
      port: issuerPort,
      accessTokenTtl,
      accounts: USERS,
      loginNote: `Demo users: ${credentials}`,
      clients: [
        {
          client_id: CLIENT_ID,
          token_endpoint_auth_method: "none",
          redirect_uris: [redirectUri],
          post_logout_redirect_uris: [postLogoutRedirectUri],
          grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"],
        },
      ],
      resources: { [AUDIENCE]: { scope: API_SCOPES.join(" "), accessTokenFormat: "jwt", jwt: { sign: { alg: "EdDSA" } } } },
    });
    stop.unshift(op.close);
    const worker = await startWorker(WORKER, {
      port: apiPort,
      kvNamespaces: ["JWKS_CACHE"],
      durableObjects: { AUTH_STORE: "EdgeAuthDurableObject" },
      bindings: { ISSUER: op.issuer, AUDIENCE, JWKS_URL: `${op.issuer}/jwks`, ADMIN_SCOPE, ALLOWED_ORIGIN: www.url },
    });
    stop.unshift(() => worker.mf.dispose());
    const api = new URL(await worker.mf.ready).origin;
    Object.assign(config, {
      issuer: op.issuer,
      clientId: CLIENT_ID,
      redirectUri,
      postLogoutRedirectUri,
      api,
      audience: AUDIENCE,
      scope: ["openid", "email", "profile", ...API_SCOPES].join(" "),
      users: Object.entries(USERS).map(([username, u]) => ({ username, password: u.password, scopes: u.resourceScopes })),
    });
    return {
      www: www.url,
      issuer: op.issuer,
      api,
      op,
      config,
      close: async () => {
        for (const fn of stop) await fn();
      },
    };
  } catch (e) {
    for (const fn of stop) await fn();
    throw e;
  }
}
