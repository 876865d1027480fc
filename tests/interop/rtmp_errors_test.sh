#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tools' error paths: -h, bad URLs, unreadable and malformed input, refused
# connections, a rejected publish, and a pull of a stream nobody publishes.
# Each failure exits non-zero with one clear line on stderr.
# Env: FLVFILE2RTMPPUSH, RTMPPULL, MEDIA_DIR, TESTLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"

# expect_error NAME CODE PATTERN CMD...: CMD exits with CODE ("nonzero" for any
# failure) and its stderr, progress lines ("playing ...", "connected to ...")
# aside, is exactly one line, matching PATTERN.
expect_error() {
  local name=$1 want=$2 pattern=$3
  shift 3
  local code=0
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || code=$?
  echo "$name: exit $code: $(cat "$WORK/$name.err")"
  if [ "$want" = nonzero ]; then
    [ "$code" != 0 ] || fail "$name: exit 0"
  else
    [ "$code" = "$want" ] || fail "$name: exit $code, expected $want"
  fi
  grep -v -e ": playing rtmp://" -e ": connected to rtmp://" "$WORK/$name.err" >"$WORK/$name.msg" || true
  [ "$(wc -l <"$WORK/$name.msg")" = 1 ] || fail "$name: not one line on stderr"
  grep -q -- "$pattern" "$WORK/$name.msg" || fail "$name: stderr does not match '$pattern'"
}

src="$MEDIA_DIR/h264_aac_10s.flv"

for tool in "$FLVFILE2RTMPPUSH" "$RTMPPULL"; do
  "$tool" -h >"$WORK/help.out" || fail "$tool -h exited non-zero"
  grep -q "Usage" "$WORK/help.out" || fail "$tool -h prints no usage"
done

expect_error push_bad_url 2 "bad URL 'http://127.0.0.1/live/x': not an rtmp:// or rtmps:// URL" \
  "$FLVFILE2RTMPPUSH" -i "$src" -o http://127.0.0.1/live/x
expect_error push_no_stream 2 "the URL has no stream name" "$FLVFILE2RTMPPUSH" -i "$src" -o rtmp://127.0.0.1/live
expect_error pull_bad_url 2 "bad URL 'rtmp://127.0.0.1:99999/live/x': the URL has an invalid port" \
  "$RTMPPULL" -i rtmp://127.0.0.1:99999/live/x -o "$WORK/x.flv"
expect_error push_missing_args 2 "see -h" "$FLVFILE2RTMPPUSH" -i "$src"

expect_error push_missing_file 1 "No such file" "$FLVFILE2RTMPPUSH" -i "$WORK/none.flv" -o rtmp://127.0.0.1/live/x
printf 'this is not an FLV file at all\n' >"$WORK/bad.flv"
expect_error push_malformed_file 1 "bad.flv: " "$FLVFILE2RTMPPUSH" -i "$WORK/bad.flv" -o rtmp://127.0.0.1/live/x

closed=$(free_port)
expect_error push_refused 1 "cannot connect to 127.0.0.1:$closed: Connection refused" \
  "$FLVFILE2RTMPPUSH" -i "$src" -o "rtmp://127.0.0.1:$closed/live/x"
expect_error pull_refused 1 "cannot connect to 127.0.0.1:$closed: Connection refused" \
  "$RTMPPULL" -i "rtmp://127.0.0.1:$closed/live/x" -o "$WORK/x.flv"
[ ! -e "$WORK/x.flv" ] || fail "a failed pull left a file behind"

port=$(free_port)
nginx_rtmp_start "$port"

# nginx-rtmp accepts a play of a stream nobody publishes and sends nothing:
# rtmppull gives up after --timeout.
start=$SECONDS
expect_error pull_not_published 1 "no media from rtmp://127.0.0.1:$port/live/nobody for 2 s" \
  "$RTMPPULL" -i "rtmp://127.0.0.1:$port/live/nobody" -o "$WORK/nobody.flv" --timeout 2
[ $((SECONDS - start)) -lt 15 ] || fail "the pull of an absent stream took too long"

# A second publisher of a live stream is refused by nginx-rtmp.
start_bg first "$FLVFILE2RTMPPUSH" -r -i "$src" -o "rtmp://127.0.0.1:$port/live/taken"
first=$LAST_PID
wait_for 20 "the first publisher" grep -q "connected to" "$WORK/first.log"
expect_error push_rejected 1 "publish rejected: NetStream.Publish.BadName" \
  "$FLVFILE2RTMPPUSH" -i "$src" -o "rtmp://127.0.0.1:$port/live/taken"
stop_pid "$first"
echo PASS
