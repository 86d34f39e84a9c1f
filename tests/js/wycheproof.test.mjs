// Wycheproof vectors through the package's host crypto path in Node: the
// key is parsed by the core (wasm `Keys`, as verifyJwt does), its public JWK
// comes from the core, and `hostVerify` from lib/webcrypto.js (bundled
// against the installed package's full module) maps the algorithm to WebCrypto parameters, imports the key and verifies —
// exactly what verifyJwt runs for RS*/PS*/ES* (and EdDSA where the host has
// Ed25519). The same files run through the core natively in tests/wycheproof.rs;
// HMAC runs only in the core (wasm), so it is covered there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import "edgeauth"; // instantiates the full wasm module, which lib/webcrypto.js below shares
import { libModule } from "./harness/lib-module.mjs";

const pkg = new URL("../../node_modules/edgeauth/", import.meta.url);
const { hostVerify, CryptoKeyCache } = await libModule("webcrypto.js");
const wasm = await import(new URL("wasm/edgeauth.js", pkg));

const FILES = [
  "ed25519",
  "ecdsa_secp256r1_sha256_p1363",
  "ecdsa_secp384r1_sha384_p1363",
  "rsa_signature_2048_sha256",
  "rsa_signature_2048_sha384",
  "rsa_signature_2048_sha512",
  "rsa_pss_2048_sha256_mgf1_32",
  "rsa_pss_2048_sha384_mgf1_48",
  "rsa_pss_4096_sha512_mgf1_64",
];

const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

/** Whether the package's host path accepts `sig` over `msg`; any refusal (key or signature) is false. */
async function hostAccepts(alg, keys, msg, sig) {
  if (keys === null) return false;
  const check = { alg, signature: hex(sig), input: hex(msg), candidates: [0] };
  try {
    return await hostVerify(check, new CryptoKeyCache(), (i) => keys.publicJwk(i));
  } catch {
    return false; // importKey refused the key
  }
}

for (const file of FILES) {
  test(`wycheproof ${file} through WebCrypto (hostVerify)`, async () => {
    const data = JSON.parse(readFileSync(new URL(`../vectors/wycheproof/${file}.json`, import.meta.url), "utf8"));
    const tally = { valid: 0, invalid: 0, acceptable: 0 };
    for (const group of data.testGroups) {
      let keys = null;
      try {
        keys = new wasm.Keys(JSON.stringify(group.jwk));
      } catch (e) {
        assert.ok(e.code, `the core refuses a key with a code, not ${e}`);
      }
      for (const t of group.tests) {
        const accepted = await hostAccepts(data.alg, keys, t.msg, t.sig);
        if (t.result === "valid") assert.ok(accepted, `${file} tcId ${t.tcId}: a valid vector was refused`);
        if (t.result === "invalid") assert.ok(!accepted, `${file} tcId ${t.tcId}: an invalid vector verified (${t.flags})`);
        tally[t.result] += 1;
      }
    }
    assert.equal(tally.valid + tally.invalid + tally.acceptable, data.numberOfTests);
    assert.ok(tally.valid > 0 && tally.invalid > 0);
  });
}
