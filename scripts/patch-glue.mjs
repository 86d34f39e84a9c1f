// Two patches to the wasm-bindgen glue, each applied to exactly one known
// spot (the build fails when wasm-bindgen changes under it).
//
// 1. Guards: the glue refuses a value of the wrong type before it touches
// wasm memory. The release glue trusts its callers: a number or an
// object passed where Rust takes `&str` reaches `__wbindgen_realloc` with a
// length of NaN (→ 0) on a zero-size allocation, which corrupts the
// allocator and traps ("memory access out of bounds"), poisoning the module
// for every later call (found by tests/js/boundary.test.mjs). With this
// guard such a value throws the package's ConfigError (ERR_CONFIG) instead.
//
// 2. Strings into wasm: the glue copies a string's ASCII prefix with a
// per-character loop, about 2.4 µs for a 535-character token in Node against
// 0.17 µs for `TextEncoder.encodeInto` (measured with bench/run.mjs --only); every token
// crosses this way. The patch lets encodeInto copy whatever fits and keeps
// the glue's own path for the rest. Every supported runtime has a native
// encodeInto (the glue's fallback would not fit a non-ASCII string into
// the first buffer).
// Usage: node scripts/patch-glue.mjs pkg/wasm/edgeauth.js
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2];
let glue = readFileSync(path, "utf8");
const refuse = (what) => `throw fromCore("ERR_CONFIG", \`expected ${what}, got \${typeof arg}\`, undefined);`;
const GUARDS = [
  ["function passStringToWasm0(arg, malloc, realloc) {", `if (typeof arg !== "string") ${refuse("a string")}`],
  ["function passArray8ToWasm0(arg, malloc) {", `if (!(arg instanceof Uint8Array)) ${refuse("a Uint8Array")}`],
  ["function passArrayJsValueToWasm0(array, malloc) {", `if (!Array.isArray(array)) { const arg = array; ${refuse("an array")} }`],
];
if (!glue.includes("import { fromCore } from '../lib/error-bridge.js';")) throw new Error(`${path}: the glue no longer imports fromCore; update scripts/patch-glue.mjs`);
for (const [head, guard] of GUARDS) {
  const at = glue.indexOf(head);
  if (at < 0 || glue.indexOf(head, at + 1) >= 0) {
    throw new Error(`${path}: expected exactly one "${head}"; update scripts/patch-glue.mjs for this wasm-bindgen`);
  }
  glue = glue.replace(head, `${head}\n    ${guard}`);
}

const ASCII_LOOP = `    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }`;
const ENCODE_INTO = `    const first = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + len));
    let offset = first.written;
    if (first.read !== len) {
        arg = arg.slice(first.read);`;
const loopAt = glue.indexOf(ASCII_LOOP);
if (loopAt < 0 || glue.indexOf(ASCII_LOOP, loopAt + 1) >= 0) {
  throw new Error(`${path}: expected exactly one ASCII copy loop in passStringToWasm0; update scripts/patch-glue.mjs for this wasm-bindgen`);
}
glue = glue.replace(ASCII_LOOP, ENCODE_INTO);
writeFileSync(path, glue);
