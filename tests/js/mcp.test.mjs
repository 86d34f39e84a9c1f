// The MCP example (mcp-example/: the official SDK's McpServer on Hono,
// protected by edgeauth) in Node and in workerd, with oidc-provider
// (tests/provider/) as its authorization server: resource indicators on,
// open dynamic registration. Clients: the official MCP SDK client with its
// own OAuth implementation, and edgeauth's OAuthClient.forResource. Then the
// refusals, each with its status and WWW-Authenticate.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { OAuthClient, decodeJwt } from "edgeauth";
import { createApp } from "../../mcp-example/src/app.js";
import { bundleWorker, startModules } from "./harness/workerd.mjs";
import { API, defaultAccounts, defaultResources, startProvider } from "../provider/provider.mjs";

const REDIRECT = "https://client.test/callback";
const MCP_SCOPES = "notes:read notes:write";
const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

/** A loopback HTTP server whose requests go to `handler(request)` (swappable). */
async function listen() {
  const box = { handler: () => new Response("not ready", { status: 503 }) };
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: (request) => box.handler(request), hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  return { box, origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }) };
}

/** Miniflare's answer as a Response of this process (bodies of 204/304 are null). */
async function forward(mf, request) {
  const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
  const answer = await mf.dispatchFetch(request.url, { method: request.method, headers: [...request.headers], body, redirect: "manual" });
  const bytes = await answer.arrayBuffer();
  return new Response([101, 204, 205, 304].includes(answer.status) ? null : bytes, { status: answer.status, headers: [...answer.headers] });
}

/** Where the example runs: `start(config)` (re)starts it with a fresh JWKS cache behind the same URL. */
const hosts = {
  node: () => {
    return {
      start: async (front, { issuer, resource, jwksUrl }) => {
        const app = createApp({ issuer, resource, jwks: jwksUrl, clockTolerance: 0 });
        front.box.handler = (request) => app.fetch(request);
      },
      close: async () => {},
    };
  },
  workerd: () => {
    let mf;
    let bundled;
    return {
      start: async (front, { issuer, resource, jwksUrl }) => {
        await mf?.dispose();
        bundled ??= await bundleWorker(fileURLToPath(new URL("../../mcp-example/src/worker.js", import.meta.url)));
        const worker = await startModules(bundled.modules, { kvNamespaces: ["JWKS_CACHE"], bindings: { ISSUER: issuer, RESOURCE: resource, JWKS_URL: jwksUrl, CLOCK_TOLERANCE_SECONDS: "0" } });
        mf = worker.mf;
        front.box.handler = (request) => forward(worker.mf, request);
      },
      close: async () => mf?.dispose(),
    };
  },
};

