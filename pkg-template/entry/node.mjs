// Node (ESM): read the .wasm next to this package and instantiate it synchronously.
import { readFileSync } from "node:fs";
import { initSync } from "../wasm/edgeauth.js";

initSync({ module: readFileSync(new URL("../wasm/edgeauth_bg.wasm", import.meta.url)) });

export * from "../lib/index.js";
