#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command-line tests of httpflvpull against ffmpeg acting as a one-client
# HTTP server (-listen 1), a tiny 404 server, and nothing at all; and of the
# adapter's server side (serve_file) against ffmpeg, httpflvpull and curl.
# Usage: httpflvpull_test.sh <case>; env HTTPFLVPULL, SERVE_FILE, MEDIA_DIR, WORK_DIR.
set -euo pipefail

case_name="$1"
work="${WORK_DIR}/${case_name}"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

pids=()
cleanup() {
    for pid in "${pids[@]:-}"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]:-}"; do
        [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

free_port() {  # free for TCP and UDP, below the ephemeral range (see the script)
    python3 "$(dirname "${BASH_SOURCE[0]}")/../support/free_port.py"
}

# Polls (up to ~10 s) until something listens on 127.0.0.1:$1.
wait_listening() {
    for _ in $(seq 1 200); do
        if ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; then return 0; fi
        sleep 0.05
    done
    fail "nothing listens on port $1"
}

# Polls (up to ~20 s) until file $1 holds at least $2 bytes.
wait_size() {
    for _ in $(seq 1 400); do
        if [[ -f "$1" ]] && (($(stat -c %s "$1") >= $2)); then return 0; fi
        sleep 0.05
    done
    fail "$1 never reached $2 bytes"
}

# ffmpeg serving the 10 s test clip in real time at http://127.0.0.1:$port/live/test.flv.
serve_flv() {
    port=$(free_port)
    ffmpeg -nostdin -hide_banner -loglevel error -re -i "${MEDIA_DIR}/h264_aac_10s.flv" -c copy \
        -f flv -listen 1 "http://127.0.0.1:${port}/live/test.flv" 2>ffmpeg.log &
    pids+=($!)
    wait_listening "$port"
    url="http://127.0.0.1:${port}/live/test.flv"
}

# serve_file (our server side) with the 10 s clip; sets $port and $url.
serve_ours() {
    "$SERVE_FILE" "${MEDIA_DIR}/h264_aac_10s.flv" "$@" >port.txt 2>serve.log &
    pids+=($!)
    for _ in $(seq 1 200); do
        [[ -s port.txt ]] && break
        sleep 0.05
    done
    port=$(head -n1 port.txt)
    [[ -n "$port" ]] || fail "serve_file did not start: $(cat serve.log)"
    url="http://127.0.0.1:${port}/live/test.flv"
}

count_frames() {  # $1 file, $2 stream selector (v:0 / a:0)
    ffprobe -v error -select_streams "$2" -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$1"
}

stream_info() {  # $1 file, $2 selector, $3 entries
    ffprobe -v error -select_streams "$2" -show_entries "stream=$3" -of csv=p=0 "$1"
}

# Checks what every saved file must be: readable without errors, H.264 Main
# 640x360 and AAC-LC 44.1 kHz stereo as in the source, starting at 0 with
# non-decreasing timestamps per track.
check_file() {
    local f="$1"
    [[ -s "$f" ]] || fail "$f is missing or empty"
    local errors
    errors=$(ffprobe -v error -show_entries packet=pts -of csv=p=0 "$f" 2>&1 >/dev/null)
    [[ -z "$errors" ]] || fail "ffprobe complains about $f: $errors"
    [[ "$(stream_info "$f" v:0 codec_name,profile,width,height)" == "h264,Main,640,360" ]] ||
        fail "video parameters: $(stream_info "$f" v:0 codec_name,profile,width,height)"
    [[ "$(stream_info "$f" a:0 codec_name,profile,sample_rate,channels)" == "aac,LC,44100,2" ]] ||
        fail "audio parameters: $(stream_info "$f" a:0 codec_name,profile,sample_rate,channels)"
    for sel in v:0 a:0; do
        ffprobe -v error -select_streams "$sel" -show_entries packet=dts -of csv=p=0 "$f" >dts.txt
        local first
        first=$(head -n1 dts.txt)
        [[ "$first" == "0" ]] || fail "$sel starts at dts $first, not 0"
        sort -n -c dts.txt || fail "$sel timestamps go backwards"
    done
}

case "$case_name" in
whole-stream)
    serve_flv
    "$HTTPFLVPULL" -i "$url" -o out.flv 2>pull.log || fail "exit $?: $(cat pull.log)"
    check_file out.flv
    [[ "$(count_frames out.flv v:0)" == "250" ]] || fail "video frames: $(count_frames out.flv v:0)"
    [[ "$(count_frames out.flv a:0)" == "432" ]] || fail "audio frames: $(count_frames out.flv a:0)"
    grep -q "stream ended" pull.log || fail "no end message: $(cat pull.log)"
    ;;
