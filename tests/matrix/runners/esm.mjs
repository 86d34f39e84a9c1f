// Node (20, 22), Deno and Bun, as ES modules: `import "edgeauth"` resolves
// through the throwaway project's node_modules with the runtime's own export
// conditions. Prints one line `MATRIX <report JSON>`.
// Usage (from the project root): <runtime> tests/matrix/runners/esm.mjs [main|fallback]
import process from "node:process";
import * as ea from "edgeauth";
import * as jose from "jose";
import fixtures from "../../../fixtures.json" with { type: "json" };
import { conformance } from "../conformance.mjs";

const report = await conformance(ea, jose, fixtures, { mode: process.argv[2] ?? "main" });
console.log(`MATRIX ${JSON.stringify(report)}`);
