// Scopes, principals and the Authenticator: the same cases in Node and workerd.
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const ISS = "https://issuer.test";

export function authzCases(ea) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });
  const now = () => Math.floor(Date.now() / 1000);

  async function issuerKit() {
    const { privateJwk, publicJwk } = await ea.generateKeyPair("ES256");
    const sign = (claims, kid = publicJwk.kid) => ea.signJwt({ iss: ISS, aud: "api", exp: now() + 600, ...claims }, privateJwk, { alg: "ES256", kid });
    return { privateJwk, publicJwk, sign };
  }
  const req = (headers = {}) => new Request("https://api.test/x", { headers });
  const bearer = (token) => req({ authorization: `Bearer ${token}` });

  add("hasAccess and parseScope follow the scope rules", async () => {
    const rows = [
      [["users:read"], "read", "users", true],
      [["users:read"], "read", "users.profile", false],
      [["users:*"], "delete", "users", true],
      [["users:*"], "read", "users.profile", false],
      [["users:**"], "read", "users.profile.avatar", true],
      [["*:read"], "read", "users", true],
      [["*:read"], "read", "projects.tasks", false],
      [["*:**"], "write", "a.b", true],
      [["admin"], "read", "admin", false],
      [["not a scope", "users"], "read", "users", false],
    ];
    for (const [scopes, action, resource, want] of rows) equal(ea.hasAccess(scopes, action, resource), want, `${scopes} ${action} ${resource}`);
    deepEqual(ea.parseScope("projects.tasks:**"), { resource: "projects.tasks", action: "**" });
    for (const bad of ["users", "owner", "a:b:c", "a b:read", ":read"]) await rejects(async () => ea.parseScope(bad), "ERR_CONFIG", bad);
    await rejects(async () => ea.hasAccess("users:read", "read", "users"), "ERR_CONFIG");
    await rejects(async () => ea.hasAccess([], "re ad", "users"), "ERR_CONFIG");
  });

  add("Principal.fromClaims reads types, scopes and organizations", async () => {
    const p = ea.Principal.fromClaims({
      sub: "u1",
      email: "u1@example.com",
      type: "api_key",
      scope: "users:read",
      scp: ["billing:*"],
      organizations: [
        { id: "o1", title: "One", scopes: ["owner", "reports:**"], joined_at: 1700000000 },
        { id: "o2", scopes: "member docs:read" },
      ],
    });
    equal(p.id, "u1");
    equal(p.type, "api_key");
    equal(p.email, "u1@example.com");
    deepEqual(p.scopes, ["users:read", "billing:*"]);
    ok(p.hasAccess("read", "users") && p.hasAccess("pay", "billing") && p.hasAccess("read", "reports.q1"), "token and org scopes");
    ok(p.hasAccessIn("o1", "read", "reports.q1") && !p.hasAccessIn("o2", "read", "reports") && !p.hasAccessIn("o1", "read", "users"), "per org");
    ok(p.isOwnerOf("o1") && p.isAdminOf("o1") && p.isMemberOf("o2") && !p.isAdminOf("o2") && !p.isMemberOf("o3"), "roles");
    deepEqual(p.scopesFor("o2"), ["member", "docs:read"]);
    deepEqual(p.scopesFor("o9"), []);
    equal(p.organizations[0].joinedAt, 1700000000);
    equal((await rejects(async () => ea.Principal.fromClaims({ sub: "u", type: "robot" }), "ERR_JWT_CLAIM_INVALID")).claim, "type");
    equal((await rejects(async () => ea.Principal.fromClaims({ scope: "a:b" }), "ERR_JWT_CLAIM_INVALID")).claim, "sub");
    await rejects(async () => ea.Principal.fromClaims("nope"), "ERR_CONFIG");
  });

  add("extractBearerToken and tokenFromRequest (RFC 6750 §2.1, cookies)", async () => {
    equal(ea.extractBearerToken("bearer abc.def"), "abc.def");
    equal(ea.extractBearerToken("Basic abc"), null);
    equal(ea.extractBearerToken(null), null);
    await rejects(async () => ea.extractBearerToken("Bearer a b"), "ERR_CONFIG");
    equal(ea.tokenFromRequest(req({ cookie: "x=1; at=tok.en" }), { cookieName: "at" }), "tok.en");
    equal(ea.tokenFromRequest(req({ cookie: "at=tok.en" })), null, "cookies only when configured");
    equal(ea.tokenFromRequest(req({ authorization: "Bearer h", cookie: "at=c" }), { cookieName: "at" }), "h", "the header wins");
  });

  add("Authenticator: 400, 401, 403 and the RFC 6750 challenges", async () => {
    const kit = await issuerKit();
    const auth = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: { keys: [kit.publicJwk] }, realm: "api" });
    const missing = await rejects(() => auth.authenticate(req()), "ERR_AUTH_MISSING_TOKEN");
    equal(missing.status, 401);
    equal(missing.wwwAuthenticate, 'Bearer realm="api"');
    const malformed = await rejects(() => auth.authenticate(req({ authorization: "Bearer a b" })), "ERR_AUTH_INVALID_REQUEST");
    equal(malformed.status, 400);
    ok(malformed.wwwAuthenticate.includes('error="invalid_request"'), malformed.wwwAuthenticate);
    const notJwt = await rejects(() => auth.authenticate(bearer("not-a-jwt")), "ERR_JWS_INVALID");
    equal(notJwt.status, 401);
    const old = await kit.sign({ sub: "u", exp: now() - 60 });
    const e2 = await rejects(() => auth.authenticate(bearer(old)), "ERR_JWT_EXPIRED");
    ok(e2.wwwAuthenticate.startsWith('Bearer realm="api", error="invalid_token", error_description='), e2.wwwAuthenticate);
    const other = await issuerKit();
    await rejects(async () => auth.authenticate(bearer(await other.sign({ sub: "u" }, kit.publicJwk.kid))), "ERR_JWS_SIGNATURE_INVALID");
    const good = await kit.sign({ sub: "u1", scope: "users:read" });
    equal((await auth.authenticate(bearer(good))).id, "u1");
    equal((await auth.requireScopes(bearer(good), "users:read")).id, "u1");
    equal((await auth.requirePermission(bearer(good), "read", "users")).id, "u1");
    const forbidden = await rejects(() => auth.requireScopes(bearer(good), "users:read", "admin:write"), "ERR_AUTH_INSUFFICIENT_SCOPE");
    equal(forbidden.status, 403);
    equal(forbidden.wwwAuthenticate, 'Bearer realm="api", error="insufficient_scope", error_description="missing scope: admin:write", scope="users:read admin:write"');
    const response = forbidden.toResponse();
    equal(response.status, 403);
    equal(response.headers.get("www-authenticate"), forbidden.wwwAuthenticate);
    deepEqual(await response.json(), { error: "ERR_AUTH_INSUFFICIENT_SCOPE", message: "missing scope: admin:write" });
    await rejects(() => auth.requireScopes(bearer(good), "bad scope"), "ERR_CONFIG");
    equal(await auth.authenticateOptional(req()), null);
    equal(await auth.authenticateOptional(bearer(old)), null);
    await rejects(async () => new ea.Authenticator({ issuer: ISS, audience: "api" }), "ERR_CONFIG", "no validator");
    await rejects(async () => new ea.Authenticator({ issuer: ISS, audience: "api", jwks: "http://example.com/jwks" }), "ERR_CONFIG", "plain http");
  });

  add("Authenticator: remote JWKS down is 502, rotation recovers, invalid bursts stay local", async () => {
    const kit = await issuerKit();
    let keys = [kit.publicJwk];
    let fetches = 0;
    let down = false;
    const fetch = async () => {
      fetches += 1;
      if (down) return new Response("unavailable", { status: 503 });
      return Response.json({ keys });
    };
    const auth = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: ea.createRemoteJwks("https://issuer.test/jwks", { fetch, cooldownSeconds: 30 }) });
    equal((await auth.authenticate(bearer(await kit.sign({ sub: "a" })))).id, "a");
    equal(fetches, 1);
    // 1,000 invalid tokens with unknown kids: at most one upstream fetch.
    const forged = await issuerKit();
    const burst = await Promise.all(Array.from({ length: 1000 }, (_, i) => forged.sign({ sub: `x${i}` }, `unknown-${i}`)));
    for (const t of burst) await rejects(() => auth.authenticate(bearer(t)), "ERR_JWKS_NO_MATCHING_KEY");
    ok(fetches <= 2, `burst caused ${fetches - 1} fetches`);
    // The same invalid token again is answered from the negative cache.
    await rejects(() => auth.authenticate(bearer(burst[0])), "ERR_JWKS_NO_MATCHING_KEY");
    // An upstream that is down: 502 (also for authenticateOptional), never cached as invalid.
    down = true;
    const cold = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: ea.createRemoteJwks("https://issuer.test/jwks", { fetch }) });
    const bad = await rejects(async () => cold.authenticate(bearer(await kit.sign({ sub: "b" }))), "ERR_AUTH_UPSTREAM");
    ok(bad.status === 502 && bad.retriable && bad.wwwAuthenticate === undefined, "502 without a challenge");
    await rejects(async () => cold.authenticateOptional(bearer(await kit.sign({ sub: "b" }))), "ERR_AUTH_UPSTREAM");
    // Rotation: a new kid is picked up by one refetch after the cooldown.
    down = false;
    const rotated = await issuerKit();
    keys = [kit.publicJwk, rotated.publicJwk];
    const fresh = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: ea.createRemoteJwks("https://issuer.test/jwks", { fetch, cooldownSeconds: 0 }) });
    equal((await fresh.authenticate(bearer(await rotated.sign({ sub: "r" })))).id, "r");
  });

  add("Authenticator: the result cache is bounded and keyed by the whole token", async () => {
    const kit = await issuerKit();
    const auth = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: { keys: [kit.publicJwk] }, cacheMaxEntries: 16 });
    for (let i = 0; i < 100; i++) equal((await auth.authenticate(bearer(await kit.sign({ sub: `u${i}` })))).id, `u${i}`);
    equal(auth.cacheSize, 16);
    const token = await kit.sign({ sub: "same" });
    const first = await auth.authenticate(bearer(token));
    ok((await auth.authenticate(bearer(token))) === first, "a hit returns the cached principal");
    const parts = token.split(".");
    const swapped = `${parts[0]}.${btoa(JSON.stringify({ iss: ISS, aud: "api", sub: "evil", exp: now() + 600 })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.${parts[2]}`;
    await rejects(() => auth.authenticate(bearer(swapped)), "ERR_JWS_SIGNATURE_INVALID", "a token sharing the signature is not a hit");
  });

  add("Authenticator: request-like objects whose headers misbehave get 401 or 400", async () => {
    const kit = await issuerKit();
    const auth = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: { keys: [kit.publicJwk] } });
    const like = (get) => ({ headers: { get } });
    await rejects(() => auth.authenticate(like(() => undefined)), "ERR_AUTH_MISSING_TOKEN", "a Map-like get answering undefined");
    await rejects(() => auth.authenticate(like(() => 42)), "ERR_AUTH_INVALID_REQUEST", "a header that is not a string");
    await rejects(() => auth.authenticate(like(() => { throw new Error("boom"); })), "ERR_AUTH_INVALID_REQUEST", "a throwing get");
    const token = await kit.sign({ sub: "u1" });
    equal((await auth.authenticate(like((name) => (name === "authorization" ? `Bearer ${token}` : null)))).id, "u1");
    equal((await auth.authenticate(like((name) => (name === "authorization" ? `Bearer ${token}` : null)))).id, "u1", "and again from the cache");
  });

  add("Authenticator: a principal still held after its eviction keeps answering", async () => {
    // Evicting a principal frees its compiled grants (bounded wasm memory);
    // one still in use must rebuild them from its verified claims.
    const kit = await issuerKit();
    const auth = new ea.Authenticator({ issuer: ISS, audience: "api", jwks: { keys: [kit.publicJwk] }, cacheMaxEntries: 1 });
    const claims = { scope: "docs:read", organizations: [{ id: "o1", scopes: ["admin", "reports:*"] }] };
    const held = await auth.authenticate(bearer(await kit.sign({ sub: "held", ...claims })));
    const before = [held.hasAccess("read", "docs"), held.hasAccessIn("o1", "export", "reports"), held.isAdminOf("o1"), held.isOwnerOf("o1"), held.hasAccess("write", "docs")];
    deepEqual(before, [true, true, true, false, false]);
    for (let i = 0; i < 3; i++) await auth.authenticate(bearer(await kit.sign({ sub: `other${i}` })));
    equal(auth.cacheSize, 1);
    deepEqual([held.hasAccess("read", "docs"), held.hasAccessIn("o1", "export", "reports"), held.isAdminOf("o1"), held.isOwnerOf("o1"), held.hasAccess("write", "docs")], before);
    held.claims.scope = "docs:write";
    equal(held.hasAccess("write", "docs"), false, "the grants come from the claims as verified, not as edited since");
  });

  return cases;
}
