#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Relay push from lal to nginx-rtmp. ffmpeg plays from nginx before anything is
# published; ffmpeg -re publishes to lal, which pushes the stream on: the nginx
# player gets every frame (250 video, 432 audio). Then nginx is stopped and
# restarted on the same port while a second publish runs: lal's player of that
# stream misses nothing, the push comes back within the backoff
# (relay_push.retry_max_ms), and a new player of nginx gets frames.
# Env: LAL, RTMPPULL, FLVSTAT, MEDIA_DIR, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
retry_max_ms=1000
nginx_port=$(free_port)
nginx_rtmp_start "$nginx_port"
nginx_log="$WORK/nginx/logs/error.log"
nginx_publishes() { grep -c "publish: name='test' args='lal_relay=1'" "$nginx_log" || true; }
nginx_publishes_at_least() { [ "$(nginx_publishes)" -ge "$1" ]; }

server_start lal "{\"relay_push\": {\"enable\": true, \"addr_list\": [\"127.0.0.1:$nginx_port\"],
                   \"retry_min_ms\": 200, \"retry_max_ms\": $retry_max_ms}}"
lal_url="rtmp://127.0.0.1:$lal_RTMP/live/test"
nginx_url="rtmp://127.0.0.1:$nginx_port/live/test"

# 1. Every frame through the push.
start_bg ffmpeg_nginx ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$nginx_url" -c copy -f flv "$WORK/ffmpeg_nginx.flv"
player=$LAST_PID
wait_for 20 "nginx to register the play" grep -q "play: name='test'" "$nginx_log"
ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$lal_url" \
  >"$WORK/publisher.log" 2>&1 || fail "the ffmpeg publisher failed: $(cat "$WORK/publisher.log")"
wait_exit "$player" 30 || echo "ffmpeg (nginx player) exited $?"
check_flv "$WORK/ffmpeg_nginx.flv" --video 250 --audio 432
[ "$(nginx_publishes)" = 1 ] || fail "nginx did not see one marked publish"
wait_log lal 20 "the push to end with the publisher" "\[relay\] push end: stream=live/test"
[ "$(count lal "\[relay\] push start: stream=live/test")" = 1 ] || fail "the push started more than once"

# 2. nginx restarted mid-stream.
start_bg lal_player "$RTMPPULL" -i "$lal_url" -o "$WORK/lal_player.flv" --timeout 20
lal_player=$LAST_PID
wait_log lal 20 "lal's player to wait" "\[rtmp\] play waits for a publisher: .* stream=live/test"
start_bg publisher2 ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$lal_url"
publisher2=$LAST_PID
wait_log lal 20 "the second push to start" "\[relay\] push start: stream=live/test" 2
wait_for 20 "nginx to get the second push" nginx_publishes_at_least 2
stop_pid "$NGINX_PID" TERM
echo "nginx stopped"
wait_log lal 20 "lal to notice that nginx is gone" "\[relay\] push end: stream=live/test .*retry in" 1
# Refused attempts, each after a longer wait, while nginx is down.
wait_log lal 20 "two refused attempts" "\[relay\] push failed: stream=live/test .*Connection refused; retry in" 2
nginx_rtmp_start "$nginx_port"
back_at=$(now_ms)
echo "nginx restarted"
wait_for 20 "the push to come back" nginx_publishes_at_least 3
resumed_after=$(($(now_ms) - back_at))
echo "the push came back ${resumed_after} ms after nginx did"
[ "$resumed_after" -le $((retry_max_ms + 2000)) ] || fail "the push came back later than the backoff allows"
"$RTMPPULL" -i "$nginx_url" -o "$WORK/after_restart.flv" -t 2 --timeout 10 >"$WORK/after_restart.log" 2>&1 ||
  fail "no stream at nginx after its restart: $(cat "$WORK/after_restart.log")"
check_flv "$WORK/after_restart.flv" --min-video 20 --min-audio 30

wait_exit "$publisher2" 40 || fail "the second publisher failed: $(cat "$WORK/publisher2.log")"
wait_exit "$lal_player" 30 || fail "lal's player exited $?: $(cat "$WORK/lal_player.log")"
# The push's trouble never reached the stream or its players.
check_flv "$WORK/lal_player.flv" --video 250 --audio 432 --max-gap-ms 100
[ "$(count lal "\[rtmp\] publish start: .* stream=live/test")" = 2 ] || fail "lal's publisher was interrupted"

server_stop lal
echo PASS
