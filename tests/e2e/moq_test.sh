#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# MoQT playback in a browser: headless Chromium opens a page that plays
# live/test.msf with @moq/watch (npm, pinned; bundled by esbuild) from
# https://127.0.0.1:QUIC_PORT/moq over WebTransport, trusting the server's
# certificate by its SHA-256 (serverCertificateHashes, which wants an ECDSA
# P-256 certificate valid for less than 14 days: made here). The page opens
# before the publisher starts: the player finds the broadcast by discovery
# (SUBSCRIBE_NAMESPACE, answered with NAMESPACE once the stream is live)
# before it subscribes. While it plays, the API lists the viewer among
# live/test's subs with protocol MOQ (/api/stat/group, /api/stat/all_group)
# and /metrics counts it. The page reports: the session ready with
# protocol moqt-20, the MSF catalog read (H.264 and AAC), at least 60 video
# frames decoded by WebCodecs covering at least 3 s of the stream at 640x360,
# AAC decoded by WebCodecs (44.1 kHz stereo) covering at least 2 s (the
# player decodes audio only as fast as it plays it), no error. The page
# reports as soon as it has decoded that much, or after 8 s. The server's
# log shows the session. ffmpeg publishes h264_aac_10s.flv over RTMP (looped,
# at its own pace).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$BROWSER_DIR/page_lib.sh"

mkdir -p "$WORK/page" "$WORK/cert"
"$BROWSER_DIR/install_players.sh" "$(dirname "$WORK")/browser-npm" "$WORK/page" "$BROWSER_DIR/moq_page.js" ||
  fail "installing @moq/watch from npm failed"
cp "$BROWSER_DIR/moq.html" "$WORK/page/"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 10 -subj /CN=localhost \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$WORK/cert/key.pem" -out "$WORK/cert/cert.pem" 2>/dev/null
hash=$(openssl x509 -in "$WORK/cert/cert.pem" -outform der | sha256sum | cut -d' ' -f1)

QUIC_PORT=$(free_port)
API_PORT=$(free_port)
while [ "$API_PORT" = "$QUIC_PORT" ]; do API_PORT=$(free_port); done
lal_start "{\"quic\": {\"enable\": true, \"addr\": \"127.0.0.1:$QUIC_PORT\",
                      \"cert_file\": \"$WORK/cert/cert.pem\", \"key_file\": \"$WORK/cert/key.pem\"},
            \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$API_PORT\"}}"
wait_port "$API_PORT" 10
page_port=$(free_port)
while [ "$page_port" = "$RTMP_PORT" ] || [ "$page_port" = "$HTTP_PORT" ] || [ "$page_port" = "$QUIC_PORT" ] ||
  [ "$page_port" = "$API_PORT" ]; do
  page_port=$(free_port)
done
start_bg page python3 "$BROWSER_DIR/page_server.py" "$page_port" "$WORK/page" "$WORK/report.json"
page=$LAST_PID
wait_port "$page_port" 10
url=$(page_src "https://127.0.0.1:$QUIC_PORT/moq")
# QUIC stays on (unlike the other browser checks): WebTransport needs it.
start_bg chromium chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$WORK/profile" --autoplay-policy=no-user-gesture-required \
  "http://127.0.0.1:$page_port/moq.html?ms=8000&video_us=3000000&video_frames=60&audio_us=2000000&audio_frames=80&name=live/test.msf&hash=$hash&url=$url"
chromium=$LAST_PID
# Discovery: the player asks for its broadcast's namespace before the stream
# is live and is told of it when the publisher starts (NAMESPACE, from the
# hub's publish start passed to the session).
wait_log 20 "the player's SUBSCRIBE_NAMESPACE" \
  "\[moq\] namespaces: remote=127\.0\.0\.1:[0-9]+ prefix=/live/test\.msf live=0"
start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -stream_loop -1 -i "$MEDIA_DIR/h264_aac_10s.flv" \
  -c copy -f flv "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"
