// BrowserSession: one sign-in shared by every tab of a page's origin, built
// on OAuthClient (authorization code + PKCE, RFC 7636; refresh, RFC 6749 §6;
// revocation, RFC 7009; RP-initiated logout) and Session (the refresh itself).
//
// Tokens live only in memory. Tabs talk over a BroadcastChannel named
// `name` (the messages: tab-channel.js); a refresh runs under the Web Lock
// `name`, so only one tab at a time spends the refresh token. Refresh tokens
// rotate (RFC 9700 §4.14.2): spending one twice makes the provider revoke the
// whole grant, the failure oidc-client-ts users report with several tabs. The
// lock holder therefore first asks the other tabs whether one already holds
// newer tokens (a tab that was asleep may have missed the news) and adopts
// them instead of refreshing; it broadcasts what it obtained before it
// releases the lock, so a tab that waited finds them and makes no request.
//
// A tab that starts with no other tab to ask tries the provider's session
// once with `prompt=none` (OIDC Core §3.1.2.1) as a top-level redirect, not
// a hidden iframe as oidc-client-ts's signinSilent does: an iframe on
// another site sees no provider cookies where third-party cookies are
// blocked or partitioned (Safari, Firefox, Chrome's tracking protection).

import { ConfigError, InvalidGrantError, LoginRequiredError, ConsentRequiredError, InteractionRequiredError, NotSignedInError, OAuthInvalidResponseError } from "./errors.js";
import { numberOf, optionsOf } from "./args.js";
import { OAuthClient } from "./oauth.js";
import { Session, TokenSet, needsRefresh } from "./session.js";
import { TabChannel } from "./tab-channel.js";

/** Query parameters of an authorization response (RFC 6749 §4.1.2, RFC 9207, OIDC session management). */
const CALLBACK_PARAMS = ["code", "state", "iss", "error", "error_description", "error_uri", "session_state"];
/** The answers of a `prompt=none` request that mean "no session to reuse". */
const SILENT_MISSES = [LoginRequiredError, ConsentRequiredError, InteractionRequiredError];
/** setTimeout's largest delay (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Wait before retrying an automatic refresh that failed for a reason that may pass. */
const RETRY_SECONDS = 30;

/**
 * What changed, as `onChange` hears it.
 * @typedef {object} BrowserSessionChange
 * @property {"this tab" | "another tab"} from Where the new state was obtained.
 * @property {"signed-in" | "refreshed" | "signed-out" | "ended"} reason How: a sign-in, a refresh, a sign-out, or the provider ended the session (invalid_grant on refresh).
 */
/**
 * Options of a {@link BrowserSession}.
 * @typedef {object} BrowserSessionOptions
 * @property {string} [scope] Scope of the sign-in; default "openid".
 * @property {Record<string, string | string[]>} [authorizationParams] Extra authorization request parameters of every sign-in (`resource`, `audience`, ...).
 * @property {boolean} [usePar] Push the authorization request first (RFC 9126); default false.
 * @property {string} [name] BroadcastChannel and Web Lock name: tabs with the same name share one sign-in; default "edgeauth".
 * @property {number} [refreshBufferSeconds] Refresh this many seconds before expiry, at most half the tokens' lifetime; default 60.
 * @property {boolean} [silentSignIn] start() in a tab that finds no other tab tries the provider's session once with prompt=none (a redirect); default true.
 * @property {number} [answerTimeoutMs] How long to wait for the other tabs' answers, in ms; default 250.
 * @property {(tokens: TokenSet | null, change: BrowserSessionChange) => void} [onChange] Called whenever the tokens change, in this tab or from another one; null when signed out.
 * @property {(error: unknown) => void} [onRefreshError] An automatic refresh failed (a RefreshError); default: reported with reportError().
 * @property {{ getItem(key: string): string | null, setItem(key: string, value: string): void, removeItem(key: string): void }} [storage] Where the sign-in in flight (state, nonce, PKCE verifier) waits for the answer; default sessionStorage.
 * @property {{ request<T>(name: string, callback: () => T | PromiseLike<T>): Promise<T> }} [locks] A Web Locks LockManager; default navigator.locks (secure contexts only).
 */

/** `globalThis[name]`, or a ConfigError naming what needs it. */
function browserGlobal(name, what) {
  const value = globalThis[name];
  if (value === undefined || value === null) throw new ConfigError(`${what} needs a browser page (${name} is missing)`);
  return value;
}

/** A never-settling promise: the page is navigating away. */
const leaving = () => new Promise(() => {});

