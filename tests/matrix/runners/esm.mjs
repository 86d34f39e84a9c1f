// Node (20, 22), Deno and Bun, as ES modules: `import "edgeauth"` (and
// "edgeauth/edge", "edgeauth/login": three wasm modules in one program)
// resolves through the throwaway project's node_modules with the runtime's
// own export conditions. Prints one line `MATRIX <reports JSON>`.
// Usage (from the project root): <runtime> tests/matrix/runners/esm.mjs [main|fallback]
import process from "node:process";
import * as full from "edgeauth";
import * as edge from "edgeauth/edge";
import * as login from "edgeauth/login";
import * as jose from "jose";
import fixtures from "../../../fixtures.json" with { type: "json" };
import { conformance } from "../conformance.mjs";

const entries = { edgeauth: full, "edgeauth/edge": edge, "edgeauth/login": login };
const reports = await conformance(entries, jose, fixtures, { mode: process.argv[2] ?? "main" });
console.log(`MATRIX ${JSON.stringify(reports)}`);
