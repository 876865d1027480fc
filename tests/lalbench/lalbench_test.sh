#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end checks of lalbench against the lal server on free loopback ports.
#   lalbench_test.sh CASE     (run-rtmp, run-httpflv, run-ts-hls, run-llhls, run-rtsp, run-srt, run-webrtc, run-moq, spread, no-server, churn, decodes, usage)
# Environment: LALBENCH, LAL, RTMPPULL (programs), MEDIA_DIR, TESTLIB, WORK.
set -euo pipefail
# shellcheck source=../support/testlib.sh
source "$TESTLIB"

MEDIA="$MEDIA_DIR/h264_aac_10s.flv"

# server_start [JSON]: JSON is more top-level config sections ("hls": {...}).
server_start() {
  local extra=${1:+$1,}
  RTMP_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$RTMP_PORT" ]; do HTTP_PORT=$(free_port); done
  cat >"$WORK/lal.conf.json" <<JSON
{ $extra "rtmp": { "addr": "127.0.0.1:$RTMP_PORT" }, "httpflv": { "addr": "127.0.0.1:$HTTP_PORT" },
  "stream": { "wait_publisher_ms": 5000 }, "threads": 1,
  "log": { "filename": "", "level": 2 }${SERVER_EXTRA:-} }
JSON
  start_bg lal "$LAL" -c "$WORK/lal.conf.json"
  SERVER_PID=$LAST_PID
  wait_port "$RTMP_PORT" 30
  wait_port "$HTTP_PORT" 30
}

server_check_alive() {
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died: $(tail -5 "$WORK/lal.log")"
}

# json_check FILE PYTHON-EXPR...: each expression, with j the parsed summary, must hold.
json_check() {
  local file=$1
  shift
  python3 -m json.tool "$file" >/dev/null || fail "$file is not JSON: $(head -c 300 "$file")"
  python3 - "$file" "$@" <<'PY' || fail "summary checks failed: $(cat "$file")"
import json, sys
j = json.load(open(sys.argv[1]))
bad = [e for e in sys.argv[2:] if not eval(e, {"j": j})]
for e in bad:
    print("not true:", e, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# run_bench NAME ARGS...: runs lalbench with --json; its exit code is in BENCH_EXIT.
run_bench() {
  local name=$1
  shift
  BENCH_EXIT=0
  "$LALBENCH" "$@" --json -q >"$WORK/$name.json" 2>"$WORK/$name.log" || BENCH_EXIT=$?
  echo "lalbench $*: exit $BENCH_EXIT"
  cat "$WORK/$name.log"
}

case "${1:?case}" in
run-rtmp)
  server_start
  run_bench run "run" -i "$MEDIA" -u "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 5 -t 3 --warmup 1 \
    --publish-warmup 1 --server-pid "$SERVER_PID"
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench run exited $BENCH_EXIT"
  json_check "$WORK/run.json" 'j["connected"] == 5' 'j["failed"] == 0' 'j["frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0' '0 < j["latency_ms"]["p50"] <= j["latency_ms"]["p99"] <= j["latency_ms"]["p999"] <= j["latency_ms"]["max"]' \
    'j["publish"]["connected"] == 1' 'j["window"]["bitrate_bps"] > 0' 'j["server"]["cpu_s"] >= 0' \
    'j["server"]["rss_peak_kb"] > 0' 'j["ok"] is True' \
    'j["machine"]["cpu_s"] + 0.05 >= j["server"]["cpu_s"] + j["lalbench_cpu_s"]' '0 <= j["machine"]["softirq_s"] <= j["machine"]["cpu_s"]'
  server_check_alive
  ;;
run-httpflv)
  server_start
  run_bench run "run" -i "$MEDIA" -u "http://127.0.0.1:$HTTP_PORT/live/t.flv" \
    --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 5 -t 3 --warmup 1 --publish-warmup 1
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench run exited $BENCH_EXIT"
  json_check "$WORK/run.json" 'j["connected"] == 5' 'j["failed"] == 0' 'j["frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0'
  server_check_alive
  ;;
