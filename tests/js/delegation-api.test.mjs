// The reference management API on Node (worker-example/management/node.mjs)
// over real loopback HTTP, plus a server answering 5xx and a closed port.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { DelegationClient, generateDelegationKeys } from "edgeauth";
import { startNodeServer } from "../../worker-example/management/node.mjs";
import { managementTests } from "./suites/management.mjs";

managementTests("node", async () => {
  const server = generateDelegationKeys();
  const tenants = { acme: generateDelegationKeys(), globex: generateDelegationKeys() };
  const running = await startNodeServer({ secretKey: server.secretKey, tenants: { acme: tenants.acme.publicKey, globex: tenants.globex.publicKey } });
  return { url: running.url, tenants, stranger: generateDelegationKeys(), serverPublicKey: server.publicKey, close: running.close };
});

test("node: a 5xx answer and a closed port are DelegationRequestError", async () => {
  const broken = createServer((req, res) => {
    res.writeHead(503, { "content-type": "text/plain" });
    res.end("maintenance until 14:00");
  });
  await new Promise((resolve) => broken.listen(0, "127.0.0.1", resolve));
  const keys = generateDelegationKeys();
  const client = (port) => new DelegationClient({ baseUrl: `http://127.0.0.1:${port}`, tenantId: "acme", secretKey: keys.secretKey, serverPublicKey: keys.publicKey, timeoutMs: 2000 });
  const port = broken.address().port;
  await assert.rejects(client(port).management("users/phone", { userId: "u" }), { code: "ERR_DELEGATION_REQUEST", status: 503, body: "maintenance until 14:00", retriable: true });
  await new Promise((resolve) => broken.close(resolve));
  await assert.rejects(client(port).management("users/phone", { userId: "u" }), { code: "ERR_DELEGATION_REQUEST", status: 0, retriable: true });
});

test("node: start tokens expire after about 60 seconds", async () => {
  let offset = 0;
  const server = generateDelegationKeys();
  const acme = generateDelegationKeys();
  const running = await startNodeServer({ secretKey: server.secretKey, tenants: { acme: acme.publicKey }, now: () => Math.floor(Date.now() / 1000) + offset });
  try {
    const client = new DelegationClient({ baseUrl: running.url, tenantId: "acme", secretKey: acme.secretKey, serverPublicKey: server.publicKey });
    const { startToken } = await client.startStepUp({ userId: "user-1", purpose: "change_mfa_method", newMfaMethod: "totp" });
    offset = 61;
    const late = await fetch(`${running.url}/dev/step-up/complete`, { method: "POST", body: JSON.stringify({ startToken, code: "000000" }) });
    assert.deepEqual([late.status, await late.json()], [401, { error: "invalid_token" }]);
  } finally {
    await running.close();
  }
});
