#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# RTMPS and HTTPS/WSS with a certificate made at test time (scripts/make-cert.sh,
# openssl). One server: RTMP and HTTP-FLV as usual, RTMPS, and HTTPS serving
# HTTP-FLV, HTTP-TS, HLS and WSS, the API over HTTPS.
# - ffmpeg publishes h264_aac_10s.flv over rtmps://; players there first (ffmpeg
#   over rtmps:// and https:// HTTP-FLV, rtmppull and httpflvpull verifying the
#   certificate with --ca-file, e2e_player over both) each get all 250 video and
#   432 audio frames with the source's codec parameters.
# - While it streams: ffmpeg reads HTTP-TS and HLS over https://, a WSS client
#   gets FLV messages; curl and openssl s_client verify the certificate the
#   server presents on both TLS ports (and curl without the CA refuses it);
#   garbage and half a ClientHello on both ports are closed with a log line
#   (the half one at timeouts.handshake_ms) and the players miss nothing. The
#   relay pushes the stream over rtmps:// to the same server under another name,
#   and an edge server's relay pulls it over https://. flvfile2rtmppush sends
#   a file over rtmps:// (--ca-file): a plain RTMP player gets its tags as in
#   the file.
# - A certificate or key that does not load stops the server at start with a
#   message naming the file.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
bash "$E2E_TOOLS/../../../scripts/make-cert.sh" "$WORK/cert" >/dev/null
CERT="$WORK/cert/cert.pem"
KEY="$WORK/cert/key.pem"
RTMPS_PORT=$(free_port)
HTTPS_PORT=$(free_port)
API_PORT=$(free_port)
lal_start "{\"rtmp\": {\"rtmps_enable\": true, \"rtmps_addr\": \"127.0.0.1:$RTMPS_PORT\",
                       \"rtmps_cert_file\": \"$CERT\", \"rtmps_key_file\": \"$KEY\"},
            \"default_http\": {\"https_listen_addr\": \"127.0.0.1:$HTTPS_PORT\",
                               \"https_cert_file\": \"$CERT\", \"https_key_file\": \"$KEY\"},
            \"httpflv\": {\"enable_https\": true},
            \"httpts\": {\"enable\": true, \"enable_https\": true},
            \"hls\": {\"enable\": true, \"enable_https\": true, \"fragment_duration_ms\": 1000},
            \"http_api\": {\"enable\": true, \"enable_https\": true, \"addr\": \"127.0.0.1:$API_PORT\"},
            \"relay_push\": {\"enable\": true,
                           \"addr_list\": [\"rtmps://127.0.0.1:$RTMPS_PORT/{app}/{stream}_relayed\"]},
            \"timeouts\": {\"handshake_ms\": 1500}}"
wait_port "$RTMPS_PORT" 30
wait_port "$HTTPS_PORT" 30
wait_port "$API_PORT" 30
RTMPS_URL="rtmps://127.0.0.1:$RTMPS_PORT/live/test"
HTTPS="https://127.0.0.1:$HTTPS_PORT"
# An edge server that pulls what its players ask for from this one over HTTPS.
EDGE_RTMP=$(free_port)
cat >"$WORK/edge.json" <<JSON
{"rtmp": {"addr": "127.0.0.1:$EDGE_RTMP"}, "httpflv": {"addr": "127.0.0.1:$(free_port)"},
 "relay_pull": {"enable": true, "addr": "$HTTPS/{app}/{stream}.flv"}, "log": {"filename": ""}}
JSON
start_bg edge "$LAL" -c "$WORK/edge.json"
edge=$LAST_PID
wait_port "$EDGE_RTMP" 30

start_bg players "$E2E_PLAYER" "$RTMPS_URL" "$HTTPS/live/test.flv" --video 250 --audio 432 --source "$src" \
  --max-gap-ms 100 --timeout 60
players=$LAST_PID
start_bg ffmpeg_rtmps ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 5000000 \
  -i "$RTMPS_URL" -c copy -f flv "$WORK/ffmpeg_rtmps.flv"
ffmpeg_rtmps=$LAST_PID
start_bg ffmpeg_https ffmpeg -nostdin -hide_banner -loglevel warning -rw_timeout 5000000 \
  -i "$HTTPS/live/test.flv" -c copy -f flv "$WORK/ffmpeg_https.flv"
ffmpeg_https=$LAST_PID
start_bg rtmppull "$RTMPPULL" -i "$RTMPS_URL" -o "$WORK/rtmppull.flv" --timeout 20 --ca-file "$CERT"
rtmppull=$LAST_PID
start_bg httpflvpull "$HTTPFLVPULL" -i "$HTTPS/live/test.flv" -o "$WORK/httpflvpull.flv" --ca-file "$CERT"
httpflvpull=$LAST_PID
# Three RTMPS plays wait for the publisher; three HTTPS-FLV plays have started.
wait_players 3 3 "over TLS"

