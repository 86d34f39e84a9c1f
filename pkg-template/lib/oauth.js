// The OAuth 2.0 / OpenID Connect client (OAuthClient). Every request is
// built and every answer parsed by the core (src/oauth/); this file sends
// them (lib/http.js send()), signs private_key_jwt assertions (signJwt) and
// DPoP proofs (lib/dpop.js), and checks ID token signatures against the
// provider's JWKS (verifyJwt). OAuthClient.forResource starts from a
// protected resource instead of an issuer: RFC 9728 metadata, then the
// authorization server, then (without a clientId) RFC 7591 registration,
// with the RFC 8707 resource on every request. OAuthClient.discover
// registers on first use the same way (lib/oauth-register.js, the one path).
// OAuth error answers become the classes errors.js names by `error`, or
// those of the `errorClasses` option (lib/oauth-errors.js).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError, JwsInvalidError, TokenParseError } from "./errors.js";
import { errorClassesOf, reclassed } from "./oauth-errors.js";
import { clientOptionsAt, registerClient } from "./oauth-register.js";
import { DpopKey, DpopNonces, sendWithDpop } from "./dpop.js";
import { secureUrl, send } from "./http.js";
import { signJwt, verifyJwt } from "./jose.js";
import { importPkcs8 } from "./pem.js";
import { createRemoteJwks } from "./remote.js";
import { Session, TokenSet, needsRefresh } from "./session.js";
import { optionalString, optionsOf, stringOf, toJson } from "./args.js";
import { epochSeconds as now } from "./clock.js";

/** @typedef {"none" | "client_secret_basic" | "client_secret_post" | "private_key_jwt"} ClientAuth How the client authenticates at the token endpoint. */
/** @typedef {"authorization_endpoint" | "token_endpoint" | "userinfo_endpoint" | "jwks_uri" | "registration_endpoint" | "introspection_endpoint" | "revocation_endpoint" | "end_session_endpoint" | "pushed_authorization_request_endpoint"} EndpointName Metadata member names that `endpoints` may override. */
/** @typedef {"access_token" | "refresh_token" | "id_token" | "saml1" | "saml2" | "jwt" | (string & {})} TokenTypeName An RFC 8693 token type: a URN or one of the short names. */
/**
 * How requests are sent.
 * @typedef {object} TransportOptions
 * @property {typeof globalThis.fetch} [fetch] Default `globalThis.fetch`.
 * @property {number} [timeoutMs] Per attempt; default 5000.
 * @property {number} [maxRetries] Retries of network errors, timeouts, 429 and 5xx; default 2.
 * @property {Record<string, string>} [headers] Extra request headers.
 */
/**
 * The client's own options.
 * @typedef {object} OAuthClientOwnOptions
 * @property {string} [clientId] Without one, a client is registered (RFC 7591) for `redirectUri` when the client is made: see {@link RegistrationOptions}.
 * @property {string} [clientSecret]
 * @property {string} [redirectUri]
 * @property {ClientAuth} [clientAuth] Default: private_key_jwt with privateJwk, client_secret_basic with clientSecret, else none.
 * @property {import("./jose.js").Jwk | string} [privateJwk] A private JWK with `alg` (EdDSA, ES256, RS256, ...) and optionally `kid` (private_key_jwt), or a PEM PKCS#8 private key with `privateJwkAlg`.
 * @property {import("./jose.js").Algorithm} [privateJwkAlg] The algorithm of a PEM `privateJwk` (RSA keys do not say RS256 or PS256).
 * @property {DpopKey} [dpop] Bind tokens to this key (RFC 9449): proofs on token, PAR and userinfo requests, `dpop_jkt`, DPoP-bound tokens only.
 * @property {Partial<Record<EndpointName, string>>} [endpoints] Override members of the discovered metadata.
 * @property {string} [resource] An RFC 8707 resource indicator sent with authorization, code, refresh and client credentials requests.
 * @property {string} [scope] The scope of authorization requests that name none; default "openid".
 * @property {Record<string, typeof import("./errors.js").OAuthProtocolError>} [errorClasses] OAuth `error` values mapped to the class their answers become, over the defaults (`user_blocked` → UserBlockedError, ...): e.g. `{ account_suspended: UserBlockedError }`.
 */
