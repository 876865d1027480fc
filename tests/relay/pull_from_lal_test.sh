#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Origin pull between two lal servers, over RTMP or HTTP-FLV ($1: rtmp|http).
# ffmpeg plays from the edge over RTMP and HTTP-FLV before anything is
# published; ffmpeg -re then publishes to the origin. Both players get every
# frame (250 video, 432 audio). With 20 more players the edge still holds one
# connection to the origin; once all players left, the pull ends after
# relay_pull.stop_after_idle_ms and the origin logs the end of that session.
# Env: LAL, RTMPPULL, HTTPFLVPULL, FLVSTAT, MEDIA_DIR, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

proto=${1:-rtmp}
idle_ms=2000
src="$MEDIA_DIR/h264_aac_10s.flv"

ports_for origin
case "$proto" in
  rtmp) pull_addr="127.0.0.1:$origin_RTMP"; origin_port=$origin_RTMP ;;
  http) pull_addr="http://127.0.0.1:$origin_HTTP/{app}/{stream}.flv"; origin_port=$origin_HTTP ;;
  *) fail "usage: $0 rtmp|http" ;;
esac
server_start origin '{"stream": {"wait_publisher_ms": 30000}}'
server_start edge "{\"relay_pull\": {\"enable\": true, \"addr\": \"$pull_addr\", \"connect_timeout_ms\": 20000,
                    \"stop_after_idle_ms\": $idle_ms}}"

edge_rtmp_url="rtmp://127.0.0.1:$edge_RTMP/live/test"
edge_http_url="http://127.0.0.1:$edge_HTTP/live/test.flv"
start_bg ffmpeg_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$edge_rtmp_url" -c copy -f flv "$WORK/ffmpeg_rtmp.flv"
ffmpeg_rtmp=$LAST_PID
start_bg ffmpeg_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$edge_http_url" -c copy -f flv "$WORK/ffmpeg_http.flv"
ffmpeg_http=$LAST_PID

# Both players wait at the edge, whose pull waits at the origin.
wait_log edge 20 "the RTMP player to wait" "\[rtmp\] play waits for a publisher: .* stream=live/test"
wait_log edge 20 "the HTTP-FLV player to wait" "\[httpflv\] play start: .* stream=live/test"
if [ "$proto" = rtmp ]; then
  wait_log origin 20 "the edge's pull to reach the origin" "\[rtmp\] play waits for a publisher: .* stream=live/test"
else
  wait_log origin 20 "the edge's pull to reach the origin" "\[httpflv\] play start: .* stream=live/test"
fi
[ "$(count edge "\[relay\] pull start: stream=live/test")" = 1 ] || fail "the edge started more than one pull"

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$origin_RTMP/live/test"
publisher=$LAST_PID
wait_log edge 20 "the pull to publish on the edge" "\[relay\] pull publishing: stream=live/test"

# 20 more players, half over each protocol, while the stream runs.
players=()
for i in $(seq 10); do
  start_bg "rtmppull$i" "$RTMPPULL" -i "$edge_rtmp_url" -o "$WORK/rtmppull$i.flv" -t 3
  players+=("$LAST_PID")
  start_bg "httpflvpull$i" "$HTTPFLVPULL" -i "$edge_http_url" -o "$WORK/httpflvpull$i.flv" -t 3
  players+=("$LAST_PID")
done
wait_log edge 20 "11 RTMP players to start" "\[rtmp\] play start: .* stream=live/test" 11
wait_log edge 20 "11 HTTP-FLV players to ask" "\[httpflv\] play start: .* stream=live/test" 11
edge_conns=$(conns "$edge_PID" "$origin_port")
echo "edge connections to the origin with 22 players: $edge_conns"
[ "$edge_conns" = 1 ] || fail "the edge holds $edge_conns connections to the origin, not 1"
for pid in "${players[@]}"; do wait_exit "$pid" 30 || fail "a player exited $?"; done
for i in $(seq 10); do
  check_flv "$WORK/rtmppull$i.flv" --min-video 25 --min-audio 40
  check_flv "$WORK/httpflvpull$i.flv" --min-video 25 --min-audio 40
done

wait_exit "$publisher" 40 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
wait_exit "$ffmpeg_rtmp" 30 || echo "ffmpeg (RTMP) exited $?"
wait_exit "$ffmpeg_http" 30 || echo "ffmpeg (HTTP-FLV) exited $?"
for out in ffmpeg_rtmp ffmpeg_http; do
  [ -s "$WORK/$out.flv" ] || fail "$out saved nothing: $(tail -3 "$WORK/$out.log")"
  check_flv "$WORK/$out.flv" --video 250 --audio 432
done

# Every player has gone: the pull ends after the idle time, and the origin sees
# its one relay session end (its own wait for a publisher is far longer).
if [ "$proto" = rtmp ]; then
  end_re="\[rtmp\] session end: .* role=play stream=live/test"
else
  end_re="\[httpflv\] session end: .* stream=live/test"
fi
wait_log origin 20 "the pull's session to end at the origin" "$end_re"
stop_re="\[relay\] pull stop: stream=live/test .*stop_after_idle_ms"
grep -E "$stop_re" "$WORK/edge.log" || fail "no idle stop in the edge log"
left=$(log_ms edge "\[(rtmp|httpflv)\] session end: .* stream=live/test")
stopped=$(log_ms edge "$stop_re")
echo "the edge stopped the pull $((stopped - left)) ms after its last player left"
[ $((stopped - left)) -ge $((idle_ms - 20)) ] || fail "the pull ended before relay_pull.stop_after_idle_ms"
[ $((stopped - left)) -le $((idle_ms + 3000)) ] || fail "the pull ended long after relay_pull.stop_after_idle_ms"
[ "$(count origin "$end_re")" = 1 ] || fail "the origin saw more than one pull session"
[ "$(count edge "\[relay\] pull start: stream=live/test")" = 1 ] || fail "the edge pulled more than once"
[ "$(conns "$edge_PID" "$origin_port")" = 0 ] || fail "the edge still holds a connection to the origin"

server_stop edge
server_stop origin
echo PASS
