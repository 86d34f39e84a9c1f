// Revocation stores: the RevocationStore interface is
//   { has(jti): Promise<boolean>, add(jti, expiresAt /* epoch seconds */): Promise<void> }.
// Entries only need to live until the token they revoke would expire.

import { ConfigError } from "./errors.js";
import { optionsOf } from "./args.js";
import { epochSeconds as nowSeconds } from "./clock.js";


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
export class MemoryRevocationStore {
  #entries = new Map();
  #max;

  constructor(options) {
    const { maxEntries = 100_000 } = optionsOf(options);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new ConfigError("maxEntries must be a positive integer");
    this.#max = maxEntries;
  }

  get size() {
    return this.#entries.size;
  }

  async has(jti) {
    const expiresAt = this.#entries.get(jtiOf(jti));
    if (expiresAt === undefined) return false;
    if (expiresAt <= nowSeconds()) {
      this.#entries.delete(jti);
      return false;
    }
    return true;
  }

  async add(jti, expiresAt) {
    jtiOf(jti);
    expiryOf(expiresAt);
    if (this.#entries.size >= this.#max && !this.#entries.has(jti)) {
      const now = nowSeconds();
      for (const [k, exp] of this.#entries) if (exp <= now) this.#entries.delete(k);
      if (this.#entries.size >= this.#max) {
        let soonest;
        for (const [k, exp] of this.#entries) if (soonest === undefined || exp < soonest[1]) soonest = [k, exp];
        this.#entries.delete(soonest[0]);
      }
    }
    this.#entries.set(jti, expiresAt);
  }
}

const ttlUntil = (expiresAt, min) => Math.max(min, Math.ceil(expiresAt - nowSeconds()));

/**
 * Workers KV: `has` is a `get`, `add` a `put` with an expiration. KV is
 * eventually consistent (a revocation can take up to ~60 s to reach every
 * location) and its minimum TTL is 60 s.
 */
export class KvRevocationStore {
  #kv;
  #prefix;

  constructor(namespace, options) {
    const { prefix = "revoked:" } = optionsOf(options);
    if (typeof namespace?.get !== "function" || typeof namespace?.put !== "function") throw new ConfigError("a Workers KV namespace is required");
    this.#kv = namespace;
    this.#prefix = prefix;
  }

  async has(jti) {
    return (await this.#kv.get(this.#prefix + jtiOf(jti))) !== null;
  }

  async add(jti, expiresAt) {
    await this.#kv.put(this.#prefix + jtiOf(jti), "1", { expirationTtl: ttlUntil(expiryOf(expiresAt), 60) });
  }
}

/** A Redis-shaped client (node-redis v4+: `set(key, value, { EX })`, `exists(key)`). */
export class RedisRevocationStore {
  #client;
  #prefix;

  constructor(client, options) {
    const { prefix = "revoked:" } = optionsOf(options);
    if (typeof client?.set !== "function" || typeof client?.exists !== "function") throw new ConfigError("a Redis client with set and exists is required");
    this.#client = client;
    this.#prefix = prefix;
  }

  async has(jti) {
    return Number(await this.#client.exists(this.#prefix + jtiOf(jti))) > 0;
  }

  async add(jti, expiresAt) {
    await this.#client.set(this.#prefix + jtiOf(jti), "1", { EX: ttlUntil(expiryOf(expiresAt), 1) });
  }
}
