// BrowserSession (lib/browser-session.js) in each of Debian's three browser
// engines (tests/js/harness/browsers.mjs), against the test provider
// (tests/provider: oidc-provider, rotating refresh tokens, revocation) and
// the page in tests/js/browser-session/, which uses the installed package's
// browser entry. Requests are counted where they land: at the provider.
// EDGEAUTH_BROWSERS=firefox,webkit runs only those engines.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { countRefreshes, providerLogin, watchRefreshTokens } from "../../demo/flow.mjs";
import { startSessionApp } from "./browser-session/app.mjs";
import { ENGINES, launchBrowser } from "./harness/browsers.mjs";

const engines = process.env.EDGEAUTH_BROWSERS ? process.env.EDGEAUTH_BROWSERS.split(",") : ENGINES;

/** Open the test page in a new tab of `context` and wait until its session started. */
async function openTab(context, app) {
  const page = await context.newPage();
  await page.goto(`${app.www}/`);
  await page.waitFor(() => window.test?.ready, undefined, { what: "the session to start" });
  return page;
}

/** Sign in through the provider's forms from the page's Sign in button. */
async function signIn(page, app) {
  await page.click("#sign-in");
  await providerLogin(page, { issuer: app.issuer, back: app.www });
  return page.waitFor(() => window.test?.ready && window.test.token(), undefined, { what: "the signed-in session" });
}

const state = (page) => page.evaluate(() => ({ token: test.token(), log: test.log, startError: test.startError }));

/** Every tab presses refresh at the same moment; resolves with what each tab's refresh() returned. */
async function refreshAtOnce(tabs) {
  for (const tab of tabs) await tab.evaluate(() => (test.results.length = 0));
  await tabs[0].evaluate(() => test.refreshEverywhere());
  return Promise.all(tabs.map((tab) => tab.waitFor(() => test.results.length > 0 && test.results[0], undefined, { what: "refresh() to settle" })));
}

/** Refresh requests as the provider saw them: the refresh tokens spent, and the failures. */
function watchGrants(op) {
  const seen = { spent: [], failed: [] };
  op.provider.on("grant.success", (ctx) => ctx.oidc.params.grant_type === "refresh_token" && seen.spent.push(ctx.oidc.params.refresh_token));
  op.provider.on("grant.error", (ctx, error) => ctx.oidc?.params?.grant_type === "refresh_token" && seen.failed.push(error.message));
  return seen;
}

