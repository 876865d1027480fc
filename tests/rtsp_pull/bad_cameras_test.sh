#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad cameras, pulled through the API with pull_retry_num 1 while an RTMP
# publisher streams to the same server:
#   garbage  answers with bytes that are not RTSP;
#   silent   answers up to PLAY, then sends nothing (relay_pull.read_timeout_ms);
#   badlen   sends an interleaved frame of an impossible length.
# Each pull ends with a log line saying why, is tried once more (the camera
# sees a second connection), then stops; meanwhile the published stream plays.
# Env: LAL, TESTLIB, RELAYLIB, RTSPLIB, MEDIA_DIR, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$RTSPLIB"

declare -A port reason
reason[garbage]="malformed RTSP request or status line"
reason[silent]="no media received for too long"
reason[badlen]="interleaved frame length out of range"
for mode in garbage silent badlen; do
  port[$mode]=$(free_port)
  bad_camera_start "$mode" "${port[$mode]}" "$mode"
done
lal_API=$(free_port)
server_start lal "{\"relay_pull\": {\"read_timeout_ms\": 1000, \"retry_interval_ms\": 200},
                   \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$lal_API\"}}"
wait_port "$lal_API" 20

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel error -re -i "$MEDIA_DIR/h264_aac_10s.flv" -c copy -f flv \
  "rtmp://127.0.0.1:$lal_RTMP/live/good"
publisher=$LAST_PID
wait_log lal 20 "the publisher" "\[rtmp\] publish start: .* stream=live/good"

for mode in garbage silent badlen; do
  answer=$(api_post lal /api/ctrl/start_relay_pull \
    "{\"url\": \"rtsp://127.0.0.1:${port[$mode]}/cam\", \"stream_name\": \"$mode\", \"pull_retry_num\": 1,
      \"pull_timeout_ms\": 3000}")
  echo "$answer" | grep -q '"error_code":0' || fail "start_relay_pull $mode refused: $answer"
done
record good "http://127.0.0.1:$lal_HTTP/live/good.flv" "$WORK/good.flv" 3

for mode in garbage silent badlen; do
  wait_log lal 20 "the $mode pull to give up" "\[relay\] pull stop: stream=live/$mode .*pull_retry_num attempts failed"
  grep -F "[relay] pull session end: stream=live/$mode" "$WORK/lal.log" | sed 's/.*reason=/  reason=/'
  ends=$(grep -F "[relay] pull session end: stream=live/$mode" "$WORK/lal.log" | grep -c -i "reason=.*${reason[$mode]}" || true)
  [ "$ends" = 2 ] || fail "$mode: $ends attempts ended with '${reason[$mode]}', not 2: $(grep -F "live/$mode" "$WORK/lal.log")"
  grep -q "^connection 2" "$WORK/$mode.log" || fail "$mode: the retry never reached the camera"
  [ "$(grep -c '^connection' "$WORK/$mode.log")" = 2 ] || fail "$mode: more than one retry"
done

vframes=$(probe "$WORK/good.flv" v nb_read_frames)
echo "the published stream played meanwhile: $vframes video frames"
[ "$(probe "$WORK/good.flv" v codec_name)" = h264 ] || fail "the published stream did not play H.264"
[ "${vframes:-0}" -ge 50 ] || fail "the published stream played $vframes video frames, fewer than 50"
check_decodes "$WORK/good.flv"

stop_pid "$publisher"
server_stop lal
echo "PASS"
