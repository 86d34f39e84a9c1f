// Browsers, Deno and other runtimes without a bundler, and bundlers that
// emit the asset of `new URL("….wasm", import.meta.url)` (Vite, webpack):
// the glue fetches the .wasm next to itself and compiles it while it
// streams, behind top-level await.
import init from "../wasm/edgeauth.js";

await init();

export * from "../lib/index.js";
