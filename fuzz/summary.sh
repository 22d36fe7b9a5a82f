#!/usr/bin/env bash
# Prints a Markdown table of fuzz runs from their libFuzzer logs, one row per target over all the runs given:
#   fuzz/summary.sh LOG_DIR [LOG_DIR...]     (in run order, e.g. target/fuzz-logs/run1 run2 run3)
# Executions are summed over the runs (a run stopped without final stats counts up to its last status line);
# exec/s, features, corpus and the plateau evidence come from the last run of each target; coverage is shown as
# `start → end` of every run (each run resumes from the corpus the previous one left; the binary is rebuilt from
# the current source before a run, so counts of different runs are comparable only roughly).
set -euo pipefail
targets=(analyze har decode verify c14n xml_parse x509 share)
printf '| target | runs (wall time) | executions | exec/s (last run) | coverage (`cov`) start → end, per run | features (`ft`) | corpus | last run: `cov` at half its executions → at the end | last run: last coverage growth | crashes, timeouts, OOMs |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for t in "${targets[@]}"; do
  total=0 runs="" covs="" last=""
  findings=0
  for dir in "$@"; do
    log="$dir/$t.log"
    [[ -f "$log" ]] || continue
    last="$log"
    execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
    [[ -n "$execs" ]] || execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    total=$((total + ${execs:-0}))
    secs=$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | awk '{print $5}' | tail -1 || true)
    [[ -n "$secs" ]] || secs=$(grep -aoE '^plateau: .* ran [0-9]+s' "$log" | sed -E 's/.* ran ([0-9]+)s/\1/' | tail -1 || true)
    [[ -n "$secs" ]] || secs=$(awk '/exec\/s:/ {n = substr($1, 2); match($0, /exec\/s: [0-9]+/); r = substr($0, RSTART + 8, RLENGTH - 8)} END { if (r > 0) printf "%d", n / r }' "$log")
    runs+="${runs:+ + }$(basename "$dir") ${secs:-?} s"
    start=$(grep -aE '^#[0-9]+[[:space:]]+INITED' "$log" | sed -E 's/.*cov: ([0-9]+).*/\1/' | tail -1)
    end=$(grep -aE '^#[0-9]+.* cov: ' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    covs+="${covs:+; }$(basename "$dir") ${start:-?} → ${end:-?}"
    n=$(grep -acE 'Test unit written to' "$log" || true)  # one per crash, timeout or OOM
    findings=$((findings + n))
  done
  [[ -n "$last" ]] || continue
  end_line=$(grep -aE '^#[0-9]+.* cov: ' "$last" | tail -1)
  ft=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$end_line")
  corp=$(sed -E 's/.*corp: ([0-9]+\/[0-9]+[A-Za-z]+).*/\1/' <<<"$end_line")
  rate=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$last" | tail -1)
  [[ -n "$rate" ]] || rate=$(sed -E 's/.*exec\/s: ([0-9]+).*/\1/' <<<"$end_line")
  last_execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$last" | tail -1)
  [[ -n "$last_execs" ]] || last_execs=$(grep -aoE '^#[0-9]+' "$last" | tail -1 | tr -d '#')
  growth=$(awk '/^#[0-9]+/ && / cov: / { n = substr($1, 2); match($0, /cov: [0-9]+/); c = substr($0, RSTART + 5, RLENGTH - 5);
      if (c != prev) { at = n; prev = c } } END { print at }' "$last")
  quiet=$(( last_execs > 0 ? 100 * (last_execs - growth) / last_execs : 0 ))
  half=$(awk -v total="$last_execs" '/^#[0-9]+/ && / cov: / { n = substr($1, 2) + 0; match($0, /cov: [0-9]+/);
      if (n <= total / 2) c = substr($0, RSTART + 5, RLENGTH - 5) } END { print c }' "$last")
  end_cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$end_line")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s → %s | #%s of %s (the last %s %% found nothing) | %s |\n' "$t" "$runs" \
    "$total" "${rate:-?}" "$covs" "${ft:-?}" "${corp:-?}" "${half:-?}" "$end_cov" "$growth" "$last_execs" "$quiet" "$findings"
done
