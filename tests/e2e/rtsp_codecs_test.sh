#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every codec RTSP carries, through an RTSP publish and out again, on one
# server. Three 3-second clips are made here with ffmpeg (B-frames on):
#   live/hevc  H.265 (libx265, 2 B-frames) + Opus 48 kHz stereo (RTP Opus is
#              always "opus/48000/2", RFC 7587 7; mono would read back as stereo)
#   live/pcma  H.264 (libx264 -bf 2) + G.711 A-law 8 kHz mono
#   live/pcmu  H.264 (libx264 -bf 2) + G.711 mu-law 8 kHz mono
# ffmpeg publishes each over RTSP/TCP; players wait before: ffprobe over
# RTSP/TCP for each stream and RTSP/UDP for live/hevc, an RTMP player of
# live/pcma and an HTTP-FLV player of live/pcmu (G.711 reaches them as FLV
# sound formats 7 and 8). Each output has the clip's codecs and parameters,
# every video frame, the Opus frames (ffmpeg's publisher may keep its last
# packets back: at most 8 missing), and the G.711 samples (one byte each) but
# at most 2 packets' worth. The A-law clip is also published over RTMP
# (live/rtmpa) and played over RTSP/TCP: G.711 from FLV is offered as PCMA.
# An HTTP-TS player of live/hevc gets H.265 and Opus in MPEG-TS (the TS
# muxer's Opus: ETSI TS 102 366 control headers, read back by ffprobe).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

make_clip() {
  local out=$1 video=$2 audio=$3
  # shellcheck disable=SC2086
  ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "testsrc2=size=320x240:rate=25" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 3 $video -pix_fmt yuv420p $audio \
    -f matroska "$out" || fail "cannot make $out"
}
make_clip "$WORK/hevc.mkv" "-c:v libx265 -preset ultrafast -x265-params bframes=2:keyint=25:log-level=error" \
  "-c:a libopus -b:a 64k -ac 2"
make_clip "$WORK/pcma.mkv" "-c:v libx264 -preset veryfast -bf 2 -g 25" "-c:a pcm_alaw -ar 8000 -ac 1"
make_clip "$WORK/pcmu.mkv" "-c:v libx264 -preset veryfast -bf 2 -g 25" "-c:a pcm_mulaw -ar 8000 -ac 1"

rtsp_start '{"httpts": {"enable": true}}'

for s in hevc pcma pcmu; do
  start_bg "${s}_tcp" rtsp_probe "$RTSP_BASE/live/$s" tcp "${s}_tcp"
  eval "${s}_tcp=\$LAST_PID"
done
start_bg rtmpa_tcp rtsp_probe "$RTSP_BASE/live/rtmpa" tcp rtmpa_tcp
rtmpa_tcp=$LAST_PID
start_bg hevc_udp rtsp_probe "$RTSP_BASE/live/hevc" udp hevc_udp
hevc_udp=$LAST_PID
start_bg pcma_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "rtmp://127.0.0.1:$RTMP_PORT/live/pcma" -c copy -f flv "$WORK/pcma_rtmp.flv"
pcma_rtmp=$LAST_PID
start_bg pcmu_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "http://127.0.0.1:$HTTP_PORT/live/pcmu.flv" -c copy -f flv "$WORK/pcmu_http.flv"
pcmu_http=$LAST_PID
start_bg hevc_ts ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "http://127.0.0.1:$HTTP_PORT/live/hevc.ts" -c copy -f mpegts "$WORK/hevc_ts.ts"
hevc_ts=$LAST_PID
wait_log 30 "5 RTSP players waiting" "\[rtsp\] describe waits for the stream: .* stream=live/(hevc|pcma|pcmu|rtmpa)" 5
wait_log 30 "the RTMP player waiting" "\[rtmp\] play waits for a publisher: .* stream=live/pcma"
wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: .* stream=live/pcmu"
wait_log 30 "the HTTP-TS player" "\[httpts\] play start: .* stream=live/hevc"

pubs=()
for s in hevc pcma pcmu; do
  start_bg "pub_$s" ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$WORK/$s.mkv" -c copy \
    -f rtsp -rtsp_transport tcp "$RTSP_BASE/live/$s"
  pubs+=("$LAST_PID")
done
start_bg pub_rtmpa ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$WORK/pcma.mkv" -c copy -f flv \
  "rtmp://127.0.0.1:$RTMP_PORT/live/rtmpa"
pubs+=("$LAST_PID")
for pid in "${pubs[@]}"; do wait_exit "$pid" 40 || fail "a publisher failed: $(cat "$WORK"/pub_*.log)"; done
for name in hevc_tcp pcma_tcp pcmu_tcp rtmpa_tcp hevc_udp; do
  wait_exit "${!name}" 30 || fail "$name: ffprobe failed: $(tail -3 "$WORK/$name.log")"
done
wait_exit "$pcma_rtmp" 30 || fail "the RTMP player failed: $(tail -3 "$WORK/pcma_rtmp.log")"
wait_exit "$pcmu_http" 30 || echo "the HTTP-FLV player ended with $? (end of a live body)"
wait_exit "$hevc_ts" 30 || echo "the HTTP-TS player ended with $? (end of a live body)"

