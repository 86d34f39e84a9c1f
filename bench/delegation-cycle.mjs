// One delegated call, in process: the client seals and signs, the server
// verifies and opens, replies sealed and signed, the client verifies and
// opens. Shared by the Node and the workerd runs of bench/delegation.mjs.
export function makeCycle(ea) {
  const client = ea.generateDelegationKeys();
  const server = ea.generateDelegationKeys();
  const srv = new ea.DelegationServer({ secretKey: server.secretKey, clientPublicKey: async () => client.publicKey });
  const fetch = async (url, init) => {
    const call = await srv.openRequest(new Request(url, init));
    return call.reply({ userId: call.body.userId, enforced: true });
  };
  const cli = new ea.DelegationClient({ baseUrl: "https://api.example", tenantId: "acme", secretKey: client.secretKey, serverPublicKey: server.publicKey, fetch });
  return () => cli.management("users/mfa-enforcement", { userId: "user-1", mode: "set", enforced: true });
}
