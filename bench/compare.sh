#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/compare.sh: the lal server against nginx-rtmp, the same scenarios one
# after the other in one run, on loopback; prints a Markdown table.
#
#   bench/compare.sh            full run (about 15-20 minutes)
#   QUICK=1 bench/compare.sh    short run (about 2-3 minutes)
#
# Each server runs pinned to one core (SERVER_CPUS, default 0) and lalbench to
# the other (LOAD_CPUS, default 1); the 2-thread variant of lal gets both cores
# and shares the second with the load. Every scenario restarts the server, so
# its peak RSS belongs to that scenario. See bench/README.md for what is
# measured and how.
#
# Environment (defaults: full run / QUICK=1):
#   BUILD_DIR          Release build folder (build-compare)
#   OUT_DIR            results ($BUILD_DIR/bench-results/<date>)
#   DURATION           measured seconds per run (15 / 4)
#   WARMUP             seconds between the last player's start and the window (3 / 1)
#   PUBLISH_WARMUP     seconds of publishing before players join (5 / 3): GOP caches full
#   RATE               connections started per second (1000)
#   PLAYERS            scenario 1 player counts ("100 500 1000 2000" / "100 1000")
#   MULTI_PUBLISHERS   scenario 2 publishers, 2 players each (200 / 50)
#   CHURN              scenario 3 connections (5000 / 1000), CHURN_CONCURRENCY (50)
#   HTTP_PLAYERS       scenario 4 HTTP-FLV players (1000 / 200)
#   HLS_PLAYERS        scenario 5 HLS players of one stream (1000 / 200): lal from
#                      memory against nginx-rtmp's `hls on` files served with sendfile
#   RTSP_PLAYERS       scenario 6 (lal only): RTSP players (TCP interleaved) of one stream, then
#                      as many RTMP players of the same server config (500 / 50)
#   SRT_PLAYERS        scenario 7 (lal only): SRT players of one stream, then as many RTMP
#                      players; server RSS per SRT connection (200 / 20)
#   WEBRTC_PLAYERS     scenario 9 (lal only, run when named): for each count, WHEP players of one
#                      stream (H.264 + the AAC audio transcoded once to Opus), then as many RTMP
#                      players on the same config ("100 300" / "20")
#   MOQ_PLAYERS        scenario 10 (lal only, run when named): MoQT players (QUIC, WebTransport,
#                      draft-20 subscriptions to video and audio) of one stream, then as many RTMP
#                      players on the same config (100 / 20)
#   LLHLS_PLAYERS      scenario 8 (lal only): LL-HLS players (200 ms fMP4 parts, blocking reload)
#                      of one stream, then as many TS HLS players of the same segments (1000 / 100)
#   VARIANTS           servers to run ("nginx lal lal-merge100 lal-2threads"); also lal-merge<N>
#                      (rtmp.merge_write_ms N, any N), lal-immediate (rtmp.flush_policy "immediate") and
#                      lal-chunk<N> (rtmp.chunk_size N, e.g. lal-chunk4096: nginx-rtmp's chunk size)
#   WRITE_COUNTS=1     lal variants: poll the server's /metrics once a second for its socket
#                      write calls (lal_write_calls_total), so the table gets writes per player per s
#   SYSCALL_COUNTS=1   every variant, nginx-rtmp included: bench/server_counts.sh inside the window
#                      (perf stat tracepoints of the socket write calls, context switches, instructions
#                      where the CPU has counters; `ss -ti` bytes and TCP segments of the server's
#                      connections), so the table gets write calls and segments per GB. Needs perf and
#                      root (or kernel.perf_event_paranoid -1)
#   SCENARIOS          which to run ("fanout multi churn httpflv hls"; also "rtsp", "srt", "llhls", "webrtc", "moq")
#   IPERF_SECONDS      loopback floor measurement (10 / 3)
#   CLIP_SECONDS       length of the generated 2 Mbit/s clip (30)
#   SKIP_INSTALL=1     do not run scripts/install-deps.sh
#   SKIP_BUILD=1       use the binaries already in BUILD_DIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  : "${DURATION:=4}" "${WARMUP:=1}" "${PUBLISH_WARMUP:=3}" "${PLAYERS:=100 1000}"
  : "${MULTI_PUBLISHERS:=50}" "${CHURN:=1000}" "${HTTP_PLAYERS:=200}" "${HLS_PLAYERS:=200}" "${IPERF_SECONDS:=3}"
  : "${RTSP_PLAYERS:=50}" "${SRT_PLAYERS:=20}" "${LLHLS_PLAYERS:=100}" "${WEBRTC_PLAYERS:=20}" "${MOQ_PLAYERS:=20}"
