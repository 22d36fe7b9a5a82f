#!/usr/bin/env bash
# Which lines of the project's own source a fuzz target's corpus reaches (source-based coverage, llvm-cov):
#   fuzz/coverage.sh TARGET [CORPUS_DIR]      (default corpus: fuzz/corpus/TARGET, else tests/data/fuzz/TARGET)
# Prints a Markdown table, one row per file of src/ that the target's binary contains, with its regions, lines and
# functions covered, and writes the line-by-line report to target/fuzz-coverage/TARGET.txt (uncovered lines marked
# `0|`). Where libFuzzer's `cov` counts edges found so far, this shows what is left: the code the target links but
# never ran. Needs the llvm-tools component (`rustup component add llvm-tools`). See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
t="${1:?target}"
corpus="${2:-}"
if [[ -z "$corpus" ]]; then
  corpus="$here/corpus/$t"
  [[ -d "$corpus" ]] || corpus="$repo/tests/data/fuzz/$t"
fi
corpus="$(cd "$corpus" && pwd)"
export RUSTC_BOOTSTRAP=1
sysroot="$(rustc --print sysroot)"
llvm="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin"
[[ -x "$llvm/llvm-cov" ]] || { echo "llvm-cov not found: rustup component add llvm-tools" >&2; exit 2; }
(cd "$here" && cargo fuzz coverage -s none "$t" "$corpus" >/dev/null 2>&1)
# cargo fuzz coverage builds into fuzz/target/…/coverage whatever CARGO_TARGET_DIR says.
bin="$here/target/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/$t"
profile="$here/coverage/$t/coverage.profdata"
out="$repo/target/fuzz-coverage"
mkdir -p "$out"
only_src=(--ignore-filename-regex='(/\.cargo/|/rustc/|/fuzz/fuzz_targets/|/library/)')
"$llvm/llvm-cov" show "$bin" -instr-profile="$profile" "${only_src[@]}" -show-line-counts-or-regions \
  >"$out/$t.txt"
printf '| file (%s, %s inputs) | regions | lines | functions |\n|---|---:|---:|---:|\n' "$t" "$(find "$corpus" -type f | wc -l)"
"$llvm/llvm-cov" report "$bin" -instr-profile="$profile" "${only_src[@]}" |
  awk -v repo="$repo/" 'NR > 2 && $1 !~ /^-+$/ && NF >= 13 {
      f = $1; sub(repo, "", f)
      printf "| %s | %s | %s | %s |\n", f, $4, $10, $7 }'
