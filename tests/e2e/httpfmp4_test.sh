#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HTTP-fMP4 and fMP4 HLS from one server (httpfmp4 on, hls.fragment_format "fmp4", 1 s fragments).
# - live/av: ffmpeg publishes the H.264 (B-frames) + AAC test FLV over RTMP in real time. Two HTTP-fMP4
#   players there before it (/live/av.mp4 and lalmax's /live/m4s/av) get the
#   same bytes: ffprobe reads every video and audio frame of the source with
#   its codec parameters; the stream is an init segment then one moof+mdat
#   per frame.
# - live/av1: Enhanced RTMP av01 (scripts/make-codec-media.sh, es2flvfile)
#   comes out as AV1 fMP4 with its size and every frame.
# - live/opus: ffmpeg publishes Opus over RTSP; HTTP-fMP4 gives Opus at 48 kHz.
# - fMP4 HLS of live/av: the ended playlist is version 7 with one EXT-X-MAP
#   and .m4s segments; each segment starts with a moof whose first video
#   sample is a sync sample; init + every segment hold every frame, and ffmpeg
#   playing the playlist gets them all.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

media="$WORK/media"
bash "$MAKE_CODEC_MEDIA" "$media" "$ES2FLVFILE"
have_av1=0
[ -f "$media/av1_enhanced.flv" ] && have_av1=1

RTSP_PORT=$(free_port)
lal_start '{"httpfmp4": {"enable": true}, "rtsp": {"enable": true, "addr": "127.0.0.1:'"$RTSP_PORT"'"},
            "hls": {"enable": true, "fragment_format": "fmp4", "fragment_duration_ms": 1000, "fragment_num": 30},
            "stream": {"wait_publisher_ms": 2500}}'
H="http://127.0.0.1:$HTTP_PORT"
R="rtmp://127.0.0.1:$RTMP_PORT"
src="$MEDIA_DIR/h264_bframes_aac_5s.flv"

[ "$(curl -s -o /dev/null -w '%{http_code}' "$H/hls/nosuch-1-init.mp4")" = 404 ] || fail "unknown init: expected 404"

# Players first, so they get every frame.
start_bg fmp4_av curl -sS -o "$WORK/av.mp4" "$H/live/av.mp4"
fmp4_av=$LAST_PID
start_bg m4s_av curl -sS -o "$WORK/m4s_av.mp4" "$H/live/m4s/av"
m4s_av=$LAST_PID
start_bg fmp4_opus curl -sS -o "$WORK/opus.mp4" "$H/live/opus.mp4"
fmp4_opus=$LAST_PID
players=3
clients=(fmp4_av m4s_av fmp4_opus)
if [ $have_av1 = 1 ]; then
  start_bg fmp4_av1 curl -sS -o "$WORK/av1.mp4" "$H/live/av1.mp4"
  fmp4_av1=$LAST_PID
  players=4
  clients+=(fmp4_av1)
fi
wait_log 20 "the HTTP-fMP4 players" "\[httpfmp4\] play start: .* stream=live/(av|opus|av1)" $players

start_bg pub_av ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$R/live/av"
pub_av=$LAST_PID
start_bg pub_opus ffmpeg -nostdin -hide_banner -loglevel warning -re -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" \
  -c:a libopus -b:a 32k -f rtsp -rtsp_transport tcp "rtsp://127.0.0.1:$RTSP_PORT/live/opus"
pub_opus=$LAST_PID
clients+=(pub_av pub_opus)
if [ $have_av1 = 1 ]; then
  start_bg pub_av1 "$FLVFILE2RTMPPUSH" -i "$media/av1_enhanced.flv" -o "$R/live/av1"
  pub_av1=$LAST_PID
  clients+=(pub_av1)
fi
for p in "${clients[@]}"; do
  wait_exit "${!p}" 20 || fail "$p failed: $(cat "$WORK/$p.log")"
done

count() {  # codec,type,width,height,frames of the video; codec,type,rate,channels,frames of the audio
  ffprobe -v error -count_frames -show_entries stream=codec_type,codec_name,width,height,sample_rate,channels,nb_read_frames \
    -of csv=p=0 "$1" | grep . | sort
}
want=$(count "$src")
echo "source: $want"
got=$(count "$WORK/av.mp4")
echo "HTTP-fMP4 live/av: $got"
[ "$got" = "$want" ] || fail "HTTP-fMP4 live/av: $got, want $want"
cmp -s "$WORK/av.mp4" "$WORK/m4s_av.mp4" || fail "/live/m4s/av and /live/av.mp4 differ"
# An init segment, then a moof+mdat per frame: as many moof boxes as frames.
python3 - "$WORK/av.mp4" "$want" <<'PY' || fail "live/av is not init + a fragment per frame"
import struct, sys
data = open(sys.argv[1], "rb").read()
top, at = [], 0
while at + 8 <= len(data):
    size, kind = struct.unpack(">I4s", data[at:at + 8])
    top.append(kind.decode())
    at += size
