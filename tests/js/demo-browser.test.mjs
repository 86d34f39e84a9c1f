// The demo (demo/, www/) in each of Debian's three browser engines
// (Chromium, Firefox, WebKitGTK; tests/js/harness/browsers.mjs): the real
// provider (oidc-provider), the worker example in workerd and the static
// page, all on 127.0.0.1 with random ports. One browser and one demo per
// engine; the tests run in order and share its state (signed in → refreshed →
// signed out …). EDGEAUTH_BROWSERS=firefox,webkit runs only those engines.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startDemo } from "../../demo/demo.mjs";
import { countRefreshes, Tab, watchRefreshTokens } from "../../demo/flow.mjs";
import { ENGINES, launchBrowser } from "./harness/browsers.mjs";

const OUTPUT = fileURLToPath(new URL("../../test-output/demo", import.meta.url));
const engines = process.env.EDGEAUTH_BROWSERS ? process.env.EDGEAUTH_BROWSERS.split(",") : ENGINES;

for (const engine of engines) describe(`demo in ${engine}`, () => {
  let demo;
  let browser;
  let context;
  let refreshes;
  let refreshTokens; // the newest refresh token the provider handed out
  let a; // the first tab
  let b; // the second tab

  before(async () => {
    demo = await startDemo();
    refreshes = countRefreshes(demo.op);
    refreshTokens = watchRefreshTokens(demo.op);
    browser = await launchBrowser(engine);
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  test("the static server: the package's wasm as application/wasm, nothing outside www/ and the package", async () => {
    const wasm = await fetch(`${demo.www}/edgeauth/wasm/edgeauth_bg.wasm`);
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    for (const path of ["/..%2fpackage.json", "/edgeauth/..%2f..%2fpackage.json", "/%E0%A4%A", "/missing.js"]) {
      assert.equal((await fetch(`${demo.www}${path}`)).status, 404, path);
    }
    assert.equal((await fetch(`${demo.www}/`, { method: "POST" })).status, 405);
    const config = await (await fetch(`${demo.www}/config.json`)).json();
    assert.equal(config.issuer, demo.issuer);
    assert.equal(config.redirectUri, `${demo.www}/`);
  });

  test("a fresh tab with no provider session offers Sign in (the silent attempt answered login_required)", async () => {
    a = await Tab.open(context, demo);
    assert.equal(await a.status(), "Not signed in.");
    assert.equal(await a.error(), "");
    assert.equal(await a.page.visible("#sign-in"), true);
    assert.match(await a.page.text("#users"), /alice\s*wonderland/);
    assert.deepEqual(await a.page.evaluate(() => Object.keys(sessionStorage)), ["edgeauth-demo:silent"]);
  });

  test("full login: claims shown, expiry counting down, nothing in localStorage, PKCE state gone", async () => {
    assert.equal(await a.signIn(), "Signed in as Alice.");
    assert.match(await a.page.text("#claims"), /subalice.*emailalice@example\.test/s);
    assert.equal(await a.page.text("#scope"), "api:read");
    const shown = await a.page.text("#expires");
    assert.match(shown, /^[45]:\d\d \(at /);
    await a.page.waitFor((first) => document.querySelector("#expires").textContent !== first, shown, { what: "the countdown to move" });
    assert.equal(await a.page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(await a.page.evaluate(() => Object.keys(sessionStorage)), [], "verifier and state cleared after use");
    assert.equal(new URL(await a.page.url()).search, "", "code and state removed from the address bar");
  });

  test("Call API: /api/me → 200, /api/admin → 403 insufficient_scope; screenshot", async () => {
    assert.deepEqual(await a.callApi(), { me: 200, admin: 403 });
    assert.match(await a.page.text("#api-me .body"), /"id":"alice"/);
    assert.match(await a.page.text("#api-admin .body"), /insufficient_scope.*admin:read/);
    await a.screenshot(OUTPUT, engine === "chromium" ? "signed-in.png" : `signed-in-${engine}.png`);
  });

  test("Refresh: one refresh request, a new access token that the API accepts", async () => {
    const before = refreshes.count;
    const old = await a.jti();
    assert.notEqual(await a.refresh(), old);
    assert.equal(refreshes.count - before, 1);
    assert.equal((await a.callApi()).me, 200);
  });

  test("a second tab gets the tokens from the first, with no sign-in", async () => {
    b = await Tab.open(context, demo);
    assert.equal(await b.status(), "Signed in as Alice.");
    assert.equal(await b.jti(), await a.jti());
    assert.match(await b.page.text("#origin"), /another tab/);
  });

  test("two tabs refreshing at once: exactly one refresh request reaches the provider", async () => {
    const old = await a.jti();
    const before = refreshes.count;
    await Promise.all([a.page.click("#refresh"), b.page.click("#refresh")]);
    const [ja, jb] = await Promise.all([a.waitNewToken(old), b.waitNewToken(old)]);
    assert.equal(ja, jb);
    assert.equal(refreshes.count - before, 1);
    assert.deepEqual(await b.callApi(), { me: 200, admin: 403 }, "the rotated refresh token family is still alive");
    assert.equal(await a.error(), "");
    assert.equal(await b.error(), "");
  });

  test("sign-out: refresh token revoked, end-session followed, the other tab signed out too", async () => {
    const refreshToken = refreshTokens.latest;
    const live = await demo.op.provider.RefreshToken.find(refreshToken);
    assert.equal(live?.isValid, true, "the newest refresh token is live before");
    assert.equal(await a.signOut(), "Not signed in (you signed out).");
    assert.equal(await demo.op.provider.RefreshToken.find(refreshToken), undefined);
    assert.equal(await b.waitStatus(/^Not signed in/), "Not signed in (signed out in another tab).");
    await b.page.close();
  });

  test("a tampered state in the callback URL is refused with a sentence", async () => {
    // The browser starts a sign-in (its state and verifier wait in sessionStorage);
    // the provider's login is then completed outside the browser and the callback
    // is brought back to the page with another state.
    const started = new Promise((resolve) => demo.op.provider.once("interaction.started", (ctx) => resolve(ctx.href)));
    await a.page.click("#sign-in");
    const { callbackUrl } = await demo.op.login(await started);
    const landing = new URL(callbackUrl);
    assert.ok(landing.href.startsWith(demo.www) && landing.searchParams.has("code"), landing.href);
    landing.searchParams.set("state", "tampered");
    await a.page.goto(landing.href);
    assert.equal(await a.waitStatus(/^(Signed in|Not signed in)/), "Not signed in.");
    assert.match(await a.error(), /^The sign-in answer does not belong to a sign-in this tab started/);
  });

  test("a callback with no sign-in started in this tab is refused with a sentence", async () => {
    const tab = new Tab(await context.newPage(), demo);
    await tab.page.goto(`${demo.www}/?code=abc&state=xyz&iss=${encodeURIComponent(demo.issuer)}`);
    await tab.waitStatus(/^Not signed in/);
    assert.match(await tab.error(), /^The sign-in answer does not belong to a sign-in this tab started/);
    await tab.page.close();
  });

  test("denied consent is shown as a sentence", async () => {
    const fresh = await browser.newContext(); // no provider session, so login and consent are asked again
    try {
      const tab = await Tab.open(fresh, demo);
      assert.equal(await tab.signIn({ consent: "deny" }), "Not signed in.");
      assert.equal(await tab.error(), "You declined to let the demo app use your account, so you are not signed in.");
    } finally {
      await fresh.close();
    }
  });

  test("bob may read the admin API: /api/admin → 200", async () => {
    const fresh = await browser.newContext();
    try {
      const tab = await Tab.open(fresh, demo);
      assert.equal(await tab.signIn({ username: "bob", password: "builder" }), "Signed in as Bob (admin).");
      assert.equal(await tab.page.text("#scope"), "api:read admin:read");
      assert.deepEqual(await tab.callApi(), { me: 200, admin: 200 });
      await tab.page.close();
      // No tab left to share with: a new one signs in silently from the provider's session.
      const again = await Tab.open(fresh, demo);
      assert.equal(await again.status(), "Signed in as Bob (admin).");
      assert.match(await again.page.text("#origin"), /by this tab/);
    } finally {
      await fresh.close();
    }
  });

  test("an ended session: a refresh with a revoked refresh token is shown as a sentence and signs out", async () => {
    const fresh = await browser.newContext();
    try {
      const tab = await Tab.open(fresh, demo);
      await tab.signIn();
      const token = await demo.op.provider.RefreshToken.find(refreshTokens.latest);
      await token.destroy();
      await tab.page.click("#refresh");
      assert.equal(await tab.waitStatus(/^Not signed in/), "Not signed in (the session ended).");
      assert.equal(await tab.error(), "Your session has expired or was ended, so the tokens cannot be refreshed. Please sign in again.");
    } finally {
      await fresh.close();
    }
  });

  test("provider down: the page says so in a sentence", async () => {
    await demo.op.close();
    const fresh = await browser.newContext();
    try {
      const tab = new Tab(await fresh.newPage(), demo);
      await tab.page.goto(`${demo.www}/`);
      await tab.waitStatus(/^Not signed in/);
      assert.equal(await tab.error(), `The identity provider at ${demo.issuer} cannot be reached. Is make demo still running?`);
      assert.equal(await tab.page.evaluate(() => document.querySelector("#sign-in").disabled), true);
    } finally {
      await fresh.close();
    }
  });
});
