// The Authenticator's userinfo mode: an opaque token is valid when the
// platform's "who am I" endpoint accepts it. That is the OIDC UserInfo
// endpoint (OIDC Core §5.3: a GET with `Authorization: Bearer`, RFC 6750
// §2.1, answered by a JSON object with `sub`), or any URL answering the user
// as JSON, mapped by the caller's `toPrincipal`. The core reads the answer
// (src/oauth/userinfo.rs, parse_answer: HttpError with the status for any
// answer but a 2xx); here a 401 or 403 becomes the token's refusal
// (TokenInactiveError), and everything else the endpoint does wrong stays an
// upstream error for the Authenticator's 502. Caching, negative caching and
// the AuthErrors are the Authenticator's.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, HttpError, TokenInactiveError } from "./errors.js";
import { request, secureUrl } from "./http.js";
import { Principal } from "./principal.js";
import { optionsOf } from "./args.js";

const KEYS = ["url", "toPrincipal", "timeoutMs"];

/**
 * The token check of userinfo mode: `(token) => claims or Principal`, throwing
 * TokenInactiveError when the endpoint (or `toPrincipal`) refuses the token.
 * @internal
 * @param {string | URL | import("./authenticator.js").UserinfoValidation} option
 * @param {typeof globalThis.fetch | undefined} fetch
 * @returns {(token: string) => Promise<Principal | import("./jose.js").JwtPayload>}
 */
export function userinfoCheck(option, fetch) {
  const o = typeof option === "string" || option instanceof URL ? { url: option } : optionsOf(option, "userinfo");
  for (const name of Object.keys(o)) if (!KEYS.includes(name)) throw new ConfigError(`unknown userinfo option "${name}"`);
  const { url, toPrincipal, timeoutMs = 5000 } = o;
  if (typeof url !== "string" && !(url instanceof URL)) throw new ConfigError("userinfo.url must be the endpoint's URL");
  const endpoint = secureUrl(String(url), "userinfo.url").href;
  if (toPrincipal !== undefined && typeof toPrincipal !== "function") throw new ConfigError("userinfo.toPrincipal must be a function");
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new ConfigError("userinfo.timeoutMs must be a positive integer");
  return async (token) => {
    const r = await request(endpoint, { fetch, timeoutMs, headers: { authorization: `Bearer ${token}`, accept: "application/json" }, expectOk: false });
    let text;
    try {
      text = wasm.userinfoAnswer(r.status, r.headers.get("content-type") ?? undefined, /** @type {string} */ (r.body), toPrincipal === undefined);
    } catch (e) {
      // RFC 6750 §3.1: the endpoint refused the token itself.
      if (e instanceof HttpError && (e.status === 401 || e.status === 403)) throw new TokenInactiveError(`the userinfo endpoint refused the token (${e.status})`, { cause: e });
      throw e;
    }
    const answer = JSON.parse(text);
    if (toPrincipal === undefined) return answer;
    const mapped = await toPrincipal(answer);
    if (mapped === null) throw new TokenInactiveError("userinfo.toPrincipal refused the token");
    if (mapped instanceof Principal || (typeof mapped === "object" && !Array.isArray(mapped))) return mapped;
    throw new ConfigError("userinfo.toPrincipal must return a Principal, claims or null");
  };
}
