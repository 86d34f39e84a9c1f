#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS each, one after the
# other, single-process (-jobs=1 -workers=1: the machine is shared). New
# inputs go to fuzz/corpus-work/<target>/ (not committed); the committed seeds
# in fuzz/corpus/<target>/ are read only. Crashes land in fuzz/artifacts/.
# Usage: scripts/fuzz.sh [target...]   (FUZZ_SECONDS, default 60)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
mkdir -p corpus-work logs
for t in "${targets[@]}"; do
  mkdir -p "corpus-work/$t"
  log="logs/$t.log"
  status=ok
  cargo +nightly fuzz run -O "$t" "corpus-work/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -jobs=1 -workers=1 -rss_limit_mb=2048 -max_len=65536 >"$log" 2>&1 || status=FAILED
  # With -jobs=1 libFuzzer's worker writes its own log, fuzz-0.log.
  [ -f fuzz-0.log ] && mv fuzz-0.log "logs/$t.worker.log"
  done_line=$(cat "$log" "logs/$t.worker.log" 2>/dev/null | grep -E '^Done [0-9]+ runs' | tail -1 || true)
  echo "$t: $status; ${done_line:-no summary, see fuzz/$log}"
  [ "$status" = ok ] || exit 1
done