run-ts-hls)
  # One server with HTTP-TS and HLS (1 s segments): HTTP-TS, WS-TS and WS-FLV
  # players get every frame with latency; HLS players (each its own
  # User-Agent) poll and fetch segments, lose nothing, and are 3 viewer sessions.
  server_start '"httpts": { "enable": true }, "hls": { "enable": true, "fragment_duration_ms": 1000 }'
  H="127.0.0.1:$HTTP_PORT"
  for url in "http://$H/live/t.ts" "ws://$H/live/t.ts" "ws://$H/live/t.flv"; do
    name=$(echo "$url" | tr -c 'a-z0-9\n' '_')
    run_bench "$name" run -i "$MEDIA" -u "$url" --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" \
      -n 3 -t 2 --warmup 1 --publish-warmup 1
    [ "$BENCH_EXIT" = 0 ] || fail "lalbench $url exited $BENCH_EXIT"
    json_check "$WORK/$name.json" 'j["connected"] == 3' 'j["failed"] == 0' 'j["stamped_frames"] > 0' \
      'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0'
  done
  run_bench hls run -i "$MEDIA" -u "http://$H/hls/t.m3u8" --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" \
    -n 3 -t 3 --warmup 1 --publish-warmup 3 --lag-ms 60000
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench HLS exited $BENCH_EXIT"
  json_check "$WORK/hls.json" 'j["connected"] == 3' 'j["failed"] == 0' 'j["stamped_frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0'
  [ "$(grep -c '\[hls\] viewer start: .* stream=live/t ' "$WORK/lal.log")" = 3 ] ||
    fail "the server did not see 3 HLS viewers: $(grep '\[hls\] viewer' "$WORK/lal.log")"
  ;;
run-llhls)
  # Low-Latency HLS (fMP4, 1 s segments, 200 ms parts): lalbench fetches the
  # init segment and each part once and holds a blocking reload for the next
  # part, so its players get every frame well under one segment's length
  # behind (polled 1 s segments would put p50 past a second).
  server_start '"hls": { "enable": true, "fragment_duration_ms": 1000, "fragment_format": "fmp4", "ll_hls_enable": true }'
  run_bench llhls run -i "$MEDIA" -u "http://127.0.0.1:$HTTP_PORT/hls/t.m3u8" \
    --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 3 -t 3 --warmup 1 --publish-warmup 3 --lag-ms 60000
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench LL-HLS exited $BENCH_EXIT"
  json_check "$WORK/llhls.json" 'j["connected"] == 3' 'j["failed"] == 0' 'j["stamped_frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0' 'j["latency_ms"]["p50"] < 700'
  server_check_alive
  ;;
run-rtsp)
  # RTSP players (TCP interleaved) of an RTMP-published stream: the stamps
  # survive the RTP form (the SEI is the frame's first NAL unit after any
  # parameter sets put before key frames).
  RTSP_PORT=$(free_port)
  SERVER_EXTRA=", \"rtsp\": { \"enable\": true, \"addr\": \"127.0.0.1:$RTSP_PORT\" }"
  server_start
  wait_port "$RTSP_PORT" 30
  run_bench run "run" -i "$MEDIA" -u "rtsp://127.0.0.1:$RTSP_PORT/live/t" \
    --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 5 -t 3 --warmup 1 --publish-warmup 1
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench run exited $BENCH_EXIT"
  json_check "$WORK/run.json" 'j["connected"] == 5' 'j["failed"] == 0' 'j["frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0'
  server_check_alive
  ;;
run-srt)
  # SRT players (libsrt callers) of an RTMP-published stream: the stamps
  # survive the server's MPEG-TS; a stream id the server refuses fails the
  # player with SRT's reject reason.
  SRT_PORT=$(free_port)
  SERVER_EXTRA=", \"srt\": { \"enable\": true, \"addr\": \"127.0.0.1:$SRT_PORT\" }"
  server_start
  wait_for 30 "the SRT listener" grep -q "SRT listening on 127.0.0.1:$SRT_PORT" "$WORK/lal.log"
  run_bench run "run" -i "$MEDIA" -u "srt://127.0.0.1:$SRT_PORT/live/t" \
    --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 5 -t 3 --warmup 1 --publish-warmup 1 --server-pid "$SERVER_PID"
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench run exited $BENCH_EXIT"
  json_check "$WORK/run.json" 'j["connected"] == 5' 'j["failed"] == 0' 'j["video_frames"] > 0' \
    'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0' 'j["server"]["rss_per_receiver_kb"] > 0'
  run_bench bad play -u "srt://127.0.0.1:$SRT_PORT?streamid=#!::r=live/t,m=bidirectional" -n 1 -t 1 \
    --connect-timeout 5
  [ "$BENCH_EXIT" = 1 ] || fail "a refused stream id: lalbench exited $BENCH_EXIT"
  json_check "$WORK/bad.json" 'j["failed"] == 1' \
    'any("SRT rejected" in k for k in j["failures"])'
  server_check_alive
  ;;
