# SPDX-License-Identifier: MIT
# Helpers of the lal server's end-to-end tests; source after testlib.sh.
#   lal_start [JSON]       writes $WORK/lal.conf.json (free loopback ports, no log file,
#                          JSON merged over the base config), starts the server and waits
#                          for both ports; sets LAL_PID, RTMP_PORT, HTTP_PORT, LAL_LOG,
#                          RTMP_URL and HTTP_URL (of the stream live/test)
#   lal_stop [SIGNAL]      stops the server (default INT) and fails unless it exits 0 in
#                          time and its log holds no sanitizer report
#   log_mark               later log_count / wait_log / log_since_mark see only lines written
#                          after it, so a client port the kernel reuses cannot match the line
#                          of an earlier session (lal_start resets it to the whole log)
#   log_since_mark         the server log from the mark on
#   log_count PATTERN      lines of the server log (from the mark) matching the extended regex
#   wait_log SECONDS DESC PATTERN [N]   waits until the server log has N (default 1) lines matching
#   wait_players N_RTMP N_HTTP [NOTE]   waits (30 s) until N_RTMP RTMP players wait for live/test's
#                          publisher and N_HTTP HTTP-FLV players have asked for live/test
#   probe FILE             codec, profile, level, size, sample rate, channels per stream (ffprobe)
#   rss_kb PID / fd_count PID           resident memory (KiB) / open file descriptors of a process
#   check_flv FILE ARGS... runs flvstat on FILE with ARGS, showing its summary
#   rtc_lal_start [JSON]   lal_start with rtc.enable on a free UDP port (RTC_PORT), JSON merged over it;
#                          waits for the WebRTC port and sets BASE, the HTTP port's URL (WHEP, WHIP)
#   need_aiortc            fails unless Debian's python3 has aiortc (python3 may be another interpreter)
#   rtc_client ARGS...     tools/webrtc_client.py, an aiortc WHEP player or WHIP publisher, bounded to 25 s

lal_start() {
  local extra=${1:-'{}'}
  RTMP_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$RTMP_PORT" ]; do HTTP_PORT=$(free_port); done
  python3 - "$RTMP_PORT" "$HTTP_PORT" "$extra" >"$WORK/lal.conf.json" <<'EOF'
import json, sys
def merge(base, extra):
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            merge(base[k], v)
        else:
            base[k] = v
    return base
base = {"rtmp": {"addr": "127.0.0.1:" + sys.argv[1]},
        "httpflv": {"addr": "127.0.0.1:" + sys.argv[2]},
        "log": {"filename": "", "level": 2},
        "stream": {"wait_publisher_ms": 8000}}
print(json.dumps(merge(base, json.loads(sys.argv[3])), indent=2))
EOF
  start_bg lal "$LAL" -c "$WORK/lal.conf.json"
  LAL_PID=$LAST_PID
  LAL_LOG="$WORK/lal.log"
  LOG_FROM=1
  wait_port "$RTMP_PORT" 30
  wait_port "$HTTP_PORT" 30
  RTMP_URL="rtmp://127.0.0.1:$RTMP_PORT/live/test"
  HTTP_URL="http://127.0.0.1:$HTTP_PORT/live/test.flv"
}

lal_stop() {
  local sig=${1:-INT}
  kill -0 "$LAL_PID" 2>/dev/null || fail "the server died before the end of the test: $(tail -5 "$LAL_LOG")"
  kill "-$sig" "$LAL_PID"
  local code=0
  wait_exit "$LAL_PID" 20 || code=$?
  if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$LAL_LOG"; then
    fail "sanitizer report in the server log: $(grep -m1 -E "Sanitizer|runtime error:" "$LAL_LOG")"
  fi
  [ "$code" = 0 ] || fail "the server exited $code after SIG$sig"
}

log_mark() { LOG_FROM=$(($(wc -l <"$LAL_LOG") + 1)); }

log_since_mark() { tail -n "+${LOG_FROM:-1}" "$LAL_LOG"; }

log_count() { log_since_mark | grep -cE "$1" || true; }

log_has_at_least() { [ "$(log_count "$1")" -ge "$2" ]; }

wait_log() { wait_for "$1" "$2" log_has_at_least "$3" "${4:-1}"; }

wait_players() {
  local note=${3:+ ($3)}
  wait_log 30 "$1 RTMP players waiting$note" "\[rtmp\] play waits for a publisher: .* stream=live/test" "$1"
  wait_log 30 "$2 HTTP-FLV players waiting$note" "\[httpflv\] play start: .* stream=live/test" "$2"
}

probe() {
  ffprobe -v error -count_frames \
    -show_entries stream=codec_type,codec_name,profile,level,width,height,sample_rate,channels,nb_read_frames \
    -of csv=p=0 "$1" | sort
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

fd_count() { ls "/proc/$1/fd" | wc -l; }

check_flv() {
  local file=$1
  shift
  "$FLVSTAT" "$file" "$@" || fail "$file does not pass flvstat $*"
}

need_aiortc() {
  /usr/bin/python3 -c "import aiortc" 2>/dev/null || fail "python3-aiortc is not installed (scripts/install-deps.sh)"
}

rtc_client() { timeout 25 /usr/bin/python3 "$E2E_TOOLS/webrtc_client.py" "$@"; }

rtc_lal_start() {
  local extra=${1:-'{}'}
  RTC_PORT=$(free_port)
  lal_start "$(python3 -c 'import json, sys
extra = json.loads(sys.argv[2])
rtc = extra.setdefault("rtc", {})
rtc.setdefault("enable", True)
rtc.setdefault("addr", "127.0.0.1:" + sys.argv[1])
print(json.dumps(extra))' "$RTC_PORT" "$extra")"
  wait_log 10 "the WebRTC port" "WebRTC \(WHEP, WHIP\) media on UDP port $RTC_PORT"
  BASE="http://127.0.0.1:$HTTP_PORT"
}
