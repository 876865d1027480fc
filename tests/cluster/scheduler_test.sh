#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The reference scheduler (examples/scheduler/lal_scheduler.py) behind an
# entry server's on_play hook: with two players on edge1 and none on edge2,
# ffmpeg asking the entry server is sent to edge2, over HTTP-FLV by a 302 it
# follows, over RTMP by NetConnection.Connect.Rejected with the redirect URL
# (ffmpeg 5 reports it without following it: the test then plays that URL).
# Env: LAL, RTMPPULL, FLVSTAT, REDIS_SERVER, REDIS_CLI, MEDIA_DIR, SCHEDULER, TESTLIB, RELAYLIB, CLUSTERLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$CLUSTERLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
redis_start
server_start A "$(cluster_conf A false)"
server_start edge1 "$(cluster_conf edge1 true)"
server_start edge2 "$(cluster_conf edge2 true)"
sched_port=$(free_port)
start_bg scheduler python3 "$SCHEDULER" --listen "127.0.0.1:$sched_port" --registry "redis://127.0.0.1:$REDIS_PORT"
wait_port "$sched_port" 10
server_start entry "{\"hooks\": {\"on_play\": \"http://127.0.0.1:$sched_port/on_play\"}}"

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -stream_loop -1 -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$A_RTMP/live/test"
wait_log A 10 "A to register the stream" "\[cluster\] registered lal:stream:live/test"
for i in 1 2; do
  start_bg "busy$i" "$RTMPPULL" -i "rtmp://127.0.0.1:$edge1_RTMP/live/test" -o "$WORK/busy$i.flv" -t 20
done
wait_for 10 "edge1 to report two players" bash -c \
  "'$REDIS_CLI' -p $REDIS_PORT GET lal:server:edge1 | grep -qE '^1 edge1 [^ ]+ [0-9]+ [0-9]+ 1 2 '"

# HTTP-FLV: 302 to edge2, which ffmpeg follows.
timeout 20 ffmpeg -nostdin -hide_banner -loglevel warning -i "http://127.0.0.1:$entry_HTTP/live/test.flv" -t 2 \
  -c copy -f flv "$WORK/http.flv" >"$WORK/http.log" 2>&1 || fail "the HTTP-FLV player failed: $(tail -3 "$WORK/http.log")"
grep -qE "\[httpflv\] play refused: .*redirected to http://127.0.0.1:$edge2_HTTP/live/test.flv" "$WORK/entry.log" ||
  fail "the entry server did not redirect the HTTP-FLV player to edge2"
grep -qE "\[httpflv\] play start: .* stream=live/test" "$WORK/edge2.log" || fail "the player did not reach edge2"
check_flv "$WORK/http.flv" --min-video 25 --min-audio 40

# RTMP: the redirect in onStatus (SRS's form), then played where it points.
if timeout 20 ffmpeg -nostdin -hide_banner -loglevel info -i "rtmp://127.0.0.1:$entry_RTMP/live/test" -t 1 \
  -c copy -f flv "$WORK/rtmp_entry.flv" >"$WORK/rtmp_entry.log" 2>&1; then
  fail "ffmpeg played from the entry server instead of being redirected"
fi
to=$(grep -oE "RTMP 302 Redirect to [^ ]+" "$WORK/rtmp_entry.log" | head -1 | awk '{print $5}')
[ "$to" = "rtmp://127.0.0.1:$edge2_RTMP/live/test" ] || fail "redirect: \"$to\": $(tail -3 "$WORK/rtmp_entry.log")"
timeout 20 ffmpeg -nostdin -hide_banner -loglevel warning -i "$to" -t 2 -c copy -f flv "$WORK/rtmp.flv" \
  >"$WORK/rtmp.log" 2>&1 || fail "the redirected RTMP player failed: $(tail -3 "$WORK/rtmp.log")"
check_flv "$WORK/rtmp.flv" --min-video 25 --min-audio 40

for s in entry edge1 edge2 A; do server_stop "$s"; done
echo PASS
