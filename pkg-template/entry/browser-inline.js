// Browsers through a bundler (the `browser` export condition, which esbuild,
// webpack, Vite and Rollup set): the .wasm travels inside the JavaScript as
// base64, so the bundle needs no asset handling. (esbuild keeps
// `new URL("../wasm/edgeauth_bg.wasm", import.meta.url)` as written, which
// then points next to the bundle, where there is no .wasm.) Pages without a
// bundler import entry/browser.js, which streams the .wasm instead.
import init from "../wasm/edgeauth.js";
import wasmBase64 from "../wasm/edgeauth_bg.wasm.base64.js";

const binary = atob(wasmBase64);
const bytes = new Uint8Array(binary.length);
for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
await init({ module_or_path: bytes });

export * from "../lib/index.js";
