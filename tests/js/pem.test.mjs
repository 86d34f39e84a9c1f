// PEM keys in Node: the shared suite (tests/js/suites/pem.mjs) through the
// full and edge entries, then what only Node has here: keys made by
// node:crypto (every form it writes, including the refused ones),
// certificates made fresh by the openssl CLI, and OAuthClient's
// private_key_jwt with a PEM key against oidc-provider on 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jose from "jose";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import { pemCases } from "./suites/pem.mjs";
import { startProvider, REDIRECT_URI } from "../provider/provider.mjs";

for (const { name, run } of pemCases(full, jose)) test(`full: ${name}`, run);
for (const { name, run } of pemCases(edge, jose)) test(`edge: ${name}`, run);

const NODE_KEYS = {
  RS256: () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
  PS384: () => generateKeyPairSync("rsa", { modulusLength: 3072 }),
  ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256" }),
  ES384: () => generateKeyPairSync("ec", { namedCurve: "P-384" }),
  EdDSA: () => generateKeyPairSync("ed25519"),
};

test("node:crypto keys: PKCS#8 and SPKI PEM round trip, and the JWK equals node's own", async () => {
  for (const [alg, make] of Object.entries(NODE_KEYS)) {
    const { privateKey, publicKey } = make();
    const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" });
    const spki = publicKey.export({ type: "spki", format: "pem" });
    const privateJwk = await full.importPkcs8(pkcs8, alg);
    assert.deepEqual(privateJwk, { ...privateKey.export({ format: "jwk" }), alg }, alg);
    assert.deepEqual(await full.importSpki(spki, alg), { ...publicKey.export({ format: "jwk" }), alg }, alg);
    const token = await full.signJwt({ sub: alg }, pkcs8, { alg });
    assert.equal((await edge.verifyJwt(token, spki, { algorithms: [alg] })).payload.sub, alg);
    assert.equal((await jose.jwtVerify(token, await jose.importSPKI(spki, alg))).payload.sub, alg, `${alg}: jose`);
  }
});

