// Revocation stores: the RevocationStore interface is
//   { has(jti): Promise<boolean>,
//     add(jti, expiresAt /* epoch seconds */): Promise<void>,
//     consume(jti, expiresAt): Promise<boolean> }.
// Entries only need to live until the token they revoke would expire.
//
// `consume` is how a refresh token is spent (TokenIssuer.rotateRefresh): it
// records `jti` and resolves true only if it was not recorded before (by
// `add` or `consume`), as ONE step of the backend: a synchronous
// check-and-set in memory, `SET NX` in Redis, one request to a Durable
// Object (durable.js). It is never built from `has` then `add`: two callers
// could both see "absent" in between (issue 15). Workers KV has no such
// step, so KvRevocationStore refuses to consume.

import { ConfigError } from "./errors.js";
import { optionsOf } from "./args.js";
import { epochSeconds as nowSeconds } from "./clock.js";


/**
 * Where a TokenIssuer records revoked and spent refresh tokens.
 * @typedef {object} RevocationStore
 * @property {(jti: string) => Promise<boolean>} has Whether `jti` is recorded and unexpired.
 * @property {(jti: string, expiresAt: number) => Promise<void>} add Record `jti`; `expiresAt`: epoch seconds after which the entry may be forgotten.
 * @property {(jti: string, expiresAt: number) => Promise<boolean>} [consume] Record `jti` unless already recorded (by `add` or `consume`) and unexpired, as ONE atomic step of the backend; resolves true only for the call that recorded it. Needed by `rotateRefresh`.
 */

function jtiOf(jti) {
  if (typeof jti !== "string") throw new ConfigError("the jti must be a string");
  return jti;
}

function expiryOf(expiresAt) {
  if (typeof expiresAt !== "number" || Number.isNaN(expiresAt)) throw new ConfigError("expiresAt must be epoch seconds");
  return expiresAt;
}

/**
 * In-process store with expiring entries, bounded to `maxEntries`. When full,
 * expired entries go first, then those closest to expiring (the tokens they
 * revoke are about to die anyway). One process only: use a shared store
 * (Workers KV, Redis) for several instances.
 */
/** @implements {RevocationStore} */
export class MemoryRevocationStore {
  #entries = new Map();
  #max;

  /** @param {{ maxEntries?: number }} [options] `maxEntries`: default 100000. */
  constructor(options) {
    const { maxEntries = 100_000 } = optionsOf(options);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new ConfigError("maxEntries must be a positive integer");
    this.#max = maxEntries;
  }

  /** @returns {number} Entries held, including expired ones not yet pruned. */
  get size() {
    return this.#entries.size;
  }

  /**
   * Whether `jti` is recorded and unexpired.
   * @param {string} jti
   * @returns {Promise<boolean>}
   */
  async has(jti) {
    const expiresAt = this.#entries.get(jtiOf(jti));
    if (expiresAt === undefined) return false;
    if (expiresAt <= nowSeconds()) {
      this.#entries.delete(jti);
      return false;
    }
    return true;
  }

  /**
   * Record `jti` until `expiresAt`.
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds after which the entry may be forgotten.
   * @returns {Promise<void>}
   */
  async add(jti, expiresAt) {
    this.#record(jtiOf(jti), expiryOf(expiresAt));
  }

  /**
   * Record `jti` unless it is recorded and unexpired; true when this call
   * recorded it. No `await` between the check and the set: no other caller
   * runs in between.
   * @param {string} jti
   * @param {number} expiresAt
   * @returns {Promise<boolean>}
   */
  async consume(jti, expiresAt) {
    const held = this.#entries.get(jtiOf(jti));
    expiryOf(expiresAt);
    if (held !== undefined && held > nowSeconds()) return false;
    this.#record(jti, expiresAt);
    return true;
  }

