#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# flvfile2rtmppush -> nginx-rtmp -> ffmpeg: the player, there before the
# publisher, gets every frame, and codec parameters match the source.
# Env: FLVFILE2RTMPPUSH, FLVSTAT, MEDIA_DIR, TESTLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
port=$(free_port)
nginx_rtmp_start "$port"
url="rtmp://127.0.0.1:$port/live/test"

# The player first; nginx logs its play before the push may start.
start_bg ffmpeg ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 -i "$url" -c copy -f flv "$WORK/pulled.flv"
player=$LAST_PID
wait_for 20 "nginx to register the play" grep -q "play: name='test'" "$WORK/nginx/logs/error.log"

"$FLVFILE2RTMPPUSH" -i "$src" -o "$url" 2>"$WORK/push.log" || fail "flvfile2rtmppush exited $?: $(cat "$WORK/push.log")"
cat "$WORK/push.log"
grep -q "^flvfile2rtmppush: done; sent 252 video, 433 audio, 1 data messages" "$WORK/push.log" ||
  fail "unexpected push summary"
wait_exit "$player" 30 || true  # ffmpeg ends with an I/O error once -rw_timeout passes

probe() {
  ffprobe -v error -count_frames \
    -show_entries stream=codec_type,codec_name,profile,width,height,sample_rate,channels,nb_read_frames \
    -of csv=p=0 "$1" | sort
}
expected=$(probe "$src")
got=$(probe "$WORK/pulled.flv")
echo "source: $(echo $expected)"
echo "pulled: $(echo $got)"
[ "$got" = "$expected" ] || fail "pulled streams differ from the source"
"$FLVSTAT" "$WORK/pulled.flv" --video 250 --audio 432 --max-gap-ms 100
echo PASS