/**
 * Registration on first use (RFC 7591): used only when no `clientId` is given.
 * @typedef {object} RegistrationOptions
 * @property {Record<string, unknown>} [clientMetadata] RFC 7591 members over the defaults (redirect_uris, grant_types, response_types, token_endpoint_auth_method "none", scope).
 * @property {string} [initialAccessToken] For registration endpoints that require one (RFC 7591 §3).
 * @property {(registration: Record<string, any>) => void | Promise<void>} [onRegistered] Called with the RFC 7591 answer (client_id, client_secret, ...) before the client is returned: persist it, and pass its client_id (and client_secret) next time.
 */
/** @typedef {TransportOptions & OAuthClientOwnOptions & RegistrationOptions} OAuthClientBaseOptions The options every way of making an OAuthClient takes. */
/** @typedef {OAuthClientBaseOptions & ({ clientId: string } | { redirectUri: string })} OAuthClientOptions The options of `OAuthClient.discover`: a `clientId`, or a `redirectUri` to register a client for. */
/**
 * What `OAuthClient.forResource` takes besides the client options (which it takes too, except `resource`).
 * @typedef {object} ResourceClientOwnOptions
 * @property {string} [wwwAuthenticate] The WWW-Authenticate header of a 401 already received from the resource (skips asking it).
 * @property {string} [authorizationServer] One of the resource's `authorization_servers`; default the first.
 */
/** @typedef {Omit<OAuthClientBaseOptions, "resource"> & ResourceClientOwnOptions} ResourceClientOptions The options of `OAuthClient.forResource`. */
/**
 * A started authorization request: send the user to `url`, keep the rest for the callback.
 * @typedef {{ url: string, state: string, nonce?: string, codeVerifier: string }} AuthorizationRequest
 */

const json = (value) => toJson(value, "an argument");
/**
 * The option names of OAuthClient.discover (OAuthZones checks zones against them).
 * @internal
 */
export const CLIENT_OPTIONS = ["clientId", "clientSecret", "redirectUri", "clientAuth", "privateJwk", "privateJwkAlg", "dpop", "fetch", "timeoutMs", "maxRetries", "headers", "endpoints", "resource", "scope", "errorClasses", "clientMetadata", "initialAccessToken", "onRegistered"];
const RESOURCE_OPTIONS = [...CLIENT_OPTIONS, "wwwAuthenticate", "authorizationServer"];
/** Methods `fetch` upper-cases (WHATWG Fetch "normalize a method"), so `htm` must too. */
const NORMALIZED_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

function checkOptions(options, allowed) {
  for (const name of Object.keys(options)) if (!allowed.includes(name)) throw new ConfigError(`unknown OAuthClient option "${name}"`);
  return options;
}

/**
 * The options with a PEM `privateJwk` read as the private JWK for `privateJwkAlg`.
 * @param {any} options
 */
async function readPem(options) {
  const { privateJwk, privateJwkAlg } = options;
  if (typeof privateJwk !== "string") {
    if (privateJwkAlg !== undefined) throw new ConfigError("privateJwkAlg is for a PEM privateJwk (a JWK names its own alg)");
    return options;
  }
  if (typeof privateJwkAlg !== "string") throw new ConfigError("a PEM privateJwk needs privateJwkAlg (RS256, PS256, ES256, ES384, EdDSA, ...): RSA keys do not say which");
  return { ...options, privateJwk: await importPkcs8(privateJwk, /** @type {any} */ (privateJwkAlg)) };
}

function transportOf(options) {
  const { fetch, timeoutMs = 5000, maxRetries = 2, headers } = options;
  if (fetch !== undefined && typeof fetch !== "function") throw new ConfigError("fetch must be a function");
  if (!(timeoutMs > 0)) throw new ConfigError("timeoutMs must be a positive number");
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new ConfigError("maxRetries must be a non-negative integer");
  return { fetch, timeoutMs, maxRetries, headers };
}

