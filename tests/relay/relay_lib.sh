# SPDX-License-Identifier: MIT
# Helpers of the relay tests, which run several lal servers side by side.
# Source after testlib.sh. A server has a NAME (origin, edge, ...); its ports,
# pid and log are NAME_RTMP, NAME_HTTP, NAME_PID and $WORK/NAME.log.
#   ports_for NAME             picks free loopback ports for NAME (before any config names them)
#   server_start NAME [JSON]   writes $WORK/NAME.conf.json (NAME's ports, two threads, no log
#                              file, JSON merged over that), starts lal, waits for both ports
#   server_stop NAME           SIGINT; fails unless lal exits 0 in time without a sanitizer report
#   count NAME REGEX           lines of NAME's log matching the extended regex
#   wait_log NAME SECONDS DESC REGEX [N]  waits until NAME's log has N (default 1) matching lines
#   conns PID PORT             established TCP connections of process PID to 127.0.0.1:PORT
#   now_ms                     milliseconds since the epoch
#   log_ms NAME REGEX          time of day (ms) of the last line of NAME's log matching REGEX
#   check_flv FILE ARGS...     runs flvstat on FILE with ARGS, showing its summary

ports_for() {
  local name=$1 rtmp http
  rtmp=$(free_port)
  http=$(free_port)
  while [ "$http" = "$rtmp" ]; do http=$(free_port); done
  printf -v "${name}_RTMP" %s "$rtmp"
  printf -v "${name}_HTTP" %s "$http"
}

server_start() {
  local name=$1 extra=${2:-'{}'}
  local rtmp_var="${name}_RTMP" http_var="${name}_HTTP"
  [ -n "${!rtmp_var:-}" ] || ports_for "$name"
  python3 - "${!rtmp_var}" "${!http_var}" "$extra" >"$WORK/$name.conf.json" <<'PY'
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
        "threads": 2,
        "log": {"filename": "", "level": 2, "short_file_flag": False},
        "stream": {"wait_publisher_ms": 15000}}
print(json.dumps(merge(base, json.loads(sys.argv[3])), indent=2))
PY
  start_bg "$name" "$LAL" -c "$WORK/$name.conf.json"
  printf -v "${name}_PID" %s "$LAST_PID"
  wait_port "${!rtmp_var}" 30
  wait_port "${!http_var}" 30
}

server_stop() {
  local name=$1
  local pid_var="${name}_PID"
  local pid=${!pid_var}
  local log="$WORK/$name.log"
  kill -0 "$pid" 2>/dev/null || fail "$name died before the end of the test: $(tail -5 "$log")"
  kill -INT "$pid"
  local code=0
  wait_exit "$pid" 20 || code=$?
  if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$log"; then
    fail "sanitizer report in $name's log: $(grep -m1 -E "Sanitizer|runtime error:" "$log")"
  fi
  [ "$code" = 0 ] || fail "$name exited $code after SIGINT"
}

count() { grep -cE "$2" "$WORK/$1.log" || true; }

log_has_at_least() { [ "$(count "$1" "$2")" -ge "$3" ]; }

wait_log() { wait_for "$2" "$3" log_has_at_least "$1" "$4" "${5:-1}"; }

conns() { ss -Htnp state established "( dport = :$2 )" | grep -c "pid=$1," || true; }

now_ms() { date +%s%3N; }

# Log lines start "YYYY/MM/DD HH:MM:SS.micro".
log_ms() {
  grep -E "$2" "$WORK/$1.log" | tail -1 |
    awk '{ split($2, t, ":"); printf "%d\n", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }'
}

check_flv() {
  local file=$1
  shift
  "$FLVSTAT" "$file" "$@" || fail "$file does not pass flvstat $*"
}
