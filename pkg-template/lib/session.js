// TokenSet (a token response) and Session (tokens that refresh themselves).
// Expiry decisions are the core's (src/oauth/token.rs is_expired).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, RefreshError } from "./errors.js";
import { isWorkers } from "./http.js";
import { numberOf, optionsOf } from "./args.js";
import { epochSeconds as now } from "./clock.js";


export class TokenSet {
  constructor(fields) {
    const { accessToken, tokenType = "Bearer", expiresAt, refreshToken, idToken, scope, claims, issuedTokenType } = optionsOf(fields, "the token set");
    if (typeof accessToken !== "string" || accessToken === "") throw new ConfigError("a TokenSet needs an accessToken");
    Object.assign(this, { accessToken, tokenType, expiresAt, refreshToken, idToken, scope, claims, issuedTokenType });
  }

  /** Seconds until `expiresAt` (never negative); undefined when the server gave no lifetime. */
  get expiresIn() {
    return this.expiresAt === undefined ? undefined : Math.max(0, this.expiresAt - now());
  }

  isExpired(bufferSeconds = 30) {
    numberOf(bufferSeconds, "bufferSeconds");
    const expiresAt = this.expiresAt ?? undefined;
    return wasm.oauthTokenExpired(expiresAt === undefined ? undefined : numberOf(expiresAt, "expiresAt"), now(), bufferSeconds);
  }
}

export class Session {
  #client;
  #tokens;
  #onRefresh;
  #onRefreshError;
  #pending;

  /** @internal use client.session(tokens, options) */
  constructor(client, tokens, options) {
    const { onRefresh, onRefreshError, refreshBufferSeconds = 60 } = optionsOf(options);
    if (!(refreshBufferSeconds >= 0)) throw new ConfigError("refreshBufferSeconds must be a non-negative number");
    this.#client = client;
    this.#tokens = tokens;
    this.#onRefresh = onRefresh;
    this.#onRefreshError = onRefreshError;
    this.refreshBufferSeconds = refreshBufferSeconds;
  }

  get tokens() {
    return this.#tokens;
  }

  get expiresAt() {
    return this.#tokens.expiresAt;
  }

  get expiresIn() {
    return this.#tokens.expiresIn;
  }

  isExpired(bufferSeconds = 30) {
    return this.#tokens.isExpired(bufferSeconds);
  }

  /** The access token, refreshed first when it expires within refreshBufferSeconds. */
  async accessToken() {
    if (this.isExpired(this.refreshBufferSeconds)) await this.refresh();
    return this.#tokens.accessToken;
  }

  /** `fetch` to a protected resource with the (refreshed) access token: see `client.fetchProtected`. */
  async fetch(input, init) {
    return this.#client.fetchProtected(await this.accessToken(), input, init);
  }

  /**
   * Refresh now. Concurrent callers share one refresh (a rotated refresh
   * token can be used once), except on Workers, where a promise must not
   * cross requests.
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
