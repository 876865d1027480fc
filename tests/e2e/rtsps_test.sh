#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTSPS: RTSP over TLS on rtsp.rtsps_addr, with the certificate of
# default_http (rtsps_cert_file and rtsps_key_file left empty fall back to it),
# made at test time by scripts/make-cert.sh. One server, one 5 s clip (H.264
# with B-frames + AAC: 125 video and 216 audio frames):
# - players wait first: ffprobe over rtsps:// (decoding every frame), our
#   rtsppull over rtsps:// verifying the certificate (--ca-file), and an RTMP
#   player of an edge server whose relay pulls the stream over rtsps://;
# - ffmpeg publishes over rtsps:// (ANNOUNCE/RECORD inside TLS); meanwhile
#   garbage and half a ClientHello on the RTSPS port are closed with a log line
#   (the half one at timeouts.handshake_ms), a SETUP asking for RTP over UDP
#   gets 461, and no player misses a frame;
# - openssl s_client verifies the certificate the RTSPS port presents.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$(dirname "$E2E_LIB")/rtsp_lib.sh"

src="$MEDIA_DIR/h264_bframes_aac_5s.flv"
bash "$E2E_TOOLS/../../../scripts/make-cert.sh" "$WORK/cert" >/dev/null
CERT="$WORK/cert/cert.pem"
KEY="$WORK/cert/key.pem"
RTSPS_PORT=$(free_port)
rtsp_start "{\"rtsp\": {\"rtsps_enable\": true, \"rtsps_addr\": \"127.0.0.1:$RTSPS_PORT\"},
             \"default_http\": {\"https_cert_file\": \"$CERT\", \"https_key_file\": \"$KEY\"},
             \"timeouts\": {\"handshake_ms\": 1500}}"
wait_port "$RTSPS_PORT" 30
RTSPS="rtsps://127.0.0.1:$RTSPS_PORT"
grep -q "RTSPS.*127.0.0.1:$RTSPS_PORT" "$LAL_LOG" || fail "no RTSPS listen line: $(head -20 "$LAL_LOG")"

# An edge server that pulls what its players ask for from this one over RTSPS.
EDGE_RTMP=$(free_port)
cat >"$WORK/edge.json" <<JSON
{"rtmp": {"addr": "127.0.0.1:$EDGE_RTMP"}, "httpflv": {"addr": "127.0.0.1:$(free_port)"},
 "relay_pull": {"enable": true, "addr": "$RTSPS/{app}/{stream}", "connect_timeout_ms": 15000},
 "log": {"filename": ""}}
JSON
start_bg edge "$LAL" -c "$WORK/edge.json"
edge=$LAST_PID
wait_port "$EDGE_RTMP" 30

start_bg probe_tls rtsp_probe "$RTSPS/live/a" tcp probe_tls
probe_tls=$LAST_PID
start_bg rtsppull "$RTSPPULL" -i "$RTSPS/live/a" -o "$WORK/rtsppull.flv" --ca-file "$CERT" --timeout 20
rtsppull=$LAST_PID
start_bg edge_player ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 20000000 \
  -i "rtmp://127.0.0.1:$EDGE_RTMP/live/a" -c copy -f flv "$WORK/edge.flv"
edge_player=$LAST_PID
wait_log 30 "3 RTSPS players waiting" "\[rtsps\] describe waits for the stream: .* stream=live/a" 3

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy \
  -f rtsp -rtsp_transport tcp "$RTSPS/live/a"
publisher=$LAST_PID
wait_log 20 "the RTSPS publisher" "\[rtsps\] publish start: .* stream=live/a tracks=2 transport=tcp"

# Garbage and half a ClientHello on the RTSPS port while the players stream.
log_mark
offenders=()
for mode in garbage half; do
  start_bg "$mode" python3 "$E2E_TOOLS/tls_client.py" "$mode" 127.0.0.1 "$RTSPS_PORT" --deadline 5
  offenders+=("$LAST_PID:$mode")