/** An OAuthClientProvider of the MCP SDK that keeps everything in memory and records the redirect. */
class MemoryProvider {
  saved = {};
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata() {
    return { client_name: "MCP SDK client (edgeauth test)", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  }
  clientInformation() {
    return this.saved.client;
  }
  saveClientInformation(client) {
    this.saved.client = client;
  }
  tokens() {
    return this.saved.tokens;
  }
  saveTokens(tokens) {
    this.saved.tokens = tokens;
  }
  redirectToAuthorization(url) {
    this.authorizationUrl = new URL(url);
  }
  saveCodeVerifier(verifier) {
    this.saved.verifier = verifier;
  }
  codeVerifier() {
    return this.saved.verifier;
  }
}

const text = (result) => JSON.parse(result.content[0].text);

for (const [name, makeHost] of Object.entries(hosts)) {
  describe(`MCP example in ${name}`, () => {
    let op;
    let front;
    let host;
    let mcpUrl;
    let jwksUrl;
    const resources = defaultResources();
    const accounts = { ...defaultAccounts(), carol: { password: "writer", resourceScopes: ["notes:write"] } };

    before(async () => {
      op = await startProvider({ resources, accounts, scopes: MCP_SCOPES.split(" "), initialAccessToken: false, clientCredentialsTtl: 2 });
      front = await listen();
      mcpUrl = `${front.origin}/mcp`;
      resources[mcpUrl] = { scope: MCP_SCOPES, accessTokenFormat: "jwt", jwt: { sign: { alg: "EdDSA" } } };
      jwksUrl = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()).jwks_uri;
      host = makeHost();
      await host.start(front, { issuer: op.issuer, resource: mcpUrl, jwksUrl });
    });
    after(async () => {
      await host?.close();
      await front?.close();
      await op?.close();
    });

    const post = (token, body = INITIALIZE) => fetch(mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const metadataUrl = () => `${front.origin}/.well-known/oauth-protected-resource/mcp`;
    /** A client credentials token of the provider's basic-client for `resource`. */
    async function serviceToken(resource, scope) {
      const client = await OAuthClient.discover(op.issuer, { clientId: "basic-client", clientSecret: op.clients["basic-client"].client_secret });
      return (await client.clientCredentials({ resource, scope })).accessToken;
    }

    test("the official MCP SDK client: 401 → RFC 9728 → registration → login with PKCE and resource → tools", async () => {
      const provider = new MemoryProvider();
      const first = new Client({ name: "edgeauth-test", version: "1.0.0" });
      await assert.rejects(first.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider })), UnauthorizedError);
      assert.ok(provider.saved.client?.client_id, "the SDK registered a client (RFC 7591)");
      const asked = provider.authorizationUrl.searchParams;
      assert.equal(asked.get("resource"), mcpUrl);
      assert.equal(asked.get("code_challenge_method"), "S256");
      assert.equal(asked.get("scope"), MCP_SCOPES, "scopes_supported of the resource metadata");
      const { callbackUrl } = await op.login(provider.authorizationUrl);
      const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
      await transport.finishAuth(new URL(callbackUrl).searchParams.get("code"));
      const claims = decodeJwt(provider.saved.tokens.access_token);
      assert.equal(claims.aud, mcpUrl, "the token's audience is the MCP server");
      assert.equal(claims.scope, MCP_SCOPES);
      const client = new Client({ name: "edgeauth-test", version: "1.0.0" });
      await client.connect(transport);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ["add_note", "list_notes", "whoami"]);
      const me = text(await client.callTool({ name: "whoami", arguments: {} }));
      assert.deepEqual([me.sub, me.audience, me.clientId], ["alice", mcpUrl, provider.saved.client.client_id]);
      assert.equal(text(await client.callTool({ name: "add_note", arguments: { text: "from the SDK" } })).added, "from the SDK");
      await client.close();
    });

    test("edgeauth's OAuthClient.forResource: the same flow, then a refresh bound to the resource", async () => {
      const oauth = await OAuthClient.forResource(mcpUrl, { redirectUri: REDIRECT, clientMetadata: { client_name: "edgeauth forResource" } });
      assert.equal(oauth.resource, mcpUrl);
      assert.equal(oauth.resourceMetadata.resource, mcpUrl);
      assert.deepEqual(oauth.resourceMetadata.authorization_servers, [op.issuer]);
      assert.equal(oauth.metadata.issuer, op.issuer);
      assert.ok(oauth.registration.client_id);
      assert.equal(oauth.registration.token_endpoint_auth_method, "none");
      const request = await oauth.authorizationUrl();
      const params = new URL(request.url).searchParams;
      assert.deepEqual([params.get("resource"), params.get("scope"), params.get("client_id")], [mcpUrl, MCP_SCOPES, oauth.registration.client_id]);
      const { callbackUrl } = await op.login(request.url);
      const tokens = await oauth.handleCallback(callbackUrl, request);
      assert.equal(decodeJwt(tokens.accessToken).aud, mcpUrl);
      const connect = async (token) => {
        const client = new Client({ name: "edgeauth-forResource", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        return client;
      };
      const client = await connect(tokens.accessToken);
      assert.equal((await client.listTools()).tools.length, 3);
      assert.equal(text(await client.callTool({ name: "whoami", arguments: {} })).clientId, oauth.registration.client_id);
      await client.close();
      const refreshed = await oauth.refresh(tokens.refreshToken);
      assert.equal(decodeJwt(refreshed.accessToken).aud, mcpUrl, "refresh sends the resource too");
      const again = await connect(refreshed.accessToken);
      assert.ok(Array.isArray(text(await again.callTool({ name: "list_notes", arguments: {} }))));
      await again.close();
    });

    test("no token: 401 naming the resource metadata, which is served", async () => {
      const answer = await post();
      assert.equal(answer.status, 401);
      assert.equal(answer.headers.get("www-authenticate"), `Bearer resource_metadata="${metadataUrl()}"`);
      const document = await (await fetch(metadataUrl())).json();
      assert.equal(document.resource, mcpUrl);
      assert.deepEqual(document.authorization_servers, [op.issuer]);
      assert.deepEqual(document.scopes_supported, MCP_SCOPES.split(" "));
    });

    test("a token for another resource: 401 invalid_token", async () => {
      const token = await serviceToken(API, "read");
      assert.equal(decodeJwt(token).aud, API);
      const answer = await post(token);
      assert.equal(answer.status, 401);
      const challenge = answer.headers.get("www-authenticate");
      assert.match(challenge, /^Bearer error="invalid_token", error_description=".*aud.*"/);
      assert.ok(challenge.endsWith(`, resource_metadata="${metadataUrl()}"`), challenge);
      assert.equal((await answer.json()).error, "ERR_JWT_CLAIM_INVALID");
    });

    test("a token without notes:read: 403 insufficient_scope with scope=", async () => {
      const answer = await post(await serviceToken(mcpUrl, "notes:write"));
      assert.equal(answer.status, 403);
      assert.equal(answer.headers.get("www-authenticate"), `Bearer error="insufficient_scope", error_description="missing scope: notes:read", scope="notes:read", resource_metadata="${metadataUrl()}"`);
      assert.equal((await answer.json()).error, "ERR_AUTH_INSUFFICIENT_SCOPE");
    });

    test("an expired token: 401 invalid_token", async () => {
      const token = await serviceToken(mcpUrl, "notes:read");
      assert.equal((await post(token)).status, 200, "valid while fresh");
      const { exp } = decodeJwt(token);
      while (Date.now() / 1000 < exp + 1) await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await post(token);
      assert.equal(answer.status, 401);
      const challenge = answer.headers.get("www-authenticate");
      assert.match(challenge, /^Bearer error="invalid_token", error_description=".*expired.*"/);
      assert.ok(challenge.endsWith(`, resource_metadata="${metadataUrl()}"`), challenge);
      assert.equal((await answer.json()).error, "ERR_JWT_EXPIRED");
    });

    test("the authorization server down: 502 without a challenge", async () => {
      const token = await serviceToken(mcpUrl, "notes:read");
      await op.close();
      await host.start(front, { issuer: op.issuer, resource: mcpUrl, jwksUrl });
      const answer = await post(token);
      assert.equal(answer.status, 502);
      assert.equal(answer.headers.get("www-authenticate"), null);
      assert.equal((await answer.json()).error, "ERR_AUTH_UPSTREAM");
    });
  });
}