start_bg publisher ffmpeg -nostdin -hide_banner -loglevel warning -re -i "$src" -c copy -f flv "$RTMPS_URL"
publisher=$LAST_PID
wait_log 30 "the RTMPS publisher" "\[rtmp\] publish start: .* stream=live/test"

# Everything that needs the live stream runs at once, within its 10 s.
# The relay pushes live/test to the RTMPS port as live/test_relayed (marked, so
# not pushed on); a plain RTMP player of that stream gets video.
wait_log 20 "the relay push over RTMPS" "\[rtmp\] publish start: .* stream=live/test_relayed\?lal_relay=1"
start_bg relayed "$RTMPPULL" -i "rtmp://127.0.0.1:$RTMP_PORT/live/test_relayed" -o "$WORK/relayed.flv" -t 2
relayed=$LAST_PID
# A player of the edge: its relay pulls live/test over https://.
start_bg edge_player "$RTMPPULL" -i "rtmp://127.0.0.1:$EDGE_RTMP/live/test" -o "$WORK/edge.flv" -t 2
edge_player=$LAST_PID
# HTTP-TS over HTTPS (ffmpeg) and WSS-FLV.
start_bg httpts ffmpeg -nostdin -hide_banner -loglevel error -i "$HTTPS/live/test.ts" -c copy -t 2 -f mpegts \
  "$WORK/httpts.ts"
httpts=$LAST_PID
start_bg wss python3 "$E2E_TOOLS/tls_client.py" wss 127.0.0.1 "$HTTPS_PORT" --cafile "$CERT" --seconds 1
wss=$LAST_PID
# flvfile2rtmppush over rtmps:// (verifying the certificate) to live/pushed, a
# plain RTMP player there first.
start_bg pushed_player "$RTMPPULL" -i "rtmp://127.0.0.1:$RTMP_PORT/live/pushed" -o "$WORK/pushed.flv" --timeout 20
pushed_player=$LAST_PID
wait_log 10 "the player of live/pushed" "\[rtmp\] play waits for a publisher: .* stream=live/pushed"
pushed_src="$MEDIA_DIR/h264_only_5s.flv"
start_bg pusher "$FLVFILE2RTMPPUSH" -i "$pushed_src" -o "rtmps://127.0.0.1:$RTMPS_PORT/live/pushed" --ca-file "$CERT"
pusher=$LAST_PID
# Garbage and half a ClientHello on both TLS ports while the players stream.
log_mark
offenders=()
for port in "$RTMPS_PORT" "$HTTPS_PORT"; do
  for mode in garbage half; do
    start_bg "$mode-$port" python3 "$E2E_TOOLS/tls_client.py" "$mode" 127.0.0.1 "$port" --deadline 5
    offenders+=("$LAST_PID:$mode:$port")
  done
done

# The certificate the server presents, on both TLS ports.
for port in "$RTMPS_PORT" "$HTTPS_PORT"; do
  openssl s_client -connect "127.0.0.1:$port" -servername localhost -CAfile "$CERT" -verify_return_error \
    </dev/null >"$WORK/s_client_$port.log" 2>&1 || fail "openssl s_client on $port: $(tail -5 "$WORK/s_client_$port.log")"
  grep -q "Verify return code: 0 (ok)" "$WORK/s_client_$port.log" || fail "no verified chain on $port"
  grep -qE "subject=.*CN ?= ?localhost" "$WORK/s_client_$port.log" || fail "not our certificate on $port"
done
code=0
curl -s -o /dev/null "$HTTPS/hls/test.m3u8" || code=$?
[ "$code" = 60 ] || fail "curl without the CA should refuse the self-signed certificate (exit 60), got $code"
# The API over HTTPS.
curl -sf --cacert "$CERT" "https://127.0.0.1:$API_PORT/api/stat/lal_info" >"$WORK/api.json" ||
  fail "the API over HTTPS did not answer"
grep -q '"server_id"' "$WORK/api.json" || fail "API answer: $(cat "$WORK/api.json")"

# HLS over HTTPS: the playlist (curl, verifying), then ffmpeg reads segments.
wait_for 20 "an HLS segment over HTTPS" bash -c "curl -sf --cacert '$CERT' '$HTTPS/hls/test.m3u8' | grep -q '^#EXTINF'"
ffmpeg -nostdin -hide_banner -loglevel error -i "$HTTPS/hls/test.m3u8" -c copy -t 1 -f mpegts "$WORK/hls.ts" \
  >"$WORK/hls.log" 2>&1 || fail "ffmpeg over HLS/HTTPS: $(tail -3 "$WORK/hls.log")"
probe "$WORK/hls.ts" | grep -q "^h264," || fail "no H.264 from HLS over HTTPS: $(probe "$WORK/hls.ts")"

wait_exit "$httpts" 20 || fail "ffmpeg over HTTPS-TS: $(tail -3 "$WORK/httpts.log")"
probe "$WORK/httpts.ts" >"$WORK/httpts.probe"
grep -q "^h264," "$WORK/httpts.probe" && grep -q "^aac," "$WORK/httpts.probe" ||
  fail "HTTPS-TS lacks H.264 or AAC: $(cat "$WORK/httpts.probe")"
