// An MCP server protected by edgeauth: the official SDK's McpServer over its
// web-standard Streamable HTTP transport, on Hono, so the same app runs in
// Workers (worker.js) and in Node (node.js).
//
//   GET  /.well-known/oauth-protected-resource/mcp   RFC 9728 metadata (served by edgeauth)
//   POST /mcp                                        MCP, with a token for this resource granting notes:read
//   GET  /health                                     public
//
// Tools: whoami, list_notes, add_note (add_note needs notes:write too).
import { Hono } from "hono";
import { cors } from "hono/cors";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import { Authenticator, tokenFromRequest } from "edgeauth/edge";
import { edgeauth, requireScopes } from "edgeauth/hono";

/**
 * `issuer`: the authorization server; `resource`: this server's URL (its
 * resource identifier, the audience of its tokens); `jwks`: the issuer's JWK
 * Set (a URL or a createRemoteJwks(...)); `clockTolerance`: seconds.
 */
export function createApp({ issuer, resource, jwks, clockTolerance }) {
  const auth = new Authenticator({
    issuer,
    resource,
    jwks,
    clockTolerance,
    resourceMetadata: { scopes_supported: ["notes:read", "notes:write"], resource_name: "Notes (edgeauth MCP example)" },
  });
  const notes = []; // in memory, per isolate: an example

  const app = new Hono();
  app.use(cors({ origin: "*", allowHeaders: ["authorization", "content-type", "mcp-protocol-version", "mcp-session-id"], exposeHeaders: ["www-authenticate", "mcp-session-id"] }));
  app.use(edgeauth(auth, { optional: true }));
  app.get("/health", (c) => c.json({ ok: true }));
  app.all("/mcp", requireScopes("notes:read"), async (c) => {
    const principal = c.get("principal");
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await notesServer(notes).connect(transport);
    const authInfo = {
      token: tokenFromRequest(c.req.raw),
      clientId: principal.claims.client_id ?? principal.claims.azp ?? "",
      scopes: [...principal.scopes],
      expiresAt: principal.claims.exp,
      resource: new URL(resource),
      extra: { principal },
    };
    return transport.handleRequest(c.req.raw, { authInfo });
  });
  return app;
}

/** One stateless McpServer per request (the SDK's pattern for the web-standard transport). */
function notesServer(notes) {
  const server = new McpServer({ name: "edgeauth-notes", version: "1.0.0" });
  const text = (value) => ({ content: [{ type: "text", text: typeof value === "string" ? value : JSON.stringify(value) }] });
  // A tool without inputSchema gets (extra); with one, (args, extra).
  server.registerTool("whoami", { description: "Who the access token belongs to" }, ({ authInfo }) => {
    const { principal } = authInfo.extra;
    return text({ sub: principal.id, clientId: authInfo.clientId, scopes: authInfo.scopes, audience: principal.claims.aud });
  });
  server.registerTool("list_notes", { description: "The notes" }, () => text(notes));
  server.registerTool("add_note", { description: "Add a note (needs notes:write)", inputSchema: { text: z.string().max(1000) } }, ({ text: note }, { authInfo }) => {
    if (!authInfo.extra.principal.hasAccess("write", "notes")) return { isError: true, ...text("this token does not grant notes:write") };
    notes.push(note);
    return text({ added: note, count: notes.length });
  });
  return server;
}
