#!/usr/bin/env bash
# Packs pkg/ with `npm pack` and installs that exact tarball as
# node_modules/edgeauth, so every JS test imports what users would install.
# (edgeauth has no dependencies, so unpacking is all `npm install` would do.)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
rm -f test-output/edgeauth-*.tgz
tarball=$(npm pack ./pkg --pack-destination test-output --silent | tail -n 1)
rm -rf node_modules/edgeauth
mkdir -p node_modules/edgeauth
tar -xzf "test-output/$tarball" -C node_modules/edgeauth --strip-components=1
echo "installed test-output/$tarball as node_modules/edgeauth"
