// Browsers through esbuild, which keeps `new URL("….wasm", import.meta.url)`
// as written (pointing next to the bundle, where there is no .wasm): the
// .wasm travels inside the JavaScript as base64, so the bundle needs no
// asset. Chosen by the `edgeauth-inline` export condition
// (`esbuild --conditions=edgeauth-inline`); the price is about a third more
// bytes and a compile after download instead of while streaming.
import init from "../wasm/edgeauth.js";
import wasmBase64 from "../wasm/edgeauth_bg.wasm.base64.js";

const binary = atob(wasmBase64);
const bytes = new Uint8Array(binary.length);
for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
await init({ module_or_path: bytes });

export * from "../lib/index.js";
