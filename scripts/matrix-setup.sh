#!/usr/bin/env bash
# Installs the runtimes of `make test-matrix`, idempotently, from package
# registries only: Node 22, Deno and Bun as npm packages with their binaries
# inside (tests/matrix/package.json; install scripts are not run, the
# binaries are used where the packages put them). workerd (miniflare),
# esbuild, playwright-core and puppeteer-core come from the root
# devDependencies, Debian's chromium, firefox-esr and WebKitGTK from
# scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/../tests/matrix"

stamp=node_modules/.edgeauth-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --ignore-scripts --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

