// RFC 9728 (OAuth 2.0 Protected Resource Metadata) for an Authenticator with
// a `resource` identifier: the document (built in the core,
// src/oauth/resource.rs), its §3.1 URL, and answering requests for it.

import * as wasm from "../wasm/edgeauth.js";
import { ConfigError } from "./errors.js";
import { toJson } from "./args.js";
import { secureUrl } from "./http.js";

/** The RFC 9728 side of an Authenticator: the document, its URL and the paths it is served on. */
export function protectedResource(resource, issuer, metadata) {
  if (resource === undefined) {
    if (metadata !== undefined) throw new ConfigError("resourceMetadata needs resource (the resource identifier)");
    return undefined;
  }
  if (typeof resource !== "string") throw new ConfigError("resource must be the resource identifier, an https URL");
  secureUrl(resource, "the resource identifier");
  const document = wasm.protectedResourceDocument(resource, typeof issuer === "string" ? issuer : undefined, metadata === undefined ? "" : toJson(metadata, "resourceMetadata"));
  return { document, url: wasm.protectedResourceMetadataUrl(resource), paths: wasm.protectedResourcePaths(resource) };
}

/**
 * The answer to a request for the RFC 9728 document `resource` describes
 * (GET or HEAD on its §3.1 path or the root well-known path; OPTIONS for
 * CORS preflights), or null for any other request.
 */
export function metadataResponse(resource, request) {
  if (!resource || typeof request?.url !== "string") return null;
  let pathname;
  try {
    pathname = new URL(request.url, "http://localhost").pathname;
  } catch {
    return null;
  }
  if (!resource.paths.includes(pathname)) return null;
  const cors = { "access-control-allow-origin": "*" };
  const method = request.method ?? "GET";
  if (method === "OPTIONS") {
    return new Response(null, { status: 204, headers: { ...cors, "access-control-allow-methods": "GET, HEAD, OPTIONS", "access-control-allow-headers": "*", "access-control-max-age": "86400" } });
  }
  if (method !== "GET" && method !== "HEAD") return new Response(null, { status: 405, headers: { allow: "GET, HEAD, OPTIONS" } });
  const headers = { ...cors, "content-type": "application/json", "cache-control": "public, max-age=600" };
  return new Response(method === "HEAD" ? null : resource.document, { status: 200, headers });
}
