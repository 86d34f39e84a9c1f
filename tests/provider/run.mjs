// Run the test provider standalone: node tests/provider/run.mjs [--port N]
// Prints the issuer and the registered clients; stops on Ctrl-C.
import { startProvider } from "./provider.mjs";

const at = process.argv.indexOf("--port");
const port = at > 0 ? Number(process.argv[at + 1]) : 0;
const op = await startProvider({ port });
console.log(`issuer: ${op.issuer}`);
for (const client of Object.values(op.clients)) console.log(`client: ${client.client_id} (${client.token_endpoint_auth_method})`);
console.log("user: alice / wonderland");
process.on("SIGINT", () => op.close().then(() => process.exit(0)));
process.on("SIGTERM", () => op.close().then(() => process.exit(0)));
