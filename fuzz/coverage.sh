#!/usr/bin/env bash
# Which lines of the project's own source a fuzz target's corpus reaches (source-based coverage, llvm-cov):
#   fuzz/coverage.sh TARGET [CORPUS_DIR]      (default corpus: fuzz/corpus/TARGET, else tests/data/fuzz/TARGET)
# Prints a Markdown table, one row per area of src/ (directory) that the target's binary contains, with its lines and
# functions covered, and writes the per-file report to target/fuzz-coverage/TARGET.report.txt and the line-by-line one
# to target/fuzz-coverage/TARGET.txt (uncovered lines counted `0|`), and the list of src/ lines that ran to
# target/fuzz-coverage/TARGET.lines. Where libFuzzer's `cov` counts edges found so far, this shows what is left: the code the target links but
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
# cargo fuzz merges every raw profile in coverage/TARGET/raw/, one per worker, and a corpus of fewer than 200 files
# has fewer workers than the run before it: without this, a small corpus would count what the last one reached.
rm -rf "$here/coverage/$t/raw"
(cd "$here" && cargo fuzz coverage -s none "$t" "$corpus" >/dev/null 2>&1)
# cargo fuzz coverage builds into fuzz/target/…/coverage whatever CARGO_TARGET_DIR says.
bin="$here/target/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/$t"
profile="$here/coverage/$t/coverage.profdata"
out="$repo/target/fuzz-coverage"
mkdir -p "$out"
only_src=(--ignore-filename-regex='(/\.cargo/|/rustc/|/fuzz/fuzz_targets/|/library/)')
"$llvm/llvm-cov" show "$bin" -instr-profile="$profile" "${only_src[@]}" -show-line-counts-or-regions \
  >"$out/$t.txt"
"$llvm/llvm-cov" report "$bin" -instr-profile="$profile" "${only_src[@]}" >"$out/$t.report.txt"
# The lines of src/ that ran, one `src/FILE:LINE` per line, sorted (fuzz/source-curve.sh compares them).
"$llvm/llvm-cov" export "$bin" -instr-profile="$profile" "${only_src[@]}" -format=lcov |
  awk -v repo="$repo/" '/^SF:/ { f = substr($0, 4); sub(repo, "", f); next }
    /^DA:/ && f ~ /^src\// { split(substr($0, 4), d, ","); if (d[2] > 0) print f ":" d[1] }' | sort -u >"$out/$t.lines"
# Per area of src/ (its first directory, or the file), then the core (everything but the web UI, the CLI and the
# built-in examples, which no target calls) and all: lines covered / lines, functions run / functions.
printf '| %s (%s inputs) | lines | functions |\n|---|---:|---:|\n' "$t" "$(find "$corpus" -type f | wc -l)"
awk -v repo="$repo/" '$1 ~ /^src\// || index($1, repo "src/") == 1 {
    f = $1; sub(repo, "", f); split(f, p, "/"); area = (p[3] != "") ? p[1] "/" p[2] "/" : f
    lines[area] += $8; missed[area] += $9; fns[area] += $5; fmissed[area] += $6
    core = (area !~ /^src\/(ui|cli|examples)\//)
    if (core) { cl += $8; cm += $9; cf += $5; cfm += $6 }
    al += $8; am += $9; af += $5; afm += $6 }
  END {
    for (a in lines) { if (lines[a] == 0) continue
      printf "| %s | %d / %d (%.1f %%) | %d / %d |\n", a, lines[a] - missed[a], lines[a], 100 * (lines[a] - missed[a]) / lines[a], fns[a] - fmissed[a], fns[a] | "sort" }
    close("sort")
    printf "| **core** (all but src/ui, src/cli, src/examples) | %d / %d (%.1f %%) | %d / %d |\n", cl - cm, cl, 100 * (cl - cm) / cl, cf - cfm, cf
    printf "| all of src/ | %d / %d (%.1f %%) | %d / %d |\n", al - am, al, 100 * (al - am) / al, af - afm, af }' "$out/$t.report.txt"
