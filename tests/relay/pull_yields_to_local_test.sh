#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A local publisher takes over a pulled stream: the edge pulls live/test from
# the origin for an HTTP-FLV player; ffmpeg then publishes live/test to the
# edge itself. The publish is accepted, the pull stops, the player goes on with
# the local stream (monotonic timestamps). When the local publisher leaves
# while the player stays, the edge pulls from the origin again.
# Env: LAL, HTTPFLVPULL, RTMPPULL, FLVSTAT, MEDIA_DIR, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

ports_for origin
server_start origin
server_start edge "{\"relay_pull\": {\"enable\": true, \"addr\": \"127.0.0.1:$origin_RTMP\", \"stop_after_idle_ms\": 1000}}"

start_bg origin_publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$MEDIA_DIR/h264_aac_10s.flv" \
  -c copy -f flv "rtmp://127.0.0.1:$origin_RTMP/live/test"
origin_publisher=$LAST_PID
wait_log origin 20 "the origin's publisher" "\[rtmp\] publish start: .* stream=live/test"

start_bg player "$HTTPFLVPULL" -i "http://127.0.0.1:$edge_HTTP/live/test.flv" -o "$WORK/player.flv" -t 8
player=$LAST_PID
wait_log edge 20 "the pull to publish on the edge" "\[relay\] pull publishing: stream=live/test"

start_bg local_publisher ffmpeg -nostdin -hide_banner -loglevel warning -re \
  -i "$MEDIA_DIR/h264_bframes_aac_5s.flv" -c copy -f flv "rtmp://127.0.0.1:$edge_RTMP/live/test"
local_publisher=$LAST_PID
wait_log edge 20 "the local publish" "\[rtmp\] publish start: .* stream=live/test"
wait_log edge 20 "the pull to give way" "\[relay\] pull stop: stream=live/test .*a local publisher took the stream over"
wait_log origin 20 "the pull's session to end at the origin" "\[rtmp\] session end: .* role=play stream=live/test"
# A player arriving now gets the local stream, over no new pull.
"$RTMPPULL" -i "rtmp://127.0.0.1:$edge_RTMP/live/test" -o "$WORK/late.flv" -t 1 --timeout 10 >"$WORK/late.log" 2>&1 ||
  fail "a player of the local stream failed: $(cat "$WORK/late.log")"
check_flv "$WORK/late.flv" --min-video 10
[ "$(count edge "\[relay\] pull start: stream=live/test")" = 1 ] || fail "the edge pulled while publishing locally"
[ "$(count edge "publish refused")" = 0 ] || fail "the local publish was refused"

# The local publisher leaves; the HTTP-FLV player stays and the edge pulls again.
wait_exit "$local_publisher" 30 || fail "the local publisher failed: $(cat "$WORK/local_publisher.log")"
wait_log edge 20 "a second pull" "\[relay\] pull publishing: stream=live/test" 2
wait_exit "$player" 30 || fail "the player exited $?: $(cat "$WORK/player.log")"
check_flv "$WORK/player.flv" --min-video 150 --max-gap-ms 1500
wait_exit "$origin_publisher" 30 || fail "the origin's publisher failed"
server_stop edge
server_stop origin
echo PASS
