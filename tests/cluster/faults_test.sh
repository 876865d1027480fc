#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Faults of a cluster of two origins and an edge (registry TTL 2 s):
# 1. origin A, publishing, dies by SIGKILL: its entry expires within the TTL,
#    ffmpeg republishes to origin B (refused until then), the edge pulls from
#    B and its HTTP-FLV player, still connected, gets media again;
# 2. the registry stops mid-stream: the stream goes on, a lookup fails with a
#    log line; once the registry is back, B registers its stream again and
#    lookups answer again.
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
server_start edge "$(cluster_conf edge true)"

start_bg player ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 10000000 \
  -i "http://127.0.0.1:$edge_HTTP/live/test.flv" -c copy -f flv "$WORK/player.flv"
player=$LAST_PID
publish pubA "$A_RTMP"
pubA=$LAST_PID
wait_log edge 10 "the edge to pull from A" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$A_RTMP/"
wait_for 10 "the player to get media" grown "$WORK/player.flv" 200000

# 1. A dies without a word.
kill -KILL "$A_PID"
killed_at=$(now_ms)
stop_pid "$pubA"
wait_for 4 "A's entry to expire" bash -c "[ -z \"\$('$REDIS_CLI' -p $REDIS_PORT GET lal:stream:live/test)\" ]"
echo "A's entry expired $(($(now_ms) - killed_at)) ms after SIGKILL"
for attempt in $(seq 20); do
  publish pubB "$B_RTMP"
  pubB=$LAST_PID
  wait_for 5 "B to accept or refuse" bash -c \
    "grep -q 'registered lal:stream:live/test' '$WORK/B.log' || ! kill -0 $pubB 2>/dev/null"
  kill -0 "$pubB" 2>/dev/null && break
done
[ "$(rcli GET lal:stream:live/test)" = "1 B 127.0.0.1 $B_RTMP $B_HTTP" ] || fail "registry: $(rcli GET lal:stream:live/test)"
wait_log edge 10 "the edge to pull from B" "\[relay\] pull publishing: stream=live/test origin=rtmp://127.0.0.1:$B_RTMP/"
before=$(size "$WORK/player.flv")
wait_for 10 "the player to get B's media" grown "$WORK/player.flv" $((before + 200000))
kill -0 "$player" || fail "the player left during the failover: $(tail -3 "$WORK/player.log")"
echo "the edge's player got media from B $(($(now_ms) - killed_at)) ms after A was killed"

# 2. The registry goes away and comes back.
redis_stop
wait_log B 5 "B to notice" "\[cluster\] registry 127.0.0.1:$REDIS_PORT unreachable"
before=$(size "$WORK/player.flv")
wait_for 10 "the player to get media without the registry" grown "$WORK/player.flv" $((before + 100000))
start_bg other ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 10000000 \
  -i "rtmp://127.0.0.1:$edge_RTMP/live/other" -c copy -f flv "$WORK/other.flv"
other=$LAST_PID
wait_log edge 5 "a lookup to fail" "\[relay\] lookup of live/other failed: registry: registry unreachable"
redis_start
wait_log B 5 "B to reconnect" "\[cluster\] registry 127.0.0.1:$REDIS_PORT reachable again"
wait_for 5 "B to register its stream again" bash -c \
  "[ \"\$('$REDIS_CLI' -p $REDIS_PORT GET lal:stream:live/test)\" = '1 B 127.0.0.1 $B_RTMP $B_HTTP' ]"
wait_log edge 5 "lookups to answer again" "\[relay\] lookup of live/other failed: not registered by any server"
stop_pid "$other"
[ "$(count edge "\[relay\] pull publishing: stream=live/test")" = 2 ] || fail "the edge's pull restarted without a reason"

kill -0 "$player" || fail "the player left: $(tail -3 "$WORK/player.log")"
stop_pid "$player"
stop_pid "$pubB"
check_flv "$WORK/player.flv" --min-video 100 --min-audio 150
server_stop edge
server_stop B
echo PASS