for (const engine of engines) describe(`BrowserSession in ${engine}`, () => {
  let app;
  let browser;
  let context;
  let refreshes;
  let refreshTokens;
  let grants;
  const tabs = [];

  before(async () => {
    app = await startSessionApp();
    refreshes = countRefreshes(app.op);
    refreshTokens = watchRefreshTokens(app.op);
    grants = watchGrants(app.op);
    browser = await launchBrowser(engine);
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test("a lone tab with no provider session tries prompt=none once, then stays signed out", async () => {
    const misses = [];
    app.op.provider.on("authorization.error", (_ctx, e) => misses.push(e.error));
    const page = await openTab(context, app);
    assert.deepEqual(await state(page), { token: null, log: [], startError: null });
    assert.deepEqual(misses, ["login_required"]);
    await page.goto(`${app.www}/`); // the same tab again: no second attempt
    await page.waitFor(() => window.test?.ready, undefined, { what: "the session to start" });
    assert.deepEqual(misses, ["login_required"]);
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), ["session-test:silent"]);
    tabs.push(page);
  });

  test("sign in: the tokens live in memory only; a second tab gets them from the first", async () => {
    const token = await signIn(tabs[0], app);
    assert.deepEqual((await state(tabs[0])).log, [{ token, from: "this tab", reason: "signed-in" }]);
    assert.equal(await tabs[0].evaluate(() => localStorage.length), 0);
    assert.deepEqual(await tabs[0].evaluate(() => Object.keys(sessionStorage)), [], "the PKCE verifier, state and the silent mark are gone");
    tabs.push(await openTab(context, app));
    assert.deepEqual(await state(tabs[1]), { token, log: [{ token, from: "another tab", reason: "signed-in" }], startError: null });
    assert.equal(await tabs[1].evaluate(() => test.accessToken()), token);
  });

  for (const n of [2, 5]) {
    test(`${n} tabs refreshing at once: exactly one refresh request reaches the provider`, async () => {
      while (tabs.length < n) tabs.push(await openTab(context, app));
      const old = await tabs[0].evaluate(() => test.token());
      const before = refreshes.count;
      const results = await refreshAtOnce(tabs);
      assert.equal(refreshes.count - before, 1, "refresh requests at the provider");
      assert.equal(new Set(results).size, 1, `every tab got the same tokens: ${results}`);
      assert.notEqual(results[0], old);
      assert.match(results[0], /^[\w-]{16}$/);
      for (const tab of tabs) assert.equal(await tab.evaluate(() => test.token()), results[0]);
      assert.deepEqual(grants.failed, []);
    });
  }

  test("with every tab closed, a new tab signs in silently from the provider's session (prompt=none)", async () => {
    for (const tab of tabs.splice(0)) await tab.close();
    const page = await openTab(context, app);
    const { token, log } = await state(page);
    assert.match(token, /^[\w-]{16}$/);
    assert.deepEqual(log, [{ token, from: "this tab", reason: "signed-in" }]);
    tabs.push(page, await openTab(context, app), await openTab(context, app));
  });

  test("sign-out in one tab reaches every tab and revokes the refresh token", async () => {
    const live = refreshTokens.latest;
    assert.equal((await app.op.provider.RefreshToken.find(live))?.isValid, true);
    await tabs[0].evaluate(() => test.signOut());
    for (const [i, tab] of tabs.entries()) {
      await tab.waitFor(() => test.token() === null, undefined, { what: `tab ${i} to sign out` });
      assert.deepEqual((await state(tab)).log.at(-1), { token: null, from: i === 0 ? "this tab" : "another tab", reason: "signed-out" });
      assert.equal(await tab.evaluate(() => test.accessToken()), "error ERR_NOT_SIGNED_IN");
    }
    assert.equal(await app.op.provider.RefreshToken.find(live), undefined, "revoked at the provider");
    // A tab opened now learns from the others that the user signed out: no prompt=none.
    const misses = [];
    app.op.provider.on("authorization.error", (_ctx, e) => misses.push(e.error));
    const late = await openTab(context, app);
    assert.deepEqual(await state(late), { token: null, log: [], startError: null });
    assert.deepEqual(misses, []);
    assert.deepEqual(await late.evaluate(() => Object.keys(sessionStorage)), []);
  });

  test("automatic refresh before expiry: 4 s tokens, one request per rotation, every tab follows", async () => {
    const short = await startSessionApp({ accessTokenTtl: 4 }); // refreshed at half their lifetime (the 60 s buffer is longer)
    const shortGrants = watchGrants(short.op);
    const fresh = await browser.newContext();
    try {
      const a = await openTab(fresh, short);
      const first = await signIn(a, short);
      const b = await openTab(fresh, short);
      const c = await openTab(fresh, short);
      // Nobody calls anything: the session's timers refresh, twice.
      const refreshed = await a.waitFor(() => test.log.filter((e) => e.reason === "refreshed").length >= 2 && test.log, undefined, { what: "two automatic refreshes" });
      const [r1, r2] = refreshed.filter((e) => e.reason === "refreshed").map((e) => e.token);
      assert.ok(r1 !== first && r2 !== r1);
      for (const tab of [b, c]) {
        const { log } = await state(tab);
        for (const token of [r1, r2]) assert.ok(log.some((e) => e.token === token && e.reason === "refreshed"), `every tab holds ${token}`);
        assert.ok(!log.some((e) => e.error), JSON.stringify(log));
      }
      assert.deepEqual(shortGrants.failed, []);
      assert.ok(shortGrants.spent.length >= 2);
      assert.equal(new Set(shortGrants.spent).size, shortGrants.spent.length, "no refresh token was spent twice");
    } finally {
      await fresh.close();
      await short.close();
    }
  });
});
