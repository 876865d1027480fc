#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# WebRTC on one server (rtc.enable, one UDP port), with aiortc as the other
# WebRTC stack (tools/webrtc_client.py, Debian python3-aiortc):
#  (a) ffmpeg publishes H.264 (constrained baseline, 320x240, what aiortc
#      accepts) + AAC (a 440 Hz tone) over RTMP; an aiortc WHEP player decodes
#      40 frames of 320x240 and the AAC audio transcoded to Opus (enough
#      frames for the time played, not silence), and DELETEs its session.
#      Midway hostile datagrams hit the UDP port (garbage, truncated STUN,
#      unknown ufrag, wrong password, DTLS and SRTP from another address, a
#      replayed SRTCP packet from the player's address): the player keeps
#      decoding, the server counts and drops them.
#  (b) malformed and unusable offers get 400, a stream without publisher
#      404, PATCH 405, OPTIONS 204 with CORS.
#  (c) an aiortc WHIP publisher sends generated 320x240 H.264 and Opus; ffmpeg
#      pulls it over RTMP and HTTP-FLV and decodes 20 frames of that size each,
#      and over RTMP gets 20 AAC frames (the Opus transcoded by the server);
#      an aiortc WHEP player on lalmax's /webrtc/whep?streamid= decodes video
#      and Opus audio; the publisher's DELETE ends the publish.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

need_aiortc

rtc_lal_start

# ---- (b) refusals that need no stream
code() { curl -s --max-time 5 -o "$WORK/body" -w '%{http_code}' "$@"; }
[ "$(code -X POST -H 'Content-Type: application/sdp' --data-binary 'v=0' "$BASE/whep/live/none")" = 404 ] ||
  fail "WHEP of a stream without publisher: expected 404, got $(cat "$WORK/body")"
[ "$(code -X PATCH -H 'Content-Type: application/trickle-ice-sdpfrag' --data-binary 'a=x' "$BASE/whep/live/test/0")" = 405 ] ||
  fail "PATCH: expected 405"
headers=$(curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: http://x' -H 'Access-Control-Request-Method: POST' \
  "$BASE/whep/live/test")
grep -q "^HTTP/1.1 204" <<<"$headers" || fail "OPTIONS: $headers"
grep -qi "^Access-Control-Allow-Origin: \*" <<<"$headers" || fail "OPTIONS without CORS: $headers"
grep -qi "^Access-Control-Allow-Methods: .*POST" <<<"$headers" || fail "OPTIONS without POST: $headers"

# ---- (a) RTMP publish, WHEP play with hostile datagrams
start_bg pub ffmpeg -nostdin -hide_banner -loglevel warning -re \
  -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 12 \
  -c:v libx264 -profile:v baseline -preset ultrafast -tune zerolatency -g 25 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -f flv "$RTMP_URL"
pub=$LAST_PID
# (c) runs beside (a): the WHIP publisher and its two pulls.
start_bg whip rtc_client whip "$BASE/whip/live/w" --seconds 6 --width 320 --height 240 --audio
whip=$LAST_PID
wait_log 10 "the RTMP publish" "\[rtmp\] publish start: .*stream=live/test"
wait_log 10 "the WHIP publish" "\[whip\] publish start: .*stream=live/w"
# lalmax's alias; Opus from the WHIP publisher reaches a WebRTC player. The
# server holds the offer until the stream has both tracks (its first key frame).
start_bg whep_opus rtc_client whep "$BASE/webrtc/whep?streamid=w" --frames 20 --width 320 --height 240 --audio
whep_opus=$LAST_PID
start_bg pull_rtmp ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 5000000 \
  -analyzeduration 500000 -i "rtmp://127.0.0.1:$RTMP_PORT/live/w" -frames:v 20 -f rawvideo -pix_fmt yuv420p "$WORK/rtmp.yuv"
pull_rtmp=$LAST_PID
start_bg pull_http ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 5000000 \
  -analyzeduration 500000 -i "$BASE/live/w.flv" -frames:v 20 -f rawvideo -pix_fmt yuv420p "$WORK/http.yuv"
pull_http=$LAST_PID
start_bg pull_aac ffmpeg -nostdin -hide_banner -loglevel error -rw_timeout 5000000 \
  -analyzeduration 500000 -i "rtmp://127.0.0.1:$RTMP_PORT/live/w" -map 0:a:0 -c:a copy -frames:a 20 -f adts "$WORK/w.aac"
pull_aac=$LAST_PID

# Offers the server cannot use: each 400 with the reason.
[ "$(code -X POST -H 'Content-Type: application/sdp' --data-binary 'hello' "$BASE/whep/live/test")" = 400 ] ||
  fail "garbage offer: expected 400, got $(cat "$WORK/body")"
