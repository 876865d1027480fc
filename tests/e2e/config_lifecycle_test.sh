#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Config and lifecycle of the lal server:
# - without -c it runs on the built-in defaults, which are what
#   conf/lal.conf.json documents (--dump-config), and listens on :1935 and
#   :8080 (checked only when both ports are free);
# - an unknown key, a wrong type, a value out of range, broken JSON or a
#   missing file: the error names the key path and the server exits 1 without
#   listening;
# - SIGINT and SIGTERM with a publisher and players connected, two of which
#   never read nor close: the server closes every session and exits 0 within
#   2 s, and the other players end by themselves with whole files;
# - session start and end lines carry remote address, protocol, stream, bytes
#   and duration;
# - log.filename writes the log to a file (plain and with daily rotation),
#   log.is_to_stdout false keeps stdout free of log lines.
# Env: LAL_CONF (conf/lal.conf.json) besides the usual ones.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"

# ---- defaults ----
"$LAL" --version | grep -Eq "^lal [0-9]+\.[0-9]+" || fail "--version does not print lal <version>"
"$LAL" --dump-config >"$WORK/defaults.json" || fail "--dump-config failed"
python3 - "$LAL_CONF" "$WORK/defaults.json" <<'EOF' || fail "conf/lal.conf.json and the built-in defaults differ"
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not k.startswith("#")}
    return v
documented = strip(json.load(open(sys.argv[1])))
builtin = json.load(open(sys.argv[2]))
if documented != builtin:
    for section in sorted(set(documented) | set(builtin)):
        if documented.get(section) != builtin.get(section):
            print("differs at %s: file %s, built in %s" % (section, documented.get(section), builtin.get(section)))
    sys.exit(1)
EOF
echo '{"rtmp": {"gop_num": 3}, "log": {"level": 4}}' >"$WORK/override.json"
"$LAL" -c "$WORK/override.json" --dump-config | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c["rtmp"]["gop_num"] == 3 and c["log"]["level"] == 4 and c["rtmp"]["chunk_size"] == 4096, c
' || fail "--dump-config does not show the file's values over the defaults"

