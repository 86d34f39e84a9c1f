# The front door. `make demo` and `make test` are the two commands a newcomer runs.
# Every target installs what it needs first (scripts/setup.sh is idempotent).

.PHONY: setup pkg docs test test-rust test-js test-bench test-matrix bench demo clean fuzz
SHELL := /bin/bash

setup:
	@bash scripts/setup.sh

pkg: setup
	@bash scripts/build-pkg.sh

# The API reference (TypeDoc) from the package's generated declarations and
# their doc comments, into docs/api/ (built, not committed). make test builds
# it too (tests/js/types.test.mjs), failing on any TypeDoc warning.
docs: pkg
	node_modules/.bin/typedoc --options typedoc.json

test-rust: setup
	cargo test --all-targets
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p edgeauth-wasm --features full -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p edgeauth-wasm --features edge -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p edgeauth-wasm --features login -- -D warnings
	cargo clippy --lib --no-default-features -- -D warnings

test-js: pkg
	@bash scripts/install-pkg.sh
	node --test --test-concurrency=1 tests/js/

test-bench: pkg
	@bash scripts/install-pkg.sh
	node bench/run.mjs --quick
	node bench/delegation.mjs --quick

# The packed tarball in Node 20 and 22, Deno, Bun, workerd, Chromium, Firefox,
# WebKit and the esbuild bundles (tests/matrix/run.mjs); one line per runtime at the end.
test-matrix: pkg
	@bash scripts/matrix-setup.sh
	@bash scripts/install-pkg.sh
	node tests/matrix/run.mjs

test: test-rust test-js test-bench test-matrix

bench: pkg
	@bash scripts/install-pkg.sh
	node bench/run.mjs $(if $(QUICK),--quick,)
	node bench/delegation.mjs $(if $(QUICK),--quick,)

# cargo-fuzz over every target in fuzz/, FUZZ_SECONDS each (default 60), one at
# a time; needs nightly + cargo-fuzz (scripts/fuzz-setup.sh). make test only
# replays the committed corpora (tests/fuzz_corpus.rs).
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/fuzz-setup.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

# The local identity provider, the worker API in workerd and the www/ page on
# 127.0.0.1 until Ctrl-C. DEMO=check runs the whole flow headless in Chromium
# and exits 0 on success. Ports: DEMO_WWW_PORT, DEMO_ISSUER_PORT, DEMO_API_PORT.
demo: pkg
	@bash scripts/install-pkg.sh
	@DEMO=$(DEMO) node demo/run.mjs

clean:
	rm -rf pkg test-output target
