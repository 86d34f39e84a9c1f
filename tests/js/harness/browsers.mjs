// The three browser engines behind one small page-driving interface, for the
// demo's browser tests, the BrowserSession tests and the runtime matrix. All
// are Debian's builds (scripts/setup.sh installs them; no downloads):
//
//   chromium  /usr/bin/chromium      playwright-core (its own CDP client)
//   firefox   /usr/bin/firefox-esr   puppeteer-core over WebDriver BiDi (no geckodriver)
//   webkit    WebKitGTK MiniBrowser  /usr/bin/WebKitWebDriver (W3C WebDriver, the small
//                                    client in webdriver.mjs), on a private Xvfb display
//
//   const browser = await launchBrowser("webkit");
//   const context = await browser.newContext();   // its own cookies and storage
//   const page = await context.newPage();
//   await page.goto(url);
//   await page.fill("input[name=username]", "alice");
//   await page.click("button[type=submit]");
//   await page.waitFor(() => document.title === "Done");
//   await browser.close();
//
// Every process launched here (browser, driver, Xvfb) leads its own process
// group and is killed by its PID (the group: the browser's helpers too) when
// the browser closes, or when this process exits or is interrupted, also
// after a failure.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { listeningPort, WebDriverSession } from "./webdriver.mjs";

export const ENGINES = ["chromium", "firefox", "webkit"];
export const BINARIES = {
  chromium: "/usr/bin/chromium",
  firefox: "/usr/bin/firefox-esr",
  webkitDriver: "/usr/bin/WebKitWebDriver",
  webkit: "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  xvfb: "/usr/bin/Xvfb",
};
const WAIT_MS = 20_000;

// ---- processes ------------------------------------------------------------

/** Group leaders still alive; killed on close, and on exit as a last resort. */
const live = new Set();
const killNow = () => {
  for (const pid of live) signal(pid, "SIGKILL");
  live.clear();
};
/** Interrupted: kill, then exit as the signal would have (128 + its number). */
const SIGNALS = Object.fromEntries(Object.entries({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }).map(([name, number]) => [name, () => {
  killNow();
  process.exit(128 + number);
}]));

function signal(pid, name) {
  try {
    process.kill(-pid, name); // the whole group the process leads
    return true;
  } catch {
    return false; // gone already
  }
}

function track(pid) {
  if (live.size === 0) {
    process.on("exit", killNow);
    for (const [name, handler] of Object.entries(SIGNALS)) process.on(name, handler);
  }
  live.add(pid);
}

