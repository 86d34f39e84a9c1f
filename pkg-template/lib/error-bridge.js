// How the wasm module builds JS errors: `fromCore(code, message, details)`
// picks the class of errors.js that owns `code` (or, for OAuth error
// responses, the subclass named by the `error` field) and copies the
// details' fields onto the instance. Internal: not exported by the package.

import * as errors from "./errors.js";

const classes = Object.values(errors).filter((v) => typeof v === "function" && v.prototype instanceof Error);
const byCode = new Map(classes.filter((c) => Object.hasOwn(c, "code")).map((c) => [c.code, c]));
const oauthByError = new Map(classes.filter((c) => Object.hasOwn(c, "oauthError")).map((c) => [c.oauthError, c]));

/** `details` is JSON text of extra fields (`{"claim":"aud"}`) or undefined. */
export function fromCore(code, message, details) {
  const fields = details === undefined ? {} : JSON.parse(details);
  const cls = (code === errors.OAuthProtocolError.code && oauthByError.get(fields.error)) || byCode.get(code) || errors.EdgeAuthError;
  const error = new cls(message, fields);
  Object.assign(error, fields);
  return error;
}
