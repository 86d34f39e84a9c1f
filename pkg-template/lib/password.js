// argon2id passwords (RFC 9106), computed in wasm (src/password.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { optionsOf } from "./args.js";

/**
 * argon2id cost parameters.
 * @typedef {object} PasswordParams
 * @property {number} [memoryKib] Memory in KiB (at most 256 MiB).
 * @property {number} [iterations] Passes (at most 16).
 * @property {number} [parallelism] Lanes (at most 8).
 */

/**
 * OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
 * @type {Readonly<Required<PasswordParams>>}
 */
export const DEFAULT_PASSWORD_PARAMS = Object.freeze({ memoryKib: 19 * 1024, iterations: 2, parallelism: 1 });

function bytes(password) {
  if (typeof password === "string") return new TextEncoder().encode(password);
  if (password instanceof Uint8Array) return password;
  throw new ConfigError("the password must be a string or a Uint8Array");
}

function params(options) {
  const { memoryKib, iterations, parallelism } = optionsOf(options);
  const p = { ...DEFAULT_PASSWORD_PARAMS, ...Object.fromEntries(Object.entries({ memoryKib, iterations, parallelism }).filter(([, v]) => v !== undefined)) };
  for (const [k, v] of Object.entries(p)) if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${k} must be a positive integer`);
  return p;
}

/**
 * Hash a password with argon2id: a PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
 * @param {string | Uint8Array} password At most 4096 bytes.
 * @param {PasswordParams} [options] Default {@link DEFAULT_PASSWORD_PARAMS}.
 * @returns {Promise<string>}
 */
export async function hashPassword(password, options) {
  const p = params(options);
  return wasm.passwordHash(bytes(password), p.memoryKib, p.iterations, p.parallelism);
}

/**
 * Whether `password` matches `hash`. Never throws: false for anything unusable.
 * @param {string | Uint8Array} password
 * @param {string} hash A PHC string from {@link hashPassword}.
 * @returns {Promise<boolean>}
 */
export async function verifyPassword(password, hash) {
  if (typeof hash !== "string" || (typeof password !== "string" && !(password instanceof Uint8Array))) return false;
  return wasm.passwordVerify(bytes(password), hash);
}

/**
 * Whether `hash` uses weaker parameters than `options` (or is not argon2id at all).
 * @param {string} hash
 * @param {PasswordParams} [options] Default {@link DEFAULT_PASSWORD_PARAMS}.
 * @returns {boolean}
 */
export function needsRehash(hash, options) {
  if (typeof hash !== "string") return true;
  const p = params(options);
  return wasm.passwordNeedsRehash(hash, p.memoryKib, p.iterations, p.parallelism);
}
