// The JOSE conformance suite: the same cases in Node (ESM and CJS) and in
// workerd. `ea` is the edgeauth module as the runtime loaded it; `jose` is
// the reference implementation from npm.

import vectors from "../../vectors/jws.json" with { type: "json" };
import { deepEqual, equal, ok, rejects } from "./check.mjs";

const ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];
const NOW = 1_800_000_000;
const at = (s) => new Date(s * 1000);

/** A key pair for `alg` made by jose, as JWKs with a kid. */
async function josePair(jose, alg) {
  if (alg.startsWith("HS")) {
    const jwk = { kty: "oct", k: jose.base64url.encode(crypto.getRandomValues(new Uint8Array(64))), kid: `k-${alg}` };
    return { privateJwk: jwk, publicJwk: jwk };
  }
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true, crv: alg === "EdDSA" ? "Ed25519" : undefined });
  const kid = `k-${alg}`;
  return { privateJwk: { ...(await jose.exportJWK(privateKey)), kid }, publicJwk: { ...(await jose.exportJWK(publicKey)), kid } };
}

async function joseSign(jose, alg, privateJwk, payload, header = {}, signOptions = undefined) {
  const key = await jose.importJWK(privateJwk, alg);
  return new jose.SignJWT(payload).setProtectedHeader({ alg, kid: privateJwk.kid, ...header }).sign(key, signOptions);
}

/** Replace one base64url character of segment `seg` (0-2). */
function tamper(token, seg) {
  const parts = token.split(".");
  const s = parts[seg];
  const i = Math.floor(s.length / 2);
  parts[seg] = s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
  return parts.join(".");
}

