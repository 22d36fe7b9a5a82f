#!/usr/bin/env bash
# Runs fuzz targets one after the other, each until its coverage plateaus, resuming from fuzz/corpus/<target>:
#   fuzz/plateau.sh RUN_NAME [TARGET...]
# A target stops when its coverage (libFuzzer's `cov`) has not grown for QUIET seconds (default 300), or — after
# MIN seconds (default 240) — when the executions since the last growth are at least 30 % of the run's
# executions and at least 120 s long, or after MAX seconds (default 720). It is stopped with SIGINT, so libFuzzer
# still prints its final stats. Logs: target/fuzz-logs/RUN_NAME/<target>.log, with a last line
# `plateau: <reason> ...` written by this script. Runs nice'd on one core. See docs/fuzzing.md.
# Also written while it runs: <target>.progress (one line per poll: seconds since the start, executions, `cov`) and,
# with SNAP=1, a snapshot of the corpus (hard links, so no copy) at the start, at every doubling of the executions
# from 65 536 on and at the end: target/fuzz-snapshots/RUN_NAME/<target>/<executions>/. fuzz/source-curve.sh measures
# which source lines each snapshot reaches, i.e. whether a doubling still finds new code of the project's own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="${1:?run name}"; shift
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(analyze har decode verify c14n xml_parse x509 share)
quiet="${QUIET:-300}" min="${MIN:-240}" max="${MAX:-720}"
logs="$here/../target/fuzz-logs/$run"
snaps="$here/../target/fuzz-snapshots/$run"
mkdir -p "$logs"
snap() { # snap TARGET EXECUTIONS: the corpus as it is now, as hard links
  [[ -n "${SNAP:-}" ]] || return 0
  local dest="$snaps/$1/$(printf '%010d' "$2")"
  # libFuzzer deletes inputs it has replaced with smaller ones while the links are made: those are skipped.
  [[ -e "$dest" ]] || { mkdir -p "$dest" && { cp -al "$here/corpus/$1/." "$dest/" 2>/dev/null || true; }; }
}
export RUSTC_BOOTSTRAP=1
(cd "$here" && cargo fuzz build -s none >/dev/null 2>&1)
bin="${CARGO_TARGET_DIR:-$here/target}/x86_64-unknown-linux-gnu/release"
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  progress="$logs/$t.progress"
  : >"$progress"
  mkdir -p "$here/artifacts/$t"
  snap "$t" 0
  next_snap=65536
  nice -n 10 "$bin/$t" -artifact_prefix="$here/artifacts/$t/" -timeout=10 -rss_limit_mb=3072 \
    -print_final_stats=1 -max_total_time="$((max + 60))" "$here/corpus/$t" >"$log" 2>&1 &
  pid=$!
  start=$SECONDS cov="" grew_at=$SECONDS grew_execs=0 reason="exited"
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    line="$(grep -aE '^#[0-9]+.* cov: ' "$log" | tail -1 || true)"
    [[ -n "$line" ]] || continue
    execs="${line%%[[:space:]]*}"; execs="${execs#\#}"
    now_cov="$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<<"$line")"
    if [[ "$now_cov" != "$cov" ]]; then cov="$now_cov" grew_at=$SECONDS grew_execs="$execs"; fi
    elapsed=$((SECONDS - start)) still=$((SECONDS - grew_at))
    echo "$elapsed $execs $now_cov" >>"$progress"
    if ((execs >= next_snap)); then snap "$t" "$execs"; while ((next_snap <= execs)); do next_snap=$((next_snap * 2)); done; fi
    if ((still >= quiet)); then reason="no new coverage for ${still}s"
    elif ((elapsed >= min && still >= 120 && (execs - grew_execs) * 10 >= execs * 3)); then
      reason="executions since the last growth $((execs - grew_execs)) of $execs (>= 30 %)"
    elif ((elapsed >= max)); then reason="time limit ${max}s"
    else continue; fi
    kill -INT "$pid" 2>/dev/null || true
    break
  done
  wait "$pid" || true
  snap "$t" "$(grep -aE '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*/\1/')"
  echo "plateau: $reason; last growth at #$grew_execs (cov $cov); ran $((SECONDS - start))s" | tee -a "$log"
  grep -aE 'stat::number_of_executed_units|stat::average_exec_per_sec' "$log" | tr '\n' ' '; echo
  if compgen -G "$here/artifacts/$t/*" >/dev/null; then echo "   $t: findings in $here/artifacts/$t"; fi
done
