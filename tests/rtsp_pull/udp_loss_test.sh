#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# UDP loss: a proxy between the camera (key frame every second) and lal drops
# 2 % of the RTP datagrams of an rtsp_mode 1 pull. A frame one of whose packets
# was lost is never published: the 6 s HTTP-FLV recording decodes without a
# single error (ffmpeg -xerror), video goes on to the end (it resumes at the
# next key frame after each loss), and lal counted lost packets and dropped frames.
# Env: LAL, TESTLIB, RELAYLIB, RTSPLIB, WORK.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$RELAYLIB"
source "$RTSPLIB"

cam_port=$(free_port)
proxy_port=$(free_port)
camera_start cam "$cam_port" --gop 25
proxy_start proxy "$proxy_port" "$cam_port" --drop 2 --seed 11
proxy_pid=$LAST_PID
lal_API=$(free_port)
server_start lal "{\"http_api\": {\"enable\": true, \"addr\": \"127.0.0.1:$lal_API\"}}"
wait_port "$lal_API" 20

answer=$(api_post lal /api/ctrl/start_relay_pull \
  "{\"url\": \"rtsp://127.0.0.1:$proxy_port/cam\", \"stream_name\": \"lossy\", \"rtsp_mode\": 1}")
echo "start_relay_pull: $answer"
echo "$answer" | grep -q '"error_code":0' || fail "start_relay_pull refused: $answer"
wait_log lal 20 "the pull to publish" "\[relay\] pull publishing: stream=live/lossy"
record lossy "http://127.0.0.1:$lal_HTTP/live/lossy.flv" "$WORK/lossy.flv" 6
answer=$(api_post lal "/api/ctrl/stop_relay_pull?stream_name=lossy" '{}')
echo "$answer" | grep -q '"error_code":0' || fail "stop_relay_pull: $answer"
wait_log lal 20 "the pull's statistics" "\[relay\] rtsp pull stats: stream=live/lossy"
stop_pid "$proxy_pid" TERM
cat "$WORK/proxy.log"
dropped=$(sed -n 's/^dropped \([0-9]*\) of.*/\1/p' "$WORK/proxy.log")
[ "${dropped:-0}" -gt 0 ] || fail "the proxy dropped nothing"
stats=$(grep -F "[relay] rtsp pull stats: stream=live/lossy" "$WORK/lal.log" | tail -1)
echo "$stats"
lost=$(echo "$stats" | sed -n 's/.*lost_packets=\([0-9]*\).*/\1/p')
broken=$(echo "$stats" | sed -n 's/.*broken_frames=\([0-9]*\).*/\1/p')
[ "${lost:-0}" -gt 0 ] || fail "lal saw no lost packet"
[ "${broken:-0}" -gt 0 ] || fail "lal dropped no broken frame"

check_decodes "$WORK/lossy.flv"
check_media "$WORK/lossy.flv" 40 150
last=$(ffprobe -v error -select_streams v:0 -show_entries packet=pts_time -of csv=p=0 "$WORK/lossy.flv" | tail -1)
echo "last video frame at ${last}s"
awk -v t="$last" 'BEGIN { exit !(t >= 4.5) }' || fail "video stopped at ${last}s: it did not resume after a loss"

server_stop lal
echo "PASS"