done
# RTP over UDP beside the TLS connection would travel in the clear: SETUP gets 461.
python3 "$E2E_TOOLS/tls_client.py" rtsps-udp 127.0.0.1 "$RTSPS_PORT" --path /live/a >"$WORK/rtsps_udp.log" 2>&1 ||
  fail "a UDP SETUP over RTSPS: $(cat "$WORK/rtsps_udp.log")"
cat "$WORK/rtsps_udp.log"
openssl s_client -connect "127.0.0.1:$RTSPS_PORT" -servername localhost -CAfile "$CERT" -verify_return_error \
  </dev/null >"$WORK/s_client.log" 2>&1 || fail "openssl s_client: $(tail -5 "$WORK/s_client.log")"
grep -q "Verify return code: 0 (ok)" "$WORK/s_client.log" || fail "no verified chain on the RTSPS port"
for entry in "${offenders[@]}"; do
  IFS=: read -r pid mode <<<"$entry"
  wait_exit "$pid" 10 || fail "$mode: $(cat "$WORK/$mode.log")"
  local_port=$(sed -n 's/.*local_port=\([0-9]*\).*/\1/p' "$WORK/$mode.log")
  reason="TLS handshake failed: "
  [ "$mode" = half ] && reason="TLS handshake did not complete in time"
  wait_log 5 "the $mode handshake logged" "\[rtsps\] closing 127\.0\.0\.1:$local_port: $reason"
done

wait_exit "$publisher" 30 || fail "the RTSPS publisher failed: $(cat "$WORK/publisher.log")"
wait_exit "$probe_tls" 30 || fail "ffprobe over RTSPS failed: $(tail -3 "$WORK/probe_tls.log")"
wait_exit "$rtsppull" 30 || fail "rtsppull over RTSPS failed: $(tail -3 "$WORK/rtsppull.log")"
cat "$WORK/rtsppull.log"
stop_pid "$edge_player"
stop_pid "$edge"

want=$(file_probe "$src")
want_video=$(stream_line <(echo "$want") h264)
want_audio=$(stream_line <(echo "$want") aac)
# check NAME PROBE_FILE MIN_VIDEO: codec parameters and frame counts of one output
# (ffmpeg's RTSP publisher keeps back its last AAC packet group: at most 8 missing).
check() {
  local name=$1 file=$2 min_video=$3 video audio
  video=$(stream_line "$file" h264)
  audio=$(stream_line "$file" aac)
  echo "$name: $video / $audio"
  [ "$(params_of "$video")" = "$(params_of "$want_video")" ] || fail "$name: video parameters differ: $video"
  [ "$(params_of "$audio")" = "$(params_of "$want_audio")" ] || fail "$name: audio parameters differ: $audio"
  [ "$(frames_of "$video")" -ge "$min_video" ] && [ "$(frames_of "$video")" -le 125 ] ||
    fail "$name: $(frames_of "$video") video frames, not $min_video to 125"
  [ "$(frames_of "$audio")" -le 216 ] || fail "$name: more audio frames than the source"
  [ "$min_video" != 125 ] || [ "$(frames_of "$audio")" -ge 208 ] || fail "$name: $(frames_of "$audio") audio frames"
}
check "RTSPS in, RTSPS out (ffprobe)" "$WORK/probe_tls.probe" 125
file_probe "$WORK/rtsppull.flv" >"$WORK/rtsppull.probe"
check "RTSPS in, rtsppull over RTSPS" "$WORK/rtsppull.probe" 125
# The edge's pull starts a little after the others: it must carry most of the clip.
file_probe "$WORK/edge.flv" >"$WORK/edge.probe"
check "RTSPS relay pull, RTMP out" "$WORK/edge.probe" 75
grep -q "\[relay\] pull publishing: stream=live/a origin=rtsps://" "$WORK/edge.log" ||
  fail "the edge did not pull over RTSPS: $(grep relay "$WORK/edge.log" | tail -3)"

lal_stop
[ "$(log_count "\[rtsps\] session end: .* role=play stream=live/a")" -ge 2 ] || fail "missing RTSPS play session ends"
echo PASS
