// JOSE API: verifyJwt, signJwt, decodeJwt, decodeProtectedHeader,
// generateKeyPair, jwkThumbprint. Argument checks and async orchestration
// only; parsing, key selection and every claim decision happen in the core.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { CryptoKeyCache, ed25519Known, ed25519Unavailable, hostHasEd25519, hostScratch, hostVerify, params, refuseWithoutHostEd25519, scratchInput, takeHostCheck } from "./webcrypto.js";
import { RemoteJwks, VERIFY } from "./remote.js";
import { generateEd25519 } from "./ed25519-wasm.js";
import { bytesOf, optionsOf, stringOf, toJson } from "./args.js";
import { epochSeconds } from "./clock.js";
import { jwkFromPem } from "./pem.js";

/**
 * A JSON Web Key (RFC 7517). Private members (`d`, `p`, `k`, ...) make it a private key.
 * @typedef {{ kty: "oct" | "RSA" | "EC" | "OKP" | (string & {}), kid?: string, alg?: string, use?: string, key_ops?: string[], [member: string]: unknown }} Jwk
 */
/**
 * A JWK Set (RFC 7517 §5).
 * @typedef {{ keys: Jwk[] }} JwkSet
 */
/**
 * The claims of a JWT (RFC 7519 §4), registered and your own.
 * @typedef {{ iss?: string, sub?: string, aud?: string | string[], exp?: number, nbf?: number, iat?: number, jti?: string, [claim: string]: unknown }} JwtPayload
 */
/**
 * The protected header of a JWS (RFC 7515 §4).
 * @typedef {{ alg: string, kid?: string, typ?: string, [member: string]: unknown }} ProtectedHeader
 */
/**
 * A JWS algorithm edgeauth signs and verifies (RFC 7518 §3; `Ed25519` is RFC 9864's fully specified name of `EdDSA` with Ed25519).
 * @typedef {"HS256" | "HS384" | "HS512" | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "EdDSA" | "Ed25519"} Algorithm
 */
/**
 * A duration in seconds, or text such as `"2h"`, `"30 min"`, `"7 days"`.
 * @typedef {number | string} Span
 */
/**
 * What `verifyJwt` checks besides the signature.
 * @typedef {object} VerifyOptions
 * @property {Algorithm[]} [algorithms] Allowed `alg` values; default: any this library supports that fits the key.
 * @property {string | string[]} [issuer] Expected `iss` (one of).
 * @property {string | string[]} [audience] Expected `aud` (one of).
 * @property {string} [subject] Expected `sub`.
 * @property {string} [typ] Expected `typ` header (compared case-insensitively, `application/` optional).
 * @property {string[]} [requiredClaims] Claims that must be present.
 * @property {Span} [maxTokenAge] Refuse tokens whose `iat` is older than this.
 * @property {Span} [clockTolerance] Allowed clock skew; default 30 seconds.
 * @property {Date} [currentDate] The time to validate at; default now.
 * @property {string} [nonce] Expected `nonce` claim (OIDC ID tokens).
 * @property {number} [maxTokenSize] Longest accepted token in bytes; default 16384.
 */
/**
 * A verified token: its payload and protected header.
 * @template [P=JwtPayload]
 * @typedef {{ payload: P, protectedHeader: ProtectedHeader }} VerifyResult
 */
/**
 * How `signJwt` signs.
 * @typedef {object} SignOptions
 * @property {Algorithm} alg The algorithm; it must fit the key.
 * @property {string} [kid] The `kid` header.
 * @property {string} [typ] The `typ` header (e.g. `at+jwt`).
 */
/** @typedef {"EdDSA" | "Ed25519" | "ES256" | "ES384" | "RS256" | "PS256"} KeyPairAlgorithm The algorithms `generateKeyPair` makes keys for. */

const OPTION_NAMES = ["algorithms", "issuer", "audience", "subject", "typ", "requiredClaims", "maxTokenAge", "clockTolerance", "nonce", "maxTokenSize"];

