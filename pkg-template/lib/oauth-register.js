// Dynamic client registration (RFC 7591) for OAuthClient: the one path by
// which OAuthClient.discover and OAuthClient.forResource register a client
// on first use (no clientId given) and hand the answer to `onRegistered`,
// and the request of OAuthClient.register. The metadata defaults and the
// answer's checks are the core's (src/oauth/register.rs).

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { reclassed } from "./oauth-errors.js";
import { send } from "./http.js";
import { optionalString, toJson } from "./args.js";

const json = (value) => toJson(value, "an argument");

/**
 * RFC 7591: register `clientMetadata` (JSON text) at `server`; the
 * registration answer.
 * @internal
 */
export async function registerClient(server, clientMetadataJson, initialAccessToken, transport) {
  const req = JSON.parse(server.registrationRequest(clientMetadataJson, optionalString(initialAccessToken, "initialAccessToken")));
  return JSON.parse(wasm.oauthParseRegistration(json(await send(req, transport))));
}

/**
 * The client options to use at `server`: `options` as given when they name
 * a clientId, else those of a client registered now for signing users in at
 * `redirectUri` (src/oauth/register.rs login_client_metadata), with
 * `clientMetadata` members over the defaults, after `onRegistered` has
 * taken the answer. Returns `{ options, registration }`. The registration
 * path of discover and forResource.
 * @internal
 */
export async function clientOptionsAt(server, options, transport, errorClasses) {
  if (options.clientId !== undefined) return { options, registration: undefined };
  const { redirectUri, scope, clientMetadata, initialAccessToken, onRegistered } = options;
  if (typeof redirectUri !== "string") throw new ConfigError("without a clientId the client is registered, which needs redirectUri");
  if (onRegistered !== undefined && typeof onRegistered !== "function") throw new ConfigError("onRegistered must be a function");
  const metadata = wasm.oauthLoginClientMetadata(redirectUri, typeof scope === "string" ? scope : undefined, json(clientMetadata ?? {}));
  let registration;
  try {
    registration = await registerClient(server, metadata, initialAccessToken, transport);
  } catch (e) {
    throw reclassed(e, errorClasses);
  }
  await onRegistered?.({ ...registration });
  const registered = { clientId: registration.client_id, clientSecret: registration.client_secret, clientAuth: registration.token_endpoint_auth_method };
  return { options: { ...options, ...registered }, registration };
}
