// The reference management API on Node's http server, bound to 127.0.0.1.
//
//   node worker-example/management/node.mjs [port]
//
// Keys come from EDGEAUTH_SERVER_SECRET_KEY and EDGEAUTH_TENANTS (JSON:
// { "tenant-id": "edg_pk_v1_…" }). Without them it makes a development server
// key and one tenant, "dev-tenant", and prints everything a DelegationClient
// needs (including that tenant's secret key: development only).
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { generateDelegationKeys } from "edgeauth";
import { createManagementApp } from "./app.mjs";

/** Node request -> standard Request, app.fetch, standard Response -> Node response. */
export async function startNodeServer({ port = 0, host = "127.0.0.1", ...options }) {
  const app = createManagementApp(options);
  const server = createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
      const response = await app.fetch(new Request(`http://${req.headers.host ?? host}${req.url}`, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      console.error("management API:", e);
      res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":"internal"}');
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return { url, app, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let secretKey = process.env.EDGEAUTH_SERVER_SECRET_KEY;
  let tenants = process.env.EDGEAUTH_TENANTS ? JSON.parse(process.env.EDGEAUTH_TENANTS) : undefined;
  let dev;
  if (!secretKey || !tenants) {
    secretKey = generateDelegationKeys().secretKey;
    dev = generateDelegationKeys();
    tenants = { "dev-tenant": dev.publicKey };
  }
  const { url, app } = await startNodeServer({ port: Number(process.argv[2] ?? 8788), secretKey, tenants });
  console.log(`management API on ${url}`);
  console.log(`serverPublicKey: ${app.server.publicKey}`);
  if (dev) console.log(`development tenant: tenantId "dev-tenant", secretKey ${dev.secretKey}`);
}