/**
 * One sign-in shared by every tab of the origin; tokens only in memory,
 * shared over a BroadcastChannel, one refresh at a time across tabs under a
 * Web Lock (docs/browser-sessions.md).
 * @example
 * const session = new BrowserSession(client, { scope: "openid profile" });
 * await session.start();
 * const token = await session.accessToken();
 */
export class BrowserSession {
  #client;
  #scope;
  #params;
  #usePar;
  #buffer;
  #silent;
  #onChange;
  #onRefreshError;
  #storage;
  #locks;
  #name;
  #tabs;
  /** @type {TokenSet | null} */
  #tokens = null;
  /** When the tokens (or the sign-out) this tab holds were obtained, ms since the epoch; 0 = never. */
  #version = 0;
  /** How they were obtained: "signed-in", "refreshed", "signed-out" or "ended". */
  #reason;
  #timer;
  #closed = false;

  /**
   * @param {OAuthClient} client An OAuthClient with a `redirectUri` (a public client, PKCE).
   * @param {BrowserSessionOptions} [options]
   */
  constructor(client, options) {
    if (!(client instanceof OAuthClient)) throw new ConfigError("BrowserSession needs an OAuthClient (OAuthClient.discover)");
    const { scope = "openid", authorizationParams, usePar = false, name = "edgeauth", refreshBufferSeconds = 60, silentSignIn = true, answerTimeoutMs = 250, onChange, onRefreshError, storage, locks } = optionsOf(options);
    if (typeof scope !== "string") throw new ConfigError("scope must be a string");
    if (typeof name !== "string" || name === "") throw new ConfigError("name must be a non-empty string");
    if (!(numberOf(refreshBufferSeconds, "refreshBufferSeconds") >= 0)) throw new ConfigError("refreshBufferSeconds must be a non-negative number");
    if (!(numberOf(answerTimeoutMs, "answerTimeoutMs") >= 0)) throw new ConfigError("answerTimeoutMs must be a non-negative number");
    for (const [what, fn] of [["onChange", onChange], ["onRefreshError", onRefreshError]]) {
      if (fn !== undefined && typeof fn !== "function") throw new ConfigError(`${what} must be a function`);
    }
    browserGlobal("BroadcastChannel", "BrowserSession");
    this.#storage = storage ?? browserGlobal("sessionStorage", "BrowserSession");
    if (typeof this.#storage.getItem !== "function" || typeof this.#storage.setItem !== "function" || typeof this.#storage.removeItem !== "function") throw new ConfigError("storage must be a Storage (getItem, setItem, removeItem)");
    this.#locks = locks ?? globalThis.navigator?.locks;
    if (typeof this.#locks?.request !== "function") throw new ConfigError("BrowserSession needs Web Locks (navigator.locks: a secure context, https or localhost), or a `locks` option");
    this.#client = client;
    this.#scope = scope;
    this.#params = { ...optionsOf(authorizationParams, "authorizationParams") };
    this.#usePar = Boolean(usePar);
    this.#buffer = refreshBufferSeconds;
    this.#silent = Boolean(silentSignIn);
    this.#onChange = onChange;
    this.#onRefreshError = onRefreshError;
    this.#name = name;
    this.#tabs = new TabChannel(name, answerTimeoutMs, {
      state: () => ({ tokens: this.#tokens, version: this.#version, reason: this.#reason }),
      adopt: (tokens, version, reason) => this.#adopt(tokens, version, "another tab", reason),
    });
  }

  /**
   * The tokens every tab shares, or null when signed out.
   * @returns {TokenSet | null}
   */
  get tokens() {
    return this.#tokens;
  }

  /** @returns {number | undefined} */
  get expiresAt() {
    return this.#tokens?.expiresAt;
  }

  /** @returns {number | undefined} */
  get expiresIn() {
    return this.#tokens?.expiresIn;
  }

  /**
   * Settle this tab: finish a sign-in whose answer is in the address bar,
   * else take the tokens of another open tab, else (once per tab, when
   * `silentSignIn`) ask the provider for its session with `prompt=none`,
   * which navigates away: the promise then never settles. Resolves with the
   * tokens, or null when not signed in. A silent attempt the provider
   * refuses (login_required, ...) resolves null; other callback errors throw.
   * @returns {Promise<TokenSet | null>}
   */
  async start() {
    this.#open();
    const location = browserGlobal("location", "start()");
    const params = new URL(location.href).searchParams;
    if (params.has("state") && (params.has("code") || params.has("error"))) return this.#callback(location);
    await this.#tabs.ask();
    if (this.#version > 0) return this.#tokens; // another tab answered: its tokens, or that it signed out
    if (!this.#silent || this.#storage.getItem(this.#key("silent"))) return null;
    this.#storage.setItem(this.#key("silent"), "1");
    return this.#redirect({ extraParams: { prompt: "none" } }, true);
  }

  /**
   * Send this tab to the provider to sign in (PKCE S256, state, nonce; the
   * three wait in `storage` until the answer comes back to start()).
   * Options: `scope`, `extraParams` (merged over `authorizationParams`),
   * `usePar`. Navigates away: the promise never settles.
   * @param {{ scope?: string, extraParams?: Record<string, string | string[]>, usePar?: boolean }} [options]
   * @returns {Promise<never>}
   */
  async signIn(options) {
    this.#open();
    return /** @type {Promise<never>} */ (this.#redirect(optionsOf(options), false));
  }

  /**
   * The access token, refreshed first (across tabs) when it expires within the refresh buffer; NotSignedInError when signed out;
   * TokenExpiredError when it has expired and there is no refresh token.
   * @returns {Promise<string>}
   */
  async accessToken() {
    const tokens = this.#current();
    if (needsRefresh(tokens, this.#effectiveBuffer())) return (await this.refresh()).accessToken;
    return tokens.accessToken;
  }

  /**
   * Refresh once for all tabs: under the Web Lock, adopt newer tokens another
   * tab holds, else spend the refresh token and share the result. When
   * another tab refreshed since this call began, no request is made.
   * `invalid_grant` signs every tab out; failures throw RefreshError.
   * @returns {Promise<TokenSet>}
   */
  async refresh() {
    this.#current();
    const since = this.#version;
    return this.#locks.request(this.#name, async () => {
      if (this.#version === since) await this.#tabs.ask();
      if (this.#version !== since) return this.#current();
      const old = this.#current();
      try {
        const fresh = await new Session(this.#client, old, {}).refresh();
        this.#adopt(fresh, this.#nextVersion(), "this tab", "refreshed");
        this.#tabs.share(fresh, this.#version, "refreshed");
        return fresh;
      } catch (e) {
        if (e?.cause instanceof InvalidGrantError) this.#end("ended", "this tab");
        throw e;
      }
    });
  }

  /**
   * Sign out in every tab: the tokens are dropped everywhere (under the
   * lock, so no refresh is in flight), the refresh token is revoked
   * (RFC 7009; `revoke: false` skips it), then, with `endSession` (default)
   * and a provider that has an end_session_endpoint, this tab follows
   * RP-initiated logout to `postLogoutRedirectUri`: the promise then never
   * settles.
   * @param {{ endSession?: boolean, postLogoutRedirectUri?: string, revoke?: boolean }} [options]
   * @returns {Promise<void>}
   */
  async signOut(options) {
    this.#open();
    const { endSession = true, postLogoutRedirectUri, revoke = true } = optionsOf(options);
    if (postLogoutRedirectUri !== undefined && typeof postLogoutRedirectUri !== "string") throw new ConfigError("postLogoutRedirectUri must be a string");
    const location = endSession && this.#client.metadata.end_session_endpoint ? browserGlobal("location", "signOut() with endSession") : undefined;
    const tokens = await this.#locks.request(this.#name, () => {
      const held = this.#tokens;
      this.#end("signed-out", "this tab");
      return held;
    });
    if (revoke && tokens?.refreshToken) await this.#client.revoke(tokens.refreshToken, { tokenTypeHint: "refresh_token" });
    if (!location) return;
    location.assign(this.#client.endSessionUrl({ idTokenHint: tokens?.idToken, postLogoutRedirectUri }));
    return leaving();
  }

  /**
   * Stop listening to the other tabs and stop refreshing; the session is unusable afterwards.
   * @returns {void}
   */
  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#tabs.close();
  }

  #open() {
    if (this.#closed) throw new ConfigError("this BrowserSession is closed");
  }

  /** The tokens, or NotSignedInError. */
  #current() {
    this.#open();
    if (!this.#tokens) throw new NotSignedInError("not signed in: sign in first (or the session ended or was signed out in another tab)");
    return this.#tokens;
  }

  #key(what) {
    return `${this.#name}:${what}`;
  }

  /** Newer than anything this tab has seen, on the tabs' shared clock. */
  #nextVersion() {
    return Math.max(Date.now(), this.#version + 1);
  }

  async #redirect({ scope = this.#scope, extraParams, usePar = this.#usePar }, silent) {
    const location = browserGlobal("location", "signIn()");
    const request = await this.#client.authorizationUrl({ scope, usePar, extraParams: { ...this.#params, ...optionsOf(extraParams, "extraParams") } });
    const { state, nonce, codeVerifier } = request;
    this.#storage.setItem(this.#key("pending"), JSON.stringify({ state, nonce, codeVerifier, silent }));
    location.assign(request.url);
    return leaving();
  }

  /** The provider sent this tab back with an answer: check it against the sign-in this tab started. */
  async #callback(location) {
    const url = location.href;
    const pending = JSON.parse(this.#storage.getItem(this.#key("pending")) ?? "null");
    this.#storage.removeItem(this.#key("pending")); // one use, whatever happens next
    const clean = new URL(url);
    for (const p of CALLBACK_PARAMS) clean.searchParams.delete(p);
    browserGlobal("history", "start()").replaceState(null, "", clean.href);
    if (!pending) {
      const e = new OAuthInvalidResponseError("this sign-in answer does not belong to a sign-in started in this tab (it was already used, or started elsewhere)");
      e.check = "state";
      throw e;
    }
    let tokens;
    try {
      tokens = await this.#client.handleCallback(url, pending);
    } catch (e) {
      if (pending.silent && SILENT_MISSES.some((c) => e instanceof c)) return null;
      throw e;
    }
    this.#storage.removeItem(this.#key("silent")); // a later start may look for the provider's session again
    await this.#locks.request(this.#name, () => {
      this.#adopt(tokens, this.#nextVersion(), "this tab", "signed-in");
      this.#tabs.share(tokens, this.#version, "signed-in");
    });
    return tokens;
  }

  /**
   * Hold `tokens` (null: signed out) obtained at `version` because of
   * `reason`; false when that is not newer than what this tab has.
   * onChange hears of it unless nothing changed (signed out before and after).
   */
  #adopt(tokens, version, from, reason) {
    if (!(version > this.#version)) return false;
    const next = tokens === null ? null : tokens instanceof TokenSet ? tokens : new TokenSet(tokens);
    const changed = next !== null || this.#tokens !== null;
    this.#tokens = next;
    this.#version = version;
    this.#reason = reason;
    this.#schedule();
    const onChange = this.#onChange;
    if (onChange && changed) queueMicrotask(() => onChange(next, { from, reason }));
    return true;
  }

  /** Signed out in every tab; `reason`: "signed-out" or "ended" (the provider refused the refresh). */
  #end(reason, from) {
    this.#adopt(null, this.#nextVersion(), from, reason);
    this.#tabs.share(null, this.#version, reason);
  }

  /**
   * The refresh buffer for these tokens: `refreshBufferSeconds`, but at most
   * half their lifetime, so short-lived tokens are not refreshed in a loop.
   */
  #effectiveBuffer() {
    const { expiresAt } = /** @type {TokenSet} */ (this.#tokens);
    if (expiresAt === undefined) return this.#buffer;
    const lifetime = expiresAt - this.#version / 1000;
    return Math.max(0, Math.min(this.#buffer, lifetime / 2));
  }

  /** Arm the automatic refresh `#effectiveBuffer()` seconds before expiry. Every tab arms one; the lock lets one refresh. */
  #schedule(delaySeconds) {
    clearTimeout(this.#timer);
    if (this.#closed || !this.#tokens || this.#tokens.expiresAt === undefined) return;
    const at = delaySeconds === undefined ? (this.#tokens.expiresAt - this.#effectiveBuffer()) * 1000 : Date.now() + delaySeconds * 1000;
    this.#timer = setTimeout(() => this.#autoRefresh(), Math.min(MAX_DELAY_MS, Math.max(0, at - Date.now())));
  }

  async #autoRefresh() {
    const version = this.#version;
    try {
      await this.refresh();
    } catch (e) {
      // A failure that may pass (network, 5xx) is retried while the tokens still live.
      if (this.#version === version && this.#tokens && (e?.cause?.retriable || e?.retriable)) this.#schedule(Math.min(RETRY_SECONDS, Math.max(1, /** @type {number} */ (this.#tokens.expiresIn) / 2)));
      if (this.#onRefreshError) this.#onRefreshError(e);
      else if (typeof globalThis.reportError === "function") globalThis.reportError(e);
    }
  }
}
