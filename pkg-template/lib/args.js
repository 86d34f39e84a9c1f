// Argument helpers for the JS API, so that a hostile value becomes a
// ConfigError (ERR_CONFIG) instead of a TypeError (tests/js/boundary.test.mjs).

import { ConfigError } from "./errors.js";

/** An options argument: `undefined` and `null` mean none; anything else must be an object. */
export function optionsOf(value, what = "options") {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object") throw new ConfigError(`${what} must be an object`);
  return value;
}

/** JSON text of `value`; a BigInt or a cycle is a ConfigError. */
export function toJson(value, what) {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw new ConfigError(`${what} cannot be written as JSON: ${cause.message}`, { cause });
  }
}

/** A finite number (for seconds, sizes); anything else is a ConfigError. */
export function numberOf(value, what) {
  if (typeof value !== "number" || Number.isNaN(value)) throw new ConfigError(`${what} must be a number`);
  return value;
}
