#!/usr/bin/env bash
# Prints a Markdown table of the last fuzz runs from their libFuzzer logs:
#   fuzz/summary.sh LOG_DIR [LOG_DIR...]   (one column group per directory, e.g. run 1 and run 2)
set -euo pipefail
for dir in "$@"; do
  for log in "$dir"/*.log; do
    t=$(basename "$log" .log)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
    inited=$(grep -E '^#[0-9]+[[:space:]]+INITED' "$log" | tail -1 || true)
    execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
    cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$done_line")
    ft=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$done_line")
    corp=$(sed -E 's/.*corp: ([0-9]+)\/.*/\1/' <<<"$done_line")
    rate=$(sed -E 's/.*exec\/s: ([0-9]+).*/\1/' <<<"$done_line")
    start_cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$inited")
    # The execution count at which coverage last grew (how close the run came to a plateau).
    last_growth=$(awk '/^#[0-9]+/ && / cov: / { n = substr($1, 2); match($0, /cov: [0-9]+/); c = substr($0, RSTART + 5, RLENGTH - 5);
        if (c != prev) { at = n; prev = c } } END { print at }' "$log")
    crashes=$(grep -cE '^==[0-9]+== ERROR|panicked at|deadly signal|Test unit written' "$log" || true)
    printf '| %s | %s | %s | %s | %s → %s | %s | %s | %s | %s |\n' "$t" "$(basename "$dir")" "${execs:-?}" "${rate:-?}" \
      "${start_cov:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${last_growth:-?}" "${crashes}"
  done
done
