// Node (20, 22) and Bun as CommonJS: `require("edgeauth")` picks the
// package's bundled CJS entry. Prints one line `MATRIX <report JSON>`.
// Usage (from the project root): <node|bun> tests/matrix/runners/cjs.cjs
const ea = require("edgeauth");
const fixtures = require("../../../fixtures.json");

(async () => {
  const jose = await import("jose");
  const { conformance } = await import("../conformance.mjs");
  const report = await conformance(ea, jose, fixtures);
  console.log(`MATRIX ${JSON.stringify(report)}`);
})();
