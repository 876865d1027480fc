#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# 20 streams over two origins and two edges (registry TTL 2 s). One lalbench
# process publishes live/a0..a9 to origin A, another live/b0..b9 to origin B;
# 20 HTTP-FLV players, one per stream, spread over the edges (even-numbered
# streams on edge, odd on edge2), wait before anything is published. Each
# stream is registered to its origin, each edge pulls its streams from the
# right one (/api/stat/relay_pulls) over one connection per stream, and
# every player gets video. Then A dies by SIGKILL: once its
# entries expired, its ten streams are republished to B, the edge pulls them
# from B, and all ten players of A's streams, still connected, get media
# again within TTL + 3 s of the kill (the bound this test asserts; the log
# shows the time taken). B's players are untouched throughout.
# Env: LAL, LALBENCH, HTTPFLVPULL, FLVSTAT, REDIS_SERVER, REDIS_CLI, MEDIA_DIR, TESTLIB, RELAYLIB,
# CLUSTERLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$CLUSTERLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
ttl_ms=2000
recover_bound_ms=$((ttl_ms + 3000))
# all_grown SIZES_FILE MIN STREAMS...: every player's file grew by MIN bytes
# beyond what SIZES_FILE recorded (one "stream size" line each).
all_grown() {
  local sizes=$1 min=$2 s before
  shift 2
  for s in "$@"; do
    before=$(awk -v s="$s" '$1 == s { print $2 }' "$sizes")
    [ "$(size "$WORK/$s.flv")" -gt $((${before:-0} + min)) ] || return 1
  done
}
record_sizes() {
  local s
  for s in "${streams[@]}"; do echo "$s $(size "$WORK/$s.flv")"; done >"$1"
}
# push NAME PORT PREFIX: ten publishers of live/PREFIX0..9 in one lalbench process.
push() {
  start_bg "$1" "$LALBENCH" push -i "$src" -u "rtmp://127.0.0.1:$2/live/$3{i}" -n 10 -r 0 -t 60 -q
}
registered_to() {  # registered_to ID PORT PREFIX: the registry has the ten streams on server ID
  local i
  for i in $(seq 0 9); do
    [ "$(rcli GET "lal:stream:live/$3$i")" = "1 $1 127.0.0.1 $2 $(eval echo "\$${1}_HTTP")" ] || return 1
  done
}
no_entries() {  # no_entries PREFIX: none of the ten streams is registered
  [ -z "$(rcli --scan --pattern "lal:stream:live/$1*")" ]
}

a_streams=(a0 a1 a2 a3 a4 a5 a6 a7 a8 a9)
b_streams=(b0 b1 b2 b3 b4 b5 b6 b7 b8 b9)
streams=("${a_streams[@]}" "${b_streams[@]}")

redis_start
server_start A "$(cluster_conf A false)"
server_start B "$(cluster_conf B false)"
api=$(free_port)
server_start edge "$(cluster_conf edge true "" ", \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$api\"}")"
api2=$(free_port)
server_start edge2 "$(cluster_conf edge2 true "" ", \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$api2\"}")"
edge_of() {  # edge_of STREAM: the edge its player is on (even number: edge, odd: edge2)
  if [ $((${1:1} % 2)) = 0 ]; then echo edge; else echo edge2; fi
}

declare -A player
for s in "${streams[@]}"; do
  port_var="$(edge_of "$s")_HTTP"
  start_bg "player-$s" "$HTTPFLVPULL" -i "http://127.0.0.1:${!port_var}/live/$s.flv" -o "$WORK/$s.flv"
  player[$s]=$LAST_PID
done
push pushA "$A_RTMP" a
pushA=$LAST_PID
push pushB "$B_RTMP" b
pushB=$LAST_PID
wait_for 10 "A's ten streams in the registry" registered_to A "$A_RTMP" a
wait_for 10 "B's ten streams in the registry" registered_to B "$B_RTMP" b
wait_log edge 10 "edge to pull its 10 streams" "\[relay\] pull publishing: stream=live/" 10
wait_log edge2 10 "edge2 to pull its 10 streams" "\[relay\] pull publishing: stream=live/" 10
: >"$WORK/zero.sizes"
wait_for 10 "every player to get media" all_grown "$WORK/zero.sizes" 30000 "${streams[@]}"