frames = sum(int(line.rsplit(",", 1)[1]) for line in sys.argv[2].splitlines())
assert top[:2] == ["ftyp", "moov"], top[:3]
assert top.count("moov") == 1 and top.count("moof") == frames and top.count("mdat") == frames, (top.count("moof"), frames)
PY

got=$(count "$WORK/opus.mp4")
echo "HTTP-fMP4 live/opus: $got"
[[ "$got" =~ ^opus,audio,48000,1,([0-9]+)$ ]] || fail "HTTP-fMP4 live/opus: $got"
[ "${BASH_REMATCH[1]}" -ge 90 ] || fail "HTTP-fMP4 live/opus: only ${BASH_REMATCH[1]} frames of 2 s"

if [ $have_av1 = 1 ]; then
  got=$(count "$WORK/av1.mp4")
  echo "HTTP-fMP4 live/av1: $got"
  [ "$got" = "av1,video,320,240,50" ] || fail "HTTP-fMP4 live/av1: $got"
else
  echo "no AV1 encoder in this ffmpeg: the AV1 part is skipped"
fi

# fMP4 HLS of live/av: ended once the publisher stayed away one fragment.
wait_for 10 "the ended playlist of live/av" bash -c "curl -sf '$H/hls/av.m3u8' | grep -q ENDLIST"
curl -sf "$H/hls/av.m3u8" >"$WORK/av.m3u8"
grep -qx "#EXT-X-VERSION:7" "$WORK/av.m3u8" || fail "playlist is not version 7"
[ "$(grep -c '^#EXT-X-MAP:URI="av-[0-9]*-init.mp4"$' "$WORK/av.m3u8")" = 1 ] || fail "not one EXT-X-MAP: $(cat "$WORK/av.m3u8")"
init=$(sed -n 's/^#EXT-X-MAP:URI="\(.*\)"$/\1/p' "$WORK/av.m3u8")
mapfile -t segs < <(grep '\.m4s$' "$WORK/av.m3u8")
[ "${#segs[@]}" -ge 2 ] || fail "only ${#segs[@]} segments for 5 s"
curl -sf -o "$WORK/hls_av.mp4" "$H/hls/$init" || fail "init $init"
ctype=$(curl -s -o /dev/null -w '%{content_type}' "$H/hls/${segs[0]}")
[ "$ctype" = video/mp4 ] || fail "segment Content-Type $ctype"
for s in "${segs[@]}"; do
  curl -sf -o "$WORK/seg.m4s" "$H/hls/$s" || fail "segment $s"
  python3 - "$WORK/seg.m4s" <<'PY' || fail "segment $s does not start with a sync video sample"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[4:8] == b"moof", d[4:8]
# trun of the first fragment: version 1, flags 0xf01; first sample flags at +28.
t = d.find(b"trun")
flags = struct.unpack(">I", d[t + 24:t + 28])[0]
tfhd = d.find(b"tfhd")
track = struct.unpack(">I", d[tfhd + 8:tfhd + 12])[0]
assert track == 1 and flags & 0x10000 == 0, (track, hex(flags))
PY
  cat "$WORK/seg.m4s" >>"$WORK/hls_av.mp4"
done
got=$(count "$WORK/hls_av.mp4")
echo "fMP4 HLS live/av (${#segs[@]} segments): $got"
[ "$got" = "$want" ] || fail "fMP4 HLS live/av: $got, want $want"
ffmpeg -nostdin -hide_banner -loglevel error -i "$H/hls/av.m3u8" -c copy -f mp4 "$WORK/hls_ffmpeg.mp4" ||
  fail "ffmpeg could not play the fMP4 HLS"
got=$(count "$WORK/hls_ffmpeg.mp4")
echo "ffmpeg on the fMP4 HLS: $got"
[ "$got" = "$want" ] || fail "ffmpeg on the fMP4 HLS: $got, want $want"

lal_stop
