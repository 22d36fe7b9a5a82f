#!/usr/bin/env bash
# Minimises each target's corpus (fuzz/corpus/<target>) into the regression inputs kept in the repository
# (tests/data/fuzz/<target>/), within a byte budget per target:
#   fuzz/cmin.sh [TARGET...]
# 1. libFuzzer `-merge=1 -use_counters=0` into a fresh directory: the smallest set of inputs (greedy, smallest
#    first) that keeps every coverage edge of the corpus (hit-count buckets are not kept: they multiply the files).
# 2. If that set is over the target's budget, keep its smallest files up to the budget (merge is greedy by size,
#    so the big files it kept each add few edges) and report how many edges the kept files still reach.
# Crash reproducers live in tests/data/fuzz/crashes/ and are never touched here. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(analyze har decode verify c14n xml_parse x509 share)
# Bytes kept per target (about 3.4 MB in all).
declare -A budget=([analyze]=650000 [har]=500000 [decode]=500000 [verify]=500000 [xml_parse]=350000
  [c14n]=200000 [x509]=280000 [share]=450000)
export RUSTC_BOOTSTRAP=1
target_dir="${CARGO_TARGET_DIR:-$here/target}"
bin="$target_dir/x86_64-unknown-linux-gnu/release"
(cd "$here" && cargo fuzz build -s none >/dev/null 2>&1)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
edges() { # edges DIR: coverage edges the inputs of DIR reach (merged into an empty directory)
  local t="$1" dir="$2" out
  out="$(mktemp -d -p "$work")"
  "$bin/$t" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=3072 "$out" "$dir" 2>&1 |
    sed -nE 's/.*MERGE-OUTER: [0-9]+ new files with [0-9]+ new features added; ([0-9]+) new coverage edges.*/\1/p'
}
printf '| target | corpus files | merged files | merged bytes | edges | kept files | kept bytes | kept edges |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for t in "${targets[@]}"; do
  merged="$work/$t-merged"; mkdir -p "$merged"
  all_edges="$("$bin/$t" -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=3072 "$merged" "$here/corpus/$t" 2>&1 |
    sed -nE 's/.*MERGE-OUTER: [0-9]+ new files with [0-9]+ new features added; ([0-9]+) new coverage edges.*/\1/p')"
  kept="$repo/tests/data/fuzz/$t"
  rm -rf "$kept"; mkdir -p "$kept"
  total=0
  while read -r size file; do
    ((total + size <= budget[$t])) || break
    total=$((total + size)); cp "$merged/$file" "$kept/"
  done < <(cd "$merged" && find . -type f -printf '%s %P\n' | sort -n)
  kept_edges="$(edges "$t" "$kept")"
  printf '| %s | %d | %d | %d | %s | %d | %d | %s |\n' "$t" "$(find "$here/corpus/$t" -type f | wc -l)" \
    "$(find "$merged" -type f | wc -l)" "$(du -sb "$merged" | cut -f1)" "$all_edges" \
    "$(find "$kept" -type f | wc -l)" "$total" "$kept_edges"
done
