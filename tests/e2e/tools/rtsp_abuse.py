# SPDX-License-Identifier: MIT
"""Bad RTSP peers for e2e.rtsp_abuse, one connection each, against a server
whose stream live/a is being published. Usage: rtsp_abuse.py PORT.

Each case sends what a broken or hostile client might and checks the answer
on the wire: the server closes the connection (recv gives EOF) or answers
with the expected status and keeps the session. Prints one line per case and
exits 1 on the first case that does not behave."""
import socket
import struct
import sys

PORT = int(sys.argv[1])
BASE = "rtsp://127.0.0.1:%d" % PORT
TIMEOUT = 10


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
    return s


def closed_by_server(s):
    """True once the server closed: EOF (or a reset) within TIMEOUT, whatever it sent before."""
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def request(s, method, uri, cseq, headers=(), body=b""):
    text = "%s %s RTSP/1.0\r\nCSeq: %d\r\n" % (method, uri, cseq)
    for h in headers:
        text += h + "\r\n"
    if body:
        text += "Content-Length: %d\r\n" % len(body)
    s.sendall(text.encode() + b"\r\n" + body)
    return read_response(s)


def read_response(s):
    """Status code and headers of one response (its body is read and dropped)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("connection closed before a response")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        rest += s.recv(65536)
    return status, headers


def expect_close(name, payload):
    s = connect()
    s.sendall(payload)
    ok = closed_by_server(s)
    s.close()
    report(name, ok, "closed by the server")


def report(name, ok, what):
    print("%s: %s" % (name, what if ok else "NOT " + what), flush=True)
    if not ok:
        sys.exit(1)


# 1. Bytes that are neither a request nor an interleaved frame.
expect_close("garbage", b"\x16\x03\x01\x02\x00 hello, this is not RTSP\r\n\r\n")
# 2. A header line far past the 4096-byte line limit.
expect_close("oversized header", b"OPTIONS " + BASE.encode() + b"/live/a RTSP/1.0\r\nCSeq: 1\r\nX-Pad: "
             + b"a" * 20000 + b"\r\n\r\n")
# 3. An interleaved frame on channel 200 (RFC 2326 10.12; two channels per track).
expect_close("interleaved channel 200", b"$\xc8\x00\x10" + b"\x80" * 16)
# 4. An interleaved frame of 2 bytes (shorter than any RTP or RTCP header).
expect_close("interleaved length 2", b"$\x00\x00\x02\x80\x60")

# 5. SETUP of a track the SDP does not have: 404, and the session goes on.
s = connect()
status, _ = request(s, "DESCRIBE", BASE + "/live/a", 1, ["Accept: application/sdp"])
report("describe live/a", status == 200, "200")
status, _ = request(s, "SETUP", BASE + "/live/a/trackID=9", 2, ["Transport: RTP/AVP/TCP;unicast;interleaved=0-1"])
report("setup trackID=9", status == 404, "404")
status, _ = request(s, "OPTIONS", BASE + "/live/a", 3)
report("options after the 404", status == 200, "200")
s.close()

# 6. A publisher whose RTP header claims 15 CSRCs in a 12-byte packet.
sdp = (b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=bad\r\nt=0 0\r\n"
       b"m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n")
s = connect()
status, _ = request(s, "ANNOUNCE", BASE + "/live/bad", 1, ["Content-Type: application/sdp"], sdp)
report("announce live/bad", status == 200, "200")
status, h = request(s, "SETUP", BASE + "/live/bad/streamid=0", 2,
                    ["Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"])
report("setup live/bad", status == 200, "200")
session = h["session"].split(";")[0]
status, _ = request(s, "RECORD", BASE + "/live/bad", 3, ["Session: " + session, "Range: npt=0.000-"])
report("record live/bad", status == 200, "200")
rtp = struct.pack("!BBHII", 0x8F, 96, 1, 0, 0x1234)  # V=2, CC=15, no room for the CSRCs
s.sendall(b"$\x00" + struct.pack("!H", len(rtp)) + rtp)
ok = closed_by_server(s)
s.close()
report("RTP with 15 CSRCs in 12 bytes", ok, "closed by the server")