wait_exit "$wss" 20 || fail "WSS-FLV: $(cat "$WORK/wss.log")"
wait_exit "$relayed" 20 || fail "the player of the relayed stream: $(tail -3 "$WORK/relayed.log")"
probe "$WORK/relayed.flv" | grep -q "^h264," || fail "no H.264 through the RTMPS relay push"
wait_exit "$edge_player" 20 || fail "the edge's player: $(tail -3 "$WORK/edge_player.log")"
probe "$WORK/edge.flv" | grep -q "^h264," || fail "no H.264 through the HTTPS relay pull"
grep -q "\[relay\] pull publishing: stream=live/test origin=https://" "$WORK/edge.log" ||
  fail "the edge did not pull over HTTPS: $(grep relay "$WORK/edge.log" | tail -3)"
stop_pid "$edge"
echo "$(cat "$WORK/wss.log")"
for entry in "${offenders[@]}"; do
  IFS=: read -r pid mode port <<<"$entry"
  wait_exit "$pid" 10 || fail "$mode on $port: $(cat "$WORK/$mode-$port.log")"
  local_port=$(sed -n 's/.*local_port=\([0-9]*\).*/\1/p' "$WORK/$mode-$port.log")
  label=rtmps
  [ "$port" = "$HTTPS_PORT" ] && label=https
  reason="TLS handshake failed: "
  [ "$mode" = half ] && reason="TLS handshake did not complete in time"
  wait_log 5 "the $mode handshake on $label logged" "\[$label\] closing 127\.0\.0\.1:$local_port: $reason"
done

code=0
wait_exit "$publisher" 40 || code=$?
[ "$code" = 0 ] || fail "the RTMPS publisher failed: $(cat "$WORK/publisher.log")"
code=0
wait_exit "$players" 40 || code=$?
cat "$WORK/players.log"
[ "$code" = 0 ] || fail "a TLS player missed frames"
for pid in "$ffmpeg_rtmps" "$ffmpeg_https" "$rtmppull" "$httpflvpull"; do
  wait_exit "$pid" 40 || echo "player $pid exited $?"
done
expected=$(probe "$src")
for out in ffmpeg_rtmps ffmpeg_https rtmppull httpflvpull; do
  file="$WORK/$out.flv"
  [ -s "$file" ] || fail "$out saved nothing: $(tail -3 "$WORK/$out.log")"
  [ "$(probe "$file")" = "$expected" ] || fail "$out: streams differ from the source"
  check_flv "$file" --video 250 --audio 432 --max-gap-ms 100
done
wait_exit "$pusher" 20 || fail "flvfile2rtmppush over rtmps:// failed: $(cat "$WORK/pusher.log")"
wait_exit "$pushed_player" 20 || echo "the player of live/pushed exited $?"
[ "$(python3 "$E2E_TOOLS/flv_tags.py" "$WORK/pushed.flv")" = "$(python3 "$E2E_TOOLS/flv_tags.py" "$pushed_src")" ] ||
  fail "the player of what flvfile2rtmppush sent over rtmps:// got other tags than the file's"
lal_stop
[ "$(log_count "\[rtmps\] session end: .* role=publish stream=live/test read=")" = 1 ] || fail "no RTMPS publish session end"
[ "$(log_count "\[rtmps\] session end: .* role=publish stream=live/pushed read=")" = 1 ] ||
  fail "no RTMPS publish session of flvfile2rtmppush"

# A certificate or key that does not load stops the server at start, naming the file.
missing() {
  local name=$1 json=$2 expect=$3
  echo "$json" >"$WORK/$name.json"
  code=0
  timeout 10 "$LAL" -c "$WORK/$name.json" >"$WORK/$name.log" 2>&1 || code=$?
  [ "$code" = 1 ] || fail "$name: the server exited $code: $(tail -3 "$WORK/$name.log")"
  grep -qF "$expect" "$WORK/$name.log" || fail "$name: no '$expect' in: $(tail -3 "$WORK/$name.log")"
}
missing no_cert "{\"rtmp\": {\"enable\": false, \"rtmps_enable\": true, \"rtmps_addr\": \"127.0.0.1:$(free_port)\",
  \"rtmps_cert_file\": \"$WORK/none.pem\", \"rtmps_key_file\": \"$KEY\"}, \"httpflv\": {\"enable\": false},
  \"log\": {\"filename\": \"\"}}" "cannot read certificate file $WORK/none.pem"
missing bad_key "{\"rtmp\": {\"enable\": false}, \"httpflv\": {\"addr\": \"127.0.0.1:$(free_port)\", \"enable_https\": true},
  \"default_http\": {\"https_listen_addr\": \"127.0.0.1:$(free_port)\", \"https_cert_file\": \"$CERT\",
  \"https_key_file\": \"$CERT\"}, \"log\": {\"filename\": \"\"}}" "cannot load key file $CERT"
echo PASS
