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
const edges = load("edges.json");
const spec = readFileSync(new URL("../../docs/delegation.md", import.meta.url), "utf8");
/** The fenced blocks of the spec that follow `marker`, in order. */
const blocksAfter = (marker) => {
  const from = spec.indexOf(marker);
  assert.ok(from >= 0, marker);
  return [...spec.slice(from).matchAll(/```\n([\s\S]*?)\n```/g)].map((m) => m[1]);
};
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

/** A vector's request, rebuilt as the spec says: its AAD, its signature over AAD and body hash, its box. */
function checkRequestVector(vector) {
  const client = party("client");
  const server = party("server");
  const rq = vector.inputs.request;
  const h = vector.request.headers;
  const body = Buffer.from(vector.request.body, "base64url");
  const aad = ["edgeauth-delegation/v1 request", rq.method, rq.path, rq.tenantId, String(rq.timestamp), h["edgeauth-request-id"]].join("\n");
  assert.equal(aad, vector.request.aad);
  assert.equal(h["edgeauth-request-id"], b64u(Buffer.from(rq.requestId, "hex")));
  const signed = `${aad}\n${b64u(sha256(body))}`;
  assert.ok(verify(null, Buffer.from(signed), edPublic(client.public.ed), Buffer.from(h["edgeauth-signature"], "base64url")));
  assert.equal(openBox("edgeauth-delegation/v1 request", server.secret.x, server.public.x, aad, body), rq.body);
}

test("spec: the committed request verifies and opens with Node's crypto", () => {
  checkRequestVector(exchange);
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

test("spec: the canonical texts of §2.2 and §3 and their example AADs are the vectors'", () => {
  const { request: rq, response: rs } = exchange.inputs;
  const id = exchange.request.headers["edgeauth-request-id"];
  const fill = (template, values) => template.split("\n").map((line) => (line in values ? values[line] : line));
  const [requestTemplate, requestExample] = blocksAfter("### 2.2 Canonical signed text");
  const requestLines = fill(requestTemplate, { "<METHOD>": rq.method, "<target>": rq.path, "<tenant id>": rq.tenantId, "<timestamp>": String(rq.timestamp), "<request id>": id, "<b64u(SHA-256(body))>": "DIGEST" });
  assert.equal(requestLines.slice(0, -1).join("\n"), exchange.request.aad, "§2.2 line order");
  assert.equal(requestLines.at(-1), "DIGEST");
  assert.equal(requestExample, exchange.request.aad, "§2.2 example");
  const [responseTemplate, responseExample] = blocksAfter("Canonical text, lines joined by a single LF");
  const responseLines = fill(responseTemplate, {
    "<status, 3 digits>": String(rs.status),
    "<METHOD of the request>": rq.method,
    "<target of the request>": rq.path,
    "<tenant id>": rq.tenantId,
    "<request id>": id,
    "<request timestamp>": String(rq.timestamp),
    "<response timestamp>": String(rs.timestamp),
  });
  const aad = responseLines.slice(0, -1).join("\n");
  assert.equal(responseExample, aad, "§3 example");
  const body = Buffer.from(exchange.response.body, "base64url");
  const signed = `${aad}\n${b64u(sha256(body))}`;
  assert.ok(verify(null, Buffer.from(signed), edPublic(party("server").public.ed), Buffer.from(exchange.response.headers["edgeauth-signature"], "base64url")), "§3 line order verifies");
});

test("spec: the HKDF info is label || E || R with the lengths §2.1 states", () => {
  for (const [label, length] of [["edgeauth-delegation/v1 request", 94], ["edgeauth-delegation/v1 response", 95]]) {
    assert.ok(spec.includes(`"${label}"`));
    assert.equal(Buffer.byteLength(label) + 64, length);
  }
  assert.ok(spec.includes("30 + 32 + 32 = 94 bytes for a request, 31 + 32 + 32 = 95 for a response"));
});

test("spec: the request target grammar of §2.0, implemented from the spec, splits the vector's targets as the code does", () => {
  const [grammar] = blocksAfter("### 2.0 The request target");
  assert.ok(grammar.includes('query    = 1*( pchar / "/" / "?" )'));
  const pchar = "(?:[A-Za-z0-9\\-._~!$&()*+,;=:@]|%[0-9A-F]{2})";
  const form = new RegExp(`^/(?:${pchar}|/)*(?:\\?(?:${pchar}|[/?])+)?$`);
  const unreservedEncoded = /%(?:2D|2E|3[0-9]|4[1-9A-F]|5[0-9A]|5F|6[1-9A-F]|7[0-9A]|7E)/;
  const dotSegment = (t) => t.split("?")[0].split("/").some((s) => s === "." || s === "..");
  const valid = (t) => t.length <= 2048 && form.test(t) && !unreservedEncoded.test(t) && !dotSegment(t);
  for (const t of edges.inputs.targets.accepted) assert.ok(valid(t), `accepted: ${t}`);
  for (const t of edges.inputs.targets.refused) assert.ok(!valid(t), `refused: ${JSON.stringify(t)}`);
  // The form is what a URL parser leaves alone: the accepted targets round-trip through the WHATWG URL.
  for (const t of edges.inputs.targets.accepted) {
    const url = new URL(`https://host${t}`);
    assert.equal(url.pathname + url.search, t);
  }
});

test("spec: the key-blob phrases of §1 are the ones the vectors hold", () => {
  const table = spec.slice(spec.indexOf("| defect | phrase in the message |"), spec.indexOf("**Canonical b64u**"));
  const phrases = [...table.matchAll(/\| `([^`]+)`/g)].map((m) => m[1].replace("N bytes", "\\d+ bytes"));
  const errors = [...keys.inputs.invalid.map((c) => c.error), ...edges.publicKeys.map((c) => c.error)];
  for (const error of errors) assert.ok(phrases.some((p) => new RegExp(`^${p.replace(/[()]/g, "\\$&")}$`).test(error) || p === error), `${error} is quoted by the spec`);
});

test("spec: the edges request (PATCH, base path and query in the target) verifies and opens with Node's crypto", () => {
  checkRequestVector(edges);
});

test("spec: canonical b64u, implemented from §1, splits the vector's request ids and keys as the code does", () => {
  const canonical = (t) => /^[A-Za-z0-9_-]*$/.test(t) && t.length % 4 !== 1 && Buffer.from(Buffer.from(t, "base64url")).toString("base64url") === t;
  for (const id of edges.inputs.requestIds.accepted) assert.ok(canonical(id) && Buffer.from(id, "base64url").length === 16, id);
  for (const id of edges.inputs.requestIds.refused) assert.ok(!(canonical(id) && Buffer.from(id, "base64url").length === 16), id);
  const trailing = edges.publicKeys.find((k) => k.error === "not canonical base64url").blob;
  assert.ok(!canonical(trailing.slice(10)));
});
