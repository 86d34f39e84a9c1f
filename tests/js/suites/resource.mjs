// The Authenticator as an RFC 9728 protected resource (its metadata document,
// `resource_metadata` in every challenge, audience = resource per RFC 8707 §2)
// and `authorize` (scopes, organization membership and roles): the same
// cases in Node and workerd.
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const ISS = "https://issuer.test";
const RESOURCE = "https://mcp.test/mcp";
const METADATA_URL = "https://mcp.test/.well-known/oauth-protected-resource/mcp";

export function resourceCases(ea) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });
  const now = () => Math.floor(Date.now() / 1000);

  async function kit() {
    const { privateJwk, publicJwk } = await ea.generateKeyPair("EdDSA");
    const sign = (claims) => ea.signJwt({ iss: ISS, aud: RESOURCE, sub: "u1", exp: now() + 600, ...claims }, privateJwk, { alg: "EdDSA", kid: publicJwk.kid });
    const auth = (options = {}) => new ea.Authenticator({ issuer: ISS, resource: RESOURCE, jwks: { keys: [publicJwk] }, ...options });
    return { sign, auth };
  }
  const req = (path = "/mcp", init = {}) => new Request(`https://mcp.test${path}`, init);
  const bearer = (token) => req("/mcp", { headers: { authorization: `Bearer ${token}` } });

  add("resource: the RFC 9728 document, its URL and its defaults", async () => {
    const { auth } = await kit();
    const a = auth({ resourceMetadata: { scopes_supported: ["notes:read"], resource_name: "Notes", resource_documentation: "https://mcp.test/docs" } });
    equal(a.resourceMetadataUrl, METADATA_URL);
    const doc = a.resourceMetadata;
    equal(doc.resource, RESOURCE);
    deepEqual(doc.authorization_servers, [ISS]);
    deepEqual(doc.bearer_methods_supported, ["header"]);
    deepEqual(doc.scopes_supported, ["notes:read"]);
    equal(doc.resource_name, "Notes");
    doc.resource = "https://changed.test";
    equal(a.resourceMetadata.resource, RESOURCE, "a copy each time");
    const own = auth({ resourceMetadata: { authorization_servers: ["https://a.test", "https://b.test"] } });
    deepEqual(own.resourceMetadata.authorization_servers, ["https://a.test", "https://b.test"]);
    const plain = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: { keys: [] } });
    equal(plain.resourceMetadata, undefined);
    equal(plain.resourceMetadataUrl, undefined);
    equal(plain.metadataResponse(req("/.well-known/oauth-protected-resource")), null);
  });

  add("resource: metadataResponse answers GET, HEAD and OPTIONS on its two paths only", async () => {
    const a = (await kit()).auth({ resourceMetadata: { scopes_supported: ["notes:read"] } });
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const got = a.metadataResponse(req(path));
      equal(got.status, 200, path);
      equal(got.headers.get("content-type"), "application/json");
      equal(got.headers.get("access-control-allow-origin"), "*");
      deepEqual(await got.json(), a.resourceMetadata);
    }
    const head = a.metadataResponse(req("/.well-known/oauth-protected-resource/mcp", { method: "HEAD" }));
    equal(head.status, 200);
    equal(await head.text(), "");
    const preflight = a.metadataResponse(req("/.well-known/oauth-protected-resource/mcp", { method: "OPTIONS" }));
    equal(preflight.status, 204);
    equal(preflight.headers.get("access-control-allow-methods"), "GET, HEAD, OPTIONS");
    const post = a.metadataResponse(req("/.well-known/oauth-protected-resource/mcp", { method: "POST", body: "x" }));
    equal(post.status, 405);
    equal(post.headers.get("allow"), "GET, HEAD, OPTIONS");
    for (const path of ["/mcp", "/.well-known/oauth-protected-resource/other", "/.well-known/oauth-protected-resource/mcp/x", "/.well-known/openid-configuration"]) {
      equal(a.metadataResponse(req(path)), null, path);
    }
    equal(a.metadataResponse({ url: "/.well-known/oauth-protected-resource/mcp?x=1", method: "GET", headers: new Headers() }).status, 200, "a path-only URL (Node's req.url)");
    equal(a.metadataResponse({ headers: new Headers() }), null, "no URL");
  });

  add("resource: every 400/401/403 challenge names resource_metadata; 502 has none", async () => {
    const { sign, auth } = await kit();
    const a = auth({ realm: "mcp" });
    const missing = await rejects(() => a.authenticate(req()), "ERR_AUTH_MISSING_TOKEN");
    equal(missing.wwwAuthenticate, `Bearer realm="mcp", resource_metadata="${METADATA_URL}"`);
    const bad = await rejects(() => a.authenticate(req("/mcp", { headers: { authorization: "Bearer a b" } })), "ERR_AUTH_INVALID_REQUEST");
    ok(bad.status === 400 && bad.wwwAuthenticate.startsWith('Bearer realm="mcp", error="invalid_request", error_description="') && bad.wwwAuthenticate.endsWith(`, resource_metadata="${METADATA_URL}"`), bad.wwwAuthenticate);
    const other = await rejects(async () => a.authenticate(bearer(await sign({ aud: "https://other.test/mcp" }))), "ERR_JWT_CLAIM_INVALID");
    ok(other.status === 401 && other.wwwAuthenticate.includes('error="invalid_token"') && other.wwwAuthenticate.endsWith(`, resource_metadata="${METADATA_URL}"`), other.wwwAuthenticate);
    const scoped = await rejects(async () => a.requireScopes(bearer(await sign({ scope: "notes:write" })), "notes:read"), "ERR_AUTH_INSUFFICIENT_SCOPE");
    equal(scoped.wwwAuthenticate, `Bearer realm="mcp", error="insufficient_scope", error_description="missing scope: notes:read", scope="notes:read", resource_metadata="${METADATA_URL}"`);
    // With DPoP: the DPoP challenges name the document too (RFC 9728 §5.1 is not Bearer's alone).
    const offered = await rejects(() => auth({ realm: "mcp", dpop: true }).authenticate(req()), "ERR_AUTH_MISSING_TOKEN");
    ok(new RegExp(`^Bearer realm="mcp", resource_metadata="${METADATA_URL}", DPoP realm="mcp", algs="[^"]+"$`).test(offered.wwwAuthenticate), offered.wwwAuthenticate);
    const required = auth({ realm: "mcp", dpop: { required: true } });
    const none = await rejects(() => required.authenticate(req()), "ERR_AUTH_MISSING_TOKEN");
    ok(new RegExp(`^DPoP realm="mcp", algs="[^"]+", resource_metadata="${METADATA_URL}"$`).test(none.wwwAuthenticate), `required, no token: ${none.wwwAuthenticate}`);
    const unbound = await rejects(async () => required.authenticate(req("/mcp", { headers: { authorization: `DPoP ${await sign()}` } })), "ERR_DPOP_BINDING_INVALID");
    ok(unbound.status === 401 && unbound.wwwAuthenticate.startsWith('DPoP realm="mcp", error="invalid_token"') && unbound.wwwAuthenticate.endsWith(`, resource_metadata="${METADATA_URL}"`), unbound.wwwAuthenticate);
    for (const header of [missing, bad, other, scoped, offered, none, unbound].map((e) => e.wwwAuthenticate)) ok(/^[\x20-\x7e]*$/.test(header), `printable ASCII: ${header}`);
    const down = new ea.Authenticator({ issuer: ISS, resource: RESOURCE, jwks: ea.createRemoteJwks("https://issuer.test/jwks", { fetch: async () => new Response("down", { status: 503 }) }) });
    const upstream = await rejects(async () => down.authenticate(bearer(await sign())), "ERR_AUTH_UPSTREAM");
    equal(upstream.wwwAuthenticate, undefined);
  });

  add("resource: the audience defaults to the resource identifier (RFC 8707 §2)", async () => {
    const { sign, auth } = await kit();
    equal((await auth().authenticate(bearer(await sign()))).id, "u1");
    equal((await auth().authenticate(bearer(await sign({ aud: ["https://x.test", RESOURCE] })))).id, "u1", "one of several audiences");
    const e = await rejects(async () => auth().authenticate(bearer(await sign({ aud: "https://mcp.test" }))), "ERR_JWT_CLAIM_INVALID");
    equal(e.cause?.claim, "aud");
    const given = auth({ audience: "legacy-api" });
    equal((await given.authenticate(bearer(await sign({ aud: "legacy-api" })))).id, "u1", "an explicit audience wins");
    await rejects(async () => given.authenticate(bearer(await sign())), "ERR_JWT_CLAIM_INVALID");
    // Introspection answers that name an audience must name this resource.
    const introspected = (aud) => new ea.Authenticator({ issuer: ISS, resource: RESOURCE, introspection: { introspect: async () => ({ active: true, sub: "u2", iss: ISS, aud }) } });
    equal((await introspected(RESOURCE).authenticate(bearer("opaque"))).id, "u2");
    equal((await introspected(undefined).authenticate(bearer("opaque"))).id, "u2", "no aud in the answer");
    const refused = await rejects(() => introspected(["https://other.test"]).authenticate(bearer("opaque")), "ERR_JWT_CLAIM_INVALID");
    equal(refused.cause?.claim, "aud");
  });

  add("authorize: scopes, organization membership, roles and organization scopes", async () => {
    const { sign, auth } = await kit();
    const a = auth();
    const organizations = [{ id: "o1", scopes: ["admin", "reports:read"] }, { id: "o2", scopes: ["member", "docs:**"] }, { id: "o3", scopes: ["owner"] }];
    const p = await a.authenticate(bearer(await sign({ scope: "notes:read", organizations })));
    ok(a.authorize(p) === p && a.authorize(p, { scopes: ["notes:read"] }) === p, "token scopes");
    ok(a.authorize(p, { organization: "o2", scopes: ["docs.pages:write"] }) === p, "organization scopes, hierarchical");
    ok(a.authorize(p, { organization: "o1", role: "admin" }) === p && a.authorize(p, { organization: "o3", role: "owner" }) === p && a.authorize(p, { organization: "o3", role: "admin" }) === p, "roles");
    const refusal = (requirement) => {
      try {
        a.authorize(p, requirement);
      } catch (e) {
        return e;
      }
      throw new Error("expected a refusal");
    };
    const notMember = refusal({ organization: "o9" });
    ok(notMember instanceof ea.AuthError && notMember.status === 403 && notMember.code === "ERR_AUTH_INSUFFICIENT_SCOPE", "403");
    equal(notMember.wwwAuthenticate, `Bearer error="insufficient_scope", error_description="not a member of the organization", resource_metadata="${METADATA_URL}"`);
    equal(refusal({ organization: "o2", role: "admin" }).message, "not an admin of the organization");
    equal(refusal({ organization: "o1", role: "owner" }).message, "not the owner of the organization");
    const outside = refusal({ organization: "o2", scopes: ["notes:read"] });
    equal(outside.wwwAuthenticate, `Bearer error="insufficient_scope", error_description="missing scope: notes:read", scope="notes:read", resource_metadata="${METADATA_URL}"`);
    equal(refusal({ scopes: ["notes:read", "billing:read"] }).message, "missing scope: billing:read");
    for (const bad of [{ scopes: "notes:read" }, { scopes: ["not a scope"] }, { organization: 5 }, { organization: "" }, { role: "admin" }, { organization: "o1", role: "root" }]) {
      await rejects(async () => a.authorize(p, bad), "ERR_CONFIG", JSON.stringify(bad));
    }
    await rejects(async () => a.authorize({ id: "forged" }), "ERR_CONFIG", "not a Principal");
  });

  add("resource: bad configurations are ConfigErrors", async () => {
    const jwks = { keys: [] };
    const bad = [
      { issuer: ISS, resource: 5, jwks },
      { issuer: ISS, resource: "http://mcp.example/mcp", jwks },
      { issuer: ISS, resource: "https://mcp.test/mcp#x", jwks },
      { issuer: ISS, resource: "mcp", jwks },
      { issuer: ISS, audience: "api", resourceMetadata: { scopes_supported: ["a:b"] }, jwks },
      { issuer: ISS, resource: RESOURCE, resourceMetadata: { resource: "https://other.test" }, jwks },
      { issuer: ISS, resource: RESOURCE, resourceMetadata: { scopes_supported: "a:b" }, jwks },
      { issuer: ISS, resource: RESOURCE, resourceMetadata: { bearer_methods_supported: ["cookie"] }, jwks },
      { issuer: ISS, resource: RESOURCE, resourceMetadata: "scopes", jwks },
      { issuer: ISS, resource: RESOURCE, audience: 5, jwks },
      { issuer: ISS, jwks },
    ];
    for (const options of bad) await rejects(async () => new ea.Authenticator(options), "ERR_CONFIG", JSON.stringify(options));
    ok(new ea.Authenticator({ issuer: ISS, resource: "http://127.0.0.1:8787/mcp", jwks }).resourceMetadataUrl === "http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp", "http on loopback");
  });

  return cases;
}
