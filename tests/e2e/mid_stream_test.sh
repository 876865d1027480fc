#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Players that join a running stream (flvfile2rtmppush -r loops h264_aac_10s.flv;
# GOP cache on with the default gop_num 1), over RTMP and HTTP-FLV:
# - the first media message arrives within 100 ms of the play request (RTMP:
#   from sending play; HTTP-FLV: from starting the request);
# - the first video frame is a key frame;
# - from there on every frame arrives: each track is one contiguous run of the
#   looped file's frames (matched by content, across the loop point), timestamps
#   never go back and step at most 100 ms (video steps 88 ms at the loop point,
#   where the pusher continues one frame interval after the last audio frame).
# ffmpeg joining mid-stream gets a file that starts on a key frame too.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start

start_bg pusher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" -r
pusher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# Early joiners, as the GOP cache fills: they run until 6 s of video have
# arrived, so the main players below join in the seventh GOP or later and,
# running for 8 s of video, cross the loop point at 10 s.
"$E2E_PLAYER" "$RTMP_URL" "$HTTP_URL" --min-video 150 --source "$src" --loop --max-gap-ms 100 --timeout 30 \
  >"$WORK/early.log" 2>&1 || fail "early players: $(cat "$WORK/early.log")"
cat "$WORK/early.log"

start_bg ffmpeg_join ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 5000000 \
  -i "$RTMP_URL" -t 3 -c copy -f flv "$WORK/ffmpeg_join.flv"
ffmpeg_join=$LAST_PID
"$E2E_PLAYER" -n 2 "$RTMP_URL" "$HTTP_URL" --min-video 200 --first-within-ms 100 --source "$src" --loop \
  --max-gap-ms 100 --timeout 40 >"$WORK/joiners.log" 2>&1 || fail "joining players: $(cat "$WORK/joiners.log")"
cat "$WORK/joiners.log"
# Each main joiner saw the loop point (the only step over one frame interval).
crossed=$(grep -o "max_ts_gap=[0-9]*" "$WORK/joiners.log" | awk -F= '$2 > 40' | wc -l)
[ "$crossed" = 4 ] || fail "only $crossed of 4 joiners crossed the loop point"
wait_exit "$ffmpeg_join" 30 || fail "ffmpeg joining mid-stream exited $?: $(cat "$WORK/ffmpeg_join.log")"
check_flv "$WORK/ffmpeg_join.flv" --min-video 50 --max-gap-ms 100

stop_pid "$pusher" INT
lal_stop
echo PASS
