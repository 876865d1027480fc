#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the test clips in tests/data/media (or OUTDIR) with ffmpeg:
# synthetic testsrc2 video (640x360, 25 fps, H.264, 1 s GOP) and a stereo
# 440/660 Hz sine (AAC-LC 44.1 kHz). Usage: scripts/make-test-media.sh [OUTDIR]
set -euo pipefail
out=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/data/media}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -nostdin -loglevel error -y "$@"; }
exact=(-fflags +bitexact -map_metadata -1)
video="testsrc2=size=640x360:rate=25"
audio="aevalsrc=0.25*sin(2*PI*440*t)|0.25*sin(2*PI*660*t):s=44100:c=stereo"
x264=(-c:v libx264 -threads 1 -preset veryfast -tune zerolatency -profile:v main -level:v 3.0
      -pix_fmt yuv420p -b:v 500k -maxrate 500k -bufsize 1000k -g 25 -keyint_min 25 -sc_threshold 0
      -flags:v +bitexact+global_header)
aac=(-c:a aac -b:a 96k -ar 44100 -ac 2 -flags:a +bitexact+global_header)

# Encode each track once, then stream-copy into every container so all files
# carry the same coded frames.
ff -f lavfi -i "$video:duration=10" "${exact[@]}" "${x264[@]}" -f nut "$tmp/v.nut"
ff -f lavfi -i "$audio:d=10" "${exact[@]}" "${aac[@]}" -f nut "$tmp/a.nut"
ff -i "$tmp/v.nut" -i "$tmp/a.nut" -map 0:v -map 1:a -c copy "${exact[@]}" -f flv "$out/h264_aac_10s.flv"
ff -i "$tmp/v.nut" -map 0:v -t 5 -c copy "${exact[@]}" -f flv "$out/h264_only_5s.flv"
ff -i "$tmp/a.nut" -map 0:a -t 5 -c copy "${exact[@]}" -f flv "$out/aac_only_5s.flv"
ff -i "$out/h264_only_5s.flv" -c:v copy -bsf:v h264_mp4toannexb "${exact[@]}" -f h264 "$out/h264_5s.h264"
ff -i "$out/aac_only_5s.flv" -c:a copy "${exact[@]}" -f adts "$out/aac_5s.aac"

# High profile with two B-frames, so composition time offsets are non-zero.
ff -f lavfi -i "$video:duration=5" "${exact[@]}" -c:v libx264 -threads 1 -preset veryfast \
   -profile:v high -level:v 3.0 -pix_fmt yuv420p -bf 2 -b_strategy 0 -b:v 250k -maxrate 250k \
   -bufsize 500k -g 25 -keyint_min 25 -sc_threshold 0 -flags:v +bitexact+global_header -f nut "$tmp/vb.nut"
ff -i "$tmp/vb.nut" -i "$tmp/a.nut" -map 0:v -map 1:a -t 5 -c copy "${exact[@]}" -f flv \
   "$out/h264_bframes_aac_5s.flv"
# AV1 for the RTP payload format tests: 10 frames 160x120, key frames 0 and 5, large enough to fragment.
ff -f lavfi -i "testsrc2=size=160x120:rate=25:duration=0.4" -c:v libaom-av1 -usage realtime -cpu-used 8 -g 5 \
   -b:v 200k -pix_fmt yuv420p -f obu "$out/av1_10f.obu"
echo "make-test-media: wrote $(ls "$out" | grep -v README | tr '\n' ' ')to $out"
