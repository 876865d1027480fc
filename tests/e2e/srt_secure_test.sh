#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SRT with encryption (srt.passphrase, AES-128) and simple_auth on SRT
# (pub_srt_enable, sub_srt_enable: lal_secret = md5(key + stream) as a key of
# the stream id), one server:
# - the right passphrase and secret: ffmpeg publishes, an SRT player gets
#   every frame of the source;
# - a wrong passphrase, or none, is refused in the handshake (no session);
# - a wrong or missing lal_secret is refused with 1401 (unauthorized).
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
source "$E2E_TOOLS/srt_lib.sh"

PASS="correct-horse-battery"
srt_lal_start '{"srt": {"passphrase": "'"$PASS"'"},
                "simple_auth": {"key": "k3y", "pub_srt_enable": true, "sub_srt_enable": true}}'
src="$MEDIA_DIR/h264_bframes_aac_5s.flv"
secret=$(printf '%s' "k3ytest" | md5sum | cut -d' ' -f1)
ff() { ffmpeg -nostdin -hide_banner -loglevel warning "$@"; }
pass="passphrase=$PASS"
refused() {  # ffmpeg must fail to connect with URL $1
  if ff -f lavfi -i "testsrc=duration=1" -f mpegts "$1" 2>"$WORK/refused.log"; then fail "accepted: $1"; fi
}
refused_play() {
  if ff -rw_timeout 3000000 -i "$1" -c copy -f mpegts -y "$WORK/refused.ts" 2>"$WORK/refused.log"; then fail "accepted: $1"; fi
}

# Refusals before anyone publishes.
refused "$(srt_url "#!::r=live/test,m=publish,lal_secret=$secret" "connect_timeout=2000000")"          # no passphrase
refused "$(srt_url "#!::r=live/test,m=publish,lal_secret=$secret" "passphrase=wrong-passphrase&connect_timeout=2000000")"
refused "$(srt_url "#!::r=live/test,m=publish" "$pass&connect_timeout=2000000")"                        # no secret
wait_log 10 "the publisher without lal_secret refused with 1401" "\[srt\] refusing .*lal_secret is missing.*\(1401\)"
refused "$(srt_url "#!::r=live/test,m=publish,lal_secret=00112233445566778899aabbccddeeff" "$pass&connect_timeout=2000000")"
wait_log 10 "the publisher with a wrong lal_secret refused with 1401" "\[srt\] refusing .*lal_secret does not match.*\(1401\)"
[ "$(log_count '\[srt\] publish start')" = 0 ] || fail "a refused publisher got through"

# The right passphrase and secret: every frame.
start_bg play ff -rw_timeout 8000000 -i "$(srt_url "#!::r=live/test,m=request,lal_secret=$secret" "$pass")" \
  -c copy -f mpegts "$WORK/play.ts"
play=$LAST_PID
wait_log 20 "the encrypted player" "\[srt\] play waits for a publisher: .* stream=live/test"
start_bg pub ff -re -i "$src" -c copy -f mpegts "$(srt_url "#!::r=live/test,m=publish,lal_secret=$secret" "$pass&linger=3")"
pub=$LAST_PID
wait_log 20 "the encrypted publisher" "\[srt\] publish start: .* stream=live/test"
# Players with a wrong passphrase, none, or no secret, while the stream is live.
refused_play "$(srt_url "#!::r=live/test,m=request,lal_secret=$secret" "passphrase=wrong-passphrase&connect_timeout=2000000")"
refused_play "$(srt_url "#!::r=live/test,m=request,lal_secret=$secret" "connect_timeout=2000000")"
refused_play "$(srt_url "#!::r=live/test,m=request" "$pass&connect_timeout=2000000")"
[ "$(log_count '\[srt\] play waits for a publisher|\[srt\] play start')" -le 2 ] || fail "a refused player got through"

wait_exit "$pub" 30 || fail "the encrypted publisher failed: $(cat "$WORK/pub.log")"
wait_exit "$play" 30 || echo "player exited $?"
got=$(frames "$WORK/play.ts")
echo "encrypted play: $(echo $got)"
[ "$got" = "$(frames "$src")" ] || fail "the encrypted player did not get every frame: $(echo $(frames "$src"))"
lal_stop