/** Fetch and parse the metadata of `issuer` (OIDC Discovery, then RFC 8414). */
async function discoverServer(issuer, endpoints, transport) {
  if (typeof issuer !== "string") throw new ConfigError("the issuer must be a string");
  secureUrl(issuer, "the issuer");
  const overrides = endpoints === undefined ? "" : json(endpoints);
  let last;
  for (const url of wasm.oauthDiscoveryUrls(issuer)) {
    const answer = await send({ method: "GET", url, headers: { accept: "application/json" } }, transport);
    try {
      return new wasm.OAuthServer(json(answer), issuer, overrides);
    } catch (e) {
      if (e?.code !== "ERR_HTTP" || e.status !== 404) throw e;
      last = e;
    }
  }
  throw last;
}

/** The RFC 9728 metadata of the resource at `url`: from a 401's `resource_metadata`, else the well-known URLs. */
async function discoverResource(url, wwwAuthenticate, transport) {
  if (typeof url !== "string") throw new ConfigError("the resource URL must be a string");
  secureUrl(url, "the resource URL");
  const wellKnown = wasm.resourceDiscoveryUrls(url);
  let challenge = wwwAuthenticate;
  if (challenge === undefined) {
    const answer = await send({ method: "GET", url, headers: { accept: "application/json, text/event-stream" } }, transport);
    if (answer.status === 401) challenge = answer.headers["www-authenticate"];
  } else if (typeof challenge !== "string") {
    throw new ConfigError("wwwAuthenticate must be the WWW-Authenticate header of a 401");
  }
  const [named, scope] = challenge ? wasm.resourceChallenge(challenge) : ["", ""];
  let last;
  for (const metadataUrl of named ? [named] : wellKnown) {
    const answer = await send({ method: "GET", url: metadataUrl, headers: { accept: "application/json" } }, transport);
    try {
      return { metadata: new wasm.ResourceMetadata(json(answer), url), scope: scope || undefined };
    } catch (e) {
      if (named || e?.code !== "ERR_HTTP" || e.status !== 404) throw e;
      last = e;
    }
  }
  throw last;
}

/**
 * An OAuth 2.0 / OpenID Connect client of one provider: discovery, PKCE
 * login, code exchange, refresh, client credentials, token exchange,
 * introspection, revocation, PAR, userinfo, logout, DPoP. Made by
 * {@link OAuthClient.discover}.
 */
export class OAuthClient {
  #server;
  #core;
  #transport;
  #privateJwk;
  #jwks;
  #dpop;
  #nonces = new DpopNonces();
  #resourceMetadata;
  #registration;
  #errorClasses;

  /**
   * @internal use OAuthClient.discover
   * @param {any} server
   * @param {any} core
   * @param {any} transport
   * @param {any} privateJwk
   * @param {DpopKey | undefined} dpop
   */
  constructor(server, core, transport, privateJwk, dpop) {
    this.#server = server;
    this.#core = core;
    this.#transport = transport;
    this.#privateJwk = privateJwk;
    this.#dpop = dpop;
  }

