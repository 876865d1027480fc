#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two origins, a mid tier and two edges on one Redis registry. Players wait on
# both edges before anything is published: edge1 (through the mid tier) over
# RTMP, edge2 (straight to the owner) over HTTP-FLV. ffmpeg -re publishes to
# origin A, which registers the stream; both edges look it up and pull it,
# each over one connection, and both players get every frame (250 video, 432
# audio). A publish of the same stream to origin B is refused while A has it
# (cluster.on_conflict "refuse"); A's entry is gone once its publisher left.
# Env: LAL, FLVSTAT, REDIS_SERVER, REDIS_CLI, MEDIA_DIR, TESTLIB, RELAYLIB, CLUSTERLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$CLUSTERLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
redis_start
server_start A "$(cluster_conf A false)"
server_start B "$(cluster_conf B false)"
server_start mid "$(cluster_conf mid true)"
server_start edge1 "$(cluster_conf edge1 true ", \"parent\": \"127.0.0.1:$mid_RTMP\"")"
api2=$(free_port)
server_start edge2 "$(cluster_conf edge2 true "" ", \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$api2\"}")"

# Every server reports its address and load.
wait_for 10 "five load records" bash -c "[ \$('$REDIS_CLI' -p $REDIS_PORT --scan --pattern 'lal:server:*' | wc -l) = 5 ]"
rcli GET lal:server:edge1 | grep -qE "^1 edge1 127.0.0.1 $edge1_RTMP $edge1_HTTP 1 0 " || fail "edge1's load record: $(rcli GET lal:server:edge1)"

start_bg player1 ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 1500000 \
  -i "rtmp://127.0.0.1:$edge1_RTMP/live/test" -c copy -f flv "$WORK/player1.flv"
player1=$LAST_PID
start_bg player2 ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 1500000 \
  -i "http://127.0.0.1:$edge2_HTTP/live/test.flv" -c copy -f flv "$WORK/player2.flv"
player2=$LAST_PID
wait_log edge1 10 "edge1's lookup to fail (nothing published)" "\[relay\] lookup of live/test failed: not registered"
wait_log edge2 10 "edge2's lookup to fail (nothing published)" "\[relay\] lookup of live/test failed: not registered"

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$A_RTMP/live/test"
publisher=$LAST_PID
wait_log A 10 "A to register the stream" "\[cluster\] registered lal:stream:live/test"
[ "$(rcli GET lal:stream:live/test)" = "1 A 127.0.0.1 $A_RTMP $A_HTTP" ] || fail "registry entry: $(rcli GET lal:stream:live/test)"
wait_log edge1 10 "edge1 to pull" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$mid_RTMP/live/test\?lal_cluster_hops=1"
wait_log mid 10 "the mid tier to pull" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$A_RTMP/live/test\?lal_cluster_hops=2"
wait_log edge2 10 "edge2 to pull" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$A_RTMP/live/test\?lal_cluster_hops=1"

# The API tells a scheduler what edge2 pulls and from where.
pulls=$(curl -sf "http://127.0.0.1:$api2/api/stat/relay_pulls")
echo "$pulls" | python3 -c "
import json, sys
d = json.load(sys.stdin)['data']['pulls']
assert [(p['app_name'], p['stream_name'], p['url']) for p in d] == \
    [('live', 'test', 'rtmp://127.0.0.1:$A_RTMP/live/test?lal_cluster_hops=1')], d
" || fail "relay_pulls: $pulls"

# A second origin may not take the stream while A has it.
if ffmpeg -nostdin -hide_banner -loglevel error -re -t 1 -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$B_RTMP/live/test" >"$WORK/conflict.log" 2>&1; then
  fail "origin B accepted a publish of a stream live on A"
fi
wait_log B 5 "B to refuse" "stream live on cluster server A"

# One upstream per stream per server, two players or more.
start_bg extra "$RTMPPULL" -i "rtmp://127.0.0.1:$edge2_RTMP/live/test" -o "$WORK/extra.flv" -t 2
extra=$LAST_PID
wait_log edge2 10 "the extra player" "\[rtmp\] play start: .* stream=live/test"
[ "$(conns "$edge1_PID" "$mid_RTMP")" = 1 ] || fail "edge1 holds $(conns "$edge1_PID" "$mid_RTMP") connections to mid"
[ "$(conns "$edge2_PID" "$A_RTMP")" = 1 ] || fail "edge2 holds $(conns "$edge2_PID" "$A_RTMP") connections to A"
[ "$(conns "$mid_PID" "$A_RTMP")" = 1 ] || fail "mid holds $(conns "$mid_PID" "$A_RTMP") connections to A"
wait_exit "$extra" 10 || fail "the extra player failed: $(tail -3 "$WORK/extra.log")"
wait_for 5 "edge2's load record to count players" bash -c \
  "'$REDIS_CLI' -p $REDIS_PORT GET lal:server:edge2 | grep -qE '^1 edge2 [^ ]+ [0-9]+ [0-9]+ 1 [1-9]'"

wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
wait_log A 5 "A to release the stream" "\[cluster\] released lal:stream:live/test"
[ -z "$(rcli GET lal:stream:live/test)" ] || fail "the entry outlived its publisher"
wait_exit "$player1" 15 || echo "player1 exited $?"
wait_exit "$player2" 15 || echo "player2 exited $?"
check_flv "$WORK/player1.flv" --video 250 --audio 432
check_flv "$WORK/player2.flv" --video 250 --audio 432
[ "$(count edge1 "\[relay\] pull start: stream=live/test")" -ge 1 ] || fail "edge1 never pulled"

for s in edge1 edge2 mid B A; do server_stop "$s"; done
# A stopped server takes its load record with it.
[ -z "$(rcli GET lal:server:A)" ] || fail "A's load record outlived it"
echo PASS
