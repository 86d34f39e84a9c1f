// Fails when a wasm module imports anything from "env" (native code leaked
// into the build) or from anywhere but its wasm-bindgen glue, and prints its size.
// Usage: node scripts/check-wasm.mjs pkg/wasm/<name>_bg.wasm
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";

const path = process.argv[2];
const bytes = readFileSync(path);
const glue = `./${basename(path, ".wasm")}.js`; // wasm-bindgen's import module: ./<name>_bg.js
const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
const foreign = imports.filter((i) => i.module !== glue);
if (foreign.length > 0) {
  console.error(`${path} imports from outside the glue:`, foreign);
  process.exit(1);
}
console.log(`${basename(path)}: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} bytes gzip, ${imports.length} imports, none from "env"`);
