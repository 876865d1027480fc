#!/usr/bin/env bash
# The write-cost calibration (issue 21): lal's fan-out scenario at PLAYERS (1000)
# RTMP players once for each rtmp.merge_write_ms in MERGES ("0 5 10 20 33 40 80
# 350"), with the server's socket write calls counted from /metrics; then server
# CPU per delivered GB against writes per player per second, and the line
# through them (bench/fit_writes.py). Every compare.sh variable applies
# (DURATION, WARMUP, SKIP_INSTALL, SKIP_BUILD, BUILD_DIR, ...).
#
#   bench/sweep_merge.sh                                   # 8 runs of 15 s
#   SKIP_INSTALL=1 DURATION=8 PLAYERS=1000 bench/sweep_merge.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${MERGES:=0 5 10 20 33 40 80 350}" "${PLAYERS:=1000}" "${IPERF_SECONDS:=2}"
: "${OUT_DIR:=${BUILD_DIR:-$ROOT/build-compare}/bench-results/sweep-$(date +%Y%m%d-%H%M%S)}"
variants=""
for m in $MERGES; do variants+="lal-merge$m "; done

WRITE_COUNTS=1 SCENARIOS=fanout VARIANTS="$variants" PLAYERS="$PLAYERS" IPERF_SECONDS="$IPERF_SECONDS" \
  OUT_DIR="$OUT_DIR" "$ROOT/bench/compare.sh" >/dev/null
python3 "$ROOT/bench/fit_writes.py" "$OUT_DIR/runs.jsonl" | tee "$OUT_DIR/sweep.md"
echo "sweep: table saved to $OUT_DIR/sweep.md" >&2
