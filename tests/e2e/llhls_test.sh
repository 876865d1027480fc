#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Low-Latency HLS (draft-pantos-hls-rfc8216bis-16) on a live publish: ffmpeg
# publishes (up to 30 s, stopped at the end) 25 fps H.264 (a key frame every second) and AAC over
# RTMP in real time; the server cuts 1 s fMP4 segments into 200 ms parts.
# llhls_probe.py (curl) makes blocking playlist reloads for the next part,
# checks every playlist with tests/support/llhls_check.py, measures that a
# held request returns within the part duration plus 100 ms of the part's end
# on the playlist's EXT-X-PROGRAM-DATE-TIME clock, fetches the hinted part
# before it exists, checks that a segment's parts are its bytes and that
# requests too far ahead get 400. Then hls.js in headless Chromium with
# lowLatencyMode (catching up at up to 1.5x, as LL players are set up) plays
# the stream for 6 s from its first frame: frames decoded,
# no fatal error, hls.latency under 2 s (the report also gives the stalls and
# the slowest part and playlist loads, which tell a starved browser from a late server;
# a page that stalled gets one more try, see below).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$BROWSER_DIR/page_lib.sh"

page_install

lal_start '{"hls": {"enable": true, "fragment_format": "fmp4", "ll_hls_enable": true, "part_duration_ms": 200,
                    "fragment_duration_ms": 1000}}'
start_bg publisher ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 \
  -f lavfi -i sine=frequency=440:sample_rate=48000 -t 30 -c:v libx264 -preset ultrafast -tune zerolatency \
  -g 25 -keyint_min 25 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -f flv "$RTMP_URL"
publisher=$LAST_PID
PLAYLIST="http://127.0.0.1:$HTTP_PORT/hls/test.m3u8"
# Two complete segments with their parts, and parts of the open one.
wait_for 10 "a playlist with two segments" bash -c "[ \$(curl -sf '$PLAYLIST' | grep -c '\.m4s\$') -ge 2 ]"

python3 "$E2E_TOOLS/llhls_probe.py" "$PLAYLIST" 8 || fail "the LL-HLS checks failed"

play_llhls() {  # name: plays the stream in a new page, checks its report
  open_page "$1" "ms=6000&ll=1&src=$(page_src "$PLAYLIST")" 40
  python3 "$BROWSER_DIR/check_report.py" "$WORK/report_$1.json" --size 320x240 --frames 60 --max-latency 2
}
# hls.js 1.7.4 on a loaded machine now and then stops loading parts at the live
# edge although the playlist lists the next ones (its log: no load for ~2 s,
# then "skipping hole"), and its latency stays up after that stall. A report
# that shows such a stall gets one more page; a server that is late fails both.
if ! play_llhls llhls; then
  python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["stalls"] else 1)' "$WORK/report_llhls.json" ||
    fail "hls.js did not play the LL-HLS stream at low latency"
  echo "hls.js stalled once (report above): a second page"
  play_llhls llhls_again || fail "hls.js did not play the LL-HLS stream at low latency (twice)"
fi
stop_pid "$publisher" INT
lal_stop
echo PASS
