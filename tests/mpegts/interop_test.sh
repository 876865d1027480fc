#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# lal::mpegts against ffmpeg: ffprobe reads what the muxer wrote (every frame,
# the codec parameters, nothing on stderr with -v error), and the demuxer reads
# what ffmpeg wrote (every frame, no error).
# Usage: interop_test.sh <case>; TSTOOL, MEDIA_DIR and WORK come from CMake.
set -euo pipefail

case_name=$1
work="$WORK"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# ffprobe with -v error must print nothing on stderr; prints stdout.
probe() {
    local out
    out=$(ffprobe -v error "$@" 2>"$work/probe.err")
    [[ ! -s $work/probe.err ]] || fail "ffprobe reported errors: $(head -c 400 "$work/probe.err")"
    printf '%s\n' "$out"
}

# Decoded frames of stream type $2 (v or a) of file $1, counted from -show_frames.
frames() {
    probe -select_streams "$2" -show_frames -show_entries frame=media_type -of csv=p=0 "$1" | grep -c . || true
}

# "codec,width,height" or "codec,sample_rate,channels" of the first stream of type $2.
params() {
    if [[ $2 == v ]]; then
        probe -select_streams v:0 -show_entries stream=codec_name,width,height -of csv=p=0 "$1" | awk NF | sort -u
    else
        probe -select_streams a:0 -show_entries stream=codec_name,sample_rate,channels -of csv=p=0 "$1" | awk NF | sort -u
    fi
}

# Compares frames and codec parameters of $1 (the source) and $2 for the stream types in $3.
same_as_source() {
    local t
    for t in $3; do
        local want got
        want=$(frames "$1" "$t")
        got=$(frames "$2" "$t")
        [[ $want -gt 0 ]] || fail "source $1 has no $t frames"
        [[ $got -eq $want ]] || fail "$t frames: ffprobe decodes $got from lal's TS, $want from the source"
        want=$(params "$1" "$t")
        got=$(params "$2" "$t")
        [[ $got == "$want" ]] || fail "$t parameters: '$got' in lal's TS, '$want' in the source"
    done
}

lavfi_ts() {  # $1 output, then encoder arguments
    local out=$1
    shift
    ffmpeg -v error -y -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 \
        -t 4 "$@" -f mpegts "$out"
}

case $case_name in
flv2ts)
    for media in h264_aac_10s h264_only_5s aac_only_5s h264_bframes_aac_5s; do
        "$TSTOOL" flv2ts "$MEDIA_DIR/$media.flv" "$work/$media.ts"
        types=""
        [[ $media != aac_only_5s ]] && types+="v "
        [[ $media != h264_only_5s ]] && types+="a"
        same_as_source "$MEDIA_DIR/$media.flv" "$work/$media.ts" "$types"
    done
    # The counts the media README gives for the 10 s clip.
    [[ $(frames "$work/h264_aac_10s.ts" v) -eq 250 ]] || fail "want 250 video frames"
    [[ $(frames "$work/h264_aac_10s.ts" a) -eq 432 ]] || fail "want 432 audio frames"
    ;;
ffmpeg-h264-aac)
    lavfi_ts "$work/in.ts" -c:v libx264 -g 25 -bf 2 -c:a aac
    want_v=$(frames "$work/in.ts" v)
    want_a=$(frames "$work/in.ts" a)
    got=$("$TSTOOL" count "$work/in.ts")
    want="video=$want_v keys=4 audio=$want_a width=320 height=240 rate=48000 channels=1 monotonic=1"
    [[ $got == "$want" ]] || fail "demuxer: got '$got', want '$want'"
    # And back out through the muxer.
    "$TSTOOL" remux "$work/in.ts" "$work/out.ts"
    same_as_source "$work/in.ts" "$work/out.ts" "v a"
    ;;
ffmpeg-h265-opus)
    lavfi_ts "$work/in.ts" -c:v libx265 -x265-params log-level=none -g 25 -c:a libopus -ac 2
    "$TSTOOL" remux "$work/in.ts" "$work/out.ts"
    same_as_source "$work/in.ts" "$work/out.ts" "v a"
    ;;
ffmpeg-h264-mp3)
    lavfi_ts "$work/in.ts" -c:v libx264 -g 25 -c:a libmp3lame
    "$TSTOOL" remux "$work/in.ts" "$work/out.ts"
    same_as_source "$work/in.ts" "$work/out.ts" "v a"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
