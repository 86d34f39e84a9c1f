// Cloudflare Workers / workerd: the .wasm is imported as a compiled module
// (wrangler and miniflare do this by default) and instantiated synchronously.
// Nothing random happens at load: workerd allows randomness only in handlers.
import wasmModule from "../wasm/edgeauth_bg.wasm";
import { initSync } from "../wasm/edgeauth.js";

initSync({ module: wasmModule });

export * from "../lib/index.js";
