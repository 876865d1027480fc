#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A flood of 2000 connections over 3 s (random bytes, C0 only, C0 and part of
# C1, a handshake then garbage chunks on the RTMP port; random bytes, an
# endless request head, no HTTP at all on the HTTP-FLV port; each then waits
# for the server's close, closes or resets), while flvfile2rtmppush publishes
# h264_aac_10s.flv to 10 RTMP and 10 HTTP-FLV players:
# - the server accepts every connection and closes those that wait;
# - every flood connection gets its session end line;
# - the 20 players get every frame (250 video, 432 audio) in order;
# - the server's open descriptors return exactly to their count before the
#   flood (and at the end to their count before any client), and its RSS to
#   within 4 MiB of its baseline (8 MiB under ASan). Measured: the first flood
#   adds about 1 MiB (2.5-3 MiB under ASan) of allocator caches, up to 2.4 MiB
#   on a busy machine (more connections open at once), and further floods add
#   almost nothing; a leak of 2 KiB per connection would add 4 MiB.
#   Under ASan the allocator's quarantine is off for this test so that RSS
#   means what the server holds.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$0")/robust_lib.sh"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge 4096 ] || fail "need 4096 open files, ulimit -n is $(ulimit -n)"
if [ -n "${LAL_SANITIZED:-}" ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
fi
src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"timeouts": {"handshake_ms": 1000}, "limits": {"max_connections": 5000},
            "stream": {"wait_publisher_ms": 30000}}'
fds_idle=$(settled_fd_count)

urls=()
for i in $(seq 10); do urls+=("$RTMP_URL" "$HTTP_URL"); done
start_bg players "$E2E_PLAYER" "${urls[@]}" --video 250 --audio 432 --source "$src" --max-gap-ms 100 --timeout 60
players=$LAST_PID
wait_players 10 10
start_bg publisher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# Baseline: the highest RSS over 0.5 s of streaming, with the GOP cache filling.
fds_stream=$(fd_count "$LAL_PID")
baseline=$(peak_rss_kb 10)
echo "baseline: $fds_stream descriptors ($fds_idle before any client), RSS $baseline KiB"

ends_before=$(log_count "session end: ")
seed=${SEED:-$RANDOM}
python3 "$ROBUST_TOOLS/flood.py" 127.0.0.1 "$RTMP_PORT" "$HTTP_PORT" --count 2000 --seconds 3 --seed "$seed" \
  --ports-file "$WORK/flood_ports" >"$WORK/flood.log" 2>&1 || fail "flood (SEED=$seed): $(cat "$WORK/flood.log")"
cat "$WORK/flood.log"
kill -0 "$LAL_PID" || fail "the server died in the flood"
wait_log 20 "2000 more session end lines" "session end: " $((ends_before + 2000))

fds_back() { [ "$(fd_count "$LAL_PID")" = "$fds_stream" ]; }
wait_for 20 "the server's descriptors to return to $fds_stream (now $(fd_count "$LAL_PID"))" fds_back
kill -0 "$publisher" 2>/dev/null || fail "the stream ended before the descriptors could be compared"
after=$(rss_kb "$LAL_PID")
margin=$([ -n "${LAL_SANITIZED:-}" ] && echo 8192 || echo 4096)
echo "after the flood: $(fd_count "$LAL_PID") descriptors, RSS $after KiB ($((after - baseline)) KiB over the baseline)"
[ "$after" -le $((baseline + margin)) ] || fail "RSS $after KiB, more than $margin KiB over the baseline $baseline KiB"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the players did not all get every frame"
wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
fds_idle_back() { [ "$(fd_count "$LAL_PID")" = "$fds_idle" ]; }
wait_for 20 "the server's descriptors to return to $fds_idle (now $(fd_count "$LAL_PID"))" fds_idle_back
echo "descriptors at the end: $(fd_count "$LAL_PID"), as before any client"
lal_stop
echo PASS