const b64 = (text) => btoa(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

export function joseCases(ea, jose) {
  const cases = [];
  const add = (name, run) => cases.push({ name, run });

  for (const alg of ALGS) {
    add(`jose signs ${alg}, edgeauth verifies (JWK and JWKS)`, async () => {
      const { privateJwk, publicJwk } = await josePair(jose, alg);
      const token = await joseSign(jose, alg, privateJwk, { sub: "u1", iss: "https://issuer.test", aud: "api", exp: NOW + 60 });
      const opts = { issuer: "https://issuer.test", audience: "api", algorithms: [alg], currentDate: at(NOW) };
      const single = await ea.verifyJwt(token, publicJwk, opts);
      equal(single.payload.sub, "u1");
      equal(single.protectedHeader.alg, alg);
      const other = await josePair(jose, alg);
      const set = await ea.verifyJwt(token, { keys: [{ ...other.publicJwk, kid: "other" }, publicJwk] }, opts);
      equal(set.payload.aud, "api");
      await rejects(() => ea.verifyJwt(tamper(token, 2), publicJwk, opts), "ERR_JWS_SIGNATURE_INVALID", "tampered signature");
      await rejects(() => ea.verifyJwt(tamper(token, 1), publicJwk, opts), "ERR_JWS_SIGNATURE_INVALID", "tampered payload");
      await rejects(() => ea.verifyJwt(token, other.publicJwk, opts), "ERR_JWS_SIGNATURE_INVALID", "another key");
    });

    add(`edgeauth signs ${alg}, jose verifies`, async () => {
      const { privateJwk, publicJwk } = await josePair(jose, alg);
      const token = await ea.signJwt({ sub: "u2", n: 1 }, privateJwk, { alg, kid: privateJwk.kid, typ: "JWT" });
      const { payload, protectedHeader } = await jose.jwtVerify(token, await jose.importJWK(publicJwk, alg));
      deepEqual(payload, { sub: "u2", n: 1 });
      deepEqual(protectedHeader, { alg, kid: privateJwk.kid, typ: "JWT" });
    });
  }

  for (const alg of ["RS256", "ES256", "EdDSA"]) {
    add(`${alg}: concurrent verifications keep their own signature and claims`, async () => {
      // The wasm side hands each signature to WebCrypto through one shared
      // scratch buffer: interleaved verifications must never see another
      // token's signature (a forged token carrying a signature valid for a
      // sibling would pass), nor report a claim error before a bad signature.
      const { privateJwk, publicJwk } = await josePair(jose, alg);
      const opts = { algorithms: [alg], currentDate: at(NOW) };
      const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => joseSign(jose, alg, privateJwk, { sub: `u${i}`, exp: i % 4 === 3 ? NOW - 600 : NOW + 60 })));
      const forged = tokens.map((t, i) => `${t.split(".").slice(0, 2).join(".")}.${tokens[(i + 1) % tokens.length].split(".")[2]}`);
      for (const key of [{ ...publicJwk }, { ...publicJwk }]) {
        // A fresh key object: the first round imports the CryptoKey concurrently, the second hits the cache.
        for (let round = 0; round < 2; round++) {
          const settled = await Promise.allSettled(tokens.flatMap((t, i) => [ea.verifyJwt(t, key, opts), ea.verifyJwt(forged[i], key, opts)]));
          tokens.forEach((_, i) => {
            const [good, bad] = [settled[2 * i], settled[2 * i + 1]];
            if (i % 4 === 3) equal(good.reason?.code, "ERR_JWT_EXPIRED", `token ${i} is expired`);
            else equal(good.value?.payload.sub, `u${i}`, `token ${i} verifies with its own claims`);
            equal(bad.reason?.code, "ERR_JWS_SIGNATURE_INVALID", `forged token ${i}`);
          });
        }
      }
    });
  }

  add("non-ASCII text crosses into wasm intact; lone surrogates are refused", async () => {
    // Strings reach wasm through TextEncoder.encodeInto (scripts/patch-glue.mjs):
    // the ASCII prefix first, then the rest; put the first non-ASCII
    // character at the start, in the middle and at the end.
    const { privateJwk, publicJwk } = await josePair(jose, "ES256");
    for (const name of ["éa", "Zoë Ångström", "名前", "x".repeat(300) + "😀", "😀" + "y".repeat(40) + "\u{10FFFF}", "end é"]) {
      const token = await ea.signJwt({ sub: name, exp: NOW + 60 }, privateJwk, { alg: "ES256", kid: privateJwk.kid });
      equal((await ea.verifyJwt(token, publicJwk, { currentDate: at(NOW) })).payload.sub, name, JSON.stringify(name));
      equal((await jose.jwtVerify(token, await jose.importJWK(publicJwk, "ES256"), { currentDate: at(NOW) })).payload.sub, name);
      equal(ea.decodeJwt(token).sub, name);
    }
    // JSON.stringify escapes a lone surrogate as \ud800, which UTF-8 cannot carry (RFC 8725 §3.7).
    await rejects(() => ea.signJwt({ sub: "a\ud800b" }, privateJwk, { alg: "ES256" }), "ERR_CONFIG", "a lone surrogate in the payload");
  });

  add("HMAC keys as raw bytes", async () => {
    const secret = new TextEncoder().encode("a-secret-of-at-least-32-bytes-long!!");
    const token = await ea.signJwt({ sub: "raw" }, secret, { alg: "HS256" });
    equal((await ea.verifyJwt(token, secret)).payload.sub, "raw");
    equal((await jose.jwtVerify(token, secret)).payload.sub, "raw");
    await rejects(() => ea.signJwt({}, new TextEncoder().encode("short"), { alg: "HS256" }), "ERR_JOSE_ALG_NOT_ALLOWED", "short HMAC secret");
  });

  add("RFC 7515 A.1-A.3 and the non-JWT RFC 8037 / 7520 vectors", async () => {
    for (const v of vectors.vectors) {
      if (v.jwt) {
        const { payload } = await ea.verifyJwt(v.token, v.key, { currentDate: at(vectors.now) });
        equal(payload.iss, "joe", v.section);
        equal(payload["http://example.com/is_root"], true, v.section);
        await rejects(() => ea.verifyJwt(v.token, v.key, { currentDate: at(1300819380 + 31) }), "ERR_JWT_EXPIRED", v.section);
      } else {
        // The signature verifies, but the payload is text, not a JWT claims set.
        await rejects(() => ea.verifyJwt(v.token, v.key), "ERR_JWS_INVALID", v.section);
        await rejects(() => ea.verifyJwt(tamper(v.token, 2), v.key), "ERR_JWS_SIGNATURE_INVALID", v.section);
      }
    }
  });

  add("RFC 8037 A.3 thumbprint of the A.1 key", async () => {
    const v = vectors.vectors.find((x) => x.section === "RFC 8037 A.4");
    equal(ea.jwkThumbprint(v.key), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "RFC 8037 A.3 thumbprint");
  });

  add("negative table: every bad token gets its code", async () => {
    const { privateJwk, publicJwk } = await josePair(jose, "ES256");
    const hs = await josePair(jose, "HS256");
    const good = { sub: "u", iss: "https://i", aud: "api", exp: NOW + 60, nbf: NOW - 10, iat: NOW - 10, nonce: "n1" };
    const sign = (p, h) => joseSign(jose, "ES256", privateJwk, p, h, { crit: { "urn:x": true } });
    const base = { issuer: "https://i", audience: "api", currentDate: at(NOW) };
    const valid = await sign(good);
    const parts = valid.split(".");
    const rows = [
      ["two segments", parts.slice(0, 2).join("."), "ERR_JWS_INVALID"],
      ["four segments", `${valid}.x`, "ERR_JWS_INVALID"],
      ["header not base64url", `*${parts[0]}.${parts[1]}.${parts[2]}`, "ERR_JWS_INVALID"],
      ["header not JSON", `${b64("{alg")}.${parts[1]}.${parts[2]}`, "ERR_JWS_INVALID"],
      ["payload not base64url", `${parts[0]}.${parts[1]}!.${parts[2]}`, "ERR_JWS_INVALID"],
      ["signature not base64url", `${parts[0]}.${parts[1]}.${parts[2]}=`, "ERR_JWS_INVALID"],
      ["tampered payload", tamper(valid, 1), "ERR_JWS_SIGNATURE_INVALID"],
      ["tampered signature", tamper(valid, 2), "ERR_JWS_SIGNATURE_INVALID"],
      ["expired", await sign({ ...good, exp: NOW - 31 }), "ERR_JWT_EXPIRED"],
      ["not yet valid", await sign({ ...good, nbf: NOW + 31 }), "ERR_JWT_NOT_YET_VALID"],
      ["wrong iss", await sign({ ...good, iss: "https://evil" }), "ERR_JWT_CLAIM_INVALID"],
      ["wrong aud", await sign({ ...good, aud: ["web"] }), "ERR_JWT_CLAIM_INVALID"],
      ["missing aud", await sign({ ...good, aud: undefined }), "ERR_JWT_CLAIM_INVALID"],
      ["alg none", `${b64('{"alg":"none"}')}.${parts[1]}.`, "ERR_JOSE_ALG_NOT_ALLOWED"],
      ["unknown crit", await sign(good, { crit: ["urn:x"], "urn:x": 1 }), "ERR_JOSE_NOT_SUPPORTED"],
      ["oversized", await sign({ ...good, pad: "x".repeat(17000) }), "ERR_JWS_INVALID"],
      ["HS256 against an EC key (alg confusion)", await joseSign(jose, "HS256", hs.privateJwk, good), "ERR_JOSE_ALG_NOT_ALLOWED"],
    ];
    for (const [name, token, code] of rows) {
      await rejects(() => ea.verifyJwt(token, publicJwk, base), code, name);
    }
    const claim = await rejects(() => ea.verifyJwt(rows[10][1], publicJwk, base), "ERR_JWT_CLAIM_INVALID");
    equal(claim.claim, "iss");
    ok(claim instanceof ea.JwtClaimInvalidError && claim instanceof ea.EdgeAuthError, "class hierarchy");
    equal((await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, typ: "at+jwt" }), "ERR_JWT_CLAIM_INVALID")).claim, "typ");
    equal((await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, nonce: "n2" }), "ERR_JWT_CLAIM_INVALID")).claim, "nonce");
    equal((await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, subject: "v" }), "ERR_JWT_CLAIM_INVALID")).claim, "sub");
    equal((await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, requiredClaims: ["jti"] }), "ERR_JWT_CLAIM_INVALID")).claim, "jti");
    await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, algorithms: ["RS256"] }), "ERR_JOSE_ALG_NOT_ALLOWED", "outside the allow-list");
    await rejects(() => ea.verifyJwt(valid, { keys: [{ ...publicJwk, kid: "nope" }] }, base), "ERR_JWKS_NO_MATCHING_KEY", "unknown kid");
    await rejects(() => ea.verifyJwt(valid, { ...publicJwk, alg: "HS256" }, base), "ERR_JOSE_ALG_NOT_ALLOWED", "key alg differs");
    await rejects(() => ea.verifyJwt(valid, { kty: "EC", crv: "P-256", x: "AAAA" }, base), "ERR_JWK_INVALID", "broken key");
    await rejects(() => ea.verifyJwt(42, publicJwk, base), "ERR_CONFIG", "token not a string");
    await rejects(() => ea.verifyJwt(valid, null, base), "ERR_CONFIG", "no key");
    await rejects(() => ea.verifyJwt(valid, publicJwk, { ...base, maxTokenAge: "soon" }), "ERR_CONFIG", "bad option");
    await rejects(() => ea.verifyJwt("x".repeat(10_000_000), publicJwk), "ERR_JWS_INVALID", "10 MB token");
    equal((await ea.verifyJwt(valid, publicJwk, { ...base, nonce: "n1", maxTokenAge: "1 min", typ: undefined })).payload.nonce, "n1");
  });

  add("decodeJwt, decodeProtectedHeader, jwkThumbprint (RFC 7638 §3.1), PKCE (RFC 7636 App. B)", async () => {
    const token = `${b64('{"alg":"none","kid":"k"}')}.${b64('{"sub":"s"}')}.`;
    deepEqual(ea.decodeProtectedHeader(token), { alg: "none", kid: "k" });
    deepEqual(ea.decodeJwt(token), { sub: "s" });
    await rejects(() => ea.decodeJwt("a.b"), "ERR_JWS_INVALID");
    await rejects(() => ea.decodeJwt(`${b64("[]")}.${b64("{}")}.`), "ERR_JWS_INVALID");
    const rsa = vectors.rfc7638;
    equal(ea.jwkThumbprint(rsa), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    await rejects(async () => ea.jwkThumbprint({ keys: [] }), "ERR_CONFIG");
    equal(ea.pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    await rejects(async () => ea.pkceChallenge("short"), "ERR_CONFIG");
    const a = ea.createPkce();
    const b = ea.createPkce();
    ok(a.codeVerifier !== b.codeVerifier && a.codeVerifier.length === 43, "fresh verifiers");
    equal(ea.pkceChallenge(a.codeVerifier), a.codeChallenge);
    equal(a.codeChallengeMethod, "S256");
    ok(/^[A-Za-z0-9_-]{43}$/.test(ea.randomSecret()), "randomSecret is 256 bits base64url");
  });

  add("generateKeyPair gives kid = thumbprint and usable keys", async () => {
    for (const alg of ["EdDSA", "ES256", "ES384", "RS256", "PS256"]) {
      const { privateJwk, publicJwk } = await ea.generateKeyPair(alg);
      equal(publicJwk.kid, ea.jwkThumbprint(publicJwk), alg);
      ok(publicJwk.d === undefined && privateJwk.d !== undefined, `${alg}: only the private JWK has d`);
      const token = await ea.signJwt({ sub: alg }, privateJwk, { alg });
      equal((await jose.jwtVerify(token, await jose.importJWK(publicJwk, alg))).payload.sub, alg);
    }
    await rejects(() => ea.generateKeyPair("ES512"), "ERR_CONFIG");
  });

  add("remote JWKS: one fetch, refetch on an unknown kid, cooldown, export/import", async () => {
    const first = await josePair(jose, "ES256");
    const second = await josePair(jose, "EdDSA");
    let served = { keys: [first.publicJwk] };
    let fetches = 0;
    const fetch = async (url, init) => {
      fetches += 1;
      equal(init.redirect, "manual");
      return new Response(JSON.stringify(served), { headers: { "content-type": "application/json" } });
    };
    const jwks = ea.createRemoteJwks("https://issuer.test/jwks", { fetch, cooldownSeconds: 30 });
    const t1 = await joseSign(jose, "ES256", first.privateJwk, { sub: "1" });
    const t2 = await joseSign(jose, "EdDSA", second.privateJwk, { sub: "2" });
    await Promise.all([ea.verifyJwt(t1, jwks), ea.verifyJwt(t1, jwks), ea.verifyJwt(t1, jwks)]);
    ok(fetches >= 1 && fetches <= 3, `concurrent first use fetched ${fetches} times`);
    const before = fetches;
    equal((await ea.verifyJwt(t1, jwks)).payload.sub, "1");
    equal(fetches, before, "cached");
    served = { keys: [first.publicJwk, second.publicJwk] };
    await rejects(() => ea.verifyJwt(t2, jwks), "ERR_JWKS_NO_MATCHING_KEY", "within the cooldown there is no refetch");
    equal(fetches, before, "no refetch within the cooldown");
    const state = jwks.export();
    const later = ea.RemoteJwks.import({ ...state, fetchedAt: state.fetchedAt - 60 }, { fetch, cooldownSeconds: 30 });
    equal((await ea.verifyJwt(t2, later)).payload.sub, "2", "rotation picked up by one refetch");
    equal(fetches, before + 1);
    await rejects(() => ea.verifyJwt(`${t2.split(".")[0].replace(/.$/, "")}.e30.AA`, later), "ERR_JWS_INVALID");
    await rejects(async () => ea.createRemoteJwks("http://example.com/jwks"), "ERR_CONFIG", "plain http off loopback");
    await rejects(async () => ea.RemoteJwks.import({ url: 5 }), "ERR_CONFIG");
  });

  add("remote JWKS: upstream failures map to HttpError, JwkInvalidError, NetworkError, TimeoutError", async () => {
    const token = await joseSign(jose, "HS256", (await josePair(jose, "HS256")).privateJwk, {});
    const answer = (status, body) => async () => new Response(body, { status });
    const e500 = await rejects(() => ea.verifyJwt(token, ea.createRemoteJwks("https://i.test/j", { fetch: answer(503, "busy") })), "ERR_HTTP");
    ok(e500.retriable && e500.status === 503 && e500.body === "busy", "503 is retriable and keeps status and body");
    const e404 = await rejects(() => ea.verifyJwt(token, ea.createRemoteJwks("https://i.test/j", { fetch: answer(404, "") })), "ERR_HTTP");
    ok(!e404.retriable, "404 is not retriable");
    await rejects(() => ea.verifyJwt(token, ea.createRemoteJwks("https://i.test/j", { fetch: answer(200, "<html>") })), "ERR_JWK_INVALID");
    const down = async () => {
      throw new TypeError("fetch failed");
    };
    ok((await rejects(() => ea.verifyJwt(token, ea.createRemoteJwks("https://i.test/j", { fetch: down })), "ERR_NETWORK")).retriable);
    const hang = (url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
    await rejects(() => ea.verifyJwt(token, ea.createRemoteJwks("https://i.test/j", { fetch: hang, timeoutMs: 50 })), "ERR_TIMEOUT");
  });

  return cases;
}
