#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A browser player: headless Chromium opens a page served from another port
# (so the stream is a cross-origin request and needs the server's
# Access-Control-Allow-Origin) that plays the HTTP-FLV stream, then the same
# stream over WS-FLV and over HTTP-TS, with mpegts.js, and its HLS with hls.js, through Media
# Source Extensions, while flvfile2rtmppush loops h264_aac_10s.flv into the
# server. After 6 s of playing each, the page reports: no player or media
# error (fatal ones for hls.js), the picture at 640x360, at least 75 frames
# decoded and the clock past 2 s. hls.js also plays the HLS over HTTPS
# (default_http's listener, a certificate from scripts/make-cert.sh that
# Chromium is told to accept). mpegts.js and hls.js come from the npm
# registry (pinned versions), installed once into the build tree, never into
# the repository.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$BROWSER_DIR/page_lib.sh"

page_install

bash "$E2E_TOOLS/../../../scripts/make-cert.sh" "$WORK/cert" >/dev/null
HTTPS_PORT=$(free_port)
lal_start "{\"httpts\": {\"enable\": true}, \"hls\": {\"enable\": true, \"enable_https\": true, \"fragment_duration_ms\": 1000},
            \"default_http\": {\"https_listen_addr\": \"127.0.0.1:$HTTPS_PORT\",
                               \"https_cert_file\": \"$WORK/cert/cert.pem\", \"https_key_file\": \"$WORK/cert/key.pem\"}}"
wait_port "$HTTPS_PORT" 30
start_bg publisher "$FLVFILE2RTMPPUSH" -r -i "$MEDIA_DIR/h264_aac_10s.flv" -o "$RTMP_URL"
publisher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

# Plays URL $2 in the page for 6 s; the report goes to $WORK/report_$1.json.
play_in_browser() {
  open_page "$1" "ms=6000&src=$(page_src "$2")" 60
  python3 "$BROWSER_DIR/check_report.py" "$WORK/report_$1.json" --size 640x360 --frames 75 --clock 2 ||
    fail "the browser did not play the $1 stream"
}

play_in_browser flv "$HTTP_URL"
wait_log 10 "the browser's HTTP-FLV session" "\[httpflv\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
# WS-FLV: the same URL over a WebSocket (mpegts.js picks its WebSocket loader for ws://).
play_in_browser wsflv "ws://127.0.0.1:$HTTP_PORT/live/test.flv"
wait_log 10 "the browser's WS-FLV session" "\[httpflv\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test" 2
# HTTP-TS: the same stream as MPEG-TS (PAT+PMT, the cached GOP, live).
play_in_browser ts "${HTTP_URL%.flv}.ts"
wait_log 10 "the browser's HTTP-TS session" "\[httpts\] play start: remote=127\.0\.0\.1:[0-9]+ stream=live/test"
# HLS with hls.js, once the playlist holds three segments (its live edge).
wait_for 30 "three HLS segments" bash -c "[ \$(curl -sf 'http://127.0.0.1:$HTTP_PORT/hls/test.m3u8' | grep -c '\.ts\$') -ge 3 ]"
play_in_browser hls "http://127.0.0.1:$HTTP_PORT/hls/test.m3u8"
# The same HLS over HTTPS, from a page served over HTTP (no mixed content: the media is the secure side).
play_in_browser hls_https "https://127.0.0.1:$HTTPS_PORT/hls/test.m3u8"
stop_pid "$publisher" INT
lal_stop
echo PASS
