// A real OpenID Provider (oidc-provider from npm) on 127.0.0.1 for the
// end-to-end tests, the worker tests and the demo. Everything is in memory;
// keys are generated at start. Login and consent pages are plain HTML forms
// served here, so a browser can use them and `login()` can post them.
//
//   const op = await startProvider();            // random port
//   const { callbackUrl } = await op.login(authorizationUrl);  // alice / wonderland
//   await op.close();
import { createServer } from "node:http";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import Provider, { errors } from "oidc-provider";

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
export const REDIRECT_URI = "https://app.test/callback";
export const POST_LOGOUT_URI = "https://app.test/logged-out";
export const API = "https://api.test";
export const INITIAL_ACCESS_TOKEN = "edgeauth-initial-access-token";

/** A key pair as JWKs with `alg`, `use` and `kid`. */
export function keyPair(alg) {
  const spec = { EdDSA: ["ed25519", {}], ES256: ["ec", { namedCurve: "P-256" }], RS256: ["rsa", { modulusLength: 2048 }] }[alg];
  const { privateKey, publicKey } = generateKeyPairSync(spec[0], spec[1]);
  const kid = `${alg}-${randomUUID().slice(0, 8)}`;
  const meta = { alg, use: "sig", kid };
  return { privateJwk: { ...privateKey.export({ format: "jwk" }), ...meta }, publicJwk: { ...publicKey.export({ format: "jwk" }), ...meta } };
}

const ALL_GRANTS = ["authorization_code", "refresh_token", "client_credentials", TOKEN_EXCHANGE];

/** The clients the tests use; pass `clients` to startProvider to replace them. */
export function defaultClients() {
  const pkjwt = { EdDSA: keyPair("EdDSA"), ES256: keyPair("ES256"), RS256: keyPair("RS256") };
  const web = { redirect_uris: [REDIRECT_URI], post_logout_redirect_uris: [POST_LOGOUT_URI], grant_types: ALL_GRANTS, response_types: ["code"] };
  return [
    { client_id: "basic-client", client_secret: "basic-secret-with-enough-entropy-0123456789", token_endpoint_auth_method: "client_secret_basic", ...web },
    { client_id: "post-client", client_secret: "post-secret-with-enough-entropy-0123456789", token_endpoint_auth_method: "client_secret_post", ...web },
    { client_id: "public-client", token_endpoint_auth_method: "none", ...web, grant_types: ["authorization_code", "refresh_token"] },
    { client_id: "short-refresh-client", token_endpoint_auth_method: "none", ...web, grant_types: ["authorization_code", "refresh_token"] },
    {
      client_id: "jwt-client",
      token_endpoint_auth_method: "private_key_jwt",
      jwks: { keys: Object.values(pkjwt).map((k) => k.publicJwk) },
      ...web,
      // Private keys for the tests; not client metadata (removed before registration).
      privateJwks: pkjwt,
    },
  ];
}

/** Scopes of the API resource; its access tokens are EdDSA-signed JWTs. */
export function defaultResources() {
  return { [API]: { scope: "read write", accessTokenFormat: "jwt", jwt: { sign: { alg: "EdDSA" } } } };
}

/**
 * alice / wonderland, the demo and test user. An account may carry
 * `resourceScopes` (a list): consent then grants only those API scopes and
 * rejects the rest; without it every requested scope is granted.
 */
export function defaultAccounts() {
  return { alice: { password: "wonderland", email: "alice@example.test", name: "Alice" } };
}

/**
 * Start the provider. Options: `port` (0 = random), `clients`, `resources`
 * (indicator -> resource server info), `accounts` (id -> { password, ...claims }),
 * `refreshTtl(clientId)` in seconds, `accessTokenTtl` and `clientCredentialsTtl`
 * in seconds, `loginNote` (text shown on the login page, e.g. the demo
 * credentials), `scopes` (more scope values clients may register with, e.g. a
 * resource's), `initialAccessToken` (false: open dynamic registration, as MCP
 * clients expect), `dpop` (RFC 9449, on by default: tokens requested with a
 * DPoP proof are bound to its key), `dpopNonce` (require the provider's DPoP
 * nonces, §8).
 */
