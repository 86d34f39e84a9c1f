// Makes the wasm-bindgen glue refuse a value of the wrong type before it
// touches wasm memory. The release glue trusts its callers: a number or an
// object passed where Rust takes `&str` reaches `__wbindgen_realloc` with a
// length of NaN (→ 0) on a zero-size allocation, which corrupts the
// allocator and traps ("memory access out of bounds"), poisoning the module
// for every later call (found by tests/js/boundary.test.mjs). With this
// guard such a value throws the package's ConfigError (ERR_CONFIG) instead.
// Usage: node scripts/guard-glue.mjs pkg/wasm/edgeauth.js
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2];
let glue = readFileSync(path, "utf8");
const refuse = (what) => `throw fromCore("ERR_CONFIG", \`expected ${what}, got \${typeof arg}\`, undefined);`;
const GUARDS = [
  ["function passStringToWasm0(arg, malloc, realloc) {", `if (typeof arg !== "string") ${refuse("a string")}`],
  ["function passArray8ToWasm0(arg, malloc) {", `if (!(arg instanceof Uint8Array)) ${refuse("a Uint8Array")}`],
  ["function passArrayJsValueToWasm0(array, malloc) {", `if (!Array.isArray(array)) { const arg = array; ${refuse("an array")} }`],
];
if (!glue.includes("import { fromCore } from '../lib/error-bridge.js';")) throw new Error(`${path}: the glue no longer imports fromCore; update scripts/guard-glue.mjs`);
for (const [head, guard] of GUARDS) {
  const at = glue.indexOf(head);
  if (at < 0 || glue.indexOf(head, at + 1) >= 0) {
    throw new Error(`${path}: expected exactly one "${head}"; update scripts/guard-glue.mjs for this wasm-bindgen`);
  }
  glue = glue.replace(head, `${head}\n    ${guard}`);
}
writeFileSync(path, glue);
