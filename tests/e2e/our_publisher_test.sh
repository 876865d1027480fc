#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Our flvfile2rtmppush publishes h264_aac_10s.flv to lal; ffmpeg plays it over
# RTMP and over HTTP-FLV, both there before the publisher: each file has every
# frame (250 video, 432 audio), the source's codec parameters and monotonic
# timestamps.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start

start_bg ffmpeg_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$RTMP_URL" -c copy -f flv "$WORK/ffmpeg_rtmp.flv"
ffmpeg_rtmp=$LAST_PID
start_bg ffmpeg_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$HTTP_URL" -c copy -f flv "$WORK/ffmpeg_http.flv"
ffmpeg_http=$LAST_PID
wait_players 1 1

"$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" 2>"$WORK/push.log" || fail "flvfile2rtmppush failed: $(cat "$WORK/push.log")"
cat "$WORK/push.log"
wait_exit "$ffmpeg_rtmp" 30 || echo "ffmpeg (RTMP) exited $?"
wait_exit "$ffmpeg_http" 30 || echo "ffmpeg (HTTP-FLV) exited $?"

expected=$(probe "$src")
echo "source: $(echo $expected)"
for out in ffmpeg_rtmp ffmpeg_http; do
  got=$(probe "$WORK/$out.flv")
  echo "$out: $(echo $got)"
  [ "$got" = "$expected" ] || fail "$out: streams differ from the source"
  check_flv "$WORK/$out.flv" --video 250 --audio 432 --max-gap-ms 100
done
lal_stop
echo PASS
