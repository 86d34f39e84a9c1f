// A small W3C WebDriver client over fetch (https://www.w3.org/TR/webdriver2/),
// enough for browsers.mjs to drive WebKitGTK's MiniBrowser through
// WebKitWebDriver: sessions, windows, navigation, script execution, element
// clicks and typing, screenshots.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The W3C element reference key (§12.1). */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverSession {
  #base;
  #queue = Promise.resolve();
  #current;
  #keeper;

  constructor(base, id, capabilities, keeper) {
    this.#base = `${base}/session/${id}`;
    this.capabilities = capabilities;
    this.#keeper = keeper;
    this.#current = keeper;
  }

  /** New Session (§8.1) with `alwaysMatch` capabilities. */
  static async create(base, capabilities) {
    const { sessionId, capabilities: granted } = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    const keeper = await request(`${base}/session/${sessionId}`, "GET", "/window");
    return new WebDriverSession(base, sessionId, granted, keeper);
  }

  /** A command relative to the session; use inside inWindow(). */
  command(method, path, body) {
    return request(this.#base, method, path, body);
  }

  /**
   * Run `fn(this)` with window `handle` current (the session's first window
   * when undefined). Calls are serialized: a session has one current window.
   */
  inWindow(handle, fn) {
    const target = handle ?? this.#keeper;
    const run = this.#queue.then(async () => {
      if (this.#current !== target) {
        await this.command("POST", "/window", { handle: target });
        this.#current = target;
      }
      return fn(this);
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Close Window (§11.2) of the current window; use inside inWindow(). */
  async closeWindow() {
    await this.command("DELETE", "/window");
    this.#current = undefined;
  }

  /** Execute Script (§13.2.1); a returned promise is awaited by the driver. */
  execute(script, args = []) {
    return this.command("POST", "/execute/sync", { script, args });
  }

  /** The element reference of the first match of a CSS selector (§12.3.2). */
  async find(selector) {
    return (await this.command("POST", "/element", { using: "css selector", value: selector }))[ELEMENT];
  }

  /** Delete Session (§8.2): the browser it started quits. */
  delete() {
    return request(this.#base, "DELETE", "");
  }
}

async function request(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const { value } = await response.json();
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${value?.error}: ${value?.message}`);
  return value;
}

/**
 * The TCP port process `pid` listens on, read from /proc (its socket inodes
 * matched against /proc/net/tcp and tcp6 LISTEN entries): how a driver started
 * with `--port=0` is found. Polls until `timeoutMs`; undefined if never.
 */
export async function listeningPort(pid, { timeoutMs }) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const inodes = new Set();
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        let target = "";
        try {
          target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue; // closed meanwhile
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      return undefined; // the process is gone
    }
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[3] === "0A" && inodes.has(f[9])) return parseInt(f[1].split(":").at(-1), 16);
      }
    }
  }
  return undefined;
}
