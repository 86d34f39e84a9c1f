// The runtime-matrix conformance script: the same assertions in Node 20 and
// 22 (ESM and CJS), Deno, Bun, workerd and Chromium, and in the esbuild
// bundles. It runs inside a throwaway project that installed the packed
// tarball (test-output/matrix/<runtime>/, laid out like this repo's tests/),
// and is called from a request handler where the runtime has handlers
// (workerd allows randomness only there).
//
// Every runner loads all three entries (edgeauth, edgeauth/edge,
// edgeauth/login: three wasm modules in one program) and runs this script
// once per entry: `ea` is that entry as the runtime loaded it, `entries` all
// three, `jose` the reference implementation from npm, `fixtures` what
// tests/matrix/run.mjs wrote: { jwksUrl, remotePrivateJwk } for the loopback
// JWKS server.

import { deepEqual, equal, ok, rejects } from "../js/suites/check.mjs";

const ALGS = ["HS256", "EdDSA", "ES256", "RS256"];
const ISSUER = "https://issuer.test";

/** jose's generateKeyPair, with the retry lib/jose.js makes for WebKitGTK's sporadic Ed25519 OperationError. */
async function joseGenerate(jose, alg) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await jose.generateKeyPair(alg, { extractable: true, crv: alg === "EdDSA" ? "Ed25519" : undefined });
    } catch (e) {
      if (alg !== "EdDSA" || attempt >= 4 || e?.name !== "OperationError") throw e;
    }
  }
}

async function josePair(jose, alg) {
  const kid = `k-${alg}`;
  if (alg === "HS256") {
    const jwk = { kty: "oct", k: jose.base64url.encode(crypto.getRandomValues(new Uint8Array(32))), kid };
    return { privateJwk: jwk, publicJwk: jwk };
  }
  const { privateKey, publicKey } = await joseGenerate(jose, alg);
  return { privateJwk: { ...(await jose.exportJWK(privateKey)), kid }, publicJwk: { ...(await jose.exportJWK(publicKey)), kid } };
}

async function joseSign(jose, alg, privateJwk, payload) {
  const key = await jose.importJWK(privateJwk, alg);
  return new jose.SignJWT(payload).setProtectedHeader({ alg, kid: privateJwk.kid }).setIssuedAt().setExpirationTime("5m").sign(key);
}

