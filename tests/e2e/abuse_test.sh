#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Offenders against a server that is streaming (flvfile2rtmppush publishes
# h264_aac_10s.flv to 3 RTMP and 2 HTTP-FLV players):
# - garbage bytes where the handshake belongs,
# - a truncated handshake (C0 and half of C1, then silence), closed at
#   timeouts.handshake_ms (1000 here),
# - a valid handshake and connect, then Set Chunk Size 2^31-1,
# - a valid handshake and connect, then a message header of 16 MiB - 1 bytes,
# - a second publisher of the live stream (refused with Publish.BadName),
# - 1000 connections closed early (at once, by reset, after C0, within C1,
#   after C0+C1, after the handshake).
# Each offender sees its connection closed, and the server logs a session end
# line naming what it did wrong. The players still get every frame, and the
# server's open descriptors return to their count before the storm.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"timeouts": {"handshake_ms": 1000}, "stream": {"wait_publisher_ms": 30000}}'

start_bg players "$E2E_PLAYER" "$RTMP_URL" "$RTMP_URL" "$RTMP_URL" "$HTTP_URL" "$HTTP_URL" \
  --video 250 --audio 432 --source "$src" --max-gap-ms 100 --max-arrival-gap-ms 1000 --timeout 60
players=$LAST_PID
wait_players 3 2
start_bg publisher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"
fds_before=$(fd_count "$LAL_PID")

# Lines about these clients' ports are looked for from here on: the kernel may
# give a client the port of an earlier, already ended session.
log_mark
offender() { python3 "$E2E_TOOLS/raw_client.py" "$1" 127.0.0.1 "$RTMP_PORT" --deadline 10 >"$WORK/$1.log" 2>&1; }
for mode in garbage truncated chunk_size big_message; do
  offender "$mode" &
  eval "pid_$mode=$!"
done
for mode in garbage truncated chunk_size big_message; do
  eval "pid=\$pid_$mode"
  wait "$pid" || fail "$mode: $(cat "$WORK/$mode.log")"
  cat "$WORK/$mode.log"
done
port_of() { sed -n 's/.*local_port=\([0-9]*\).*/\1/p' "$WORK/$1.log" | tail -1; }
# The truncated handshake is cut at handshake_ms, not at once and not much later.
truncated_s=$(sed -n 's/^truncated: closed after \([0-9.]*\) s.*/\1/p' "$WORK/truncated.log")
python3 -c "import sys; t = float(sys.argv[1]); sys.exit(0 if 0.9 <= t <= 4 else 1)" "$truncated_s" ||
  fail "the truncated handshake was closed after $truncated_s s, expected about 1 s"

# What each did wrong, in its session end line.
expect_end() {
  local mode=$1 reason=$2 port
  port=$(port_of "$mode")
  wait_log 10 "the $mode session end line" "\[rtmp\] session end: remote=127\.0\.0\.1:$port .*reason=$reason"
  grep -E "remote=127\.0\.0\.1:$port " "$LAL_LOG"
}
expect_end garbage "unsupported RTMP version in C0/S0"
expect_end truncated "handshake and connect not completed in time"
expect_end chunk_size "chunk size over the limit"
expect_end big_message "message length over the limit"

# A second publisher of the live stream is refused with NetStream.Publish.BadName.
code=0
"$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" >"$WORK/second.log" 2>&1 || code=$?
[ "$code" != 0 ] && grep -q "NetStream.Publish.BadName" "$WORK/second.log" ||
  fail "a second publisher was not refused with BadName (exit $code): $(cat "$WORK/second.log")"
wait_log 10 "the refusal line" "\[rtmp\] publish refused: remote=127\.0\.0\.1:[0-9]+ stream=live/test: already publishing"

# The storm: 1000 connections that end early.
ends_before=$(log_count "\[rtmp\] session end: ")
python3 "$E2E_TOOLS/raw_client.py" storm 127.0.0.1 "$RTMP_PORT" --count 1000 >"$WORK/storm.log" 2>&1 ||
  fail "storm: $(cat "$WORK/storm.log")"
cat "$WORK/storm.log"
wait_log 30 "1000 more session end lines" "\[rtmp\] session end: " $((ends_before + 1000))
fds_near_baseline() { [ "$(fd_count "$LAL_PID")" -le $((fds_before + 2)) ]; }
wait_for 30 "the server's descriptors to return to $fds_before (now $(fd_count "$LAL_PID"))" fds_near_baseline
echo "descriptors: $fds_before before the storm, $(fd_count "$LAL_PID") after"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the players did not all get every frame"
wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
lal_stop
echo PASS