else
  : "${DURATION:=15}" "${WARMUP:=3}" "${PUBLISH_WARMUP:=5}" "${PLAYERS:=100 500 1000 2000}"
  : "${MULTI_PUBLISHERS:=200}" "${CHURN:=5000}" "${HTTP_PLAYERS:=1000}" "${HLS_PLAYERS:=1000}" "${IPERF_SECONDS:=10}"
  : "${RTSP_PLAYERS:=500}" "${SRT_PLAYERS:=200}" "${LLHLS_PLAYERS:=1000}" "${WEBRTC_PLAYERS:=100 300}" "${MOQ_PLAYERS:=100}"
fi
: "${BUILD_DIR:=$ROOT/build-compare}"
: "${OUT_DIR:=$BUILD_DIR/bench-results/$(date +%Y%m%d-%H%M%S)}"
: "${RATE:=1000}" "${CHURN_CONCURRENCY:=50}" "${CLIP_SECONDS:=30}"
: "${VARIANTS:=nginx lal lal-merge100 lal-2threads}"
: "${SCENARIOS:=fanout multi churn httpflv hls}"
: "${SERVER_CPUS:=0}" "${LOAD_CPUS:=1}"

log() { echo "compare: $*" >&2; }
die() {
  echo "compare: $*" >&2
  exit 1
}

# --- dependencies, build, media -------------------------------------------------

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  "$ROOT/scripts/install-deps.sh" --with-bench
fi
tools="cmake ffmpeg nginx iperf3 python3 taskset"
[ "${SYSCALL_COUNTS:-0}" = 1 ] && tools+=" perf ss"
for tool in $tools; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh --with-bench)"
done
MODULE_DIR=$(nginx -V 2>&1 | tr ' ' '\n' | sed -n 's/^--modules-path=//p')
[ -f "$MODULE_DIR/ngx_rtmp_module.so" ] || die "nginx rtmp module not found (apt-get install libnginx-mod-rtmp)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building Release in $BUILD_DIR"
  # GCC 12 at -O3 reports false -Wrestrict warnings inside libstdc++, so no -Werror here.
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DLAL_BUILD_TESTS=OFF -DLAL_WERROR=OFF >/dev/null
  cmake --build "$BUILD_DIR" --target lal lalbench -j"$(nproc)" >/dev/null
fi
LAL="$BUILD_DIR/bin/lal"
LALBENCH="$BUILD_DIR/bin/lalbench"
[ -x "$LAL" ] && [ -x "$LALBENCH" ] || die "missing $LAL or $LALBENCH"

mkdir -p "$OUT_DIR" "$BUILD_DIR/bench-media"
CLIP="$BUILD_DIR/bench-media/clip_2mbps_${CLIP_SECONDS}s.flv"
if [ ! -s "$CLIP" ]; then
  log "making the 2 Mbit/s clip $CLIP"
  # 1280x720 25 fps H.264 at a constant 1872 kbit/s (x264 CBR with filler, so the
  # rate holds even on a simple picture), 2 s GOP, no B-frames, plus AAC 128 kbit/s.
  ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=44100" \
    -t "$CLIP_SECONDS" -c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p \
    -b:v 1872k -minrate 1872k -maxrate 1872k -bufsize 1872k -x264-params "nal-hrd=cbr:force-cfr=1" \
    -g 50 -keyint_min 50 -sc_threshold 0 -bf 0 -c:a aac -b:a 128k -ac 2 -f flv "$CLIP.tmp"
  mv "$CLIP.tmp" "$CLIP"
