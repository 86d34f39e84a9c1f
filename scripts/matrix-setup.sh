#!/usr/bin/env bash
# Installs the runtimes of `make test-matrix`, idempotently, from package
# registries only: Node 22, Deno and Bun as npm packages with their binaries
# inside (tests/matrix/package.json; install scripts are not run, the
# binaries are used where the packages put them), playwright-core, and
# Debian's chromium through apt when /usr/bin/chromium is missing.
# workerd (miniflare) and esbuild come from the root devDependencies.
set -euo pipefail
cd "$(dirname "$0")/../tests/matrix"

stamp=node_modules/.edgeauth-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --ignore-scripts --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi
