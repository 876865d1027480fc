#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ffmpeg -re -> nginx-rtmp -> rtmppull started mid-stream: the saved FLV holds
# every frame sent after the pull started (the source's last frames, byte for
# byte), starts at 0 with monotonic timestamps, and ffprobe reads it.
# Env: RTMPPULL, FLVSTAT, FLVTAILCMP, MEDIA_DIR, TESTLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
port=$(free_port)
nginx_rtmp_start "$port"
url="rtmp://127.0.0.1:$port/live/test"

start_bg ffmpeg ffmpeg -nostdin -hide_banner -loglevel warning -stats -stats_period 0.25 -re -i "$src" -c copy -f flv "$url"
publisher=$LAST_PID
wait_for 20 "nginx to register the publish" grep -q "publish: name='test'" "$WORK/nginx/logs/error.log"
# Mid-stream: once the publisher has been live for a moment (polled, not slept).
wait_for 20 "ffmpeg to send 2 s of media" grep -q "time=00:00:0[2-9]" "$WORK/ffmpeg.log"

start_bg pull "$RTMPPULL" -i "$url" -o "$WORK/pulled.flv"
puller=$LAST_PID
wait_exit "$publisher" 30 || fail "ffmpeg push failed: $(cat "$WORK/ffmpeg.log")"
# The publisher's end (UnpublishNotify / Stream EOF) ends the pull by itself.
code=0
wait_exit "$puller" 20 || code=$?
cat "$WORK/pull.log"
[ "$code" = 0 ] || fail "rtmppull exited $code"
grep -q "^rtmppull: stream ended; saved" "$WORK/pull.log" || fail "rtmppull did not see the stream end"

stat=$("$FLVSTAT" "$WORK/pulled.flv") || fail "flvstat: $stat"
echo "$stat"
# One base for both tracks: the file starts at 0.
first_v=$(sed -n 's/.*video_first_ts=\([0-9]*\).*/\1/p' <<<"$stat")
first_a=$(sed -n 's/.*audio_first_ts=\([0-9]*\).*/\1/p' <<<"$stat")
[ "$first_v" = 0 ] || [ "$first_a" = 0 ] || fail "the file starts at ${first_v}/${first_a} ms, not 0"
# Joined after about 2 s of a 10 s clip: at least a few seconds, every frame from there on.
"$FLVTAILCMP" "$src" "$WORK/pulled.flv" --min-video 100 --min-audio 150
ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$WORK/pulled.flv" | sort | tr '\n' ' ' |
  grep -q "aac h264" || fail "ffprobe does not see both streams"
echo PASS