time-limit)
    serve_flv
    start=$(date +%s%N)
    "$HTTPFLVPULL" -i "$url" -o out.flv -t 2 2>pull.log || fail "exit $?: $(cat pull.log)"
    elapsed_ms=$((($(date +%s%N) - start) / 1000000))
    ((elapsed_ms >= 1900 && elapsed_ms < 5000)) || fail "-t 2 took ${elapsed_ms} ms"
    check_file out.flv
    video=$(count_frames out.flv v:0)
    # -re sends about 25 frames a second, plus what ffmpeg's burst at start lets through.
    ((video >= 25 && video < 150)) || fail "video frames after 2 s: $video"
    grep -q "time limit reached" pull.log || fail "no time-limit message: $(cat pull.log)"
    ;;
sigint | sigterm)
    serve_flv
    "$HTTPFLVPULL" -i "$url" -o out.flv 2>pull.log &
    pull_pid=$!
    pids+=("$pull_pid")
    wait_size out.flv 100000
    signal=INT
    [[ "$case_name" == sigterm ]] && signal=TERM
    kill -s "$signal" "$pull_pid"
    status=0
    wait "$pull_pid" || status=$?
    ((status == 0)) || fail "exit $status after SIG$signal: $(cat pull.log)"
    check_file out.flv
    grep -q "interrupted" pull.log || fail "no interrupt message: $(cat pull.log)"
    ;;
refused)
    port=$(free_port)
    status=0
    "$HTTPFLVPULL" -i "http://127.0.0.1:${port}/live/test.flv" -o out.flv 2>pull.log || status=$?
    ((status != 0)) || fail "exit 0 for a refused connection"
    [[ $(wc -l <pull.log) == 1 ]] || fail "expected one line: $(cat pull.log)"
    grep -q "cannot connect to 127.0.0.1:${port}: Connection refused" pull.log || fail "message: $(cat pull.log)"
    [[ ! -e out.flv ]] || fail "out.flv created for a failed pull"
    ;;
not-found)
    port=$(free_port)
    mkdir -p empty
    python3 -m http.server "$port" --bind 127.0.0.1 --directory empty >server.log 2>&1 &
    pids+=($!)
    wait_listening "$port"
    status=0
    "$HTTPFLVPULL" -i "http://127.0.0.1:${port}/live/test.flv" -o out.flv 2>pull.log || status=$?
    ((status != 0)) || fail "exit 0 for a 404"
    [[ $(wc -l <pull.log) == 1 ]] || fail "expected one line: $(cat pull.log)"
    grep -q "stream not found (HTTP 404)" pull.log || fail "message: $(cat pull.log)"
    [[ ! -e out.flv ]] || fail "out.flv created for a 404"
    ;;
bad-url)
    for bad in "rtmp://127.0.0.1/live/test" "http://" "not a url" "http://h:99999/a.flv"; do
        status=0
        "$HTTPFLVPULL" -i "$bad" -o out.flv 2>pull.log || status=$?
        ((status == 2)) || fail "exit $status for '$bad'"
        [[ $(wc -l <pull.log) == 1 ]] || fail "expected one line for '$bad': $(cat pull.log)"
        grep -q "bad URL" pull.log || fail "message for '$bad': $(cat pull.log)"
    done
    [[ ! -e out.flv ]] || fail "out.flv created for a bad URL"
    ;;
