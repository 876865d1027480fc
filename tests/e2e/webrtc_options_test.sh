#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# WebRTC options on one server, aiortc as the client (tools/webrtc_client.py):
#  (a) rtc.wait_publisher_ms: WHEP players that ask before the WHIP or RTMP
#      publish are held and play once it starts; an offer for a stream that
#      never comes gets 404 after the bound, not before.
#  (b) rtc.opus_to_aac false: the WHIP publisher's Opus is published as Opus:
#      HTTP-FLV carries Enhanced RTMP audio tags with the FourCC "Opus", the
#      API group says OPUS, and the WHEP player gets the Opus with no
#      transcoder made for it.
#  (c) transcoder errors: an RTMP stream whose AAC frames are damaged
#      (ffmpeg's noise bitstream filter) played over WHEP: the API group's
#      transcode_errors and Prometheus' lal_stream_transcode_errors count the
#      frames that did not transcode, while the player keeps playing.
#  (d) H.265 over WHEP: an H.265 + AAC stream (libx265, Enhanced RTMP) is
#      answered with the H.265 of an offer that has it (no WebRTC stack here
#      decodes H.265: Chromium 156 offers it only with a hardware decoder, and
#      aiortc not at all, so the answer is what is checked).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

need_aiortc

API_PORT=$(free_port)
rtc_lal_start "{\"rtc\": {\"wait_publisher_ms\": 8000, \"opus_to_aac\": false},
                \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$API_PORT\"}}"
wait_port "$API_PORT" 10
group() { curl -sf --max-time 5 "http://127.0.0.1:$API_PORT/api/stat/group?stream_name=$1" | python3 -c "$2"; }

# (d)'s media, made meanwhile: 2 s of H.265 (no B-frames) and AAC in Enhanced RTMP FLV.
start_bg hevc_media bash -c "ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=2 \
    -c:v libx265 -preset ultrafast -x265-params log-level=error:bframes=0:keyint=25 -pix_fmt yuv420p -f hevc '$WORK/v.h265' &&
  ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i sine=duration=2 -c:a aac -f adts '$WORK/a.aac' &&
  '$ES2FLVFILE' -q -v '$WORK/v.h265' -a '$WORK/a.aac' -o '$WORK/hevc.flv'"
hevc_media=$LAST_PID
# (c)'s publisher: every AAC frame may have damaged bytes.
start_bg noisy ffmpeg -nostdin -hide_banner -loglevel error -re \
  -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 8 \
  -c:v libx264 -profile:v baseline -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -bsf:a noise=amount=20 -f flv "rtmp://127.0.0.1:$RTMP_PORT/live/noisy"
noisy=$LAST_PID

# (c)'s player, held until the RTMP publish starts.
start_bg whep_noisy rtc_client whep "$BASE/whep/live/noisy" --frames 100 --audio --timeout 15
whep_noisy=$LAST_PID
# While it plays (the counts are its session's): the API group, then /metrics.
noisy_errors() {
  wait_for 10 "transcoder errors in the API group" group noisy \
    'import json, sys; n = json.load(sys.stdin)["data"]["transcode_errors"]; print("transcode_errors", n); sys.exit(n < 5)'
  curl -sf --max-time 5 "http://127.0.0.1:$API_PORT/metrics" | grep -E '^lal_stream_transcode_errors\{app="live",stream="noisy"\} [1-9]' ||
    fail "no transcoder errors in /metrics"
}
start_bg poll_noisy noisy_errors
poll_noisy=$LAST_PID
# (a) an offer for a stream that never comes: 404 after 8 s.
start_bg none bash -c "start=\$(date +%s%N)
  code=\$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST -H 'Content-Type: application/sdp' \
    --data-binary 'v=0' '$BASE/whep/live/none')
  echo \"code=\$code ms=\$(( (\$(date +%s%N) - start) / 1000000 ))\""
none=$LAST_PID
# (a) the WHEP player first, then the WHIP publisher (b).
start_bg whep rtc_client whep "$BASE/whep/live/w" --frames 20 --width 320 --height 240 --audio --timeout 15
whep=$LAST_PID
wait_log 10 "the WHEP player waiting" "\[whep\] play waits for a publisher: .*stream=live/w"
start_bg whip rtc_client whip "$BASE/whip/live/w" --seconds 3 --width 320 --height 240 --audio
whip=$LAST_PID
wait_log 10 "the WHIP publish" "\[whip\] publish start: .*stream=live/w"
grep -q "live/w: Opus audio published as Opus" "$LAL_LOG" || fail "no log line about Opus published as Opus"
# Asked while the 3 s WHIP publish is live (the group is gone once it ends).
api_says_opus() {
  group w 'import json, sys; j = json.load(sys.stdin); sys.exit(j.get("data", {}).get("audio_codec") != "OPUS")'
}
wait_for 5 "the API group of the WHIP stream to say OPUS" api_says_opus
curl -s --max-time 1.5 -o "$WORK/w.flv" "$BASE/live/w.flv" || true  # 1.5 s of the live stream
wait_exit "$whep" 15 || fail "WHEP player waiting for the publisher: $(cat "$WORK/whep.log")"
cat "$WORK/whep.log"
grep -qE "frames=20 audio=[1-9][0-9]* .*delete=200" "$WORK/whep.log" || fail "WHEP player: $(cat "$WORK/whep.log")"
grep -q "live/w: AAC audio transcoded" "$LAL_LOG" && fail "the WHIP stream's Opus was transcoded for WHEP"
python3 - "$WORK/w.flv" <<'EOF' || fail "HTTP-FLV of the WHIP stream has no Enhanced RTMP Opus"
import sys
data = open(sys.argv[1], "rb").read()
at, opus, other = 13, 0, 0
while at + 11 <= len(data) and data[:3] == b"FLV":
    size = int.from_bytes(data[at + 1:at + 4], "big")
    body = data[at + 11:at + 11 + size]
    if len(body) < size:
        break
    if data[at] & 0x1F == 8:  # audio: ExHeader (SoundFormat 9) with the FourCC (Enhanced RTMP v2)
        if body[0] >> 4 == 9 and body[1:5] == b"Opus":
            opus += 1
        else:
            other += 1
    at += 11 + size + 4
