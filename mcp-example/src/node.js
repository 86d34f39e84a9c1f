// The MCP example in Node: node src/node.js (ISSUER, RESOURCE, JWKS_URL, PORT).
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";

const { ISSUER, RESOURCE, JWKS_URL, PORT = "3000", HOST = "127.0.0.1" } = process.env;
const app = createApp({ issuer: ISSUER, resource: RESOURCE, jwks: JWKS_URL });
serve({ fetch: app.fetch, hostname: HOST, port: Number(PORT) }, ({ port }) => console.log(`MCP server on http://${HOST}:${port}/mcp (resource ${RESOURCE})`));