fi

# The moq scenario's QUIC certificate: ECDSA P-256, self-signed (lalbench does not check it).
QUIC_CERT="$BUILD_DIR/bench-media/quic-cert.pem"
QUIC_KEY="$BUILD_DIR/bench-media/quic-key.pem"
if [[ " $SCENARIOS " == *" moq "* ]] && [ ! -s "$QUIC_KEY" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 10 -subj /CN=localhost \
    -keyout "$QUIC_KEY" -out "$QUIC_CERT" 2>/dev/null || die "openssl could not make the QUIC certificate"
fi

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- processes ------------------------------------------------------------------

PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT [u]: until something listens there on TCP (with u: is bound on
# UDP, where SRT listens). Asked of the kernel, not by connecting: iperf3 and
# the servers would count a probe as a client.
wait_port() {
  local port=$1 proto=${2:-t} i
  for i in $(seq 200); do
    ss "-Hl${proto}n" "sport = :$port" | grep -q . && return 0
    sleep 0.05
  done
  return 1
}

# start_server VARIANT NAME: starts a server pinned to its cores; sets SERVER_PID,
# RTMP_PORT, HTTP_PORT, EXTRA_PORT (RTSP, SRT, WebRTC or QUIC UDP of the rtsp, srt, webrtc and moq scenarios),
# SERVER_LOG and SERVER_LABEL.
start_server() {
  local variant=$1 name=$2 cpus=$SERVER_CPUS
  RTMP_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  while [ "$HTTP_PORT" = "$RTMP_PORT" ]; do HTTP_PORT=$(free_port); done
  EXTRA_PORT=$(free_port)
  API_PORT=$(free_port)
  while [ "$EXTRA_PORT" = "$RTMP_PORT" ] || [ "$EXTRA_PORT" = "$HTTP_PORT" ]; do EXTRA_PORT=$(free_port); done
  local dir="$OUT_DIR/$name"
  mkdir -p "$dir"
  SERVER_LOG="$dir/server.log"
  if [ "$variant" = nginx ]; then
    mkdir -p "$dir/logs"
    # The hls scenario: nginx-rtmp writes HLS files, nginx's http module serves them.
    local template="$BENCH/nginx-rtmp.conf.in"
    [[ "$name" == hls-* ]] && template="$BENCH/nginx-hls.conf.in" && mkdir -p "$dir/hls"
    sed -e "s#@MODULE@#$MODULE_DIR/ngx_rtmp_module.so#" -e "s#@PORT@#$RTMP_PORT#" -e "s#@PREFIX@#$dir#" \
      -e "s#@HTTP_PORT@#$HTTP_PORT#" "$template" >"$dir/nginx.conf"
    taskset -c "$cpus" nginx -p "$dir" -c "$dir/nginx.conf" >"$SERVER_LOG" 2>&1 &
    SERVER_LABEL="nginx-rtmp"
  else
    local threads=1 merge=0 level=2 policy=adaptive chunk=
    # Info level for the once-a-second [stats] line (server-added latency);
    # churn stays at warn, where a line per connection would cost CPU.
    [[ "$name" == churn-* ]] && level=3
    case "$variant" in
      lal) SERVER_LABEL="lal" ;;
      lal-immediate) policy=immediate SERVER_LABEL="lal immediate" ;;
      lal-merge[0-9]*) merge=${variant#lal-merge} SERVER_LABEL="lal merge $merge ms" ;;
      lal-chunk[0-9]*) chunk=", \"chunk_size\": ${variant#lal-chunk}" SERVER_LABEL="lal chunk ${variant#lal-chunk}" ;;
      lal-2threads) threads=2 cpus="$SERVER_CPUS,$LOAD_CPUS" SERVER_LABEL="lal 2 threads" ;;
      *) die "unknown variant $variant" ;;
    esac
    # The hls scenario: segments as nginx-rtmp's there (2 s, 6 listed), from memory.
    local hls='"enable": false'
    [[ "$name" == hls-* || "$name" == llhls-*-ts ]] && hls='"enable": true, "fragment_duration_ms": 2000, "fragment_num": 6'
    # The llhls scenario: the same segments in fMP4 with 200 ms parts and blocking reload.
    [[ "$name" == llhls-*-llhls ]] && hls='"enable": true, "fragment_duration_ms": 2000, "fragment_num": 6,
      "fragment_format": "fmp4", "ll_hls_enable": true, "part_duration_ms": 200'
    # The rtsp and srt scenarios: that protocol on EXTRA_PORT (its RTMP counterpart runs on the same config).
    local rtsp='"enable": false' srt='"enable": false'
    [[ "$name" == rtsp-* ]] && rtsp="\"enable\": true, \"addr\": \"127.0.0.1:$EXTRA_PORT\""
    [[ "$name" == srt-* ]] && srt="\"enable\": true, \"addr\": \"127.0.0.1:$EXTRA_PORT\""
    # The webrtc scenario: WHEP on the HTTP port, media on one UDP port, the loopback candidate.
    local rtc='"enable": false'
    [[ "$name" == webrtc-* ]] && rtc="\"enable\": true, \"addr\": \"127.0.0.1:$EXTRA_PORT\", \"candidates\": [\"127.0.0.1\"]"
    # The moq scenario: QUIC (HTTP/3, WebTransport, MoQT) on EXTRA_PORT.
    local quic='"enable": false'
    [[ "$name" == moq-* ]] && quic="\"enable\": true, \"addr\": \"127.0.0.1:$EXTRA_PORT\", \"cert_file\": \"$QUIC_CERT\", \"key_file\": \"$QUIC_KEY\""
    # WRITE_COUNTS: the HTTP API, so /metrics can be polled for socket write calls.
    local api='"enable": false'
    [ "${WRITE_COUNTS:-0}" = 1 ] && api="\"enable\": true, \"addr\": \"127.0.0.1:$API_PORT\""
    cat >"$dir/lal.conf.json" <<JSON
{
  "rtmp": { "addr": "127.0.0.1:$RTMP_PORT", "merge_write_ms": $merge, "flush_policy": "$policy"$chunk },
  "hls": { $hls },
  "rtsp": { $rtsp },
  "srt": { $srt },
  "rtc": { $rtc },
  "quic": { $quic },
  "http_api": { $api },
  "httpflv": { "addr": "127.0.0.1:$HTTP_PORT" },
  "limits": { "max_connections": 20000 },
  "threads": $threads,
  "log": { "level": $level, "filename": "$dir/lal.log", "is_to_stdout": false, "is_rotate_daily": false,
           "stats_interval_ms": 1000 }
}
JSON
    taskset -c "$cpus" "$LAL" -c "$dir/lal.conf.json" >"$SERVER_LOG" 2>&1 &
  fi
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_port "$RTMP_PORT" || die "$variant did not listen on $RTMP_PORT: $(tail -5 "$SERVER_LOG")"
  if [ "$variant" != nginx ] || [[ "$name" == hls-* ]]; then
    wait_port "$HTTP_PORT" || die "$variant did not listen on $HTTP_PORT"
  fi
  if [[ "$name" == rtsp-* ]]; then wait_port "$EXTRA_PORT" || die "$variant did not listen on RTSP $EXTRA_PORT"; fi
  if [[ "$name" == srt-* ]]; then wait_port "$EXTRA_PORT" u || die "$variant did not bind SRT $EXTRA_PORT"; fi
  if [[ "$name" == webrtc-* ]]; then wait_port "$EXTRA_PORT" u || die "$variant did not bind WebRTC UDP $EXTRA_PORT"; fi
  if [[ "$name" == moq-* ]]; then wait_port "$EXTRA_PORT" u || die "$variant did not bind QUIC UDP $EXTRA_PORT"; fi
}

