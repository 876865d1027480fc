#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTSP authentication (rtsp.auth_*) with ffmpeg, once with Basic (RFC 7617)
# and once with Digest (RFC 7616), each on a server of its own (the method is
# a server setting): ffmpeg publishes 2 s of the clip with
# rtsp://user:pass@..., ffprobe plays it with the right password (every
# frame) while players with a wrong password or none are refused (401). The
# Digest server also checks RTSP plays with simple_auth (sub_rtsp_enable): a
# play without lal_secret is refused (403, with the reason in the log), one
# with it plays.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

src="$WORK/clip.flv"
ffmpeg -nostdin -hide_banner -loglevel error -i "$MEDIA_DIR/h264_aac_10s.flv" -t 2 -c copy "$src" ||
  fail "cannot cut the clip"
want=$(file_probe "$src")
echo "source: $(echo $want)"

# refused URL: ffprobe gives up with an error naming the refusal.
refused() {
  local url=$1 why=$2 out
  if out=$(ffprobe -v error -rtsp_transport tcp "$url" 2>&1); then fail "$url played ($why)"; fi
  echo "refused ($why): $(echo "$out" | head -1)"
}

# run_case METHOD QUERY: one publish and one authorised play of live/s.
run_case() {
  local method=$1 query=$2
  local good="rtsp://user:s3cret@127.0.0.1:$RTSP_PORT/live/s"
  start_bg "play_$method" rtsp_probe "$good$query" tcp "play_$method"
  local player=$LAST_PID
  wait_log 30 "the $method player waiting" "\[rtsp\] describe waits for the stream: .* stream=live/s"
  # Refused before the publisher is there, and while it runs.
  refused "rtsp://user:wrong@127.0.0.1:$RTSP_PORT/live/s$query" "$method, wrong password"
  refused "rtsp://127.0.0.1:$RTSP_PORT/live/s$query" "$method, no credentials"
  ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f rtsp -rtsp_transport tcp "$good" \
    >"$WORK/pub_$method.log" 2>&1 || fail "the $method publisher failed: $(cat "$WORK/pub_$method.log")"
  wait_exit "$player" 30 || fail "the $method player failed: $(tail -3 "$WORK/play_$method.log")"
  echo "$method: $(echo $(cat "$WORK/play_$method.probe"))"
  [ "$(stream_line "$WORK/play_$method.probe" h264)" = "$(stream_line <(echo "$want") h264)" ] ||
    fail "$method: video differs from the source"
  local a
  a=$(frames_of "$(stream_line "$WORK/play_$method.probe" aac)")
  local w
  w=$(frames_of "$(stream_line <(echo "$want") aac)")
  [ "$a" -le "$w" ] && [ "$a" -ge $((w - 8)) ] || fail "$method: $a audio frames of $w"
}

rtsp_start '{"rtsp": {"auth_enable": true, "auth_method": 0, "username": "user", "password": "s3cret"}}'
run_case basic ""
lal_stop
[ "$(log_count "\[rtsp\] publish start: .* stream=live/s")" = 1 ] || fail "basic: no publish start line"

key=q191201771
secret=$(printf '%s' "${key}s" | md5sum | cut -d' ' -f1)
rtsp_start "{\"rtsp\": {\"auth_enable\": true, \"auth_method\": 1, \"username\": \"user\", \"password\": \"s3cret\"},
            \"simple_auth\": {\"key\": \"$key\", \"sub_rtsp_enable\": true}}"
refused "rtsp://user:s3cret@127.0.0.1:$RTSP_PORT/live/s" "digest, right password, no lal_secret"
wait_log 10 "the simple_auth refusal" "\[rtsp\] play refused: .* stream=live/s: .*lal_secret"
run_case digest "?lal_secret=$secret"
lal_stop
[ "$(log_count "\[rtsp\] play start: .* stream=live/s\?lal_secret=$secret")" = 1 ] || fail "digest: no play start line"
echo "PASS"
