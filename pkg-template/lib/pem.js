// PEM keys as JWKs, over the host's WebCrypto (no wasm): PKCS#8 private keys
// (RFC 5208 §5, RFC 5958 §2), SubjectPublicKeyInfo public keys (RFC 5280
// §4.1.2.7) and X.509 certificates (RFC 5280 §4.1, whose SPKI is taken out by
// a strict DER walker), in the strict textual encoding of RFC 7468 §2-§3
// (matching labels, base64 only between them, whitespace only around). The
// key's type is read from its AlgorithmIdentifier and must fit the JWS
// algorithm before WebCrypto imports it; the JWK comes from
// `exportKey("jwk")`. Errors name what is wrong, never the key's bytes.

import { AlgNotAllowedError, ConfigError, JwkInvalidError, NotSupportedError } from "./errors.js";
import { hostHasEd25519, params } from "./webcrypto.js";

/** What to run to turn a key of another PEM form into one this module reads. */
const CONVERT = {
  "ENCRYPTED PRIVATE KEY": "encrypted PKCS#8 keys are not read (no passphrases here): decrypt it to PKCS#8 with `openssl pkey -in key.pem -out pkcs8.pem`",
  "RSA PRIVATE KEY": "PKCS#1 RSA private keys are not read: convert it to PKCS#8 with `openssl pkey -in key.pem -out pkcs8.pem`",
  "EC PRIVATE KEY": "SEC1 EC private keys are not read: convert it to PKCS#8 with `openssl pkey -in key.pem -out pkcs8.pem`",
  "RSA PUBLIC KEY": "PKCS#1 RSA public keys are not read: convert it to SPKI with `openssl rsa -RSAPublicKey_in -in key.pem -pubout -out spki.pem`",
};

const ARMOUR = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([^]*?)\r?\n?-----END ([A-Z0-9 ]+)-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The DER bytes of PEM text labelled `label` (RFC 7468 §2: exact, matching
 * BEGIN and END lines; between them only base64, in lines; outside them
 * only whitespace).
 * @internal also TokenIssuer's early check
 * @param {unknown} pem
 * @param {string} label
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function unarmour(pem, label) {
  if (typeof pem !== "string") throw new ConfigError("the PEM key must be a string");
  const found = ARMOUR.exec(pem.trim());
  if (found === null) throw new JwkInvalidError(`not a PEM ${label}: expected "-----BEGIN ${label}-----", base64 lines, "-----END ${label}-----" and nothing else`);
  const [, begin, body, end] = found;
  if (begin !== end) throw new JwkInvalidError(`the PEM BEGIN and END labels differ ("${begin}", "${end}")`);
  if (Object.hasOwn(CONVERT, begin)) throw new NotSupportedError(CONVERT[begin]);
  if (begin !== label) throw new JwkInvalidError(`expected a PEM ${label}, got a PEM ${begin}`);
  if (body.includes("-----")) throw new JwkInvalidError(`one PEM ${label} only (of a certificate chain, pass the certificate that holds the key)`);
  const text = body.split(/\r?\n/).map((line) => line.trim()).join("");
  if (!BASE64.test(text) || text.length % 4 !== 0) throw new JwkInvalidError(`the body of the PEM ${label} is not base64 (only base64 lines may stand between the BEGIN and END lines)`);
  const binary = atob(text);
  // Canonical base64 only: the unused bits of the last character are zero.
  if (btoa(binary) !== text) throw new JwkInvalidError(`the body of the PEM ${label} is not canonical base64`);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// ---- DER (X.690 §8, §10): just enough to walk keys and certificates ----

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;

/**
 * One DER element at `at` within `end`: its tag, where its header starts,
 * where its content starts and ends. Low tag numbers and definite, minimal
 * lengths only (DER); every length is checked against `end`.
 * @param {Uint8Array} der
 * @param {number} at
 * @param {number} end
 * @param {string} what
 */
function element(der, at, end, what) {
  const bad = (why) => new JwkInvalidError(`${what}: malformed DER (${why})`);
  if (at + 2 > end) throw bad("truncated");
  const tag = der[at];
  if ((tag & 0x1f) === 0x1f) throw bad("high tag number");
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) throw bad(count === 0 ? "indefinite length" : "length too large");
    if (start + count > end) throw bad("truncated");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
    if (der[start] === 0 || length < 0x80) throw bad("length not minimal");
    start += count;
  }
  if (start + length > end) throw bad("truncated");
  return { tag, at, start, end: start + length };
}

