#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SRT under loss and abuse, one server (srt.latency_ms 400, peer idle 2 s):
# - 2 % loss: ffmpeg publishes live/loss through a UDP proxy dropping 2 % of
#   the datagrams each way for the first 7 s; the server demuxes every frame, libsrt reports
#   losses and retransmissions and no packet dropped as too late, and an SRT
#   player gets every frame of the source;
# - meanwhile garbage datagrams and handshakes that stop after the induction
#   hit the SRT port, a publisher (live/gone) is killed mid-stream and an SRT
#   player of live/keep too: the players of live/keep get every frame, the
#   killed sessions end within the peer idle timeout, and at the end the API
#   lists no stream and no session is left.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$E2E_TOOLS/srt_lib.sh"

srt_lal_start '{"srt": {"latency_ms": 400, "peer_idle_timeout_ms": 2000}}'
PROXY_PORT=$(free_udp_port)
while [ "$PROXY_PORT" = "$SRT_PORT" ]; do PROXY_PORT=$(free_udp_port); done
src="$MEDIA_DIR/h264_aac_10s.flv"
ff() { ffmpeg -nostdin -hide_banner -loglevel warning "$@"; }

# Loss for the first 7 s of the 10 s stream only: a receiver learns of a lost
# packet from the next one, and the last packets of a stream that ends have
# none, so a lost tail would be lost for good (live mode retransmits on NAK).
start_bg proxy python3 "$E2E_TOOLS/srt_udp.py" proxy "$PROXY_PORT" "$SRT_PORT" 0.02 60 7
proxy=$LAST_PID
wait_for 10 "the loss proxy" grep -q ready "$WORK/proxy.log"

# Players first.
for p in loss keep keep2; do
  stream=${p%2}
  start_bg "play_$p" ff -rw_timeout 8000000 -i "$(srt_url "#!::r=live/$stream,m=request")" -c copy -f mpegts "$WORK/play_$p.ts"
  eval "play_$p=\$LAST_PID"
done
# Started without the ff function, so that the pid is ffmpeg's own (killed below).
start_bg play_killed ffmpeg -nostdin -loglevel warning -i "$(srt_url '#!::r=live/keep,m=request')" -c copy -f mpegts "$WORK/play_killed.ts"
play_killed=$LAST_PID
wait_log 20 "4 SRT players" "\[srt\] play waits for a publisher" 4

# live/loss through the lossy proxy (ffmpeg's latency is in µs); live/keep direct.
start_bg pub_loss ff -re -i "$src" -c copy -f mpegts \
  "srt://127.0.0.1:$PROXY_PORT?streamid=#!::r=live/loss,m=publish&latency=400000&linger=3"
pub_loss=$LAST_PID
start_bg pub_keep ff -re -i "$src" -c copy -f mpegts "$(srt_url '#!::r=live/keep,m=publish' 'linger=3')"
pub_keep=$LAST_PID
start_bg pub_gone ffmpeg -nostdin -loglevel warning -re -stream_loop -1 -i "$src" -c copy -f mpegts "$(srt_url '#!::r=live/gone,m=publish')"
pub_gone=$LAST_PID
wait_log 20 "3 SRT publishers" "\[srt\] publish start" 3

# Abuse while they run.
python3 "$E2E_TOOLS/srt_udp.py" garbage "$SRT_PORT" 3000
half=$(python3 "$E2E_TOOLS/srt_udp.py" half "$SRT_PORT" 20)
echo "half handshakes: $half"
[ "$half" = "answered=20" ] || fail "the listener did not answer every induction: $half"
kill -KILL "$pub_gone" "$play_killed"
log_mark
wait_log 10 "the killed publisher's session to end (peer idle timeout)" "\[srt\] session end: .* role=publish stream=live/gone "
wait_log 10 "the killed player's session to end" "\[srt\] session end: .* role=play stream=live/keep "

wait_exit "$pub_loss" 40 || fail "the publisher behind the lossy proxy failed: $(cat "$WORK/pub_loss.log")"
wait_exit "$pub_keep" 40 || fail "the live/keep publisher failed: $(cat "$WORK/pub_keep.log")"
for p in play_loss play_keep play_keep2; do wait_exit "${!p}" 30 || echo "$p exited $?"; done
stop_pid "$proxy" TERM
cat "$WORK/proxy.log"
dropped_up=$(grep -oE "^up: sent=[0-9]+ dropped=[0-9]+" "$WORK/proxy.log" | sed 's/.*dropped=//')
[ "${dropped_up:-0}" -ge 5 ] || fail "the proxy dropped too little to test anything: $(cat "$WORK/proxy.log")"

expected=$(frames "$src")
LOG_FROM=1
line=$(log_since_mark | grep -E "\[srt\] session end: .* role=publish stream=live/loss " | tail -1)
echo "$line"
[ "$(srt_end_field live/loss publish frames_in)" = $((250 + 432)) ] || fail "not every frame came through the loss"
[ "$(srt_end_field live/loss publish lost)" -gt 0 ] || fail "libsrt saw no loss"
[ "$(srt_end_field live/loss publish retransmitted)" -gt 0 ] || fail "nothing was retransmitted"
[ "$(srt_end_field live/loss publish dropped_late)" = 0 ] || fail "packets came too late for the latency"
for p in loss keep keep2; do
  got=$(frames "$WORK/play_$p.ts")
  echo "play_$p: $(echo $got)"
  [ "$got" = "$expected" ] || fail "play_$p did not get every frame"
done

wait_for 10 "no session left in the API (last answer in api_end.txt)" api_empty
lal_stop
