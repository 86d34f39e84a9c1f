// Tokens shared between the app's open tabs, never written to storage.
//
// Each tab keeps the TokenSet in memory. Tabs talk over a BroadcastChannel:
//   { type: "ask" }                     a tab wants the current tokens
//   { type: "tokens", tokens, version } the sender's tokens (answer or news)
//   { type: "signout", reason }         tokens are gone for every tab
// `version` is the time (ms) the tokens were obtained; newer wins.
//
// Refresh tokens rotate: spending one twice makes the provider revoke the
// whole grant. So a refresh runs under a Web Lock (navigator.locks) shared
// by all tabs of the origin; the tab holding it first asks the other tabs
// whether they already hold tokens newer than the ones it meant to refresh,
// and only refreshes when none does. A tab that waited for the lock finds
// the refreshed tokens (broadcast before the lock is released) and does not
// refresh again.
import { TokenSet } from "edgeauth/login";
import { PageError } from "./messages.js";

const LOCK = "edgeauth-demo-refresh";
/** How long a tab waits for other tabs' answers before deciding nobody has tokens. */
const ANSWER_MS = 250;

export class TabSync {
  #channel;
  #client;
  #onChange;
  #tokens = null;
  #version = 0;
  #waiters = new Set();

  /** `onChange(tokens | null, { from: "this tab" | "another tab", reason? })` */
  constructor(client, onChange) {
    this.#client = client;
    this.#onChange = onChange;
    this.#channel = new BroadcastChannel("edgeauth-demo");
    this.#channel.onmessage = ({ data }) => this.#receive(data);
  }

  get tokens() {
    return this.#tokens;
  }

  /** Tokens this tab obtained (sign-in); shared with the other tabs. */
  set(tokens) {
    this.#adopt(tokens, Date.now(), "this tab");
    this.#broadcast();
  }

  /** Ask the open tabs for their tokens; true when one answered. */
  async join() {
    await this.#ask();
    return this.#tokens !== null;
  }

  /**
   * Refresh once for all tabs. Returns the tokens every tab now holds; when
   * another tab refreshed since `since` (a version), no request is made.
   */
  async refresh(since = this.#version) {
    return navigator.locks.request(LOCK, async () => {
      if (this.#version !== since) return this.#tokens;
      await this.#ask();
      if (this.#version !== since) return this.#tokens;
      const old = this.#tokens;
      if (!old?.refreshToken) throw new PageError("You are not signed in any more, so there is nothing to refresh.");
      try {
        const fresh = await this.#client.refresh(old.refreshToken, { expectedSubject: old.claims?.sub });
        // A refresh answer may omit the refresh and ID tokens: keep the old ones then.
        const merged = new TokenSet({ ...fresh, refreshToken: fresh.refreshToken ?? old.refreshToken, idToken: fresh.idToken ?? old.idToken, claims: fresh.claims ?? old.claims });
        this.#adopt(merged, Date.now(), "this tab (refresh)");
        this.#broadcast();
        return merged;
      } catch (e) {
        if (e?.error === "invalid_grant") this.signOut("the session ended");
        throw e;
      }
    });
  }

  /** Forget the tokens here and in every other tab. */
  signOut(reason = "signed out") {
    this.#tokens = null;
    this.#version = Date.now();
    this.#channel.postMessage({ type: "signout", reason, version: this.#version });
    this.#onChange(null, { from: "this tab", reason });
  }

  /** The version the tokens in this tab have (pass it to refresh()). */
  get version() {
    return this.#version;
  }

  #adopt(tokens, version, from) {
    this.#tokens = tokens instanceof TokenSet ? tokens : new TokenSet(tokens);
    this.#version = version;
    this.#onChange(this.#tokens, { from });
    for (const wake of this.#waiters) wake();
  }

  #broadcast() {
    this.#channel.postMessage({ type: "tokens", tokens: { ...this.#tokens }, version: this.#version });
  }

  /** Post an "ask" and wait for a newer answer, at most ANSWER_MS. */
  #ask() {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ANSWER_MS);
      this.#waiters.add(done);
      this.#channel.postMessage({ type: "ask" });
    });
  }

  #receive(message) {
    if (message?.type === "ask" && this.#tokens) this.#broadcast();
    if (message?.type === "tokens" && message.version > this.#version) this.#adopt(message.tokens, message.version, "another tab");
    if (message?.type === "signout" && message.version > this.#version) {
      this.#tokens = null;
      this.#version = message.version;
      this.#onChange(null, { from: "another tab", reason: message.reason });
    }
  }
}
