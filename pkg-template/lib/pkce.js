// PKCE (RFC 7636) and random secrets. Values come from the platform CSPRNG:
// call these inside a request handler on Workers, never at module load.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";

/**
 * A fresh code verifier and its S256 challenge (RFC 7636 §4.1, §4.2).
 * @returns {{ codeVerifier: string, codeChallenge: string, codeChallengeMethod: "S256" }}
 */
export function createPkce() {
  const [codeVerifier, codeChallenge] = wasm.pkceCreate();
  return { codeVerifier, codeChallenge, codeChallengeMethod: "S256" };
}

/**
 * The S256 challenge of a code verifier.
 * @param {string} codeVerifier
 * @returns {string}
 */
export function pkceChallenge(codeVerifier) {
  if (typeof codeVerifier !== "string") throw new ConfigError("the code verifier must be a string");
  return wasm.pkceChallenge(codeVerifier);
}

/**
 * 256 random bits, base64url (43 characters).
 * @returns {string}
 */
export function randomSecret() {
  return wasm.randomToken();
}
