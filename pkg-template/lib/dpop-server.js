// DPoP on the server (RFC 9449 §4.3, §7): checking proofs. The core parses
// the proof, checks its header and claims and builds the replay key
// (src/dpop/proof.rs); the signature is checked by WebCrypto with the
// header's key (imported once per key and cached) exactly as verifyJwt
// checks token signatures, and the proof's `jti` goes through a replay
// store (MemoryReplayStore, KvReplayStore, DurableObjectReplayStore).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { nowSeconds } from "./jose.js";
import { MemoryReplayStore } from "./replay.js";
import { CryptoKeyCache, ed25519Known, hostHasEd25519, hostVerify } from "./webcrypto.js";
import { optionsOf, toJson } from "./args.js";

/**
 * How DPoP proofs are checked.
 * @typedef {object} DpopProofPolicy
 * @property {import("./jose.js").Algorithm[]} [algorithms] Asymmetric algorithms accepted for proofs; default ES256 ES384 EdDSA PS256 PS384 PS512 RS256 RS384 RS512.
 * @property {number} [maxAgeSeconds] Default 60.
 * @property {number} [clockTolerance] Default 30 (either way).
 * @property {number} [maxProofSize] Default 8192.
 */
/**
 * What `verifyDpopProof` checks a proof against.
 * @typedef {object} VerifyDpopProofOnly
 * @property {string} method The request's method (`htm`).
 * @property {string | URL} url The request's URL (`htu`).
 * @property {string} [accessToken] The access token the proof came with (checks `ath`).
 * @property {string} [jkt] The thumbprint the access token is bound to (`cnf.jkt`).
 * @property {string} [nonce] The nonce the proof must carry.
 * @property {import("./replay.js").ReplayStore | null} [replayStore] Default: one in-process MemoryReplayStore; null: no `jti` check.
 * @property {Date} [currentDate]
 */
/** @typedef {DpopProofPolicy & VerifyDpopProofOnly} VerifyDpopProofOptions The options of {@link verifyDpopProof}. */
/**
 * A checked DPoP proof.
 * @typedef {object} DpopProof
 * @property {string} jkt The RFC 7638 thumbprint of the proof's key.
 * @property {string} jti
 * @property {number} iat
 * @property {Record<string, any>} header
 * @property {Record<string, any>} payload
 */

const POLICY = ["algorithms", "maxAgeSeconds", "clockTolerance", "maxProofSize"];
const KEYS_CACHED = 256;

/** Imported proof keys, by public JWK text, least recently used first. */
const keyCaches = new Map();

function keyCacheFor(jwk) {
  let cache = keyCaches.get(jwk);
  if (cache !== undefined) keyCaches.delete(jwk);
  else if (keyCaches.size >= KEYS_CACHED) keyCaches.delete(keyCaches.keys().next().value);
  keyCaches.set(jwk, (cache ??= new CryptoKeyCache()));
  return cache;
}

function replayStoreOf(store) {
  if (store === null) return null;
  if (typeof store?.add !== "function") throw new ConfigError("replayStore must have add(key, expiresAt, now) (MemoryReplayStore, KvReplayStore, DurableObjectReplayStore), or be null");
  return store;
}

function secretOf(secret) {
  if (secret === undefined) return undefined;
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array)) throw new ConfigError("nonceSecret must be a string or a Uint8Array (at least 32 bytes)");
  return bytes;
}

/**
 * A compiled proof policy with its replay store (and nonce secret, when the
 * server requires its own nonces). Shared by verifyDpopProof and the
 * Authenticator.
 * @internal
 */
export class ProofChecker {
  #verifier;
  #replay;

