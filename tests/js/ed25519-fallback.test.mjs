// A runtime whose WebCrypto lacks Ed25519 (older Node, Safari < 17, some
// embedded hosts): the package must fall back to its wasm Ed25519. This
// process removes Ed25519 from crypto.subtle before edgeauth first probes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as jose from "jose";

const subtle = globalThis.crypto.subtle;
const { importKey, verify } = subtle;
let hostEd25519Verifies = 0;
subtle.importKey = function (format, key, algorithm, ...rest) {
  const name = typeof algorithm === "string" ? algorithm : algorithm?.name;
  if (name === "Ed25519") return Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError"));
  return importKey.call(subtle, format, key, algorithm, ...rest);
};
subtle.verify = function (algorithm, ...rest) {
  if ((algorithm?.name ?? algorithm) === "Ed25519") hostEd25519Verifies += 1;
  return verify.call(subtle, algorithm, ...rest);
};

const { verifyJwt, generateKeyPair, signJwt } = await import("edgeauth");

test("EdDSA verifies in wasm when the host has no Ed25519", async () => {
  const { privateKey, publicKey } = await jose.generateKeyPair("EdDSA", { extractable: true, crv: "Ed25519" });
  // jose keeps its own reference to the original importKey only for its own keys.
  const publicJwk = await jose.exportJWK(publicKey);
  const token = await new jose.SignJWT({ sub: "fallback" }).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey);
  assert.equal((await verifyJwt(token, publicJwk)).payload.sub, "fallback");
  const tampered = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
  await assert.rejects(verifyJwt(tampered, publicJwk), { code: "ERR_JWS_SIGNATURE_INVALID" });
  const pair = await generateKeyPair("EdDSA");
  assert.equal((await verifyJwt(await signJwt({ sub: "own" }, pair.privateJwk, { alg: "EdDSA" }), pair.publicJwk)).payload.sub, "own");
  assert.equal(hostEd25519Verifies, 0, "no Ed25519 verification reached the host");
});
