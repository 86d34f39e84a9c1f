// OAuthClient.forResource through the installed package: RFC 9728 discovery
// from a protected URL (a 401's resource_metadata, else the §3.1 URL, else
// the root one), the §3.3 resource check, the authorization server's
// metadata and RFC 7591 registration at oidc-provider (tests/provider/), and
// the RFC 8707 resource on every request. The resource servers are small
// loopback servers: an Authenticator, or hostile ones serving what a test needs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "@hono/node-server";
import { Authenticator, OAuthClient, OAuthProtocolError, decodeJwt } from "edgeauth";
import { defaultResources, INITIAL_ACCESS_TOKEN, REDIRECT_URI, startProvider } from "../provider/provider.mjs";

const SCOPES = ["notes:read", "notes:write"];
const resources = defaultResources();
let op;
before(async () => {
  op = await startProvider({ resources, scopes: SCOPES });
});
after(() => op.close());

const servers = [];
after(() => Promise.all(servers.map((close) => close())));

/** A resource server on loopback: `handler(request, origin)`; returns its origin and the requests it saw. */
async function resourceServer(handler) {
  const seen = [];
  let origin;
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: (request) => (seen.push(new URL(request.url).pathname), handler(request, origin)), hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${server.address().port}`;
  servers.push(() => new Promise((resolve) => server.close(resolve)));
  return { origin, seen };
}

/** A server that answers 401 with `challenge` on `path`, and these documents (path -> object) with 200. */
const documents = (path, challenge, docs) =>
  resourceServer((request, origin) => {
    const { pathname } = new URL(request.url);
    if (pathname === path) return new Response(null, { status: 401, headers: { "www-authenticate": challenge(origin) } });
    const doc = docs(origin)[pathname];
    return doc ? Response.json(doc) : new Response("not found", { status: 404 });
  });

const register = { redirectUri: REDIRECT_URI, initialAccessToken: INITIAL_ACCESS_TOKEN };

test("an Authenticator's resource: 401 → metadata → authorization server → registration → resource and scope on every request", async () => {
  let auth;
  const rs = await resourceServer(async (request) => auth.metadataResponse(request) ?? auth.authenticate(request).then(() => new Response("ok"), (e) => e.toResponse()));
  const resource = `${rs.origin}/notes`;
  resources[resource] = { scope: SCOPES.join(" "), accessTokenFormat: "jwt", jwt: { sign: { alg: "EdDSA" } } };
  auth = new Authenticator({ issuer: op.issuer, resource, jwks: `${op.issuer}/jwks`, resourceMetadata: { scopes_supported: SCOPES } });

  const client = await OAuthClient.forResource(resource, { ...register, clientMetadata: { client_name: "forResource test" } });
  assert.deepEqual(rs.seen, ["/notes", "/.well-known/oauth-protected-resource/notes"], "asked the resource, then the metadata it named");
  assert.equal(client.resource, resource);
  assert.equal(client.metadata.issuer, op.issuer);
  const registration = client.registration;
  assert.equal(registration.client_name, "forResource test");
  assert.deepEqual(registration.redirect_uris, [REDIRECT_URI]);
  assert.equal(registration.token_endpoint_auth_method, "none");
  assert.deepEqual(registration.grant_types.sort(), ["authorization_code", "refresh_token"]);

  const request = await client.authorizationUrl();
  const params = new URL(request.url).searchParams;
  assert.deepEqual([params.get("resource"), params.get("scope"), params.get("client_id")], [resource, SCOPES.join(" "), registration.client_id]);
  const tokens = await client.handleCallback((await op.login(request.url)).callbackUrl, request);
  assert.equal(decodeJwt(tokens.accessToken).aud, resource);
  const answer = await fetch(resource, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  assert.equal(answer.status, 200);
  assert.equal(decodeJwt((await client.refresh(tokens.refreshToken)).accessToken).aud, resource);
});

test("a 401 without resource_metadata: the §3.1 URL, then the root one", async () => {
  const plain = await documents("/api", () => "Bearer", (origin) => ({ "/.well-known/oauth-protected-resource/api": { resource: `${origin}/api`, authorization_servers: [op.issuer] } }));
  const c1 = await OAuthClient.forResource(`${plain.origin}/api`, { clientId: "public-client", redirectUri: REDIRECT_URI });
  assert.equal(c1.resource, `${plain.origin}/api`);
  assert.equal(c1.registration, undefined, "a clientId: no registration");
  assert.deepEqual(plain.seen, ["/api", "/.well-known/oauth-protected-resource/api"]);
  const rooted = await documents("/api", () => 'Bearer realm="x"', (origin) => ({ "/.well-known/oauth-protected-resource": { resource: origin, authorization_servers: [op.issuer] } }));
  const c2 = await OAuthClient.forResource(`${rooted.origin}/api`, { clientId: "public-client", redirectUri: REDIRECT_URI });
  assert.equal(c2.resource, rooted.origin, "the origin's resource covers /api");
  assert.deepEqual(rooted.seen, ["/api", "/.well-known/oauth-protected-resource/api", "/.well-known/oauth-protected-resource"]);
  const request = await c2.authorizationUrl({ scope: "read" });
  assert.equal(new URL(request.url).searchParams.get("resource"), rooted.origin);
});

test("the 401's scope is the default scope; wwwAuthenticate skips asking; authorizationServer picks one", async () => {
  const other = "http://127.0.0.1:9/other-as";
  const rs = await documents(
    "/api",
    (origin) => `Bearer error="insufficient_scope", scope="notes:read", resource_metadata="${origin}/.well-known/oauth-protected-resource/api"`,
    (origin) => ({ "/.well-known/oauth-protected-resource/api": { resource: `${origin}/api`, authorization_servers: [other, op.issuer], scopes_supported: SCOPES } }),
  );
  const options = { clientId: "public-client", redirectUri: REDIRECT_URI, authorizationServer: op.issuer };
  const client = await OAuthClient.forResource(`${rs.origin}/api`, options);
  assert.equal(new URL((await client.authorizationUrl()).url).searchParams.get("scope"), "notes:read");
  const given = await OAuthClient.forResource(`${rs.origin}/api`, { ...options, wwwAuthenticate: `Bearer resource_metadata="${rs.origin}/.well-known/oauth-protected-resource/api"`, scope: "notes:write" });
  assert.equal(new URL((await given.authorizationUrl()).url).searchParams.get("scope"), "notes:write");
  assert.deepEqual(rs.seen, ["/api", "/.well-known/oauth-protected-resource/api", "/.well-known/oauth-protected-resource/api"], "no second probe");
  await assert.rejects(OAuthClient.forResource(`${rs.origin}/api`, { ...options, authorizationServer: "https://unlisted.test" }), { code: "ERR_CONFIG" });
  await assert.rejects(OAuthClient.forResource(`${rs.origin}/api`, { clientId: "public-client" }), { code: "ERR_NETWORK" }, "the first listed server, unreachable");
});

test("metadata about another resource is refused with ERR_OAUTH_INVALID_RESPONSE, check 'resource' (RFC 9728 §3.3)", async () => {
  const named = await documents(
    "/mcp",
    (origin) => `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
    () => ({ "/.well-known/oauth-protected-resource/mcp": { resource: "https://victim.test/mcp", authorization_servers: [op.issuer] } }),
  );
  await assert.rejects(OAuthClient.forResource(`${named.origin}/mcp`, register), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "resource" });
  const sibling = await documents("/mcp", () => "Bearer", (origin) => ({ "/.well-known/oauth-protected-resource/mcp": { resource: `${origin}/mcp-admin`, authorization_servers: [op.issuer] } }));
  await assert.rejects(OAuthClient.forResource(`${sibling.origin}/mcp`, register), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "resource" });
  const deeper = await documents("/mcp", () => "Bearer", (origin) => ({ "/.well-known/oauth-protected-resource": { resource: `${origin}/mcp/admin`, authorization_servers: [op.issuer] } }));
  await assert.rejects(OAuthClient.forResource(`${deeper.origin}/mcp`, register), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "resource" });
});

