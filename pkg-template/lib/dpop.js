// DPoP on the client (RFC 9449): the key pair (DpopKey), proofs
// (createDpopProof), the nonces servers hand out (§8, §9), and sending a
// request with a proof, retried once when the server answers
// `use_dpop_nonce`. The proof's header and claims are built by the core
// (src/dpop/client.rs); the private key signs here, through WebCrypto, and
// is never extractable.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { generateCryptoKeyPair, jwkThumbprint } from "./jose.js";
import { hostHasEd25519, params } from "./webcrypto.js";
import { optionsOf } from "./args.js";
import { epochSeconds } from "./clock.js";

/** @typedef {"ES256" | "ES384" | "EdDSA" | "RS256" | "PS256"} DpopAlgorithm The algorithms of a new DPoP key. */

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
/** The private signing method of DpopKey (not part of the API). @internal */
const SIGN = Symbol("edgeauth.DpopKey.sign");

/** The JWS `alg` of a WebCrypto signing key. */
function algOf(algorithm) {
  const hash = algorithm?.hash?.name;
  switch (algorithm?.name) {
    case "Ed25519":
      return "EdDSA";
    case "ECDSA":
      return { "P-256": "ES256", "P-384": "ES384" }[algorithm.namedCurve];
    case "RSASSA-PKCS1-v1_5":
      return { "SHA-256": "RS256", "SHA-384": "RS384", "SHA-512": "RS512" }[hash];
    case "RSA-PSS":
      return { "SHA-256": "PS256", "SHA-384": "PS384", "SHA-512": "PS512" }[hash];
    default:
      return undefined;
  }
}

/** @param {CryptoKey} publicKey @returns {Promise<import("./jose.js").Jwk>} */
async function publicJwkOf(publicKey) {
  const { key_ops, ext, alg, use, ...jwk } = await crypto.subtle.exportKey("jwk", publicKey);
  return /** @type {import("./jose.js").Jwk} */ (jwk);
}

/**
 * A client's DPoP key pair. The private key is a non-extractable WebCrypto
 * key: it signs proofs and cannot be read, even by code running in the page.
 * `keyPair` can be kept in IndexedDB (CryptoKeys are structured-cloneable)
 * and restored with `DpopKey.fromKeyPair`.
 */
export class DpopKey {
  #privateKey;
  #publicKey;
  #publicJson;

  /**
   * @internal use generateDpopKey, DpopKey.fromKeyPair or DpopKey.fromJwk
   * @param {CryptoKey} privateKey
   * @param {CryptoKey} publicKey
   * @param {string} alg
   * @param {import("./jose.js").Jwk} publicJwk
   */
  constructor(privateKey, publicKey, alg, publicJwk) {
    if (!(privateKey instanceof CryptoKey) || privateKey.type !== "private") throw new ConfigError("use generateDpopKey(alg), DpopKey.fromKeyPair or DpopKey.fromJwk");
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.#publicJson = JSON.stringify(publicJwk);
    /** @readonly @type {DpopAlgorithm | "RS384" | "RS512" | "PS384" | "PS512"} The key's JWS algorithm. */
    this.alg = /** @type {any} */ (alg);
    /** @readonly The public key, as it appears in proofs. */
    this.publicJwk = publicJwk;
    /** @readonly RFC 7638 thumbprint: the `jkt` tokens are bound to (`cnf.jkt`, `dpop_jkt`). */
    this.jkt = jwkThumbprint(publicJwk);
    Object.freeze(this);
  }

