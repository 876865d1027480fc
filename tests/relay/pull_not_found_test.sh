#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Origin pull of a stream the origin does not have, over RTMP and over HTTP-FLV
# (one edge each). On each edge an RTMP player gets NetStream.Play.StreamNotFound
# and an HTTP-FLV player 404, after stream.wait_publisher_ms and not before;
# the edge gives up pulling after relay_pull.retry_num further attempts and
# ends the pull once its players have gone.
# Env: LAL, RTMPPULL, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

wait_ms=2500
server_start origin '{"stream": {"wait_publisher_ms": 600}}'
pull_settings='"retry_num": 1, "retry_interval_ms": 200, "connect_timeout_ms": 3000, "stop_after_idle_ms": 500'
server_start edge_rtmp "{\"stream\": {\"wait_publisher_ms\": $wait_ms},
  \"relay_pull\": {\"enable\": true, \"addr\": \"127.0.0.1:$origin_RTMP\", $pull_settings}}"
server_start edge_http "{\"stream\": {\"wait_publisher_ms\": $wait_ms},
  \"relay_pull\": {\"enable\": true, \"addr\": \"http://127.0.0.1:$origin_HTTP/{app}/{stream}.flv\", $pull_settings}}"

play_rtmp() {  # NAME PORT: rtmppull; prints its exit code and elapsed ms
  local t0 code=0
  t0=$(now_ms)
  "$RTMPPULL" -i "rtmp://127.0.0.1:$2/live/none" -o "$WORK/$1.flv" --timeout 20 >"$WORK/$1.out" 2>&1 || code=$?
  echo "$code $(($(now_ms) - t0))" >"$WORK/$1.result"
}
play_http() {  # NAME PORT: curl; prints the HTTP status and elapsed ms
  local t0 status
  t0=$(now_ms)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "http://127.0.0.1:$2/live/none.flv" || true)
  echo "$status $(($(now_ms) - t0))" >"$WORK/$1.result"
}
start_bg rtmp_on_rtmp_edge play_rtmp rtmp_on_rtmp_edge "$edge_rtmp_RTMP"
p1=$LAST_PID
start_bg http_on_rtmp_edge play_http http_on_rtmp_edge "$edge_rtmp_HTTP"
p2=$LAST_PID
start_bg rtmp_on_http_edge play_rtmp rtmp_on_http_edge "$edge_http_RTMP"
p3=$LAST_PID
start_bg http_on_http_edge play_http http_on_http_edge "$edge_http_HTTP"
p4=$LAST_PID
for pid in $p1 $p2 $p3 $p4; do wait_exit "$pid" 30 || fail "a player script failed"; done

for edge in rtmp http; do
  read -r code ms <"$WORK/rtmp_on_${edge}_edge.result"
  echo "RTMP player on the $edge-pull edge: exit $code after $ms ms: $(cat "$WORK/rtmp_on_${edge}_edge.out")"
  [ "$code" = 1 ] || fail "rtmppull exited $code"
  grep -q "NetStream.Play.StreamNotFound" "$WORK/rtmp_on_${edge}_edge.out" || fail "no StreamNotFound"
  [ "$ms" -ge $((wait_ms - 200)) ] || fail "StreamNotFound came before stream.wait_publisher_ms"
  [ "$ms" -le $((wait_ms + 5000)) ] || fail "StreamNotFound came late"
  read -r status ms <"$WORK/http_on_${edge}_edge.result"
  echo "HTTP-FLV player on the $edge-pull edge: status $status after $ms ms"
  [ "$status" = 404 ] || fail "HTTP status $status, not 404"
  [ "$ms" -ge $((wait_ms - 200)) ] || fail "404 came before stream.wait_publisher_ms"
  [ "$ms" -le $((wait_ms + 5000)) ] || fail "404 came late"

  name="edge_$edge"
  [ "$(count "$name" "\[relay\] pull start: stream=live/none")" -ge 2 ] || fail "$name did not retry the pull"
  [ "$(count "$name" "\[relay\] pull start: stream=live/none")" -le 2 ] || fail "$name pulled more than 1 + retry_num times"
  wait_log "$name" 20 "$name to give up for now" "\[relay\] pull of live/none .* giving up"
  wait_log "$name" 20 "$name to end the pull" "\[relay\] pull stop: stream=live/none"
done
# The origin refused each of the pulls itself.
[ "$(count origin "\[rtmp\] no publisher for live/none within 600 ms: StreamNotFound")" = 2 ] ||
  fail "the origin did not refuse two RTMP pulls"
[ "$(count origin "\[httpflv\] no publisher for live/none within 600 ms: 404")" = 2 ] ||
  fail "the origin did not refuse two HTTP-FLV pulls"

server_stop edge_rtmp
server_stop edge_http
server_stop origin
echo PASS