/** Flip one character in the middle of the signature segment. */
function tamper(token) {
  const [h, p, s] = token.split(".");
  const i = Math.floor(s.length / 2);
  return `${h}.${p}.${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
}

/**
 * Counts the Ed25519 operations that reach the host's WebCrypto, and with
 * `hide: true` makes the host look like one without Ed25519 for verification
 * (importKey for "verify" and verify itself refuse it, as an older runtime
 * would). Runs before edgeauth first verifies an EdDSA token in this module
 * instance: the package probes the host once, lazily. Signing imports stay
 * allowed so jose can still sign.
 */
function watchHostEd25519({ hide = false } = {}) {
  const subtle = globalThis.crypto.subtle;
  const { importKey, verify } = subtle;
  const seen = { verifies: 0 };
  const isEd = (algorithm) => (typeof algorithm === "string" ? algorithm : algorithm?.name) === "Ed25519";
  const refuse = () => Promise.reject(new DOMException("Unrecognized algorithm name", "NotSupportedError"));
  subtle.importKey = function (format, key, algorithm, extractable, usages) {
    if (hide && isEd(algorithm) && usages.includes("verify")) return refuse();
    return importKey.call(subtle, format, key, algorithm, extractable, usages);
  };
  subtle.verify = function (algorithm, ...rest) {
    if (isEd(algorithm)) {
      if (hide) return refuse();
      seen.verifies += 1;
    }
    return verify.call(subtle, algorithm, ...rest);
  };
  ok(subtle.verify !== verify, "crypto.subtle could not be instrumented in this runtime");
  return seen;
}

/** Whether this runtime's WebCrypto can import an Ed25519 verification key. */
async function hostHasEd25519() {
  try {
    await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, { name: "Ed25519" }, false, ["verify"]);
    return true;
  } catch {
    return false;
  }
}

/** The exports each entry must have here (every entry has verifyJwt, PKCE, remote JWKS, the errors). */
const EXPECTED = {
  edgeauth: ["signJwt", "generateKeyPair", "Authenticator", "OAuthClient", "hashPassword", "DelegationServer"],
  "edgeauth/edge": ["signJwt", "generateKeyPair", "Authenticator", "TokenIssuer"],
  "edgeauth/login": ["OAuthClient", "Session"],
};

function cases(ea, jose, fixtures, seen, { entry, entries, host }) {
  const list = [];
  const add = (name, run) => list.push({ name, run });

  add("import and instantiate: exports present, wasm answers", async () => {
    for (const name of ["verifyJwt", "decodeJwt", "createRemoteJwks", "createPkce", "pkceChallenge", "EdgeAuthError", "JwsSignatureInvalidError", ...EXPECTED[entry]]) {
      equal(typeof ea[name], "function", `export ${name}:`);
    }
    // RFC 7636 Appendix B, computed by the wasm core.
    equal(ea.pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  add("errors of this entry's wasm module are the errors of every entry loaded beside it", async () => {
    const error = await ea.verifyJwt("not-a-token", { kty: "oct", k: "AAAA" }).then(() => undefined, (e) => e);
    equal(error?.code, "ERR_JWS_INVALID");
    for (const [name, other] of Object.entries(entries)) {
      ok(error instanceof other.JwsInvalidError && error instanceof other.EdgeAuthError && !(error instanceof other.JwsSignatureInvalidError), `not a JwsInvalidError of ${name}`);
      ok(new other.ConfigError("x") instanceof ea.ConfigError, `${name}'s ConfigError is not this entry's`);
    }
  });

  // A lean entry on a host without Ed25519 refuses EdDSA (the fallback mode checks how).
  for (const alg of ALGS.filter((a) => a !== "EdDSA" || host || entry === "edgeauth")) {
    add(`verifyJwt ${alg}: jose signs, edgeauth verifies; a tampered token is rejected with its code`, async () => {
      const { privateJwk, publicJwk } = await josePair(jose, alg);
      const token = await joseSign(jose, alg, privateJwk, { sub: `u-${alg}`, iss: ISSUER, aud: "api" });
      const options = { issuer: ISSUER, audience: "api", algorithms: [alg] };
      const { payload, protectedHeader } = await ea.verifyJwt(token, { keys: [publicJwk] }, options);
      equal(payload.sub, `u-${alg}`);
      equal(protectedHeader.alg, alg);
      const error = await rejects(() => ea.verifyJwt(tamper(token), publicJwk, options), "ERR_JWS_SIGNATURE_INVALID", "tampered:");
      ok(error instanceof ea.JwsSignatureInvalidError && error instanceof ea.EdgeAuthError && error instanceof Error, "the error is a JwsSignatureInvalidError");
      equal(error.retriable, false);
      await rejects(() => ea.verifyJwt(token, publicJwk, { ...options, audience: "other" }), "ERR_JWT_CLAIM_INVALID", "audience:");
    });

    if (ea.signJwt) add(`signJwt ${alg}: edgeauth signs, jose verifies`, async () => {
      const { privateJwk, publicJwk } = await josePair(jose, alg);
      const token = await ea.signJwt({ sub: "signed", n: 1 }, privateJwk, { alg, kid: privateJwk.kid, typ: "JWT" });
      const { payload, protectedHeader } = await jose.jwtVerify(token, await jose.importJWK(publicJwk, alg));
      deepEqual(payload, { sub: "signed", n: 1 });
      deepEqual(protectedHeader, { alg, kid: privateJwk.kid, typ: "JWT" });
    });
  }

  if (host || entry === "edgeauth") add("EdDSA goes to the host's WebCrypto exactly when the host has Ed25519", async () => {
    const host = await hostHasEd25519();
    const before = seen.verifies;
    const { privateJwk, publicJwk } = await josePair(jose, "EdDSA");
    await ea.verifyJwt(await joseSign(jose, "EdDSA", privateJwk, { sub: "probe" }), publicJwk);
    equal(seen.verifies - before > 0, host, "host Ed25519 verify used:");
  });

  add("createPkce inside the handler: S256 of a fresh 43-character verifier", async () => {
    const a = ea.createPkce();
    const b = ea.createPkce();
    ok(/^[A-Za-z0-9_-]{43}$/.test(a.codeVerifier), `verifier ${a.codeVerifier}`);
    ok(a.codeVerifier !== b.codeVerifier, "two verifiers differ");
    equal(a.codeChallengeMethod, "S256");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(a.codeVerifier)));
    equal(a.codeChallenge, jose.base64url.encode(digest), "challenge = BASE64URL(SHA-256(verifier)):");
  });

  // The client half (generateDpopKey: login, full) and the server half
  // (verifyDpopProof: edge, full) of DPoP: this entry's, else a loaded entry's.
  const holder = (name) => (ea[name] ? ea : Object.values(entries).find((e) => e[name]));
  add("DPoP: a non-extractable key signs proofs that jose and verifyDpopProof accept (ES256; EdDSA where the host has Ed25519)", async () => {
    const [client, server] = [holder("generateDpopKey"), holder("verifyDpopProof")];
    ok(client === ea || server === ea, "this entry has a DPoP half");
    const algs = (await hostHasEd25519()) ? ["ES256", "EdDSA"] : ["ES256"];
    for (const alg of algs) {
      const key = await client.generateDpopKey(alg);
      equal(key.keyPair.privateKey.extractable, false, `${alg}: extractable:`);
      const proof = await client.createDpopProof(key, { method: "GET", url: "https://api.test/me?x=1", accessToken: "at" });
      const { protectedHeader, payload } = await jose.jwtVerify(proof, jose.EmbeddedJWK, { typ: "dpop+jwt" });
      equal(await jose.calculateJwkThumbprint(protectedHeader.jwk), key.jkt, `${alg}: jkt:`);
      equal(payload.htu, "https://api.test/me");
      const checked = await server.verifyDpopProof(proof, { method: "GET", url: "https://api.test/me", accessToken: "at", jkt: key.jkt, replayStore: null });
      equal(checked.jti, payload.jti);
      await rejects(() => server.verifyDpopProof(proof, { method: "POST", url: "https://api.test/me", accessToken: "at", replayStore: null }), "ERR_DPOP_PROOF_INVALID", `${alg}: htm:`);
    }
  });

  add("remote JWKS through an injected fetch, from the loopback server", async () => {
    const calls = [];
    const fetch = (url, init) => {
      calls.push(String(url));
      return globalThis.fetch(url, init);
    };
    const jwks = ea.createRemoteJwks(fixtures.jwksUrl, { fetch });
    const token = await joseSign(jose, "ES256", fixtures.remotePrivateJwk, { sub: "remote", iss: ISSUER });
    equal((await ea.verifyJwt(token, jwks, { issuer: ISSUER })).payload.sub, "remote");
    equal((await ea.verifyJwt(token, jwks, { issuer: ISSUER })).payload.sub, "remote");
    deepEqual(calls, [fixtures.jwksUrl], "one fetch, through the injected function:");
    await rejects(() => ea.verifyJwt(tamper(token), jwks), "ERR_JWS_SIGNATURE_INVALID", "tampered:");
    await rejects(() => Promise.resolve().then(() => ea.createRemoteJwks("http://example.com/jwks", { fetch })), "ERR_CONFIG", "plain http off loopback:");
  });

  return list;
}

/**
 * With the host's Ed25519 hidden: the full entry falls back to its wasm
 * Ed25519; the lean entries have none and refuse EdDSA with a
 * NotSupportedError that names the full entry.
 */
function fallbackCases(ea, jose, { entry }) {
  if (entry !== "edgeauth") {
    return [
      {
        name: "EdDSA without host Ed25519: refused with NotSupportedError (no Ed25519 in this module)",
        async run() {
          equal(await hostHasEd25519(), false, "the host Ed25519 is hidden:");
          const { privateJwk, publicJwk } = await josePair(jose, "EdDSA");
          const token = await joseSign(jose, "EdDSA", privateJwk, { sub: "fallback" });
          const error = await rejects(() => ea.verifyJwt(token, publicJwk), "ERR_JOSE_NOT_SUPPORTED", "verify:");
          ok(error instanceof ea.NotSupportedError && /full entry "edgeauth"/.test(error.message), `the refusal: ${error.message}`);
          if (ea.generateKeyPair) await rejects(() => ea.generateKeyPair("EdDSA"), "ERR_JOSE_NOT_SUPPORTED", "generateKeyPair:");
          if (ea.signJwt) await rejects(() => ea.signJwt({ sub: "x" }, privateJwk, { alg: "EdDSA" }), "ERR_JOSE_NOT_SUPPORTED", "signJwt:");
        },
      },
    ];
  }
  return [
    {
      name: "EdDSA without host Ed25519: the wasm implementation verifies and signs",
      async run() {
        equal(await hostHasEd25519(), false, "the host Ed25519 is hidden:");
        const { privateJwk, publicJwk } = await josePair(jose, "EdDSA");
        const token = await joseSign(jose, "EdDSA", privateJwk, { sub: "fallback" });
        equal((await ea.verifyJwt(token, publicJwk)).payload.sub, "fallback");
        await rejects(() => ea.verifyJwt(tamper(token), publicJwk), "ERR_JWS_SIGNATURE_INVALID", "tampered:");
        const own = await ea.generateKeyPair("EdDSA");
        const signed = await ea.signJwt({ sub: "own" }, own.privateJwk, { alg: "EdDSA" });
        equal((await ea.verifyJwt(signed, own.publicJwk)).payload.sub, "own");
      },
    },
  ];
}

/**
 * Runs the cases for one entry and returns a report: { entry, mode, cases:
 * [{ name, ok, error? }], ed25519: "host" | "wasm" }, where ed25519 is what
 * this runtime offers. `mode` "fallback" hides the host's Ed25519 and runs
 * the fallback case instead; it needs a fresh instance of the package (a new
 * process, page or Worker).
 */
async function conformanceOf(entry, entries, jose, fixtures, mode) {
  const ea = entries[entry];
  const host = await hostHasEd25519();
  const seen = watchHostEd25519({ hide: mode === "fallback" });
  const list = mode === "fallback" ? fallbackCases(ea, jose, { entry }) : cases(ea, jose, fixtures, seen, { entry, entries, host });
  const results = [];
  for (const c of list) {
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: `${e?.name}: ${e?.message}` });
    }
  }
  return { entry, mode, ed25519: host ? "host" : "wasm", cases: results };
}

/** The reports of every entry in `entries` ({ edgeauth, "edgeauth/edge", "edgeauth/login" } as loaded), one after the other. */
export async function conformance(entries, jose, fixtures, { mode = "main" } = {}) {
  const reports = [];
  for (const entry of Object.keys(EXPECTED)) reports.push(await conformanceOf(entry, entries, jose, fixtures, mode));
  return reports;
}
