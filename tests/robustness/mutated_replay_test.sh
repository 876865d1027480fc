#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Mutated replays of a real RTMP publish session. A proxy records the first
# 160 KB flvfile2rtmppush sends when publishing live/replay (handshake,
# connect, createStream, publish, metadata, sequence headers, the first
# GOP); then, while another flvfile2rtmppush publishes h264_aac_10s.flv as
# live/test to an RTMP and an HTTP-FLV player:
# - 3 replays of the recording as it is each publish live/replay, and the
#   server reads every byte of them and ends them at the end of input;
# - 200 copies mutated from a seeded RNG (overwrites, bit flips, truncations,
#   duplicated and deleted ranges; SEED=n reproduces a run), 4 at a time, are
#   each closed by the server with exactly one session end line; a copy
#   whose C0 is not 3 ends with "unsupported RTMP version", one cut inside
#   the handshake with "End of file"; the reasons are tallied, and at least
#   a quarter are protocol errors the server named;
# - the server stays up with no sanitizer report, and the players get every
#   frame of live/test.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"timeouts": {"handshake_ms": 2000, "publisher_idle_ms": 2000}, "stream": {"wait_publisher_ms": 30000}}'
replay() { python3 "$ROBUST_TOOLS/replay.py" "$@"; }

# The recording.
proxy_port=$(free_port)
start_bg proxy python3 "$ROBUST_TOOLS/replay.py" record "$proxy_port" 127.0.0.1 "$RTMP_PORT" \
  --out "$WORK/session.bin" --bytes 160000
proxy=$LAST_PID
listening() { grep -q "^listening" "$WORK/proxy.log"; }
wait_for 10 "the recording proxy" listening
start_bg recorded "$FLVFILE2RTMPPUSH" -i "$src" -o "rtmp://127.0.0.1:$proxy_port/live/replay"
recorded=$LAST_PID
wait_exit "$proxy" 30 || fail "recording: $(cat "$WORK/proxy.log")"
wait_exit "$recorded" 10 || true
cat "$WORK/proxy.log"
size=$(stat -c %s "$WORK/session.bin")
[ "$size" = 160000 ] || fail "the recording has $size bytes"
wait_log 10 "the recorded session's end" "\[rtmp\] session end: .* role=publish stream=live/replay "

# The stream the players watch throughout.
start_bg players "$E2E_PLAYER" "$RTMP_URL" "$HTTP_URL" --video 250 --audio 432 --source "$src" --max-gap-ms 100 \
  --timeout 60
players=$LAST_PID
wait_players 1 1
start_bg publisher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# The recording as it is publishes, and every byte of it is read. One after
# the other: the stream is free once the previous session has ended.
: >"$WORK/clean.log"
for i in 1 2 3; do
  log_mark
  replay replay 127.0.0.1 "$RTMP_PORT" --recording "$WORK/session.bin" --count 1 --clean >>"$WORK/clean.log" 2>&1 ||
    fail "clean replay $i: $(cat "$WORK/clean.log")"
  port=$(sed -n 's/^replay [0-9]* local_port=\([0-9]*\) .*/\1/p' "$WORK/clean.log" | tail -1)
  wait_log 10 "the clean replay on port $port to end" "session end: remote=127\.0\.0\.1:$port "
  log_since_mark | grep -qE "publish start: remote=127\.0\.0\.1:$port stream=live/replay" ||
    fail "the clean replay on port $port did not publish: $(log_since_mark | grep "remote=127.0.0.1:$port ")"
  log_since_mark | grep -qE "session end: remote=127\.0\.0\.1:$port role=publish stream=live/replay read=$size .*reason=End of file" ||
    fail "the clean replay on port $port: $(log_since_mark | grep "remote=127.0.0.1:$port ")"
done
cat "$WORK/clean.log"

# Mutated copies.
seed=${SEED:-$RANDOM}
log_mark
replay replay 127.0.0.1 "$RTMP_PORT" --recording "$WORK/session.bin" --count 200 --parallel 4 --seed "$seed" \
  >"$WORK/mutated.log" 2>&1 || fail "mutated replays (SEED=$seed): $(tail -5 "$WORK/mutated.log")"
tail -1 "$WORK/mutated.log"
kill -0 "$LAL_PID" || fail "the server died (SEED=$seed)"
ports=$(sed -n 's/^replay [0-9]* local_port=\([0-9]*\) .*/\1/p' "$WORK/mutated.log")
[ "$(wc -w <<<"$ports")" = 200 ] || fail "$(wc -w <<<"$ports") of 200 replays ran"
pattern="session end: remote=127\.0\.0\.1:($(tr '\n' '|' <<<"$ports" | sed 's/|$//')) "
wait_log 20 "a session end line for each of the 200 replays" "$pattern" 200
[ "$(log_count "$pattern")" = 200 ] || fail "$(log_count "$pattern") session end lines for 200 replays"

# What the server said about each, against what the bytes predict. The
# kernel may give two replays the same client port; the second starts only
# after the server closed the first, so the n-th use of a port is its n-th
# session end line.
log_since_mark >"$WORK/mutated_server.log"
reason_of() {
  sed -n "s/.*session end: remote=127\.0\.0\.1:$1 .*reason=\(.*\) - [a-z_]*\.cpp:[0-9]*$/\1/p" \
    "$WORK/mutated_server.log" | sed -n "$2p"
}
declare -A uses=()
: >"$WORK/reasons"
while read -r port expect; do
  uses[$port]=$((${uses[$port]:-0} + 1))
  reason=$(reason_of "$port" "${uses[$port]}")
  echo "$reason" >>"$WORK/reasons"
  case "$expect" in
    bad_version) [ "$reason" = "unsupported RTMP version in C0/S0" ] ;;
    eof) [ "$reason" = "End of file" ] ;;
    *) true ;;
  esac || fail "replay on port $port (SEED=$seed): expected $expect, the server said: $reason"
done < <(sed -n 's/^replay [0-9]* local_port=\([0-9]*\) .* expect=\([a-z_-]*\) .*/\1 \2/p' "$WORK/mutated.log")
echo "session end reasons of the 200 mutated replays:"
sort "$WORK/reasons" | uniq -c | sort -rn
errors=$(grep -vcE "^(End of file|closed)$" "$WORK/reasons" || true)
[ "$errors" -ge 50 ] || fail "only $errors of 200 mutated replays ended with an error the server named (SEED=$seed)"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the players of live/test did not get every frame (SEED=$seed)"
wait_exit "$publisher" 20 || fail "the publisher failed: $(cat "$WORK/publisher.log")"
lal_stop
echo PASS