usage)
    "$HTTPFLVPULL" -h >help.txt || fail "-h exit $?"
    grep -q -- "-i" help.txt && grep -q -- "-o" help.txt && grep -q -- "-t" help.txt || fail "usage: $(cat help.txt)"
    status=0
    "$HTTPFLVPULL" -i http://127.0.0.1/a.flv 2>err.txt || status=$?
    ((status != 0)) || fail "missing -o accepted"
    status=0
    "$HTTPFLVPULL" -i http://127.0.0.1/a.flv -o x.flv -t -1 2>err.txt || status=$?
    ((status != 0)) || fail "negative -t accepted"
    ;;
server-ffmpeg | server-ffmpeg-chunked)
    if [[ "$case_name" == server-ffmpeg-chunked ]]; then serve_ours chunked; else serve_ours; fi
    ffmpeg -nostdin -hide_banner -loglevel error -i "$url" -c copy -f flv out.flv 2>ffmpeg.log ||
        fail "ffmpeg: $(cat ffmpeg.log)"
    check_file out.flv
    [[ "$(count_frames out.flv v:0)" == "250" ]] || fail "video frames: $(count_frames out.flv v:0)"
    [[ "$(count_frames out.flv a:0)" == "432" ]] || fail "audio frames: $(count_frames out.flv a:0)"
    ;;
server-pull)
    serve_ours
    "$HTTPFLVPULL" -i "$url?token=abc" -o out.flv 2>pull.log || fail "exit $?: $(cat pull.log)"
    check_file out.flv
    [[ "$(count_frames out.flv v:0)" == "250" ]] || fail "video frames: $(count_frames out.flv v:0)"
    [[ "$(count_frames out.flv a:0)" == "432" ]] || fail "audio frames: $(count_frames out.flv a:0)"
    ;;
server-curl)
    serve_ours
    base="http://127.0.0.1:${port}"
    curl -sS -I "$url" >head.txt || fail "HEAD failed"
    grep -q "^HTTP/1.1 200 OK" head.txt || fail "HEAD status: $(cat head.txt)"
    grep -qi "^Content-Type: video/x-flv" head.txt || fail "HEAD type: $(cat head.txt)"
    grep -qi "^Access-Control-Allow-Origin: \*" head.txt || fail "no CORS: $(cat head.txt)"
    grep -qi "^Date: " head.txt || fail "no Date: $(cat head.txt)"
    [[ "$(curl -sS -o /dev/null -w '%{http_code}' "$base/live/test.mp4")" == 404 ]] || fail "no 404"
    [[ "$(curl -sS "$base/nothing")" == "404 Not Found" ]] || fail "404 body"
    curl -sS -D post.txt -o /dev/null -X POST --data x "$url" || fail "POST failed"
    grep -q "^HTTP/1.1 405" post.txt || fail "POST status: $(cat post.txt)"
    grep -qi "^Allow: GET, HEAD, OPTIONS" post.txt || fail "no Allow: $(cat post.txt)"
    curl -sS -D options.txt -o /dev/null -X OPTIONS -H "Origin: http://player.example" \
        -H "Access-Control-Request-Method: GET" -H "Access-Control-Request-Headers: range" "$url" ||
        fail "OPTIONS failed"
    grep -q "^HTTP/1.1 204" options.txt || fail "OPTIONS status: $(cat options.txt)"
    grep -qi "^Access-Control-Allow-Methods: GET, HEAD, OPTIONS" options.txt || fail "preflight: $(cat options.txt)"
    grep -qi "^Access-Control-Allow-Headers: range" options.txt || fail "preflight: $(cat options.txt)"
    big=$(head -c 8000 /dev/zero | tr '\0' 'c')
    [[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $big" "$url")" == 431 ]] || fail "no 431"
    curl -sS -o body.flv "$url" || fail "GET failed"
    cmp -s body.flv "${MEDIA_DIR}/h264_aac_10s.flv" || fail "GET body differs from the file"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "PASS: $case_name"
