#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Slow subscribers: three players (RTMP, HTTP-FLV, HTTP-TS) complete their play
# request with a 4 KiB receive buffer and then never read, while ffmpeg -re
# publishes a 1.5 MB/s stream to 5 normal players. With subscriber_queue
# max_bytes 256 KiB, max_ms 1000 and slow_close_ms 2000:
# - the normal players get every frame, with no frame later than 500 ms after
#   the one before it (the stalled ones never hold the others up);
# - the server closes each stalled player and logs why, and the player sees
#   its socket closed;
# - the server's RSS grows by less than 3 x max_bytes plus 4 MiB over the
#   baseline taken with the publisher and normal players running, while a
#   stalled player left alone would pin 1.5 MB per second of stream.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

# 8 s of noisy video (every frame about 60 KB) and a tone, made here so the
# repository stays small.
src="$WORK/noisy.flv"
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "testsrc2=size=640x360:rate=25,noise=alls=12:allf=t" \
  -f lavfi -i "sine=frequency=440:sample_rate=44100" -t 10 -c:v libx264 -preset ultrafast -qp 20 -g 25 -bf 0 \
  -pix_fmt yuv420p -c:a aac -b:a 96k -f flv "$src" || fail "cannot make the test stream"
counts=$("$FLVSTAT" "$src")
video=$(sed -n 's/.* video=\([0-9]*\) .*/\1/p' <<<"$counts")
audio=$(sed -n 's/.* audio=\([0-9]*\) .*/\1/p' <<<"$counts")
echo "source: $counts"

# A sanitizer's quarantine keeps freed memory resident: switch it off so RSS
# means what the server holds.
if [ -n "${LAL_SANITIZED:-}" ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
fi
max_bytes=262144
lal_start "{\"httpts\": {\"enable\": true}, \"subscriber_queue\": {\"max_bytes\": $max_bytes, \"max_ms\": 1000, \"slow_close_ms\": 2000},
            \"stream\": {\"wait_publisher_ms\": 30000}}"

start_bg players "$E2E_PLAYER" "$RTMP_URL" "$RTMP_URL" "$RTMP_URL" "$HTTP_URL" "$HTTP_URL" \
  --video "$video" --audio "$audio" --source "$src" --max-gap-ms 100 --max-arrival-gap-ms 500 --timeout 60
players=$LAST_PID
wait_players 3 2

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# Baseline: the highest RSS over the first 1.5 s of the stream, once the GOP
# cache holds a whole GOP and every normal player is receiving.
baseline=0
deadline=$((SECONDS + 30))
samples=0
while [ "$samples" -lt 15 ]; do
  rss=$(rss_kb "$LAL_PID")
  [ "$rss" -gt "$baseline" ] && baseline=$rss
  samples=$((samples + 1))
  [ "$SECONDS" -lt "$deadline" ] || fail "cannot sample the server's memory"
  sleep 0.1
done
echo "baseline RSS: $baseline KiB"

# Lines about these clients' ports are looked for from here on: the kernel may
# give a client the port of an earlier, already ended session.
log_mark
start_bg stall_rtmp python3 "$E2E_TOOLS/raw_client.py" stall 127.0.0.1 "$RTMP_PORT" --until "$WORK/unstall" --deadline 60
stall_rtmp=$LAST_PID
start_bg stall_http python3 "$E2E_TOOLS/raw_client.py" stall_http 127.0.0.1 "$HTTP_PORT" --until "$WORK/unstall" --deadline 60
stall_http=$LAST_PID
start_bg stall_ts python3 "$E2E_TOOLS/raw_client.py" stall_http 127.0.0.1 "$HTTP_PORT" --ext ts --until "$WORK/unstall" --deadline 60
stall_ts=$LAST_PID
all_stalled() {
  grep -q "^stalled local_port" "$WORK/stall_rtmp.log" && grep -q "^stalled local_port" "$WORK/stall_http.log" &&
    grep -q "^stalled local_port" "$WORK/stall_ts.log"
}
wait_for 20 "the stalled players to start" all_stalled
rtmp_port=$(sed -n 's/^stalled local_port=//p' "$WORK/stall_rtmp.log")
http_port=$(sed -n 's/^stalled local_port=//p' "$WORK/stall_http.log")
ts_port=$(sed -n 's/^stalled local_port=//p' "$WORK/stall_ts.log")
[ -n "$rtmp_port" ] && [ -n "$http_port" ] && [ -n "$ts_port" ] ||
  fail "the stalled players did not start: $(cat "$WORK"/stall_*.log)"

# Sample RSS until the server has closed both stalled players, their sessions
# have ended (a graceful close that cannot finish ends after its timeout) and
# the publisher is done.
peak=0
closed() {
  [ "$(log_count "closing player 127\.0\.0\.1:($rtmp_port|$http_port|$ts_port) of live/test: player too slow")" = 3 ] &&
    [ "$(log_count "session end: remote=127\.0\.0\.1:($rtmp_port|$http_port|$ts_port) ")" = 3 ]
}
deadline=$((SECONDS + 40))
while ! closed || kill -0 "$publisher" 2>/dev/null; do
  rss=$(rss_kb "$LAL_PID")
  [ "$rss" -gt "$peak" ] && peak=$rss
  [ "$SECONDS" -lt "$deadline" ] || fail "the stalled players were not closed: $(grep -c "closing player" "$LAL_LOG") closing lines"
  sleep 0.1
done
growth=$((peak - baseline))
limit=$((3 * max_bytes / 1024 + 4096))
echo "peak RSS: $peak KiB, growth $growth KiB, limit $limit KiB"
[ "$growth" -lt "$limit" ] || fail "the server's memory grew by $growth KiB"

# The server's socket closes after a graceful close times out (the peer does
# not read, so the FIN cannot get through). Then the stalled players read on:
# they must find the end of the stream, where an open connection would keep
# sending.
touch "$WORK/unstall"
wait_exit "$stall_rtmp" 20 || fail "the stalled RTMP player was not closed: $(cat "$WORK/stall_rtmp.log")"
wait_exit "$stall_http" 20 || fail "the stalled HTTP-FLV player was not closed: $(cat "$WORK/stall_http.log")"
wait_exit "$stall_ts" 20 || fail "the stalled HTTP-TS player was not closed: $(cat "$WORK/stall_ts.log")"
cat "$WORK/stall_rtmp.log" "$WORK/stall_http.log" "$WORK/stall_ts.log"

code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "the normal players did not all get every frame in time"
wait_exit "$publisher" 10 || fail "the publisher failed: $(cat "$WORK/publisher.log")"

lal_stop
grep -E "(closing player |session end: remote=)127\.0\.0\.1:($rtmp_port|$http_port|$ts_port)" "$LAL_LOG"
echo PASS
