// The delegation envelope (docs/delegation.md): generateDelegationKeys,
// DelegationClient and DelegationServer. Every byte of crypto and every
// protocol decision happens in the core (src/delegation/); this file moves
// headers and bodies between fetch/Request/Response and the core.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, DelegationRequestError, EdgeAuthError } from "./errors.js";
import { bodyText, request, secureUrl } from "./http.js";
import { MemoryReplayStore } from "./replay.js";
import { numberOf, optionalString, optionsOf, stringOf, toJson } from "./args.js";
import { epochSeconds } from "./clock.js";

const PURPOSES = ["change_mfa_method", "change_phone_number"];
const MFA_METHODS = ["email_otp", "sms_otp", "totp"];
const E164 = /^\+[1-9][0-9]{1,14}$/;
const SEGMENTS = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

let names; // header names from the core, read on first use (not at module load)
function headerNames() {
  return (names ??= wasm.delegationHeaderNames());
}

function headerValues(headers) {
  return headerNames().map((name) => optionalString(headers.get(name), `the ${name} header`));
}

function pairs(flat) {
  const out = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function seconds(name, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new ConfigError(`${name} must be a non-negative number of seconds`);
  return Math.floor(value);
}

function clock(now) {
  if (now === undefined) return epochSeconds;
  if (typeof now !== "function") throw new ConfigError("now must be a function returning Unix seconds");
  return () => Math.floor(now());
}

const json = (value, what) => toJson(value === undefined ? null : value, what);

/**
 * Options of a {@link DelegationClient}.
 * @typedef {object} DelegationClientOptions
 * @property {string | URL} baseUrl `https:` (or `http:` on loopback) origin and optional base path of the server (no query or fragment). The base path is part of the signed request target.
 * @property {string} tenantId
 * @property {string} secretKey This tenant's `edg_sk_v1_…` key.
 * @property {string} serverPublicKey The server's `edg_pk_v1_…` key.
 * @property {typeof globalThis.fetch} [fetch]
 * @property {string} [apiPrefix] Default `"/v1"`: management calls go to `{apiPrefix}/management/{path}`.
 * @property {number} [clockSkewSeconds] Allowed difference between the response's timestamp and this clock; default 300.
 * @property {Record<string, string>} [headers] Extra request headers.
 * @property {number} [timeoutMs] Default 5000.
 * @property {() => number} [now] Unix seconds; default the system clock (tests inject one).
 */
/**
 * A binding's timestamp: whole seconds from 0 to 2^53 - 1, as seal() gave it.
 * @param {unknown} value
 * @returns {number}
 */
function timestampOf(value) {
  const seconds = numberOf(value, "the binding's timestamp");
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new ConfigError("the binding's timestamp must be whole seconds from 0 to 2^53 - 1");
  return seconds;
}

/**
 * What binds an answer to the request it answers (`seal()` returns it, `open()` needs it).
 * @typedef {{ method: string, path: string, requestId: string, timestamp: number }} DelegationBindingInfo
 */
/**
 * A sealed request, for your own transport.
 * @typedef {{ url: string, method: string, headers: Record<string, string>, body: Uint8Array, binding: DelegationBindingInfo }} SealedDelegationRequest
 */
/** @typedef {"change_mfa_method" | "change_phone_number"} StepUpPurpose What a step-up authorizes. */
/** @typedef {"email_otp" | "sms_otp" | "totp"} MfaMethod */
/**
 * Options of a {@link DelegationServer}.
 * @typedef {object} DelegationServerOptions
 * @property {string} secretKey The server's `edg_sk_v1_…` key.
 * @property {(tenantId: string) => Promise<string | null> | string | null} clientPublicKey The tenant's `edg_pk_v1_…` key, or null when the tenant is unknown.
 * @property {number} [replayWindowSeconds] Default 300.
 * @property {import("./replay.js").ReplayStore} [replayStore] Default a MemoryReplayStore.
 * @property {() => number} [now] Unix seconds; default the system clock.
 */
/**
 * An opened delegated request.
 * @template [B=any]
 * @typedef {object} OpenedDelegationRequest
 * @property {string} tenantId
 * @property {string} requestId
 * @property {B} body
 * @property {(body: unknown, init?: { status?: number, headers?: HeadersInit }) => Promise<Response>} reply Seal `body` to the tenant, bound to this request.
 */

/**
 * A fresh key pair: `{ secretKey: "edg_sk_v1_…", publicKey: "edg_pk_v1_…" }`. Call inside a handler on Workers.
 * @returns {{ secretKey: string, publicKey: string }}
 */
export function generateDelegationKeys() {
  const [secretKey, publicKey] = wasm.delegationGenerateKeys();
  return { secretKey, publicKey };
}

/**
 * The tenant side of the delegation envelope (docs/delegation.md): signed,
 * sealed management calls whose answers are sealed back to this tenant.
 */
export class DelegationClient {
  #origin;
  #basePath;
  #tenantId;
  #secret;
  #server;
  #prefix;
  #skew;
  #now;
  #http;

  /** @param {DelegationClientOptions} options */
  constructor(options) {
    const { baseUrl, tenantId, secretKey, serverPublicKey, fetch, apiPrefix = "/v1", clockSkewSeconds = 300, headers, timeoutMs = 5000, now } = optionsOf(options);
    const base = secureUrl(baseUrl, "baseUrl");
    if (base.search !== "" || base.hash !== "" || String(baseUrl).includes("#")) throw new ConfigError("baseUrl must not have a query or a fragment");
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, "");
    wasm.delegationCheckTarget(this.#basePath || "/");
    if (typeof tenantId !== "string" || tenantId.length === 0) throw new ConfigError("tenantId must be a non-empty string");
    if (typeof secretKey !== "string") throw new ConfigError("secretKey must be an edg_sk_v1_ string");
    if (typeof serverPublicKey !== "string") throw new ConfigError("serverPublicKey must be an edg_pk_v1_ string");
    if (typeof apiPrefix !== "string" || !/^(\/[A-Za-z0-9._~-]+)*$/.test(apiPrefix)) throw new ConfigError('apiPrefix must look like "/v1" (or be "")');
    this.#tenantId = tenantId;
    this.#secret = new wasm.DelegationSecret(secretKey);
    this.#server = new wasm.DelegationPublic(serverPublicKey);
    this.#prefix = apiPrefix;
    this.#skew = seconds("clockSkewSeconds", clockSkewSeconds);
    this.#now = clock(now);
    seconds("timeoutMs", timeoutMs);
    this.#http = { fetch, timeoutMs, headers: { ...headers } };
  }

  /** @returns {string} */
  get tenantId() {
    return this.#tenantId;
  }

  /**
   * Seal and sign `body` for `path` (absolute, e.g. "/v1/management/users/phone"),
   * for sending through your own transport; `open()` the answer with the
   * returned `binding`. The signed request target is the base path of
   * `baseUrl` followed by `path`, exactly as `url` holds it: a `ConfigError`
   * names any character or dot segment outside the form docs/delegation.md §2.1 allows.
   * @param {string} path
   * @param {unknown} body
   * @param {{ method?: string }} [options]
   * @returns {SealedDelegationRequest}
   */
  seal(path, body, options) {
    const { method = "POST" } = optionsOf(options);
    if (typeof path !== "string" || !path.startsWith("/")) throw new ConfigError('the path must start with "/"');
    const target = this.#basePath + path;
    const sealed = wasm.delegationSealRequest(this.#secret, this.#server, stringOf(method, "method"), target, this.#tenantId, this.#now(), json(body, "the body"));
    try {
      const binding = sealed.binding;
      const out = { url: this.#origin + target, method, headers: Object.fromEntries(pairs(sealed.headers)), body: sealed.body, binding: { method, path: target, requestId: binding.requestId, timestamp: binding.timestamp } };
      binding.free();
      return out;
    } finally {
      sealed.free();
    }
  }

  /**
   * Verify and open the answer to a request made with `seal()`: a `Response`,
   * or `{ status, headers, body }` with headers as a `Headers` and body as bytes.
   * @template [T=unknown]
   * @param {Response | { status: number, headers: Headers | Record<string, string>, body: Uint8Array }} response
   * @param {DelegationBindingInfo} binding
   * @returns {Promise<T>}
   */
  async open(response, binding) {
    if (response === null || typeof response !== "object") throw new ConfigError("open() takes a Response or { status, headers, body }");
    if (binding === null || typeof binding !== "object") throw new ConfigError("open() takes the binding seal() returned");
    const status = response.status;
    const headers = response.headers instanceof Headers ? response.headers : new Headers(response.headers);
    const body = response instanceof Response ? new Uint8Array(await response.arrayBuffer()) : response.body;
    if (!(body instanceof Uint8Array)) throw new ConfigError("the response body must be bytes (a Uint8Array)");
    return this.#openParts(status, headers, body, binding);
  }

  #openParts(status, headers, body, { method, path, requestId, timestamp }) {
    const [version, , ts, id, signature] = headerValues(headers);
    const ok = status >= 200 && status <= 299;
    if (!ok && signature === undefined) {
      throw new DelegationRequestError(`${method} ${path} answered ${status}`, { status, body: bodyText(body) });
    }
    const binding = new wasm.DelegationBinding(stringOf(method, "the binding's method"), stringOf(path, "the binding's path"), this.#tenantId, timestampOf(timestamp), stringOf(requestId, "the binding's requestId"));
    let text;
    try {
      text = binding.openResponse(this.#secret, this.#server, status, version, ts, id, signature, body, this.#now(), this.#skew);
    } finally {
      binding.free();
    }
    if (!ok) throw new DelegationRequestError(`${method} ${path} answered ${status}`, { status, body: text });
    return JSON.parse(text);
  }

  async #call(path, body) {
    const sealed = this.seal(path, body);
    let answer;
    try {
      answer = await request(sealed.url, { ...this.#http, method: sealed.method, headers: { ...this.#http.headers, ...sealed.headers }, body: /** @type {BodyInit} */ (sealed.body), expectOk: false, as: "bytes" });
    } catch (e) {
      if (!(e instanceof EdgeAuthError) || e instanceof ConfigError) throw e;
      throw new DelegationRequestError(e.message, { status: 0, body: "", cause: e });
    }
    return this.#openParts(answer.status, answer.headers, answer.body, sealed.binding);
  }

  /**
   * POST `body` to `{apiPrefix}/management/{path}`; resolves to the opened JSON answer.
   * @template [T=unknown]
   * @param {string} path
   * @param {Record<string, unknown>} body
   * @returns {Promise<T>}
   */
  async management(path, body) {
    if (typeof path !== "string" || !SEGMENTS.test(path.replace(/^\/+/, "")) || path.split("/").includes("..")) {
      throw new ConfigError('path must be segments of A-Z a-z 0-9 . _ ~ - under /management, e.g. "users/mfa-enforcement"');
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ConfigError("the body must be a JSON object");
    return this.#call(`${this.#prefix}/management/${path.replace(/^\/+/, "")}`, body);
  }

  /**
   * Start a step-up for a sensitive change; resolves to `{ startToken, expiresIn }`.
   * @param {{ userId: string, purpose: StepUpPurpose, newMfaMethod?: MfaMethod, newPhoneNumber?: string }} options
   * @returns {Promise<{ startToken: string, expiresIn: number }>}
   */
  async startStepUp(options) {
    const { userId, purpose, newMfaMethod, newPhoneNumber } = optionsOf(options);
    if (typeof userId !== "string" || userId.trim().length === 0) throw new ConfigError("userId must be a non-empty string");
    if (!PURPOSES.includes(purpose)) throw new ConfigError(`purpose must be one of ${PURPOSES.join(", ")}`);
    if (newMfaMethod !== undefined) {
      if (!MFA_METHODS.includes(newMfaMethod)) throw new ConfigError(`newMfaMethod must be one of ${MFA_METHODS.join(", ")}`);
      if (purpose !== "change_mfa_method") throw new ConfigError('newMfaMethod goes with purpose "change_mfa_method"');
    }
    if (newPhoneNumber !== undefined) {
      if (typeof newPhoneNumber !== "string" || !E164.test(newPhoneNumber)) throw new ConfigError("newPhoneNumber must be an E.164 number such as +14155550100");
      if (purpose !== "change_phone_number") throw new ConfigError('newPhoneNumber goes with purpose "change_phone_number"');
    }
    /** @type {{ startToken: string, expiresIn: number }} */
    const { startToken, expiresIn } = await this.management("step-up/start", { userId, purpose, newMfaMethod, newPhoneNumber });
    return { startToken, expiresIn };
  }

  /**
   * Hand back the receipt of a completed step-up; the server applies the change once.
   * @template [T=unknown]
   * @param {string} receipt
   * @returns {Promise<T>}
   */
  async consumeStepUp(receipt) {
    if (typeof receipt !== "string" || receipt.length === 0) throw new ConfigError("the receipt must be a non-empty string");
    return this.management("step-up/consume", { receipt });
  }
}

/** The server side of the delegation envelope: opens delegated requests and seals the replies. */
export class DelegationServer {
  #secret;
  #lookup;
  #window;
  #store;
  #now;
  #keys = new Map(); // public key blob -> parsed key, a small cache

  /** @param {DelegationServerOptions} options */
  constructor(options) {
    const { secretKey, clientPublicKey, replayWindowSeconds = 300, replayStore = new MemoryReplayStore(), now } = optionsOf(options);
    if (typeof secretKey !== "string") throw new ConfigError("secretKey must be an edg_sk_v1_ string");
    if (typeof clientPublicKey !== "function") throw new ConfigError("clientPublicKey must be a function (tenantId) => Promise<string | null>");
    if (typeof replayStore?.add !== "function") throw new ConfigError("replayStore must have add(key, expiresAt, now)");
    this.#secret = new wasm.DelegationSecret(secretKey);
    this.#lookup = clientPublicKey;
    this.#window = seconds("replayWindowSeconds", replayWindowSeconds);
    this.#store = replayStore;
    this.#now = clock(now);
  }

  /**
   * This server's public key blob, for its tenants' `serverPublicKey`.
   * @returns {string}
   */
  get publicKey() {
    return this.#secret.publicKey();
  }

  #publicKey(blob) {
    let key = this.#keys.get(blob);
    if (key === undefined) {
      key = wasm.delegationTenantKey(blob); // an unusable blob: DelegationRequestError 500 tenant_key
      if (this.#keys.size >= 256) this.#keys.delete(this.#keys.keys().next().value);
      this.#keys.set(blob, key);
    }
    return key;
  }

  /**
   * Verify and open a delegated `Request`. Throws DelegationRequestError
   * (`status`, `reason`, `body`: answer with them) when it must be refused:
   * 4xx for a bad request, 500 `tenant_key` when the blob `clientPublicKey`
   * returned is not a usable `edg_pk_v1_` key (a fault of this server's
   * configuration; the message names the defect, for your logs).
   * @template [B=any]
   * @param {Request} req
   * @returns {Promise<OpenedDelegationRequest<B>>}
   */
  async openRequest(req) {
    if (typeof req?.url !== "string" || typeof req.headers?.get !== "function" || typeof req.arrayBuffer !== "function") throw new ConfigError("openRequest() takes a Request");
    const url = new URL(req.url);
    const [version, tenant, ts, id, signature] = headerValues(req.headers);
    const declared = req.headers.get("content-length");
    if (declared !== null) wasm.delegationCheckLength(Number(declared) || 0);
    const body = new Uint8Array(await req.arrayBuffer());
    const parsed = wasm.delegationParseRequest(stringOf(req.method, "the request method"), url.pathname + url.search, version, tenant, ts, id, signature, body);
    const tenantId = parsed.tenantId;
    const blob = await this.#lookup(tenantId);
    if (blob === null || blob === undefined) throw wasm.delegationUnknownTenant();
    if (typeof blob !== "string") throw new ConfigError("clientPublicKey must resolve to an edg_pk_v1_ string or null");
    const client = this.#publicKey(blob);
    const opened = parsed.open(this.#secret, client, this.#now(), this.#window);
    parsed.free();
    if (!(await this.#store.add(opened.replayKey, opened.replayExpiresAt, this.#now()))) throw wasm.delegationReplayed();
    const secret = this.#secret;
    const now = this.#now;
    return {
      tenantId: /** @type {string} */ (tenantId),
      requestId: opened.requestId,
      body: JSON.parse(opened.body),
      /** @param {unknown} value @param {{ status?: number, headers?: HeadersInit }} [init] */
      async reply(value, init = {}) {
        const status = init.status ?? 200;
        if (!Number.isInteger(status) || status < 200 || status > 599) throw new ConfigError("the reply status must be an integer 200-599");
        const sealed = opened.sealResponse(secret, client, status, json(value, "the reply body"), now());
        try {
          const headers = new Headers(init.headers);
          for (const [name, v] of pairs(sealed.headers)) headers.set(name, v);
          return new Response(/** @type {BodyInit} */ (sealed.body), { status, headers });
        } finally {
          sealed.free();
        }
      },
    };
  }
}
