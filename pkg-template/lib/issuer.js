// TokenIssuer: access and refresh tokens for your own API, refresh rotation
// with reuse detection (RFC 9700 §4.14.2), revocation through a shared store.
// Claims are built in the core (src/issuer.rs); signing and checks use the
// JOSE functions of this package.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, RefreshTokenReuseError, TokenRevokedError } from "./errors.js";
import { signJwt, verifyJwt, jwkThumbprint } from "./jose.js";
import { MemoryRevocationStore } from "./revocation.js";
import { jwkFromPem, unarmour } from "./pem.js";
import { optionalString, optionsOf, toJson } from "./args.js";
import { epochSeconds } from "./clock.js";

const ACCESS_TYP = "at+jwt";
const REFRESH_TYP = "rt+jwt";
const FAMILY = "fam:";
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * Options of a {@link TokenIssuer}: exactly one of `secret` and `privateJwk`.
 * @typedef {object} TokenIssuerOptions
 * @property {string | Uint8Array} [secret] HMAC secret (at least as long as the hash: 32 bytes for HS256).
 * @property {import("./jose.js").Jwk | string} [privateJwk] Or a private JWK (EdDSA, ES256, RS256, ...), or a PEM PKCS#8 private key with `algorithm` (read when the issuer first issues or verifies a token).
 * @property {import("./jose.js").Algorithm} [algorithm] Default HS256 with a secret, the JWK's `alg` otherwise; required with a PEM key.
 * @property {string} [issuer] `iss` of the tokens.
 * @property {string} [audience] `aud` of the tokens.
 * @property {number} [accessTtlSeconds] Default 900.
 * @property {number} [refreshTtlSeconds] Default 2592000 (30 days).
 * @property {import("./revocation.js").RevocationStore} [revocation] Default: a MemoryRevocationStore.
 */

/**
 * Access and refresh tokens for your own API: `typ: at+jwt` (RFC 9068) and
 * `rt+jwt`, refresh rotation with reuse detection (RFC 9700 §4.14.2),
 * revocation through a {@link RevocationStore}.
 */
export class TokenIssuer {
  /** @type {import("./jose.js").Jwk | Uint8Array | string} */
  #signingKey;
  /** @type {import("./jose.js").Jwk | Uint8Array | string} */
  #verifyKey;
  #alg;
  #kid;
  #settings;
  #accessTtl;
  #refreshTtl;
  #store;
  #publicJwk;
  #accessOptions;
  #refreshOptions;
  #pem;