/** The element at `at`, which must have `tag`. */
function expect(der, at, end, tag, what) {
  const e = element(der, at, end, what);
  if (e.tag !== tag) throw new JwkInvalidError(`${what}: unexpected DER tag 0x${e.tag.toString(16)}`);
  return e;
}

/** The single SEQUENCE that `der` is, with nothing after it. */
function outer(der, what) {
  const e = expect(der, 0, der.length, SEQUENCE, what);
  if (e.end !== der.length) throw new JwkInvalidError(`${what}: data after the DER structure`);
  return e;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

// AlgorithmIdentifier OIDs (content bytes, hex): RFC 8017 A.1, RFC 5480 §2.1.1, RFC 8410 §3.
const RSA_OID = "2a864886f70d010101";
const EC_OID = "2a8648ce3d0201";
const CURVES = { "2a8648ce3d030107": "P-256", "2b81040022": "P-384", "2b81040023": "P-521" };
const ED25519_OID = "2b6570";
const NAMES = { "2a864886f70d01010a": "RSASSA-PSS (id-RSASSA-PSS)", "2b656e": "X25519", "2b6571": "Ed448", "2b656f": "X448" };

/**
 * The key type an AlgorithmIdentifier names: "RSA", "P-256", "P-384" or "Ed25519".
 * @param {Uint8Array} der
 * @param {{ start: number, end: number }} algId the AlgorithmIdentifier SEQUENCE
 * @param {string} what
 */
function keyType(der, algId, what) {
  const oid = expect(der, algId.start, algId.end, OID, what);
  const name = hex(der.subarray(oid.start, oid.end));
  if (name === RSA_OID) return "RSA";
  if (name === ED25519_OID) return "Ed25519";
  if (name === EC_OID) {
    const curve = expect(der, oid.end, algId.end, OID, what);
    const named = CURVES[hex(der.subarray(curve.start, curve.end))];
    if (named === undefined || named === "P-521") throw new NotSupportedError(`${what}: EC keys on ${named ?? "this curve"} are not supported (P-256 for ES256, P-384 for ES384)`);
    return named;
  }
  throw new NotSupportedError(`${what}: ${NAMES[name] ?? "this"} key type is not supported (RSA, EC P-256/P-384, Ed25519)`);
}

/** PKCS#8 (RFC 5958 §2): SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, ... }. */
function pkcs8Type(der) {
  const what = "the PKCS#8 key";
  const key = outer(der, what);
  const version = expect(der, key.start, key.end, INTEGER, what);
  const algId = expect(der, version.end, key.end, SEQUENCE, what);
  expect(der, algId.end, key.end, OCTET_STRING, what);
  return keyType(der, algId, what);
}

/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): SEQUENCE { AlgorithmIdentifier, BIT STRING }, nothing more. */
function spkiType(der, what) {
  const spki = outer(der, what);
  const algId = expect(der, spki.start, spki.end, SEQUENCE, what);
  const bits = expect(der, algId.end, spki.end, BIT_STRING, what);
  if (bits.end !== spki.end) throw new JwkInvalidError(`${what}: data after the public key`);
  return keyType(der, algId, what);
}

/**
 * The SubjectPublicKeyInfo of a DER certificate (RFC 5280 §4.1):
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
 * issuer, validity, subject, subjectPublicKeyInfo, ... }. The certificate's
 * signature and dates are not checked: it is a container for the key.
 * @param {Uint8Array} der
 */
