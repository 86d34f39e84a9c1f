// The lean entries (edgeauth/edge, edgeauth/login) compute no Ed25519 in
// wasm: on a runtime whose WebCrypto lacks it, EdDSA is refused with a
// NotSupportedError naming the full entry, never a raw DOMException, while
// the full entry in the same process verifies in wasm and the other
// algorithms keep working. This process removes Ed25519 from crypto.subtle
// before edgeauth first probes it (as ed25519-fallback.test.mjs does for the
// full entry alone).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";

const subtle = globalThis.crypto.subtle;
const { importKey } = subtle;
subtle.importKey = function (format, key, algorithm, ...rest) {
  const name = typeof algorithm === "string" ? algorithm : algorithm?.name;
  if (name === "Ed25519") return Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError"));
  return importKey.call(subtle, format, key, algorithm, ...rest);
};

const full = await import("edgeauth");
const lean = { "edgeauth/edge": await import("edgeauth/edge"), "edgeauth/login": await import("edgeauth/login") };

const ed = await jose.generateKeyPair("EdDSA", { extractable: true, crv: "Ed25519" });
const edPublic = await jose.exportJWK(ed.publicKey);
const edPrivate = await jose.exportJWK(ed.privateKey);
const edToken = await new jose.SignJWT({ sub: "ed" }).setProtectedHeader({ alg: "EdDSA" }).sign(ed.privateKey);
const es = await jose.generateKeyPair("ES256", { extractable: true });
const esToken = await new jose.SignJWT({ sub: "es" }).setProtectedHeader({ alg: "ES256" }).sign(es.privateKey);
const esPublic = await jose.exportJWK(es.publicKey);

/** A NotSupportedError of `ea` that points at the full entry. */
function refusal(ea) {
  return (e) => {
    assert.ok(e instanceof ea.NotSupportedError && e instanceof full.NotSupportedError, `not a NotSupportedError: ${e?.name}: ${e?.message}`);
    assert.equal(e.code, "ERR_JOSE_NOT_SUPPORTED");
    assert.match(e.message, /full entry "edgeauth"/);
    return true;
  };
}

for (const [entry, ea] of Object.entries(lean)) {
  test(`${entry} without host Ed25519: EdDSA verification is refused, naming the full entry`, async () => {
    await assert.rejects(ea.verifyJwt(edToken, edPublic), refusal(ea));
    await assert.rejects(ea.verifyJwt(edToken, { keys: [edPublic] }, { algorithms: ["EdDSA"] }), refusal(ea));
    assert.equal((await ea.verifyJwt(esToken, esPublic)).payload.sub, "es", "ES256 still verifies in WebCrypto");
  });
}

test("edgeauth/edge without host Ed25519: EdDSA signing and key generation are refused, naming the full entry", async () => {
  const ea = lean["edgeauth/edge"];
  await assert.rejects(ea.signJwt({ sub: "x" }, edPrivate, { alg: "EdDSA" }), refusal(ea));
  await assert.rejects(ea.generateKeyPair("EdDSA"), refusal(ea));
  const pair = await ea.generateKeyPair("ES256");
  assert.equal((await ea.verifyJwt(await ea.signJwt({ sub: "own" }, pair.privateJwk, { alg: "ES256" }), pair.publicJwk)).payload.sub, "own");
});

test("the full entry in the same process verifies and signs EdDSA in wasm", async () => {
  assert.equal((await full.verifyJwt(edToken, edPublic)).payload.sub, "ed");
  const pair = await full.generateKeyPair("EdDSA");
  assert.equal((await full.verifyJwt(await full.signJwt({ sub: "own" }, pair.privateJwk, { alg: "EdDSA" }), pair.publicJwk)).payload.sub, "own");
});
