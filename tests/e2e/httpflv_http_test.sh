#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HTTP/1.1 behaviour of lal's HTTP-FLV side, with a stream live/test being
# published (flvfile2rtmppush -r) and raw requests:
# - 404 for paths that are no stream (/, /live, /live/test, /live/test.mp4),
#   405 for POST and PUT, HEAD of the live stream 200 without a body, HEAD of a
#   missing stream 404 at once;
# - GET of the live stream: 200, Content-Type video/x-flv,
#   Access-Control-Allow-Origin: *, a body of the FLV header, PreviousTagSize0
#   and the onMetaData tag;
# - OPTIONS preflight with Origin and Access-Control-Request-Method: allowed,
#   naming GET;
# - a 20 KiB header section: 431; an 9 KiB request line: 414;
# - GET of a stream nobody publishes: 404 after stream.wait_publisher_ms;
# - an incomplete request head: 408 and closed at timeouts.handshake_ms.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"

src="$MEDIA_DIR/h264_aac_10s.flv"
lal_start '{"timeouts": {"handshake_ms": 1000}, "stream": {"wait_publisher_ms": 1000}}'
start_bg pusher "$FLVFILE2RTMPPUSH" -i "$src" -o "$RTMP_URL" -r
pusher=$LAST_PID
wait_log 30 "the publisher" "\[rtmp\] publish start: .* stream=live/test"

n=0
# request NAME TEXT [http_probe options...]: the answer in $WORK/NAME.out
request() {
  local name=$1 text=$2
  shift 2
  python3 "$E2E_TOOLS/http_probe.py" 127.0.0.1 "$HTTP_PORT" "$text" "$@" >"$WORK/$name.out" 2>&1 ||
    fail "$name: no answer: $(cat "$WORK/$name.out")"
  n=$((n + 1))
}
expect() {
  local name=$1 line=$2
  grep -qxiE "$line" "$WORK/$name.out" || fail "$name: expected a line '$line' in: $(cat "$WORK/$name.out")"
}
host="Host: 127.0.0.1:$HTTP_PORT"

for path in / /live /live/test /live/test.mp4 /a/b/c.flv/d; do
  request "get_$n" "GET $path HTTP/1.1\r\n$host\r\n\r\n"
  expect "get_$((n - 1))" "status=404"
done
request post "POST /live/test.flv HTTP/1.1\r\n$host\r\nContent-Length: 4\r\n\r\nabcd"
expect post "status=405"
request put "PUT /live/test.flv HTTP/1.1\r\n$host\r\nContent-Length: 0\r\n\r\n"
expect put "status=405"

request head_live "HEAD /live/test.flv HTTP/1.1\r\n$host\r\n\r\n" --wait-close 3
expect head_live "status=200"
expect head_live "header content-type: video/x-flv"
expect head_live "body_bytes=0"
request head_missing "HEAD /live/missing.flv HTTP/1.1\r\n$host\r\n\r\n"
expect head_missing "status=404"

request get_live "GET /live/test.flv HTTP/1.1\r\n$host\r\nOrigin: http://player.example\r\n\r\n" --body-bytes 16
expect get_live "status=200"
expect get_live "header content-type: video/x-flv"
expect get_live "header access-control-allow-origin: \*"
# The 9-byte FLV header, PreviousTagSize0, then the first tag: onMetaData (type 18).
expect get_live "body_prefix=464c560105000000090000000012.*"

request options "OPTIONS /live/test.flv HTTP/1.1\r\n$host\r\nOrigin: http://player.example\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: range\r\n\r\n"
expect options "status=20[04]"
expect options "header access-control-allow-origin: .+"
expect options "header access-control-allow-methods: .*GET.*"

request big_header "GET /live/test.flv HTTP/1.1\r\n$host\r\n\r\n" --pad-header 20480
expect big_header "status=431"
long_path="/live/$(head -c 9216 /dev/zero | tr '\0' a).flv"
request long_line "GET $long_path HTTP/1.1\r\n$host\r\n\r\n"
expect long_line "status=414"

# Nobody publishes live/none: the player waits wait_publisher_ms (1 s), then 404.
request not_published "GET /live/none.flv HTTP/1.1\r\n$host\r\n\r\n" --wait-close 10
expect not_published "status=404"
waited=$(sed -n 's/^closed_after=//p' "$WORK/not_published.out")
python3 -c "import sys; sys.exit(0 if sys.argv[1] != 'open' and float(sys.argv[1]) >= 0.9 else 1)" "$waited" ||
  fail "the 404 for a stream nobody publishes came after $waited s, expected after wait_publisher_ms (1 s)"

# A request head that never completes is answered 408 and closed after
# handshake_ms (1 s), counted from accept.
request incomplete "GET /live/test.flv HTTP/1.1\r\n$host\r\n" --wait-close 10
expect incomplete "status=408"
closed=$(sed -n 's/^closed_after=//p' "$WORK/incomplete.out")
python3 -c "import sys; sys.exit(0 if sys.argv[1] != 'open' and 0.9 <= float(sys.argv[1]) <= 4 else 1)" "$closed" ||
  fail "the incomplete request was closed after $closed s, expected about 1 s"
echo "incomplete request closed after $closed s"

stop_pid "$pusher" INT
lal_stop
echo "PASS ($n requests)"
