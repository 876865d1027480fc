#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the HEVC and AV1 test streams that Debian's ffmpeg 5.1 cannot write
# into FLV: ffmpeg encodes the elementary streams (libx265 without B-frames,
# libaom-av1 or libsvtav1, AAC), lal's es2flvfile wraps them.
#   scripts/make-codec-media.sh OUTDIR [ES2FLVFILE]
# writes to OUTDIR:
#   hevc.h265, aac.adts, av1.obu           the elementary streams (2 s, 25 fps)
#   hevc_aac_enhanced.flv                  Enhanced RTMP: hvc1 + mp4a, 322x242
#   hevc_aac_legacy.flv                    legacy: HEVC as codec id 12 + AAC
#   av1_enhanced.flv                       Enhanced RTMP: av01, 320x240 (when an AV1 encoder exists)
set -euo pipefail
out=${1:?usage: make-codec-media.sh OUTDIR [ES2FLVFILE]}
es2flv=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/bin/es2flvfile}
mkdir -p "$out"
ff() { ffmpeg -hide_banner -nostdin -loglevel error -y "$@"; }
# 322x242 is not a multiple of x265's 8-pixel coding units: the SPS carries a
# conformance window, so the displayed size tests the SPS parser.
ff -f lavfi -i "testsrc2=size=322x242:rate=25:duration=2" -c:v libx265 -preset ultrafast \
  -x265-params "log-level=error:bframes=0:keyint=25:min-keyint=25:scenecut=0" -pix_fmt yuv420p -f hevc "$out/hevc.h265"
ff -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=2" -ac 2 -c:a aac -b:a 64k -f adts "$out/aac.adts"
"$es2flv" -q -v "$out/hevc.h265" -a "$out/aac.adts" -o "$out/hevc_aac_enhanced.flv"
"$es2flv" -q -v "$out/hevc.h265" -a "$out/aac.adts" --legacy -o "$out/hevc_aac_legacy.flv"
encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
av1=()
if grep -q " libaom-av1 " <<<"$encoders"; then
  av1=(-c:v libaom-av1 -usage realtime -cpu-used 8 -g 25)
elif grep -q " libsvtav1 " <<<"$encoders"; then
  av1=(-c:v libsvtav1 -preset 12 -g 25)
fi
if [ ${#av1[@]} -gt 0 ]; then
  ff -f lavfi -i "testsrc2=size=320x240:rate=25:duration=2" "${av1[@]}" -pix_fmt yuv420p -f obu "$out/av1.obu"
  "$es2flv" -q -c av1 -v "$out/av1.obu" -o "$out/av1_enhanced.flv"
fi
