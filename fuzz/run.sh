#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 180), one after the other, on the stable toolchain.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Logs go to target/fuzz-logs/<target>.log (the last lines hold libFuzzer's final stats); crashes to
# fuzz/artifacts/<target>/. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${1:-180}"; shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(decode xml_parse x509 har c14n verify analyze share)
logs="$here/../target/fuzz-logs"
mkdir -p "$logs"
"$here/seed.sh" >/dev/null
cd "$here"
# cargo-fuzz needs nightly-only flags (-Z sanitizer, -Cpasses=sancov): RUSTC_BOOTSTRAP lets the stable
# compiler accept them. No sanitizer: the crate forbids unsafe code, and without ASan runs are ~2x faster.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none "${targets[@]:0:1}" >/dev/null 2>&1 || true
for t in "${targets[@]}"; do
  echo "== $t ($seconds s)"
  cargo fuzz run -s none "$t" "corpus/$t" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 \
    -print_final_stats=1 >"$logs/$t.log" 2>&1 || echo "   $t stopped with a finding (see $logs/$t.log)"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$logs/$t.log" | tail -3 || true
done
