#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Soak test of the lal server: scripts/soak.sh MINUTES
#
# Runs the server for MINUTES minutes under a steady load with churn and
# garbage, and prints one line a minute with its RSS, open descriptors and
# the frames players lost, so that a leak shows as a slope:
# - flvfile2rtmppush -r loops h264_aac_10s.flv as live/soak; lalbench push
#   loops it as live/stamped with a sequence number and send time in every
#   video frame;
# - each minute: 10 lalbench players of live/stamped (5 RTMP, 5 HTTP-FLV)
#   count lost frames; 6 e2e_player players of live/soak (3 RTMP, 3 HTTP-FLV)
#   check they get a contiguous run of the looped file; lalbench churn opens
#   and closes 1200 players (connect, play, first media, close) in waves of
#   120 every 5 s; flood.py sends a wave of 2000 garbage and half-finished
#   connections;
# - after each minute's clients have ended, the server's RSS and descriptors
#   are sampled (only the two publishers are connected then).
# At the end, a verdict: the RSS slope per minute (least squares from minute
# 2 on, once allocator caches have warmed up), the descriptor change, frames
# lost and failed connections. Exit 0 when nothing was lost or failed, the
# descriptors ended where they started and RSS grew less than 256 KiB/minute.
#
# Environment: BUILD_DIR (default build/; configured and built as needed),
# WORK (scratch folder, default a new one under /tmp; the server log and every
# client's output stay there).
set -euo pipefail
minutes=${1:-}
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/soak.sh MINUTES" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target lal flvfile2rtmppush lalbench e2e_player -j2 >/dev/null
export LAL="$build/bin/lal"
pusher="$build/bin/flvfile2rtmppush"
lalbench="$build/bin/lalbench"
player="$build/tests/e2e/e2e_player"
flood="$root/tests/robustness/tools/flood.py"
src="$root/tests/data/media/h264_aac_10s.flv"
export WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lal-soak.XXXXXX")}
source "$root/tests/support/testlib.sh"
source "$root/tests/e2e/e2e_lib.sh"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

lal_start '{"timeouts": {"handshake_ms": 2000}, "limits": {"max_connections": 10000},
            "stream": {"wait_publisher_ms": 10000}}'
base="127.0.0.1"
start_bg pusher "$pusher" -r -i "$src" -o "rtmp://$base:$RTMP_PORT/live/soak"
start_bg stamped "$lalbench" push -i "$src" -u "rtmp://$base:$RTMP_PORT/live/stamped" -n 1 \
  -t $((minutes * 60 + 120)) -q
wait_log 30 "both publishers" "\[rtmp\] publish start: " 2
echo "soak: $minutes minute(s), server pid $LAL_PID, log $LAL_LOG"

