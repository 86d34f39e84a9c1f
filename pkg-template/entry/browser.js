// Browsers, Deno and other runtimes: fetch the .wasm next to this file and
// instantiate it (streaming where possible) behind top-level await.
import init from "../wasm/edgeauth.js";

await init({ module_or_path: new URL("../wasm/edgeauth_bg.wasm", import.meta.url) });

export * from "../lib/index.js";
