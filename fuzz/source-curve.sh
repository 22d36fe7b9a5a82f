#!/usr/bin/env bash
# Whether a fuzz run still found new code of the project's own, doubling by doubling:
#   fuzz/source-curve.sh TARGET RUN_NAME
# Reads the corpus snapshots `SNAP=1 fuzz/plateau.sh RUN_NAME TARGET` took (target/fuzz-snapshots/RUN_NAME/TARGET/
# <executions>/, hard links of the corpus at the start and at every doubling of the executions) and runs each one
# through the target built with source-based coverage (fuzz/coverage.sh). Prints a Markdown table: per snapshot the
# lines and regions of the core (src/ but the web UI, the CLI and the examples) that at least one input ran, and
# the src/ lines that the doubling reached for the first time, by file. libFuzzer's `cov` counts edges anywhere in
# the binary — the standard library, serde_json, quick-xml, the bignum code, hit by new combinations of bytes — so
# it keeps creeping up; a doubling that reaches no new line of src/ is a plateau of the code this project wrote.
# Writes target/fuzz-coverage/curve/RUN_NAME/TARGET/<executions>.lines. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
t="${1:?target}" run="${2:?run name}"
snaps="$repo/target/fuzz-snapshots/$run/$t"
[[ -d "$snaps" ]] || { echo "no snapshots in $snaps (run SNAP=1 fuzz/plateau.sh $run $t first)" >&2; exit 2; }
out="$repo/target/fuzz-coverage/curve/$run/$t"
mkdir -p "$out"
printf '| %s: executions | inputs | core lines | core regions | src/ lines reached for the first time |\n' "$t"
printf '|---:|---:|---:|---:|---|\n'
prev=""
for dir in "$snaps"/*/; do
  execs="$(basename "$dir")"; execs=$((10#$execs))
  "$here/coverage.sh" "$t" "$dir" >/dev/null
  cp "$repo/target/fuzz-coverage/$t.lines" "$out/$execs.lines"
  core="$(awk -v repo="$repo/" '$1 ~ /^src\// || index($1, repo "src/") == 1 {
      f = $1; sub(repo, "", f); if (f ~ /^src\/(ui|cli|examples)\//) next
      r += $2; rm += $3; l += $8; lm += $9 }
    END { printf "%d / %d | %d / %d", l - lm, l, r - rm, r }' "$repo/target/fuzz-coverage/$t.report.txt")"
  if [[ -z "$prev" ]]; then new="(start)"
  else
    new="$(comm -13 "$prev" "$out/$execs.lines" | awk -F: '{ n[$1]++; all++ }
      END { if (all == 0) { print "none"; exit }
            s = all ":"; for (f in n) s = s " " f " " n[f] ","; sub(/,$/, "", s); print s }')"
  fi
  printf '| %d | %d | %s | %s |\n' "$execs" "$(find "$dir" -type f | wc -l)" "$core" "$new"
  prev="$out/$execs.lines"
done
