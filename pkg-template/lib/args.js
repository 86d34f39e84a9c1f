// Argument helpers for the JS API, so that a hostile value becomes a
// ConfigError (ERR_CONFIG) instead of a TypeError (tests/js/boundary.test.mjs).
// They are also the type guards of the wasm boundary: the generated glue
// trusts its callers (a number where Rust takes `&str` corrupts the wasm
// allocator and traps, poisoning the module), so every value lib/ hands to
// a wasm export passes through one of these first.

import { ConfigError } from "./errors.js";

/** An options argument: `undefined` and `null` mean none; anything else must be an object. */
export function optionsOf(value, what = "options") {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object") throw new ConfigError(`${what} must be an object`);
  return value;
}

/** JSON text of `value`; a BigInt, a cycle, or a value with no JSON text (a function, a symbol, undefined) is a ConfigError. */
export function toJson(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new ConfigError(`${what} cannot be written as JSON: ${cause.message}`, { cause });
  }
  if (typeof text !== "string") throw new ConfigError(`${what} cannot be written as JSON`);
  return text;
}

/** A finite number (for seconds, sizes); anything else is a ConfigError. */
export function numberOf(value, what) {
  if (typeof value !== "number" || Number.isNaN(value)) throw new ConfigError(`${what} must be a number`);
  return value;
}

/** A string; anything else is a ConfigError. */
export function stringOf(value, what) {
  if (typeof value !== "string") throw new ConfigError(`${what} must be a string`);
  return value;
}

/** A string, or undefined for `undefined` and `null` (an optional text argument). */
export function optionalString(value, what) {
  return value === undefined || value === null ? undefined : stringOf(value, what);
}

/** A Uint8Array; anything else is a ConfigError. */
export function bytesOf(value, what) {
  if (!(value instanceof Uint8Array)) throw new ConfigError(`${what} must be a Uint8Array`);
  return value;
}
