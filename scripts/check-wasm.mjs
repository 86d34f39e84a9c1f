// Fails when the wasm module imports anything from "env" (native code leaked
// into the build) or from anywhere but the wasm-bindgen glue, and prints its size.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const path = process.argv[2];
const bytes = readFileSync(path);
const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
const foreign = imports.filter((i) => i.module !== "./edgeauth_bg.js");
if (foreign.length > 0) {
  console.error(`${path} imports from outside the glue:`, foreign);
  process.exit(1);
}
console.log(`wasm: ${bytes.length} bytes raw, ${gzipSync(bytes, { level: 9 }).length} bytes gzip, ${imports.length} imports, none from "env"`);
