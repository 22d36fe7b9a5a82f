#!/usr/bin/env bash
# Prints how a target's coverage grew with its executions, over one or more runs that resumed from each other:
#   fuzz/curve.sh TARGET LOG_DIR [LOG_DIR...]     (in run order)
# One row per doubling of the executions (counted over the runs given, in order), with libFuzzer's `cov` at that
# point and what the doubling added: a target near its plateau adds less and less per doubling. See docs/fuzzing.md.
set -euo pipefail
t="${1:?target}"; shift
printf '| executions (over the runs given) | `cov` | added by this doubling |\n|---:|---:|---:|\n'
for dir in "$@"; do grep -aE '^#[0-9]+.* cov: ' "$dir/$t.log" | sed -E 's/^#([0-9]+).* cov: ([0-9]+).*/\1 \2/'; echo "end"; done |
  awk 'BEGIN { base = 0; next_mark = 1024 }
       $1 == "end" { base += last_n; last_n = 0; next }
       { n = base + $1; last_n = $1; cov = $2
         while (n >= next_mark) {
           if (c_at != "") { if (prev != "") printf "| %d | %d | %+d |\n", next_mark, c_at, c_at - prev_c; prev = 1; prev_c = c_at }
           next_mark *= 2 }
         c_at = cov }
       END { printf "| %d (end) | %d | %+d |\n", base, c_at, c_at - prev_c }'
