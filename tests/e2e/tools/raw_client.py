#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Misbehaving RTMP and HTTP-FLV clients for the server's end-to-end tests.

Each mode builds its bytes by hand, then checks that the server closes the
connection (EOF or reset) within --deadline seconds. It prints one line,
"MODE: closed after S s (eof|reset) local_port=P", and exits 0 when the
server closed the connection, 1 otherwise.

  raw_client.py garbage    HOST PORT    bytes that are no RTMP handshake (C0 is not 3)
  raw_client.py truncated  HOST PORT    C0 and half of C1, then silence
  raw_client.py chunk_size HOST PORT    handshake, connect, Set Chunk Size 2^31-1
  raw_client.py big_message HOST PORT   handshake, connect, a message header of 16 MiB - 1 bytes
  raw_client.py storm      HOST PORT    --count connections closed early in various ways
  raw_client.py stall      HOST PORT    RTMP play of --stream, then never reads again
  raw_client.py stall_http HOST PORT    HTTP-FLV GET of --stream (HTTP-TS with --ext ts), then never reads again

The stall modes print "stalled local_port=P" once playing, then wait without
reading until the server closes the socket (seen through TCP_INFO) or the file
--until exists; then they read what is left and report.
"""

import argparse
import os
import socket
import struct
import sys
import time

TCP_CLOSE = 7
TCP_CLOSE_WAIT = 8


# ---- AMF0 (AMF0 spec 2.2-2.12: number, boolean, string, object, null) ----

def amf_number(v):
    return b"\x00" + struct.pack(">d", v)


def amf_string(s):
    b = s.encode()
    return b"\x02" + struct.pack(">H", len(b)) + b


def amf_null():
    return b"\x05"


def amf_object(pairs):
    out = b"\x03"
    for k, v in pairs:
        kb = k.encode()
        out += struct.pack(">H", len(kb)) + kb + v
    return out + b"\x00\x00\x09"


# ---- chunks (RTMP spec 5.3.1) ----

class chunker:
    """Splits messages into chunks: a type 0 header, then type 3 headers."""

    def __init__(self):
        self.size = 128  # RTMP spec 5.4.1: both sides start at 128

    def message(self, csid, type_id, stream_id, body, timestamp=0, length=None):
        length = len(body) if length is None else length
        out = bytes([csid]) + struct.pack(">I", timestamp)[1:] + struct.pack(">I", length)[1:]
        out += bytes([type_id]) + struct.pack("<I", stream_id)  # 5.3.1.2.1: stream id little-endian
        first = True
        for i in range(0, max(len(body), 1), self.size):
            if not first:
                out += bytes([0xC0 | csid])
            out += body[i:i + self.size]
            first = False
        return out

    def set_chunk_size(self, size):
        data = self.message(2, 1, 0, struct.pack(">I", size))
        if size < 0x80000000:
            self.size = size
        return data


def command(ch, csid, stream_id, name, txn, *args):
    body = amf_string(name) + amf_number(txn) + b"".join(args)
    return ch.message(csid, 20, stream_id, body)


# ---- socket helpers ----

def connect(host, port, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        # Before connect, so the window the server sees is small from the start.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    s.connect((host, port))
    return s


def local_port(s):
    return s.getsockname()[1]


def read_until(s, needle, limit_s=10):
    """Reads until `needle` has arrived; returns everything read."""
    got = b""
    end = time.monotonic() + limit_s
    while needle not in got:
        s.settimeout(max(0.05, end - time.monotonic()))
        try:
            b = s.recv(65536)
        except socket.timeout:
            raise SystemExit("timed out waiting for %r" % needle)
        if not b:
            raise SystemExit("server closed before %r (got %d bytes)" % (needle, len(got)))
        got += b
    return got


def handshake(s):
    """Plain handshake (RTMP spec 5.2): C0 C1, read S0 S1 S2, send C2 = S1."""
    c1 = struct.pack(">II", 0, 0) + os.urandom(1528)
    s.sendall(b"\x03" + c1)
    got = b""
    s.settimeout(10)
    while len(got) < 1 + 1536 * 2:
        b = s.recv(65536)
        if not b:
            raise SystemExit("server closed during the handshake")
        got += b
    s.sendall(got[1:1537])
    return got[1 + 1536 * 2:]


def rtmp_connect(s, ch, host, port, app="live"):
    s.sendall(ch.set_chunk_size(4096))
    s.sendall(command(ch, 3, 0, "connect", 1, amf_object([
        ("app", amf_string(app)),
        ("flashVer", amf_string("LNX 9,0,124,2")),
        ("tcUrl", amf_string("rtmp://%s:%d/%s" % (host, port, app))),
        ("fpad", b"\x01\x00"),
        ("capabilities", amf_number(15)),
        ("audioCodecs", amf_number(3191)),
        ("videoCodecs", amf_number(252)),
        ("videoFunction", amf_number(1)),
    ])))
    read_until(s, b"NetConnection.Connect.Success")


def wait_closed(s, deadline_s, started):
    """Reads and discards until EOF or reset; returns (how, seconds) or (None, seconds)."""
    end = time.monotonic() + deadline_s
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None, time.monotonic() - started
        s.settimeout(left)
        try:
            b = s.recv(65536)
        except socket.timeout:
            return None, time.monotonic() - started
        except ConnectionResetError:
            return "reset", time.monotonic() - started
        if not b:
            return "eof", time.monotonic() - started


def report(mode, s, how, seconds):
    port = local_port(s)
    if how:
        print("%s: closed after %.3f s (%s) local_port=%d" % (mode, seconds, how, port), flush=True)
        return 0
    print("%s: NOT closed after %.3f s local_port=%d" % (mode, seconds, port), flush=True)
    return 1


def tcp_state(s):
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return info[0]


# ---- modes ----

def run_offender(a):
    s = connect(a.host, a.port)
    port = local_port(s)
    print("%s: local_port=%d" % (a.mode, port), flush=True)
    if a.mode == "garbage":
        # An HTTP request where C0 belongs: its first byte 'G' (0x47) is no RTMP version.
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + os.urandom(2048))
    elif a.mode == "truncated":
        s.sendall(b"\x03" + os.urandom(768))
    else:
        ch = chunker()
        handshake(s)
        rtmp_connect(s, ch, a.host, a.port)
        if a.mode == "chunk_size":
            s.sendall(ch.message(2, 1, 0, struct.pack(">I", 0x7FFFFFFF)))
        else:
            # A video message header announcing 16 MiB - 1 bytes (the largest
            # 24-bit length, RTMP spec 5.3.1.2.1), then its first bytes.
            s.sendall(ch.message(6, 9, 1, b"\x17\x01" + os.urandom(1000), length=0xFFFFFF))
    started = time.monotonic()
    how, seconds = wait_closed(s, a.deadline, started)
    return report(a.mode, s, how, seconds)


def run_storm(a):
    """Connections that end early in every way a scanner or a broken client might."""
    variants = ["close", "reset", "c0", "half_c1", "c0c1", "after_s2"]
    done = {v: 0 for v in variants}
    open_socks = []
    for i in range(a.count):
        v = variants[i % len(variants)]
        try:
            s = connect(a.host, a.port)
            if v == "reset":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif v == "c0":
                s.sendall(b"\x03")
            elif v == "half_c1":
                s.sendall(b"\x03" + os.urandom(700))
            elif v == "c0c1":
                s.sendall(b"\x03" + bytes(1536))
            elif v == "after_s2":
                handshake(s)
            open_socks.append(s)
        except OSError as e:
            print("storm: connection %d (%s) failed: %s" % (i, v, e), flush=True)
            return 1
        # Close in batches, so a few dozen are open at once.
        if len(open_socks) >= 25:
            for o in open_socks:
                o.close()
            open_socks = []
        done[v] += 1
    for o in open_socks:
        o.close()
    print("storm: %d connections: %s" % (a.count, " ".join("%s=%d" % kv for kv in done.items())), flush=True)
    return 0


def run_stall(a):
    s = connect(a.host, a.port, rcvbuf=a.rcvbuf)
    if a.mode == "stall":
        ch = chunker()
        handshake(s)
        rtmp_connect(s, ch, a.host, a.port, a.app)
        s.sendall(command(ch, 3, 0, "createStream", 2, amf_null()))
        read_until(s, b"_result")
        # RTMP spec 7.2.2.1: play(name, start -2 = live or recorded) on the first stream.
        s.sendall(command(ch, 8, 1, "play", 0, amf_null(), amf_string(a.stream), amf_number(-2)))
        read_until(s, b"NetStream.Play.Start")
    else:
        s.sendall(("GET /%s/%s.%s HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (a.app, a.stream, a.ext, a.host, a.port)).encode())
        read_until(s, b"\r\n\r\n")
    started = time.monotonic()
    print("stalled local_port=%d" % local_port(s), flush=True)
    # Never read: the server's queue for us fills. Watch the socket's state
    # without reading: a FIN or RST from the server moves it on.
    end = started + a.deadline
    while time.monotonic() < end:
        if tcp_state(s) in (TCP_CLOSE, TCP_CLOSE_WAIT):
            return report(a.mode, s, "closed while stalled", time.monotonic() - started)
        if a.until and os.path.exists(a.until):
            break
        time.sleep(0.05)
    # Read what is left: a closed connection ends in EOF or reset soon.
    how, seconds = wait_closed(s, 10, started)
    return report(a.mode, s, how, seconds)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["garbage", "truncated", "chunk_size", "big_message", "storm", "stall",
                                    "stall_http"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--deadline", type=float, default=10, help="seconds the server has to close us")
    p.add_argument("--count", type=int, default=1000, help="storm: connections")
    p.add_argument("--app", default="live")
    p.add_argument("--stream", default="test")
    p.add_argument("--ext", default="flv", choices=["flv", "ts"], help="stall_http: HTTP-FLV or HTTP-TS")
    p.add_argument("--rcvbuf", type=int, default=4096, help="stall: SO_RCVBUF")
    p.add_argument("--until", help="stall: stop waiting once this file exists")
    a = p.parse_args()
    if a.mode == "storm":
        return run_storm(a)
    if a.mode.startswith("stall"):
        return run_stall(a)
    return run_offender(a)


if __name__ == "__main__":
    sys.exit(main())
