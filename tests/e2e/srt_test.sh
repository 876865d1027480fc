#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SRT publish and play (srt section on), one server for all cases:
# - stream ids that do not parse, or ask for bidirectional mode, are refused
#   in the handshake with their SRT reject reason (1400, 1405);
# - ffmpeg publishes the H.264+AAC clip as MPEG-TS over SRT
#   (#!::r=live/test,m=publish); players there before it: ffmpeg and
#   srt-live-transmit over SRT (#!::r=live/test,m=request and lalmax's
#   #!::h=test,m=request), GStreamer's srtsrc (when present), RTMP, HTTP-FLV and
#   HLS: each gets every frame of the source (ffprobe's counts); the API shows
#   the SRT publisher and the SRT players meanwhile;
# - RTMP publish -> SRT player: every frame, B-frames kept;
# - H.265 + Opus published over SRT reach an SRT player frame for frame;
# - a second publisher of a live stream is refused with 1409; at the end the
#   API lists no stream: every session left.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$E2E_TOOLS/srt_lib.sh"

srt_lal_start '{"hls": {"enable": true, "fragment_duration_ms": 1000, "fragment_num": 30, "cleanup_mode": 0,
                        "sub_session_timeout_ms": 1000}}'
src="$MEDIA_DIR/h264_aac_10s.flv"
bsrc="$MEDIA_DIR/h264_bframes_aac_5s.flv"
ff() { ffmpeg -nostdin -hide_banner -loglevel warning "$@"; }
# linger: ffmpeg's SRT socket sends what it still holds before closing (live
# mode drops it otherwise), so the publisher's last frames reach the server.
PUB_OPTS="linger=3"