# Players that come and go: every 5 s, 60 RTMP and 60 HTTP-FLV players each
# connect, play, take the first media message and close (10 at a time).
churn_waves() {
  local dir=$1 k
  for k in $(seq 10); do
    "$lalbench" churn -u "rtmp://$base:$RTMP_PORT/live/soak" -n 60 -c 10 --json -q \
      >"$dir/churn_rtmp$k.json" 2>>"$dir/churn.err" || true
    "$lalbench" churn -u "http://$base:$HTTP_PORT/live/soak.flv" -n 60 -c 10 --json -q \
      >"$dir/churn_http$k.json" 2>>"$dir/churn.err" || true
    sleep 5
  done
}
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null || echo "?"; }
rss=() fds=()
lost_total=0 failed_total=0 bad_players=0
for m in $(seq "$minutes"); do
  started=$SECONDS
  dir="$WORK/minute$m"
  mkdir -p "$dir"
  pids=()
  "$lalbench" play -u "rtmp://$base:$RTMP_PORT/live/stamped" -n 5 -t 50 --warmup 2 --json -q \
    >"$dir/play_rtmp.json" 2>"$dir/play_rtmp.err" & pids+=($!)
  "$lalbench" play -u "http://$base:$HTTP_PORT/live/stamped.flv" -n 5 -t 50 --warmup 2 --json -q \
    >"$dir/play_http.json" 2>"$dir/play_http.err" & pids+=($!)
  urls=()
  for i in 1 2 3; do urls+=("rtmp://$base:$RTMP_PORT/live/soak" "http://$base:$HTTP_PORT/live/soak.flv"); done
  "$player" "${urls[@]}" --source "$src" --loop --min-video 1250 --timeout 58 >"$dir/players.log" 2>&1 & pids+=($!)
  churn_waves "$dir" & pids+=($!)
  python3 "$flood" "$base" "$RTMP_PORT" "$HTTP_PORT" --count 2000 --seconds 5 --seed "$m" \
    >"$dir/flood.log" 2>&1 & pids+=($!)
  failed_clients=0
  for pid in "${pids[@]}"; do wait "$pid" || failed_clients=$((failed_clients + 1)); done
  kill -0 "$LAL_PID" 2>/dev/null || fail "the server died in minute $m: $(tail -5 "$LAL_LOG")"
  # Until the minute is over: the flood's last connections end within handshake_ms.
  while [ $((SECONDS - started)) -lt 60 ]; do sleep 0.2; done
  rss+=("$(rss_kb "$LAL_PID")")
  fds+=("$(fd_count "$LAL_PID")")
  lost=0 failed=0
  for f in play_rtmp play_http; do
    l=$(json "$dir/$f.json" 'd["lost_frames"] + d.get("lost_frames_lagging", 0)')
    x=$(json "$dir/$f.json" 'd["failed"]')
    [ "$l" = "?" ] && l=0 && failed=$((failed + 1))
    [ "$x" = "?" ] && x=0
    lost=$((lost + l)) failed=$((failed + x))
  done
  churned=0
  for f in "$dir"/churn_*.json; do
    c=$(json "$f" 'd["churn"]["completed"]')
    x=$(json "$f" 'd["failed"]')
    [ "$c" = "?" ] && c=0
    [ "$x" = "?" ] && x=1
    churned=$((churned + c)) failed=$((failed + x))
  done
  contiguous=$(sed -n 's/^e2e_player: \([0-9]*\) of \([0-9]*\) players passed/\1\/\2/p' "$dir/players.log")
  [ "$contiguous" = "6/6" ] || bad_players=$((bad_players + 1))
  flooded=$(sed -n 's/^flood: \([0-9]*\) connections in [0-9.]* s, \([0-9]*\) failed.*/\1 (\2 failed)/p' "$dir/flood.log")
  lost_total=$((lost_total + lost)) failed_total=$((failed_total + failed))
  printf 'minute %d: rss=%s KiB fds=%s lost_frames=%s failed=%s contiguous_players=%s churned=%s flood=%s exits!=0: %s\n' \
    "$m" "${rss[-1]}" "${fds[-1]}" "$lost" "$failed" "${contiguous:-?}" "$churned" "${flooded:-?}" "$failed_clients"
done

# Least-squares slope of RSS over the minutes, from minute 2 on when there are 3 or more.
from=$([ "$minutes" -ge 3 ] && echo 1 || echo 0)
slope=$(python3 -c '
import sys
ys = [int(v) for v in sys.argv[2:]][int(sys.argv[1]):]
xs = list(range(len(ys)))
if len(ys) < 2:
    print(0); sys.exit()
mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
print(round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)))
' "$from" "${rss[@]}")
fd_delta=$((fds[-1] - fds[0]))
verdict=PASS
[ "$lost_total" = 0 ] && [ "$failed_total" = 0 ] && [ "$bad_players" = 0 ] && [ "$fd_delta" = 0 ] &&
  [ "$slope" -lt 256 ] || verdict=FAIL
echo "verdict: RSS slope $slope KiB/minute (from minute $((from + 1)); ${rss[0]} -> ${rss[-1]} KiB)," \
  "descriptors ${fds[0]} -> ${fds[-1]} (delta $fd_delta), frames lost $lost_total, failed connections $failed_total," \
  "minutes with a non-contiguous player $bad_players: $verdict"
lal_stop
[ "$verdict" = PASS ]