# Each stream comes from its own origin, over one connection per stream, and
# only the edge with its player pulls it.
check_pulls() {  # check_pulls API_PORT PARITY A_PORT: that edge pulls its a* from A_PORT, its b* from B
  local pulls
  pulls=$(curl -sf "http://127.0.0.1:$1/api/stat/relay_pulls")
  echo "$pulls" | python3 -c "
import json, sys
pulls = json.load(sys.stdin)['data']['pulls']
got = {p['stream_name']: p['url'] for p in pulls if p['app_name'] == 'live'}
want = {f'{c}{i}': f'rtmp://127.0.0.1:{port}/live/{c}{i}?lal_cluster_hops=1'
        for c, port in (('a', $3), ('b', $B_RTMP)) for i in range($2, 10, 2)}
assert got == want, (sorted(got.items()), len(pulls))
"
}
check_edges() {  # check_edges A_PORT A_CONNS B_CONNS: both edges' pulls and upstream connections
  local e api_port parity pid
  for e in edge edge2; do
    if [ $e = edge ]; then api_port=$api parity=0; else api_port=$api2 parity=1; fi
    pid_var="${e}_PID"
    pid=${!pid_var}
    check_pulls "$api_port" "$parity" "$1" || fail "$e's pulls: $(curl -s "http://127.0.0.1:$api_port/api/stat/relay_pulls")"
    [ "$(conns "$pid" "$A_RTMP")" = "$2" ] || fail "$e holds $(conns "$pid" "$A_RTMP") connections to A, want $2"
    [ "$(conns "$pid" "$B_RTMP")" = "$3" ] || fail "$e holds $(conns "$pid" "$B_RTMP") connections to B, want $3"
  done
}
check_edges "$A_RTMP" 5 5

# A dies without a word; its publishers move to B once A's entries expired.
record_sizes "$WORK/kill.sizes"
kill -KILL "$A_PID"
killed_at=$(now_ms)
stop_pid "$pushA"
wait_for 4 "A's entries to expire" no_entries a
echo "A's entries expired $(($(now_ms) - killed_at)) ms after SIGKILL"
push pushA2 "$B_RTMP" a
pushA2=$LAST_PID
wait_for 5 "A's streams registered to B" registered_to B "$B_RTMP" a
wait_for 5 "the players of A's streams to get media from B" all_grown "$WORK/kill.sizes" 30000 "${a_streams[@]}"
recovered_ms=$(($(now_ms) - killed_at))
echo "all ten players of A's streams got media from B $recovered_ms ms after A was killed (bound $recover_bound_ms ms)"
[ "$recovered_ms" -le "$recover_bound_ms" ] || fail "recovery took $recovered_ms ms, over $recover_bound_ms ms"
check_edges "$B_RTMP" 0 10
# B's streams never stopped: their pulls started once.
for s in "${b_streams[@]}"; do
  [ "$(count "$(edge_of "$s")" "\[relay\] pull publishing: stream=live/$s ")" = 1 ] || fail "the pull of $s restarted"
done

for s in "${streams[@]}"; do
  kill -0 "${player[$s]}" 2>/dev/null || fail "the player of $s left: $(tail -3 "$WORK/player-$s.log")"
  stop_pid "${player[$s]}"
done
stop_pid "$pushA2"
stop_pid "$pushB"
for s in "${streams[@]}"; do
  "$FLVSTAT" "$WORK/$s.flv" --min-video 25 --min-audio 40 --allow-non-key-start >"$WORK/$s.stat" ||
    fail "$s: $(cat "$WORK/$s.stat")"
done
server_stop edge
server_stop edge2
server_stop B
echo PASS