# Refused in the handshake, with the reason in the server's log.
for bad in '#!::m=publish:1400' '#!::r=live/a/b,m=publish:1400' '#!::r=live/x,m=bidirectional:1405' \
           '#!::r=live/x,t=file:1415'; do
  id=${bad%:*}
  code=${bad##*:}
  if ff -f lavfi -i "testsrc=duration=1" -f mpegts "$(srt_url "$id" "connect_timeout=2000000")" 2>"$WORK/bad.log"; then
    fail "stream id $id was accepted"
  fi
  wait_log 10 "the refusal of $id" "\[srt\] refusing .*\($code\)"
done

# Players before the publisher.
start_bg play_ff ff -rw_timeout 8000000 -i "$(srt_url '#!::r=live/test,m=request')" -c copy -f mpegts "$WORK/play_ff.ts"
play_ff=$LAST_PID
start_bg play_slt bash -c "srt-live-transmit -a no -q '$(srt_url '#!::h=test,m=request')' file://con > '$WORK/play_slt.ts'"
play_slt=$LAST_PID
players=2
gst=0
if command -v gst-launch-1.0 >/dev/null && gst-inspect-1.0 srtsrc >/dev/null 2>&1; then
  gst=1
  start_bg play_gst gst-launch-1.0 -q srtsrc "uri=srt://127.0.0.1:$SRT_PORT" auto-reconnect=false "streamid=#!::r=live/test,m=request" \
    ! filesink "location=$WORK/play_gst.ts"
  play_gst=$LAST_PID
  players=3
fi
start_bg play_rtmp "$RTMPPULL" -i "$RTMP_URL" -o "$WORK/play_rtmp.flv"
play_rtmp=$LAST_PID
start_bg play_http "$HTTPFLVPULL" -i "$HTTP_URL" -o "$WORK/play_http.flv"
play_http=$LAST_PID
wait_log 30 "$players SRT players waiting" "\[srt\] play waits for a publisher: .* stream=live/test" "$players"
wait_log 30 "the RTMP player" "\[rtmp\] play waits for a publisher: .* stream=live/test"
wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: .* stream=live/test"
start_bg play_rs ff -rw_timeout 8000000 -i "$(srt_url '#!::r=live/r,m=request')" -c copy -f mpegts "$WORK/play_rs.ts"
play_rs=$LAST_PID
wait_log 30 "the SRT player of live/r" "\[srt\] play waits for a publisher: .* stream=live/r"

# SRT publish of live/test; RTMP publish of live/r.
start_bg pub ff -re -i "$src" -c copy -f mpegts "$(srt_url '#!::r=live/test,m=publish' "$PUB_OPTS")"
pub=$LAST_PID
start_bg pub_r ff -re -i "$bsrc" -c copy -f flv "rtmp://127.0.0.1:$RTMP_PORT/live/r"
pub_r=$LAST_PID
wait_log 20 "the SRT publish" "\[srt\] publish start: .* stream=live/test"

# The API: the SRT publisher and the players of every protocol.
wait_for 10 "the API listing live/test" bash -c "python3 '$E2E_TOOLS/api_groups.py' $API_PORT | grep -q 'live/test pub=SRT subs=$((players + 2))'"
api_groups | tee "$WORK/api_live.txt"
grep -q "live/test pub=SRT subs=$((players + 2)) FLV RTMP$(printf ' SRT%.0s' $(seq $players))" "$WORK/api_live.txt" ||
  fail "the API does not show the SRT publisher and players: $(cat "$WORK/api_live.txt")"
# A second publisher of the live stream: 1409.
if ff -f lavfi -i "testsrc=duration=1" -f mpegts "$(srt_url '#!::r=live/test,m=publish' "connect_timeout=2000000")" 2>/dev/null; then
  fail "a second SRT publisher of live/test was accepted"
fi
wait_log 10 "the second publisher's refusal" "\[srt\] refusing .*already publishing \(1409\)"
# The HLS poller starts after the API check: its viewer session would be one
# more subscriber there. The segments it wants stay in the playlist window.
start_bg poll python3 "$E2E_TOOLS/hls_poll.py" "http://127.0.0.1:$HTTP_PORT/hls/test.m3u8" "$WORK/hls" 40
poll=$LAST_PID

wait_exit "$pub" 40 || fail "the SRT publisher failed: $(cat "$WORK/pub.log")"
wait_exit "$pub_r" 40 || fail "the RTMP publisher failed: $(cat "$WORK/pub_r.log")"
# H.265 + Opus, made here (4 s), published over SRT to a waiting SRT player.
ff -f lavfi -i "testsrc=size=320x240:rate=25:duration=4" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=4" \
  -c:v libx265 -preset ultrafast -x265-params log-level=none -g 25 -c:a libopus -b:a 64k -ac 2 -f mpegts "$WORK/hevc.ts"
start_bg play_h ff -rw_timeout 8000000 -i "$(srt_url '#!::r=live/h,m=request')" -c copy -f mpegts "$WORK/play_h.ts"
play_h=$LAST_PID
wait_log 20 "the SRT player of live/h" "\[srt\] play waits for a publisher: .* stream=live/h"
ff -re -i "$WORK/hevc.ts" -c copy -f mpegts "$(srt_url '#!::r=live/h,m=publish' "$PUB_OPTS")" || fail "H.265 publish failed"

for p in play_ff play_slt play_rtmp play_http play_rs play_h; do
  wait_exit "${!p}" 30 || echo "$p exited $?"
done
[ "$gst" = 0 ] || stop_pid "$play_gst"
wait_exit "$poll" 40 || fail "HLS poll failed: $(cat "$WORK/poll.log")"

expected=$(frames "$src")
echo "source: $(echo $expected)"
[ "$(srt_end_field live/test publish frames_in)" = $((250 + 432)) ] || fail "the server did not demux every frame: $(log_since_mark | grep 'session end.*role=publish stream=live/test')"
for f in play_ff.ts play_slt.ts play_rtmp.flv play_http.flv $([ "$gst" = 0 ] || echo play_gst.ts); do
  got=$(frames "$WORK/$f")
  echo "$f: $(echo $got)"
  [ "$got" = "$expected" ] || fail "$f did not get every frame of the source"
done
# HLS: the segments of the final playlist, in order, hold every frame.
playlist=$(ls "$WORK"/hls/fetch_*.m3u8 | tail -1)
grep -q "^#EXT-X-ENDLIST" "$playlist" || fail "the last HLS playlist has no end"
(cd "$WORK/hls/segments" && cat $(grep -v '^#' "$playlist")) >"$WORK/hls_all.ts"
got=$(frames "$WORK/hls_all.ts")
echo "hls: $(echo $got)"
[ "$got" = "$expected" ] || fail "HLS did not get every frame of the source"
# RTMP in, SRT out; H.265 + Opus in and out over SRT.
[ "$(frames "$WORK/play_rs.ts")" = "$(frames "$bsrc")" ] || fail "RTMP -> SRT: $(frames "$WORK/play_rs.ts")"
[ "$(frames "$WORK/play_h.ts")" = "$(frames "$WORK/hevc.ts")" ] || fail "H.265+Opus over SRT: $(frames "$WORK/play_h.ts") vs $(frames "$WORK/hevc.ts")"
echo "h265+opus: $(echo $(frames "$WORK/play_h.ts"))"
# srt-live-transmit keeps the bytes as sent: the PAT first (then the PMT).
[ "$(head -c 4 "$WORK/play_slt.ts" | od -An -tx1 | tr -d ' \n' | cut -c1-6)" = 474000 ] || fail "SRT play does not start with the PAT"
python3 "$E2E_TOOLS/ts_timeline.py" "$WORK/play_ff.ts" || fail "SRT play timeline"

# Everyone left: no stream in the API.
wait_for 10 "no session left in the API (last answer in api_end.txt)" api_empty
lal_stop
