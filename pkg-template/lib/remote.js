// A remote JWK Set (createRemoteJwks). The cache and every decision about
// when to fetch live in the core (src/jose/remote.rs); this class performs
// the fetch and keeps the imported CryptoKeys.

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

  /**
   * The same as `createRemoteJwks(url, options)`.
   * @param {string | URL} url The JWKS URL (`https:`, or `http:` on loopback).
   * @param {RemoteJwksOptions} [options]
   */
  constructor(url, options) {
    const { fetch, cooldownSeconds = 30, maxAgeSeconds = 600, timeoutMs = 5000, headers } = optionsOf(options);
    this.#url = secureUrl(url, "the JWKS URL").href;
    for (const [name, v] of Object.entries({ cooldownSeconds, maxAgeSeconds, timeoutMs })) {
      if (typeof v !== "number" || !(v >= 0)) throw new ConfigError(`${name} must be a non-negative number`);
    }
    this.#options = { fetch, timeoutMs, headers: { accept: "application/json, application/jwk-set+json", ...headers } };
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
    })();
    this.#pending = run;
    try {
      await run;
    } finally {
      if (this.#pending === run) this.#pending = undefined;
    }
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

  /** @internal used by verifyJwt (symbol-keyed: not part of the API) */
  async [VERIFY](token, compiled, now, hostEd) {
    const plan = this.#cache.beforeVerify(now);
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
      await this.reload();
      outcome = this.#cache.verify(compiled.policy, scratchInput(token), now, hostEd, hostScratch());
    }
    const cache = this.#cache;
    return settle(outcome, takeHostCheck(), this.#crypto, (i) => cache.publicJwk(i), compiled, now);
  }
}

/**
 * A remote JWK Set fetched from `url` and cached (see {@link RemoteJwks}).
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