  /**
   * @param {any} server
   * @param {any} options
   * @param {any} transport
   * @param {Map<string, typeof import("./errors.js").OAuthProtocolError> | undefined} errorClasses
   * @param {Record<string, any> | undefined} registration
   * @returns {OAuthClient}
   */
  static #create(server, options, transport, errorClasses, registration) {
    const { clientId, clientSecret, redirectUri, clientAuth, privateJwk, dpop, resource, scope } = options;
    if (privateJwk !== undefined && (typeof privateJwk !== "object" || typeof privateJwk.alg !== "string")) throw new ConfigError("privateJwk must be a private JWK with an alg (EdDSA, ES256, RS256, ...)");
    if (dpop !== undefined && !(dpop instanceof DpopKey)) throw new ConfigError("dpop must be a DpopKey (generateDpopKey)");
    const core = new wasm.OAuthCore(server, json({ clientId, clientSecret, redirectUri, clientAuth, hasPrivateKey: privateJwk !== undefined, resource, scope }));
    const client = new OAuthClient(server, core, transport, privateJwk, dpop);
    client.#errorClasses = errorClasses;
    client.#registration = registration;
    return client;
  }

  /**
   * Discover `issuer` (`/.well-known/openid-configuration`, then RFC 8414) and configure a client of it.
   * The metadata's `issuer` must equal `issuer` exactly. Without a
   * `clientId`, a client is registered for `redirectUri` first (RFC 7591)
   * and `onRegistered` gets the answer to persist: see {@link OAuthClient.registration}.
   * @example
   * const client = await OAuthClient.discover("https://op.example", { clientId: "my-app", redirectUri: "https://app.example/callback" });
   * @param {string} issuer
   * @param {OAuthClientOptions} clientOptions
   * @returns {Promise<OAuthClient>}
   */
  static async discover(issuer, clientOptions) {
    const options = await readPem(checkOptions(optionsOf(clientOptions), CLIENT_OPTIONS));
    const transport = transportOf(options);
    const errorClasses = errorClassesOf(options.errorClasses);
    const server = await discoverServer(issuer, options.endpoints, transport);
    const { options: configured, registration } = await clientOptionsAt(server, options, transport, errorClasses);
    return OAuthClient.#create(server, configured, transport, errorClasses, registration);
  }

  /**
   * The DpopKey this client binds its tokens to, or undefined.
   * @returns {DpopKey | undefined}
   */
  get dpopKey() {
    return this.#dpop;
  }

  /**
   * A client of the authorization server that protects the resource at
   * `url` (RFC 9728 discovery: a 401's `resource_metadata`, else the
   * well-known URLs), bound to that resource (RFC 8707). Without a clientId
   * it registers one (RFC 7591) for `redirectUri`: see {@link OAuthClient.registration}.
   * @example
   * const client = await OAuthClient.forResource("https://mcp.example/mcp", { redirectUri: "http://127.0.0.1:8765/callback" });
   * @param {string} url
   * @param {ResourceClientOptions} [clientOptions]
   * @returns {Promise<OAuthClient>}
   */
  static async forResource(url, clientOptions) {
    const options = await readPem(checkOptions(optionsOf(clientOptions), RESOURCE_OPTIONS));
    if (options.resource !== undefined) throw new ConfigError("forResource takes the resource from its metadata; do not set resource");
    const transport = transportOf(options);
    const errorClasses = errorClassesOf(options.errorClasses);
    const found = await discoverResource(url, options.wwwAuthenticate, transport);
    try {
      const issuer = found.metadata.authorizationServer(optionalString(options.authorizationServer, "authorizationServer"));
      const server = await discoverServer(issuer, options.endpoints, transport);
      const scope = options.scope ?? found.metadata.defaultScope(found.scope);
      const resource = found.metadata.resource;
      const { options: clientOptions, registration } = await clientOptionsAt(server, { ...options, resource, scope }, transport, errorClasses);
      const client = OAuthClient.#create(server, clientOptions, transport, errorClasses, registration);
      client.#resourceMetadata = found.metadata.metadata;
      return client;
    } finally {
      found.metadata.free();
    }
  }

  /**
   * Dynamic client registration (RFC 7591); returns the registered metadata (client_id, ...).
   * @param {string} issuer
   * @param {Record<string, unknown>} clientMetadata
   * @param {TransportOptions & { initialAccessToken?: string, endpoints?: Partial<Record<EndpointName, string>> }} [options]
   * @returns {Promise<Record<string, any>>}
   */
  static async register(issuer, clientMetadata, options) {
    const { initialAccessToken, endpoints, ...rest } = optionsOf(options);
    const transport = transportOf(rest);
    const server = await discoverServer(issuer, endpoints, transport);
    return registerClient(server, json(clientMetadata ?? null), optionalString(initialAccessToken, "initialAccessToken"), transport);
  }

  /**
   * The RFC 8707 resource this client asks tokens for (forResource, or the resource option).
   * @returns {string | undefined}
   */
  get resource() {
    return this.#core.resource;
  }

  /**
   * The RFC 9728 metadata of the resource (forResource only).
   * @returns {import("./authenticator.js").ProtectedResourceMetadata | undefined}
   */
  get resourceMetadata() {
    return this.#resourceMetadata === undefined ? undefined : JSON.parse(this.#resourceMetadata);
  }

  /**
   * The RFC 7591 answer when discover or forResource registered this client (holds its client_secret, if any: store it safely).
   * @returns {Record<string, any> | undefined}
   */
  get registration() {
    return this.#registration && { ...this.#registration };
  }

  /**
   * The server metadata (with any `endpoints` overrides applied).
   * @returns {Record<string, any>}
   */
  get metadata() {
    return JSON.parse(this.#server.metadata);
  }

  async #assertion() {
    if (!this.#core.needsAssertion) return undefined;
    const claims = JSON.parse(this.#core.assertionClaims(now()));
    return signJwt(claims, this.#privateJwk, { alg: this.#privateJwk.alg, kid: this.#privateJwk.kid });
  }

  async #send(req) {
    return json(await send(JSON.parse(req), this.#transport));
  }

  /**
   * `read()`, a core call that reads a server answer or the callback; an
   * OAuth error answer becomes the class `errorClasses` names for its `error`.
   * @template T
   * @param {() => T} read
   * @returns {T}
   */
  #read(read) {
    try {
      return read();
    } catch (e) {
      throw reclassed(e, this.#errorClasses);
    }
  }

  /**
   * `#send` for the requests a DPoP client proves its key on (token, PAR,
   * userinfo with `accessToken`): a fresh proof per attempt, the server's
   * nonce remembered, one more try on `use_dpop_nonce` (RFC 9449 §8, §9).
   */
  async #sendProved(reqJson, accessToken) {
    if (this.#dpop === undefined) return this.#send(reqJson);
    const req = JSON.parse(reqJson);
    const answer = await sendWithDpop(this.#dpop, this.#nonces, { method: req.method, url: req.url, accessToken }, async (proof) => {
      const a = await send(req, this.#transport, async () => ({ dpop: await proof() }));
      return { ...a, header: (name) => a.headers[name], body: typeof a.body === "string" ? a.body : "" };
    });
    return json({ status: answer.status, headers: answer.headers, body: answer.body });
  }

  /**
   * `{ url, state, nonce, codeVerifier }` (PKCE S256; state and nonce generated unless given); with `usePar` the request is pushed first (RFC 9126).
   * @param {{ scope?: string, state?: string, nonce?: string, usePar?: boolean, extraParams?: Record<string, string | string[]> }} [options] `scope` default "openid".
   * @returns {Promise<AuthorizationRequest>}
   */
  async authorizationUrl(options) {
    const { scope, state, nonce, usePar = false, extraParams } = optionsOf(options);
    const assertion = usePar ? await this.#assertion() : undefined;
    // RFC 9449 §10: the code is bound to the DPoP key (and §10.1: a PAR request also carries a proof).
    const [s, n, codeVerifier] = this.#core.startAuthorization(json({ scope, state, nonce, dpopJkt: this.#dpop?.jkt, extraParams }));
    const result = { state: s, nonce: n || undefined, codeVerifier };
    if (!usePar) return { url: this.#core.authorizationUrl(), ...result };
    const par = this.#core.parRequest(assertion);
    const answer = await this.#sendProved(par);
    return { url: this.#read(() => this.#core.parUrl(answer)), ...result };
  }

  /**
   * Check the callback (iss, state, error), exchange the code, validate the ID token (OIDC Core §3.1.3.7).
   * @param {string | URL} callbackUrl
   * @param {{ state: string, nonce?: string, codeVerifier: string }} options What `authorizationUrl` returned.
   * @returns {Promise<TokenSet>}
   */
  async handleCallback(callbackUrl, options) {
    const { state, nonce, codeVerifier } = optionsOf(options);
    if (typeof state !== "string") throw new ConfigError("handleCallback needs the state sent with the request");
    const code = this.#read(() => this.#core.callback(String(callbackUrl), state));
    return this.exchangeCode(code, codeVerifier, { nonce });
  }

  /**
   * The code exchange alone.
   * @param {string} code
   * @param {string} codeVerifier
   * @param {{ nonce?: string }} [options]
   * @returns {Promise<TokenSet>}
   */
  async exchangeCode(code, codeVerifier, options) {
    const { nonce } = optionsOf(options);
    return this.#grant("authorization_code", { code, codeVerifier }, { nonce: optionalString(nonce, "nonce") });
  }

  /**
   * Refresh; a new ID token must keep `expectedSubject` (OIDC Core §12.2), else SubjectMismatchError.
   * @param {string} refreshToken
   * @param {{ expectedSubject?: string, scope?: string }} [options]
   * @returns {Promise<TokenSet>}
   */
  async refresh(refreshToken, options) {
    const { expectedSubject, scope } = optionsOf(options);
    return this.#grant("refresh_token", { refreshToken, scope }, { refresh: true, subject: optionalString(expectedSubject, "expectedSubject") });
  }

  /**
   * The client credentials grant; `resource` per RFC 8707.
   * @param {{ scope?: string, resource?: string | string[], audience?: string | string[] }} [options]
   * @returns {Promise<TokenSet>}
   */
  async clientCredentials(options) {
    const { scope, resource, audience } = optionsOf(options);
    return this.#grant("client_credentials", { scope, resource, audience });
  }

  /**
   * RFC 8693 token exchange; token types as URNs or short names (`access_token`, `jwt`, ...).
   * @param {{ subjectToken: string, subjectTokenType: TokenTypeName, actorToken?: string, actorTokenType?: TokenTypeName, audience?: string | string[], resource?: string | string[], scope?: string, requestedTokenType?: TokenTypeName }} options
   * @returns {Promise<TokenSet>}
   */
  async exchangeToken(options) {
    const { subjectToken, subjectTokenType, actorToken, actorTokenType, audience, resource, scope, requestedTokenType } = optionsOf(options);
    return this.#grant("token_exchange", { subjectToken, subjectTokenType, actorToken, actorTokenType, audience, resource, scope, requestedTokenType }, {}, true);
  }

  /**
   * @param {string} grant
   * @param {object} options
   * @param {{ nonce?: string, refresh?: boolean, subject?: string }} [idToken]
   * @param {boolean} [exchange]
   */
  async #grant(grant, options, idToken = {}, exchange = false) {
    const assertion = await this.#assertion();
    const answer = await this.#sendProved(this.#core.tokenRequest(grant, json(options), assertion));
    const set = JSON.parse(this.#read(() => this.#core.parseToken(answer, now(), exchange, this.#dpop !== undefined)));
    if (set.idToken !== undefined) set.claims = await this.#idTokenClaims(set.idToken, set.accessToken, idToken);
    return new TokenSet(set);
  }

  /** @param {string} idToken @param {string} accessToken @param {{ nonce?: string, refresh?: boolean, subject?: string }} expected */
  async #idTokenClaims(idToken, accessToken, { nonce, refresh = false, subject }) {
    this.#jwks ??= createRemoteJwks(this.metadata.jwks_uri, { fetch: this.#transport.fetch, timeoutMs: this.#transport.timeoutMs, headers: this.#transport.headers });
    const { payload, protectedHeader } = await verifyJwt(idToken, this.#jwks, JSON.parse(this.#core.idTokenOptions(refresh ? undefined : nonce))).catch((e) => {
      if (!(e instanceof JwsInvalidError) || e instanceof TokenParseError) throw e;
      throw new TokenParseError(`the token response's ID token is malformed: ${e.message}`, { cause: e });
    });
    this.#core.checkIdToken(json(payload), protectedHeader.alg, nonce, refresh, subject, accessToken);
    return payload;
  }

  /**
   * RFC 7662: the introspection answer (`active` is checked to be boolean).
   * @param {string} token
   * @param {{ tokenTypeHint?: string }} [options]
   * @returns {Promise<{ active: boolean, [member: string]: any }>}
   */
  async introspect(token, options) {
    const { tokenTypeHint } = optionsOf(options);
    const assertion = await this.#assertion();
    const answer = await this.#send(this.#core.introspectionRequest(stringOf(token, "the token"), optionalString(tokenTypeHint, "tokenTypeHint"), assertion));
    return JSON.parse(this.#read(() => this.#core.parseIntrospection(answer)));
  }

  /**
   * Revoke a token (RFC 7009).
   * @param {string} token
   * @param {{ tokenTypeHint?: string }} [options]
   * @returns {Promise<void>}
   */
  async revoke(token, options) {
    const { tokenTypeHint } = optionsOf(options);
    const assertion = await this.#assertion();
    const answer = await this.#send(this.#core.revocationRequest(stringOf(token, "the token"), optionalString(tokenTypeHint, "tokenTypeHint"), assertion));
    this.#read(() => this.#core.parseRevocation(answer));
  }

  /**
   * OIDC Core §5.3; `expectedSubject` is the ID token's `sub` (§5.3.2). DPoP clients send a proof.
   * @param {string} accessToken
   * @param {{ expectedSubject?: string }} [options]
   * @returns {Promise<{ sub: string, [claim: string]: any }>}
   */
  async userinfo(accessToken, options) {
    const { expectedSubject } = optionsOf(options);
    const token = stringOf(accessToken, "the access token");
    const req = this.#core.userinfoRequest(token, this.#dpop !== undefined);
    const answer = await this.#sendProved(req, token);
    return JSON.parse(this.#read(() => this.#core.parseUserinfo(answer, optionalString(expectedSubject, "expectedSubject"))));
  }

  /**
   * `fetch(input, init)` to a protected resource with `accessToken`: as
   * `Authorization: DPoP` with a proof for this request (one more try with
   * the resource server's nonce when it asks, RFC 9449 §9) for a DPoP
   * client, as `Bearer` otherwise. `input` is an absolute URL; a body must
   * be sendable twice (a string, bytes, FormData, URLSearchParams).
   * @param {string} accessToken
   * @param {string | URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetchProtected(accessToken, input, init) {
    if (typeof accessToken !== "string" || accessToken === "") throw new ConfigError("fetchProtected needs the access token");
    if (typeof input !== "string" && !(input instanceof URL)) throw new ConfigError("fetchProtected needs an absolute URL");
    const url = secureUrl(String(input), "the resource URL").href;
    const options = optionsOf(init, "init");
    const given = options.method === undefined ? "GET" : String(options.method);
    const method = NORMALIZED_METHODS.includes(given.toUpperCase()) ? given.toUpperCase() : given;
    const fetchImpl = this.#transport.fetch ?? globalThis.fetch;
    /** @param {Record<string, string>} extra */
    const call = (extra) => {
      const headers = new Headers(options.headers);
      headers.set("authorization", `${this.#dpop ? "DPoP" : "Bearer"} ${accessToken}`);
      for (const [name, value] of Object.entries(extra)) headers.set(name, value);
      return fetchImpl(url, { ...options, method, headers });
    };
    if (this.#dpop === undefined) return call({});
    const answer = await sendWithDpop(this.#dpop, this.#nonces, { method, url, accessToken }, async (proof) => {
      const response = await call({ dpop: await proof() });
      return { response, status: response.status, header: (name) => response.headers.get(name), body: "", discard: () => response.body?.cancel() };
    });
    return answer.response;
  }

  /**
   * The RP-initiated logout URL (with `client_id`).
   * @param {{ idTokenHint?: string, postLogoutRedirectUri?: string, state?: string }} [options]
   * @returns {string}
   */
  endSessionUrl(options) {
    const { idTokenHint, postLogoutRedirectUri, state } = optionsOf(options);
    return this.#core.endSessionUrl(json({ idTokenHint, postLogoutRedirectUri, state }));
  }

  /**
   * A Session over `tokens` that refreshes before expiry (refreshing now if already inside the buffer).
   * Expired tokens without a refresh token: TokenExpiredError.
   * @param {TokenSet | import("./session.js").TokenSetFields} tokens
   * @param {import("./session.js").SessionOptions} [options]
   * @returns {Promise<Session>}
   */
  async session(tokens, options) {
    const session = new Session(this, tokens instanceof TokenSet ? tokens : new TokenSet(tokens), options);
    if (needsRefresh(session.tokens, session.refreshBufferSeconds)) await session.refresh();
    return session;
  }
}
