// Node (20, 22) and Bun as CommonJS: `require("edgeauth")` (and the edge and
// login entries) picks each entry's bundled CJS loader. Prints one line
// `MATRIX <reports JSON>`.
// Usage (from the project root): <node|bun> tests/matrix/runners/cjs.cjs
const entries = { edgeauth: require("edgeauth"), "edgeauth/edge": require("edgeauth/edge"), "edgeauth/login": require("edgeauth/login") };
const fixtures = require("../../../fixtures.json");

(async () => {
  const jose = await import("jose");
  const { conformance } = await import("../conformance.mjs");
  const reports = await conformance(entries, jose, fixtures);
  console.log(`MATRIX ${JSON.stringify(reports)}`);
})();
