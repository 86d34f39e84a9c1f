// `make demo`: start the local identity provider, the worker API (workerd)
// and the static page on 127.0.0.1, print the URLs and the demo users, run
// until Ctrl-C. With DEMO=check (or --check): run the whole flow headless in
// Chromium (DEMO_BROWSER=firefox or webkit for another engine), print each
// step, stop, and exit 0 on success.
//
// Ports: DEMO_WWW_PORT (8080), DEMO_ISSUER_PORT (9000), DEMO_API_PORT (8787).
import { startDemo, USERS } from "./demo.mjs";
import { runCheck } from "./flow.mjs";

const check = process.env.DEMO === "check" || process.argv.includes("--check");
const port = (name, fallback) => Number(process.env[name] ?? fallback);

let demo;
try {
  demo = await startDemo({ wwwPort: port("DEMO_WWW_PORT", 8080), issuerPort: port("DEMO_ISSUER_PORT", 9000), apiPort: port("DEMO_API_PORT", 8787) });
} catch (e) {
  console.error(`The demo could not start: ${e.message}`);
  if (e.code === "EADDRINUSE") console.error("A port is taken; choose others with DEMO_WWW_PORT, DEMO_ISSUER_PORT, DEMO_API_PORT.");
  process.exit(1);
}

console.log(`
  edgeauth demo
  page               ${demo.www}/
  identity provider  ${demo.issuer}   (oidc-provider, in memory)
  API (workerd)      ${demo.api}/api/me, ${demo.api}/api/admin

  Demo users:`);
for (const [user, { password, resourceScopes }] of Object.entries(USERS)) console.log(`    ${user.padEnd(8)} password ${password.padEnd(12)} API scopes: ${resourceScopes.join(" ")}`);

if (check) {
  let code = 0;
  try {
    await runCheck(demo, (line) => console.log(`  ✓ ${line}`), { engine: process.env.DEMO_BROWSER || "chromium" });
    console.log("\n  demo check passed");
  } catch (e) {
    console.error(`\n  demo check FAILED: ${e.message}`);
    code = 1;
  }
  await demo.close();
  process.exit(code);
}

console.log("\n  Open the page, sign in, open a second tab. Ctrl-C stops everything.");
const stop = () => demo.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
