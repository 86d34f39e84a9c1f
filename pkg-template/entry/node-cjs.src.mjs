// Node (CommonJS): bundled by `make pkg` into entry/node.cjs; `__dirname`
// is the CommonJS one at run time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "../wasm/edgeauth.js";

initSync({ module: readFileSync(join(__dirname, "../wasm/edgeauth_bg.wasm")) });

export * from "../lib/index.js";
