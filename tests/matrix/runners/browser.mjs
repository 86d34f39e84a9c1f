// A browser page (Chromium, Firefox, WebKit): the conformance script served from loopback. Loaded
// unbundled through browser.html's import map (the package's browser entry),
// or bundled by esbuild for the `browser` condition (bundle.html). The report
// lands in globalThis.matrixReport; ?mode=fallback hides the host's Ed25519.
import * as ea from "edgeauth";
import * as jose from "jose";
import { conformance } from "../conformance.mjs";

const fixtures = await (await fetch(new URL("../../../fixtures.json", document.baseURI))).json();
const mode = new URLSearchParams(location.search).get("mode") ?? "main";
globalThis.matrixReport = await conformance(ea, jose, fixtures, { mode });
