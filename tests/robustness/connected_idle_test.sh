#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTMP sessions that complete the handshake and connect (3 of them also
# createStream) and then never play or publish would hold a connection, and a
# place under limits.max_connections, for as long as they liked. They are
# closed timeouts.handshake_ms (500 here) after going silent, not before and
# not much later (1.5 s at most), each with a session end line naming the
# timeout.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

lal_start '{"timeouts": {"handshake_ms": 500}}'
fault() { python3 "$ROBUST_TOOLS/fault_client.py" "$@"; }
# Lines about these clients' ports are looked for from here on: the kernel may
# give a client the port of an earlier, already ended session.
log_mark
fault idle 127.0.0.1 "$RTMP_PORT" --count 3 --after connect --deadline 5 >"$WORK/connect.log" 2>&1 &
connect=$!
fault idle 127.0.0.1 "$RTMP_PORT" --count 3 --after create_stream --deadline 5 >"$WORK/create_stream.log" 2>&1 &
create_stream=$!
code=0
wait "$connect" || code=1
wait "$create_stream" || code=1
cat "$WORK/connect.log" "$WORK/create_stream.log"
[ "$code" = 0 ] || fail "sessions that connected and went silent were not closed within 5 s"
while read -r port seconds; do
  # Counted from the answer to our last message, a little after the server's last input.
  python3 -c "import sys; sys.exit(0 if 0.4 <= float(sys.argv[1]) <= 1.5 else 1)" "$seconds" ||
    fail "the silent session on port $port was closed after $seconds s, expected about 0.5 s"
  wait_log 5 "the session end of port $port" "\[rtmp\] session end: remote=127\.0\.0\.1:$port .*reason=nothing received for too long"
done < <(sed -n 's/^idle local_port=\([0-9]*\) closed after \([0-9.]*\) s .*/\1 \2/p' "$WORK/connect.log" \
  "$WORK/create_stream.log")
lal_stop
echo PASS