export async function startProvider({ port = 0, clients = defaultClients(), resources = defaultResources(), accounts = defaultAccounts(), refreshTtl = (id) => (id === "short-refresh-client" ? 1 : 86_400), accessTokenTtl = 3600, clientCredentialsTtl = 600, loginNote = "", scopes = [], initialAccessToken = INITIAL_ACCESS_TOKEN, dpop = true, dpopNonce = false } = {}) {
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const keys = [keyPair("RS256").privateJwk, keyPair("EdDSA").privateJwk, keyPair("ES256").privateJwk];
  const provider = new Provider(issuer, {
    clients: clients.map(({ privateJwks, ...metadata }) => metadata),
    jwks: { keys },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    findAccount: (_ctx, id) => {
      const account = accounts[id];
      if (!account) return undefined;
      const { password, resourceScopes, ...claims } = account;
      return { accountId: id, claims: () => ({ sub: id, email_verified: Boolean(claims.email), ...claims }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "offline_access", "email", "profile", ...scopes],
    pkce: { required: () => true },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    extraTokenClaims: (_ctx, token) => exchangeClaims.get(token),
    ttl: {
      RefreshToken: (_ctx, _token, client) => refreshTtl(client.clientId),
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      ClientCredentials: clientCredentialsTtl,
      Grant: 86_400,
      IdToken: 3600,
      Interaction: 600,
      Session: 86_400,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken },
      rpInitiatedLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      dPoP: { enabled: dpop, nonceSecret: randomBytes(32), requireNonce: () => dpopNonce },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          const info = resources[indicator];
          if (!info) throw new errors.InvalidTarget();
          return { audience: indicator, ...info };
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.registerGrantType(TOKEN_EXCHANGE, tokenExchange(provider), ["subject_token", "subject_token_type", "actor_token", "actor_token_type", "audience", "resource", "scope", "requested_token_type"], ["audience", "resource"]);

  const callback = provider.callback();
  handler = (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/(login|consent))?$/.exec(req.url.split("?")[0]);
    if (!match) return callback(req, res);
    interaction(provider, { accounts, loginNote }, req, res, match[3]).catch((e) => res.writeHead(500).end(String(e?.message ?? e)));
  };

  return {
    issuer,
    provider,
    clients: Object.fromEntries(clients.map((c) => [c.client_id, c])),
    /** Drive an authorization URL through login and consent: `{ callbackUrl, cookies }`. */
    login: (url, credentials) => login(issuer, url, credentials),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** Claims of exchanged tokens, read back by extraTokenClaims when the token is saved. */
const exchangeClaims = new WeakMap();

/** RFC 8693 token exchange: subject = an access token of this provider, actor = optional. */
function tokenExchange(provider) {
  return async (ctx) => {
    const p = ctx.oidc.params;
    if (p.subject_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest("only access tokens can be exchanged here");
    const subject = await provider.AccessToken.find(p.subject_token);
    if (!subject?.isValid) throw new errors.InvalidGrant("subject_token is not an active access token");
    let act;
    if (p.actor_token !== undefined) {
      if (p.actor_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest("actor_token_type must be an access token type");
      const actor = (await provider.ClientCredentials.find(p.actor_token)) ?? (await provider.AccessToken.find(p.actor_token));
      if (!actor?.isValid) throw new errors.InvalidGrant("actor_token is not an active access token");
      act = { sub: actor.accountId ?? actor.clientId };
    }
    const token = new provider.AccessToken({
      accountId: subject.accountId,
      client: ctx.oidc.client,
      grantId: subject.grantId,
      gty: "token_exchange",
      scope: p.scope ?? subject.scope,
    });
    exchangeClaims.set(token, { act, exchanged_for: p.audience });
    ctx.body = { access_token: await token.save(), issued_token_type: ACCESS_TOKEN_TYPE, token_type: "Bearer", expires_in: token.expiration, scope: token.scope };
  };
}

const page = (title, body) => `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1>${body}`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

/** The login and consent pages (forms) and their POST handlers. */
async function interaction(provider, { accounts, loginNote }, req, res, action) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (req.method === "GET") {
    res.setHeader("content-type", "text/html; charset=utf-8");
    if (prompt.name === "login") {
      const note = loginNote ? `<p class="note">${escape(loginNote)}</p>` : "";
      return res.end(page("Sign in", `${note}<form method="post" action="/interaction/${uid}/login"><input name="username" autocomplete="username"><input name="password" type="password" autocomplete="current-password"><button type="submit">Sign in</button></form>`));
    }
    // One form, two buttons: a post without `decision` (login() below) allows.
    return res.end(page("Authorize", `<p>${escape(params.client_id)} asks for ${escape(params.scope ?? "")}</p><form method="post" action="/interaction/${uid}/consent"><button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></form>`));
  }
  const form = await readForm(req);
  if (action === "login") {
    const account = accounts[form.get("username")];
    if (!account || account.password !== form.get("password")) {
      res.setHeader("content-type", "text/html; charset=utf-8");
      return res.writeHead(401).end(page("Sign in failed", `<a href="/interaction/${uid}">try again</a>`));
    }
    return provider.interactionFinished(req, res, { login: { accountId: form.get("username") } }, { mergeWithLastSubmission: false });
  }
  if (form.get("decision") === "deny") {
    return provider.interactionFinished(req, res, { error: "access_denied", error_description: "the user denied the request" }, { mergeWithLastSubmission: false });
  }
  const allowedScopes = accounts[session.accountId]?.resourceScopes;
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    const granted = allowedScopes ? scopes.filter((s) => allowedScopes.includes(s)) : scopes;
    const rejected = scopes.filter((s) => !granted.includes(s));
    if (granted.length) grant.addResourceScope(indicator, granted.join(" "));
    if (rejected.length) grant.rejectResourceScope(indicator, rejected.join(" "));
  }
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

/**
 * Follow `url` through the provider as a browser would (cookies, redirects),
 * signing in and consenting by posting the forms; stops at the first redirect
 * that leaves the provider and returns that URL (the client's callback).
 */
async function login(issuer, url, { username = "alice", password = "wonderland" } = {}) {
  const jar = new Map();
  const send = async (target, init = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(target, { ...init, redirect: "manual", headers: { ...init.headers, cookie } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return res;
  };
  let next = String(url);
  let init;
  for (let hop = 0; hop < 20; hop++) {
    if (!next.startsWith(issuer)) return { callbackUrl: next, cookies: jar };
    const res = await send(next, init);
    init = undefined;
    const location = res.headers.get("location");
    if (location) {
      next = new URL(location, next).href;
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`login stopped at ${next}: ${res.status} ${html.slice(0, 300)}`);
    const body = action.endsWith("/login") ? new URLSearchParams({ username, password }) : new URLSearchParams();
    next = new URL(action, next).href;
    init = { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("login: too many redirects");
}
