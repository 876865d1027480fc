#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Three lal servers whose relay pushes point at each other: origin -> edge,
# edge -> origin and edge2, edge2 -> edge; edge2 also pulls from edge. Stream
# live/a is published to origin, live/b to edge2. A stream pushed here carries
# the lal_relay marker and a pulled one is never pushed, so nothing loops:
# each server logs exactly the publishes expected, none is refused, nothing
# is pushed twice, and players on every server get live/a (and live/b where
# it was pushed).
# Env: LAL, RTMPPULL, FLVSTAT, MEDIA_DIR, TESTLIB, RELAYLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
ports_for origin
ports_for edge
ports_for edge2
push_to() {  # ADDR...: a relay_push section
  local list="" a
  for a in "$@"; do list+="${list:+, }\"$a\""; done
  echo "\"relay_push\": {\"enable\": true, \"addr_list\": [$list], \"retry_min_ms\": 200, \"retry_max_ms\": 1000}"
}
server_start origin "{$(push_to "127.0.0.1:$edge_RTMP")}"
server_start edge "{$(push_to "127.0.0.1:$origin_RTMP" "rtmp://127.0.0.1:$edge2_RTMP/{app}/{stream}")}"
server_start edge2 "{$(push_to "127.0.0.1:$edge_RTMP"),
  \"relay_pull\": {\"enable\": true, \"addr\": \"127.0.0.1:$edge_RTMP\", \"stop_after_idle_ms\": 1000}}"

start_bg publish_a ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$origin_RTMP/live/a"
publish_a=$LAST_PID
start_bg publish_b ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv \
  "rtmp://127.0.0.1:$edge2_RTMP/live/b"
publish_b=$LAST_PID
wait_log edge 20 "live/a pushed to edge" "\[rtmp\] publish start: .* stream=live/a\?lal_relay=1"
wait_log edge 20 "live/b pushed to edge" "\[rtmp\] publish start: .* stream=live/b\?lal_relay=1"

players=()
play() {  # NAME SERVER STREAM
  local port_var="${2}_RTMP"
  start_bg "$1" "$RTMPPULL" -i "rtmp://127.0.0.1:${!port_var}/live/$3" -o "$WORK/$1.flv" -t 3 --timeout 15
  players+=("$LAST_PID")
}
play a_on_origin origin a
play a_on_edge edge a
play a_on_edge2 edge2 a
play b_on_edge2 edge2 b
play b_on_edge edge b
for pid in "${players[@]}"; do wait_exit "$pid" 30 || fail "a player exited $?"; done
for out in a_on_origin a_on_edge a_on_edge2 b_on_edge2 b_on_edge; do
  check_flv "$WORK/$out.flv" --min-video 25 --min-audio 40
done
wait_exit "$publish_a" 40 || fail "publishing live/a failed: $(cat "$WORK/publish_a.log")"
wait_exit "$publish_b" 40 || fail "publishing live/b failed: $(cat "$WORK/publish_b.log")"
wait_log origin 20 "origin's push to end" "\[relay\] push end: stream=live/a"
wait_log edge2 20 "edge2's push to end" "\[relay\] push end: stream=live/b"

expect() {  # SERVER N REGEX WHAT
  local n
  n=$(count "$1" "$3")
  echo "$1: $n x $4"
  [ "$n" = "$2" ] || fail "$1: $4: $n lines, expected $2"
}
publish_re="\[rtmp\] publish start: .* stream=live"
expect origin 1 "$publish_re/a$" "publish of live/a by ffmpeg"
expect origin 0 "$publish_re/.*lal_relay" "publish by a relay"
expect origin 1 "\[relay\] push start: stream=live/a target=.*:$edge_RTMP/" "push of live/a to edge"
expect origin 0 "\[relay\] push start: stream=live/b" "push of live/b"
expect edge 1 "$publish_re/a\?lal_relay=1" "publish of live/a by origin's push"
expect edge 1 "$publish_re/b\?lal_relay=1" "publish of live/b by edge2's push"
expect edge 2 "\[relay\] live/[ab] was pushed here by a relay" "stream not pushed on"
expect edge 0 "\[relay\] push start" "push"
expect edge2 1 "$publish_re/b$" "publish of live/b by ffmpeg"
expect edge2 0 "$publish_re/a" "publish of live/a"
expect edge2 1 "\[relay\] pull publishing: stream=live/a" "pull of live/a from edge"
expect edge2 1 "\[relay\] push start: stream=live/b target=.*:$edge_RTMP/" "push of live/b to edge"
expect edge2 0 "\[relay\] push start: stream=live/a" "push of the pulled live/a"
for s in origin edge edge2; do
  expect "$s" 0 "publish refused|push failed|push end: .*retry in" "refused publish or failed push"
done

server_stop edge2
server_stop edge
server_stop origin
echo PASS
