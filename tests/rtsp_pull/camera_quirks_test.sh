#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Camera quirks: GStreamer's RTSP server asks for Digest credentials (RFC 7616),
# and a proxy in front of it removes sprop-parameter-sets from its SDP, so the
# H.264 parameter sets must come from the stream (RFC 6184 8.2.1).
#  1. lal pulls through the proxy with credentials in the URL (API, rtsp_mode 0);
#     HTTP-FLV plays H.264 320x240 and AAC.
#  2. rtsppull does the same with the camera directly.
#  3. A wrong password: every attempt ends "authentication failed", the pull is
#     retried pull_retry_num times and then stops; the camera stays untouched.
# Env: LAL, RTSPPULL, TESTLIB, RELAYLIB, RTSPLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$RTSPLIB"

cam_port=$(free_port)
proxy_port=$(free_port)
camera_start cam "$cam_port" --user cam --password 's3cret'
proxy_start proxy "$proxy_port" "$cam_port" --strip-sprop
lal_API=$(free_port)
server_start lal "{\"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$lal_API\"}}"
wait_port "$lal_API" 20

echo "== 1. Digest and no sprop-parameter-sets, through lal"
answer=$(api_post lal /api/ctrl/start_relay_pull \
  "{\"url\": \"rtsp://cam:s3cret@127.0.0.1:$proxy_port/cam\", \"stream_name\": \"quirky\", \"rtsp_mode\": 0}")
echo "start_relay_pull: $answer"
echo "$answer" | grep -q '"error_code":0' || fail "start_relay_pull refused: $answer"
wait_log lal 20 "the pull to publish" "\[relay\] pull publishing: stream=live/quirky"
grep -q "stripped sprop-parameter-sets" "$WORK/proxy.log" || fail "the proxy saw no sprop-parameter-sets to remove"
record quirky "http://127.0.0.1:$lal_HTTP/live/quirky.flv" "$WORK/quirky.flv" 3
check_media "$WORK/quirky.flv" 50 80
check_decodes "$WORK/quirky.flv"
! grep -q "s3cret" "$WORK/lal.log" || fail "lal logs the camera's password"
api_get lal "/api/stat/group?stream_name=quirky" | grep -q '"remote_addr":"rtsp://127.0.0.1:' ||
  fail "the API does not show the pull's URL without credentials"
! api_get lal "/api/stat/group?stream_name=quirky" | grep -q "s3cret" || fail "the API shows the camera's password"

echo "== 2. rtsppull with Digest"
"$RTSPPULL" -i "rtsp://cam:s3cret@127.0.0.1:$cam_port/cam" -o "$WORK/digest.flv" --time 4 >"$WORK/rtsppull.log" 2>&1 ||
  fail "rtsppull with credentials failed: $(cat "$WORK/rtsppull.log")"
check_media "$WORK/digest.flv" 50 80

echo "== 3. a wrong password"
answer=$(api_post lal /api/ctrl/start_relay_pull \
  "{\"url\": \"rtsp://cam:wrong@127.0.0.1:$cam_port/cam\", \"stream_name\": \"denied\", \"pull_retry_num\": 1}")
echo "$answer" | grep -q '"error_code":0' || fail "start_relay_pull refused: $answer"
wait_log lal 20 "the pull to give up" "\[relay\] pull stop: stream=live/denied .*pull_retry_num attempts failed"
ends=$(count lal "\[relay\] pull session end: stream=live/denied .*reason=authentication failed")
[ "$ends" = 2 ] || fail "$ends attempts ended with 'authentication failed', not 2: $(grep -F 'live/denied' "$WORK/lal.log")"
"$RTSPPULL" -i "rtsp://cam:wrong@127.0.0.1:$cam_port/cam" -o "$WORK/denied.flv" --time 2 >"$WORK/denied.log" 2>&1 &&
  fail "rtsppull succeeded with a wrong password"
grep -q "authentication failed" "$WORK/denied.log" || fail "rtsppull does not say why: $(cat "$WORK/denied.log")"
[ ! -e "$WORK/denied.flv" ] || fail "rtsppull left a file behind after failing"

server_stop lal
echo "PASS"
