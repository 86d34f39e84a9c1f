// DPoP (RFC 9449) without a network: keys, proofs (verified by jose too),
// verifyDpopProof, and the Authenticator's negative table, each row with its
// error code, `check` and WWW-Authenticate. The same cases run in Node and in
// workerd; `replayStore()` makes the proof replay store under test.
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const URL_ME = "https://api.test/me";
const now = () => Math.floor(Date.now() / 1000);
const sha256 = async (text) => {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const b64 = (value) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function dpopCases(ea, jose, replayStore = () => new ea.MemoryReplayStore(), storeName = "memory") {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });

  /** A DPoP key whose private JWK we also hold, to craft hostile proofs with jose. */
  async function holder(alg = "ES256") {
    const { privateJwk } = await ea.generateKeyPair(alg);
    const key = await ea.DpopKey.fromJwk(privateJwk);
    const signer = await jose.importJWK(privateJwk, alg);
    const craft = (claims, header = {}) => new jose.SignJWT(claims).setProtectedHeader({ typ: "dpop+jwt", alg, jwk: key.publicJwk, ...header }).sign(signer);
    return { key, privateJwk, craft };
  }

  add("DPoP keys: ES256 and EdDSA pairs with non-extractable private keys; fromKeyPair and fromJwk", async () => {
    for (const alg of ["ES256", "EdDSA", "ES384", "PS256", "RS256"]) {
      const key = await ea.generateDpopKey(alg);
      equal(key.alg, alg);
      equal(key.keyPair.privateKey.extractable, false, `${alg}: the private key cannot be exported`);
      equal(key.publicJwk.d, undefined);
      equal(key.jkt, ea.jwkThumbprint(key.publicJwk), "jkt is the RFC 7638 thumbprint");
      const again = await ea.DpopKey.fromKeyPair(key.keyPair);
      deepEqual([again.alg, again.jkt], [alg, key.jkt], `${alg}: restored from the CryptoKey pair`);
    }
    equal((await ea.generateDpopKey()).alg, "ES256", "ES256 by default");
    const { privateJwk } = await ea.generateKeyPair("EdDSA");
    const fromJwk = await ea.DpopKey.fromJwk(privateJwk);
    equal(fromJwk.keyPair.privateKey.extractable, false);
    equal(fromJwk.jkt, privateJwk.kid, "generateKeyPair's kid is the same thumbprint");
    for (const bad of [undefined, {}, { alg: "HS256", kty: "oct", k: "c2VjcmV0" }, { ...privateJwk, d: undefined }, { ...privateJwk, alg: "ES256" }]) await rejects(() => ea.DpopKey.fromJwk(bad), "ERR_CONFIG");
    await rejects(() => ea.generateDpopKey("HS256"), "ERR_CONFIG");
    await rejects(() => ea.DpopKey.fromKeyPair({ privateKey: 1, publicKey: 2 }), "ERR_CONFIG");
    await rejects(async () => new ea.DpopKey(), "ERR_CONFIG");
  });

  add("createDpopProof: jose jwtVerify + EmbeddedJWK verifies it, with typ, htm, htu (no query), iat, jti, ath, nonce", async () => {
    for (const alg of ["ES256", "EdDSA", "ES384", "PS256", "RS256"]) {
      const key = await ea.generateDpopKey(alg);
      const proof = await ea.createDpopProof(key, { method: "POST", url: "https://as.test/token?x=1#frag", accessToken: "at-1", nonce: "n-1" });
      const { payload, protectedHeader } = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: "dpop+jwt", algorithms: [alg === "EdDSA" ? "EdDSA" : alg] });
      equal(protectedHeader.alg, alg);
      equal(await jose.calculateJwkThumbprint(protectedHeader.jwk), key.jkt, `${alg}: the header's key is ours`);
      deepEqual([payload.htm, payload.htu, payload.nonce], ["POST", "https://as.test/token", "n-1"], alg);
      equal(payload.ath, await sha256("at-1"), `${alg}: ath`);
      ok(Math.abs(payload.iat - now()) <= 2 && payload.jti.length >= 16, `${alg}: iat and jti`);
    }
    const key = await ea.generateDpopKey();
    const a = ea.decodeJwt(await ea.createDpopProof(key, { method: "GET", url: URL_ME }));
    const b = ea.decodeJwt(await ea.createDpopProof(key, { method: "GET", url: URL_ME }));
    ok(a.jti !== b.jti && a.ath === undefined && a.nonce === undefined, "a fresh jti per proof; ath and nonce only when given");
    await rejects(() => ea.createDpopProof({}, { method: "GET", url: URL_ME }), "ERR_CONFIG");
    await rejects(() => ea.createDpopProof(key, { method: "GET" }), "ERR_CONFIG");
    await rejects(() => ea.createDpopProof(key, { method: "GET", url: "/relative" }), "ERR_CONFIG");
    await rejects(() => ea.createDpopProof(key, { method: "GET", url: URL_ME, nonce: "a b" }), "ERR_CONFIG");
  });

  add(`verifyDpopProof (${storeName} replay store): our proofs and jose's, the result, a replay refused`, async () => {
    const store = replayStore();
    const { key, craft } = await holder("EdDSA");
    const proof = await ea.createDpopProof(key, { method: "GET", url: URL_ME, accessToken: "at" });
    const options = { method: "GET", url: "https://API.test:443/me?page=2", accessToken: "at", jkt: key.jkt, replayStore: store };
    const checked = await ea.verifyDpopProof(proof, options);
    equal(checked.jkt, key.jkt);
    deepEqual([checked.header.typ, checked.payload.htm], ["dpop+jwt", "GET"]);
    equal((await rejects(() => ea.verifyDpopProof(proof, options), "ERR_DPOP_PROOF_INVALID")).check, "replay");
    const byJose = await craft({ jti: crypto.randomUUID(), htm: "GET", htu: URL_ME, iat: now(), ath: await sha256("at") });
    equal((await ea.verifyDpopProof(byJose, options)).jkt, key.jkt, "a proof signed by jose");
    const es = await ea.generateDpopKey("ES256");
    const esProof = await ea.createDpopProof(es, { method: "GET", url: URL_ME });
    equal((await ea.verifyDpopProof(esProof, { method: "GET", url: URL_ME, replayStore: null })).jkt, es.jkt, "ES256 through WebCrypto");
    equal((await ea.verifyDpopProof(esProof, { method: "GET", url: new URL(URL_ME), replayStore: null })).jkt, es.jkt, "no replay store: no jti check");
    await rejects(() => ea.verifyDpopProof(esProof, { method: "GET", url: URL_ME, algorithms: ["EdDSA"] }), "ERR_DPOP_PROOF_INVALID");
    await rejects(() => ea.verifyDpopProof(esProof, { method: "GET", url: URL_ME, algorithms: ["HS256"] }), "ERR_CONFIG");
    await rejects(() => ea.verifyDpopProof(esProof, { url: URL_ME }), "ERR_CONFIG");
    await rejects(() => ea.verifyDpopProof(7, { method: "GET", url: URL_ME }), "ERR_CONFIG");
    await rejects(() => ea.verifyDpopProof(esProof, { method: "GET", url: URL_ME, replayStore: {} }), "ERR_CONFIG");
    equal((await rejects(() => ea.verifyDpopProof(esProof, { method: "GET", url: URL_ME, nonce: "server-nonce", replayStore: null }), "ERR_DPOP_NONCE_REQUIRED")).name, "DpopNonceError");
  });

  /** An Authenticator for this service's own tokens, with DPoP on. */
  async function service(dpop = {}) {
    const issuer = new ea.TokenIssuer({ privateJwk: (await ea.generateKeyPair("EdDSA")).privateJwk, issuer: "https://api.test", audience: "api" });
    const auth = new ea.Authenticator({ tokens: issuer, realm: "api", dpop: { replayStore: replayStore(), ...dpop } });
    return { issuer, auth };
  }

  const request = (headers, { method = "GET", url = URL_ME } = {}) => {
    const h = new Headers();
    for (const [name, value] of headers) h.append(name, value);
    return new Request(url, { method, headers: h });
  };

  add(`Authenticator with DPoP (${storeName} replay store): the negative table, each row's code, check and WWW-Authenticate`, async () => {
    const { issuer, auth } = await service();
    const { key, privateJwk, craft } = await holder("ES256");
    const token = await issuer.issueAccess("u1", { scope: "notes:read", cnf: { jkt: key.jkt } });
    const ath = await sha256(token);
    const proof = (o = {}) => ea.createDpopProof(key, { method: "GET", url: URL_ME, accessToken: token, ...o });
    const claims = (o = {}) => ({ jti: crypto.randomUUID(), htm: "GET", htu: URL_ME, iat: now(), ath, ...o });
    const dpop = async (p, { scheme = "DPoP", t = token, method } = {}) => request([["authorization", `${scheme} ${t}`], ...(p === undefined ? [] : [].concat(p).map((v) => ["dpop", v]))], { method });

    const principal = await auth.requireScopes(await dpop(await proof()), "notes:read");
    equal(principal.id, "u1", "a valid DPoP request");
    equal((await auth.authenticate(await dpop(await proof()))).id, "u1", "again, from the result cache, with a new proof");
    const ALGS = 'algs="ES256 ES384 EdDSA PS256 PS384 PS512 RS256 RS384 RS512"';
    const invalidProof = (check) => [401, "ERR_DPOP_PROOF_INVALID", check, new RegExp(`^DPoP realm="api", error="invalid_dpop_proof", error_description="invalid DPoP proof \\(${check}\\)(?:[^"\\\\]|\\\\.)*", ${ALGS}$`)];
    const otherKey = await ea.generateDpopKey("ES256");
    const forged = await (await service()).issuer.issueAccess("u1", { cnf: { jkt: key.jkt } });
    const reused = await proof();
    await auth.authenticate(await dpop(reused));
    const [h, p] = (await proof()).split(".");
    const rows = [
      ["missing proof", dpop(undefined), invalidProof("missing")],
      ["wrong htm", dpop(await proof({ method: "POST" })), invalidProof("htm")],
      ["wrong htu", dpop(await proof({ url: "https://api.test/other" })), invalidProof("htu")],
      ["stale iat", dpop(await craft(claims({ iat: now() - 120 }))), invalidProof("iat")],
      ["future iat", dpop(await craft(claims({ iat: now() + 120 }))), invalidProof("iat")],
      ["replayed jti", dpop(reused), invalidProof("replay")],
      ["wrong ath", dpop(await proof({ accessToken: "another-token" })), invalidProof("ath")],
      ["no ath", dpop(await craft(claims({ ath: undefined }))), invalidProof("ath")],
      ["alg none", dpop(`${b64({ typ: "dpop+jwt", alg: "none", jwk: key.publicJwk })}.${b64(claims())}.`), invalidProof("alg")],
      ["alg HS256", dpop(await new jose.SignJWT(claims()).setProtectedHeader({ typ: "dpop+jwt", alg: "HS256", jwk: key.publicJwk }).sign(new Uint8Array(32))), invalidProof("alg")],
      ["private key in the header jwk", dpop(await craft(claims(), { jwk: privateJwk })), invalidProof("jwk")],
      ["typ JWT", dpop(await craft(claims(), { typ: "JWT" })), invalidProof("typ")],
      ["malformed base64", dpop(`${h}.!!!.${p}`), invalidProof("syntax")],
      ["malformed JSON", dpop(`${btoa("{nope").replace(/=+$/, "")}.${p}.sig`), invalidProof("syntax")],
      ["bad signature", dpop(`${h}.${p}.${"A".repeat(86)}`), invalidProof("signature")],
      ["oversized proof", dpop("a".repeat(9000)), invalidProof("size")],
      ["two DPoP headers", dpop([await proof(), await proof()]), invalidProof("header")],
      ["proof key is not cnf.jkt", dpop(await ea.createDpopProof(otherKey, { method: "GET", url: URL_ME, accessToken: token })), [401, "ERR_DPOP_BINDING_INVALID", "jkt", /^DPoP realm="api", error="invalid_token", error_description="DPoP key binding failed \(jkt\)[^"]*", algs="/]],
      ["Bearer downgrade", dpop(undefined, { scheme: "Bearer" }), [401, "ERR_DPOP_BINDING_INVALID", "scheme", new RegExp(`^Bearer realm="api", error="invalid_token", error_description="DPoP key binding failed \\(scheme\\)[^"]*", DPoP realm="api", ${ALGS}$`)]],
      ["Bearer downgrade with a proof", dpop(await proof(), { scheme: "Bearer" }), [401, "ERR_DPOP_BINDING_INVALID", "scheme", /^Bearer realm="api", error="invalid_token"/]],
      ["an unbound token sent as DPoP", dpop(await proof(), { t: await issuer.issueAccess("u2") }), [401, "ERR_DPOP_BINDING_INVALID", "jkt", /^DPoP realm="api", error="invalid_token"/]],
      ["an invalid token sent as DPoP", dpop(await proof(), { t: forged }), [401, "ERR_JWS_SIGNATURE_INVALID", undefined, /^DPoP realm="api", error="invalid_token"/]],
      ["no token", request([]), [401, "ERR_AUTH_MISSING_TOKEN", undefined, new RegExp(`^Bearer realm="api", DPoP realm="api", ${ALGS}$`)]],
      ["malformed DPoP header", request([["authorization", "DPoP a b"]]), [400, "ERR_AUTH_INVALID_REQUEST", undefined, /^Bearer realm="api", error="invalid_request"/]],
    ];
    for (const [name, pending, [status, code, check, challenge]] of rows) {
      const e = await rejects(async () => auth.authenticate(await pending), code, name);
      ok(e instanceof ea.AuthError, `${name}: AuthError`);
      equal(e.status, status, `${name}: status`);
      equal(e.cause?.check, check, `${name}: check`);
      ok(challenge.test(e.wwwAuthenticate), `${name}: WWW-Authenticate ${e.wwwAuthenticate}`);
      equal(e.toResponse().headers.get("www-authenticate"), e.wwwAuthenticate, name);
    }
    const scope = await rejects(async () => auth.requireScopes(await dpop(await proof()), "notes:write"), "ERR_AUTH_INSUFFICIENT_SCOPE");
    ok(/^DPoP realm="api", error="insufficient_scope", error_description="[^"]*", scope="notes:write", algs="/.test(scope.wwwAuthenticate), scope.wwwAuthenticate);
    equal((await auth.authenticate(await dpop(await proof()))).id, "u1", "still accepted after all that");
  });

  add(`Authenticator with DPoP: server nonces (use_dpop_nonce + DPoP-Nonce, one retry), required DPoP, introspection-style cnf`, async () => {
    const { issuer, auth } = await service({ nonceSecret: "a-dpop-nonce-secret-of-at-least-32-bytes", required: true });
    const key = await ea.generateDpopKey("EdDSA");
    const token = await issuer.issueAccess("u1", { cnf: { jkt: key.jkt } });
    const call = async (nonce) => request([["authorization", `DPoP ${token}`], ["dpop", await ea.createDpopProof(key, { method: "GET", url: URL_ME, accessToken: token, nonce })]]);
    const e = await rejects(async () => auth.authenticate(await call()), "ERR_DPOP_NONCE_REQUIRED");
    equal(e.status, 401);
    ok(/^DPoP realm="api", error="use_dpop_nonce", error_description="[^"]*", algs="/.test(e.wwwAuthenticate), e.wwwAuthenticate);
    ok(typeof e.dpopNonce === "string" && e.dpopNonce.length > 20, "a nonce to retry with");
    equal(e.toResponse().headers.get("dpop-nonce"), e.dpopNonce);
    equal((await auth.authenticate(await call(e.dpopNonce))).id, "u1", "the retry with the nonce");
    const stale = await rejects(async () => auth.authenticate(await call("not-our-nonce")), "ERR_DPOP_NONCE_REQUIRED");
    ok(stale.dpopNonce, "a made-up nonce gets a fresh one");
    const bearer = await issuer.issueAccess("u3");
    const refused = await rejects(() => auth.authenticate(request([["authorization", `Bearer ${bearer}`]])), "ERR_DPOP_BINDING_INVALID", "required: no Bearer tokens");
    ok(/^Bearer realm="api", error="invalid_token", .*, DPoP realm="api", algs="/.test(refused.wwwAuthenticate), refused.wwwAuthenticate);
    const none = await rejects(() => auth.authenticate(request([])), "ERR_AUTH_MISSING_TOKEN");
    ok(/^DPoP realm="api", algs="/.test(none.wwwAuthenticate), `required: only the DPoP challenge: ${none.wwwAuthenticate}`);
    // A token bound by another confirmation method cannot be checked here: refused.
    const mtls = await issuer.issueAccess("u4", { cnf: { "x5t#S256": "abc" } });
    equal((await rejects(() => new ea.Authenticator({ tokens: issuer }).authenticate(request([["authorization", `Bearer ${mtls}`]])), "ERR_DPOP_BINDING_INVALID")).cause.check, "cnf");
    // Without `dpop`, bound tokens are still refused as Bearer (RFC 9449 §7.2) and DPoP is not offered.
    const plain = new ea.Authenticator({ tokens: issuer });
    const downgrade = await rejects(() => plain.authenticate(request([["authorization", `Bearer ${token}`]])), "ERR_DPOP_BINDING_INVALID");
    ok(/^Bearer error="invalid_token"/.test(downgrade.wwwAuthenticate) && !/DPoP (realm|algs)=/.test(downgrade.wwwAuthenticate), `no DPoP challenge: ${downgrade.wwwAuthenticate}`);
    await rejects(() => plain.authenticate(request([["authorization", `DPoP ${token}`]])), "ERR_AUTH_MISSING_TOKEN", "DPoP off: the scheme is not read");
    for (const bad of [{ bogus: 1 }, { required: "yes" }, { requestUrl: 5 }, { nonceSecret: "short" }, { algorithms: ["HS256"] }, { replayStore: {} }, 7]) {
      await rejects(async () => new ea.Authenticator({ tokens: issuer, dpop: bad }), "ERR_CONFIG", JSON.stringify(bad));
    }
  });

  add("Authenticator with DPoP: requestUrl maps the public URL behind a proxy", async () => {
    const { issuer, auth } = await service({ requestUrl: (r) => `https://public.example${new URL(r.url).pathname}` });
    const key = await ea.generateDpopKey();
    const token = await issuer.issueAccess("u1", { cnf: { jkt: key.jkt } });
    const proof = await ea.createDpopProof(key, { method: "GET", url: "https://public.example/me", accessToken: token });
    equal((await auth.authenticate(request([["authorization", `DPoP ${token}`], ["dpop", proof]], { url: "http://internal:8080/me" }))).id, "u1");
  });

  return cases;
}
