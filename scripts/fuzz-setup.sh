#!/usr/bin/env bash
# Tools for `make fuzz` only (not `make test`): the nightly toolchain and
# cargo-fuzz. Idempotent.
set -euo pipefail
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
