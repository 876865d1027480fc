#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# lal pulls a camera (GStreamer's RTSP server: H.264 320x240 25 fps, AAC) and
# serves it, one server and one camera for every case:
#  1. static relay_pull from an rtsp:// template: an RTMP and an HTTP-FLV player
#     of live/cam make lal pull the camera over TCP interleaved;
#  2. /api/ctrl/start_relay_pull with rtsp_mode 0 and 1 into live/apitcp and
#     live/apiudp, played over HTTP-FLV and RTMP; the API shows RTSP pulls;
#  3. the rtsppull tool saves the camera as FLV over TCP and UDP;
#  4. rtsp2rtmp publishes the camera into lal, and it plays over HTTP-FLV.
# Every recording is checked with ffprobe: codec, picture size, frame counts.
# Env: LAL, RTSPPULL, RTSP2RTMP, TESTLIB, RELAYLIB, RTSPLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$RTSPLIB"

cam_port=$(free_port)
camera_start cam "$cam_port"
cam_url="rtsp://127.0.0.1:$cam_port/cam"
lal_API=$(free_port)
server_start lal "{\"relay_pull\": {\"enable\": true, \"addr\": \"rtsp://127.0.0.1:$cam_port/{stream}\",
                   \"connect_timeout_ms\": 10000, \"stop_after_idle_ms\": 1000, \"rtsp_mode\": 0},
                   \"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$lal_API\"}}"
wait_port "$lal_API" 20

echo "== 1. static relay_pull of live/cam over TCP"
record rtmp_player "rtmp://127.0.0.1:$lal_RTMP/live/cam" "$WORK/static_rtmp.flv" 3 &
rtmp_job=$!
record http_player "http://127.0.0.1:$lal_HTTP/live/cam.flv" "$WORK/static_http.flv" 3
wait "$rtmp_job" || fail "the RTMP player failed"
[ "$(count lal "\[relay\] pull start: stream=live/cam origin=$cam_url rtsp_mode=tcp")" = 1 ] ||
  fail "not exactly one RTSP pull of live/cam: $(grep -F '[relay]' "$WORK/lal.log" | head -5)"
check_media "$WORK/static_rtmp.flv" 50 80
check_media "$WORK/static_http.flv" 50 80
wait_log lal 20 "the idle pull to end" "\[relay\] pull stop: stream=live/cam .*no player"

echo "== 2. API pulls with rtsp_mode 0 and 1"
for mode in 0 1; do
  name=$([ "$mode" = 0 ] && echo apitcp || echo apiudp)
  answer=$(api_post lal /api/ctrl/start_relay_pull \
    "{\"url\": \"$cam_url\", \"stream_name\": \"$name\", \"rtsp_mode\": $mode, \"pull_retry_num\": 0}")
  echo "start_relay_pull rtsp_mode=$mode: $answer"
  echo "$answer" | grep -q '"error_code":0' || fail "start_relay_pull refused: $answer"
  echo "$answer" | grep -q '"session_id":"RTSPPULL' || fail "the session id does not say RTSPPULL: $answer"
  wait_log lal 20 "the API pull to publish live/$name" "\[relay\] pull publishing: stream=live/$name"
done
# Video shows once its first key frame came (audio may be there before).
group_has_video() { api_get lal "/api/stat/group?stream_name=apiudp" | grep -q '"video_width":320'; }
wait_for 10 "the API to show the pulled video" group_has_video
group=$(api_get lal "/api/stat/group?stream_name=apiudp")
echo "group apiudp: $group"
echo "$group" | grep -q '"protocol":"RTSP"' || fail "the API does not show the RTSP pull: $group"
echo "$group" | grep -q '"base_type":"PULL"' || fail "the pull is not a PULL session: $group"
echo "$group" | grep -q '"video_codec":"H264"' || fail "the group has no H.264 video: $group"
echo "$group" | grep -q '"audio_codec":"AAC"' || fail "the group has no AAC audio: $group"
record api_tcp_http "http://127.0.0.1:$lal_HTTP/live/apitcp.flv" "$WORK/api_tcp.flv" 3 &
tcp_job=$!
record api_udp_rtmp "rtmp://127.0.0.1:$lal_RTMP/live/apiudp" "$WORK/api_udp.flv" 3
wait "$tcp_job" || fail "the apitcp player failed"
check_media "$WORK/api_tcp.flv" 50 80
check_media "$WORK/api_udp.flv" 50 80
grep -E "\[relay\] pull start: stream=live/apiudp .*rtsp_mode=udp" "$WORK/lal.log" >/dev/null ||
  fail "the rtsp_mode 1 pull did not use UDP"
for name in apitcp apiudp; do
  answer=$(api_post lal "/api/ctrl/stop_relay_pull?stream_name=$name" '{}')
  echo "$answer" | grep -q '"error_code":0' || fail "stop_relay_pull $name: $answer"
done

echo "== 3. rtsppull over TCP and UDP"
for t in tcp udp; do
  "$RTSPPULL" -i "$cam_url" -o "$WORK/rtsppull_$t.flv" -t "$t" --time 4 >"$WORK/rtsppull_$t.log" 2>&1 ||
    fail "rtsppull -t $t failed: $(cat "$WORK/rtsppull_$t.log")"
  tail -1 "$WORK/rtsppull_$t.log"
  check_media "$WORK/rtsppull_$t.flv" 50 80
done

echo "== 4. rtsp2rtmp into lal"
start_bg rtsp2rtmp "$RTSP2RTMP" -i "$cam_url" -o "rtmp://127.0.0.1:$lal_RTMP/live/pushed" --time 5
pusher=$LAST_PID
wait_log lal 20 "rtsp2rtmp to publish" "\[rtmp\] publish start: .* stream=live/pushed"
record pushed_http "http://127.0.0.1:$lal_HTTP/live/pushed.flv" "$WORK/pushed.flv" 3
check_media "$WORK/pushed.flv" 50 80
wait_exit "$pusher" 20 || fail "rtsp2rtmp exited $?: $(cat "$WORK/rtsp2rtmp.log")"
tail -1 "$WORK/rtsp2rtmp.log"

server_stop lal
echo "PASS"