  /** @param {any} options @param {() => import("./replay.js").ReplayStore} [defaultReplayStore] */
  constructor(options, defaultReplayStore = () => new MemoryReplayStore()) {
    const o = optionsOf(options, "DPoP options");
    /** @type {Record<string, unknown>} */
    const policy = {};
    for (const name of POLICY) if (o[name] !== undefined) policy[name] = o[name];
    this.#verifier = new wasm.DpopVerifier(toJson(policy, "DPoP options"), secretOf(o.nonceSecret));
    this.#replay = o.replayStore === undefined ? defaultReplayStore() : replayStoreOf(o.replayStore);
  }

  /** The nonce to hand out now (undefined without a nonceSecret). */
  nonce(now) {
    return this.#verifier.nonce(now);
  }

  /** A `WWW-Authenticate: DPoP` challenge listing the accepted `algs` (and the RFC 9728 document's URL). */
  challenge(realm, error, description, scope, resourceMetadata) {
    return this.#verifier.challenge(realm, error, description, scope, resourceMetadata);
  }

  /** The checked proof `{ jkt, jti, iat, header, payload }`; throws DpopProofError, DpopBindingError or DpopNonceError. */
  async check(proof, expected, now) {
    if (typeof proof !== "string") proof = "";
    // Never copy more than the limit into wasm: one byte over is enough to be refused.
    if (proof.length > this.#verifier.maxProofSize) proof = proof.slice(0, this.#verifier.maxProofSize + 1);
    const hostEd = ed25519Known() ?? (await hostHasEd25519());
    const out = this.#verifier.check(proof, toJson(expected, "the expected request"), now, hostEd);
    if (out.length > 1) {
      const [, alg, jwk, signature, input] = out;
      if (!(await hostVerify({ alg, candidates: [0], signature, input }, keyCacheFor(jwk), () => jwk))) throw wasm.dpopSignatureInvalid();
    }
    if (typeof out[0] !== "string") throw out[0];
    const { replayKey, replayUntil, ...checked } = JSON.parse(out[0]);
    if (this.#replay !== null && !(await this.#replay.add(replayKey, replayUntil, now))) throw wasm.dpopReplayed();
    return checked;
  }
}

/** One replay store for every verifyDpopProof call that names none. */
let sharedReplay;
const checkers = new Map();

/**
 * Check a DPoP proof (RFC 9449 §4.3) for one request: `{ method, url,
 * accessToken?, jkt?, nonce?, algorithms?, maxAgeSeconds = 60,
 * clockTolerance = 30, maxProofSize = 8192, replayStore?, currentDate? }`.
 * `replayStore` defaults to one in-process MemoryReplayStore; `null` turns
 * the `jti` check off. Resolves to `{ jkt, jti, iat, header, payload }`.
 * Throws DpopProofError (`.check` says which), DpopBindingError or DpopNonceError.
 * @param {string} proof The `DPoP` header's value.
 * @param {VerifyDpopProofOptions} options
 * @returns {Promise<DpopProof>}
 */
export async function verifyDpopProof(proof, options) {
  const o = optionsOf(options);
  if (typeof proof !== "string") throw new ConfigError("the proof must be a string");
  const policy = Object.fromEntries(POLICY.map((n) => [n, o[n]]));
  // Compiled once per policy, for the shared store or none; a caller's own store gets its own checker.
  const shared = o.replayStore === undefined || o.replayStore === null;
  const policyKey = `${o.replayStore === null ? "none" : "shared"}:${toJson(policy, "DPoP options")}`;
  let checker = shared ? checkers.get(policyKey) : undefined;
  if (checker === undefined) {
    checker = new ProofChecker({ ...policy, replayStore: o.replayStore }, () => (sharedReplay ??= new MemoryReplayStore()));
    if (shared) {
      if (checkers.size >= 16) checkers.delete(checkers.keys().next().value);
      checkers.set(policyKey, checker);
    }
  }
  const { method, url, accessToken, jkt, nonce } = o;
  return checker.check(proof, { method, url: url instanceof URL ? url.href : url, accessToken, jkt, nonce }, nowSeconds(o));
}
