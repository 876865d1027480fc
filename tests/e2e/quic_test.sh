#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# HTTP/3 and WebTransport on quic.addr (UDP), one server for every case:
# - Debian's gtlsclient (ngtcp2's HTTP/3 client) GETs / and gets the 404 answer, exit 0.
# - Headless Chromium opens new WebTransport(".../moq", {serverCertificateHashes,
#   protocols: ["moqt-20"]}) with an ECDSA P-256 certificate valid 10 days made
#   here, sees the session ready (with protocol moqt-20 where Chromium exposes it),
#   sends a MoQT draft-20 SETUP and reads the server's SETUP.
# - Then garbage datagrams, a truncated Initial, an unknown version (answered with
#   Version Negotiation) and a connection whose HTTP/3 control stream is malformed
#   (closed with H3_MISSING_SETTINGS) hit the same socket; afterwards the Chromium
#   session still answers a SUBSCRIBE (REQUEST_ERROR: no such track).
# - A certificate that does not load stops the server at start, naming the file.
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK"
source "$TESTLIB"
source "$E2E_LIB"
command -v gtlsclient >/dev/null || fail "gtlsclient (Debian ngtcp2-client) is needed"

mkdir -p "$WORK/cert" "$WORK/page"
# draft-ietf-webtrans-http3 / W3C WebTransport: serverCertificateHashes accepts
# only ECDSA P-256 certificates valid for less than 14 days.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 10 -subj /CN=localhost \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$WORK/cert/key.pem" -out "$WORK/cert/cert.pem" 2>/dev/null
HASH=$(openssl x509 -in "$WORK/cert/cert.pem" -outform der | openssl dgst -sha256 -hex | sed 's/.*= //')

# A certificate that does not load stops the server at start, naming the file.
QUIC_PORT=$(free_port)
cat >"$WORK/bad.json" <<JSON
{"rtmp": {"addr": "127.0.0.1:$(free_port)"}, "httpflv": {"addr": "127.0.0.1:$(free_port)"}, "log": {"filename": ""},
 "quic": {"enable": true, "addr": "127.0.0.1:$QUIC_PORT", "cert_file": "$WORK/cert/missing.pem", "key_file": "$WORK/cert/key.pem"}}
JSON
code=0
timeout 10 "$LAL" -c "$WORK/bad.json" >"$WORK/bad.log" 2>&1 || code=$?
[ "$code" != 0 ] && [ "$code" != 124 ] || fail "a missing certificate did not stop the server (exit $code)"
grep -q "missing.pem" "$WORK/bad.log" || fail "the start error does not name the file: $(tail -3 "$WORK/bad.log")"

lal_start "{\"quic\": {\"enable\": true, \"addr\": \"127.0.0.1:$QUIC_PORT\",
                       \"cert_file\": \"$WORK/cert/cert.pem\", \"key_file\": \"$WORK/cert/key.pem\"},
            \"log\": {\"level\": 1}}"
wait_log 10 "the QUIC listener" "QUIC\) listening on UDP 127.0.0.1:$QUIC_PORT"

# gtlsclient: handshake, HTTP/3 GET /, the answer, a clean close.
timeout 10 gtlsclient --exit-on-all-streams-close "127.0.0.1" "$QUIC_PORT" "https://127.0.0.1:$QUIC_PORT/" \
  >"$WORK/gtlsclient.log" 2>&1 || fail "gtlsclient failed: $(tail -5 "$WORK/gtlsclient.log")"
grep -qE ":status: 404|status: 404" "$WORK/gtlsclient.log" || fail "gtlsclient got no 404: $(grep -i status "$WORK/gtlsclient.log" | head -3)"

# Chromium's WebTransport session; QUIC must stay enabled in it.
cp "$BROWSER_DIR/webtransport.html" "$WORK/page/"
page_port=$(free_port)
start_bg page python3 "$BROWSER_DIR/page_server.py" "$page_port" "$WORK/page" "$WORK/report.json"
page=$LAST_PID
wait_port "$page_port" 10
url="https://127.0.0.1:$QUIC_PORT/moq"
start_bg chromium chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$WORK/profile" \
  "http://127.0.0.1:$page_port/webtransport.html?url=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$url")&hash=$HASH"
chromium=$LAST_PID
wait_for 15 "the page's first report" test -s "$WORK/report.json"
cat "$WORK/report.json"; echo
python3 - "$WORK/report.json" <<'PY' || fail "the WebTransport session did not come up: $(cat "$WORK/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ready"], r
assert r["protocol"] in (None, "", "moqt-20"), r
s = bytes.fromhex(r["setup"] or "")
assert s[:2] == b"\xaf\x00", r          # SETUP type 0x2F00 (draft-20 10.3)
PY

# Hostile datagrams on the same socket while the session is open.
log_mark
python3 - "$QUIC_PORT" <<'PY' || fail "the hostile datagrams check failed"
import os, socket, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
dst = ("127.0.0.1", port)
for n in (1, 7, 40, 300, 1300):                      # garbage, short headers
    s.sendto(os.urandom(n), dst)
# A truncated Initial: QUIC v1 long header, 8-byte DCID, cut at 300 bytes (RFC 9000 14.1).
s.sendto(bytes([0xc3, 0, 0, 0, 1, 8]) + os.urandom(8) + bytes([0]) + os.urandom(285), dst)
# An unknown version in a full-size datagram gets Version Negotiation (RFC 9000 6.1).
dcid, scid = os.urandom(8), os.urandom(4)
s.sendto(bytes([0xc0, 0x1a, 0x2a, 0x3a, 0x4a, 8]) + dcid + bytes([4]) + scid + bytes(1200), dst)
vn, _ = s.recvfrom(2048)
assert vn[0] & 0x80 and vn[1:5] == b"\0\0\0\0", vn[:8]
assert vn[5] == 4 and vn[6:10] == scid, vn[:16]
assert b"\0\0\0\1" in vn[6:], "QUIC v1 offered"
print("version negotiation ok")
PY
"$QUIC_POKE" "$QUIC_PORT" >"$WORK/quic_poke.log" 2>&1 || fail "the malformed HTTP/3 connection: $(cat "$WORK/quic_poke.log")"
wait_log 5 "the HTTP/3 error" "\[quic\] .*HTTP/3 error on stream"
wait_log 5 "the dropped datagrams" "\[quic\] datagram from .* dropped"

# The Chromium session still works: SUBSCRIBE to an unknown track -> REQUEST_ERROR.
touch "$WORK/page/go"
wait_for 10 "the page's second report" grep -qE '"after_go": ?"|"error": ?"' "$WORK/report.json"
cat "$WORK/report.json"; echo
python3 - "$WORK/report.json" <<'PY' || fail "the WebTransport session did not survive: $(cat "$WORK/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["error"] is None, r
assert bytes.fromhex(r["after_go"])[0] == 0x05, r      # REQUEST_ERROR (draft-20 10.6)
PY
stop_pid "$chromium" TERM
stop_pid "$page" TERM
lal_stop
echo "PASS"