/** Compiled options, cached per options object (callers usually reuse one). */
const policies = new WeakMap();
let defaultPolicy;

function compile(json) {
  const policy = new wasm.Policy(json);
  return { policy, maxTokenSize: policy.maxTokenSize };
}

/** @internal */
export function policyFor(options) {
  if (options === undefined || options === null) return (defaultPolicy ??= compile("{}"));
  if (typeof options !== "object") throw new ConfigError("options must be an object");
  let compiled = policies.get(options);
  if (compiled === undefined) {
    const picked = {};
    for (const name of OPTION_NAMES) if (options[name] !== undefined) picked[name] = options[name];
    compiled = compile(toJson(picked, "options"));
    policies.set(options, compiled);
  }
  return compiled;
}

/** @internal */
export function nowSeconds(options) {
  const date = options?.currentDate;
  if (date === undefined) return epochSeconds();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new ConfigError("currentDate must be a valid Date");
  return Math.floor(date.getTime() / 1000);
}

/** Parsed keys (and their imported CryptoKeys), cached per key object. */
const keySets = new WeakMap();

function keysFor(key) {
  if (key === null || typeof key !== "object") throw new ConfigError("the key must be a JWK, a JWK Set, a RemoteJwks, a Uint8Array or PEM text");
  let entry = keySets.get(key);
  if (entry === undefined) {
    const keys = key instanceof Uint8Array ? wasm.Keys.fromSecret(bytesOf(key, "the key")) : new wasm.Keys(toJson(key, "the key"));
    entry = { keys, crypto: new CryptoKeyCache(), publicJwk: (i) => keys.publicJwk(i) };
    keySets.set(key, entry);
  }
  return entry;
}

function result(json) {
  const [protectedHeader, payload] = JSON.parse(json);
  return { protectedHeader, payload };
}

/**
 * The token, after refusing an oversized one before it is copied into wasm
 * (which bounds the scratch's input buffer by the largest maxTokenSize in use).
 */
function checkToken(token, compiled) {
  if (typeof token !== "string") throw new ConfigError("the token must be a string");
  // UTF-16 length <= UTF-8 length: the core re-checks the exact byte count.
  if (token.length > compiled.maxTokenSize) throw wasm.tokenTooLong(compiled.maxTokenSize);
  return token;
}

/**
 * The one algorithm a PEM key is read for in verifyJwt (RSA keys do not say
 * RS256 or PS256, so the caller names it).
 */
function pemAlgorithm(options) {
  const algorithms = options?.algorithms;
  if (!Array.isArray(algorithms) || algorithms.length !== 1) throw new ConfigError("verifying with a PEM key needs options.algorithms naming exactly one algorithm (an RSA key does not say RS256 or PS256)");
  return algorithms[0];
}

/**
 * Settle what the core's `verify` returned. With no host `check` (the core
 * checked the signature) `outcome` is the `[header, payload]` JSON.
 * Otherwise WebCrypto starts first (off the main thread in Node); the claims
 * (`outcome` already, where WebCrypto runs on this thread) are validated and
 * parsed meanwhile, and returned, or their error thrown, only once the
 * signature has passed.
 * @internal shared with RemoteJwks
 * @returns {Promise<VerifyResult<any>>}
 */
export async function settle(outcome, check, cache, publicJwk, compiled, now) {
  if (check === undefined) return result(outcome);
  const verifying = hostVerify(check, cache, publicJwk);
  const claims = outcome ?? hostScratch().claims(compiled.policy, now);
  const verified = typeof claims === "string" ? result(claims) : undefined;
  if (!(await verifying)) throw wasm.signatureInvalid();
  if (verified === undefined) throw claims;
  return verified;
}

