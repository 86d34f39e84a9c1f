// A RevocationStore (docs/issuing-tokens.md) on Cloudflare D1, next to the
// users table: the ids of revoked and spent refresh tokens (and the issuer's
// revoked families), each until the token it names would expire.
//
// `consume` must be ONE atomic step (RFC 9700 §4.14.2: a refresh token is
// spent exactly once, however many requests race). Here it is one SQL
// statement, an upsert that only overwrites an expired row:
//   INSERT ... ON CONFLICT(jti) DO UPDATE ... WHERE expires_at <= now
// D1 is SQLite: one primary database, one writer, each statement atomic, so
// of N racing consumes exactly one changes a row (`meta.changes === 1`).
// Every query goes to that primary (read replicas only answer through the
// Sessions API, `withSession`, which this store does not use), so `has`
// sees every committed revocation.

import { ConfigError } from "edgeauth";

const HAS = "SELECT 1 FROM revoked_tokens WHERE jti = ?1 AND expires_at > ?2";
const ADD = "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?1, ?2) ON CONFLICT (jti) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)";
const CONSUME = "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?1, ?2) ON CONFLICT (jti) DO UPDATE SET expires_at = excluded.expires_at WHERE revoked_tokens.expires_at <= ?3";
const PRUNE = "DELETE FROM revoked_tokens WHERE expires_at <= ?1";

const nowSeconds = () => Math.floor(Date.now() / 1000);

function jtiOf(jti) {
  if (typeof jti !== "string") throw new ConfigError("the jti must be a string");
  return jti;
}

function expiryOf(expiresAt) {
  if (!Number.isFinite(expiresAt)) throw new ConfigError("expiresAt must be epoch seconds");
  return Math.ceil(expiresAt);
}

/**
 * RevocationStore over the `revoked_tokens` table of a D1 database
 * (login-example/schema.sql).
 * @implements {import("edgeauth").RevocationStore}
 */
export class D1RevocationStore {
  #db;

  /** @param {D1Database} db The D1 binding. */
  constructor(db) {
    if (typeof db?.prepare !== "function") throw new ConfigError("a D1 database binding is required");
    this.#db = db;
  }

  /**
   * Whether `jti` is recorded and unexpired.
   * @param {string} jti
   * @returns {Promise<boolean>}
   */
  async has(jti) {
    return (await this.#db.prepare(HAS).bind(jtiOf(jti), nowSeconds()).first()) !== null;
  }

  /**
   * Record `jti` until `expiresAt` (a later expiry wins).
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds.
   * @returns {Promise<void>}
   */
  async add(jti, expiresAt) {
    await this.#db.prepare(ADD).bind(jtiOf(jti), expiryOf(expiresAt)).run();
  }

  /**
   * Record `jti` unless it is recorded and unexpired, in one statement; true
   * only for the call that recorded it.
   * @param {string} jti
   * @param {number} expiresAt Epoch seconds.
   * @returns {Promise<boolean>}
   */
  async consume(jti, expiresAt) {
    const { meta } = await this.#db.prepare(CONSUME).bind(jtiOf(jti), expiryOf(expiresAt), nowSeconds()).run();
    return meta.changes === 1;
  }

  /**
   * Delete the expired rows (the cron trigger calls it); resolves to how many.
   * @returns {Promise<number>}
   */
  async prune() {
    return (await this.#db.prepare(PRUNE).bind(nowSeconds()).run()).meta.changes;
  }
}
