#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# GStreamer's rtspsrc plays from lal's RTSP service, over TCP (interleaved)
# and over UDP, while ffmpeg publishes the clip (H.264 with B-frames + AAC)
# over RTMP; both players are there before the publisher. Each saves the
# depayloaded stream to Matroska, which must hold every frame (125 video, 216
# audio) with the source's codec parameters.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

src="$MEDIA_DIR/h264_bframes_aac_5s.flv"
rtsp_start

for proto in tcp udp; do
  start_bg "gst_$proto" gst-launch-1.0 -q -e rtspsrc location="$RTSP_BASE/live/g" protocols="$proto" name=s \
    s. ! queue ! rtph264depay ! h264parse ! matroskamux name=m ! filesink location="$WORK/gst_$proto.mkv" \
    s. ! queue ! rtpmp4gdepay ! aacparse ! m.
  eval "gst_$proto=\$LAST_PID"
done
wait_log 30 "2 RTSP players waiting" "\[rtsp\] describe waits for the stream: .* stream=live/g" 2
ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$RTMP_PORT/live/g" >"$WORK/publisher.log" 2>&1 ||
  fail "the publisher failed: $(cat "$WORK/publisher.log")"

want=$(file_probe "$src")
echo "source: $(echo $want)"
same() { [ "$(file_probe "$1" 2>/dev/null)" = "$want" ]; }
for proto in tcp udp; do
  # rtspsrc keeps its pipeline after the BYE: stopped (EOS, file finished) once whole.
  wait_for 20 "rtspsrc over $proto to save every frame" same "$WORK/gst_$proto.mkv"
  eval "stop_pid \$gst_$proto INT"
  echo "rtspsrc over $proto: $(echo $(file_probe "$WORK/gst_$proto.mkv"))"
done

lal_stop
[ "$(log_count "\[rtsp\] play start: .* stream=live/g transport=tcp")" = 1 ] || fail "no RTSP/TCP play line"
[ "$(log_count "\[rtsp\] play start: .* stream=live/g transport=udp")" = 1 ] || fail "no RTSP/UDP play line"
echo "PASS"
