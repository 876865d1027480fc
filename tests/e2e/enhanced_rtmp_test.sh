#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HEVC and AV1 through one server (httpts and hls on), from FLVs that
# scripts/make-codec-media.sh builds with es2flvfile (Debian's ffmpeg 5.1 cannot):
# - live/enh: Enhanced RTMP (hvc1 + mp4a) pushed by flvfile2rtmppush, which
#   declares a fourCcList the server logs. An RTMP and an HTTP-FLV player, there
#   before the publisher, get every audio and video tag byte for byte as it came;
#   an HTTP-TS player (ffmpeg) gets HEVC that ffprobe reads with the source's
#   size and every frame, and AAC; the HLS segments (one poller) hold the same.
# - live/leg: legacy HEVC (codec id 12) in, HEVC in HTTP-TS out, every frame.
#   An RTMP player gets it as codec id 12, tag for tag.
# - ffprobe reads live/enh over RTSP: HEVC with the source's size, every frame.
# - live/av1: Enhanced RTMP av01 in; the RTMP player gets it byte for byte;
#   TS cannot carry AV1, and the server says so once for the stream. Players
#   asking for it as HTTP-TS or HLS get 415 naming the codec and the forms that
#   carry it, over RTSP a DESCRIBE 415, over SRT a close with the reason logged.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

media="$WORK/media"
bash "$MAKE_CODEC_MEDIA" "$media" "$ES2FLVFILE"
have_av1=0
[ -f "$media/av1_enhanced.flv" ] && have_av1=1

RTSP_PORT=$(free_port)
SRT_PORT=$(free_port)
lal_start '{"httpts": {"enable": true}, "hls": {"enable": true, "fragment_duration_ms": 1000, "fragment_num": 6},
            "rtsp": {"enable": true, "addr": "127.0.0.1:'"$RTSP_PORT"'"},
            "srt": {"enable": true, "addr": "127.0.0.1:'"$SRT_PORT"'"},
            "stream": {"wait_publisher_ms": 8000}}'
H="http://127.0.0.1:$HTTP_PORT"
R="rtmp://127.0.0.1:$RTMP_PORT"
wait_port "$RTSP_PORT" 30

# Players first, so they get every frame.
for s in enh leg; do
  start_bg "ts_$s" ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 5000000 \
    -i "$H/live/$s.ts" -c copy -f mpegts "$WORK/ts_$s.ts"
  eval "ts_$s=\$LAST_PID"
done
start_bg rtmp_enh "$RTMPPULL" -i "$R/live/enh" -o "$WORK/rtmp_enh.flv" -t 30
rtmp_enh=$LAST_PID
# Legacy HEVC (codec id 12) out to an RTMP player, and HEVC of the Enhanced RTMP
# publish over RTSP (RFC 7798) to ffprobe.
start_bg rtmp_leg "$RTMPPULL" -i "$R/live/leg" -o "$WORK/rtmp_leg.flv" -t 30
rtmp_leg=$LAST_PID
start_bg rtsp_enh ffprobe -v error -rtsp_transport tcp -count_frames \
  -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "rtsp://127.0.0.1:$RTSP_PORT/live/enh"
rtsp_enh=$LAST_PID
start_bg http_enh "$HTTPFLVPULL" -i "$H/live/enh.flv" -o "$WORK/http_enh.flv" -t 30
http_enh=$LAST_PID
players_ts=2 players_rtmp=2
if [ $have_av1 = 1 ]; then
  start_bg rtmp_av1 "$RTMPPULL" -i "$R/live/av1" -o "$WORK/rtmp_av1.flv" -t 30
  rtmp_av1=$LAST_PID
  players_rtmp=3
fi
wait_log 30 "HTTP-TS players" "\[httpts\] play start: .* stream=live/(enh|leg)" $players_ts
wait_log 30 "RTMP players" "\[rtmp\] play waits for a publisher: .* stream=live/(enh|leg|av1)" $players_rtmp
wait_log 30 "the RTSP player" "\[rtsp\] describe waits for the stream: .* stream=live/enh" 1
wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: .* stream=live/enh" 1