  #record(jti, expiresAt) {
    if (this.#entries.size >= this.#max && !this.#entries.has(jti)) {
      const now = nowSeconds();
      for (const [k, exp] of this.#entries) if (exp <= now) this.#entries.delete(k);
      if (this.#entries.size >= this.#max) {
        let soonest;
        for (const [k, exp] of this.#entries) if (soonest === undefined || exp < soonest[1]) soonest = [k, exp];
        this.#entries.delete(/** @type {[string, number]} */ (soonest)[0]);
      }
    }
    this.#entries.set(jti, expiresAt);
  }
}

const ttlUntil = (expiresAt, min) => Math.max(min, Math.ceil(expiresAt - nowSeconds()));

/**
 * Workers KV: `has` is a `get`, `add` a `put` with an expiration. KV is
 * eventually consistent (a revocation can take up to ~60 s to reach every
 * location) and its minimum TTL is 60 s. It has no compare-and-set, so it
 * cannot spend a refresh token exactly once: `consume` (and so
 * `rotateRefresh`) throws a ConfigError naming DurableObjectRevocationStore.
 */
/** @implements {RevocationStore} */
export class KvRevocationStore {
  #kv;
  #prefix;

  /**
   * @param {{ get(key: string): Promise<string | null>, put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> }} namespace A Workers KV namespace.
   * @param {{ prefix?: string }} [options] `prefix`: key prefix (default `"revoked:"`).
   */
  constructor(namespace, options) {
    const { prefix = "revoked:" } = optionsOf(options);
    if (typeof namespace?.get !== "function" || typeof namespace?.put !== "function") throw new ConfigError("a Workers KV namespace is required");
    this.#kv = namespace;
    this.#prefix = prefix;
  }

  /**
   * Whether `jti` is recorded and unexpired.
   * @param {string} jti
   * @returns {Promise<boolean>}
   */
  async has(jti) {
    return (await this.#kv.get(this.#prefix + jtiOf(jti))) !== null;
  }

  /**
   * Record `jti` until `expiresAt`.
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds after which the entry may be forgotten.
   * @returns {Promise<void>}
   */
  async add(jti, expiresAt) {
    await this.#kv.put(this.#prefix + jtiOf(jti), "1", { expirationTtl: ttlUntil(expiryOf(expiresAt), 60) });
  }

  /**
   * Always rejects with ConfigError: KV cannot spend a token exactly once (use DurableObjectRevocationStore).
   * @returns {Promise<never>}
   */
  async consume() {
    throw new ConfigError(
      "KvRevocationStore cannot spend a refresh token exactly once (Workers KV has no atomic check-and-set and is eventually consistent): rotate refresh tokens with a DurableObjectRevocationStore (or RedisRevocationStore); KV can still hold revocations",
    );
  }
}

/**
 * A Redis-shaped client (node-redis v4+: `set(key, value, { EX, NX })`,
 * `exists(key)`). `consume` is one `SET key 1 NX EX ttl`: Redis answers OK
 * to exactly one caller.
 */
/** @implements {RevocationStore} */
export class RedisRevocationStore {
  #client;
  #prefix;

  /**
   * @param {{ set(key: string, value: string, options: { EX: number, NX?: boolean }): Promise<unknown>, exists(key: string): Promise<number> }} client A node-redis client.
   * @param {{ prefix?: string }} [options] `prefix`: key prefix (default `"revoked:"`).
   */
  constructor(client, options) {
    const { prefix = "revoked:" } = optionsOf(options);
    if (typeof client?.set !== "function" || typeof client?.exists !== "function") throw new ConfigError("a Redis client with set and exists is required");
    this.#client = client;
    this.#prefix = prefix;
  }

  /**
   * Whether `jti` is recorded and unexpired.
   * @param {string} jti
   * @returns {Promise<boolean>}
   */
  async has(jti) {
    return Number(await this.#client.exists(this.#prefix + jtiOf(jti))) > 0;
  }

  /**
   * Record `jti` until `expiresAt`.
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds after which the entry may be forgotten.
   * @returns {Promise<void>}
   */
  async add(jti, expiresAt) {
    await this.#client.set(this.#prefix + jtiOf(jti), "1", { EX: ttlUntil(expiryOf(expiresAt), 1) });
  }

  /**
   * `SET key 1 NX EX ttl`.
   * @param {string} jti
   * @param {number} expiresAt
   * @returns {Promise<boolean>}
   */
  async consume(jti, expiresAt) {
    const reply = await this.#client.set(this.#prefix + jtiOf(jti), "1", { EX: ttlUntil(expiryOf(expiresAt), 1), NX: true });
    return reply === "OK";
  }
}
