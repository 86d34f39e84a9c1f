// The demo driven in Debian's Chromium through playwright-core: one `Tab`
// per page with the user's actions, and `runCheck()`, the whole flow that
// `make demo DEMO=check` prints step by step. The browser tests use the same
// pieces (tests/js/demo-browser.test.mjs).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const WAIT = { timeout: 20_000 };

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}

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

/** `{ latest }`: the newest refresh token the provider handed to any page of `context`. */
export function watchRefreshTokens(context, demo) {
  const seen = { latest: undefined };
  context.on("response", async (response) => {
    if (!response.url().startsWith(`${demo.issuer}/token`) || response.status() !== 200) return;
    const answer = await response.json().catch(() => ({}));
    if (answer.refresh_token) seen.latest = answer.refresh_token;
  });
  return seen;
}

/** One page of the app. */
export class Tab {
  constructor(page, demo) {
    this.page = page;
    this.demo = demo;
    this.problems = [];
    page.on("pageerror", (e) => this.problems.push(e.message));
  }

  /** Open the page in a new tab of `context`; waits until it settled (signed in or not). */
  static async open(context, demo, path = "/") {
    const tab = new Tab(await context.newPage(), demo);
    await tab.page.goto(demo.www + path);
    await tab.waitStatus(/^(Signed in|Not signed in)/);
    return tab;
  }

  async waitStatus(pattern) {
    await this.page.locator("#status", { hasText: pattern }).waitFor(WAIT);
    return this.status();
  }

  status() {
    return this.page.locator("#status").textContent();
  }

  /** The error sentence shown, or "" when none. */
  async error() {
    return (await this.page.locator("#error").isVisible()) ? this.page.locator("#error").textContent() : "";
  }

  /** Sign in through the provider's forms; `consent`: "allow" or "deny". Returns the status line. */
  async signIn({ username = "alice", password = "wonderland", consent = "allow" } = {}) {
    await this.page.click("#sign-in");
    await this.page.waitForURL((u) => u.href.startsWith(this.demo.issuer), WAIT);
    await this.page.fill("input[name=username]", username);
    await this.page.fill("input[name=password]", password);
    await this.page.click("button[type=submit]");
    await this.page.click(`button[value=${consent}]`, WAIT);
    await this.page.waitForURL((u) => u.href.startsWith(this.demo.www), WAIT);
    return this.waitStatus(/^(Signed in|Not signed in)/);
  }

  /** Press "Call API"; the HTTP statuses of /api/me and /api/admin. */
  async callApi() {
    await this.page.click("#call-api");
    await this.page.waitForFunction(() => ["api-me", "api-admin"].every((id) => /^\d+$/.test(document.querySelector(`#${id} .status`).textContent)), undefined, WAIT);
    return { me: Number(await this.page.textContent("#api-me .status")), admin: Number(await this.page.textContent("#api-admin .status")) };
  }

  jti() {
    return this.page.textContent("#jti");
  }

  /** Wait until the access token shown is not `old` any more; returns the new jti. */
  async waitNewToken(old) {
    await this.page.waitForFunction((previous) => document.querySelector("#jti").textContent !== previous, old, WAIT);
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
    await this.page.waitForURL((u) => u.href.startsWith(this.demo.issuer), WAIT);
    await this.page.click("button[name=logout][value=yes]", WAIT);
    await this.page.waitForURL((u) => u.href.startsWith(this.demo.www), WAIT);
    return this.waitStatus(/^Not signed in/);
  }

  screenshot(dir, name) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    return this.page.screenshot({ path, fullPage: true }).then(() => path);
  }
}

/** The whole demo, headless: sign in, API, refresh, two tabs, sign out, the admin user. */
export async function runCheck(demo, step, { screenshotDir } = {}) {
  const refreshes = countRefreshes(demo.op);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const tokens = watchRefreshTokens(context, demo);
    const a = await Tab.open(context, demo);
    assert.match(await a.status(), /^Not signed in/);
    step(`page loaded from ${demo.www}; no provider session yet, so it offers "Sign in"`);

    assert.match(await a.signIn(), /^Signed in as Alice/);
    step(`signed in as alice (PKCE, state, nonce); access token (jti ${await a.jti()}) expires in ${await a.page.textContent("#expires")}`);
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
