// Which class an OAuth error answer (RFC 6749 §5.2, RFC 6750 §3.1, OIDC
// Core §3.1.2.6) becomes for one OAuthClient. The core's errors arrive as
// the class errors.js names by `static oauthError` (lib/error-bridge.js);
// a client's `errorClasses` option maps more `error` values, such as a
// provider's own (`account_suspended` → UserBlockedError), and this file
// rebuilds an error of such a value as that class, fields and cause kept.

import { ConfigError, OAuthProtocolError } from "./errors.js";

/**
 * The `errorClasses` option as a Map, or undefined without one; every value must be OAuthProtocolError or a subclass.
 * @param {unknown} option
 * @returns {Map<string, typeof OAuthProtocolError> | undefined}
 */
export function errorClassesOf(option) {
  if (option === undefined || option === null) return undefined;
  if (typeof option !== "object" || Array.isArray(option)) throw new ConfigError("errorClasses must map OAuth error values to error classes");
  const classes = new Map();
  for (const [error, cls] of Object.entries(option)) {
    if (typeof cls !== "function" || !(cls === OAuthProtocolError || cls.prototype instanceof OAuthProtocolError)) {
      throw new ConfigError(`errorClasses["${error}"] must be OAuthProtocolError or a subclass of it`);
    }
    classes.set(error, cls);
  }
  return classes;
}

/**
 * `error` as the class `classes` names for its OAuth `error` value, or `error` itself.
 * @param {unknown} error
 * @param {Map<string, typeof OAuthProtocolError> | undefined} classes
 * @returns {unknown}
 */
export function reclassed(error, classes) {
  if (classes === undefined || !(error instanceof OAuthProtocolError)) return error;
  const cls = classes.get(error.error);
  if (cls === undefined || Object.getPrototypeOf(error) === cls.prototype) return error;
  const mapped = new cls(error.message, error.cause === undefined ? undefined : { cause: error.cause });
  return Object.assign(mapped, error, { name: mapped.name, code: mapped.code });
}
