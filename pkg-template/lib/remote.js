// A remote JWK Set (createRemoteJwks). The cache and every decision about
// when to fetch live in the core (src/jose/remote.rs); this class performs
// the fetch and keeps the imported CryptoKeys. With `kv` (a Workers KV
// namespace) the set is shared across isolates: whenever the core says
// "fetch", a newer copy in KV is taken first, and every set fetched from the
// issuer is written back (through `waitUntil` when given).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { isWorkers, request, secureUrl } from "./http.js";
import { CryptoKeyCache, hostScratch, scratchInput, takeHostCheck } from "./webcrypto.js";
import { settle } from "./jose.js";
import { optionsOf, toJson } from "./args.js";
import { epochSeconds } from "./clock.js";

/**
 * Options of a remote JWK Set.
 * @typedef {object} RemoteJwksOptions
 * @property {typeof globalThis.fetch} [fetch] The `fetch` to use; default `globalThis.fetch`.
 * @property {number} [cooldownSeconds] Minimum seconds between refetches caused by an unknown `kid`; default 30.
 * @property {number} [maxAgeSeconds] Seconds after which the set is refetched before use; default 600.
 * @property {number} [timeoutMs] Per fetch; default 5000.
 * @property {Record<string, string>} [headers] Extra request headers.
 * @property {{ get(key: string, type: "json"): Promise<unknown>, put(key: string, value: string, options?: { expirationTtl?: number }): Promise<unknown> }} [kv] A Workers KV namespace shared by every isolate: a newer copy there is used before fetching, and every fetched set is written back.
 * @property {(promise: Promise<unknown>) => void} [waitUntil] Runs the KV write after the response, e.g. `(p) => ctx.waitUntil(p)` or `waitUntil` from "cloudflare:workers"; without it the write is awaited.
 * @property {string} [kvKey] The KV key; default `edgeauth:jwks:<url>`.
 * @property {number} [kvTtlSeconds] Expiry of the KV copy; default 86400, at least 60.
 */
/**
 * A remote JWK Set's cache as JSON-safe data (`export()`, `RemoteJwks.import()`).
 * @typedef {{ url: string, jwks: import("./jose.js").JwkSet, fetchedAt: number }} RemoteJwksState
 */

/**
 * The internal verify method's key (not part of the API).
 * @internal
 */
export const VERIFY = Symbol("edgeauth.RemoteJwks.verify");

/**
 * The `kv` options: `{ kv, waitUntil, key, ttl }`, or undefined without `kv`.
 * @param {string} url
 * @param {Pick<RemoteJwksOptions, "kv" | "waitUntil" | "kvKey" | "kvTtlSeconds">} options
 */
function kvStore(url, { kv, waitUntil, kvKey = `edgeauth:jwks:${url}`, kvTtlSeconds = 86400 }) {
  if (kv === undefined) {
    if (waitUntil !== undefined) throw new ConfigError("waitUntil goes with kv");
    return undefined;
  }
  if (typeof kv?.get !== "function" || typeof kv?.put !== "function") throw new ConfigError("kv must be a Workers KV namespace (get, put)");
  if (waitUntil !== undefined && typeof waitUntil !== "function") throw new ConfigError("waitUntil must be a function, e.g. (p) => ctx.waitUntil(p)");
  if (typeof kvKey !== "string" || kvKey === "" || kvKey.length > 512) throw new ConfigError("kvKey must be a non-empty string of at most 512 characters");
  if (!Number.isInteger(kvTtlSeconds) || kvTtlSeconds < 60) throw new ConfigError("kvTtlSeconds must be an integer of at least 60 (the Workers KV minimum)");
  return { kv, waitUntil, key: kvKey, ttl: kvTtlSeconds };
}

/**
 * A JWK Set fetched from a URL and cached: an unknown `kid` refetches once,
 * then not again until the cooldown passes; stale keys keep serving while a
 * refresh fails. Make one with {@link createRemoteJwks} (or
 * `RemoteJwks.import(state)`) and pass it to {@link verifyJwt}. `https:`
 * only, except loopback.
 */
export class RemoteJwks {
  #url;
  #options;
  #cache;
  #crypto = new CryptoKeyCache();
  #pending;
  #lastError;
  #kv;

  /**
   * The same as `createRemoteJwks(url, options)`.
   * @param {string | URL} url The JWKS URL (`https:`, or `http:` on loopback).
   * @param {RemoteJwksOptions} [options]
   */
  constructor(url, options) {
    const { fetch, cooldownSeconds = 30, maxAgeSeconds = 600, timeoutMs = 5000, headers, ...shared } = optionsOf(options);
    this.#url = secureUrl(url, "the JWKS URL").href;
    for (const [name, v] of Object.entries({ cooldownSeconds, maxAgeSeconds, timeoutMs })) {
      if (typeof v !== "number" || !(v >= 0)) throw new ConfigError(`${name} must be a non-negative number`);
    }
    this.#options = { fetch, timeoutMs, headers: { accept: "application/json, application/jwk-set+json", ...headers } };
    this.#kv = kvStore(this.#url, shared);
    this.#cache = new wasm.JwksCache(cooldownSeconds, maxAgeSeconds);
  }

  /** The JWKS URL. @returns {string} */
  get url() {
    return this.#url;
  }