run-webrtc)
  # WHEP players (ICE, DTLS client, SRTP) of an RTMP-published stream: the
  # stamps survive the server's RTP packetization, the AAC audio arrives as
  # Opus (transcoded once for the stream), and each player DELETEs its session
  # at the end. A stream nobody publishes fails the player with the server's 404.
  RTC_PORT=$(free_port)
  SERVER_EXTRA=", \"rtc\": { \"enable\": true, \"addr\": \"127.0.0.1:$RTC_PORT\", \"candidates\": [\"127.0.0.1\"] }"
  server_start
  start_bg push "$LALBENCH" push -i "$MEDIA" -u "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 1 -t 60
  PUSH_PID=$LAST_PID
  wait_for 10 "the publisher" grep -q "1 publishing" "$WORK/push.log"
  run_bench play play -u "whep://127.0.0.1:$HTTP_PORT/live/t" -n 3 -t 3 --warmup 1 --server-pid "$SERVER_PID"
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench play exited $BENCH_EXIT"
  json_check "$WORK/play.json" 'j["connected"] == 3' 'j["failed"] == 0' 'j["stamped_frames"] > 0' \
    'j["frames"] > j["video_frames"]' 'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0' \
    '0 < j["latency_ms"]["p50"] <= j["latency_ms"]["p99"]'
  wait_for 5 "three sessions ended by DELETE" \
    bash -c "[ \"\$(grep -c 'session end: .*reason=DELETE by the client' '$WORK/lal.log')\" = 3 ]"
  run_bench none play -u "whep://127.0.0.1:$HTTP_PORT/live/nobody" -n 1 -t 1 --connect-timeout 5
  [ "$BENCH_EXIT" = 1 ] || fail "an unpublished stream: lalbench exited $BENCH_EXIT"
  json_check "$WORK/none.json" 'j["failed"] == 1' 'any("404" in k for k in j["failures"])'
  stop_pid "$PUSH_PID" INT
  server_check_alive
  ;;
run-moq)
  # MoQT players (QUIC, HTTP/3 WebTransport, draft-20 SUBSCRIBE) of an
  # RTMP-published stream: every stamped frame arrives (the objects carry the
  # frames as the publisher sent them) with its latency, audio objects too.
  # lal's QUIC listener wants a certificate: a throwaway ECDSA one.
  QUIC_PORT=$(free_port)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null || fail "openssl could not make a certificate"
  SERVER_EXTRA=", \"quic\": { \"enable\": true, \"addr\": \"127.0.0.1:$QUIC_PORT\", \"cert_file\": \"$WORK/cert.pem\", \"key_file\": \"$WORK/key.pem\" }"
  server_start
  run_bench play run -i "$MEDIA" --push-url "rtmp://127.0.0.1:$RTMP_PORT/live/t" \
    -u "moq://127.0.0.1:$QUIC_PORT/live/t" -n 3 -t 2 --warmup 1 --publish-warmup 1 --server-pid "$SERVER_PID"
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench run exited $BENCH_EXIT"
  json_check "$WORK/play.json" 'j["connected"] == 3' 'j["failed"] == 0' 'j["stamped_frames"] > 0' \
    'j["frames"] > j["video_frames"]' 'j["lost_frames"] == 0' 'j["lagging_players"] == 0' \
    'j["latency_ms"]["count"] > 0' '0 < j["latency_ms"]["p50"] <= j["latency_ms"]["p99"] < 1000'
  grep -q "\[moq\] play start: .*stream=live/t" "$WORK/lal.log" || fail "the server logged no MoQT play start"
  # A stream nobody publishes has no video track: the player fails with the server's REQUEST_ERROR.
  run_bench none play -u "moq://127.0.0.1:$QUIC_PORT/live/nobody" -n 1 -t 1 --warmup 0 --connect-timeout 5
  [ "$BENCH_EXIT" = 1 ] || fail "an unpublished stream: lalbench exited $BENCH_EXIT"
  json_check "$WORK/none.json" 'j["failed"] == 1' 'any("SUBSCRIBE video: REQUEST_ERROR" in k for k in j["failures"])'
  server_check_alive
  ;;
spread)
  # Three publishers s0..s2 in one process, players in another: each player i
  # plays s{i}, and latency compares across processes (CLOCK_MONOTONIC).
  server_start
  start_bg push "$LALBENCH" push -i "$MEDIA" -u "rtmp://127.0.0.1:$RTMP_PORT/live/s{i}" -n 3 -t 60
  PUSH_PID=$LAST_PID
  wait_for 10 "three publishers" grep -q "3 publishing" "$WORK/push.log"
  run_bench three play -u "rtmp://127.0.0.1:$RTMP_PORT/live/s{i}" -n 3 -t 2 --warmup 1
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench play over s0..s2 exited $BENCH_EXIT"
  json_check "$WORK/three.json" 'j["streams"] == 3' 'j["connected"] == 3' 'j["failed"] == 0' \
    'j["stamped_frames"] > 0' 'j["lost_frames"] == 0' 'j["latency_ms"]["count"] > 0'
  # A fourth player goes to s3, which nobody publishes: exactly that one fails.
  run_bench four play -u "rtmp://127.0.0.1:$RTMP_PORT/live/s{i}" -n 4 -t 1 --warmup 0 \
    --connect-timeout 2 --idle-timeout 2
  [ "$BENCH_EXIT" = 1 ] || fail "lalbench play over s0..s3 exited $BENCH_EXIT, expected 1"
  json_check "$WORK/four.json" 'j["streams"] == 4' 'j["failed"] == 1' 'j["ok"] is False'
  stop_pid "$PUSH_PID" INT
  server_check_alive
  ;;