/** SIGTERM the group `pid` leads, SIGKILL it if still there after `graceMs`. */
async function stop(pid, graceMs = 2000) {
  if (!live.delete(pid)) return;
  if (live.size === 0) {
    process.off("exit", killNow);
    for (const [name, handler] of Object.entries(SIGNALS)) process.off(name, handler);
  }
  if (!signal(pid, "SIGTERM")) return;
  for (let waited = 0; waited < graceMs; waited += 50) {
    await sleep(50);
    if (!signal(pid, 0)) return;
  }
  signal(pid, "SIGKILL");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for `promise` at most `ms`; a hang or a failure just ends the wait (the PIDs are killed next). */
const settle = (promise, ms = 10_000) => Promise.race([Promise.resolve(promise).catch(() => {}), sleep(ms)]);

// ---- pages ----------------------------------------------------------------

/**
 * What every page offers, whatever drives it. `evaluate(fn, arg)` runs `fn`
 * (self-contained: it is sent as source) in the page with one JSON argument
 * and returns its JSON result, awaiting a promise. `errors` collects uncaught
 * page errors where the engine reports them (Chromium, Firefox; WebKit's
 * classic WebDriver has no such event).
 */
class Page {
  errors = [];

  /** Poll `fn(arg)` in the page until it returns something truthy; returns it. */
  async waitFor(fn, arg, { timeout = WAIT_MS, what = String(fn) } = {}) {
    let last;
    for (const end = Date.now() + timeout; Date.now() < end; await sleep(100)) {
      try {
        const value = await this.evaluate(fn, arg);
        if (value) return value;
        last = undefined;
      } catch (e) {
        last = e; // navigating: no document to ask yet
      }
    }
    throw new Error(`${this.engine}: waited ${timeout} ms for ${what}${last ? ` (last error: ${last.message})` : ""}`);
  }

  /** Wait until the page's address starts with `prefix`. */
  async waitForUrl(prefix, options) {
    await this.waitFor((p) => location.href.startsWith(p), prefix, { what: `a page at ${prefix}`, ...options });
  }

  /** The text of the first element matching `selector`, or null. */
  text(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  /** Whether an element matches `selector` and is rendered. */
  visible(selector) {
    return this.evaluate((s) => {
      const e = document.querySelector(s);
      return Boolean(e && !e.closest("[hidden]") && e.getClientRects().length > 0);
    }, selector);
  }

  /** Wait until `selector` is rendered (and enabled), then click it as a user would. */
  async click(selector) {
    await this.#ready(selector);
    await this.clickNow(selector);
  }

  /** Wait until `selector` is rendered, then type `value` into it (replacing what was there). */
  async fill(selector, value) {
    await this.#ready(selector);
    await this.fillNow(selector, value);
  }

  #ready(selector) {
    return this.waitFor((s) => {
      const e = document.querySelector(s);
      return Boolean(e && !e.disabled && !e.closest("[hidden]") && e.getClientRects().length > 0);
    }, selector, { what: `${selector} to be clickable` });
  }
}

class PlaywrightPage extends Page {
  constructor(page, engine) {
    super();
    this.engine = engine;
    this.page = page;
    page.on("pageerror", (e) => this.errors.push(e.message));
  }
  goto(url) {
    return this.page.goto(url);
  }
  async url() {
    return this.page.url();
  }
  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }
  clickNow(selector) {
    return this.page.click(selector);
  }
  fillNow(selector, value) {
    return this.page.fill(selector, value);
  }
  screenshot(path) {
    return this.page.screenshot({ path, fullPage: true });
  }
  close() {
    return this.page.close();
  }
}

class PuppeteerPage extends Page {
  constructor(page, engine) {
    super();
    this.engine = engine;
    this.page = page;
    page.on("pageerror", (e) => this.errors.push(e.message));
  }
  async goto(url) {
    await this.page.goto(url);
  }
  async url() {
    return this.page.url();
  }
  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }
  clickNow(selector) {
    return this.page.click(selector);
  }
  async fillNow(selector, value) {
    await this.page.locator(selector).fill(value);
  }
  async screenshot(path) {
    await this.page.screenshot({ path, fullPage: true });
  }
  close() {
    return this.page.close();
  }
}

class WebDriverPage extends Page {
  /** `handle`: the page's window handle in `session`. */
  constructor(session, handle) {
    super();
    this.engine = "webkit";
    this.session = session;
    this.handle = handle;
  }
  goto(url) {
    return this.session.inWindow(this.handle, (s) => s.command("POST", "/url", { url }));
  }
  url() {
    return this.session.inWindow(this.handle, (s) => s.command("GET", "/url"));
  }
  evaluate(fn, arg) {
    return this.session.inWindow(this.handle, (s) => s.execute(`return (${fn})(arguments[0]);`, [arg ?? null]));
  }
  clickNow(selector) {
    return this.session.inWindow(this.handle, async (s) => s.command("POST", `/element/${await s.find(selector)}/click`, {}));
  }
  fillNow(selector, value) {
    return this.session.inWindow(this.handle, async (s) => {
      const element = await s.find(selector);
      await s.command("POST", `/element/${element}/clear`, {});
      await s.command("POST", `/element/${element}/value`, { text: value });
    });
  }
  async screenshot(path) {
    const png = await this.session.inWindow(this.handle, (s) => s.command("GET", "/screenshot"));
    writeFileSync(path, Buffer.from(png, "base64"));
  }
  close() {
    return this.session.inWindow(this.handle, (s) => s.closeWindow());
  }
}

// ---- engines --------------------------------------------------------------

