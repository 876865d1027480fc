#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# WebRTC in a real browser: headless Chromium against one server (rtc.enable,
# host candidate 127.0.0.1, loopback only), one page (browser/rtc.html):
#  (a) the page publishes its fake camera and microphone with WHIP to live/w,
#      H.264 (OpenH264, Chromium's software encoder, preferred with
#      setCodecPreferences) and Opus; a second page (an iframe) plays live/w
#      with WHEP: H.264 frames decoded, Opus packets received, sound decoded,
#      from getStats();
#  (b) ffmpeg publishes H.264 (constrained baseline) + AAC over RTMP to
#      live/test; a third page plays it with WHEP: frames decoded and the AAC
#      transcoded to Opus by the server (packets received, sound decoded);
#  (c) while (a) publishes, ffmpeg pulls live/w over RTMP and HTTP-FLV: ffprobe
#      finds H.264 video and audio (AAC, the Opus transcoded) in both.
# Every session is DELETEd by the page; no error may be reported.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$BROWSER_DIR/page_lib.sh"

mkdir -p "$WORK/page"
cp "$BROWSER_DIR/rtc.html" "$WORK/page/"
rtc_lal_start '{"rtc": {"candidates": ["127.0.0.1"], "wait_publisher_ms": 5000}}'

# (b)'s publisher: 640x360 at 25/s, a 440 Hz tone.
start_bg pub ffmpeg -nostdin -hide_banner -loglevel warning -re \
  -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 20 \
  -c:v libx264 -profile:v baseline -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -f flv "$RTMP_URL"
pub=$LAST_PID

# The page plays live/w once its WHIP session is connected; the server holds a WHEP offer until the
# stream has both tracks (a WHIP publisher's video configuration comes with its first key frame).
PAGE_FILE=rtc.html
PAGE_FLAGS="--use-fake-device-for-media-stream --use-fake-ui-for-media-stream --allow-loopback-in-peer-connection"
q="ms=4000&whip=$(page_src "$BASE/whip/live/w")&play=$(page_src "$BASE/whep/live/w")&play=$(page_src "$BASE/whep/live/test")"
page_start rtc "$q"

# (c): pulls while the browser publishes.
wait_log 20 "the WHIP publish" "\[whip\] publish start: .*stream=live/w"
pull() {
  start_bg "pull_$1" ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 5000000 -i "$2" -t 2 -c copy -f flv \
    "$WORK/$1.flv"
}
pull rtmp "rtmp://127.0.0.1:$RTMP_PORT/live/w"
pull_rtmp=$LAST_PID
pull http "$BASE/live/w.flv"
pull_http=$LAST_PID

page_finish rtc 30
python3 "$BROWSER_DIR/check_rtc.py" "$WORK/report_rtc.json" --whip 30 \
  --play "$BASE/whep/live/w,30,50" --play "$BASE/whep/live/test,30,50" || fail "WebRTC in the browser"
grep -q "live/test: AAC audio transcoded to Opus for WebRTC players" "$LAL_LOG" || fail "no log line about AAC audio"
wait_log 5 "the WHIP session's end" "\[whip\] session end: .*stream=live/w .*reason=DELETE"
wait_log 5 "the WHEP sessions' end" "\[whep\] session end: .*reason=DELETE" 2

for f in rtmp http; do
  wait_exit "$(eval echo "\$pull_$f")" 10 || fail "$f pull of the WHIP stream: $(cat "$WORK/pull_$f.log")"
  streams=$(ffprobe -v error -count_packets -show_entries stream=codec_type,codec_name,nb_read_packets -of csv=p=0 \
    "$WORK/$f.flv" | sort)
  echo "$f pull: $(echo $streams)"
  grep -qE "^aac,audio,[1-9][0-9]+" <<<"$streams" || fail "$f pull of the WHIP stream: no AAC audio: $streams"
  grep -qE "^h264,video,[1-9][0-9]+" <<<"$streams" || fail "$f pull of the WHIP stream: no H.264 video: $streams"
done
stop_pid "$pub"
lal_stop
echo "PASS in ${SECONDS}s"
