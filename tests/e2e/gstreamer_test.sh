#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# GStreamer as publisher and as players. gst-launch pushes h264_aac_10s.flv
# with rtmp2sink (paced by the buffer timestamps), and at the same time to a
# second stream with the librtmp-based rtmpsink (the RTMP library OBS's own is
# derived from), which an ffmpeg player saves; three GStreamer players are
# there first: rtmp2src and the librtmp-based rtmpsrc over RTMP, souphttpsrc
# over HTTP-FLV, each saving what it gets. Every file holds every frame (250
# video, 432 audio, the same timestamps per track as the source) with the
# source's codec parameters, and decodes without an error. rtmp2src (GStreamer
# 1.22) ends its stream on NetStream.Play.UnpublishNotify and may drop the one
# message still waiting in it then, so its file may miss the source's very
# last frame of one track, and nothing else.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start

# rtmp2src ends by itself when the publisher leaves (NetStream.Play.UnpublishNotify);
# rtmpsrc and souphttpsrc keep waiting, so they are stopped once their file is whole.
start_bg rtmp2src gst-launch-1.0 -q rtmp2src location="$RTMP_URL" ! filesink location="$WORK/rtmp2src.flv"
rtmp2src=$LAST_PID
start_bg rtmpsrc gst-launch-1.0 -q rtmpsrc location="$RTMP_URL live=1" ! filesink location="$WORK/rtmpsrc.flv"
rtmpsrc=$LAST_PID
start_bg souphttpsrc gst-launch-1.0 -q souphttpsrc location="$HTTP_URL" ! filesink location="$WORK/souphttpsrc.flv"
souphttpsrc=$LAST_PID
wait_players 2 1
librtmp_url="${RTMP_URL%/test}/librtmp"
start_bg ffmpeg_librtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$librtmp_url" -c copy -f flv "$WORK/ffmpeg_librtmp.flv"
ffmpeg_librtmp=$LAST_PID
wait_log 30 "the player of live/librtmp" "\[rtmp\] play waits for a publisher: .* stream=live/librtmp"

start_bg rtmpsink gst-launch-1.0 -q -e filesrc location="$src" ! flvdemux name=d \
  d.video ! queue ! h264parse ! flvmux name=m streamable=true ! rtmpsink location="$librtmp_url" \
  d.audio ! queue ! aacparse ! m.
rtmpsink=$LAST_PID

gst-launch-1.0 -q -e filesrc location="$src" ! flvdemux name=d \
  d.video ! queue ! h264parse ! flvmux name=m streamable=true ! rtmp2sink location="$RTMP_URL" \
  d.audio ! queue ! aacparse ! m. >"$WORK/publisher.log" 2>&1 ||
  fail "the GStreamer publisher failed: $(cat "$WORK/publisher.log")"
wait_log 10 "the publisher's session end" "\[rtmp\] session end: .* role=publish stream=live/test "
code=0
wait_exit "$rtmpsink" 20 || code=$?
[ "$code" = 0 ] || fail "the librtmp publisher (rtmpsink) failed: $(cat "$WORK/rtmpsink.log")"
wait_exit "$ffmpeg_librtmp" 20 || true

# GStreamer's flvmux repeats onMetaData and rtmp2src saves every data message
# (|RtmpSampleAccess, onStatus), which ffprobe shows as extra streams: compare
# the audio and video streams.
av_probe() { probe "$1" | grep -E ',(audio|video),'; }
whole() { [ "$(av_probe "$1" | grep -cE ',(250|432)$')" = 2 ]; }
wait_exit "$rtmp2src" 20 || fail "rtmp2src did not end with the stream: $(tail -3 "$WORK/rtmp2src.log")"
for player in rtmpsrc souphttpsrc; do
  wait_for 20 "$player's file to hold every frame" whole "$WORK/$player.flv"
  eval "stop_pid \$$player INT"
done

# same_frames FILE MAY_MISS_LAST: per track, the file's frame timestamps are the
# source's (all of them, or all but the last when MAY_MISS_LAST is 1).
same_frames() {
  python3 - "$src" "$1" "$2" <<'PY'
import subprocess, sys
def frames(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "packet=codec_type,dts",
                          "-of", "csv=p=0", path], capture_output=True, text=True, check=True).stdout
    tracks = {"audio": [], "video": []}
    for line in out.split():
        kind, dts = line.split(",")[:2]
        if kind in tracks:
            tracks[kind].append(int(dts))
    return tracks
want, got, may_miss_last = frames(sys.argv[1]), frames(sys.argv[2]), sys.argv[3] == "1"
missing = 0
for kind in ("video", "audio"):
    w, g = want[kind], got[kind]
    ok = g == w or (may_miss_last and g == w[:-1])
    print(f"  {kind}: {len(g)} of {len(w)} frames, same timestamps: {ok}")
    missing += len(w) - len(g)
    if not ok:
        sys.exit(1)
sys.exit(0 if missing <= 1 else 1)
PY
}

expected=$(av_probe "$src")
echo "source: $(echo $expected)"
for player in rtmp2src rtmpsrc souphttpsrc ffmpeg_librtmp; do
  file="$WORK/$player.flv"
  echo "$player: $(av_probe "$file" | tr '\n' ' ')"
  may_miss_last=$([ "$player" = rtmp2src ] && echo 1 || echo 0)
  same_frames "$file" "$may_miss_last" || fail "$player: the frames differ from the source's"
  [ "$(av_probe "$file" | sed 's/,[0-9]*$//')" = "$(av_probe "$src" | sed 's/,[0-9]*$//')" ] ||
    fail "$player: codec parameters differ from the source's"
  check_flv "$file" --min-video 249 --min-audio 431 --max-gap-ms 100
  errors=$(ffmpeg -hide_banner -nostdin -v error -i "$file" -f null - 2>&1 || echo "ffmpeg failed")
  [ -z "$errors" ] || fail "$player: the saved stream does not decode cleanly: $errors"
done
lal_stop
echo PASS