async function launchChromium() {
  const server = await chromium.launchServer({ executablePath: BINARIES.chromium, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const pid = server.process().pid;
  track(pid);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    return {
      version: browser.version(),
      async newContext() {
        const context = await browser.newContext();
        return { newPage: async () => new PlaywrightPage(await context.newPage(), "chromium"), close: () => context.close() };
      },
      async close() {
        await settle(browser.close());
        await settle(server.close());
        await stop(pid);
      },
    };
  } catch (e) {
    await stop(pid);
    throw e;
  }
}

async function launchFirefox() {
  const browser = await puppeteer.launch({ browser: "firefox", executablePath: BINARIES.firefox, headless: true });
  const pid = browser.process().pid;
  track(pid);
  return {
    version: (await browser.version()).replace(/^firefox\//, ""),
    async newContext() {
      const context = await browser.createBrowserContext();
      return { newPage: async () => new PuppeteerPage(await context.newPage(), "firefox"), close: () => context.close() };
    },
    async close() {
      await settle(browser.close());
      await stop(pid);
    },
  };
}

/** Spawn `command` as the leader of a new process group, tracked for killing. */
function spawnTracked(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  track(child.pid);
  child.on("error", () => {}); // reported by whoever waits on it
  return child;
}

/** A private X display: `Xvfb -displayfd 3` picks a free number and writes it to fd 3. */
async function startXvfb() {
  const child = spawnTracked(BINARIES.xvfb, ["-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1280x1024x24"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const display = await new Promise((resolve, reject) => {
      child.stdio[3].once("data", (d) => resolve(`:${String(d).trim()}`));
      child.once("exit", (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
    });
    return { display, stop: () => stop(child.pid) };
  } catch (e) {
    await stop(child.pid);
    throw e;
  }
}

/**
 * A WebKitWebDriver on an ephemeral loopback port (`--port=0`; the port is
 * read back from /proc) with one session: a MiniBrowser of its own, so its
 * own cookies and storage.
 */
async function startWebKitSession(display) {
  const child = spawnTracked(BINARIES.webkitDriver, ["--port=0", "--host=local"], { env: { ...process.env, DISPLAY: display }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const port = await listeningPort(child.pid, { timeoutMs: 10_000 });
    if (!port) throw new Error(`WebKitWebDriver did not listen: ${stderr}`);
    const session = await WebDriverSession.create(`http://127.0.0.1:${port}`, {
      "webkitgtk:browserOptions": { binary: BINARIES.webkit, args: ["--automation"] },
      timeouts: { script: 30_000, pageLoad: 30_000 },
    });
    return { session, stop: async () => {
      await settle(session.delete(), 5000);
      await stop(child.pid);
    } };
  } catch (e) {
    await stop(child.pid);
    throw e;
  }
}

async function launchWebKit() {
  const xvfb = await startXvfb();
  const sessions = new Set();
  try {
    // The version comes from the first session's capabilities; one is started up front.
    const first = await startWebKitSession(xvfb.display);
    sessions.add(first);
    let spare = first;
    return {
      version: first.session.capabilities.browserVersion,
      async newContext() {
        const owned = spare ?? (await startWebKitSession(xvfb.display));
        spare = undefined;
        sessions.add(owned);
        const { session } = owned;
        // The session's first window stays open (about:blank) so that closing
        // every page does not end the session and its cookies. Each page is a
        // window of its own: MiniBrowser does not paint a background tab, so a
        // screenshot of one would never come.
        return {
          async newPage() {
            const { handle } = await session.inWindow(undefined, (s) => s.command("POST", "/window/new", { type: "window" }));
            return new WebDriverPage(session, handle);
          },
          async close() {
            sessions.delete(owned);
            await owned.stop();
          },
        };
      },
      async close() {
        for (const owned of sessions) await owned.stop();
        sessions.clear();
        await xvfb.stop();
      },
    };
  } catch (e) {
    for (const owned of sessions) await owned.stop();
    await xvfb.stop();
    throw e;
  }
}

/**
 * Launch `engine` ("chromium", "firefox" or "webkit"):
 * `{ engine, version, newContext() -> { newPage(), close() }, close() }`.
 */
export async function launchBrowser(engine) {
  const launch = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit }[engine];
  if (!launch) throw new Error(`unknown browser engine ${engine}; known: ${ENGINES.join(", ")}`);
  return { engine, ...(await launch()) };
}