start_bg pub_enh "$FLVFILE2RTMPPUSH" -i "$media/hevc_aac_enhanced.flv" -o "$R/live/enh"
pub_enh=$LAST_PID
start_bg pub_leg "$FLVFILE2RTMPPUSH" -i "$media/hevc_aac_legacy.flv" -o "$R/live/leg"
pub_leg=$LAST_PID
if [ $have_av1 = 1 ]; then
  start_bg pub_av1 "$FLVFILE2RTMPPUSH" -i "$media/av1_enhanced.flv" -o "$R/live/av1"
  pub_av1=$LAST_PID
fi
# A player asking for AV1 in a form that cannot carry it is told so: HTTP-TS and
# HLS (TS segments) 415 with the codec and the forms that carry it in the body,
# RTSP DESCRIBE 415 (RFC 2326 7.1.1), SRT closed with the reason logged.
# (live/av1r: the AV1 file in a loop, so it stays live however slow the machine.)
if [ $have_av1 = 1 ]; then
  start_bg pub_av1r "$FLVFILE2RTMPPUSH" -r -i "$media/av1_enhanced.flv" -o "$R/live/av1r"
  pub_av1r=$LAST_PID
  wait_log 20 "the AV1 codec known" "\[mpegts\] live/av1r: video codec av1 cannot be carried in MPEG-TS"
  for path in /live/av1r.ts /hls/av1r.m3u8; do
    code=$(curl -s --max-time 5 -o "$WORK/refused.txt" -w '%{http_code}' "$H$path")
    [ "$code" = 415 ] || fail "$path of an AV1 stream: HTTP $code, want 415: $(cat "$WORK/refused.txt")"
    grep -q "video codec av1 cannot be carried in MPEG-TS; play it as .*HTTP-FLV /live/av1r.flv" "$WORK/refused.txt" ||
      fail "$path: the 415 does not say why: $(cat "$WORK/refused.txt")"
  done
  answer=$(python3 - "$RTSP_PORT" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"DESCRIBE rtsp://127.0.0.1:%s/live/av1r RTSP/1.0\r\nCSeq: 2\r\n\r\n" % sys.argv[1].encode())
answer = s.makefile("rb")
head = b"".join(iter(answer.readline, b"\r\n"))  # up to the empty line (RFC 2326 7)
length = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
print((head + answer.read(length[0] if length else 0)).decode(errors="replace"))
EOF
)
  grep -q "^RTSP/1.0 415 Unsupported Media Type" <<<"$answer" || fail "RTSP DESCRIBE of an AV1 stream: $answer"
  grep -q "video codec av1 cannot be carried in RTP (RTSP)" <<<"$answer" || fail "the RTSP 415 does not say why: $answer"
  if ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
      -i "srt://127.0.0.1:$SRT_PORT?streamid=#!::r=live/av1r,m=request" -c copy -f mpegts -y "$WORK/srt_av1.ts" \
      2>"$WORK/srt_av1.log"; then
    fail "an SRT player of an AV1 stream succeeded"
  fi
  wait_log 10 "the SRT refusal" "\[srt\] play refused: .* stream=live/av1r: video codec av1 cannot be carried in MPEG-TS"
  stop_pid "$pub_av1r"
fi
start_bg poll_enh python3 "$E2E_TOOLS/hls_poll.py" "$H/hls/enh.m3u8" "$WORK/hls_enh" 30
poll_enh=$LAST_PID

clients=(pub_enh pub_leg rtmp_enh rtmp_leg http_enh ts_enh ts_leg rtsp_enh)
[ $have_av1 = 1 ] && clients+=(pub_av1 rtmp_av1)
for p in "${clients[@]}"; do
  wait_exit "${!p}" 30 || fail "$p failed: $(cat "$WORK/$p.log")"
done
wait_exit "$poll_enh" 40 || fail "HLS poll failed: $(cat "$WORK/poll_enh.log")"

# The publisher's fourCcList was read and answered.
[ "$(log_count "\[rtmp\] .* declares Enhanced RTMP fourCcList \[.*hvc1.*\]")" -ge 2 ] ||
  fail "no fourCcList in the server log"

