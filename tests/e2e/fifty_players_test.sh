#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 50 players on one stream (25 RTMP, 25 HTTP-FLV, one e2e_player process), all
# there before flvfile2rtmppush publishes h264_aac_10s.flv in real time: each
# gets every frame (250 video, 432 audio) as one contiguous run of the file,
# starting on a key frame, with monotonic timestamps.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"stream": {"wait_publisher_ms": 30000}}'

start_bg players "$E2E_PLAYER" -n 25 "$RTMP_URL" "$HTTP_URL" --video 250 --audio 432 --source "$src" \
  --max-gap-ms 100 --settle-ms 500 --timeout 60
players=$LAST_PID
wait_players 25 25

"$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" 2>"$WORK/push.log" || fail "flvfile2rtmppush failed: $(cat "$WORK/push.log")"
code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "not every player got every frame"
grep -q "^e2e_player: 50 of 50 players passed" "$WORK/players.log" || fail "e2e_player summary missing"

lal_stop
[ "$(log_count "\[rtmp\] session end: .* role=play stream=live/test")" = 25 ] || fail "expected 25 RTMP play sessions"
[ "$(log_count "\[httpflv\] session end: .* stream=live/test")" = 25 ] || fail "expected 25 HTTP-FLV sessions"
echo PASS