port_free() { ! port_open "$1"; }
# Polls until the server listens on both default ports; false if it exits first.
defaults_listening() {
  local pid=$1 deadline=$((SECONDS + 20))
  until port_open 1935 && port_open 8080; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
if port_free 1935 && port_free 8080; then
  mkdir -p "$WORK/defaults"
  (cd "$WORK/defaults" && exec "$LAL") >"$WORK/defaults.log" 2>&1 &
  pid=$!
  TESTLIB_PIDS+=("$pid")
  if defaults_listening "$pid"; then
    kill -INT "$pid"
    wait_exit "$pid" 10 || fail "lal on defaults exited $? after SIGINT"
    grep -qE "RTMP listening on (0\.0\.0\.0|\[::\]):1935" "$WORK/defaults.log" || fail "no RTMP on :1935: $(cat "$WORK/defaults.log")"
    grep -qE "HTTP-FLV listening on (0\.0\.0\.0|\[::\]):8080" "$WORK/defaults.log" || fail "no HTTP-FLV on :8080"
    ls "$WORK"/defaults/logs/lal*.log >/dev/null 2>&1 || fail "the default log file ./logs/lal.log was not written"
    echo "defaults: listened on :1935 and :8080, wrote logs/$(ls "$WORK"/defaults/logs/)"
  elif grep -q "cannot listen" "$WORK/defaults.log"; then
    echo "SKIP defaults: another process took :1935 or :8080 meanwhile"
  else
    fail "lal on defaults did not listen on :1935 and :8080: $(cat "$WORK/defaults.log")"
  fi
else
  echo "SKIP defaults: :1935 or :8080 is in use"
fi

# ---- bad configs ----
bad_config() {
  local json=$1 expected=$2 code=0
  printf '%s' "$json" >"$WORK/bad.json"
  timeout 10 "$LAL" -c "$WORK/bad.json" >"$WORK/bad.out" 2>&1 || code=$?
  [ "$code" = 1 ] || fail "config $json: exit $code, expected 1: $(cat "$WORK/bad.out")"
  grep -qF "$expected" "$WORK/bad.out" || fail "config $json: error does not say '$expected': $(cat "$WORK/bad.out")"
  echo "refused $json: $(cat "$WORK/bad.out")"
}
bad_config '{"rtmp": {"addr": "127.0.0.1:1", "bogus": 1}}' "rtmp.bogus: unknown key"
bad_config '{"bogus": {}}' "bogus: unknown key"
bad_config '{"httpflv": {"gop_num": "2"}}' "httpflv.gop_num: expected an unsigned integer"
bad_config '{"log": {"is_to_stdout": 1}}' "log.is_to_stdout: expected true or false"
bad_config '{"subscriber_queue": {"max_bytes": -5}}' "subscriber_queue.max_bytes"
bad_config '{"log": {"level": 9}}' "log.level: must be between 1 and 5"
bad_config '{"rtmp": {"addr": "1935"}}' "rtmp.addr: expected"
bad_config '{"rtmp": 5}' "rtmp: expected an object"
bad_config '{"rtmp": {' "not valid JSON"
code=0
"$LAL" -c "$WORK/no-such-file.json" >"$WORK/bad.out" 2>&1 || code=$?
[ "$code" = 1 ] && grep -q "cannot read config file" "$WORK/bad.out" || fail "a missing config file: exit $code, $(cat "$WORK/bad.out")"

# ---- signals with sessions open, session lines, log files ----
signal_run() {
  local sig=$1 log_json=$2
  lal_start "{\"log\": $log_json}"
  # With daily rotation the file name carries the date: logs/daily_YYYY-MM-DD.log.
  [ -z "${3:-}" ] || LAL_LOG=$(ls "$WORK"/logs/$3)
  start_bg "pusher_$sig" "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" -r
  local pusher=$LAST_PID
  wait_log 30 "the publisher" "\[rtmp\] publish start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
  # The players join mid-stream: after 30 video frames, in the second GOP.
  "$E2E_PLAYER" "$RTMP_URL" --min-video 30 --timeout 20 >"$WORK/gate_$sig.log" 2>&1 ||
    fail "the stream does not play: $(cat "$WORK/gate_$sig.log")"
  start_bg "rtmppull_$sig" "$RTMPPULL" -i "$RTMP_URL" -o "$WORK/rtmppull_$sig.flv"
  local rtmppull=$LAST_PID
  start_bg "httpflvpull_$sig" "$HTTPFLVPULL" -i "$HTTP_URL" -o "$WORK/httpflvpull_$sig.flv"
  local httpflvpull=$LAST_PID
  wait_log 30 "the RTMP player" "\[rtmp\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
  wait_log 30 "the HTTP-FLV player" "\[httpflv\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
  # Let both players have media before the signal: their files grow.
  has_media() { [ "$(stat -c %s "$WORK/rtmppull_$sig.flv" 2>/dev/null || echo 0)" -gt 20000 ] &&
                [ "$(stat -c %s "$WORK/httpflvpull_$sig.flv" 2>/dev/null || echo 0)" -gt 20000 ]; }
  wait_for 30 "both players to save media" has_media
  # Two players that never read again nor close: the server must not wait for them.
  start_bg "stall_rtmp_$sig" python3 "$E2E_TOOLS/raw_client.py" stall 127.0.0.1 "$RTMP_PORT" --deadline 30
  local stall_rtmp=$LAST_PID
  start_bg "stall_http_$sig" python3 "$E2E_TOOLS/raw_client.py" stall_http 127.0.0.1 "$HTTP_PORT" --deadline 30
  local stall_http=$LAST_PID
  stalled() { grep -q "^stalled" "$WORK/stall_rtmp_$sig.log" && grep -q "^stalled" "$WORK/stall_http_$sig.log"; }
  wait_for 30 "the stalled players to play" stalled

  local t0 t1 code=0
  t0=$(date +%s%N)
  kill "-$sig" "$LAL_PID"
  wait_exit "$LAL_PID" 10 || code=$?
  t1=$(date +%s%N)
  local ms=$(((t1 - t0) / 1000000))
  echo "SIG$sig: exit $code after $ms ms"
  [ "$code" = 0 ] || fail "SIG$sig: the server exited $code"
  [ "$ms" -lt 2000 ] || fail "SIG$sig: the server took $ms ms to exit"
  ! port_open "$RTMP_PORT" || fail "SIG$sig: still accepting RTMP connections"

  stop_pid "$stall_rtmp" TERM
  stop_pid "$stall_http" TERM
  wait_exit "$rtmppull" 10 || echo "rtmppull exited $?: $(tail -1 "$WORK/rtmppull_$sig.log")"
  wait_exit "$httpflvpull" 10 || echo "httpflvpull exited $?: $(tail -1 "$WORK/httpflvpull_$sig.log")"
  stop_pid "$pusher" INT
  # Whole files of what arrived, rebased to start at 0 even when the player
  # joined mid-stream (cached sequence headers keep their old timestamps).
  check_flv "$WORK/rtmppull_$sig.flv" --min-video 1 --first-ts-max 100
  check_flv "$WORK/httpflvpull_$sig.flv" --min-video 1 --first-ts-max 100

  local signo
  signo=$([ "$sig" = INT ] && echo 2 || echo 15)
  grep -E "signal $signo: shutting down \([0-9]+ connection\(s\) open\)" "$LAL_LOG" || fail "no shutdown line"
  grep -q "lal stopped" "$LAL_LOG" || fail "no final line: the log was not flushed"
  # Each service reports what it served: at least the publisher, rtmppull and
  # the stalled player over RTMP, httpflvpull and the stalled one over HTTP.
  grep -E "\[rtmp\] ([3-9]|[0-9]{2,}) connection\(s\) served, 0 still open" "$LAL_LOG" || fail "no RTMP service summary"
  grep -E "\[httpflv\] ([2-9]|[0-9]{2,}) connection\(s\) served, 0 still open" "$LAL_LOG" || fail "no HTTP-FLV service summary"
  # Sessions closed by the shutdown end as closed, not with a write error.
  ! grep -E "session end: .*reason=Broken pipe" "$LAL_LOG" || fail "SIG$sig: a session ended with a write error"
  # Session lines: remote address, protocol, stream, bytes, duration.
  local n
  for pattern in \
    "\[rtmp\] session end: remote=127\.0\.0\.1:[0-9]+ role=publish stream=live/test read=[1-9][0-9]* written=[0-9]+ writes=[0-9]+ duration=[0-9]+ms" \
    "\[rtmp\] session end: remote=127\.0\.0\.1:[0-9]+ role=play stream=live/test read=[0-9]+ written=[1-9][0-9]* writes=[1-9][0-9]* duration=[1-9][0-9]*ms" \
    "\[httpflv\] session end: remote=127\.0\.0\.1:[0-9]+ stream=live/test sent=[1-9][0-9]* received=[1-9][0-9]* duration=[1-9][0-9]*ms"; do
    n=$(log_count "$pattern")
    [ "$n" -ge 1 ] || fail "SIG$sig: no line matches $pattern"
  done
}

mkdir -p "$WORK/logs"
signal_run INT "{\"filename\": \"$WORK/logs/plain.log\", \"is_rotate_daily\": false}"
cmp -s "$WORK/lal.log" "$WORK/logs/plain.log" || fail "the log file differs from what went to stdout"
echo "log file: $(wc -l <"$WORK/logs/plain.log") lines in logs/plain.log"

mv "$WORK/lal.log" "$WORK/lal_int.log"
signal_run TERM "{\"filename\": \"$WORK/logs/daily.log\", \"is_rotate_daily\": true, \"is_to_stdout\": false}" \
  "daily_????-??-??.log"
[ ! -s "$WORK/lal.log" ] || fail "log lines on stdout with is_to_stdout false: $(head -3 "$WORK/lal.log")"
echo "daily log file: $(ls "$WORK/logs")"
echo PASS
