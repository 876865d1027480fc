#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Players that leave in the middle of a write, and players that stall, while
# flvfile2rtmppush publishes h264_aac_10s.flv, inflated to 1.6 MB/s with
# filler NAL units (the kernel's socket buffers would hold a whole 80 KB/s
# stream), to 2 RTMP and 2 HTTP-FLV players (subscriber_queue 2 MiB /
# 1000 ms / close after 1500 ms):
# - 48 players (RTMP and HTTP-FLV in turn, 4 at a time) with a 4 KiB
#   receive buffer play, read a random amount (none for some), stop reading
#   until the server holds bytes it cannot send them (their socket's send
#   queue in /proc/net/tcp), then reset the connection (SO_LINGER 0);
# - one RTMP and one HTTP-FLV player stop reading for good.
# The server logs one session end per reset player and closes both stalled
# ones as too slow; the normal players get every frame, none later than
# 1000 ms after the one before, and the publisher's session lasts no longer
# than its file, so it was never held up; the server's descriptors return to
# their count before any client came.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$0")/robust_lib.sh"

src="$WORK/inflated.flv"
python3 "$ROBUST_TOOLS/inflate_flv.py" "$MEDIA_DIR/h264_aac_10s.flv" "$src" --filler 60000
lal_start '{"subscriber_queue": {"max_bytes": 2097152, "max_ms": 1000, "slow_close_ms": 1500},
            "stream": {"wait_publisher_ms": 30000}}'
fds_idle=$(settled_fd_count)

start_bg players "$E2E_PLAYER" "$RTMP_URL" "$HTTP_URL" -n 2 \
  --video 250 --audio 432 --source "$src" --max-gap-ms 100 --max-arrival-gap-ms 1000 --timeout 60
players=$LAST_PID
wait_players 2 2
start_bg publisher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# Lines about these clients' ports are looked for from here on: the kernel may
# give a client the port of an earlier, already ended session.
log_mark
start_bg stall_rtmp python3 "$E2E_TOOLS/raw_client.py" stall 127.0.0.1 "$RTMP_PORT" --until "$WORK/unstall" --deadline 30
stall_rtmp=$LAST_PID
start_bg stall_http python3 "$E2E_TOOLS/raw_client.py" stall_http 127.0.0.1 "$HTTP_PORT" --until "$WORK/unstall" --deadline 30
stall_http=$LAST_PID

seed=${SEED:-$RANDOM}
echo "resetters seed: $seed (SEED=$seed reproduces it)"
python3 "$ROBUST_TOOLS/fault_client.py" resetters 127.0.0.1 "$RTMP_PORT" "$HTTP_PORT" --count 48 --lanes 4 \
  --seed "$seed" >"$WORK/resetters.log" 2>&1 || fail "resetters: $(cat "$WORK/resetters.log")"
tail -1 "$WORK/resetters.log"

# One session end line per reset player, on the right service.
while read -r proto port; do
  service=$([ "$proto" = rtmp ] && echo rtmp || echo httpflv)
  wait_log 10 "the session end of the $proto player on port $port" \
    "\[$service\] session end: remote=127\.0\.0\.1:$port "
done < <(sed -n 's/^reset \([a-z]*\) local_port=\([0-9]*\) .*/\1 \2/p' "$WORK/resetters.log")
echo "reset players' session ends: $(grep -c "^reset " "$WORK/resetters.log") of 48"
grep -E "session end: remote=127\.0\.0\.1:$(sed -n 's/^reset [a-z]* local_port=\([0-9]*\) .*/\1/p' \
  "$WORK/resetters.log" | head -1) " "$LAL_LOG"

# The stalled players are closed as too slow. Their sessions end once the
# graceful close times out (the FIN waits behind bytes they do not read);
# then they read on and must find the end of the stream.
stalled() { grep -q "^stalled local_port" "$WORK/stall_$1.log"; }
for mode in rtmp http; do
  wait_for 10 "the stalled $mode player to start" stalled "$mode"
  port=$(sed -n 's/^stalled local_port=//p' "$WORK/stall_$mode.log")
  wait_log 20 "the stalled $mode player's closing line" "closing player 127\.0\.0\.1:$port of live/test: player too slow"
  wait_log 20 "the stalled $mode player's session end" "session end: remote=127\.0\.0\.1:$port "
  grep -E "(closing player |session end: remote=)127\.0\.0\.1:$port " "$LAL_LOG"
done
touch "$WORK/unstall"
wait_exit "$stall_rtmp" 20 || fail "the stalled RTMP player was not closed: $(cat "$WORK/stall_rtmp.log")"
wait_exit "$stall_http" 20 || fail "the stalled HTTP-FLV player was not closed: $(cat "$WORK/stall_http.log")"
cat "$WORK/stall_rtmp.log" "$WORK/stall_http.log"

wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
# Its last frame is stamped 9.96 s: paced by the file, its session lasts about
# that long unless the server held it up.
wait_log 10 "the publisher's session end" "\[rtmp\] session end: .* role=publish "
duration=$(sed -n 's/.*\[rtmp\] session end: .* role=publish .* duration=\([0-9]*\)ms.*/\1/p' "$LAL_LOG")
echo "the publisher's session lasted $duration ms for a 10 s file"
[ "$duration" -le 11000 ] || fail "the publisher's session lasted $duration ms for a 10 s file"
code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the normal players did not all get every frame in time"

fds_back() { [ "$(fd_count "$LAL_PID")" = "$fds_idle" ]; }
wait_for 20 "the server's descriptors to return to $fds_idle (now $(fd_count "$LAL_PID"))" fds_back
echo "descriptors: $fds_idle before any client, $(fd_count "$LAL_PID") after"
lal_stop
echo PASS