  /**
   * `{ privateKey, publicKey }` to store, e.g. in IndexedDB (the private key stays non-extractable).
   * @returns {CryptoKeyPair}
   */
  get keyPair() {
    return { privateKey: this.#privateKey, publicKey: this.#publicKey };
  }

  /**
   * From a WebCrypto key pair (e.g. read back from IndexedDB).
   * @param {CryptoKeyPair} keyPair
   * @returns {Promise<DpopKey>}
   */
  static async fromKeyPair(keyPair) {
    const { privateKey, publicKey } = optionsOf(keyPair, "keyPair");
    if (!(privateKey instanceof CryptoKey) || !(publicKey instanceof CryptoKey) || privateKey.type !== "private" || publicKey.type !== "public") {
      throw new ConfigError("keyPair must be { privateKey, publicKey } WebCrypto keys");
    }
    const alg = algOf(privateKey.algorithm);
    if (alg === undefined || algOf(publicKey.algorithm) !== alg || !privateKey.usages.includes("sign")) throw new ConfigError("the key pair must be an ECDSA P-256/P-384, Ed25519 or RSA signing pair");
    return new DpopKey(privateKey, publicKey, alg, await publicJwkOf(publicKey));
  }

  /**
   * From a private JWK with `alg` (imported as a non-extractable key).
   * @param {import("./jose.js").Jwk} privateJwk
   * @returns {Promise<DpopKey>}
   */
  static async fromJwk(privateJwk) {
    const jwk = optionsOf(privateJwk, "privateJwk");
    const alg = jwk.alg === "Ed25519" ? "EdDSA" : jwk.alg;
    if (typeof alg !== "string" || params(alg) === undefined || alg.startsWith("HS") || typeof jwk.d !== "string") throw new ConfigError("privateJwk must be a private asymmetric JWK with its alg (ES256, EdDSA, ...)");
    if (alg === "EdDSA" && !(await hostHasEd25519())) throw new ConfigError("this runtime's WebCrypto has no Ed25519: use an ES256 DPoP key");
    const { key_ops, ext, use, kid, ...material } = jwk;
    const publicJwk = Object.fromEntries(Object.entries(material).filter(([k]) => !PRIVATE_MEMBERS.includes(k) && k !== "alg"));
    try {
      const privateKey = await crypto.subtle.importKey("jwk", material, params(alg).import, false, ["sign"]);
      const publicKey = await crypto.subtle.importKey("jwk", publicJwk, params(alg).import, true, ["verify"]);
      return new DpopKey(privateKey, publicKey, alg, await publicJwkOf(publicKey));
    } catch (cause) {
      if (cause instanceof ConfigError) throw cause;
      throw new ConfigError(`privateJwk cannot be imported for ${alg}: ${cause?.message ?? cause}`, { cause });
    }
  }

  /**
   * The signature of `input` (text) as base64url.
   * @internal
   * @param {string} input
   */
  async [SIGN](input) {
    const signature = await crypto.subtle.sign(params(this.alg).op, this.#privateKey, new TextEncoder().encode(input));
    return wasm.base64urlEncode(new Uint8Array(signature));
  }

  /** @internal */
  get publicJson() {
    return this.#publicJson;
  }
}

/**
 * A new DPoP key pair whose private key cannot be extracted.
 * @param {DpopAlgorithm | "Ed25519"} [alg] Default ES256. EdDSA needs Ed25519 in the host's WebCrypto.
 * @returns {Promise<DpopKey>}
 */
export async function generateDpopKey(alg = "ES256") {
  const ed = alg === "EdDSA" || alg === "Ed25519";
  if (ed && !(await hostHasEd25519())) throw new ConfigError("this runtime's WebCrypto has no Ed25519: use an ES256 DPoP key");
  const pair = await generateCryptoKeyPair(alg, false, true);
  return new DpopKey(pair.privateKey, pair.publicKey, ed ? "EdDSA" : alg, await publicJwkOf(pair.publicKey));
}

/**
 * A DPoP proof (RFC 9449 §4.2) for one request: `method` and `url` (its
 * query and fragment are left out of `htu`), and when given the
 * `accessToken` it accompanies (`ath`) and the server's `nonce`.
 * @param {DpopKey} key
 * @param {{ method: string, url: string | URL, accessToken?: string, nonce?: string }} options
 * @returns {Promise<string>}
 */
export async function createDpopProof(key, options) {
  if (!(key instanceof DpopKey)) throw new ConfigError("createDpopProof needs a DpopKey (generateDpopKey)");
  const { method, url, accessToken, nonce } = optionsOf(options);
  if (typeof method !== "string" || (typeof url !== "string" && !(url instanceof URL))) throw new ConfigError("createDpopProof needs { method, url }");
  for (const [name, v] of Object.entries({ accessToken, nonce })) if (v !== undefined && typeof v !== "string") throw new ConfigError(`${name} must be a string`);
  const input = wasm.dpopSigningInput(key.alg, key.publicJson, method, String(url), accessToken, nonce, epochSeconds());
  return `${input}.${await key[SIGN](input)}`;
}

/** The last nonce each server (by origin) handed out (§8.2: use it until it sends another). @internal */
export class DpopNonces {
  #byOrigin = new Map();

  static #origin(url) {
    return new URL(url).origin;
  }

  get(url) {
    return this.#byOrigin.get(DpopNonces.#origin(url));
  }

  /** Keep `value` (a `DPoP-Nonce` header) when it is a nonce. */
  remember(url, value) {
    if (typeof value === "string" && wasm.dpopNonceValid(value)) this.#byOrigin.set(DpopNonces.#origin(url), value);
  }
}

/**
 * Send one request with a fresh proof per attempt, remember the nonce the
 * answer carries, and try once more when the answer asks for a nonce
 * (`use_dpop_nonce`: 400 from an authorization server, 401 from a resource
 * server). `attempt(proof)` (`proof()` makes the proof) sends and resolves
 * to `{ status, header(name), body, discard? }` (`body`: text, or "" when
 * not read; `discard()` drops an unread body before the retry).
 * @internal
 * @param {DpopKey} key
 * @param {DpopNonces} nonces
 * @param {{ method: string, url: string, accessToken?: string }} request
 * @param {(proof: () => Promise<string>) => Promise<any>} attempt `{ status, header(name), body, discard? }`
 * @returns {Promise<any>} the last answer
 */
export async function sendWithDpop(key, nonces, { method, url, accessToken }, attempt) {
  let answer;
  for (let tries = 0; tries < 2; tries++) {
    const proof = () => createDpopProof(key, { method, url, accessToken, nonce: nonces.get(url) });
    answer = await attempt(proof);
    const fresh = answer.header("dpop-nonce") ?? undefined;
    nonces.remember(url, fresh);
    if (tries > 0 || wasm.dpopNonceRequested(answer.status, fresh, answer.header("www-authenticate") ?? undefined, answer.body) === undefined) break;
    await answer.discard?.();
  }
  return answer;
}
