#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# flvfile2rtmppush -r keeps one connection across loops with continuous,
# monotonic timestamps: nginx sees one publisher, the pusher logs one
# connection and the loop starts, and a player's capture spans over two loops
# without a gap or a step back.
# Env: FLVFILE2RTMPPUSH, RTMPPULL, FLVSTAT, MEDIA_DIR, TESTLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"

src="$MEDIA_DIR/h264_bframes_aac_5s.flv"  # 5 s, 125 video frames
port=$(free_port)
nginx_rtmp_start "$port"
url="rtmp://127.0.0.1:$port/live/test"

start_bg pull "$RTMPPULL" -i "$url" -o "$WORK/pulled.flv" -t 13
puller=$LAST_PID
wait_for 20 "nginx to register the play" grep -q "play: name='test'" "$WORK/nginx/logs/error.log"
start_bg push "$FLVFILE2RTMPPUSH" -r -i "$src" -o "$url"
pusher=$LAST_PID

# A second player stopped by SIGINT mid-stream: exit 0 and a file of whole tags.
start_bg pull2 "$RTMPPULL" -i "$url" -o "$WORK/interrupted.flv"
puller2=$LAST_PID
wait_for 20 "the second player to save media" test -s "$WORK/interrupted.flv"
kill -INT "$puller2"
code=0
wait_exit "$puller2" 20 || code=$?
cat "$WORK/pull2.log"
[ "$code" = 0 ] || fail "rtmppull exited $code after SIGINT"
grep -q "^rtmppull: interrupted; saved" "$WORK/pull2.log" || fail "rtmppull did not report the interruption"
stat2=$("$FLVSTAT" "$WORK/interrupted.flv") || fail "flvstat: $stat2"
echo "$stat2"
case "$stat2" in *truncated_tail*) fail "the interrupted capture ends inside a tag" ;; esac

code=0
wait_exit "$puller" 40 || code=$?
cat "$WORK/pull.log"
[ "$code" = 0 ] || fail "rtmppull exited $code"
grep -q "^rtmppull: time limit reached; saved" "$WORK/pull.log" || fail "rtmppull did not stop on -t"

# SIGINT ends the push cleanly.
kill -INT "$pusher"
code=0
wait_exit "$pusher" 20 || code=$?
cat "$WORK/push.log"
[ "$code" = 0 ] || fail "flvfile2rtmppush exited $code after SIGINT"
[ "$(grep -c "connected to" "$WORK/push.log")" = 1 ] || fail "the pusher connected more than once"
grep -q "loop 2 starts at" "$WORK/push.log" || fail "no second loop"
grep -q "loop 3 starts at" "$WORK/push.log" || fail "no third loop"
grep -q "^flvfile2rtmppush: interrupted; sent" "$WORK/push.log" || fail "no summary after SIGINT"
[ "$(grep -c "publish: name='test'" "$WORK/nginx/logs/error.log")" = 1 ] || fail "nginx saw more than one publish"

# Monotonic per track (flvstat fails otherwise), no gap over 200 ms, more than two loops of video.
stat=$("$FLVSTAT" "$WORK/pulled.flv" --min-video 251 --max-gap-ms 200) || fail "flvstat: $stat"
echo "$stat"
last_v=$(sed -n 's/.*video_last_ts=\([0-9]*\).*/\1/p' <<<"$stat")
[ "$last_v" -gt 10000 ] || fail "the capture ends at $last_v ms, not past two loops"
echo PASS