  /**
   * Fetch the set now. Concurrent callers share one fetch, except on Workers.
   * @returns {Promise<void>}
   */
  async reload() {
    if (this.#pending && !isWorkers) return this.#pending;
    const run = (async () => {
      this.#cache.beginFetch(epochSeconds());
      try {
        const { body } = await request(this.#url, this.#options);
        this.#cache.store(/** @type {string} */ (body), epochSeconds());
      } catch (e) {
        this.#cache.fetchFailed();
        this.#lastError = e;
        throw e;
      }
      this.#crypto.clear();
      await this.#saveToKv();
    })();
    this.#pending = run;
    try {
      await run;
    } finally {
      if (this.#pending === run) this.#pending = undefined;
    }
  }

  /** Take the copy in KV when it is newer than the set held; whether it was taken. KV failures are ignored. */
  async #loadFromKv() {
    if (!this.#kv) return false;
    try {
      // Whatever is stored there: the core checks the set (importNewer).
      const state = /** @type {{ url?: unknown, jwks?: unknown, fetchedAt?: unknown } | null} */ (await this.#kv.kv.get(this.#kv.key, "json"));
      if (state?.url !== this.#url || !this.#cache.importNewer(toJson({ jwks: state.jwks, fetchedAt: state.fetchedAt }, "the state"))) return false;
    } catch {
      return false;
    }
    this.#crypto.clear();
    return true;
  }

  /** Write the set to KV (after waitUntil, when given); a failed write only costs a refetch elsewhere. */
  #saveToKv() {
    if (!this.#kv) return undefined;
    const { kv, key, ttl, waitUntil } = this.#kv;
    const put = (async () => kv.put(key, JSON.stringify(this.export()), { expirationTtl: ttl }))().catch(() => {});
    if (!waitUntil) return put;
    try {
      waitUntil(put);
    } catch {
      // e.g. an unbound ctx.waitUntil ("Illegal invocation"): wait for the write instead.
      return put;
    }
    return undefined;
  }

  /**
   * The error of the last failed fetch, if the last fetch failed.
   * @returns {unknown}
   */
  get lastError() {
    return this.#lastError;
  }

  /**
   * The cache as a JSON-safe object, for Workers KV or any store; undefined before the first fetch.
   * @returns {RemoteJwksState | undefined}
   */
  export() {
    const state = this.#cache.export();
    return state === undefined ? undefined : { url: this.#url, ...JSON.parse(state) };
  }

  /**
   * A RemoteJwks restored from `export()`, with the same options as createRemoteJwks.
   * @param {RemoteJwksState} state
   * @param {RemoteJwksOptions} [options]
   * @returns {RemoteJwks}
   */
  static import(state, options) {
    if (state === null || typeof state !== "object" || typeof state.url !== "string") throw new ConfigError("not an exported RemoteJwks state");
    const remote = new RemoteJwks(state.url, options);
    remote.#cache.import(toJson({ jwks: state.jwks, fetchedAt: state.fetchedAt }, "the state"));
    return remote;
  }

  /** The verify outcome with the cached keys, or undefined when no key fits the token's header. */
  #verifyOrUnknown(compiled, token, now, hostEd) {
    try {
      return this.#cache.verify(compiled.policy, scratchInput(token), now, hostEd, hostScratch());
    } catch (e) {
      if (e?.code === "ERR_JWKS_NO_MATCHING_KEY") return undefined;
      throw e;
    }
  }

  /** @internal used by verifyJwt (symbol-keyed: not part of the API) */
  async [VERIFY](token, compiled, now, hostEd) {
    let plan = this.#cache.beforeVerify(now);
    // Another isolate may have fetched the set already.
    if (plan === 1 && (await this.#loadFromKv())) plan = this.#cache.beforeVerify(now);
    if (plan === 1) {
      try {
        await (this.#pending && !isWorkers ? this.#pending : this.reload());
      } catch (e) {
        // Stale keys still serve while the upstream fails (stale-if-error).
        if (this.#cache.export() === undefined) throw e;
      }
    } else if (plan === 2) {
      throw this.#lastError;
    }
    let outcome;
    try {
      outcome = this.#cache.verify(compiled.policy, scratchInput(token), now, hostEd, hostScratch());
    } catch (e) {
      // An unknown kid may mean the issuer rotated its keys: refetch once,
      // then not again until the cooldown has passed.
      if (e?.code !== "ERR_JWKS_NO_MATCHING_KEY" || !this.#cache.mayFetch(now)) throw e;
      outcome = (await this.#loadFromKv()) ? this.#verifyOrUnknown(compiled, token, now, hostEd) : undefined;
      if (outcome === undefined) {
        await this.reload();
        outcome = this.#cache.verify(compiled.policy, scratchInput(token), now, hostEd, hostScratch());
      }
    }
    const cache = this.#cache;
    return settle(outcome, takeHostCheck(), this.#crypto, (i) => cache.publicJwk(i), compiled, now);
  }
}

/**
 * A remote JWK Set fetched from `url` and cached (see {@link RemoteJwks}); `kv` shares it across Workers isolates.
 * @example
 * const jwks = createRemoteJwks("https://issuer.example/.well-known/jwks.json");
 * const { payload } = await verifyJwt(token, jwks, { issuer: "https://issuer.example" });
 * @param {string | URL} url
 * @param {RemoteJwksOptions} [options]
 * @returns {RemoteJwks}
 */
export function createRemoteJwks(url, options) {
  return new RemoteJwks(url, options);
}