function certificateSpki(der) {
  const what = "the X.509 certificate";
  const cert = outer(der, what);
  const tbs = expect(der, cert.start, cert.end, SEQUENCE, what);
  const signatureAlgorithm = expect(der, tbs.end, cert.end, SEQUENCE, what);
  const signature = expect(der, signatureAlgorithm.end, cert.end, BIT_STRING, what);
  if (signature.end !== cert.end) throw new JwkInvalidError(`${what}: data after the signature`);
  const first = element(der, tbs.start, tbs.end, what);
  let at = first.tag === 0xa0 ? first.end : tbs.start; // [0] EXPLICIT version
  at = expect(der, at, tbs.end, INTEGER, what).end; // serialNumber
  for (let i = 0; i < 4; i++) at = expect(der, at, tbs.end, SEQUENCE, what).end; // signature, issuer, validity, subject
  const spki = expect(der, at, tbs.end, SEQUENCE, what);
  const bytes = der.slice(spki.at, spki.end);
  return { bytes, type: spkiType(bytes, "the certificate's public key") };
}

/** The key type each JWS algorithm needs, from its WebCrypto import parameters (webcrypto.js). */
function typeFor(alg) {
  if (typeof alg !== "string") throw new ConfigError("a PEM key needs its JWS algorithm (RS256, PS256, ES256, ES384, EdDSA, ...): RSA keys do not say which");
  if (/^HS(256|384|512)$/.test(alg)) throw new ConfigError(`${alg} takes a secret, not a PEM key`);
  const algorithm = params(alg)?.import;
  if (algorithm === undefined) throw new ConfigError(`PEM keys are for RS256-512, PS256-512, ES256, ES384 and EdDSA, not ${alg}`);
  return algorithm.namedCurve ?? (algorithm.name === "Ed25519" ? "Ed25519" : "RSA");
}

/**
 * Import DER of `format` through WebCrypto after checking that its key type
 * fits `alg`, and export it as a JWK with `alg`.
 * @param {"pkcs8" | "spki"} format
 * @param {Uint8Array<ArrayBuffer>} der
 * @param {string} type the key type the DER names
 * @param {string} alg
 * @param {string} what
 * @returns {Promise<import("./jose.js").Jwk>}
 */
async function toJwk(format, der, type, alg, what) {
  const wanted = typeFor(alg);
  if (type !== wanted) throw new AlgNotAllowedError(`${what} is ${type === "RSA" || type === "Ed25519" ? "an" : "a"} ${type} key; ${alg} needs ${wanted === "RSA" || wanted === "Ed25519" ? "an" : "a"} ${wanted} key`);
  if (type === "Ed25519" && !(await hostHasEd25519())) throw new NotSupportedError("this runtime's WebCrypto lacks Ed25519, which reading an Ed25519 PEM key needs: pass a JWK instead");
  let key;
  try {
    key = await crypto.subtle.importKey(format, der, params(alg).import, true, [format === "pkcs8" ? "sign" : "verify"]);
  } catch (cause) {
    throw new JwkInvalidError(`${what} cannot be imported: the runtime's WebCrypto refused it (${cause?.name ?? "error"})`);
  }
  const bits = /** @type {any} */ (key.algorithm).modulusLength;
  if (type === "RSA" && !(bits >= 2048)) throw new JwkInvalidError(`RSA keys need a modulus of at least 2048 bits; this one has ${bits}`);
  const { key_ops, ext, alg: _, ...jwk } = /** @type {any} */ (await crypto.subtle.exportKey("jwk", key));
  return { ...jwk, alg };
}

