#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Half-open connections and the connection limit (timeouts.handshake_ms 500,
# limits.max_connections 20):
# - 4 connections on the RTMP port and 4 on the HTTP-FLV port that send
#   nothing are closed 0.5 s after they connected (not before, at most 1 s
#   late); HTTP ones get a 408 first; each gets a session end line;
# - a publisher, 15 players checked frame by frame and 4 held players fill
#   the 20 places; 3 more RTMP connects get NetConnection.Connect.Rejected
#   and 3 more HTTP-FLV GETs a 503, each closed at once, each with a
#   "refusing ... (limits.max_connections)" line; nobody already in is
#   touched: the 15 get every frame, the 4 held ones are never closed;
# - once the 4 held players leave, 4 new players are accepted and play.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"timeouts": {"handshake_ms": 500}, "limits": {"max_connections": 20},
            "stream": {"wait_publisher_ms": 30000}}'
fault() { python3 "$ROBUST_TOOLS/fault_client.py" "$@"; }

# Half-open connections, on both ports at once.
# Lines about these clients' ports are looked for from here on: the kernel may
# give a client the port of an earlier, already ended session.
log_mark
fault idle 127.0.0.1 "$RTMP_PORT" --count 4 --deadline 5 >"$WORK/idle_rtmp.log" 2>&1 &
idle_rtmp=$!
fault idle 127.0.0.1 "$HTTP_PORT" --count 4 --deadline 5 >"$WORK/idle_http.log" 2>&1 &
idle_http=$!
wait "$idle_rtmp" || fail "idle RTMP connections: $(cat "$WORK/idle_rtmp.log")"
wait "$idle_http" || fail "idle HTTP-FLV connections: $(cat "$WORK/idle_http.log")"
cat "$WORK/idle_rtmp.log" "$WORK/idle_http.log"
in_time() { python3 -c "import sys; t = float(sys.argv[1]); sys.exit(0 if 0.49 <= t <= 1.5 else 1)" "$1"; }
while read -r port seconds rest; do
  in_time "$seconds" || fail "the idle RTMP connection on port $port was closed after $seconds s, not 0.5 s"
  wait_log 5 "the session end of idle RTMP port $port" \
    "\[rtmp\] session end: remote=127\.0\.0\.1:$port role=- .*reason=handshake and connect not completed in time"
done < <(sed -n 's/^idle local_port=\([0-9]*\) closed after \([0-9.]*\) s \(.*\)/\1 \2 \3/p' "$WORK/idle_rtmp.log")
while read -r port seconds rest; do
  in_time "$seconds" || fail "the idle HTTP-FLV connection on port $port was closed after $seconds s, not 0.5 s"
  [[ "$rest" == *"first_line='HTTP/1.1 408 "* ]] || fail "the idle HTTP-FLV connection on port $port got: $rest"
  wait_log 5 "the session end of idle HTTP-FLV port $port" "\[httpflv\] session end: remote=127\.0\.0\.1:$port "
done < <(sed -n 's/^idle local_port=\([0-9]*\) closed after \([0-9.]*\) s \(.*\)/\1 \2 \3/p' "$WORK/idle_http.log")
[ "$(grep -c " closed after " "$WORK/idle_rtmp.log" "$WORK/idle_http.log" | awk -F: '{s += $2} END {print s}')" = 8 ] ||
  fail "not every idle connection was closed"
grep -E "session end: .*reason=(handshake|.*time)" "$LAL_LOG" | head -2

# Fill the 20 places: 15 checked players, 4 held players, the publisher.
urls=()
for i in $(seq 8); do urls+=("$RTMP_URL"); done
for i in $(seq 7); do urls+=("$HTTP_URL"); done
start_bg players "$E2E_PLAYER" "${urls[@]}" \
  --video 250 --audio 432 --source "$src" --max-gap-ms 100 --max-arrival-gap-ms 1000 --timeout 60
players=$LAST_PID
wait_players 8 7
start_bg publisher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"
start_bg hold python3 "$ROBUST_TOOLS/fault_client.py" hold 127.0.0.1 "$RTMP_PORT" "$HTTP_PORT" --rtmp 2 --http 2 \
  --until "$WORK/release"
hold=$LAST_PID
holding() { grep -q "^holding " "$WORK/hold.log"; }
wait_for 30 "the held players to play" holding
[ "$(log_count "refusing")" = 0 ] || fail "a connection was refused below the limit: $(grep refusing "$LAL_LOG")"

# Beyond the limit: refused politely and at once.
fault refused 127.0.0.1 "$RTMP_PORT" "$HTTP_PORT" --count 3 --deadline 5 >"$WORK/refused.log" 2>&1 ||
  fail "refused connections: $(cat "$WORK/refused.log")"
cat "$WORK/refused.log"
while read -r seconds; do
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 0.5 else 1)" "$seconds" ||
    fail "a refused connection was closed after $seconds s"
done < <(sed -n 's/.* closed after \([0-9.]*\) s .*/\1/p' "$WORK/refused.log")
wait_log 5 "3 RTMP refusals" "\[rtmp\] refusing 127\.0\.0\.1:[0-9]+: 20 connections open \(limits\.max_connections\)" 3
wait_log 5 "3 HTTP-FLV refusals" "\[httpflv\] refusing 127\.0\.0\.1:[0-9]+: 20 connections open \(limits\.max_connections\)" 3
grep -m2 "refusing" "$LAL_LOG"

# The held players leave; new players get in and play from a key frame.
ends_before=$(log_count "session end: ")
touch "$WORK/release"
wait_exit "$hold" 10 || fail "the held players: $(cat "$WORK/hold.log")"
cat "$WORK/hold.log"
wait_log 10 "the held players' session ends" "session end: " $((ends_before + 4))
"$E2E_PLAYER" "$RTMP_URL" "$RTMP_URL" "$HTTP_URL" "$HTTP_URL" --min-video 25 --timeout 20 >"$WORK/late.log" 2>&1 ||
  fail "players after the others left were not accepted: $(cat "$WORK/late.log")"
cat "$WORK/late.log"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the players inside the limit did not all get every frame"
wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
[ "$(log_count "refusing")" = 6 ] || fail "expected 6 refusals: $(grep refusing "$LAL_LOG")"
lal_stop
echo PASS
