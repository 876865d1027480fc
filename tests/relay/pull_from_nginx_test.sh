#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Origin pull from nginx-rtmp. ffmpeg plays from lal (the edge) over RTMP and
# HTTP-FLV before anything is published; lal pulls from nginx, which starts any
# play at once, stream or not: the pull publishes on lal with the first media.
# ffmpeg -re then publishes to nginx and both players get every frame (250
# video, 432 audio) over one connection from lal to nginx, which ends after
# relay_pull.stop_after_idle_ms once the players have gone.
# Env: LAL, FLVSTAT, MEDIA_DIR, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
nginx_port=$(free_port)
nginx_rtmp_start "$nginx_port"
nginx_log="$WORK/nginx/logs/error.log"

server_start edge "{\"relay_pull\": {\"enable\": true, \"addr\": \"rtmp://127.0.0.1:$nginx_port/{app}/{stream}\",
                    \"stop_after_idle_ms\": 1000}}"
start_bg ffmpeg_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "rtmp://127.0.0.1:$edge_RTMP/live/test" -c copy -f flv "$WORK/ffmpeg_rtmp.flv"
ffmpeg_rtmp=$LAST_PID
start_bg ffmpeg_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "http://127.0.0.1:$edge_HTTP/live/test.flv" -c copy -f flv "$WORK/ffmpeg_http.flv"
ffmpeg_http=$LAST_PID
wait_log edge 20 "the RTMP player to wait" "\[rtmp\] play waits for a publisher: .* stream=live/test"
wait_log edge 20 "the HTTP-FLV player to wait" "\[httpflv\] play start: .* stream=live/test"
wait_for 20 "nginx to register the edge's play" grep -q "play: name='test'" "$nginx_log"

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$nginx_port/live/test"
publisher=$LAST_PID
wait_log edge 20 "the pull to publish on the edge" "\[relay\] pull publishing: stream=live/test"
[ "$(conns "$edge_PID" "$nginx_port")" = 1 ] || fail "the edge does not hold exactly one connection to nginx"
[ "$(grep -c "play: name='test'" "$nginx_log")" = 1 ] || fail "nginx saw more than one play"

wait_exit "$publisher" 40 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
wait_exit "$ffmpeg_rtmp" 30 || echo "ffmpeg (RTMP) exited $?"
wait_exit "$ffmpeg_http" 30 || echo "ffmpeg (HTTP-FLV) exited $?"
for out in ffmpeg_rtmp ffmpeg_http; do
  [ -s "$WORK/$out.flv" ] || fail "$out saved nothing: $(tail -3 "$WORK/$out.log")"
  check_flv "$WORK/$out.flv" --video 250 --audio 432
done

wait_log edge 20 "the idle pull to stop" "\[relay\] pull stop: stream=live/test .*stop_after_idle_ms"
edge_conns_to_nginx_closed() { [ "$(conns "$edge_PID" "$nginx_port")" = 0 ]; }
wait_for 20 "the connection to nginx to close" edge_conns_to_nginx_closed
[ "$(count edge "\[relay\] pull start: stream=live/test")" = 1 ] || fail "the edge pulled more than once"
server_stop edge
echo PASS
