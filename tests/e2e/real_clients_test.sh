#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ffmpeg -re publishes h264_aac_10s.flv to lal. Five players, all there before
# the publisher: ffmpeg over RTMP and over HTTP-FLV, rtmpdump, our rtmppull and
# httpflvpull. Each output holds every frame (250 video, 432 audio), the
# source's codec parameters and per-track monotonic timestamps.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start

start_bg ffmpeg_rtmp ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$RTMP_URL" -c copy -f flv "$WORK/ffmpeg_rtmp.flv"
ffmpeg_rtmp=$LAST_PID
start_bg ffmpeg_http ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 3000000 \
  -i "$HTTP_URL" -c copy -f flv "$WORK/ffmpeg_http.flv"
ffmpeg_http=$LAST_PID
start_bg rtmpdump rtmpdump -q --live -r "$RTMP_URL" -o "$WORK/rtmpdump.flv"
rtmpdump=$LAST_PID
start_bg rtmppull "$RTMPPULL" -i "$RTMP_URL" -o "$WORK/rtmppull.flv" --timeout 20
rtmppull=$LAST_PID
start_bg httpflvpull "$HTTPFLVPULL" -i "$HTTP_URL" -o "$WORK/httpflvpull.flv"
httpflvpull=$LAST_PID

# Three RTMP plays wait for the publisher; two HTTP-FLV plays have started.
wait_players 3 2

ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$RTMP_URL" \
  >"$WORK/publisher.log" 2>&1 || fail "the ffmpeg publisher failed: $(cat "$WORK/publisher.log")"

# RTMP players end on NetStream.Play.UnpublishNotify; the HTTP-FLV ones when the
# server gives up waiting for a new publisher (wait_publisher_ms) or ffmpeg's
# -rw_timeout passes.
for pid in "$ffmpeg_rtmp" "$ffmpeg_http" "$rtmppull" "$httpflvpull"; do
  wait_exit "$pid" 30 || echo "player $pid exited $?"
done
# rtmpdump exits by itself too after UnpublishNotify; code 2 means "incomplete",
# which is what a live stream always is.
code=0
wait_exit "$rtmpdump" 30 || code=$?
[ "$code" = 0 ] || [ "$code" = 2 ] || fail "rtmpdump exited $code: $(cat "$WORK/rtmpdump.log")"

expected=$(probe "$src")
echo "source: $(echo $expected)"
for out in ffmpeg_rtmp ffmpeg_http rtmpdump rtmppull httpflvpull; do
  file="$WORK/$out.flv"
  [ -s "$file" ] || fail "$out saved nothing: $(tail -3 "$WORK/$out.log")"
  got=$(probe "$file")
  echo "$out: $(echo $got)"
  [ "$got" = "$expected" ] || fail "$out: streams differ from the source"
  check_flv "$file" --video 250 --audio 432 --max-gap-ms 100
done

lal_stop
# One start and one end line per session, with who, what and how much.
[ "$(log_count "\[rtmp\] session end: remote=127\.0\.0\.1:[0-9]+ role=play stream=live/test read=[0-9]+ written=[0-9]+ writes=[0-9]+ duration=[0-9]+ms")" -ge 3 ] ||
  fail "missing RTMP play session end lines"
[ "$(log_count "\[rtmp\] session end: remote=127\.0\.0\.1:[0-9]+ role=publish stream=live/test")" = 1 ] ||
  fail "missing the publisher's session end line"
[ "$(log_count "\[httpflv\] session end: remote=127\.0\.0\.1:[0-9]+ stream=live/test sent=[0-9]+ received=[0-9]+ duration=[0-9]+ms")" -ge 2 ] ||
  fail "missing HTTP-FLV session end lines"
echo PASS
