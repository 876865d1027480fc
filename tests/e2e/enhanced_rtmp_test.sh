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
# - live/av1: Enhanced RTMP av01 in; the RTMP player gets it byte for byte;
#   TS cannot carry AV1, and the server says so once for the stream.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

media="$WORK/media"
bash "$MAKE_CODEC_MEDIA" "$media" "$ES2FLVFILE"
have_av1=0
[ -f "$media/av1_enhanced.flv" ] && have_av1=1

lal_start '{"httpts": {"enable": true}, "hls": {"enable": true, "fragment_duration_ms": 1000, "fragment_num": 6},
            "stream": {"wait_publisher_ms": 8000}}'
H="http://127.0.0.1:$HTTP_PORT"
R="rtmp://127.0.0.1:$RTMP_PORT"

# Players first, so they get every frame.
for s in enh leg; do
  start_bg "ts_$s" ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 5000000 \
    -i "$H/live/$s.ts" -c copy -f mpegts "$WORK/ts_$s.ts"
  eval "ts_$s=\$LAST_PID"
done
start_bg rtmp_enh "$RTMPPULL" -i "$R/live/enh" -o "$WORK/rtmp_enh.flv" -t 30
rtmp_enh=$LAST_PID
start_bg http_enh "$HTTPFLVPULL" -i "$H/live/enh.flv" -o "$WORK/http_enh.flv" -t 30
http_enh=$LAST_PID
players_ts=2 players_rtmp=1
if [ $have_av1 = 1 ]; then
  start_bg rtmp_av1 "$RTMPPULL" -i "$R/live/av1" -o "$WORK/rtmp_av1.flv" -t 30
  rtmp_av1=$LAST_PID
  players_rtmp=2
fi
wait_log 30 "HTTP-TS players" "\[httpts\] play start: .* stream=live/(enh|leg)" $players_ts
wait_log 30 "RTMP players" "\[rtmp\] play waits for a publisher: .* stream=live/(enh|av1)" $players_rtmp
wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: .* stream=live/enh" 1

start_bg pub_enh "$FLVFILE2RTMPPUSH" -i "$media/hevc_aac_enhanced.flv" -o "$R/live/enh"
pub_enh=$LAST_PID
start_bg pub_leg "$FLVFILE2RTMPPUSH" -i "$media/hevc_aac_legacy.flv" -o "$R/live/leg"
pub_leg=$LAST_PID
if [ $have_av1 = 1 ]; then
  start_bg pub_av1 "$FLVFILE2RTMPPUSH" -i "$media/av1_enhanced.flv" -o "$R/live/av1"
  pub_av1=$LAST_PID
fi
start_bg poll_enh python3 "$E2E_TOOLS/hls_poll.py" "$H/hls/enh.m3u8" "$WORK/hls_enh" 30
poll_enh=$LAST_PID

clients=(pub_enh pub_leg rtmp_enh http_enh ts_enh ts_leg)
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
