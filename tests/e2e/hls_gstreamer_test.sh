#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# GStreamer plays what lal serves as MPEG-TS: souphttpsrc ! tsdemux over HTTP-TS
# (there before the publisher) and souphttpsrc ! hlsdemux ! tsdemux over HLS,
# each remuxing the H.264 and AAC it gets into Matroska. ffmpeg publishes
# h264_aac_10s.flv. The HTTP-TS file holds every frame of the source, both
# hold the source's codec parameters, and their timelines are clean (strictly
# increasing, no gap); hlsdemux ends on EXT-X-ENDLIST by itself.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"httpts": {"enable": true}, "hls": {"enable": true, "fragment_duration_ms": 1000},
            "stream": {"wait_publisher_ms": 2000}}'
H="http://127.0.0.1:$HTTP_PORT"

# Demux, parse and remux into Matroska: what a GStreamer player's pipeline reads.
play() {
  local name=$1
  shift
  start_bg "$name" gst-launch-1.0 -q -e "$@" ! tsdemux name=d \
    d. ! queue ! h264parse ! matroskamux name=m ! filesink location="$WORK/$name.mkv" \
    d. ! queue ! aacparse ! m.
}
play gst_ts souphttpsrc location="$H/live/test.ts"
gst_ts=$LAST_PID
wait_log 30 "the HTTP-TS player" "\[httpts\] play start: .* stream=live/test "

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$RTMP_URL"
publisher=$LAST_PID
wait_for 20 "the first HLS segment" bash -c "curl -sf '$H/hls/test.m3u8' | grep -q '\.ts$'"
play gst_hls souphttpsrc location="$H/hls/test.m3u8" ! hlsdemux
gst_hls=$LAST_PID

wait_exit "$publisher" 30 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
wait_exit "$gst_hls" 40 || fail "hlsdemux did not end at EXT-X-ENDLIST: $(tail -3 "$WORK/gst_hls.log")"
wait_exit "$gst_ts" 30 || fail "the HTTP-TS pipeline failed: $(tail -3 "$WORK/gst_ts.log")"

params() { probe "$1" | sed 's/,[0-9]*$//'; }
expected=$(probe "$src")
got=$(probe "$WORK/gst_ts.mkv")
echo "gst_ts: $(echo $got)"
[ "$got" = "$expected" ] || fail "HTTP-TS through tsdemux differs from the source: $(echo $expected)"
echo "gst_hls: $(echo $(probe "$WORK/gst_hls.mkv"))"
[ "$(params "$WORK/gst_hls.mkv")" = "$(params "$src")" ] || fail "HLS through hlsdemux: other parameters"
for f in gst_ts gst_hls; do
  python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/$f.mkv" || fail "$f: timeline"
done
lal_stop