# FLV players: the media tags exactly as published (timestamps from 0 both ways).
tags() { python3 "$E2E_TOOLS/flv_tags.py" "$1"; }
src=$(tags "$media/hevc_aac_enhanced.flv")
echo "source live/enh: $(grep -c ^video <<<"$src") video, $(grep -c ^audio <<<"$src") audio tags"
[ "$(tags "$WORK/rtmp_enh.flv")" = "$src" ] || fail "the RTMP player's FLV differs from the Enhanced RTMP source"
[ "$(tags "$WORK/http_enh.flv")" = "$src" ] || fail "the HTTP-FLV player's FLV differs from the Enhanced RTMP source"

# Legacy codec id 12 in, RTMP out: the tags as published, HEVC still as codec
# id 12 (the low nibble of the first body byte, FLV 1.0 E.4.3.1).
[ "$(tags "$WORK/rtmp_leg.flv")" = "$(tags "$media/hevc_aac_legacy.flv")" ] ||
  fail "the RTMP player's FLV differs from the legacy HEVC source"
python3 - "$WORK/rtmp_leg.flv" <<'EOF' || fail "the RTMP player of live/leg did not get HEVC as codec id 12"
import sys
d = open(sys.argv[1], "rb").read()
at = int.from_bytes(d[5:9], "big") + 4
while at + 11 <= len(d) and d[at] & 0x1F != 9:
    at += 11 + int.from_bytes(d[at + 1:at + 4], "big") + 4
sys.exit(0 if at + 12 <= len(d) and d[at + 11] & 0x0F == 12 else 1)
EOF

# HEVC over RTSP (ffprobe reads the RTP of RFC 7798): the source's size, every frame.
got_rtsp=$(grep . "$WORK/rtsp_enh.log" | sort -u)
echo "RTSP live/enh: $got_rtsp"
grep -qx "hevc,322,242,50" <<<"$got_rtsp" || fail "RTSP live/enh: $got_rtsp"

# HTTP-TS: HEVC as ffprobe reads it from the elementary stream, every frame; AAC too.
vprobe() { ffprobe -v error -count_frames -select_streams v -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$1" | grep . | sort -u; }
aprobe() { ffprobe -v error -count_frames -select_streams a -show_entries stream=codec_name,nb_read_frames -of csv=p=0 "$1" | grep . | sort -u; }
want_v=$(vprobe "$media/hevc.h265")
want_a=$(aprobe "$media/aac.adts")
echo "source: $want_v / $want_a"
[ "$want_v" = "hevc,322,242,50" ] || fail "unexpected source probe: $want_v"
for s in enh leg; do
  got_v=$(vprobe "$WORK/ts_$s.ts")
  got_a=$(aprobe "$WORK/ts_$s.ts")
  echo "HTTP-TS live/$s: $got_v / $got_a"
  [ "$got_v" = "$want_v" ] || fail "HTTP-TS live/$s video: $got_v, want $want_v"
  [ "$got_a" = "$want_a" ] || fail "HTTP-TS live/$s audio: $got_a, want $want_a"
  python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/ts_$s.ts" || fail "HTTP-TS live/$s timeline"
done

# HLS: the segments of live/enh in order hold the same HEVC frames.
ls "$WORK/hls_enh/segments/"*.ts >/dev/null || fail "no HLS segments"
cat $(ls "$WORK/hls_enh/segments/"*.ts | sort -V) >"$WORK/hls_enh.ts"
got_hls=$(vprobe "$WORK/hls_enh.ts")
echo "HLS live/enh: $got_hls ($(ls "$WORK/hls_enh/segments/" | wc -l) segments)"
[ "$got_hls" = "$want_v" ] || fail "HLS live/enh video: $got_hls, want $want_v"

if [ $have_av1 = 1 ]; then
  [ "$(tags "$WORK/rtmp_av1.flv")" = "$(tags "$media/av1_enhanced.flv")" ] ||
    fail "the RTMP player's AV1 FLV differs from the source"
  [ "$(log_count "\[mpegts\] live/av1: video codec av1 cannot be carried in MPEG-TS")" = 1 ] ||
    fail "the server did not say once that TS cannot carry AV1"
else
  echo "no AV1 encoder in this ffmpeg: the AV1 part is skipped"
fi

lal_stop
