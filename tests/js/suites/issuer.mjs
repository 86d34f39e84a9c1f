// TokenIssuer, revocation and passwords: the same cases in Node and workerd.
// `store()` makes the RevocationStore under test (memory by default);
// `rotates: false` for a store that refuses to spend tokens (Workers KV).
import argon2 from "../../vectors/argon2.json" with { type: "json" };
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const CHEAP = { memoryKib: 64, iterations: 1, parallelism: 1 };

export function issuerCases(ea, jose, store = () => new ea.MemoryRevocationStore(), { rotates = true } = {}) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });
  const secret = "a-test-secret-that-is-at-least-32-bytes-long";

  async function issuers() {
    return [
      ["HS256", new ea.TokenIssuer({ secret, issuer: "https://api.test", audience: "api" })],
      ["HS512", new ea.TokenIssuer({ secret: new Uint8Array(64).fill(7), algorithm: "HS512" })],
      ...(await Promise.all(
        ["EdDSA", "ES256", "RS256"].map(async (alg) => [alg, new ea.TokenIssuer({ privateJwk: (await ea.generateKeyPair(alg)).privateJwk, issuer: "https://api.test" })]),
      )),
    ];
  }

  add("issue and verify access and refresh tokens for every algorithm", async () => {
    for (const [alg, issuer] of await issuers()) {
      const access = await issuer.issueAccess("u1", { role: "admin", org: { id: "o1" } });
      const claims = await issuer.verifyAccess(access);
      equal(claims.sub, "u1", alg);
      equal(claims.role, "admin", alg);
      deepEqual(claims.org, { id: "o1" }, alg);
      ok(typeof claims.jti === "string" && claims.exp - claims.iat === 900, `${alg}: jti and 15 min TTL`);
      equal(ea.decodeProtectedHeader(access).typ, "at+jwt", alg);
      const refresh = await issuer.issueRefresh("u1");
      const r = await issuer.verifyRefresh(refresh);
      ok(r.exp - r.iat === 2_592_000 && r.fam === r.jti, `${alg}: 30 day TTL, new family`);
      // type confusion, both ways
      equal((await rejects(() => issuer.verifyAccess(refresh), "ERR_JWT_CLAIM_INVALID", alg)).claim, "typ");
      equal((await rejects(() => issuer.verifyRefresh(access), "ERR_JWT_CLAIM_INVALID", alg)).claim, "typ");
      const parts = access.split(".");
      await rejects(() => issuer.verifyAccess(`${parts[0]}.${parts[1]}.${parts[2].slice(0, -2)}${parts[2].endsWith("AA") ? "BA" : "AA"}`), "ERR_JWS_SIGNATURE_INVALID", alg);
    }
  });

  add("reserved claims, expiry, and an asymmetric issuer's JWKS", async () => {
    const [, hs] = (await issuers())[0];
    for (const claim of ["sub", "exp", "iat", "jti", "iss", "aud", "fam"]) await rejects(() => hs.issueAccess("u", { [claim]: 1 }), "ERR_CONFIG", claim);
    await rejects(() => hs.issueAccess(""), "ERR_CONFIG");
    const old = await ea.signJwt({ iss: "https://api.test", aud: "api", sub: "u", iat: 1, exp: 1000, jti: "j" }, new TextEncoder().encode(secret), { alg: "HS256", typ: "at+jwt" });
    await rejects(() => hs.verifyAccess(old), "ERR_JWT_EXPIRED");
    const { privateJwk } = await ea.generateKeyPair("ES256");
    const es = new ea.TokenIssuer({ privateJwk, issuer: "https://api.test" });
    const token = await es.issueAccess("u2");
    const jwks = es.jwks();
    ok(jwks.keys.length === 1 && jwks.keys[0].d === undefined && jwks.keys[0].kid === privateJwk.kid, "public key only");
    equal((await ea.verifyJwt(token, jwks, { issuer: "https://api.test", typ: "at+jwt" })).payload.sub, "u2");
    equal((await jose.jwtVerify(token, jose.createLocalJWKSet(jwks), { typ: "at+jwt" })).payload.sub, "u2");
    await rejects(async () => hs.jwks(), "ERR_CONFIG");
    await rejects(async () => new ea.TokenIssuer({ secret: "s", privateJwk }), "ERR_CONFIG");
    await rejects(() => new ea.TokenIssuer({ secret: "too short" }).issueAccess("u"), "ERR_JOSE_ALG_NOT_ALLOWED");
  });

  add("revocation is shared by two issuers on one store", async () => {
    const shared = store();
    const a = new ea.TokenIssuer({ secret, revocation: shared });
    const b = new ea.TokenIssuer({ secret, revocation: shared });
    const r1 = await a.issueRefresh("u1", { device: "d1" });
    equal((await b.verifyRefresh(r1)).device, "d1");
    await a.revokeRefresh(r1);
    await rejects(() => b.verifyRefresh(r1), "ERR_TOKEN_REVOKED", "revoked on a, seen by b");
    const other = await a.issueRefresh("u3");
    equal((await b.verifyRefresh(other)).sub, "u3", "other tokens are untouched");
  });

  if (!rotates) {
    add("a store without an atomic consume refuses to rotate (ConfigError naming the alternative)", async () => {
      const issuer = new ea.TokenIssuer({ secret, revocation: store() });
      const r = await issuer.issueRefresh("u1");
      const e = await rejects(() => issuer.rotateRefresh(r), "ERR_CONFIG");
      ok(e.message.includes("DurableObjectRevocationStore"), e.message);
      equal((await issuer.verifyRefresh(r)).sub, "u1", "nothing was spent");
    });
  } else {
    add("rotation spends the token once and detects reuse (the family is revoked)", async () => {
      const shared = store();
      const a = new ea.TokenIssuer({ secret, revocation: shared });
      const b = new ea.TokenIssuer({ secret, revocation: shared });
      const r2 = await a.issueRefresh("u2", { device: "d2" });
      const next = await b.rotateRefresh(r2);
      equal((await a.verifyAccess(next.accessToken)).device, "d2", "extra claims carry over");
      const r3 = await a.verifyRefresh(next.refreshToken);
      equal(r3.fam, ea.decodeJwt(r2).jti, "same family");
      await rejects(() => a.verifyRefresh(r2), "ERR_TOKEN_REVOKED", "a rotated token is spent");
      const reuse = await rejects(() => a.rotateRefresh(r2), "ERR_REFRESH_TOKEN_REUSED");
      ok(reuse instanceof ea.RefreshTokenReuseError, "class");
      await rejects(() => b.verifyRefresh(next.refreshToken), "ERR_TOKEN_REVOKED", "reuse revoked the whole family");
      const r4 = await a.issueRefresh("u4");
      await a.revokeRefresh(r4);
      await rejects(() => b.rotateRefresh(r4), "ERR_REFRESH_TOKEN_REUSED", "a revoked token cannot be rotated");
      const other = await a.issueRefresh("u3");
      equal((await b.verifyRefresh(other)).sub, "u3", "other families are untouched");
    });
  }

  add("Authenticator validates tokens a TokenIssuer issued", async () => {
    const issuer = new ea.TokenIssuer({ secret });
    const auth = new ea.Authenticator({ tokens: issuer });
    const token = await issuer.issueAccess("u9", { scope: "notes:write" });
    const principal = await auth.requireScopes(new Request("https://x/", { headers: { authorization: `Bearer ${token}` } }), "notes:write");
    equal(principal.id, "u9");
    const refresh = await issuer.issueRefresh("u9");
    await rejects(() => auth.authenticate(new Request("https://x/", { headers: { authorization: `Bearer ${refresh}` } })), "ERR_JWT_CLAIM_INVALID");
  });

  // Passwords are in the full entry only (not edgeauth/edge).
  if (ea.hashPassword) add("passwords: argon2id round trip, argon2-cffi interop, bad input", async () => {
    const phc = await ea.hashPassword("correct horse", CHEAP);
    ok(phc.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), phc);
    ok(await ea.verifyPassword("correct horse", phc), "right password");
    ok(!(await ea.verifyPassword("correct horsf", phc)), "wrong password");
    ok(!ea.needsRehash(phc, CHEAP) && ea.needsRehash(phc), "weaker than the defaults");
    for (const v of [...argon2.exact, ...argon2.verify]) {
      equal(await ea.verifyPassword(v.password, v.phc), v.matches ?? true, v.phc);
    }
    for (const bad of ["", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0$YWJj", "$2b$10$abc"]) {
      equal(await ea.verifyPassword("x", bad), false, bad);
      equal(ea.needsRehash(bad), true, bad);
    }
    for (const weird of [null, undefined, 42, {}]) equal(await ea.verifyPassword(weird, phc), false, String(weird));
    equal(await ea.verifyPassword("x", null), false);
    await rejects(() => ea.hashPassword("x".repeat(5000), CHEAP), "ERR_CONFIG", "overlong password");
    await rejects(() => ea.hashPassword("x", { memoryKib: 1 << 30 }), "ERR_CONFIG", "absurd memory");
    await rejects(() => ea.hashPassword(7), "ERR_CONFIG");
    deepEqual(ea.DEFAULT_PASSWORD_PARAMS, { memoryKib: 19456, iterations: 2, parallelism: 1 });
  });

  return cases;
}
