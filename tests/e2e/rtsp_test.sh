#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTSP in and out of the hub, on one server. All players are there before the
# publishers (an RTSP DESCRIBE waits for its stream), then three ffmpeg -re
# publishers of the same clip (H.264 High with B-frames + AAC, 125 video and
# 216 audio frames) run at once:
#   live/a: RTSP publish over TCP (interleaved): played over RTSP/TCP and
#           RTSP/UDP (ffprobe, decoding every frame), RTMP and HTTP-FLV (ffmpeg)
#   live/b: RTSP publish over UDP: played over RTSP/TCP
#   live/c: RTMP publish: played over RTSP/TCP and RTSP/UDP
# Every output has the source's codec, profile, picture size, sample rate and
# channels, all 125 video frames (B-frames kept: pts != dts), and the audio
# frames: all 216 where the source is RTMP (a UDP player on a busy machine may
# lose a datagram: at most 4 there); ffmpeg's RTSP publisher keeps back its
# last AAC packet group, so after an RTSP publish at most 8 may be missing.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

src="$MEDIA_DIR/h264_bframes_aac_5s.flv"
rtsp_start

start_bg a_tcp rtsp_probe "$RTSP_BASE/live/a" tcp a_tcp
a_tcp=$LAST_PID
start_bg a_udp rtsp_probe "$RTSP_BASE/live/a" udp a_udp
a_udp=$LAST_PID
start_bg b_tcp rtsp_probe "$RTSP_BASE/live/b" tcp b_tcp
b_tcp=$LAST_PID
start_bg c_tcp rtsp_probe "$RTSP_BASE/live/c" tcp c_tcp
c_tcp=$LAST_PID
start_bg c_udp rtsp_probe "$RTSP_BASE/live/c" udp c_udp
c_udp=$LAST_PID
start_bg a_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "rtmp://127.0.0.1:$RTMP_PORT/live/a" -c copy -f flv "$WORK/a_rtmp.flv"
a_rtmp=$LAST_PID
start_bg a_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "http://127.0.0.1:$HTTP_PORT/live/a.flv" -c copy -f flv "$WORK/a_http.flv"
a_http=$LAST_PID

wait_log 30 "5 RTSP players waiting" "\[rtsp\] describe waits for the stream: .* stream=live/[abc]" 5
wait_log 30 "the RTMP player waiting" "\[rtmp\] play waits for a publisher: .* stream=live/a"
wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: .* stream=live/a"

start_bg pub_a ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy \
  -f rtsp -rtsp_transport tcp "$RTSP_BASE/live/a"
pub_a=$LAST_PID
start_bg pub_b ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy \
  -f rtsp -rtsp_transport udp "$RTSP_BASE/live/b"
pub_b=$LAST_PID
start_bg pub_c ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$RTMP_PORT/live/c"
pub_c=$LAST_PID
for pid in "$pub_a" "$pub_b" "$pub_c"; do
  wait_exit "$pid" 40 || fail "a publisher failed: $(cat "$WORK"/pub_*.log)"
done
# RTSP players end at the BYE the server sends when the publisher leaves.
for name in a_tcp a_udp b_tcp c_tcp c_udp; do
  pid_var=$name
  wait_exit "${!pid_var}" 30 || fail "$name: ffprobe failed: $(tail -3 "$WORK/$name.log")"
done
wait_exit "$a_rtmp" 30 || fail "the RTMP player failed: $(tail -3 "$WORK/a_rtmp.log")"
wait_exit "$a_http" 30 || echo "the HTTP-FLV player ended with $? (end of a live body)"

want=$(file_probe "$src")
want_video=$(stream_line <(echo "$want") h264)
want_audio=$(stream_line <(echo "$want") aac)
echo "source: $(echo $want)"
[ "$(frames_of "$want_video")" = 125 ] && [ "$(frames_of "$want_audio")" = 216 ] || fail "unexpected source clip"

# check NAME FILE MAX_AUDIO_MISSING: codec parameters and frame counts of one output.
check() {
  local name=$1 file=$2 missing=$3
  local video audio
  video=$(stream_line "$file" h264)
  audio=$(stream_line "$file" aac)
  echo "$name: $video / $audio"
  [ "$(params_of "$video")" = "$(params_of "$want_video")" ] || fail "$name: video parameters differ: $video"
  [ "$(params_of "$audio")" = "$(params_of "$want_audio")" ] || fail "$name: audio parameters differ: $audio"
  [ "$(frames_of "$video")" = 125 ] || fail "$name: $(frames_of "$video") video frames, not 125"
  local a
  a=$(frames_of "$audio")
  [ "$a" -le 216 ] && [ "$a" -ge $((216 - missing)) ] || fail "$name: $a audio frames (216, at most $missing missing)"
}
check "RTSP/TCP in, RTSP/TCP out" "$WORK/a_tcp.probe" 8
check "RTSP/TCP in, RTSP/UDP out" "$WORK/a_udp.probe" 8
check "RTSP/UDP in, RTSP/TCP out" "$WORK/b_tcp.probe" 8
check "RTMP in, RTSP/TCP out" "$WORK/c_tcp.probe" 0
check "RTMP in, RTSP/UDP out" "$WORK/c_udp.probe" 4
file_probe "$WORK/a_rtmp.flv" >"$WORK/a_rtmp.probe"
file_probe "$WORK/a_http.flv" >"$WORK/a_http.probe"
check "RTSP/TCP in, RTMP out" "$WORK/a_rtmp.probe" 8
check "RTSP/TCP in, HTTP-FLV out" "$WORK/a_http.probe" 8

# B-frames survive RTP (which carries pts only): the republished FLV has
# frames whose presentation time differs from their decode time.
reordered=$(ffprobe -v error -select_streams v -show_entries packet=pts,dts -of csv=p=0 "$WORK/a_rtmp.flv" |
  awk -F, '$1 != $2' | wc -l)
[ "$reordered" -gt 50 ] || fail "only $reordered video frames with pts != dts after RTSP in: B-frames lost"

lal_stop
[ "$(log_count "\[rtsp\] publish start: remote=127\.0\.0\.1:[0-9]+ stream=live/a tracks=2 transport=tcp")" = 1 ] ||
  fail "no RTSP/TCP publish start line"
[ "$(log_count "\[rtsp\] publish start: remote=127\.0\.0\.1:[0-9]+ stream=live/b tracks=2 transport=udp")" = 1 ] ||
  fail "no RTSP/UDP publish start line"
[ "$(log_count "\[rtsp\] play start: .* transport=udp")" = 2 ] || fail "expected two RTSP/UDP plays"
[ "$(log_count "\[rtsp\] session end: remote=127\.0\.0\.1:[0-9]+ role=play stream=live/[ac] read=[0-9]+ written=[0-9]+")" -ge 4 ] ||
  fail "missing RTSP play session end lines"
echo "PASS"