# While it plays: the viewer in the API's shapes (lal-Go's StatSession) and in /metrics.
api() { curl -sf --max-time 5 "http://127.0.0.1:$API_PORT$1"; }
moq_sub() {
  api "/api/stat/group?stream_name=test" | python3 -c '
import json, sys
g = json.load(sys.stdin)["data"]
subs = [s for s in g["subs"] if s["protocol"] == "MOQ"]
sys.exit(not (len(subs) == 1 and subs[0]["base_type"] == "SUB" and subs[0]["remote_addr"].startswith("127.0.0.1:")
              and subs[0]["wrote_bytes_sum"] > 0))'
}
wait_for 20 "the MoQT viewer in /api/stat/group" moq_sub
api /api/stat/all_group | python3 -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
subs = [s["protocol"] for g in groups if g["stream_name"] == "test" for s in g["subs"]]
sys.exit(subs.count("MOQ") != 1)' || fail "the MoQT viewer is not in /api/stat/all_group"
api /metrics | grep -E '^lal_sessions\{protocol="MOQ",role="SUB"\} 1$' || fail "/metrics does not count the MoQT viewer"
wait_for 40 "the page's report" test -s "$WORK/report.json"
stop_pid "$chromium" TERM
stop_pid "$page" TERM
cat "$WORK/report.json"; echo
python3 - "$WORK/report.json" <<'PY' || fail "the browser did not play the MoQT stream"
import json, sys
r = json.load(open(sys.argv[1]))
problems = []
# Chromium exposes the negotiated subprotocol as WebTransport.protocol; the
# MoQT version the player settled on says the same where it does not.
if r.get("protocol") not in ("moqt-20", None) or (r.get("protocol") is None and r.get("version") != 0xff000014):
    problems.append(f"protocol {r.get('protocol')} version {r.get('version')}, not moqt-20")
cat = r.get("catalog") or {}
video = (cat.get("video") or {}).get("renditions") or {}
audio = (cat.get("audio") or {}).get("renditions") or {}
if not any(v.get("codec", "").startswith("avc1.") for v in video.values()):
    problems.append(f"no H.264 video in the catalog: {cat}")
if not any(a.get("codec") == "mp4a.40.2" for a in audio.values()):
    problems.append(f"no AAC audio in the catalog: {cat}")
if r.get("videoFrames", 0) < 60:
    problems.append(f"{r.get('videoFrames')} video frames decoded, want 60")
span = (r.get("videoLast") or 0) - (r.get("videoFirst") or 0)
if span < 3_000_000:
    problems.append(f"decoded frames cover {span} us, want 3 s")
# Consecutive group ids: the player moves from one GOP to the next without
# skipping any (the source is 25 fps; a skipped 1 s group shows as ~14/s).
elif r.get("videoFrames", 0) * 1_000_000 / span < 20:
    problems.append(f"{r.get('videoFrames')} video frames over {span} us: groups skipped, want about 25 per s")
if (r.get("width"), r.get("height")) != (640, 360):
    problems.append(f"picture {r.get('width')}x{r.get('height')}, want 640x360")
# AAC through WebCodecs' AudioDecoder: the source's 44.1 kHz stereo, a few seconds of it.
if (r.get("audioSampleRate"), r.get("audioChannels")) != (44100, 2):
    problems.append(f"audio {r.get('audioSampleRate')} Hz x{r.get('audioChannels')}, want 44100 Hz stereo")
audio_span = (r.get("audioLast") or 0) - (r.get("audioFirst") or 0)
if r.get("audioFrames", 0) < 80 or audio_span < 2_000_000:
    problems.append(f"{r.get('audioFrames')} audio frames decoded covering {audio_span} us, want 80 and 2 s")
# The player's console warnings are reported, not failures, except a group skipped as slow.
errors = [e for e in r.get("errors") or [] if not e.startswith("warn: ") or "skipping slow group" in e]
if errors:
    problems.append(f"errors: {errors}")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
wait_log 5 "the MoQT session" "\[moq\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
stop_pid "$publisher" INT
lal_stop
echo PASS