no-server)
  PORT=$(free_port)
  run_bench none play -u "rtmp://127.0.0.1:$PORT/live/t" -n 3 -t 1 --warmup 0
  [ "$BENCH_EXIT" = 1 ] || fail "lalbench exited $BENCH_EXIT without a server, expected 1"
  json_check "$WORK/none.json" 'j["connected"] == 0' 'j["failed"] == 3'
  grep -q "refused" "$WORK/none.json" || fail "the failure does not say the connection was refused"
  run_bench none_http play -u "http://127.0.0.1:$PORT/live/t.flv" -n 2 -t 1 --warmup 0
  [ "$BENCH_EXIT" = 1 ] || fail "lalbench (HTTP-FLV) exited $BENCH_EXIT without a server, expected 1"
  json_check "$WORK/none_http.json" 'j["failed"] == 2'
  ;;
churn)
  server_start
  run_bench churn churn -u "rtmp://127.0.0.1:$RTMP_PORT/live/t" -i "$MEDIA" --publish-warmup 1 -n 200 -c 20
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench churn exited $BENCH_EXIT"
  json_check "$WORK/churn.json" 'j["churn"]["completed"] == 200' 'j["churn"]["failed"] == 0' \
    'j["churn"]["rate_per_s"] > 0' 'j["first_media_ms"]["count"] == 200'
  # Paced: 40 connections at 20 per second over 2 threads (10/s each), so the
  # last starts 1.9 s in and the rate cannot be over 40 / 1.9 = 21.05 per second.
  run_bench paced churn -u "rtmp://127.0.0.1:$RTMP_PORT/live/t" -i "$MEDIA" --publish-warmup 1 -n 40 -c 20 -r 20 -j 2
  [ "$BENCH_EXIT" = 0 ] || fail "lalbench churn -r 20 exited $BENCH_EXIT"
  json_check "$WORK/paced.json" 'j["churn"]["completed"] == 40' 'j["churn"]["failed"] == 0' \
    '0 < j["churn"]["rate_per_s"] <= 40 / 1.9'
  server_check_alive
  ;;
decodes)
  # The stamps are valid H.264: what players receive decodes without an error.
  server_start
  start_bg push "$LALBENCH" push -i "$MEDIA" -u "rtmp://127.0.0.1:$RTMP_PORT/live/t" -n 1 -t 60
  PUSH_PID=$LAST_PID
  wait_for 10 "the publisher" grep -q "1 publishing" "$WORK/push.log"
  "$RTMPPULL" -i "rtmp://127.0.0.1:$RTMP_PORT/live/t" -o "$WORK/pulled.flv" -t 3
  stop_pid "$PUSH_PID" INT
  errors=$(ffmpeg -hide_banner -nostdin -v error -i "$WORK/pulled.flv" -f null - 2>&1 || echo "ffmpeg failed")
  [ -z "$errors" ] || fail "the stamped stream does not decode cleanly: $errors"
  frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 \
    "$WORK/pulled.flv")
  [ "$frames" -ge 50 ] || fail "only $frames video frames decoded"
  ;;
usage)
  code=0; "$LALBENCH" play -n 2 >/dev/null 2>&1 || code=$?
  [ "$code" = 2 ] || fail "missing -u exited $code, expected 2"
  code=0; "$LALBENCH" push -i "$MEDIA" -u rtmp://127.0.0.1/live/t -n 2 >/dev/null 2>&1 || code=$?
  [ "$code" = 2 ] || fail "two publishers of one name exited $code, expected 2"
  code=0; "$LALBENCH" play -u ftp://127.0.0.1/live/t >/dev/null 2>&1 || code=$?
  [ "$code" = 2 ] || fail "an ftp URL exited $code, expected 2"
  code=0; "$LALBENCH" play -u whep://127.0.0.1/live/t >/dev/null 2>&1 || code=$?
  [ "$code" = 2 ] || fail "a whep URL without the HTTP port exited $code, expected 2"
  code=0; "$LALBENCH" play -u moq://127.0.0.1/live/t >/dev/null 2>&1 || code=$?
  [ "$code" = 2 ] || fail "a moq URL without the QUIC port exited $code, expected 2"
  "$LALBENCH" --help | grep -q "churn" || fail "--help does not list the modes"
  ;;
*) fail "unknown case $1" ;;
esac
echo "PASS $1"
