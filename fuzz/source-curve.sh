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
# The last column says where the doubling's new coverage went instead: the regions it reached for the first time in
# the dependencies' source, by crate (the standard library is not instrumented, so it is not counted).
# Writes target/fuzz-coverage/curve/RUN_NAME/TARGET/<executions>.lines and .crates. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
t="${1:?target}" run="${2:?run name}"
snaps="$repo/target/fuzz-snapshots/$run/$t"
[[ -d "$snaps" ]] || { echo "no snapshots in $snaps (run SNAP=1 fuzz/plateau.sh $run $t first)" >&2; exit 2; }
out="$repo/target/fuzz-coverage/curve/$run/$t"
mkdir -p "$out"
llvm="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin"
bin="$here/target/x86_64-unknown-linux-gnu/coverage/x86_64-unknown-linux-gnu/release/$t"
profile="$here/coverage/$t/coverage.profdata"
printf '| %s: executions | inputs | core lines | core regions | src/ lines reached for the first time | new regions in dependencies |\n' "$t"
printf '|---:|---:|---:|---:|---|---|\n'
prev="" prev_crates=""
for dir in "$snaps"/*/; do
  execs="$(basename "$dir")"; execs=$((10#$execs))
  if [[ ! -s "$out/$execs.core" ]]; then # measured once per snapshot (re-running the script adds the new ones)
    "$here/coverage.sh" "$t" "$dir" >/dev/null
    cp "$repo/target/fuzz-coverage/$t.lines" "$out/$execs.lines"
    # Regions covered per dependency crate (`<crate> <covered>`), from the same profile without the src/-only filter.
    "$llvm/llvm-cov" report "$bin" -instr-profile="$profile" 2>/dev/null |
      awk '$1 ~ /\.cargo\/registry\/src\// { n = split($1, p, "/"); for (i = 1; i <= n; i++) if (p[i] == "src" && p[i - 1] == "registry") { c = p[i + 2]; break }
                                              sub(/-[0-9][0-9.]*([-+][^-]*)?$/, "", c); cov[c] += $2 - $3 }
           END { for (c in cov) print c, cov[c] }' | sort >"$out/$execs.crates"
    core="$(awk -v repo="$repo/" '$1 ~ /^src\// || index($1, repo "src/") == 1 {
        f = $1; sub(repo, "", f); if (f ~ /^src\/(ui|cli|examples)\//) next
        r += $2; rm += $3; l += $8; lm += $9 }
      END { printf "%d / %d | %d / %d", l - lm, l, r - rm, r }' "$repo/target/fuzz-coverage/$t.report.txt")"
    echo "$core" >"$out/$execs.core"
  fi
  core="$(cat "$out/$execs.core")"
  if [[ -z "$prev" ]]; then new="(start)"
  else
    new="$(comm -13 "$prev" "$out/$execs.lines" | awk -F: '{ n[$1]++; all++ }
      END { if (all == 0) { print "none"; exit }
            s = all ":"; for (f in n) s = s " " f " " n[f] ","; sub(/,$/, "", s); print s }')"
  fi
  if [[ -z "$prev_crates" ]]; then deps="(start: $(awk '{ s += $2 } END { print s }' "$out/$execs.crates") regions)"
  else
    deps="$(join -a2 -e0 -o 0,1.2,2.2 "$prev_crates" "$out/$execs.crates" | awk '$3 != $2 { d[$1] = $3 - $2; all += $3 - $2 }
      END { if (all == 0) { print "none"; exit }
            s = sprintf("%+d:", all); for (c in d) s = s " " c " " sprintf("%+d", d[c]) ","; sub(/,$/, "", s); print s }')"
  fi
  printf '| %d | %d | %s | %s | %s |\n' "$execs" "$(find "$dir" -type f | wc -l)" "$core" "$new" "$deps"
  prev="$out/$execs.lines" prev_crates="$out/$execs.crates"
done