/**
 * A private JWK (with `alg`) from a PEM PKCS#8 private key (`-----BEGIN
 * PRIVATE KEY-----`, RFC 5958 §2, RFC 7468 §10): RSA (at least 2048 bits),
 * EC P-256/P-384 or Ed25519, of the type `alg` needs. Encrypted PKCS#8,
 * PKCS#1 and SEC1 keys are refused with the openssl command that converts
 * them.
 * @example
 * const privateJwk = await importPkcs8(pem, "ES256");
 * @param {string} pem
 * @param {import("./jose.js").Algorithm} alg The JWS algorithm the key is for.
 * @returns {Promise<import("./jose.js").Jwk>}
 */
export async function importPkcs8(pem, alg) {
  const der = unarmour(pem, "PRIVATE KEY");
  return toJwk("pkcs8", der, pkcs8Type(der), alg, "the PKCS#8 key");
}

/**
 * A public JWK (with `alg`) from a PEM SubjectPublicKeyInfo (`-----BEGIN
 * PUBLIC KEY-----`, RFC 5280 §4.1.2.7, RFC 7468 §13).
 * @param {string} pem
 * @param {import("./jose.js").Algorithm} alg The JWS algorithm the key is for.
 * @returns {Promise<import("./jose.js").Jwk>}
 */
export async function importSpki(pem, alg) {
  const der = unarmour(pem, "PUBLIC KEY");
  return toJwk("spki", der, spkiType(der, "the SPKI public key"), alg, "the SPKI public key");
}

/**
 * The public JWK (with `alg`) of a PEM X.509 certificate (`-----BEGIN
 * CERTIFICATE-----`, RFC 5280 §4.1, RFC 7468 §5). Only the key is taken:
 * the certificate's signature, dates and chain are not checked.
 * @param {string} pem
 * @param {import("./jose.js").Algorithm} alg The JWS algorithm the key is for.
 * @returns {Promise<import("./jose.js").Jwk>}
 */
export async function importX509(pem, alg) {
  const { bytes, type } = certificateSpki(unarmour(pem, "CERTIFICATE"));
  return toJwk("spki", bytes, type, alg, "the certificate's public key");
}

const IMPORTS = { "PRIVATE KEY": importPkcs8, "PUBLIC KEY": importSpki, CERTIFICATE: importX509 };
const LABEL = /^-----BEGIN ([A-Z0-9 ]+)-----/;

/** JWKs of PEM text already read, by algorithm and text (settled values only; a few). */
const imported = new Map();
const IMPORTED_MAX = 32;

/**
 * The JWK of a key given as a string, which must be PEM text of one of
 * the three kinds (by its BEGIN label), for `alg`; the same object for the
 * same text and algorithm, so the callers' per-key caches hold.
 * @internal used where a key is accepted (signJwt, verifyJwt, TokenIssuer)
 * @param {string} pem
 * @param {unknown} alg
 * @returns {Promise<import("./jose.js").Jwk>}
 */
export async function jwkFromPem(pem, alg) {
  if (!pem.trimStart().startsWith("-----BEGIN ")) throw new ConfigError("a key given as a string must be PEM text (-----BEGIN PRIVATE KEY-----, PUBLIC KEY or CERTIFICATE); a JWKS URL goes through createRemoteJwks(url)");
  const id = `${String(alg)}\n${pem}`;
  const known = imported.get(id);
  if (known !== undefined) return known;
  const label = LABEL.exec(pem.trimStart())?.[1] ?? "";
  // Labels of other key forms go to importPkcs8, whose unarmour says how to convert them.
  const read = Object.hasOwn(IMPORTS, label) ? IMPORTS[label] : Object.hasOwn(CONVERT, label) ? importPkcs8 : undefined;
  if (read === undefined) throw new JwkInvalidError("a PEM key must be a PRIVATE KEY (PKCS#8), a PUBLIC KEY (SPKI) or a CERTIFICATE");
  const jwk = await read(pem, /** @type {any} */ (alg));
  if (imported.size >= IMPORTED_MAX) imported.delete(imported.keys().next().value);
  imported.set(id, jwk);
  return jwk;
}
