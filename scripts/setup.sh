#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently, from the
# package registries only: the wasm32 target, wasm-bindgen-cli at exactly the
# version Cargo.lock pins, and the npm dev dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$want" != "$have" ]; then
  # --locked would be preferable, but the registry mirror here lacks one
  # yanked-then-republished transitive version; the CLI itself stays pinned.
  cargo install wasm-bindgen-cli --version "$want" --locked 2>/dev/null || cargo install wasm-bindgen-cli --version "$want"
fi

# Debian packages the tests start: redis-server (revocation store tests) and
# the three browser engines of the demo's browser tests and the runtime matrix
# (tests/js/harness/browsers.mjs; no browser downloads here): chromium (driven
# by playwright-core), firefox-esr (puppeteer-core over WebDriver BiDi) and
# WebKitGTK's MiniBrowser (webkit2gtk-driver: WebKitWebDriver) on a private
# Xvfb display (xvfb).
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

stamp=node_modules/.edgeauth-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
