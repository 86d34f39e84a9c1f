// Replay stores for DelegationServer (docs/delegation.md §5). A store answers
// one question: record `key` until `expiresAt` (Unix seconds) unless it is
// already recorded. The core decides the window and the expiry; these only
// remember. KvReplayStore adapts Workers KV or a Durable Object's storage.

import { ConfigError } from "./errors.js";
import { numberOf, optionsOf } from "./args.js";
import { epochSeconds } from "./clock.js";

/**
 * Records request ids (delegation) and DPoP proof `jti`s.
 * @typedef {object} ReplayStore
 * @property {(key: string, expiresAt: number, now?: number) => Promise<boolean>} add Record `key` until `expiresAt` (Unix seconds); resolves false when it was recorded before and has not expired.
 */

function checked(key, expiresAt, now) {
  if (typeof key !== "string") throw new ConfigError("the replay key must be a string");
  numberOf(expiresAt, "expiresAt");
  numberOf(now, "now");
}

const PRUNE_EVERY = 60;

/**
 * Request ids seen by this process (the default; one isolate or one Node
 * process). Expired ids are pruned at most once a minute. Not bounded: only
 * requests with a valid tenant signature are recorded, and dropping a live
 * id would let its request be replayed.
 */
/** @implements {ReplayStore} */
export class MemoryReplayStore {
  #seen = new Map();
  #nextPrune = 0;

  /**
   * Record `key` until `expiresAt`.
   * @param {string} key
   * @param {number} expiresAt Unix seconds.
   * @param {number} [now] Unix seconds; default the system clock.
   * @returns {Promise<boolean>} false when `key` was recorded before and has not expired at `now`
   */
  async add(key, expiresAt, now = epochSeconds()) {
    checked(key, expiresAt, now);
    if (now >= this.#nextPrune) {
      for (const [k, until] of this.#seen) if (until < now) this.#seen.delete(k);
      this.#nextPrune = now + PRUNE_EVERY;
    }
    const until = this.#seen.get(key);
    if (until !== undefined && until >= now) return false;
    this.#seen.set(key, expiresAt);
    return true;
  }

  /**
   * Ids held, including expired ones not yet pruned.
   * @returns {number}
   */
  get size() {
    return this.#seen.size;
  }
}

/**
 * A replay store over anything with `get(key)` and `put(key, value, { expirationTtl })`:
 * a Workers KV namespace, or `state.storage` inside a Durable Object (which
 * ignores the TTL; the stored expiry is checked on read instead). KV is
 * eventually consistent between locations, so a Durable Object is the choice
 * when a replay at another location within seconds must be caught.
 */
/** @implements {ReplayStore} */
export class KvReplayStore {
  #kv;
  #prefix;

  /**
   * @param {{ get(key: string): Promise<unknown>, put(key: string, value: string, options: { expirationTtl: number }): Promise<unknown> }} kv A Workers KV namespace, or a Durable Object's `state.storage`.
   * @param {{ prefix?: string }} [options] `prefix`: key prefix (default `"edgeauth-replay:"`).
   */
  constructor(kv, options) {
    const { prefix = "edgeauth-replay:" } = optionsOf(options);
    if (typeof kv?.get !== "function" || typeof kv?.put !== "function") throw new ConfigError("KvReplayStore needs an object with get(key) and put(key, value, options)");
    if (typeof prefix !== "string") throw new ConfigError("prefix must be a string");
    this.#kv = kv;
    this.#prefix = prefix;
  }

  /**
   * Record `key` until `expiresAt`.
   * @param {string} key
   * @param {number} expiresAt Unix seconds.
   * @param {number} [now] Unix seconds; default the system clock.
   * @returns {Promise<boolean>} false when `key` was recorded before and has not expired at `now`
   */
  async add(key, expiresAt, now = epochSeconds()) {
    checked(key, expiresAt, now);
    const name = this.#prefix + key;
    const seen = await this.#kv.get(name);
    if (seen !== null && seen !== undefined && Number(seen) >= now) return false;
    // Workers KV refuses TTLs under 60 seconds.
    await this.#kv.put(name, String(expiresAt), { expirationTtl: Math.max(60, expiresAt - now + 1) });
    return true;
  }
}
