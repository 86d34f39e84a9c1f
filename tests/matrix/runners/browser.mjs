// A browser page (Chromium, Firefox, WebKit): the conformance script served
// from loopback, for the three entries loaded side by side. Loaded unbundled
// through browser.html's import map (each entry's browser loader), or bundled
// (esbuild, Vite; see tests/matrix/runtimes.mjs). The reports land in
// globalThis.matrixReport; ?mode=fallback hides the host's Ed25519,
// ?fixtures= is the fixtures' URL.
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import * as login from "edgeauth/login";
import * as jose from "jose";
import { conformance } from "../conformance.mjs";

const params = new URLSearchParams(location.search);
const fixtures = await (await fetch(params.get("fixtures"))).json();
const entries = { edgeauth: full, "edgeauth/edge": edge, "edgeauth/login": login };
globalThis.matrixReport = await conformance(entries, jose, fixtures, { mode: params.get("mode") ?? "main" });
