# SPDX-License-Identifier: MIT
"""Bad RTSP peers for e2e.rtsp_abuse, one connection each, against a server
whose stream live/a is being published. Usage: rtsp_abuse.py PORT.

Each case sends what a broken or hostile client might and checks the answer
on the wire: the server closes the connection (recv gives EOF) or answers
with the expected status and keeps the session. Last, a well-behaved UDP
publisher checks the receiver reports the server sends it. Prints one line
per case and exits 1 on the first case that does not behave."""
import socket
import struct
import time
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

# 7. A well-behaved publisher over UDP (PCMA, 20 ms packets, one lost) hears
# receiver reports on its RTCP port (RFC 3550 6.4.2): about its SSRC, with the
# highest sequence number it sent and the lost packet counted.
sdp = (b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=rr\r\nt=0 0\r\n"
       b"m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=control:streamid=0\r\n")
rtp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rtcp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in range(42000, 43000, 2):  # an even/odd pair (RFC 3550 11)
    try:
        rtp_sock.bind(("127.0.0.1", port))
        rtcp_sock.bind(("127.0.0.1", port + 1))
        break
    except OSError:
        rtp_sock.close()
        rtcp_sock.close()
        rtp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rtcp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client_port = rtp_sock.getsockname()[1]
s = connect()
status, _ = request(s, "ANNOUNCE", BASE + "/live/rr", 1, ["Content-Type: application/sdp"], sdp)
report("announce live/rr", status == 200, "200")
status, h = request(s, "SETUP", BASE + "/live/rr/streamid=0", 2,
                    ["Transport: RTP/AVP;unicast;client_port=%d-%d;mode=record" % (client_port, client_port + 1)])
report("setup live/rr over UDP", status == 200, "200")
server_rtp = int(h["transport"].split("server_port=")[1].split("-")[0])
session = h["session"].split(";")[0]
status, _ = request(s, "RECORD", BASE + "/live/rr", 3, ["Session: " + session, "Range: npt=0.000-"])
report("record live/rr", status == 200, "200")
rtcp_sock.settimeout(0.02)
ssrc, seq, block = 0x5eed1234, 100, None
deadline = time.monotonic() + 6  # the first report is due 2.5 s after the first packet
while block is None and time.monotonic() < deadline:
    if seq != 103:  # one packet lost on the way
        packet = struct.pack("!BBHII", 0x80, 8, seq, 160 * seq, ssrc) + b"\xd5" * 160
        rtp_sock.sendto(packet, ("127.0.0.1", server_rtp))
    seq += 1
    try:
        data = rtcp_sock.recv(2048)
    except socket.timeout:
        continue
    # RR (PT 201): header, reporter SSRC, then one 24-byte block (RFC 3550 6.4.2).
    if len(data) >= 32 and data[1] == 201 and data[0] & 0x1F == 1:
        block = struct.unpack("!IIIIII", data[8:32])
s.close()
rtp_sock.close()
rtcp_sock.close()
ok = block is not None and block[0] == ssrc and block[1] & 0xFFFFFF == 1 and block[2] >= 104
report("receiver report to a UDP publisher", ok, "an RR about SSRC %08x, 1 lost (got %r)" % (ssrc, block))