# same_line NAME WANT GOT MISSING: parameters equal, frames equal or at most MISSING fewer.
same_line() {
  local name=$1 want=$2 got=$3 missing=$4
  echo "$name: $got (source $want)"
  [ -n "$got" ] || fail "$name: track missing"
  [ "$(params_of "$got")" = "$(params_of "$want")" ] || fail "$name: parameters differ"
  local w g
  w=$(frames_of "$want")
  g=$(frames_of "$got")
  [ "$g" -le "$w" ] && [ "$g" -ge $((w - missing)) ] || fail "$name: $g frames of $w (at most $missing missing)"
}
# audio_bytes FILE_OR_URL_PROBE: G.711 samples = payload bytes of the audio packets.
audio_bytes() {
  ffprobe -v error -select_streams a -show_entries packet=size -of csv=p=0 "$1" | awk '{n += $1} END {print n + 0}'
}

src=$(file_probe "$WORK/hevc.mkv")
same_line "H.265 over RTSP/TCP" "$(stream_line <(echo "$src") hevc)" "$(stream_line "$WORK/hevc_tcp.probe" hevc)" 0
same_line "Opus over RTSP/TCP" "$(stream_line <(echo "$src") opus)" "$(stream_line "$WORK/hevc_tcp.probe" opus)" 8
same_line "H.265 over RTSP/UDP" "$(stream_line <(echo "$src") hevc)" "$(stream_line "$WORK/hevc_udp.probe" hevc)" 0
same_line "Opus over RTSP/UDP" "$(stream_line <(echo "$src") opus)" "$(stream_line "$WORK/hevc_udp.probe" opus)" 8
# ffprobe lists a TS file's streams once more under its program: one line each.
file_probe "$WORK/hevc_ts.ts" | sort -u | grep . >"$WORK/hevc_ts.probe"
same_line "H.265 over HTTP-TS" "$(stream_line <(echo "$src") hevc)" "$(stream_line "$WORK/hevc_ts.probe" hevc)" 0
same_line "Opus over HTTP-TS" "$(stream_line <(echo "$src") opus)" "$(stream_line "$WORK/hevc_ts.probe" opus)" 8

for s in pcma pcmu rtmpa; do
  codec=pcm_alaw
  [ "$s" = pcmu ] && codec=pcm_mulaw
  clip=$s
  [ "$s" = rtmpa ] && clip=pcma
  src=$(file_probe "$WORK/$clip.mkv")
  same_line "H.264 of live/$s over RTSP/TCP" "$(stream_line <(echo "$src") h264)" \
    "$(stream_line "$WORK/${s}_tcp.probe" h264)" 0
  got=$(stream_line "$WORK/${s}_tcp.probe" "$codec")
  echo "$codec over RTSP/TCP: $got"
  [ "$(params_of "$got" | cut -d, -f1,3,4)" = "$codec,8000,1" ] || fail "$codec over RTSP/TCP: $got"
done
# G.711 over RTMP and HTTP-FLV: FLV sound formats 7 and 8, every sample but the
# publisher's last packets (ffmpeg's RTP packets of 8 kHz G.711 hold 1 KiB or less).
for pair in "pcma pcma_rtmp pcm_alaw" "pcmu pcmu_http pcm_mulaw"; do
  set -- $pair
  file_probe "$WORK/$2.flv" >"$WORK/$2.probe"
  src=$(file_probe "$WORK/$1.mkv")
  same_line "H.264 over RTSP in, $2" "$(stream_line <(echo "$src") h264)" "$(stream_line "$WORK/$2.probe" h264)" 0
  got=$(stream_line "$WORK/$2.probe" "$3")
  [ "$(params_of "$got" | cut -d, -f1,3,4)" = "$3,8000,1" ] || fail "$2: audio is $got"
  want_bytes=$(audio_bytes "$WORK/$1.mkv")
  got_bytes=$(audio_bytes "$WORK/$2.flv")
  echo "$2: $got_bytes G.711 samples of $want_bytes"
  [ "$got_bytes" -le "$want_bytes" ] && [ "$got_bytes" -ge $((want_bytes - 2048)) ] || fail "$2: samples lost"
done
flv_audio_ids=$(python3 - "$WORK/pcma_rtmp.flv" "$WORK/pcmu_http.flv" <<'PY'
import sys
# FLV tags (E.4.1): the sound format is the high nibble of an audio tag's first byte.
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    pos, formats = 13, set()
    while pos + 11 <= len(data):
        size = int.from_bytes(data[pos + 1:pos + 4], "big")
        if data[pos] & 0x1f == 8 and size:
            formats.add(data[pos + 11] >> 4)
        pos += 11 + size + 4
    print(",".join(map(str, sorted(formats))))
PY
)
[ "$(echo $flv_audio_ids)" = "7 8" ] || fail "FLV sound formats $(echo $flv_audio_ids), not 7 (A-law) and 8 (mu-law)"

lal_stop
[ "$(log_count "\[rtsp\] publish start: .* stream=live/(hevc|pcma|pcmu) tracks=2 transport=tcp")" = 3 ] ||
  fail "missing RTSP publish start lines"
echo "PASS"
