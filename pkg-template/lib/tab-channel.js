// The messages BrowserSession's tabs exchange over a BroadcastChannel (HTML
// §9.5, same origin only, never stored):
//   { type: "ask" }                                  a tab wants the current state
//   { type: "state", tokens, version, reason }       the sender's tokens (null: signed
//                                                    out), as an answer or as news
// `version` is when that state was obtained (ms since the epoch); a tab
// adopts a state only when it is newer than its own. `reason` is how the
// sender came to it: "signed-in", "refreshed", "signed-out" or "ended".

const REASONS = ["signed-in", "refreshed", "signed-out", "ended"];

export class TabChannel {
  #channel;
  #answerMs;
  #host;
  #waiters = new Set();

  /**
   * `host.state()` → `{ tokens, version, reason }` of this tab;
   * `host.adopt(tokens, version, reason)` → true when the tab took the state.
   */
  constructor(name, answerMs, host) {
    this.#channel = new BroadcastChannel(name);
    this.#answerMs = answerMs;
    this.#host = host;
    this.#channel.onmessage = ({ data }) => this.#receive(data);
  }

  /** Tell the other tabs about a new state. */
  share(tokens, version, reason) {
    this.#channel.postMessage({ type: "state", tokens: tokens === null ? null : { ...tokens }, version, reason });
  }

  /** Ask the other tabs for their state; resolves once one newer was adopted, or after the answer time. */
  /** @returns {Promise<void>} */
  ask() {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#answerMs);
      this.#waiters.add(done);
      this.#channel.postMessage({ type: "ask" });
    });
  }

  close() {
    this.#channel.close();
    for (const done of this.#waiters) done();
  }

  #receive(message) {
    if (message?.type === "ask") {
      const { tokens, version, reason } = this.#host.state();
      if (version > 0) this.share(tokens, version, reason);
      return;
    }
    if (message?.type !== "state" || !Number.isFinite(message.version) || !REASONS.includes(message.reason)) return;
    if (message.tokens !== null && typeof message.tokens !== "object") return;
    let adopted = false;
    try {
      adopted = this.#host.adopt(message.tokens, message.version, message.reason);
    } catch {
      return; // not a token set (TokenSet refused it)
    }
    if (adopted) for (const done of this.#waiters) done();
  }
}