/**
 * Verify a compact JWT and validate its claims.
 *
 * `key` is one JWK, a JWK Set (the key is selected by `kid`, `kty`, `alg`,
 * `use`, `key_ops`), a {@link RemoteJwks}, the bytes of an HMAC secret, or
 * PEM text (SPKI public key, X.509 certificate or PKCS#8 private key: see
 * `importSpki`) with `options.algorithms` naming its one algorithm.
 * Rejects with an {@link EdgeAuthError} subclass: `JwsInvalidError`,
 * `JwsSignatureInvalidError`, `AlgNotAllowedError`, `JwtExpiredError`,
 * `JwtNotYetValidError`, `JwtClaimInvalidError`, `JwksNoMatchingKeyError`, ...
 * @example
 * const { payload } = await verifyJwt(token, jwks, { issuer: "https://issuer.example", audience: "my-api" });
 * @template [P=JwtPayload] The payload's type (not checked: declare what your issuer sends).
 * @param {string} token A compact JWS (`header.payload.signature`).
 * @param {Jwk | JwkSet | RemoteJwks | Uint8Array | string} key
 * @param {VerifyOptions} [options]
 * @returns {Promise<VerifyResult<P>>}
 */
// Not `async`: it hands back `settle`'s promise as is (an async function
// would wrap it in another, three microtasks later); errors still reject.
export function verifyJwt(token, key, options) {
  try {
    const compiled = policyFor(options);
    checkToken(token, compiled);
    const now = nowSeconds(options);
    const hostEd = ed25519Known();
    if (hostEd === undefined) return hostHasEd25519().then(() => verifyJwt(token, key, options));
    if (key instanceof RemoteJwks) return key[VERIFY](token, compiled, now, hostEd);
    if (typeof key === "string") return jwkFromPem(key, pemAlgorithm(options)).then((jwk) => verifyJwt(token, jwk, options));
    const entry = keysFor(key);
    const outcome = wasm.verify(entry.keys, compiled.policy, scratchInput(token), now, hostEd, hostScratch());
    return settle(outcome, takeHostCheck(), entry.crypto, entry.publicJwk, compiled, now);
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Sign `payload` (a JSON object) as a compact JWT.
 * @param {JwtPayload} payload
 * @param {Jwk | Uint8Array | string} privateKey One private JWK, HMAC secret bytes (at least the hash's length, RFC 7518 §3.2), or a PEM PKCS#8 private key (read for `alg`, as `importPkcs8` does).
 * @param {SignOptions} options
 * @returns {Promise<string>}
 */
export async function signJwt(payload, privateKey, options) {
  const { alg, kid, typ } = optionsOf(options);
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new ConfigError("the payload must be a JSON object");
  if (typeof alg !== "string") throw new ConfigError("signJwt needs { alg }");
  if (typeof privateKey === "string") privateKey = await jwkFromPem(privateKey, alg);
  if (Array.isArray(privateKey?.keys)) throw new ConfigError("signJwt takes one private JWK, not a JWK Set");
  const entry = keysFor(privateKey);
  const index = entry.keys.signingKey(alg);
  const header = toJson({ alg, kid, typ }, "the header");
  const body = toJson(payload, "the payload");
  const hostEd = ed25519Known() ?? (await hostHasEd25519());
  if (wasm.signsLocally(alg, hostEd)) return wasm.signLocal(entry.keys, index, header, body);
  refuseWithoutHostEd25519(alg, "signing");
  const input = wasm.signingInput(entry.keys, index, header, body);
  const key = await entry.crypto.get(alg, index, () => privateKey, "sign");
  const signature = await crypto.subtle.sign(params(alg).op, key, new TextEncoder().encode(input));
  return `${input}.${wasm.base64urlEncode(new Uint8Array(signature))}`;
}

function decode(token) {
  return result(wasm.decodeUnverified(stringOf(token, "the token")));
}

/**
 * The payload of a compact JWT, NOT verified.
 * @template [P=JwtPayload]
 * @param {string} token
 * @returns {P}
 */
export function decodeJwt(token) {
  return decode(token).payload;
}

/**
 * The protected header of a compact JWS, NOT verified.
 * @param {string} token
 * @returns {ProtectedHeader}
 */
export function decodeProtectedHeader(token) {
  return decode(token).protectedHeader;
}

/**
 * RFC 7638 thumbprint of a JWK (SHA-256, base64url).
 * @param {Jwk} jwk One JWK (not a JWK Set).
 * @returns {string}
 */
export function jwkThumbprint(jwk) {
  if (jwk === null || typeof jwk !== "object" || Array.isArray(jwk) || Array.isArray(jwk.keys)) throw new ConfigError("jwkThumbprint takes one JWK");
  return /** @type {string} */ (new wasm.Keys(toJson(jwk, "the JWK")).thumbprint(0));
}

const GENERATE = {
  ES256: { name: "ECDSA", namedCurve: "P-256" },
  ES384: { name: "ECDSA", namedCurve: "P-384" },
  RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
  PS256: { name: "RSA-PSS", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
};

/**
 * A WebCrypto key pair for `alg` (ES256, ES384, RS256, PS256; EdDSA with
 * `webCryptoEd25519`). The public key is always extractable.
 * @internal shared with DpopKey
 * @param {string} alg
 * @param {boolean} extractable
 * @returns {Promise<CryptoKeyPair>}
 */
export async function generateCryptoKeyPair(alg, extractable, webCryptoEd25519 = false) {
  const ed = webCryptoEd25519 && (alg === "EdDSA" || alg === "Ed25519");
  const algorithm = ed ? { name: "Ed25519" } : GENERATE[alg];
  if (algorithm === undefined) throw new ConfigError(`key generation supports EdDSA, ES256, ES384, RS256, PS256, not ${String(alg)}`);
  // WebKitGTK 2.50 sporadically rejects Ed25519 generation with an
  // OperationError (about 1 in 300 here) that a second attempt does not
  // repeat; nothing else fails that way, so only that case is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      return /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey(algorithm, extractable, ["sign", "verify"]));
    } catch (e) {
      if (!ed || attempt >= ED25519_GENERATE_ATTEMPTS || !(e instanceof Error) || e.name !== "OperationError") throw e;
    }
  }
}

/** Attempts at a WebCrypto Ed25519 generation before its OperationError is final. */
const ED25519_GENERATE_ATTEMPTS = 4;

/**
 * A fresh key pair as JWKs with `alg` and `kid` (the RFC 7638 thumbprint).
 * Ed25519 pairs come from the host's WebCrypto where it has Ed25519, else
 * from wasm (the full entry only).
 * @param {KeyPairAlgorithm} alg
 * @returns {Promise<{ privateJwk: Jwk, publicJwk: Jwk }>}
 */
export async function generateKeyPair(alg) {
  const ed = alg === "EdDSA" || alg === "Ed25519";
  if (ed) {
    if (!(await hostHasEd25519())) {
      if (generateEd25519 === undefined) throw ed25519Unavailable("key generation");
      const [privateJwk, publicJwk] = generateEd25519();
      return { privateJwk: JSON.parse(privateJwk), publicJwk: JSON.parse(publicJwk) };
    }
    alg = "EdDSA";
  } else if (!Object.hasOwn(GENERATE, alg)) {
    throw new ConfigError(`generateKeyPair supports EdDSA, ES256, ES384, RS256, PS256, not ${String(alg)}`);
  }
  const pair = await generateCryptoKeyPair(alg, true, ed);
  /** @param {CryptoKey} key @returns {Promise<Jwk>} */
  const clean = async (key) => {
    const { key_ops, ext, alg: _, ...jwk } = await crypto.subtle.exportKey("jwk", key);
    return /** @type {Jwk} */ (jwk);
  };
  const privateJwk = await clean(pair.privateKey);
  const publicJwk = await clean(pair.publicKey);
  const kid = jwkThumbprint(publicJwk);
  return { privateJwk: { ...privateJwk, alg, kid }, publicJwk: { ...publicJwk, alg, kid } };
}
