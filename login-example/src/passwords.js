// Password hashing for login-example: argon2id (RFC 9106) through
// hashPassword / verifyPassword, with the package's defaults, OWASP's
// minimum (19 MiB, 2 passes, 1 lane). One hash or verification takes about
// 45 ms of CPU in workerd (bench/results.json): within Workers Paid's CPU
// limit (30 s by default), beyond the Free plan's 10 ms per request, which no
// OWASP-grade argon2id fits. Its 19 MiB sit well inside an isolate's 128 MB.

import { DEFAULT_PASSWORD_PARAMS, hashPassword, needsRehash, verifyPassword } from "edgeauth";

export const PASSWORD_PARAMS = DEFAULT_PASSWORD_PARAMS;

/**
 * A hash of a random password nobody kept, with PASSWORD_PARAMS: a login for
 * an unknown email verifies against it, so that answer costs the same argon2id
 * work as a wrong password and its timing does not tell which emails have
 * accounts. (A constant, not computed on first use: that first request would
 * cost a hash and a verification.)
 */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$rga9ia/N00ZOUtLuNIeiMw$7sv0z+l1BXbFQzbbi4EnWq9vq62HSYMGrLG4wZWHHEo";

/** The PHC string to store for a new password. */
export function hashNewPassword(password) {
  return hashPassword(password, PASSWORD_PARAMS);
}

/** Whether `password` matches `storedHash`; with no stored hash (unknown email), false after the same work. */
export async function checkPassword(password, storedHash) {
  const matches = await verifyPassword(password, storedHash ?? DUMMY_HASH);
  return storedHash !== undefined && storedHash !== null && matches;
}

/** Whether a stored hash was made with weaker parameters than PASSWORD_PARAMS (then rehash at the next login). */
export function isOutdated(storedHash) {
  return needsRehash(storedHash, PASSWORD_PARAMS);
}