grep -q "unusable offer" "$WORK/body" || fail "no reason in the 400: $(cat "$WORK/body")"
printf 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=recvonly\r\na=rtpmap:96 H264/90000\r\n' >"$WORK/no_ice.sdp"
[ "$(code -X POST -H 'Content-Type: application/sdp' --data-binary @"$WORK/no_ice.sdp" "$BASE/whep/live/test")" = 400 ] ||
  fail "offer without ICE credentials: expected 400, got $(cat "$WORK/body")"
[ "$(code -X POST -H 'Content-Type: application/sdp' "$BASE/whep/live/test")" = 400 ] || fail "empty offer: expected 400"

wait_exit "$pull_rtmp" 12 || fail "RTMP pull of the WHIP stream: $(cat "$WORK/pull_rtmp.log")"

rtc_client whep "$BASE/whep/live/test" --frames 40 --width 320 --height 240 --hostile "$RTC_PORT" --audio \
  --timeout 12 >"$WORK/whep.out" 2>&1 || fail "WHEP player: $(cat "$WORK/whep.out")"
cat "$WORK/whep.out"
grep -qE "frames=[0-9]+ .*delete=200" "$WORK/whep.out" || fail "WHEP player: $(cat "$WORK/whep.out")"
# 40+ frames at 25/s is 1.6 s or more: 20 ms Opus frames, at least 0.5 s of them, nearly all the tone.
[[ $(cat "$WORK/whep.out") =~ audio=([0-9]+)\ loud=([0-9]+) ]] || fail "no audio counts: $(cat "$WORK/whep.out")"
[ "${BASH_REMATCH[1]}" -ge 25 ] || fail "too few Opus frames from the AAC source: $(cat "$WORK/whep.out")"
[ "${BASH_REMATCH[2]}" -ge 20 ] || fail "the AAC tone came out silent over WebRTC: $(cat "$WORK/whep.out")"
grep -q "[12] SRTCP replays" "$WORK/whep.out" || fail "no hostile datagrams sent"
wait_log 5 "the WHEP session's end" "\[whep\] session end: .*stream=live/test .*reason=DELETE"
line=$(grep "\[whep\] session end: .*stream=live/test" "$LAL_LOG")
echo "$line"
[[ $line =~ refused\(stun=([0-9]+)\ dtls=([0-9]+)\ srtp=([0-9]+) ]] || fail "no refusal counters: $line"
[ "${BASH_REMATCH[1]}" -ge 5 ] || fail "wrong-password checks not refused: $line"
[ "${BASH_REMATCH[3]}" -ge 1 ] || fail "the replayed SRTCP packet was not refused: $line"
grep -q "\[rtc\] datagram from .* for no session dropped" "$LAL_LOG" || fail "unrouted datagrams not logged"
grep -q "live/test: AAC audio transcoded to Opus for WebRTC players" "$LAL_LOG" || fail "no log line about AAC audio"
stop_pid "$pub"  # the WHEP part is done; no need to play the clip to its end

echo "WHEP done at ${SECONDS}s"
wait_exit "$pull_http" 12 || fail "HTTP-FLV pull of the WHIP stream: $(cat "$WORK/pull_http.log")"
for f in rtmp http; do
  size=$(stat -c %s "$WORK/$f.yuv")
  [ "$size" = $((20 * 320 * 240 * 3 / 2)) ] || fail "$f pull: $size bytes of YUV, expected 20 frames of 320x240"
done
wait_exit "$pull_aac" 12 || fail "RTMP pull of the WHIP stream's audio: $(cat "$WORK/pull_aac.log")"
aac=$(ffprobe -v error -count_packets -show_entries stream=codec_name,nb_read_packets -of csv=p=0 "$WORK/w.aac")
[ "$aac" = "aac,20" ] || fail "the WHIP stream's audio over RTMP: '$aac', expected 20 AAC frames"
wait_exit "$whep_opus" 12 || fail "WHEP player of the WHIP stream: $(cat "$WORK/whep_opus.log")"
grep -qE "frames=20 audio=[1-9][0-9]+ .*delete=200" "$WORK/whep_opus.log" ||
  fail "WHEP player of the WHIP stream: $(cat "$WORK/whep_opus.log")"
wait_exit "$whip" 12 || fail "WHIP publisher: $(cat "$WORK/whip.log")"
grep -q "sent delete=200" "$WORK/whip.log" || fail "WHIP publisher: $(cat "$WORK/whip.log")"
wait_log 5 "the WHIP session's end" "\[whip\] session end: .*stream=live/w .*reason=DELETE"

echo "WHIP done at ${SECONDS}s"
lal_stop
echo "PASS"
