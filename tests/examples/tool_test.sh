#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CLI tests of flvfile2es and modflvfile on the test media, checked with ffprobe.
# Usage: tool_test.sh <case> [media-file]; the tools come from the environment
# (FLVFILE2ES, MODFLVFILE, FLVCHECK, MEDIA_DIR, WORK_DIR), set by CMake.
set -euo pipefail

case_name=$1
media=${2:-}
work="$WORK_DIR/$case_name${media:+-$media}"
rm -rf "$work"
mkdir -p "$work"

die() { echo "FAIL: $*" >&2; exit 1; }

# Packets ffprobe reads from stream type $2 (v or a) of file $1; empty if none.
packets() {
    ffprobe -v error -count_packets -select_streams "$2" -show_entries stream=nb_read_packets \
        -of csv=p=0 "$1" | head -n1
}

# Runs a command expecting failure with exit code $1; stderr must be one line matching $2.
expect_failure() {
    local want_code=$1 pattern=$2
    shift 2
    local code=0
    "$@" >"$work/out.txt" 2>"$work/err.txt" || code=$?
    [[ $code -eq $want_code ]] || die "'$*' exited $code, expected $want_code"
    [[ $(wc -l <"$work/err.txt") -eq 1 ]] || die "'$*' printed $(wc -l <"$work/err.txt") lines on stderr: $(cat "$work/err.txt")"
    grep -q -- "$pattern" "$work/err.txt" || die "'$*' error '$(cat "$work/err.txt")' lacks '$pattern'"
}

in="$MEDIA_DIR/$media"

case $case_name in
flvfile2es)
    want_v=$(packets "$in" v)
    want_a=$(packets "$in" a)
    args=(-i "$in")
    [[ -n $want_v ]] && args+=(-v "$work/out.h264")
    [[ -n $want_a ]] && args+=(-a "$work/out.aac")
    "$FLVFILE2ES" "${args[@]}" >/dev/null
    if [[ -n $want_v ]]; then
        got=$(ffprobe -v error -count_packets -select_streams v \
            -show_entries stream=nb_read_packets,width,height,r_frame_rate -of csv=p=0 "$work/out.h264")
        in_info=$(ffprobe -v error -select_streams v -show_entries stream=width,height -of csv=p=0 "$in")
        [[ $got == "$in_info,25/1,$want_v" ]] || die "H.264 output: got '$got', want '$in_info,25/1,$want_v'"
        # SPS and PPS precede every IDR picture: as many SPS as key frames.
        keys=$(ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 "$in" | grep -c K)
        sps=$(od -An -v -tx1 "$work/out.h264" | tr -d '\n' | grep -o ' 00 00 00 01 67' | wc -l)
        [[ $sps -eq $keys ]] || die "$sps SPS NAL units for $keys key frames"
    fi
    if [[ -n $want_a ]]; then
        got=$(ffprobe -v error -count_packets -select_streams a \
            -show_entries stream=nb_read_packets,sample_rate,channels -of csv=p=0 "$work/out.aac")
        [[ $got == "44100,2,$want_a" ]] || die "AAC output: got '$got', want '44100,2,$want_a'"
    fi
    ;;

flvfile2es-one-output)
    # Only one output asked for: only that file is written.
    "$FLVFILE2ES" -i "$MEDIA_DIR/h264_aac_10s.flv" -a "$work/only.aac" >/dev/null
    [[ $(ls "$work" | wc -l) -eq 1 && -s $work/only.aac ]] || die "unexpected outputs: $(ls "$work")"
    [[ $(packets "$work/only.aac" a) == 432 ]] || die "audio count"
    ;;

modflvfile)
    "$MODFLVFILE" -i "$in" -o "$work/out.flv" >/dev/null
    check=$("$FLVCHECK" "$work/out.flv") || die "flvcheck: $check"
    meta_duration=$(sed -n 's/^duration=\([0-9.]*\) .*/\1/p' <<<"$check")
    probe_duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/out.flv")
    awk -v a="$meta_duration" -v b="$probe_duration" 'BEGIN { d = a - b; exit !(d < 0.0015 && d > -0.0015) }' ||
        die "ffprobe duration $probe_duration, metadata duration $meta_duration"
    # The input's own metadata (written by ffmpeg) agrees with ours.
    orig=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$in")
    awk -v a="$meta_duration" -v b="$orig" 'BEGIN { d = a - b; exit !(d < 0.0015 && d > -0.0015) }' ||
        die "rebuilt duration $meta_duration, ffmpeg wrote $orig"
    for t in v a; do
        [[ $(packets "$work/out.flv" $t) == "$(packets "$in" $t)" ]] || die "stream $t packet count changed"
    done
    if [[ -n $(packets "$in" v) ]]; then
        # Metadata width, height and frame rate come from the SPS: compare with ffprobe's reading.
        probe=$(ffprobe -v error -select_streams v -show_entries stream=width,height -of csv=s=x:p=0 "$work/out.flv")
        [[ $check == *" size=$probe@25"* ]] || die "metadata size/framerate: $check, ffprobe: $probe"
    fi
    ;;

