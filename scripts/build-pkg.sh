#!/usr/bin/env bash
# Builds the npm package into pkg/: the core compiled to wasm32, the
# wasm-bindgen glue (--target web), the hand-written pkg-template/, and a
# CommonJS bundle of the Node entry. Then checks the module's imports and
# writes the base64 copy of the .wasm that entry/browser-inline.js imports.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown -p edgeauth-wasm --features full
rm -rf pkg
mkdir -p pkg
cp -R pkg-template/. pkg/
wasm-bindgen --target web --out-dir pkg/wasm --out-name edgeauth --remove-name-section --remove-producers-section target/wasm32-unknown-unknown/release/edgeauth_wasm.wasm
node scripts/patch-glue.mjs pkg/wasm/edgeauth.js
rm -f pkg/wasm/*.d.ts
cp README.md pkg/README.md
npx --no-install esbuild pkg/entry/node-cjs.src.mjs --bundle --format=cjs --platform=node --target=node20 \
  --outfile=pkg/entry/node.cjs --log-level=warning --log-override:empty-import-meta=silent
rm pkg/entry/node-cjs.src.mjs
node scripts/check-wasm.mjs pkg/wasm/edgeauth_bg.wasm
node scripts/inline-wasm.mjs pkg/wasm/edgeauth_bg.wasm