# stop_server VARIANT: ends the server; sets SERVER_STATUS (ok, or how it ended on its own).
stop_server() {
  local variant=$1 i code=0
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID" || code=$?
    SERVER_STATUS="exited by itself during the run (code $code)"
    return
  fi
  SERVER_STATUS=ok
  if [ "$variant" = nginx ]; then kill -QUIT "$SERVER_PID"; else kill -INT "$SERVER_PID"; fi
  for i in $(seq 200); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    SERVER_STATUS="did not stop within 20 s of the signal"
  fi
  wait "$SERVER_PID" 2>/dev/null || true
}

# --- runs -----------------------------------------------------------------------

RUNS="$OUT_DIR/runs.jsonl"
: >"$RUNS"

# run SCENARIO VARIANT LABEL-EXTRA RECEIVERS LALBENCH-ARGS...: one server, one lalbench
# run; URLs use @RTMP@, @HTTP@ and @EXTRA@ (RTSP or SRT) for the server's ports.
# RUN_TAG, when set, ends the run's name (runs of one scenario at several sizes).
run() {
  local scenario=$1 variant=$2 extra=$3 receivers=$4
  shift 4
  local name="$scenario-$variant${extra:+-$extra}${RUN_TAG:+-$RUN_TAG}"
  start_server "$variant" "$name"
  local args=() a
  for a in "$@"; do
    a=${a//@RTMP@/$RTMP_PORT}
    a=${a//@EXTRA@/$EXTRA_PORT}
    args+=("${a//@HTTP@/$HTTP_PORT}")
  done
  local load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  log "$name: lalbench ${args[*]}"
  local code=0 poller="" writes_log=""
  if [ "${WRITE_COUNTS:-0}" = 1 ] && [ "$variant" != nginx ]; then
    writes_log="$OUT_DIR/$name/writes.log"
    taskset -c "$LOAD_CPUS" python3 "$BENCH/poll_writes.py" "http://127.0.0.1:$API_PORT/metrics" "$writes_log" &
    poller=$!
    PIDS+=("$poller")
  fi
  local counter="" counts=""
  if [ "${SYSCALL_COUNTS:-0}" = 1 ]; then
    # Inside lalbench's window: after the publish warm-up, the ramp-up and the
    # warm-up, with a second's margin at both ends. The server's connections
    # are those on the port its players use.
    counts="$OUT_DIR/$name/counts.json"
    local port=$RTMP_PORT
    [[ "$scenario" == httpflv || "$scenario" == hls || "$scenario" == llhls ]] && port=$HTTP_PORT
    [ "$extra" = rtsp ] && port=$EXTRA_PORT
    local delay seconds
    delay=$(python3 -c "print(${PUBLISH_WARMUP} + $receivers / ${RATE} + ${WARMUP} + 1)")
    seconds=$(python3 -c "print(max(1, ${DURATION} - 2))")
    (sleep "$delay" && taskset -c "$LOAD_CPUS" "$BENCH/server_counts.sh" "$SERVER_PID" "$port" "$seconds" "$counts" \
      >/dev/null 2>"$OUT_DIR/$name/counts.log") &
    counter=$!
    PIDS+=("$counter")
  fi
  taskset -c "$LOAD_CPUS" "$LALBENCH" "${args[@]}" --server-pid "$SERVER_PID" --json -q \
    >"$OUT_DIR/$name/lalbench.json" 2>"$OUT_DIR/$name/lalbench.log" || code=$?
  if [ -n "$counter" ]; then
    wait "$counter" 2>/dev/null || log "$name: no write counts: $(tail -2 "$OUT_DIR/$name/counts.log")"
  fi
  if [ -n "$poller" ]; then
    kill "$poller" 2>/dev/null || true
    wait "$poller" 2>/dev/null || true
  fi
  stop_server "$variant"
  [ "$SERVER_STATUS" = ok ] || log "$name: the server $SERVER_STATUS"
  python3 - "$RUNS" <<PY
import json, sys
rec = {"scenario": "$scenario", "variant": "$variant", "label": "$SERVER_LABEL", "name": "$name", "extra": "$extra",
       "receivers": $receivers, "lalbench_exit": $code, "server_status": "$SERVER_STATUS",
       "loadavg_before": float("$load_before"), "json": "$OUT_DIR/$name/lalbench.json",
       "server_log": "$( [ "$variant" = nginx ] || echo "$OUT_DIR/$name/lal.log")", "writes_log": "$writes_log",
       "counts": "$counts"}
open(sys.argv[1], "a").write(json.dumps(rec) + "\n")
PY
  python3 - "$OUT_DIR/$name/lalbench.json" >&2 <<'PY' || log "$name: no summary (lalbench exit $code): $(tail -3 "$OUT_DIR/$name/lalbench.log")"
import json, sys
j = json.load(open(sys.argv[1]))
sv, w, lat = j.get("server", {}), j.get("window", {}), j.get("latency_ms", {})
print(f"  connected {j['connected']}, failed {j['failed']}, {w.get('bitrate_bps', 0) / 1e6:.1f} Mbit/s, "
      f"lost {j['lost_frames']}, latency p50/p99 {lat.get('p50', 0):.2f}/{lat.get('p99', 0):.2f} ms, "
      f"server {sv.get('cpu_s', 0):.2f} CPU s ({sv.get('cpu_s_per_gb', 0):.3f} s/GB), "
      f"lalbench {j['lalbench_cpu_s_per_gb']:.3f} s/GB" + (f", churn {j['churn']['rate_per_s']:.0f}/s" if "churn" in j else "")
      + (f", server RSS {sv['rss_baseline_kb']} -> {sv['rss_end_kb']} KiB" if "rss_baseline_kb" in sv and "rss_end_kb" in sv else ""))
PY
}

common=(-t "$DURATION" --warmup "$WARMUP" --publish-warmup "$PUBLISH_WARMUP" -r "$RATE")
has() { [[ " $1 " == *" $2 "* ]]; }

log "results in $OUT_DIR"
log "loopback floor: iperf3 for $IPERF_SECONDS s"
IPERF_PORT=$(free_port)
taskset -c "$LOAD_CPUS" iperf3 -s -1 -p "$IPERF_PORT" >"$OUT_DIR/iperf3-server.log" 2>&1 &
IPERF_PID=$!
PIDS+=("$IPERF_PID")
wait_port "$IPERF_PORT" || die "iperf3 -s did not start"
iperf3 -c 127.0.0.1 -p "$IPERF_PORT" -l 64K -A "$SERVER_CPUS" -t "$IPERF_SECONDS" --json >"$OUT_DIR/iperf3.json" ||
  log "iperf3 failed: $(head -c 300 "$OUT_DIR/iperf3.json")"
wait "$IPERF_PID" 2>/dev/null || true

for variant in $VARIANTS; do
  if has "$SCENARIOS" fanout; then
    for n in $PLAYERS; do
      run fanout "$variant" "$n" "$n" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$n" "${common[@]}"
    done
  fi
  if has "$SCENARIOS" multi; then
    run multi "$variant" "" "$((MULTI_PUBLISHERS * 2))" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/s{i}" \
      -p "$MULTI_PUBLISHERS" -n "$((MULTI_PUBLISHERS * 2))" "${common[@]}"
  fi
  if has "$SCENARIOS" churn; then
    run churn "$variant" "" 0 churn -u "rtmp://127.0.0.1:@RTMP@/live/bench" -i "$CLIP" \
      --publish-warmup "$PUBLISH_WARMUP" -n "$CHURN" -c "$CHURN_CONCURRENCY"
  fi
  if has "$SCENARIOS" httpflv && [ "$variant" != nginx ]; then
    run httpflv "$variant" "" "$HTTP_PLAYERS" run -i "$CLIP" -u "http://127.0.0.1:@HTTP@/live/bench.flv" \
      --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$HTTP_PLAYERS" "${common[@]}"
  fi
  if has "$SCENARIOS" hls; then
    # HLS players poll the playlist and fetch each new segment once; the first
    # segment must exist before they join, and their latency is a segment's
    # length or more, so it does not count as falling behind.
    run hls "$variant" "" "$HLS_PLAYERS" run -i "$CLIP" -u "http://127.0.0.1:@HTTP@/hls/bench.m3u8" \
      --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$HLS_PLAYERS" \
      -t "$DURATION" --warmup "$WARMUP" -r "$RATE" --publish-warmup "$((PUBLISH_WARMUP > 5 ? PUBLISH_WARMUP : 5))" \
      --lag-ms 60000
  fi
  # Other protocols' fan-out against RTMP's on the same server config, one run
  # after the other (nginx-rtmp has neither). RTSP players are TCP interleaved;
  # SRT players read the server's MPEG-TS, whose latency includes one frame.
  if has "$SCENARIOS" rtsp && [ "$variant" != nginx ]; then
    run rtsp "$variant" rtsp "$RTSP_PLAYERS" run -i "$CLIP" -u "rtsp://127.0.0.1:@EXTRA@/live/bench" \
      --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$RTSP_PLAYERS" "${common[@]}"
    run rtsp "$variant" rtmp "$RTSP_PLAYERS" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/bench" \
      -n "$RTSP_PLAYERS" "${common[@]}"
  fi
  # LL-HLS players hold a blocking playlist request at the server most of the
  # time (RFC 8216bis 6.2.5.2) and fetch each 200 ms part once; TS HLS players
  # of the same segments on the same config are the reference.
  if has "$SCENARIOS" llhls && [ "$variant" != nginx ]; then
    for kind in llhls ts; do
      run llhls "$variant" "$kind" "$LLHLS_PLAYERS" run -i "$CLIP" -u "http://127.0.0.1:@HTTP@/hls/bench.m3u8" \
        --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$LLHLS_PLAYERS" \
        -t "$DURATION" --warmup "$WARMUP" -r "$RATE" --publish-warmup "$((PUBLISH_WARMUP > 5 ? PUBLISH_WARMUP : 5))" \
        --lag-ms 60000
    done
  fi
  if has "$SCENARIOS" srt && [ "$variant" != nginx ]; then
    run srt "$variant" srt "$SRT_PLAYERS" run -i "$CLIP" -u "srt://127.0.0.1:@EXTRA@/live/bench" \
      --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$SRT_PLAYERS" "${common[@]}"
    run srt "$variant" rtmp "$SRT_PLAYERS" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/bench" \
      -n "$SRT_PLAYERS" "${common[@]}"
  fi
  # WHEP players (ICE, DTLS, SRTP on one UDP port) against RTMP players on the
  # same config. The clip's AAC is transcoded to Opus once for the stream, not
  # per player: that cost is in the WebRTC runs' server CPU.
  if has "$SCENARIOS" webrtc && [ "$variant" != nginx ]; then
    for n in $WEBRTC_PLAYERS; do
      RUN_TAG=$n run webrtc "$variant" webrtc "$n" run -i "$CLIP" -u "whep://127.0.0.1:@HTTP@/live/bench" \
        --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$n" "${common[@]}"
      RUN_TAG=$n run webrtc "$variant" rtmp "$n" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/bench" \
        -n "$n" "${common[@]}"
    done
  fi
  # MoQT players (QUIC, HTTP/3 WebTransport, draft-20 SUBSCRIBE to video and
  # audio: one stream per group) against RTMP players on the same config.
  if has "$SCENARIOS" moq && [ "$variant" != nginx ]; then
    run moq "$variant" moq "$MOQ_PLAYERS" run -i "$CLIP" -u "moq://127.0.0.1:@EXTRA@/live/bench" \
      --push-url "rtmp://127.0.0.1:@RTMP@/live/bench" -n "$MOQ_PLAYERS" "${common[@]}"
    run moq "$variant" rtmp "$MOQ_PLAYERS" run -i "$CLIP" -u "rtmp://127.0.0.1:@RTMP@/live/bench" \
      -n "$MOQ_PLAYERS" "${common[@]}"
  fi
done

{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), loopback."
  echo "Command: $( [ "$QUICK" = 1 ] && echo "QUICK=1 ")bench/compare.sh; measured window $DURATION s per run after ${WARMUP} s warm-up; clip $(basename "$CLIP")."
  echo
  python3 "$BENCH/summarize.py" "$RUNS" "$OUT_DIR/iperf3.json"
} | tee "$OUT_DIR/results.md"
log "table saved to $OUT_DIR/results.md"
