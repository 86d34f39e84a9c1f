// login-example/ (a first-party login service) in the real Workers runtime
// (workerd through miniflare) with a D1 database (miniflare's, SQLite) that
// login-example/schema.sql is applied to: register, login, /me, refresh with
// rotation and reuse detection, logout; then its D1RevocationStore against
// the shared RevocationStore suites (tests/js/worker/d1-revocation-worker.mjs).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, verifyJwt } from "edgeauth";
import { startWorker } from "./harness/workerd.mjs";
import { DUMMY_HASH, PASSWORD_PARAMS } from "../../login-example/src/passwords.js";

const ENTRY = fileURLToPath(new URL("../../login-example/src/worker.js", import.meta.url));
const SCHEMA = fileURLToPath(new URL("../../login-example/schema.sql", import.meta.url));
const ISSUER = "https://login.test";
const AUDIENCE = "https://api.test";
const SECRET = "a-login-example-secret-of-at-least-32-bytes";
const now = () => Math.floor(Date.now() / 1000);

/** schema.sql through miniflare's D1 API, one statement at a time in one batch (D1's exec() reads one statement per line). */
async function applySchema(db) {
  const statements = readFileSync(SCHEMA, "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  assert.equal(statements.length, 3, "users, revoked_tokens and its index");
  await db.batch(statements.map((s) => db.prepare(s)));
}

async function loginWorker(entry, bindings) {
  const w = await startWorker(entry, { d1Databases: ["DB"], bindings: { ISSUER, AUDIENCE, ...bindings } });
  w.db = await w.mf.getD1Database("DB");
  await applySchema(w.db);
  return w;
}

const post = (w, path, body) => w.dispatch(path, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
const me = (w, token) => w.dispatch("/me", { headers: token ? { authorization: `Bearer ${token}` } : {} });
const params = (phc) => phc.split("$")[3];

describe("login-example in workerd with D1", () => {
  let w;
  let user;
  const alice = { email: "Alice@Example.com", password: "correct horse battery staple" };
  before(async () => {
    w = await loginWorker(ENTRY, { TOKEN_SECRET: SECRET });
  });
  after(() => w.mf.dispose());

  async function login(credentials = alice) {
    const r = await post(w, "/login", credentials);
    assert.equal(r.status, 200);
    return r.json();
  }

  test("register → 201; the password is stored as an argon2id hash with the example's parameters", async () => {
    const r = await post(w, "/register", alice);
    assert.equal(r.status, 201);
    user = await r.json();
    assert.equal(user.email, "alice@example.com");
    assert.match(user.id, /^[0-9a-f-]{36}$/);
    const row = await w.db.prepare("SELECT email, password_hash FROM users WHERE id = ?1").bind(user.id).first();
    assert.equal(row.email, "alice@example.com");
    assert.match(row.password_hash, /^\$argon2id\$v=19\$/);
    assert.ok(!row.password_hash.includes(alice.password));
    assert.equal(params(row.password_hash), `m=${PASSWORD_PARAMS.memoryKib},t=${PASSWORD_PARAMS.iterations},p=${PASSWORD_PARAMS.parallelism}`);
    // The hash an unknown email is checked against costs the same work.
    assert.equal(params(DUMMY_HASH), params(row.password_hash));
  });

  test("a second registration of the email (any case) → 409", async () => {
    const r = await post(w, "/register", { email: " ALICE@example.com ", password: "another password" });
    assert.equal(r.status, 409);
    assert.equal((await r.json()).error, "email_taken");
    assert.equal((await w.db.prepare("SELECT count(*) AS n FROM users").first()).n, 1);
  });

  test("two registrations of one new email at once: exactly one 201", async () => {
    const answers = await Promise.all([0, 1, 2].map((i) => post(w, "/register", { email: "race@example.com", password: `password-${i}` })));
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409]);
  });

  test("bad input → 400 invalid_request", async () => {
    for (const [body, why] of [
      ["not json", "the body must be JSON"],
      ["[1]", "the body must be a JSON object"],
      [{ password: "long enough password" }, "email must be an email address"],
      [{ email: "no-at-sign", password: "long enough password" }, "email must be an email address"],
      [{ email: "bob@example.com", password: "short" }, "password must be 8 to 1024 characters"],
      [{ email: "bob@example.com", password: "x".repeat(1025) }, "password must be 8 to 1024 characters"],
      [{ email: "bob@example.com", password: 12345678 }, "password must be 8 to 1024 characters"],
    ]) {
      for (const path of ["/register", "/login"]) {
        const r = await post(w, path, body);
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.deepEqual(await r.json(), { error: "invalid_request", message: why });
      }
    }
    assert.equal((await post(w, "/refresh", {})).status, 400);
    assert.equal((await post(w, "/logout", { refresh_token: 7 })).status, 400);
  });

  test("wrong password and unknown email → the same 401", async () => {
    const wrong = await post(w, "/login", { ...alice, password: "wrong horse battery staple" });
    const unknown = await post(w, "/login", { email: "nobody@example.com", password: alice.password });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const body = await wrong.json();
    assert.deepEqual(body, { error: "invalid_credentials", message: "wrong email or password" });
    assert.deepEqual(await unknown.json(), body);
    assert.deepEqual([...wrong.headers], [...unknown.headers]);
  });

  test("login → 200 with an RFC 6749 §5.1 token response; /me → 200 with the sub", async () => {
    const tokens = await login({ email: "alice@EXAMPLE.com", password: alice.password });
    assert.equal(tokens.token_type, "Bearer");
    assert.equal(tokens.expires_in, 900);
    assert.equal(decodeProtectedHeader(tokens.access_token).typ, "at+jwt");
    assert.equal(decodeProtectedHeader(tokens.refresh_token).typ, "rt+jwt");
    const claims = decodeJwt(tokens.access_token);
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.exp - claims.iat, 900);
    const r = await me(w, tokens.access_token);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("cache-control"), "no-store");
    const body = await r.json();
    assert.equal(body.sub, user.id);
    assert.equal(body.email, "alice@example.com");
  });

  test("/me without a token → 401 with a Bearer challenge; a refresh token or a forged one → 401 invalid_token", async () => {
    const r = await me(w);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("www-authenticate"), `Bearer realm="${AUDIENCE}"`);
    assert.equal((await r.json()).error, "ERR_AUTH_MISSING_TOKEN");
    const tokens = await login();
    const [h, p, s] = tokens.access_token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(tokens.access_token), sub: "someone-else" })).toString("base64url")}.${s}`;
    assert.notEqual(p, forged.split(".")[1]);
    for (const [token, code] of [
      [tokens.refresh_token, "ERR_JWT_CLAIM_INVALID"],
      [forged, "ERR_JWS_SIGNATURE_INVALID"],
    ]) {
      const bad = await me(w, token);
      assert.equal(bad.status, 401, code);
      assert.match(bad.headers.get("www-authenticate"), /^Bearer realm="https:\/\/api\.test", error="invalid_token"/);
      assert.equal((await bad.json()).error, code);
    }
  });

  test("refresh → 200 with a new pair; reusing the old refresh token → 401 and the new one is refused too (family revoked)", async () => {
    const first = await login();
    const r = await post(w, "/refresh", { refresh_token: first.refresh_token });
    assert.equal(r.status, 200);
    const second = await r.json();
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal(decodeJwt(second.refresh_token).fam, decodeJwt(first.refresh_token).fam, "same family");
    assert.equal((await (await me(w, second.access_token)).json()).sub, user.id);

    const reuse = await post(w, "/refresh", { refresh_token: first.refresh_token });
    assert.equal(reuse.status, 401);
    assert.deepEqual(await reuse.json(), { error: "invalid_grant", code: "ERR_REFRESH_TOKEN_REUSED", message: "this refresh token was already used: its whole family is now revoked" });
    const after = await post(w, "/refresh", { refresh_token: second.refresh_token });
    assert.equal(after.status, 401);
    assert.equal((await after.json()).code, "ERR_REFRESH_TOKEN_REUSED");
    // Another session of the same user is untouched.
    const other = await login();
    assert.equal((await post(w, "/refresh", { refresh_token: other.refresh_token })).status, 200);
  });

  test("8 concurrent refreshes of one token: one 200, seven 401, and the winner's token is refused afterwards", async () => {
    const { refresh_token } = await login();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(w, "/refresh", { refresh_token })));
    const won = answers.filter((r) => r.status === 200);
    assert.equal(won.length, 1);
    assert.equal(answers.filter((r) => r.status === 401).length, 7);
    const { refresh_token: winner } = await won[0].json();
    assert.equal((await post(w, "/refresh", { refresh_token: winner })).status, 401);
  });

  test("logout → 204; its refresh token is refused; the access token stays valid until it expires", async () => {
    const tokens = await login();
    const r = await post(w, "/logout", { refresh_token: tokens.refresh_token });
    assert.equal(r.status, 204);
    const refused = await post(w, "/refresh", { refresh_token: tokens.refresh_token });
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error, "invalid_grant");
    // Access tokens are not looked up per request: they live out their 900 s.
    assert.equal((await me(w, tokens.access_token)).status, 200);
  });

  test("logout with an older refresh token of the session ends the session too", async () => {
    const first = await login();
    const second = await (await post(w, "/refresh", { refresh_token: first.refresh_token })).json();
    assert.equal((await post(w, "/logout", { refresh_token: first.refresh_token })).status, 204);
    assert.equal((await post(w, "/refresh", { refresh_token: second.refresh_token })).status, 401);
  });

  test("logout with a token that is not this service's refresh token → 401", async () => {
    const tokens = await login();
    for (const token of [tokens.access_token, "not.a.jwt", `${tokens.refresh_token.slice(0, -4)}AAAA`]) {
      const r = await post(w, "/logout", { refresh_token: token });
      assert.equal(r.status, 401, token);
      assert.equal((await r.json()).error, "invalid_grant");
    }
    assert.equal((await post(w, "/refresh", { refresh_token: tokens.refresh_token })).status, 200, "the session is still alive");
  });

  test("the cron trigger deletes expired revocations and keeps live ones", async () => {
    await w.db.batch([
      w.db.prepare("INSERT INTO revoked_tokens (jti, expires_at) VALUES ('expired-1', ?1)").bind(now() - 10),
      w.db.prepare("INSERT INTO revoked_tokens (jti, expires_at) VALUES ('expired-2', ?1)").bind(now() - 1),
    ]);
    const live = (await w.db.prepare("SELECT count(*) AS n FROM revoked_tokens WHERE expires_at > ?1").bind(now() + 5).first()).n;
    assert.ok(live > 0);
    await (await w.mf.getWorker()).scheduled({ cron: "17 * * * *" });
    assert.equal((await w.db.prepare("SELECT count(*) AS n FROM revoked_tokens WHERE jti LIKE 'expired-%'").first()).n, 0);
    assert.equal((await w.db.prepare("SELECT count(*) AS n FROM revoked_tokens WHERE expires_at > ?1").bind(now() + 5).first()).n, live);
  });

  test("unknown routes → 404; an HMAC issuer publishes no JWK Set", async () => {
    assert.equal((await w.dispatch("/nope")).status, 404);
    assert.equal((await w.dispatch("/login")).status, 404, "GET /login");
    assert.equal((await w.dispatch("/.well-known/jwks.json")).status, 404);
  });
});

test("login-example signing with an EdDSA key: its JWK Set verifies the tokens anywhere", async () => {
  const { privateJwk } = await generateKeyPair("EdDSA");
  const w = await loginWorker(ENTRY, { SIGNING_JWK: JSON.stringify(privateJwk) });
  try {
    assert.equal((await post(w, "/register", { email: "eve@example.com", password: "a long enough password" })).status, 201);
    const tokens = await (await post(w, "/login", { email: "eve@example.com", password: "a long enough password" })).json();
    const jwks = await (await w.dispatch("/.well-known/jwks.json")).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].d, undefined, "no private member");
    const { payload, protectedHeader } = await verifyJwt(tokens.access_token, jwks, { issuer: ISSUER, audience: AUDIENCE, typ: "at+jwt" });
    assert.equal(protectedHeader.alg, "EdDSA");
    assert.equal(payload.email, "eve@example.com");
    assert.equal((await me(w, tokens.access_token)).status, 200);
    assert.equal((await post(w, "/refresh", { refresh_token: tokens.refresh_token })).status, 200);
  } finally {
    await w.mf.dispose();
  }
});

test("login-example with no usable signing key → 500 on every route, naming no secret", async () => {
  for (const bindings of [{}, { TOKEN_SECRET: "too-short" }, { SIGNING_JWK: "{not json" }]) {
    const w = await loginWorker(ENTRY, bindings);
    try {
      for (const path of ["/register", "/login"]) {
        const r = await post(w, path, { email: "x@example.com", password: "a long enough password" });
        assert.equal(r.status, 500, `${path} ${JSON.stringify(bindings)}`);
        const text = await r.text();
        assert.deepEqual(JSON.parse(text), { error: "server_error", message: "the service is misconfigured or its database failed" });
        assert.ok(!text.includes("too-short"));
      }
      assert.equal((await w.db.prepare("SELECT count(*) AS n FROM users").first()).n, 0, "nothing written");
    } finally {
      await w.mf.dispose();
    }
  }
});

describe("D1RevocationStore in workerd: the RevocationStore suites", async () => {
  const w = await startWorker(fileURLToPath(new URL("./worker/d1-revocation-worker.mjs", import.meta.url)), { d1Databases: ["DB"] });
  await applySchema(await w.mf.getD1Database("DB"));
  after(() => w.mf.dispose());
  const names = await (await w.dispatch("/list")).json();
  test("the suites are present", () => assert.ok(names.length >= 5, `${names.length} cases`));
  for (const name of names) {
    test(name, async () => {
      const result = await (await w.dispatch(`/run?case=${encodeURIComponent(name)}`)).json();
      assert.ok(result.ok, result.error);
    });
  }
});
