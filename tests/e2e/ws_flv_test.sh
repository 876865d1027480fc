#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# WS-FLV: the HTTP-FLV URL with a WebSocket upgrade gets the stream as binary
# WebSocket messages on the same listener (as lal-Go serves it). wsflv_fetch
# (our client on lal::http's handshake and frame codec: this ffmpeg cannot
# read ws://) saves the messages for 3 s and closes with 1000; the file must be
# a valid FLV that ffprobe reads with H.264 and AAC. A plain GET still gets
# HTTP-FLV, and an upgrade with a bad version is answered 426.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{}'
start_bg pusher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" -r
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

"$WSFLV_FETCH" "http://127.0.0.1:$HTTP_PORT/live/test.flv" "$WORK/ws.flv" 3 >"$WORK/ws.out" 2>&1 ||
  fail "wsflv_fetch: $(cat "$WORK/ws.out")"
grep -qE "^messages=[0-9]+ bytes=[0-9]+" "$WORK/ws.out" || fail "wsflv_fetch printed: $(cat "$WORK/ws.out")"
check_flv "$WORK/ws.flv"
probe "$WORK/ws.flv" >"$WORK/ws.probe" || fail "ffprobe cannot read the WS-FLV file"
grep -q "^h264,.*,video," "$WORK/ws.probe" || grep -q "h264" "$WORK/ws.probe" || fail "no H.264 in: $(cat "$WORK/ws.probe")"
grep -q "aac" "$WORK/ws.probe" || fail "no AAC in: $(cat "$WORK/ws.probe")"
frames=$(awk -F, '/h264/ {print $NF}' "$WORK/ws.probe")
[ "${frames:-0}" -gt 10 ] || fail "too few video frames over WebSocket: $(cat "$WORK/ws.probe")"
wait_log 10 "the WS-FLV session end" "\[httpflv\] session end: .* stream=live/test"

# The same URL without Upgrade is still HTTP-FLV, on the same port.
python3 "$E2E_TOOLS/http_probe.py" 127.0.0.1 "$HTTP_PORT" \
  "GET /live/test.flv HTTP/1.1\r\nHost: x\r\n\r\n" --body-bytes 13 >"$WORK/plain.out"
grep -qx "status=200" "$WORK/plain.out" || fail "plain GET: $(cat "$WORK/plain.out")"
grep -qx "header content-type: video/x-flv" "$WORK/plain.out" || fail "plain GET: $(cat "$WORK/plain.out")"

python3 "$E2E_TOOLS/http_probe.py" 127.0.0.1 "$HTTP_PORT" \
  "GET /live/test.flv HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n" \
  >"$WORK/v8.out"
grep -qx "status=426" "$WORK/v8.out" || fail "version 8 upgrade: $(cat "$WORK/v8.out")"
echo "ok: WS-FLV $(cat "$WORK/ws.out")"
