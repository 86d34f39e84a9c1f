// TokenSet (a token response) and Session (tokens that refresh themselves).
// Expiry decisions are the core's (src/oauth/token.rs is_expired).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, RefreshError, TokenExpiredError } from "./errors.js";
import { isWorkers } from "./http.js";
import { numberOf, optionsOf } from "./args.js";
import { epochSeconds as now } from "./clock.js";


/**
 * Options of a {@link Session} (`client.session(tokens, options)`).
 * @typedef {object} SessionOptions
 * @property {(tokens: TokenSet) => void | Promise<void>} [onRefresh] Called with the new tokens after each refresh (save them).
 * @property {(error: unknown) => void | Promise<void>} [onRefreshError] Called when a refresh fails, before RefreshError is thrown.
 * @property {number} [refreshBufferSeconds] Refresh this many seconds before expiry; default 60.
 */
/**
 * The fields of a {@link TokenSet}: `accessToken` and any of the others.
 * @typedef {object} TokenSetFields
 * @property {string} accessToken
 * @property {string} [tokenType] Default "Bearer".
 * @property {number} [expiresAt]
 * @property {string} [refreshToken]
 * @property {string} [idToken]
 * @property {string} [scope]
 * @property {import("./jose.js").JwtPayload} [claims]
 * @property {string} [issuedTokenType]
 */

/** A token response (RFC 6749 §5.1): the tokens, their type and lifetime, and the validated ID token claims. */
export class TokenSet {
  /** @param {TokenSetFields} fields */
  constructor(fields) {
    const { accessToken, tokenType = "Bearer", expiresAt, refreshToken, idToken, scope, claims, issuedTokenType } = optionsOf(fields, "the token set");
    if (typeof accessToken !== "string" || accessToken === "") throw new ConfigError("a TokenSet needs an accessToken");
    // Declarations for the types; Object.assign sets them.
    /** @type {string} */
    this.accessToken;
    /** @type {string} "Bearer", or "DPoP" for a client with a DPoP key. */
    this.tokenType;
    /** @type {number | undefined} Seconds since the epoch. */
    this.expiresAt;
    /** @type {string | undefined} */
    this.refreshToken;
    /** @type {string | undefined} */
    this.idToken;
    /** @type {string | undefined} */
    this.scope;
    /** @type {import("./jose.js").JwtPayload | undefined} The validated ID token payload. */
    this.claims;
    /** @type {string | undefined} RFC 8693 token exchange only. */
    this.issuedTokenType;
    Object.assign(this, { accessToken, tokenType, expiresAt, refreshToken, idToken, scope, claims, issuedTokenType });
  }

  /**
   * Seconds until `expiresAt` (never negative); undefined when the server gave no lifetime.
   * @returns {number | undefined}
   */
  get expiresIn() {
    return this.expiresAt === undefined ? undefined : Math.max(0, this.expiresAt - now());
  }

  /**
   * Whether the access token expires within `bufferSeconds` (default 30); false without `expiresAt`.
   * @param {number} [bufferSeconds]
   * @returns {boolean}
   */
  isExpired(bufferSeconds = 30) {
    numberOf(bufferSeconds, "bufferSeconds");
    const expiresAt = this.expiresAt ?? undefined;
    return wasm.oauthTokenExpired(expiresAt === undefined ? undefined : numberOf(expiresAt, "expiresAt"), now(), bufferSeconds);
  }
}

/**
 * Whether `tokens` need a refresh before use (they expire within
 * `bufferSeconds`). Without a refresh token: TokenExpiredError once the
 * access token has expired, false while it is still good.
 * @internal
 * @param {TokenSet} tokens
 * @param {number} bufferSeconds
 * @returns {boolean}
 */
export function needsRefresh(tokens, bufferSeconds) {
  if (!tokens.isExpired(bufferSeconds)) return false;
  if (tokens.refreshToken) return true;
  if (tokens.isExpired(0)) throw new TokenExpiredError("the access token has expired and there is no refresh token: sign in again");
  return false;
}

/** Tokens that refresh themselves: made by `client.session(tokens, options)`. */
export class Session {
  #client;
  #tokens;
  #onRefresh;
  #onRefreshError;
  #pending;

  /**
   * @internal use client.session(tokens, options)
   * @param {import("./oauth.js").OAuthClient} client
   * @param {TokenSet} tokens
   * @param {SessionOptions} [options]
   */
  constructor(client, tokens, options) {
    const { onRefresh, onRefreshError, refreshBufferSeconds = 60 } = optionsOf(options);
    if (!(refreshBufferSeconds >= 0)) throw new ConfigError("refreshBufferSeconds must be a non-negative number");
    this.#client = client;
    this.#tokens = tokens;
    this.#onRefresh = onRefresh;
    this.#onRefreshError = onRefreshError;
    /** Refresh this many seconds before expiry. */
    this.refreshBufferSeconds = refreshBufferSeconds;
  }

  /** The current tokens. @returns {TokenSet} */
  get tokens() {
    return this.#tokens;
  }

  /** @returns {number | undefined} */
  get expiresAt() {
    return this.#tokens.expiresAt;
  }

  /** @returns {number | undefined} */
  get expiresIn() {
    return this.#tokens.expiresIn;
  }

  /**
   * @param {number} [bufferSeconds] Default 30.
   * @returns {boolean}
   */
  isExpired(bufferSeconds = 30) {
    return this.#tokens.isExpired(bufferSeconds);
  }

  /**
   * The access token, refreshed first when it expires within refreshBufferSeconds; concurrent calls share one refresh (not across requests on Workers).
   * Without a refresh token: the token while it is good, then TokenExpiredError.
   * @returns {Promise<string>}
   */
  async accessToken() {
    if (needsRefresh(this.#tokens, this.refreshBufferSeconds)) await this.refresh();
    return this.#tokens.accessToken;
  }

  /**
   * `fetch` to a protected resource with the (refreshed) access token: see `client.fetchProtected`.
   * @param {string | URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetch(input, init) {
    return this.#client.fetchProtected(await this.accessToken(), input, init);
  }

  /**
   * Refresh now. Concurrent callers share one refresh (a rotated refresh
   * token can be used once), except on Workers, where a promise must not
   * cross requests.
   * @returns {Promise<TokenSet>}
   */
  async refresh() {
    if (this.#pending && !isWorkers) return this.#pending;
    const run = this.#refreshOnce();
    this.#pending = run;
    try {
      return await run;
    } finally {
      if (this.#pending === run) this.#pending = undefined;
    }
  }

  async #refreshOnce() {
    const old = this.#tokens;
    try {
      if (!old.refreshToken) throw new ConfigError("the session has no refresh token");
      const fresh = await this.#client.refresh(old.refreshToken, { expectedSubject: old.claims?.sub });
      // OIDC Core §12.2: a refresh answer may omit the refresh token and the ID token.
      this.#tokens = new TokenSet({ ...fresh, refreshToken: fresh.refreshToken ?? old.refreshToken, idToken: fresh.idToken ?? old.idToken, claims: fresh.claims ?? old.claims });
    } catch (cause) {
      await this.#onRefreshError?.(cause);
      throw new RefreshError(`the session could not refresh: ${cause?.message ?? cause}`, { cause });
    }
    await this.#onRefresh?.(this.#tokens);
    return this.#tokens;
  }
}
