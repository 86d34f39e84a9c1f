// Firefox and WebKit in the runtime matrix: the page Chromium loads
// (runners/browser.html: each entry's browser loader through an import map,
// no bundler, the three entries side by side), driven through tests/js/harness/browsers.mjs (Firefox by
// puppeteer-core over WebDriver BiDi, WebKitGTK's MiniBrowser by
// WebKitWebDriver on a private Xvfb display). Each mode runs in a fresh
// context; the report lands in globalThis.matrixReport.
import { relative } from "node:path";
import { launchBrowser } from "../js/harness/browsers.mjs";
import { ROOT, run } from "./projects.mjs";
import { asRuns } from "./runtimes.mjs";

/** The matrix runner for `engine`: [{ label, report } | { label, error }] per mode. */
export function enginePage(engine) {
  return async (dir, { server }) => {
    const base = `${server.url}/${relative(`${ROOT}/test-output/matrix`, dir)}`;
    const pageUrl = `${base}/tests/matrix/runners/browser.html`;
    const fixturesUrl = `${base}/fixtures.json`;
    const browser = await launchBrowser(engine);
    const runs = [];
    try {
      for (const mode of ["main", "fallback"]) {
        const label = `page${mode === "main" ? "" : " fallback"}`;
        const context = await browser.newContext();
        const page = await context.newPage();
        try {
          await page.goto(`${pageUrl}?mode=${mode}&fixtures=${encodeURIComponent(fixturesUrl)}`);
          const reports = await page.waitFor(() => globalThis.matrixReport, undefined, { timeout: 60_000, what: "the conformance report" });
          runs.push(...asRuns("page", reports));
        } catch (e) {
          runs.push({ label, error: [e.message, ...page.errors.map((m) => `pageerror: ${m}`)].join("\n") });
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
    return runs;
  };
}

/** The version of Debian's build of `engine`, for the matrix's summary line. */
export async function engineVersion(engine) {
  if (engine === "firefox") return (await run("/usr/bin/firefox-esr", ["--version"])).stdout.trim();
  const { stdout } = await run("dpkg-query", ["-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"]);
  return `WebKitGTK ${stdout.split("-")[0]} (MiniBrowser)`;
}
