# SPDX-License-Identifier: MIT
# Helpers of the cluster tests. Source after testlib.sh and relay_lib.sh.
#   redis_start           starts redis-server on $REDIS_PORT (picked once), no persistence; REDIS_PID
#   redis_stop            stops it by its pid
#   rcli ARGS...          redis-cli against it
#   cluster_conf ID LOOKUP [CLUSTER_KEYS [TOP_KEYS]]  server ID's config: its cluster section (more
#                         keys after a comma in CLUSTER_KEYS) and relay_pull timings; TOP_KEYS are more
#                         top-level members, after a comma

redis_start() {
  [ -n "${REDIS_PORT:-}" ] || REDIS_PORT=$(free_port)
  start_bg "redis$REDIS_PORT-$SECONDS" "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' \
    --appendonly no --dir "$WORK"
  REDIS_PID=$LAST_PID
  wait_port "$REDIS_PORT" 10
}

redis_stop() {
  kill "$REDIS_PID"
  wait_exit "$REDIS_PID" 10 || true
}

rcli() { "$REDIS_CLI" -p "$REDIS_PORT" "$@"; }

# A server of the cluster: short TTL so the fault tests run quickly, lookups
# retried every 100 ms while players wait.
cluster_conf() {
  local id=$1 lookup=$2 extra=${3:-} top=${4:-}
  printf '{"cluster": {"enable": true, "server_id": "%s", "registry": "redis://127.0.0.1:%s", "ttl_ms": 2000,
    "timeout_ms": 300, "lookup": %s%s}, "relay_pull": {"retry_interval_ms": 100, "connect_timeout_ms": 2000,
    "read_timeout_ms": 2000, "stop_after_idle_ms": 2000}%s}' "$id" "$REDIS_PORT" "$lookup" "$extra" "$top"
}

# File size in bytes, 0 when missing; whether a file grew past a size;
# an ffmpeg looping $src to live/test on a port (publish NAME PORT).
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
grown() { [ "$(size "$1")" -gt "$2" ]; }
publish() {  # publish NAME PORT: ffmpeg looping the clip to live/test
  start_bg "$1" ffmpeg -nostdin -hide_banner -loglevel warning -re -stream_loop -1 -i "$src" -c copy -f flv \
    "rtmp://127.0.0.1:$2/live/test"
}