  /** @param {TokenIssuerOptions} options */
  constructor(options) {
    const { secret, privateJwk, algorithm, issuer, audience, accessTtlSeconds = 900, refreshTtlSeconds = 2_592_000, revocation = new MemoryRevocationStore() } = optionsOf(options);
    if ((secret === undefined) === (privateJwk === undefined)) throw new ConfigError("give exactly one of secret (HMAC) and privateJwk");
    if (secret !== undefined) {
      this.#signingKey = this.#verifyKey = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
      if (!(this.#signingKey instanceof Uint8Array)) throw new ConfigError("secret must be a string or a Uint8Array");
      this.#alg = algorithm ?? "HS256";
    } else if (typeof privateJwk === "string") {
      if (typeof algorithm !== "string") throw new ConfigError("a PEM privateJwk needs the algorithm option (RS256, PS256, ES256, ES384, EdDSA, ...)");
      unarmour(privateJwk, "PRIVATE KEY"); // the form now; the key itself on first use (WebCrypto is async)
      this.#alg = algorithm;
      this.#pem = this.#signingKey = this.#verifyKey = privateJwk; // until #key() reads it
    } else {
      if (privateJwk === null || typeof privateJwk !== "object" || privateJwk.d === undefined) throw new ConfigError("privateJwk must be a private JWK or a PEM private key");
      this.#alg = algorithm ?? privateJwk.alg;
      if (typeof this.#alg !== "string") throw new ConfigError("the algorithm is required when privateJwk has no alg");
      this.#signingKey = privateJwk;
      this.#verifyKey = this.#publish(privateJwk);
    }
    for (const [name, v] of Object.entries({ accessTtlSeconds, refreshTtlSeconds })) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${name} must be a positive integer`);
    }
    if (typeof revocation?.has !== "function" || typeof revocation?.add !== "function") throw new ConfigError("revocation must be a RevocationStore");
    this.#settings = new wasm.IssuerSettings(optionalString(issuer, "issuer"), optionalString(audience, "audience"));
    this.#accessTtl = accessTtlSeconds;
    this.#refreshTtl = refreshTtlSeconds;
    this.#store = revocation;
    const common = { issuer, audience, algorithms: [this.#alg], requiredClaims: ["sub", "iat", "exp", "jti"] };
    this.#accessOptions = { ...common, typ: ACCESS_TYP };
    this.#refreshOptions = { ...common, typ: REFRESH_TYP, requiredClaims: [...common.requiredClaims, "fam"] };
  }

  /**
   * Sets the kid and public JWK of `privateJwk`, and returns the public JWK.
   * @param {import("./jose.js").Jwk} privateJwk
   */
  #publish(privateJwk) {
    const publicJwk = /** @type {import("./jose.js").Jwk} */ (Object.fromEntries(Object.entries(privateJwk).filter(([k]) => !PRIVATE_MEMBERS.includes(k) && k !== "key_ops" && k !== "ext")));
    this.#kid = privateJwk.kid ?? jwkThumbprint(publicJwk);
    this.#publicJwk = { ...publicJwk, alg: this.#alg, kid: this.#kid, use: "sig" };
    return this.#publicJwk;
  }

  /** A PEM key becomes the JWK it holds on first use (WebCrypto is async); the key to verify with. */
  async #key() {
    if (this.#pem !== undefined) {
      const jwk = await jwkFromPem(this.#pem, this.#alg);
      if (this.#pem !== undefined) {
        this.#signingKey = jwk;
        this.#verifyKey = this.#publish(jwk);
        this.#pem = undefined;
      }
    }
    return this.#verifyKey;
  }

  /** The payload of `token`, verified with this issuer's key. */
  async #verify(token, options) {
    return (await verifyJwt(token, this.#pem === undefined ? this.#verifyKey : await this.#key(), options)).payload;
  }

  async #issue(refresh, family, sub, claims = {}) {
    if (this.#pem !== undefined) await this.#key();
    if (typeof sub !== "string") throw new ConfigError("sub must be a string");
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) throw new ConfigError("claims must be an object");
    const now = epochSeconds();
    const payload = this.#settings.claims(refresh, optionalString(family, "the token family"), sub, toJson(claims, "claims"), now, refresh ? this.#refreshTtl : this.#accessTtl);
    return signJwt(JSON.parse(payload), this.#signingKey, { alg: this.#alg, kid: this.#kid, typ: refresh ? REFRESH_TYP : ACCESS_TYP });
  }

  /**
   * A signed access token (`typ: at+jwt`) for `sub` with extra `claims` (reserved claims cannot be overridden).
   * @param {string} sub
   * @param {Record<string, unknown>} [claims]
   * @returns {Promise<string>}
   */
  issueAccess(sub, claims) {
    return this.#issue(false, undefined, sub, claims);
  }

  /**
   * A signed refresh token (`typ: rt+jwt`) starting a new rotation family.
   * @param {string} sub
   * @param {Record<string, unknown>} [claims]
   * @returns {Promise<string>}
   */
  issueRefresh(sub, claims) {
    return this.#issue(true, undefined, sub, claims);
  }

  /**
   * The claims of a valid access token; a refresh token is refused (ERR_JWT_CLAIM_INVALID, claim "typ").
   * @param {string} token
   * @returns {Promise<import("./jose.js").JwtPayload>}
   */
  async verifyAccess(token) {
    return this.#verify(token, this.#accessOptions);
  }

  /**
   * The claims of a valid, unrevoked refresh token.
   * @param {string} token
   * @returns {Promise<import("./jose.js").JwtPayload>}
   */
  async verifyRefresh(token) {
    const claims = await this.#verify(token, this.#refreshOptions);
    if ((await this.#store.has(claims.jti)) || (await this.#store.has(FAMILY + claims.fam))) throw new TokenRevokedError("the refresh token has been revoked");
    return claims;
  }

  /**
   * Revoke a refresh token until it expires.
   * @param {string} token
   * @returns {Promise<void>}
   */
  async revokeRefresh(token) {
    const claims = await this.#verify(token, this.#refreshOptions);
    await this.#store.add(claims.jti, claims.exp);
  }

  /**
   * Spend a refresh token: revoke it and return a new access + refresh pair
   * in the same family. Presenting a token that was already spent or revoked
   * revokes its whole family and throws RefreshTokenReuseError (RFC 9700
   * §4.14.2). Spending is the store's atomic `consume`, so of concurrent
   * rotations of one token exactly one wins; the others are reuse.
   * @param {string} token
   * @returns {Promise<{ accessToken: string, refreshToken: string }>}
   */
  async rotateRefresh(token) {
    const claims = await this.#verify(token, this.#refreshOptions);
    if (typeof this.#store.consume !== "function") {
      throw new ConfigError("rotateRefresh needs a revocation store with an atomic consume(jti, expiresAt): MemoryRevocationStore, RedisRevocationStore or DurableObjectRevocationStore");
    }
    // The family check comes first: a loser revokes the family only after
    // the winner's consume, so it never turns the winner away.
    let spent = await this.#store.has(FAMILY + claims.fam);
    if (!spent) {
      const fresh = await this.#store.consume(claims.jti, claims.exp);
      if (typeof fresh !== "boolean") throw new ConfigError("the revocation store's consume() must resolve to a boolean");
      spent = !fresh;
    }
    if (spent) {
      await this.#store.add(FAMILY + claims.fam, epochSeconds() + this.#refreshTtl);
      throw new RefreshTokenReuseError("this refresh token was already used: its whole family is now revoked");
    }
    const { sub, iss, aud, iat, exp, jti, fam, ...extra } = claims;
    const [accessToken, refreshToken] = await Promise.all([this.#issue(false, undefined, sub, extra), this.#issue(true, fam, sub, extra)]);
    return { accessToken, refreshToken };
  }

  /**
   * The public keys that verify this issuer's tokens (asymmetric issuers
   * only). An issuer given a PEM key knows its public key once it has issued
   * or verified a token; to publish it before, give it `await importPkcs8(pem, alg)`.
   * @returns {import("./jose.js").JwkSet}
   */
  jwks() {
    if (this.#pem !== undefined) throw new ConfigError("this issuer's PEM key is imported when it first issues or verifies a token, and jwks() needs it: to publish keys before that, pass privateJwk: await importPkcs8(pem, algorithm)");
    if (this.#publicJwk === undefined) throw new ConfigError("an HMAC issuer has no public keys");
    return { keys: [this.#publicJwk] };
  }
}
