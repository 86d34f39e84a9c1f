// The demo driven in a browser (Chromium, Firefox or WebKit, through
// tests/js/harness/browsers.mjs): one `Tab` per page with the user's actions,
// and `runCheck()`, the whole flow that `make demo DEMO=check` prints step by
// step. The browser tests use the same pieces (tests/js/demo-browser.test.mjs).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser } from "../tests/js/harness/browsers.mjs";

/** Count token-endpoint refresh requests as the provider sees them. */
export function countRefreshes(op) {
  const counter = { count: 0 };
  const count = (ctx) => {
    if (ctx.oidc?.params?.grant_type === "refresh_token") counter.count += 1;
  };
  op.provider.on("grant.success", count);
  op.provider.on("grant.error", count);
  return counter;
}

/** `{ latest }`: the newest refresh token the provider handed out. */
export function watchRefreshTokens(op) {
  const seen = { latest: undefined };
  op.provider.on("grant.success", (ctx) => {
    if (ctx.body?.refresh_token) seen.latest = ctx.body.refresh_token;
  });
  return seen;
}

/**
 * On `page`, which is on its way to the provider at `issuer`: sign in and
 * answer the consent ("allow" or "deny") through the provider's forms, then
 * wait until the browser is back at `back`.
 */
export async function providerLogin(page, { issuer, back, username = "alice", password = "wonderland", consent = "allow" }) {
  await page.waitForUrl(issuer);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.click(`button[value=${consent}]`);
  await page.waitForUrl(back);
}

/** One page of the app. */
export class Tab {
  constructor(page, demo) {
    this.page = page;
    this.demo = demo;
  }

  /** Uncaught errors of the page (where the engine reports them). */
  get problems() {
    return this.page.errors;
  }

  /** Open the page in a new tab of `context`; waits until it settled (signed in or not). */
  static async open(context, demo, path = "/") {
    const tab = new Tab(await context.newPage(), demo);
    await tab.page.goto(demo.www + path);
    await tab.waitStatus(/^(Signed in|Not signed in)/);
    return tab;
  }

  async waitStatus(pattern) {
    const re = { source: pattern.source, flags: pattern.flags };
    await this.page.waitFor(({ source, flags }) => new RegExp(source, flags).test(document.querySelector("#status")?.textContent ?? ""), re, { what: `the status ${pattern}` });
    return this.status();
  }

  status() {
    return this.page.text("#status");
  }

  /** The error sentence shown, or "" when none. */
  async error() {
    return (await this.page.visible("#error")) ? this.page.text("#error") : "";
  }

  /** Sign in through the provider's forms; `consent`: "allow" or "deny". Returns the status line. */
  async signIn({ username = "alice", password = "wonderland", consent = "allow" } = {}) {
    await this.page.click("#sign-in");
    await providerLogin(this.page, { issuer: this.demo.issuer, back: this.demo.www, username, password, consent });
    return this.waitStatus(/^(Signed in|Not signed in)/);
  }

  /** Press "Call API"; the HTTP statuses of /api/me and /api/admin. */
  async callApi() {
    await this.page.click("#call-api");
    await this.page.waitFor(() => ["api-me", "api-admin"].every((id) => /^\d+$/.test(document.querySelector(`#${id} .status`).textContent)), undefined, { what: "both API answers" });
    return { me: Number(await this.page.text("#api-me .status")), admin: Number(await this.page.text("#api-admin .status")) };
  }

  jti() {
    return this.page.text("#jti");
  }

  /** Wait until the access token shown is not `old` any more; returns the new jti. */
  async waitNewToken(old) {
    await this.page.waitFor((previous) => document.querySelector("#jti").textContent !== previous, old, { what: "a new access token" });
    return this.jti();
  }

  async refresh() {
    const old = await this.jti();
    await this.page.click("#refresh");
    return this.waitNewToken(old);
  }

  /** "Sign out": revoke, then the provider's end-session page ("Yes, sign me out"), then back here. */
  async signOut() {
    await this.page.click("#sign-out");
    await this.page.waitForUrl(this.demo.issuer);
    await this.page.click("button[name=logout][value=yes]");
    await this.page.waitForUrl(this.demo.www);
    return this.waitStatus(/^Not signed in/);
  }

  async screenshot(dir, name) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    await this.page.screenshot(path);
    return path;
  }
}

/** The whole demo, headless in `engine`: sign in, API, refresh, two tabs, sign out, the admin user. */
export async function runCheck(demo, step, { screenshotDir, engine = "chromium" } = {}) {
  const refreshes = countRefreshes(demo.op);
  const tokens = watchRefreshTokens(demo.op);
  const browser = await launchBrowser(engine);
  try {
    step(`browser: ${engine} ${browser.version}`);
    const context = await browser.newContext();
    const a = await Tab.open(context, demo);
    assert.match(await a.status(), /^Not signed in/);
    step(`page loaded from ${demo.www}; no provider session yet, so it offers "Sign in"`);

    assert.match(await a.signIn(), /^Signed in as Alice/);
    step(`signed in as alice (PKCE, state, nonce); access token (jti ${await a.jti()}) expires in ${await a.page.text("#expires")}`);
    if (screenshotDir) step(`screenshot: ${await a.screenshot(screenshotDir, "signed-in.png")}`);

    assert.deepEqual(await a.callApi(), { me: 200, admin: 403 });
    step("Call API: /api/me → 200, /api/admin → 403 (alice lacks admin:read)");

    const before = refreshes.count;
    const refreshed = await a.refresh();
    assert.equal(refreshes.count - before, 1);
    step(`Refresh: new access token (jti ${refreshed}) (one refresh request)`);

    const b = await Tab.open(context, demo);
    assert.match(await b.status(), /^Signed in as Alice/);
    assert.equal(await b.jti(), refreshed);
    step("second tab: got the tokens from the first over BroadcastChannel, no sign-in");

    const start = refreshes.count;
    await Promise.all([a.page.click("#refresh"), b.page.click("#refresh")]);
    const [ja, jb] = await Promise.all([a.waitNewToken(refreshed), b.waitNewToken(refreshed)]);
    assert.equal(ja, jb);
    assert.equal(refreshes.count - start, 1, "refresh requests that reached the provider");
    step(`both tabs pressed Refresh at once: exactly 1 refresh request reached the provider (Web Locks); both hold the access token with jti ${ja}`);

    const spent = tokens.latest;
    assert.equal((await demo.op.provider.RefreshToken.find(spent))?.isValid, true, "the newest refresh token is live");
    assert.match(await a.signOut(), /you signed out/);
    assert.equal(await demo.op.provider.RefreshToken.find(spent), undefined, "the refresh token is revoked");
    await b.waitStatus(/^Not signed in/);
    step("Sign out: refresh token revoked at the provider, end-session followed, the other tab signed out too");

    assert.match(await a.signIn({ username: "bob", password: "builder" }), /^Signed in as Bob/);
    assert.deepEqual(await a.callApi(), { me: 200, admin: 200 });
    step("signed in as bob: /api/me → 200, /api/admin → 200");

    await a.page.close();
    const c = await Tab.open(context, demo);
    assert.match(await c.status(), /^Signed in as Bob/);
    step("closed the last tab; a new tab found no tab to share with and signed in silently (prompt=none)");

    assert.deepEqual([...a.problems, ...b.problems, ...c.problems], []);
  } finally {
    await browser.close();
  }
}
