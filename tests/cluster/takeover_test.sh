#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cluster.on_conflict "takeover": origin B takes over a stream live on origin
# A. ffmpeg publishes live/test to A; the edge's HTTP-FLV player gets it
# through A. A second ffmpeg publishes the same stream to B, which accepts it
# and registers it as its own; at its next refresh A finds the record
# changed, stops refreshing it and ends its own publisher, so the edge's pull
# from A ends, the edge looks the stream up again and pulls it from B, and
# its player, still connected, gets B's media.
# Env: LAL, HTTPFLVPULL, REDIS_SERVER, REDIS_CLI, MEDIA_DIR, TESTLIB, RELAYLIB, CLUSTERLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$CLUSTERLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"

redis_start
server_start A "$(cluster_conf A false)"
server_start B "$(cluster_conf B false ", \"on_conflict\": \"takeover\"")"
server_start edge "$(cluster_conf edge true)"

start_bg player "$HTTPFLVPULL" -i "http://127.0.0.1:$edge_HTTP/live/test.flv" -o "$WORK/player.flv"
player=$LAST_PID
publish pubA "$A_RTMP"
pubA=$LAST_PID
wait_log edge 10 "the edge to pull from A" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$A_RTMP/"
wait_for 10 "the player to get media" grown "$WORK/player.flv" 0

publish pubB "$B_RTMP"
pubB=$LAST_PID
wait_log B 5 "B to take the stream" "\[cluster\] registered lal:stream:live/test"
[ "$(rcli GET lal:stream:live/test)" = "1 B 127.0.0.1 $B_RTMP $B_HTTP" ] || fail "registry: $(rcli GET lal:stream:live/test)"
wait_log A 5 "A to notice" "\[cluster\] lal:stream:live/test was taken over by cluster server B"
wait_log A 5 "A to end its publisher" "\[cluster\] kicking .*, the publisher of live/test: taken over by cluster server B"
code=0
wait_exit "$pubA" 5 || code=$?
echo "A's publisher (ffmpeg) exited $code once A ended its session"
wait_log edge 10 "the edge to pull from B" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$B_RTMP/"
before=$(size "$WORK/player.flv")
wait_for 10 "the player to get B's media" grown "$WORK/player.flv" $((before + 64 * 1024))
kill -0 "$player" || fail "the player left during the takeover: $(tail -3 "$WORK/player.log")"
# A does not take the stream back: its refreshes stopped.
[ "$(count A "\[cluster\] registered lal:stream:live/test")" = 1 ] || fail "A registered the stream again"
[ "$(rcli GET lal:stream:live/test)" = "1 B 127.0.0.1 $B_RTMP $B_HTTP" ] || fail "registry: $(rcli GET lal:stream:live/test)"

stop_pid "$player"
stop_pid "$pubB"
for s in edge B A; do server_stop "$s"; done
echo PASS