test("node:crypto keys: encrypted PKCS#8, PKCS#1 and SEC1 are refused with the openssl command; RSA 1024 is too small", async () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const encrypted = ec.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" });
  assert.match(encrypted, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  for (const [pem, alg, command] of [
    [encrypted, "ES256", "openssl pkey"],
    [rsa.privateKey.export({ type: "pkcs1", format: "pem" }), "RS256", "openssl pkey"],
    [ec.privateKey.export({ type: "sec1", format: "pem" }), "ES256", "openssl pkey"],
    [rsa.publicKey.export({ type: "pkcs1", format: "pem" }), "RS256", "openssl rsa"],
  ]) {
    const error = await full.importPkcs8(pem, alg).then(() => assert.fail("accepted"), (e) => e);
    assert.equal(error.code, "ERR_JOSE_NOT_SUPPORTED");
    assert.ok(error instanceof full.NotSupportedError);
    assert.ok(error.message.includes(command), error.message);
    await assert.rejects(full.verifyJwt("a.b.c", pem, { algorithms: [alg] }), { code: "ERR_JOSE_NOT_SUPPORTED" });
  }
  const small = generateKeyPairSync("rsa", { modulusLength: 1024 });
  await assert.rejects(full.importPkcs8(small.privateKey.export({ type: "pkcs8", format: "pem" }), "RS256"), { code: "ERR_JWK_INVALID", message: /at least 2048 bits; this one has 1024/ });
  await assert.rejects(full.importSpki(small.publicKey.export({ type: "spki", format: "pem" }), "PS256"), { code: "ERR_JWK_INVALID" });
  // The converted key is then read.
  const dir = mkdtempSync(join(tmpdir(), "edgeauth-pem-"));
  try {
    const sec1 = join(dir, "sec1.pem");
    writeFileSync(sec1, ec.privateKey.export({ type: "sec1", format: "pem" }));
    const pkcs8 = execFileSync("openssl", ["pkey", "-in", sec1], { encoding: "utf8" });
    assert.equal((await full.importPkcs8(pkcs8, "ES256")).x, ec.publicKey.export({ format: "jwk" }).x, "after the suggested openssl pkey");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("openssl CLI: fresh self-signed certificates (RSA, P-256, P-384, Ed25519) verify tokens signed with their keys", async () => {
  const dir = mkdtempSync(join(tmpdir(), "edgeauth-pem-"));
  try {
    for (const [alg, args] of [
      ["RS256", ["-newkey", "rsa:2048"]],
      ["ES256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]],
      ["ES384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"]],
      ["EdDSA", ["-newkey", "ed25519"]],
    ]) {
      const key = join(dir, `${alg}.key`);
      const cert = join(dir, `${alg}.crt`);
      execFileSync("openssl", ["req", "-x509", ...args, "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", `/CN=edgeauth ${alg}`], { stdio: "ignore" });
      const token = await full.signJwt({ sub: alg }, readFileSync(key, "utf8"), { alg });
      assert.equal((await full.verifyJwt(token, readFileSync(cert, "utf8"), { algorithms: [alg] })).payload.sub, alg);
      assert.deepEqual(await full.importX509(readFileSync(cert, "utf8"), alg), await jose.exportJWK(await jose.importX509(readFileSync(cert, "utf8"), alg, { extractable: true })).then((j) => ({ ...j, alg })));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

let op;
before(async () => {
  op = await startProvider();
});
after(() => op?.close());

test("OAuthClient: private_key_jwt with a PEM privateJwk and privateJwkAlg", async () => {
  const registered = op.clients["jwt-client"].privateJwks.ES256.privateJwk;
  const pem = createPrivateKey({ key: registered, format: "jwk" }).export({ type: "pkcs8", format: "pem" });
  const client = await full.OAuthClient.discover(op.issuer, { clientId: "jwt-client", redirectUri: REDIRECT_URI, privateJwk: pem, privateJwkAlg: "ES256" });
  assert.equal((await client.introspect("not-a-token")).active, false, "the client authenticated");
  const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
  const wrong = await full.OAuthClient.discover(op.issuer, { clientId: "jwt-client", redirectUri: REDIRECT_URI, privateJwk: stranger, privateJwkAlg: "ES256" });
  await assert.rejects(wrong.introspect("not-a-token"), { code: "ERR_OAUTH_RESPONSE", error: "invalid_client" });
  await assert.rejects(full.OAuthClient.discover(op.issuer, { clientId: "jwt-client", privateJwk: pem }), { code: "ERR_CONFIG" }, "no privateJwkAlg");
  await assert.rejects(full.OAuthClient.discover(op.issuer, { clientId: "jwt-client", privateJwk: registered, privateJwkAlg: "ES256" }), { code: "ERR_CONFIG" }, "privateJwkAlg with a JWK");
  await assert.rejects(full.OAuthClient.discover(op.issuer, { clientId: "jwt-client", privateJwk: pem, privateJwkAlg: "RS256" }), { code: "ERR_JOSE_ALG_NOT_ALLOWED" });
});

test("hostile DER: 3000 seeded mutations of PKCS#8, SPKI and certificate bytes give a JWK or an EdgeAuthError, never another exception", async () => {
  const { p256, rsa, ed25519 } = await import("../vectors/pem/fixtures.mjs");
  const { armour, derOf } = await import("./suites/pem.mjs");
  let seed = 0x2545f491;
  const random = (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const spki = (await import("node:crypto")).createPublicKey(p256.privateKey).export({ type: "spki", format: "pem" });
  const inputs = [
    ["PRIVATE KEY", p256.privateKey, full.importPkcs8, "ES256"],
    ["PRIVATE KEY", ed25519.privateKey, full.importPkcs8, "EdDSA"],
    ["PUBLIC KEY", spki, full.importSpki, "ES256"],
    ["CERTIFICATE", p256.certificate, full.importX509, "ES256"],
    ["CERTIFICATE", rsa.certificate, full.importX509, "RS256"],
  ];
  const outcomes = new Map();
  for (let i = 0; i < 3000; i++) {
    const [label, pem, read, alg] = inputs[i % inputs.length];
    const der = derOf(pem);
    const mutated = random(3) === 0 ? der.slice(0, random(der.length)) : der.slice();
    for (let n = 1 + random(3); n > 0 && mutated.length > 0; n--) mutated[random(mutated.length)] = random(256);
    try {
      await read(armour(label, mutated), alg);
      outcomes.set("read", (outcomes.get("read") ?? 0) + 1);
    } catch (e) {
      assert.ok(e instanceof full.EdgeAuthError, `mutation ${i}: ${e?.name}: ${e?.message}`);
      outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
    }
  }
  assert.ok((outcomes.get("ERR_JWK_INVALID") ?? 0) > 1000, JSON.stringify([...outcomes]));
});
