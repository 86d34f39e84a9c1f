// docs/delegation.md checked against the committed vectors with an
// independent implementation: Node's own crypto (OpenSSL) follows the spec
// step by step (blob checksums, canonical text, Ed25519, X25519, HKDF,
// ChaCha20-Poly1305) without touching edgeauth.
import assert from "node:assert/strict";
import { createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const load = (name) => JSON.parse(readFileSync(new URL(`../vectors/delegation/${name}`, import.meta.url)));
const keys = load("keys.json");
const exchange = load("exchange.json");
const b64u = (bytes) => Buffer.from(bytes).toString("base64url");
const sha256 = (...parts) => createHash("sha256").update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();

function blob(text, prefix) {
  assert.ok(text.startsWith(prefix));
  const raw = Buffer.from(text.slice(prefix.length), "base64url");
  assert.equal(raw.length, 68);
  assert.deepEqual(raw.subarray(64), sha256(prefix, raw.subarray(0, 64)).subarray(0, 4), "checksum = SHA-256(prefix || key)[0..4]");
  return { ed: raw.subarray(0, 32), x: raw.subarray(32, 64) };
}

const party = (name) => ({ secret: blob(keys[name].secretKey, "edg_sk_v1_"), public: blob(keys[name].publicKey, "edg_pk_v1_") });
const edPublic = (x) => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64u(x) }, format: "jwk" });
const xPrivate = (d, x) => createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: b64u(d), x: b64u(x) }, format: "jwk" });
const xPublic = (x) => createPublicKey({ key: { kty: "OKP", crv: "X25519", x: b64u(x) }, format: "jwk" });

/** §2.1: open a box addressed to (d, x) with `label`. */
function openBox(label, d, x, aad, box) {
  const ephemeral = box.subarray(0, 32);
  const nonce = box.subarray(32, 44);
  const shared = diffieHellman({ privateKey: xPrivate(d, x), publicKey: xPublic(ephemeral) });
  const key = Buffer.from(hkdfSync("sha256", shared, Buffer.alloc(0), Buffer.concat([Buffer.from(label), ephemeral, x]), 32));
  const decipher = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad), { plaintextLength: box.length - 60 });
  decipher.setAuthTag(box.subarray(box.length - 16));
  return Buffer.concat([decipher.update(box.subarray(44, box.length - 16)), decipher.final()]).toString();
}

test("spec: key blobs carry the documented checksum and the seeds of the inputs", () => {
  for (const name of ["client", "server"]) {
    const { secret } = party(name);
    assert.equal(secret.ed.toString("hex"), keys.inputs[name].ed25519Seed);
    assert.equal(secret.x.toString("hex"), keys.inputs[name].x25519Secret);
  }
});

test("spec: the committed request verifies and opens with Node's crypto", () => {
  const client = party("client");
  const server = party("server");
  const rq = exchange.inputs.request;
  const h = exchange.request.headers;
  const body = Buffer.from(exchange.request.body, "base64url");
  const aad = ["edgeauth-delegation/v1 request", rq.method, rq.path, rq.tenantId, String(rq.timestamp), h["edgeauth-request-id"]].join("\n");
  assert.equal(aad, exchange.request.aad);
  assert.equal(h["edgeauth-request-id"], b64u(Buffer.from(rq.requestId, "hex")));
  const signed = `${aad}\n${b64u(sha256(body))}`;
  assert.ok(verify(null, Buffer.from(signed), edPublic(client.public.ed), Buffer.from(h["edgeauth-signature"], "base64url")));
  assert.equal(openBox("edgeauth-delegation/v1 request", server.secret.x, server.public.x, aad, body), rq.body);
});

test("spec: the committed response verifies and opens with Node's crypto", () => {
  const client = party("client");
  const server = party("server");
  const { request: rq, response: rs } = exchange.inputs;
  const h = exchange.response.headers;
  const body = Buffer.from(exchange.response.body, "base64url");
  const aad = ["edgeauth-delegation/v1 response", String(rs.status), rq.method, rq.path, rq.tenantId, h["edgeauth-request-id"], String(rq.timestamp), String(rs.timestamp)].join("\n");
  assert.ok(verify(null, Buffer.from(`${aad}\n${b64u(sha256(body))}`), edPublic(server.public.ed), Buffer.from(h["edgeauth-signature"], "base64url")));
  assert.equal(openBox("edgeauth-delegation/v1 response", client.secret.x, client.public.x, aad, body), rs.body);
});