print(f"HTTP-FLV audio tags: {opus} Opus, {other} other")
sys.exit(0 if opus >= 20 and other == 0 else 1)
EOF

# (c) the damaged AAC stream's transcoder errors, seen by the poller while its player played.
wait_exit "$poll_noisy" 15 || fail "transcoder errors: $(cat "$WORK/poll_noisy.log")"
cat "$WORK/poll_noisy.log"
wait_exit "$whep_noisy" 15 || fail "WHEP player of the damaged stream: $(cat "$WORK/whep_noisy.log")"
grep -qE "frames=100 audio=[1-9]" "$WORK/whep_noisy.log" || fail "WHEP player of the damaged stream: $(cat "$WORK/whep_noisy.log")"

# (d) H.265: a browser's offer with H.265 Main (RFC 7798 7.2) besides H.264.
wait_exit "$hevc_media" 10 || fail "making the H.265 media: $(cat "$WORK/hevc_media.log")"
start_bg pub_hevc "$FLVFILE2RTMPPUSH" -r -i "$WORK/hevc.flv" -o "rtmp://127.0.0.1:$RTMP_PORT/live/hevc"
pub_hevc=$LAST_PID
fp=$(printf '%02X:' $(seq 0 31)); fp=${fp%:}
printf '%s\r\n' v=0 'o=- 1 2 IN IP4 127.0.0.1' s=- 't=0 0' 'a=group:BUNDLE 0' \
  'm=video 9 UDP/TLS/RTP/SAVPF 102 49' 'c=IN IP4 0.0.0.0' 'a=ice-ufrag:Zq1v' 'a=ice-pwd:d0Fg2Xc7qlWq9Jx8m3T0yH1k' \
  "a=fingerprint:sha-256 $fp" a=setup:actpass a=mid:0 a=recvonly a=rtcp-mux \
  'a=rtpmap:102 H264/90000' 'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' \
  'a=rtpmap:49 H265/90000' 'a=rtcp-fb:49 nack pli' 'a=fmtp:49 level-id=93;profile-id=1;tier-flag=0;tx-mode=SRST' \
  >"$WORK/h265_offer.sdp"
curl -s --max-time 10 -D "$WORK/h265_head" -o "$WORK/h265_answer.sdp" -X POST -H 'Content-Type: application/sdp' \
  --data-binary @"$WORK/h265_offer.sdp" "$BASE/whep/live/hevc"
grep -q "^HTTP/1.1 201 Created" "$WORK/h265_head" || fail "H.265 WHEP offer: $(cat "$WORK/h265_head" "$WORK/h265_answer.sdp")"
grep -q "^m=video [1-9][0-9]* UDP/TLS/RTP/SAVPF 49" "$WORK/h265_answer.sdp" && grep -q "^a=rtpmap:49 H265/90000" "$WORK/h265_answer.sdp" ||
  fail "the H.265 stream was not answered with H.265: $(cat "$WORK/h265_answer.sdp")"
echo "H.265 answer: $(grep -E "^(m=video|a=rtpmap)" "$WORK/h265_answer.sdp" | tr -d "\r" | tr "\n" " ")"
location=$(grep -i "^Location:" "$WORK/h265_head" | tr -d '\r' | cut -d' ' -f2)
[ "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$BASE$location")" = 200 ] || fail "DELETE $location"
stop_pid "$pub_hevc"

wait_exit "$none" 10 || fail "the offer for a stream that never comes"
cat "$WORK/none.log"
[[ $(cat "$WORK/none.log") =~ code=404\ ms=([0-9]+) ]] || fail "no 404: $(cat "$WORK/none.log")"
[ "${BASH_REMATCH[1]}" -ge 7900 ] || fail "404 before rtc.wait_publisher_ms: $(cat "$WORK/none.log")"
wait_exit "$whip" 10 || fail "WHIP publisher: $(cat "$WORK/whip.log")"
stop_pid "$noisy"
lal_stop
echo "PASS in ${SECONDS}s"
