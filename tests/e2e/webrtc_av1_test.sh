#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# AV1 and Opus to WebRTC players in headless Chromium, on the page of
# e2e.webrtc_browser (browser/rtc.html), one server:
#  - live/av1: Enhanced RTMP av01 (scripts/make-codec-media.sh) with Enhanced
#    RTMP Opus added (tools/add_opus_flv.py), pushed in a loop by
#    flvfile2rtmppush; its WHEP player gets AV1/90000 with the av1C's fmtp and
#    decodes it (getStats(): codec video/AV1, frames and a key frame decoded,
#    320x240) and the Opus as it came: packets that decode to sound, and no
#    transcoder started;
#  - a WHEP offer without AV1 (H.264 only) is refused 406, the codec named.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$BROWSER_DIR/page_lib.sh"

media="$WORK/media"
bash "$MAKE_CODEC_MEDIA" "$media" "$ES2FLVFILE"
[ -f "$media/av1_enhanced.flv" ] || { echo "SKIP: ffmpeg has no AV1 encoder"; exit 0; }
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" \
  -c:a libopus -b:a 64k -frame_duration 20 -f ogg "$media/tone.opus"
python3 "$E2E_TOOLS/add_opus_flv.py" "$media/av1_enhanced.flv" "$media/tone.opus" "$media/av1_opus.flv"

mkdir -p "$WORK/page"
cp "$BROWSER_DIR/rtc.html" "$WORK/page/"
RTC_PORT=$(free_port)
lal_start "{\"rtc\": {\"enable\": true, \"addr\": \"127.0.0.1:$RTC_PORT\", \"candidates\": [\"127.0.0.1\"]}}"
wait_log 10 "the WebRTC port" "WebRTC \(WHEP, WHIP\) media on UDP port $RTC_PORT"
BASE="http://127.0.0.1:$HTTP_PORT"

start_bg pub_av1 "$FLVFILE2RTMPPUSH" -i "$media/av1_opus.flv" -o "rtmp://127.0.0.1:$RTMP_PORT/live/av1" --loop
pub_av1=$LAST_PID
wait_log 10 "the AV1 publish" "\[rtmp\] publish start: .*stream=live/av1"

# A player that cannot take AV1: an H.264-only offer (the shape of a browser's).
offer=$'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n'
offer+=$'m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Zq1v\r\na=ice-pwd:d0Fg2Xc7qlWq9Jx8m3T0yH1k\r\n'
offer+=$'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:F2:B7:BA:2D:0A:3F:14:7A:6C:12:0E\r\n'
offer+=$'a=setup:actpass\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:102 H264/90000\r\n'
offer+=$'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n'
status=$(curl -sS -o "$WORK/refused.txt" -w '%{http_code}' -H 'Content-Type: application/sdp' --data-binary "$offer" \
  "$BASE/whep/live/av1")
echo "H.264-only offer for live/av1: $status $(cat "$WORK/refused.txt")"
[ "$status" = 406 ] || fail "an offer without AV1 got $status, not 406"
grep -q "AV1/90000 (profile 0)" "$WORK/refused.txt" || fail "the 406 does not name AV1: $(cat "$WORK/refused.txt")"

PAGE_FILE=rtc.html
PAGE_FLAGS="--allow-loopback-in-peer-connection"
q="ms=3000&play=$(page_src "$BASE/whep/live/av1")"
page_start rtc "$q"
page_finish rtc 20

/usr/bin/python3 - "$WORK/report_rtc.json" "$BASE" <<'PY' || fail "AV1 and Opus over WebRTC in the browser"
import json, sys
r = json.load(open(sys.argv[1]))
base = sys.argv[2]
av1 = r["players"].get(base + "/whep/live/av1") or {}
v = av1.get("in_video") or {}
a = av1.get("in_audio") or {}
checks = {
    "no error": not r["errors"],
    "live/av1: video/AV1": v.get("codec") == "video/AV1",
    "live/av1: >= 25 frames decoded": (v.get("framesDecoded") or 0) >= 25,
    "live/av1: a key frame decoded": (v.get("keyFramesDecoded") or 0) >= 1,
    "live/av1: 320x240": (v.get("frameWidth"), v.get("frameHeight")) == (320, 240),
    "live/av1: DELETE 200": av1.get("delete") == 200,
    "live/av1: audio/opus": a.get("codec") == "audio/opus",
    "live/av1: >= 50 audio packets": (a.get("packetsReceived") or 0) >= 50,
    "live/av1: sound decoded": (a.get("totalAudioEnergy") or 0) > 0,
}
for name, ok in checks.items():
    print(f"  {name}: {'yes' if ok else 'NO'}")
sys.exit(0 if all(checks.values()) else 1)
PY
grep -q "transcoded to Opus" "$LAL_LOG" && fail "a transcoder started: $(grep "transcoded to Opus" "$LAL_LOG")"
wait_log 5 "the WHEP session's end" "\[whep\] session end: .*stream=live/av1 .*reason=DELETE"
stop_pid "$pub_av1"
lal_stop
echo "PASS in ${SECONDS}s"
