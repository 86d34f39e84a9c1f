// OAuthZones: credentials for several deployments ("zones": production,
// staging, ...) in one configuration object. Each zone is the issuer and
// the options of one OAuthClient, discovered on first use (and registered
// on first use without a clientId, RFC 7591, through OAuthClient.discover),
// then kept. authorizationHeaders() gets a zone's client credentials token
// (RFC 6749 §4.4) as a Bearer header (RFC 6750 §2.1), kept until a minute
// before it expires.

import { ConfigError } from "./errors.js";
import { isWorkers, secureUrl } from "./http.js";
import { CLIENT_OPTIONS, OAuthClient } from "./oauth.js";
import { optionalString, optionsOf } from "./args.js";

/**
 * One zone: its issuer and the options of its OAuthClient (`OAuthClient.discover`).
 * @typedef {{ issuer: string } & import("./oauth.js").OAuthClientBaseOptions} ZoneOptions
 */
/**
 * What `authorizationHeaders` asks the zone's token endpoint for.
 * @typedef {object} ZoneTokenOptions
 * @property {string} [scope] The scope of the client credentials token; default none (the server's default).
 */

/** Tokens are asked for anew this many seconds before they expire. */
const EXPIRY_BUFFER_SECONDS = 60;

/**
 * Several deployments of an authorization server, one OAuthClient each,
 * discovered on first use. Concurrent first calls for a zone share one
 * discovery (and one token request), except on Workers, where a promise
 * must not cross requests; a failure is not kept, so the next call tries again.
 * @example
 * const zones = new OAuthZones(
 *   {
 *     production: { issuer: "https://auth.example", clientId: "svc", clientSecret: "…" },
 *     staging: { issuer: "https://auth.staging.example", clientId: "svc-staging", clientSecret: "…" },
 *   },
 *   { timeoutMs: 3000 },
 * );
 * const headers = await zones.authorizationHeaders("staging", { scope: "reports:read" });
 */
export class OAuthZones {
  /** @type {Map<string, ZoneOptions>} */
  #zones = new Map();
  /** @type {Map<string, OAuthClient>} */
  #clients = new Map();
  /** @type {Map<string, import("./session.js").TokenSet>} */
  #tokens = new Map();
  /** @type {Map<string, Promise<any>>} */
  #pending = new Map();

  /**
   * @param {Record<string, ZoneOptions>} zones Zone name → its issuer and client options.
   * @param {Partial<ZoneOptions>} [shared] Options every zone takes, under its own (`fetch`, `timeoutMs`, `headers`, ...; an `issuer` too).
   */
  constructor(zones, shared) {
    const given = optionsOf(zones, "zones");
    const common = optionsOf(shared, "the shared options");
    if (Array.isArray(given) || Object.keys(given).length === 0) throw new ConfigError("zones must name at least one zone: { production: { issuer, clientId, ... }, ... }");
    for (const [name, zone] of Object.entries(given)) {
      const options = { ...common, ...optionsOf(zone, `zone "${name}"`) };
      for (const key of Object.keys(options)) {
        if (key !== "issuer" && !CLIENT_OPTIONS.includes(key)) throw new ConfigError(`zone "${name}": unknown OAuthClient option "${key}"`);
      }
      if (typeof options.issuer !== "string") throw new ConfigError(`zone "${name}" needs an issuer`);
      secureUrl(options.issuer, `zone "${name}"'s issuer`);
      this.#zones.set(name, /** @type {ZoneOptions} */ (options));
    }
  }

  /**
   * The zones' names, in the order they were given.
   * @returns {string[]}
   */
  names() {
    return [...this.#zones.keys()];
  }

  /**
   * Whether a zone of this name exists.
   * @param {string} name
   * @returns {boolean}
   */
  has(name) {
    return typeof name === "string" && this.#zones.has(name);
  }

  /**
   * The zone's OAuthClient, discovered (and registered, without a clientId) on the first call, then kept.
   * @param {string} name
   * @returns {Promise<OAuthClient>}
   */
  async client(name) {
    const { issuer, ...options } = this.#zone(name);
    const known = this.#clients.get(name);
    if (known) return known;
    return this.#once(`client ${name}`, async () => {
      const client = await OAuthClient.discover(issuer, /** @type {import("./oauth.js").OAuthClientOptions} */ (options));
      this.#clients.set(name, client);
      return client;
    });
  }

  /**
   * `{ authorization: "Bearer …" }` for calls into the zone: a client
   * credentials token (RFC 6749 §4.4) of the zone's client, kept per scope
   * until a minute before it expires (a token without `expires_in` is not kept).
   * @param {string} name
   * @param {ZoneTokenOptions} [options]
   * @returns {Promise<{ authorization: string }>}
   */
  async authorizationHeaders(name, options) {
    this.#zone(name);
    const scope = optionalString(optionsOf(options).scope, "scope");
    const key = `${name} ${scope ?? ""}`;
    const held = this.#tokens.get(key);
    const fresh = held && !held.isExpired(EXPIRY_BUFFER_SECONDS) ? held : await this.#once(`token ${key}`, async () => {
      const client = await this.client(name);
      if (client.dpopKey) throw new ConfigError(`zone "${name}" binds tokens to a DPoP key, which needs a proof per request: use (await zones.client("${name}")).fetchProtected`);
      const tokens = await client.clientCredentials({ scope });
      if (tokens.expiresAt !== undefined) this.#tokens.set(key, tokens);
      return tokens;
    });
    return { authorization: `Bearer ${fresh.accessToken}` };
  }

  /** The zone's options, or a ConfigError naming the zones there are. */
  #zone(name) {
    if (typeof name !== "string") throw new ConfigError("the zone name must be a string");
    const zone = this.#zones.get(name);
    if (zone === undefined) throw new ConfigError(`no zone ${JSON.stringify(name)}: the zones are ${this.names().map((n) => JSON.stringify(n)).join(", ")}`);
    return zone;
  }

  /** `start()`, shared by concurrent callers of the same `key` (not on Workers), forgotten once settled. */
  async #once(key, start) {
    const running = isWorkers ? undefined : this.#pending.get(key);
    if (running) return running;
    const run = start();
    if (!isWorkers) this.#pending.set(key, run);
    try {
      return await run;
    } finally {
      if (this.#pending.get(key) === run) this.#pending.delete(key);
    }
  }
}
