#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/stream_memory.sh: what one live stream costs the server in memory.
# Starts lal (gop_num 1) on free loopback ports, publishes STREAMS copies of a
# clip with lalbench, optionally with one RTMP and one HTTP-FLV player each (so
# both output forms are encoded), and prints the server's RSS growth per
# stream once the GOP caches are full, beside the clip's bytes per GOP.
#
#   bench/stream_memory.sh [LAL_BINARY]
#
# Environment: BUILD_DIR (build, for lalbench and the default lal), CLIP
# (tests/data/media/h264_aac_10s.flv: 645 kbit/s, 1 s GOPs), STREAMS (200),
# PLAYERS (1: one RTMP and one HTTP-FLV player per stream; 0: none), SETTLE (6 s).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
LAL=${1:-$BUILD_DIR/bin/lal}
LALBENCH=$BUILD_DIR/bin/lalbench
CLIP=${CLIP:-$ROOT/tests/data/media/h264_aac_10s.flv}
STREAMS=${STREAMS:-200}
PLAYERS=${PLAYERS:-1}
SETTLE=${SETTLE:-6}
[ -x "$LAL" ] && [ -x "$LALBENCH" ] || { echo "stream_memory: missing $LAL or $LALBENCH" >&2; exit 1; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

work=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rtmp_port=$(free_port)
http_port=$(free_port)
cat >"$work/lal.json" <<EOF
{ "threads": 1,
  "rtmp": { "addr": "127.0.0.1:$rtmp_port", "gop_num": 1 },
  "httpflv": { "addr": "127.0.0.1:$http_port", "gop_num": 1 },
  "log": { "level": 4, "is_to_stdout": false, "filename": "$work/lal.log" } }
EOF
ulimit -n 65536 2>/dev/null || true
"$LAL" -c "$work/lal.json" >"$work/lal.out" 2>&1 &
lal_pid=$!
pids+=("$lal_pid")
for _ in $(seq 100); do ss -Hltn "sport = :$rtmp_port" | grep -q . && break; sleep 0.05; done
idle=$(rss_kib "$lal_pid")

duration=$((SETTLE + 6))
"$LALBENCH" push -q -i "$CLIP" -u "rtmp://127.0.0.1:$rtmp_port/live/s{i}" -n "$STREAMS" -t "$duration" \
  >"$work/push.log" 2>&1 &
pids+=("$!")
if [ "$PLAYERS" = 1 ]; then
  sleep 1
  "$LALBENCH" play -q -u "rtmp://127.0.0.1:$rtmp_port/live/s{i}" -n "$STREAMS" -t "$duration" \
    >"$work/play_rtmp.log" 2>&1 &
  pids+=("$!")
  "$LALBENCH" play -q -u "http://127.0.0.1:$http_port/live/s{i}.flv" -n "$STREAMS" -t "$duration" \
    >"$work/play_http.log" 2>&1 &
  pids+=("$!")
fi
sleep "$SETTLE"
# The peak of a few samples a second apart: a GOP cache is largest just
# before the next key frame replaces it.
loaded=0
for _ in 1 2 3 4; do
  r=$(rss_kib "$lal_pid")
  [ "$r" -gt "$loaded" ] && loaded=$r
  sleep 1
done

gop_bytes=$(python3 - "$CLIP" <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
pos, gops, total = 13, 0, 0
while pos + 11 <= len(data):
    t = data[pos]; size = int.from_bytes(data[pos+1:pos+4], 'big')
    if t == 9 and pos + 12 <= len(data) and data[pos + 11] >> 4 == 1 and data[pos + 12] == 1:
        gops += 1
    if t in (8, 9): total += size
    pos += 11 + size + 4
print(total // max(gops, 1))
EOF
)
per_stream=$(((loaded - idle) / STREAMS))
echo "lal=$LAL streams=$STREAMS players_per_stream=$((PLAYERS * 2)) idle_rss_kib=$idle loaded_rss_kib=$loaded" \
  "per_stream_kib=$per_stream clip_gop_kib=$((gop_bytes / 1024))"
