#!/usr/bin/env bash
# Builds the npm package into pkg/: three wasm modules from bindings/wasm
# (edge at opt-level 3, login and full for size), each with its
# wasm-bindgen glue (--target web, untouched), its imports checked and a
# base64 copy for the inline loaders; then the JavaScript of every entry
# (scripts/build-entries.mjs), its declarations (scripts/build-types.mjs)
# and the hand-written package files.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf pkg
mkdir -p pkg/wasm

# module <glue name> <cargo profile> <features>
module() {
  local name=$1 profile=$2 features=$3
  cargo build --target wasm32-unknown-unknown -p edgeauth-wasm --profile "$profile" --features "$features"
  wasm-bindgen --target web --out-dir pkg/wasm --out-name "$name" --remove-name-section --remove-producers-section \
    "target/wasm32-unknown-unknown/$profile/edgeauth_wasm.wasm"
  node scripts/check-wasm.mjs "pkg/wasm/${name}_bg.wasm"
  node scripts/inline-wasm.mjs "pkg/wasm/${name}_bg.wasm"
}
module edgeauth release full
module edgeauth_edge release-edge edge
module edgeauth_login release login

cp pkg-template/package.json pkg/
cp README.md pkg/README.md
node scripts/build-entries.mjs
# The declarations, from lib/'s JSDoc checked against the full glue's .d.ts
# (which the package does not ship).
node scripts/build-types.mjs
rm -f pkg/wasm/*.d.ts
