// Stores backed by one Durable Object (Cloudflare Workers): the only Workers
// storage where "record this id unless it is already recorded" is one atomic
// step. A Durable Object runs one event at a time, and its input gate
// delivers no other request while a storage call is in flight, so the
// `get` then `put` inside one request below cannot interleave with another
// request's (https://developers.cloudflare.com/durable-objects/, "input
// gates"). Nothing here awaits anything but storage between the two.
//
// The Worker exports the class and binds it:
//   export { EdgeAuthDurableObject } from "edgeauth";
//   # wrangler.toml
//   [[durable_objects.bindings]]
//   name = "AUTH_STORE"
//   class_name = "EdgeAuthDurableObject"
//   [[migrations]]
//   tag = "v1"
//   new_sqlite_classes = ["EdgeAuthDurableObject"]
// and passes the namespace to DurableObjectRevocationStore (refresh rotation,
// revocation) or DurableObjectReplayStore (DPoP proof `jti`s, delegation
// request ids).

import { ConfigError, HttpError } from "./errors.js";
import { numberOf, optionsOf } from "./args.js";
import { epochSeconds } from "./clock.js";

/**
 * A Workers Durable Object namespace binding (of EdgeAuthDurableObject).
 * @typedef {object} DurableObjectNamespaceLike
 * @property {(name: string) => unknown} idFromName
 * @property {(id: any) => { fetch(input: string, init?: RequestInit): Promise<Response> }} get
 */
/** @typedef {{ name?: string, prefix?: string }} DurableStoreOptions `name`: the object's name (default `"edgeauth"`); `prefix`: key prefix. */


const OPS = ["has", "add", "consume"];
const PRUNE_EVERY = 3600;
const MAX_KEY = 1024;

/**
 * The Durable Object class. One request = one operation on one key:
 * POST `{ op: "has" | "add" | "consume", key, expiresAt, now }` answers a
 * JSON boolean. An entry is live while `now < expiresAt`; expired entries
 * are deleted at most once an hour (of the callers' `now`).
 */
export class EdgeAuthDurableObject {
  #storage;
  #nextPrune = 0;

  /**
   * Built by the Workers runtime.
   * @param {{ storage: any }} state The object's state.
   */
  constructor(state) {
    if (typeof state?.storage?.get !== "function" || typeof state.storage.put !== "function") throw new ConfigError("EdgeAuthDurableObject is built by the Workers runtime with the object's state");
    this.#storage = state.storage;
  }

  /**
   * One operation on one key (see the class).
   * @param {Request} request
   * @returns {Promise<Response>}
   */
  async fetch(request) {
    let op, key, expiresAt, now;
    try {
      ({ op, key, expiresAt, now } = await request.json());
    } catch {
      return Response.json({ error: "the body is not JSON" }, { status: 400 });
    }
    if (!OPS.includes(op) || typeof key !== "string" || key.length > MAX_KEY || !Number.isFinite(now) || (op !== "has" && !Number.isFinite(expiresAt))) {
      return Response.json({ error: "expected { op: has | add | consume, key, expiresAt, now }" }, { status: 400 });
    }
    const held = await this.#storage.get(key);
    const live = typeof held === "number" && now < held;
    if (op === "has") return Response.json(live);
    if (op === "consume" && live) return Response.json(false);
    await this.#storage.put(key, live ? Math.max(held, expiresAt) : expiresAt);
    if (now >= this.#nextPrune) {
      this.#nextPrune = now + PRUNE_EVERY;
      await this.#prune(now);
    }
    return Response.json(true);
  }

  async #prune(now) {
    const expired = [];
    for (const [key, until] of await this.#storage.list()) if (!(typeof until === "number" && now < until)) expired.push(key);
    for (let i = 0; i < expired.length; i += 128) await this.#storage.delete(expired.slice(i, i + 128));
  }
}

/** A client of one EdgeAuthDurableObject (by name) in `namespace`. */
class DurableClient {
  #namespace;
  #name;
  #prefix;

  constructor(namespace, options, defaultPrefix) {
    const { name = "edgeauth", prefix = defaultPrefix } = optionsOf(options);
    if (typeof namespace?.idFromName !== "function" || typeof namespace?.get !== "function") throw new ConfigError("a Durable Object namespace binding (of EdgeAuthDurableObject) is required");
    if (typeof name !== "string" || typeof prefix !== "string") throw new ConfigError("name and prefix must be strings");
    this.#namespace = namespace;
    this.#name = name;
    this.#prefix = prefix;
  }

  async call(op, key, expiresAt, now) {
    if (typeof key !== "string") throw new ConfigError("the key must be a string");
    if (op !== "has") numberOf(expiresAt, "expiresAt");
    numberOf(now, "now");
    const stub = this.#namespace.get(this.#namespace.idFromName(this.#name));
    const response = await stub.fetch("https://edgeauth.store/", { method: "POST", body: JSON.stringify({ op, key: this.#prefix + key, expiresAt, now }) });
    const text = await response.text();
    if (response.ok && (text === "true" || text === "false")) return text === "true";
    throw new HttpError(`the Durable Object store answered ${response.status}`, { status: response.status, body: text.slice(0, 4096) });
  }
}

/** RevocationStore over an EdgeAuthDurableObject: `consume` is atomic (refresh rotation). */
export class DurableObjectRevocationStore {
  #client;

  /**
   * @param {DurableObjectNamespaceLike} namespace The binding of EdgeAuthDurableObject.
   * @param {DurableStoreOptions} [options] `prefix` default `"revoked:"`.
   */
  constructor(namespace, options) {
    this.#client = new DurableClient(namespace, options, "revoked:");
  }

  /**
   * @param {string} jti
   * @returns {Promise<boolean>}
   */
  has(jti) {
    return this.#client.call("has", jti, undefined, epochSeconds());
  }

  /**
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds.
   * @returns {Promise<void>}
   */
  async add(jti, expiresAt) {
    await this.#client.call("add", jti, expiresAt, epochSeconds());
  }

  /**
   * Atomic: one request to the object, whose input gate makes the check and the set one step.
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds.
   * @returns {Promise<boolean>}
   */
  consume(jti, expiresAt) {
    return this.#client.call("consume", jti, expiresAt, epochSeconds());
  }
}

/** ReplayStore over an EdgeAuthDurableObject: `add` is atomic across every Worker location. */
export class DurableObjectReplayStore {
  #client;

  /**
   * @param {DurableObjectNamespaceLike} namespace The binding of EdgeAuthDurableObject.
   * @param {DurableStoreOptions} [options] `prefix` default `"replay:"`.
   */
  constructor(namespace, options) {
    this.#client = new DurableClient(namespace, options, "replay:");
  }

  /**
   * Record `key` until `expiresAt`.
   * @param {string} key
   * @param {number} expiresAt Unix seconds.
   * @param {number} [now] Unix seconds; default the system clock.
   * @returns {Promise<boolean>} false when `key` was recorded before and has not expired at `now` (inclusive, as MemoryReplayStore).
   */
  add(key, expiresAt, now = epochSeconds()) {
    return this.#client.call("consume", key, numberOf(expiresAt, "expiresAt") + 1, now);
  }
}
