#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A publisher that drops mid-GOP and comes back, three times over one stream,
# with two RTMP and two HTTP-FLV players there throughout:
# 1. h264_aac_10s.flv published by hand, reset (SO_LINGER 0) after video
#    frame 37 (GOP 25: neither a key frame nor the last of its GOP);
# 2. h264_only_5s.flv (no audio), killed with SIGKILL after video frame 40;
# 3. h264_bframes_aac_5s.flv (High profile with B-frames, new audio header)
#    by flvfile2rtmppush, to the end.
# Each player sees three segments: in each, new sequence headers before any
# coded frame and a key frame first; timestamps monotonic across the breaks;
# the first two segments hold exactly the frames their publisher sent before
# the drop, the last one every frame of its file. The server logs each drop
# as the publisher's session end.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

first="$MEDIA_DIR/h264_aac_10s.flv"
second="$MEDIA_DIR/h264_only_5s.flv"
third="$MEDIA_DIR/h264_bframes_aac_5s.flv"
lal_start '{"stream": {"wait_publisher_ms": 30000}}'

start_bg players "$E2E_PLAYER" "$RTMP_URL" "$RTMP_URL" "$HTTP_URL" "$HTTP_URL" \
  --segment-source "$first" --segment-source "$second" --segment-source "$third" --timeout 60
players=$LAST_PID
wait_players 2 2

fault() { python3 "$ROBUST_TOOLS/fault_client.py" "$@"; }
publisher_end() {
  local log=$1 port
  port=$(sed -n 's/^stopped .*local_port=\([0-9]*\).*/\1/p' "$log")
  [ -n "$port" ] || fail "no stop line in $log: $(cat "$log")"
  wait_log 10 "the session end of the publisher on port $port" \
    "\[rtmp\] session end: remote=127\.0\.0\.1:$port role=publish stream=live/test .*reason="
  grep -E "session end: remote=127\.0\.0\.1:$port " "$LAL_LOG"
}

# 1: reset mid-GOP. Each publisher's session end is looked for from a mark:
# the kernel may give it the client port of the one before.
log_mark
fault publish 127.0.0.1 "$RTMP_PORT" --flv "$first" --stop-after-video 37 --stop reset >"$WORK/first.log" 2>&1 ||
  fail "first publisher: $(cat "$WORK/first.log")"
publisher_end "$WORK/first.log"
first_sent=$(sed -n 's/^stopped video=\([0-9]*\) audio=\([0-9]*\).*/\1 \2/p' "$WORK/first.log")
echo "first publisher reset after: video audio = $first_sent"

# 2: SIGKILL mid-GOP, once the server has read every byte sent.
log_mark
start_bg second python3 "$ROBUST_TOOLS/fault_client.py" publish 127.0.0.1 "$RTMP_PORT" --flv "$second" --stop-after-video 40 --stop pause
second_pid=$LAST_PID
stopped() { grep -q "^stopped " "$WORK/second.log"; }
wait_for 30 "the second publisher to reach video frame 40" stopped
kill -KILL "$second_pid"
wait "$second_pid" 2>/dev/null || true
publisher_end "$WORK/second.log"
second_sent=$(sed -n 's/^stopped video=\([0-9]*\) audio=\([0-9]*\).*/\1 \2/p' "$WORK/second.log")
echo "second publisher killed after: video audio = $second_sent"

# 3: a whole file with other codec parameters.
"$FLVFILE2RTMPPUSH" -i "$third" -o "$RTMP_URL" >"$WORK/third.log" 2>&1 || fail "third publisher: $(cat "$WORK/third.log")"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the players did not get a clean restart with every frame"

# The first two segments hold exactly what their publishers sent before dropping.
for n in 0 1 2 3; do
  for k in 1 2; do
    sent=$([ "$k" = 1 ] && echo "$first_sent" || echo "$second_sent")
    got=$(sed -n "s/^player $n segment $k: video=\([0-9]*\) audio=\([0-9]*\) .*/\1 \2/p" "$WORK/players.log")
    [ "$got" = "$sent" ] || fail "player $n segment $k: got video audio = '$got', the publisher sent '$sent'"
  done
done

# Session lines: two dropped publishers, one that ended, players untouched.
LOG_FROM=1
[ "$(log_count "\[rtmp\] session end: .* role=publish stream=live/test ")" = 3 ] ||
  fail "expected 3 publisher session ends: $(grep "session end" "$LAL_LOG")"
[ "$(log_count "closing player")" = 0 ] || fail "a player was closed: $(grep "closing player" "$LAL_LOG")"
lal_stop
echo PASS
