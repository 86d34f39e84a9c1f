// The host transport: the injected `fetch` (oauth4webapi's customFetch),
// per-request timeouts, `redirect: "manual"`, HTTPS except on loopback,
// the mapping of failures to NetworkError / TimeoutError / HttpError, and
// send(): core-built requests with the core's retry policy.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, HttpError, NetworkError, TimeoutError } from "./errors.js";
import { epochSeconds } from "./clock.js";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Parse `url` and refuse anything but https: (http: only on loopback). */
export function secureUrl(url, what) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${what} is not a valid URL`);
  }
  const ok = parsed.protocol === "https:" || (parsed.protocol === "http:" && LOOPBACK.test(parsed.hostname));
  if (!ok) throw new ConfigError(`${what} must use https: (http: is allowed only for loopback hosts)`);
  return parsed;
}

/** Whether this is the Workers runtime, where promises must not cross requests. */
export const isWorkers = typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";

/**
 * One HTTP exchange. Returns `{ status, headers, body }` with the body as text
 * (or a Uint8Array when `as: "bytes"`); throws NetworkError / TimeoutError,
 * and HttpError when `expectOk` and the status is not 2xx.
 * @param {string | URL} url
 * @param {{ fetch?: typeof globalThis.fetch, timeoutMs?: number, method?: string, headers?: Record<string, string>, body?: BodyInit | Uint8Array, expectOk?: boolean, as?: "text" | "bytes" }} [options]
 */
export async function request(url, { fetch: fetchImpl = globalThis.fetch, timeoutMs = 5000, method = "GET", headers = {}, body, expectOk = true, as = "text" } = {}) {
  if (typeof fetchImpl !== "function") throw new ConfigError("fetch must be a function");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  let text;
  try {
    response = await fetchImpl(String(url), { method, headers, body: /** @type {BodyInit | undefined} */ (body), redirect: "manual", signal: controller.signal });
    text = as === "bytes" ? new Uint8Array(await response.arrayBuffer()) : await response.text();
  } catch (cause) {
    if (controller.signal.aborted) throw new TimeoutError(`no answer from ${new URL(url).origin} within ${timeoutMs} ms`, { cause });
    throw new NetworkError(`request to ${new URL(url).origin} failed: ${cause?.message ?? cause}`, { cause });
  } finally {
    clearTimeout(timer);
  }
  if (expectOk && (response.status < 200 || response.status > 299)) {
    throw new HttpError(`${method} ${new URL(url).origin}${new URL(url).pathname} answered ${response.status}`, { status: response.status, body: bodyText(text) });
  }
  return { status: response.status, headers: response.headers, body: text };
}

/**
 * Send a request value built by the core (`{ method, url, headers, body }`)
 * and return the answer as the core reads it (`{ status, headers, body }`).
 * After every failure (no answer, or any status) the core says whether and
 * when to try again (src/oauth/retry.rs); the last answer is returned for the
 * core to parse, the last NetworkError / TimeoutError is thrown.
 * `perAttempt()`, when given, resolves to headers made fresh for each
 * attempt (a DPoP proof: RFC 9449 §7.3 asks for a new one per retry).
 * @param {{ method: string, url: string, headers?: Record<string, string>, body?: string }} req
 * @param {{ fetch?: typeof globalThis.fetch, timeoutMs?: number, maxRetries?: number, headers?: Record<string, string> }} [transport]
 * @param {() => Promise<Record<string, string>>} [perAttempt]
 * @returns {Promise<{ status: number, headers: Record<string, string>, body: string | Uint8Array }>}
 */
export async function send(req, { fetch, timeoutMs = 5000, maxRetries = 2, headers } = {}, perAttempt) {
  secureUrl(req.url, "an endpoint URL");
  for (let attempt = 0; ; attempt++) {
    let answer;
    let failure;
    try {
      const fresh = perAttempt ? await perAttempt() : undefined;
      const r = await request(req.url, { fetch, timeoutMs, method: req.method, headers: { ...headers, ...req.headers, ...fresh }, body: req.body, expectOk: false });
      answer = { status: r.status, headers: Object.fromEntries(r.headers), body: r.body };
    } catch (e) {
      if (!(e instanceof NetworkError || e instanceof TimeoutError)) throw e;
      failure = e;
    }
    const delay = wasm.oauthRetryDelay(attempt, maxRetries, answer?.status ?? 0, answer?.headers["retry-after"], epochSeconds());
    if (delay < 0) {
      if (failure) throw failure;
      return /** @type {{ status: number, headers: Record<string, string>, body: string | Uint8Array }} */ (answer);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The first 4 KiB of a response body as text, for error messages. */
export function bodyText(body) {
  return (typeof body === "string" ? body : new TextDecoder().decode(body.subarray(0, 4096))).slice(0, 4096);
}