modflvfile-shift)
    ffmpeg -v error -itsoffset 3 -i "$MEDIA_DIR/h264_aac_10s.flv" -c copy "$work/late.flv"
    "$MODFLVFILE" -i "$work/late.flv" -o "$work/kept.flv" >/dev/null
    kept=$("$FLVCHECK" "$work/kept.flv") || die "flvcheck: $kept"
    [[ $kept == *" first_ts=3000 "* ]] || die "without --shift-to-zero: $kept"
    "$MODFLVFILE" --shift-to-zero -i "$work/late.flv" -o "$work/zero.flv" >/dev/null
    zero=$("$FLVCHECK" "$work/zero.flv") || die "flvcheck: $zero"
    [[ $zero == *" first_ts=0 "* ]] || die "with --shift-to-zero: $zero"
    [[ ${zero%% *} == "${kept%% *}" ]] || die "duration changed by the shift: $kept / $zero"
    start=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$work/zero.flv")
    [[ $start == 0.000000 ]] || die "ffprobe start_time $start"
    ;;

modflvfile-truncated)
    head -c 300000 "$MEDIA_DIR/h264_aac_10s.flv" >"$work/cut.flv"
    "$MODFLVFILE" -i "$work/cut.flv" -o "$work/out.flv" >/dev/null 2>"$work/err.txt"
    grep -q "truncated" "$work/err.txt" || die "no truncation warning"
    "$FLVCHECK" "$work/out.flv" >/dev/null || die "output of a truncated input is not consistent"
    ;;

errors)
    for tool in "$FLVFILE2ES" "$MODFLVFILE"; do
        name=$(basename "$tool")
        if [[ $name == flvfile2es ]]; then out=(-v "$work/o.h264"); else out=(-o "$work/o.flv"); fi
        "$tool" -h >"$work/help.txt" || die "$name -h exited non-zero"
        grep -q -- "-i" "$work/help.txt" || die "$name -h prints no usage"
        expect_failure 2 "^$name: " "$tool"
        expect_failure 2 "^$name: " "$tool" -i x.flv --bogus
        expect_failure 1 "^$name: $work/missing.flv: cannot open" "$tool" -i "$work/missing.flv" "${out[@]}"
        expect_failure 1 "^$name: $MEDIA_DIR/aac_5s.aac: not an FLV file (bad signature)" \
            "$tool" -i "$MEDIA_DIR/aac_5s.aac" "${out[@]}"
        : >"$work/empty.flv"
        expect_failure 1 "^$name: $work/empty.flv: not an FLV file" "$tool" -i "$work/empty.flv" "${out[@]}"
    done
    expect_failure 2 "at least one of -v or -a" "$FLVFILE2ES" -i "$MEDIA_DIR/h264_aac_10s.flv"
    expect_failure 1 "no H.264 or H.265 video" "$FLVFILE2ES" -i "$MEDIA_DIR/aac_only_5s.flv" -v "$work/o.h264"
    expect_failure 1 "no AAC audio" "$FLVFILE2ES" -i "$MEDIA_DIR/h264_only_5s.flv" -a "$work/o.aac"
    expect_failure 1 "cannot open for writing" "$FLVFILE2ES" -i "$MEDIA_DIR/h264_only_5s.flv" -v "$work/no/such/dir/o.h264"
    expect_failure 1 "output must differ" "$MODFLVFILE" -i "$MEDIA_DIR/h264_only_5s.flv" -o "$MEDIA_DIR/h264_only_5s.flv"
    # A corrupt tag type in the middle of a file.
    cp "$MEDIA_DIR/h264_only_5s.flv" "$work/bad.flv"
    printf '\x07' | dd of="$work/bad.flv" bs=1 seek=13 conv=notrunc status=none
    expect_failure 1 "unknown FLV tag type" "$MODFLVFILE" -i "$work/bad.flv" -o "$work/o.flv"
    ;;

codecs)
    # HEVC (Enhanced RTMP and legacy codec id 12) and AV1 FLVs made by
    # scripts/make-codec-media.sh: flvfile2es gives back H.265 that decodes to
    # the source's frames and the source's AAC bytes; modflvfile indexes them
    # with the size from the hvcC / av1C and keeps every media tag.
    bash "$MAKE_CODEC_MEDIA" "$work/media" "$ES2FLVFILE"
    decoded() { ffmpeg -nostdin -v error -i "$1" -f framemd5 - | grep -v '^#'; }
    want=$(decoded "$work/media/hevc.h265")
    [[ $(wc -l <<<"$want") -eq 50 ]] || die "the source H.265 has $(wc -l <<<"$want") frames"
    for f in hevc_aac_enhanced hevc_aac_legacy; do
        "$FLVFILE2ES" -q -i "$work/media/$f.flv" -v "$work/$f.h265" -a "$work/$f.aac"
        [[ $(decoded "$work/$f.h265") == "$want" ]] || die "$f: the H.265 output decodes to other frames"
        cmp -s "$work/$f.aac" "$work/media/aac.adts" || die "$f: the AAC output differs from the source ADTS"
        "$MODFLVFILE" -i "$work/media/$f.flv" -o "$work/mod_$f.flv" >/dev/null
        summary=$("$FLVCHECK" "$work/mod_$f.flv")
        [[ $summary == *"keyframes=2 video=52 audio=89 size=322x242@25"* ]] || die "$f after modflvfile: $summary"
    done
    if [[ -f $work/media/av1_enhanced.flv ]]; then
        expect_failure 1 "video codec av1 is not H.264 or H.265" "$FLVFILE2ES" -i "$work/media/av1_enhanced.flv" -v "$work/o.h265"
        "$MODFLVFILE" -i "$work/media/av1_enhanced.flv" -o "$work/mod_av1.flv" >/dev/null
        summary=$("$FLVCHECK" "$work/mod_av1.flv")
        [[ $summary == *"keyframes=2 video=52 audio=0 size=320x240@25"* ]] || die "AV1 after modflvfile: $summary"
    fi
    ;;

*)
    die "unknown case $case_name"
    ;;
esac
echo "ok: $case_name $media"
