#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad RTSP input while a good player plays: ffmpeg publishes the clip (H.264
# with B-frames + AAC) over RTMP, ffprobe plays it over RTSP/TCP from the
# start, and tools/rtsp_abuse.py sends garbage, an oversized header line,
# interleaved frames with channel 200 and with length 2, a SETUP of an
# unknown track (404, the session goes on) and, as a publisher, RTP whose
# header lengths cannot be. Each bad connection is closed with a log line
# naming the fault; the player still gets every frame (125 video, 216 audio).
# A UDP publisher of another stream then gets RTCP receiver reports with its
# loss counted (RFC 3550 6.4.2).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

src="$MEDIA_DIR/h264_bframes_aac_5s.flv"
rtsp_start

start_bg player rtsp_probe "$RTSP_BASE/live/a" tcp player
player=$LAST_PID
wait_log 30 "the RTSP player waiting" "\[rtsp\] describe waits for the stream: .* stream=live/a"
start_bg pub ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$RTMP_PORT/live/a"
pub=$LAST_PID
wait_log 30 "the player started" "\[rtsp\] play start: .* stream=live/a"

python3 "$E2E_TOOLS/rtsp_abuse.py" "$RTSP_PORT" || fail "a bad client was not handled"

wait_exit "$pub" 40 || fail "the publisher failed: $(cat "$WORK/pub.log")"
wait_exit "$player" 30 || fail "the player failed: $(tail -3 "$WORK/player.log")"
echo "player: $(echo $(cat "$WORK/player.probe"))"
[ "$(cat "$WORK/player.probe")" = "$(file_probe "$src")" ] || fail "the player did not get every frame"

lal_stop
for fault in "malformed RTSP request or status line" "RTSP line too long" \
  "interleaved frame on a channel out of range" "interleaved frame length out of range" \
  "truncated RTP/RTCP input"; do
  [ "$(log_count "\[rtsp\] closing 127\.0\.0\.1:[0-9]+: $fault")" = 1 ] || fail "no log line for: $fault"
done
echo "PASS"