test("unusable metadata and options", async () => {
  const rs = await documents("/api", (origin) => `Bearer resource_metadata="${origin}/doc"`, (origin) => ({
    "/doc": { resource: `${origin}/api`, authorization_servers: [op.issuer], dpop_bound_access_tokens_required: true },
  }));
  await assert.rejects(OAuthClient.forResource(`${rs.origin}/api`, register), { code: "ERR_JOSE_NOT_SUPPORTED" }, "DPoP required");
  const noAs = await documents("/api", () => "Bearer", (origin) => ({ "/.well-known/oauth-protected-resource/api": { resource: `${origin}/api` } }));
  await assert.rejects(OAuthClient.forResource(`${noAs.origin}/api`, register), { code: "ERR_OAUTH_INVALID_RESPONSE", check: "authorization_servers" });
  const none = await documents("/api", () => "Bearer", () => ({}));
  await assert.rejects(OAuthClient.forResource(`${none.origin}/api`, register), { code: "ERR_HTTP", status: 404 });
  const remote = await documents("/api", () => 'Bearer resource_metadata="http://metadata.example/doc"', () => ({}));
  await assert.rejects(OAuthClient.forResource(`${remote.origin}/api`, register), { code: "ERR_CONFIG" }, "http: off loopback");
  const good = await documents("/api", () => "Bearer", (origin) => ({ "/.well-known/oauth-protected-resource/api": { resource: `${origin}/api`, authorization_servers: [op.issuer] } }));
  await assert.rejects(OAuthClient.forResource(`${good.origin}/api`, { redirectUri: REDIRECT_URI }), OAuthProtocolError, "registration needs the initial access token here");
  await assert.rejects(OAuthClient.forResource(`${good.origin}/api`, {}), { code: "ERR_CONFIG" }, "registering needs redirectUri");
  for (const bad of [{ resource: "https://x.test" }, { bogus: 1 }, { wwwAuthenticate: 5 }]) {
    await assert.rejects(OAuthClient.forResource(`${good.origin}/api`, { clientId: "public-client", ...bad }), { code: "ERR_CONFIG" }, JSON.stringify(bad));
  }
  for (const url of ["http://resource.example/api", "https://r.test/api#frag", 42]) {
    await assert.rejects(OAuthClient.forResource(url, { clientId: "public-client" }), { code: "ERR_CONFIG" }, String(url));
  }
});

test("OAuthClient.discover with resource: a plain client bound to a resource", async () => {
  const client = await OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret, redirectUri: REDIRECT_URI, resource: "https://api.test", scope: "read" });
  assert.equal(client.resource, "https://api.test");
  assert.equal(client.resourceMetadata, undefined);
  const params = new URL((await client.authorizationUrl()).url).searchParams;
  assert.deepEqual([params.get("resource"), params.get("scope")], ["https://api.test", "read"]);
  assert.equal(decodeJwt((await client.clientCredentials({ scope: "read" })).accessToken).aud, "https://api.test", "client credentials too");
  await assert.rejects(OAuthClient.discover(op.issuer, { clientId: "x", resource: "https://api.test#x" }), { code: "ERR_CONFIG" });
});
