# SPDX-License-Identifier: MIT
# Helpers for integration tests that run real servers and clients on loopback.
# Source it from a test script after `set -euo pipefail`. Every process a test
# starts is recorded and stopped by its own pid when the script exits.
#   WORK          scratch folder of this test (created, set by the caller or here)
#   free_port     prints a port free for TCP and UDP on 127.0.0.1
#   start_bg NAME CMD...     runs CMD in the background, output in $WORK/NAME.log; sets LAST_PID
#   stop_pid PID [SIGNAL]    signals PID (default INT), waits for it, then KILLs after 10 s
#   wait_for SECONDS DESC CMD...   polls CMD until it succeeds, fails the test after SECONDS
#   wait_port PORT [SECONDS] waits until 127.0.0.1:PORT accepts connections
#   wait_exit PID SECONDS    waits for PID to exit by itself; returns its exit code
#   nginx_rtmp_start PORT    starts nginx with the rtmp module on 127.0.0.1:PORT; sets NGINX_PID
#   fail MESSAGE             prints FAIL and exits 1

: "${WORK:=$(mktemp -d "${TMPDIR:-/tmp}/lal-test.XXXXXX")}"
mkdir -p "$WORK"
TESTLIB_PIDS=()

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

free_port() {  # free for TCP and UDP, below the ephemeral range (free_port.py says why)
  python3 "$(dirname "${BASH_SOURCE[0]}")/free_port.py"
}

start_bg() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  TESTLIB_PIDS+=("$LAST_PID")
}

stop_pid() {
  local pid=$1 sig=${2:-INT}
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  local i
  for i in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

wait_for() {
  local seconds=$1 desc=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for: $desc"
    sleep 0.05
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { wait_for "${2:-20}" "127.0.0.1:$1 to accept connections" port_open "$1"; }

wait_exit() {
  local pid=$1 seconds=$2
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "process $pid did not exit within ${seconds}s"
    sleep 0.05
  done
  local code=0
  wait "$pid" || code=$?
  return "$code"
}

nginx_rtmp_start() {
  local port=$1 prefix="$WORK/nginx"
  mkdir -p "$prefix/logs" "$prefix/tmp"
  local moddir
  moddir=$(nginx -V 2>&1 | tr ' ' '\n' | sed -n 's/^--modules-path=//p')
  [ -f "$moddir/ngx_rtmp_module.so" ] || fail "nginx rtmp module not found (apt-get install libnginx-mod-rtmp)"
  sed -e "s#@MODULE@#$moddir/ngx_rtmp_module.so#" -e "s#@PORT@#$port#" \
    "$(dirname "${BASH_SOURCE[0]}")/nginx-rtmp.conf.in" >"$prefix/nginx.conf"
  start_bg nginx nginx -p "$prefix" -c nginx.conf
  NGINX_PID=$LAST_PID
  wait_port "$port"
}

testlib_cleanup() {
  local pid
  for pid in "${TESTLIB_PIDS[@]}"; do stop_pid "$pid" TERM; done
}
trap testlib_cleanup EXIT
