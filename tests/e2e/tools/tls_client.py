#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""TLS clients for the server's TLS end-to-end test (e2e.tls).

  tls_client.py half    HOST PORT   the first half of a real ClientHello, then
                                    silence; the server must close (handshake timeout)
  tls_client.py garbage HOST PORT   bytes that are no TLS record
  tls_client.py wss     HOST PORT --path P --seconds S
                                    WebSocket upgrade over TLS (WSS), reads the binary
                                    messages for S seconds; the first must start with
                                    the FLV header

  tls_client.py rtsps-udp HOST PORT --path P
                                    over RTSPS: DESCRIBE P, then SETUP its first
                                    track asking for RTP over UDP; the server must
                                    answer 461 (Unsupported Transport)

half and garbage print "MODE: closed after S s (eof|reset) local_port=P" and
exit 0 when the server closed the connection within --deadline seconds; wss
prints "wss: status=101 messages=N bytes=B flv_header=1" and exits 0 when the
upgrade succeeded and FLV data came.
"""

import argparse
import base64
import os
import socket
import ssl
import struct
import sys
import time


def client_hello(host):
    """A ClientHello as a real client would send it (RFC 8446 4.1.2), from Python's ssl."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    session = ctx.wrap_bio(incoming, outgoing, server_hostname=host)
    try:
        session.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def wait_closed(sock, deadline):
    """Reads until EOF or reset; returns 'eof', 'reset' or None at the deadline."""
    sock.settimeout(0.05)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            if not sock.recv(65536):
                return "eof"
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return "reset"
    return None


def offend(mode, args):
    sock = socket.create_connection((args.host, args.port))
    port = sock.getsockname()[1]
    start = time.monotonic()
    if mode == "half":
        hello = client_hello("localhost")
        sock.sendall(hello[: len(hello) // 2])
    else:
        sock.sendall(b"\x00\x01garbage, no TLS record\r\n" + os.urandom(64))
    how = wait_closed(sock, args.deadline)
    took = time.monotonic() - start
    if how is None:
        print(f"{mode}: still open after {args.deadline} s local_port={port}")
        return 1
    print(f"{mode}: closed after {took:.2f} s ({how}) local_port={port}")
    return 0


def read_exact(tls, n, buf):
    while len(buf) < n:
        chunk = tls.recv(65536)
        if not chunk:
            raise EOFError("the server closed")
        buf += chunk
    return buf


def wss(args):
    ctx = ssl.create_default_context(cafile=args.cafile) if args.cafile else ssl._create_unverified_context()
    tls = ctx.wrap_socket(socket.create_connection((args.host, args.port)), server_hostname="localhost")
    key = base64.b64encode(os.urandom(16)).decode()
    tls.sendall((f"GET {args.path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf = read_exact(tls, len(buf) + 1, buf)
    head, buf = buf.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ")[1])
    messages = total = 0
    flv_header = 0
    end = time.monotonic() + args.seconds
    tls.settimeout(args.seconds + 5)
    while status == 101 and time.monotonic() < end:
        # RFC 6455 5.2: FIN/opcode, then a 7-bit, 16-bit or 64-bit length (servers do not mask).
        buf = read_exact(tls, 2, buf)
        opcode, length = buf[0] & 0x0F, buf[1] & 0x7F
        at = 2
        if length == 126:
            buf = read_exact(tls, 4, buf)
            length, at = struct.unpack(">H", buf[2:4])[0], 4
        elif length == 127:
            buf = read_exact(tls, 10, buf)
            length, at = struct.unpack(">Q", buf[2:10])[0], 10
        buf = read_exact(tls, at + length, buf)
        payload, buf = buf[at:at + length], buf[at + length:]
        if opcode == 2:
            if messages == 0 and payload.startswith(b"FLV"):
                flv_header = 1
            messages += 1
            total += length
    print(f"wss: status={status} messages={messages} bytes={total} flv_header={flv_header}")
    tls.close()
    return 0 if status == 101 and messages > 1 and flv_header else 1


def rtsps_udp(args):
    ctx = ssl._create_unverified_context()
    tls = ctx.wrap_socket(socket.create_connection((args.host, args.port)), server_hostname="localhost")
    tls.settimeout(10)
    url = "rtsps://%s:%d%s" % (args.host, args.port, args.path)

    def ask(method, target, cseq, extra=""):
        tls.sendall(("%s %s RTSP/1.0\r\nCSeq: %d\r\n%s\r\n" % (method, target, cseq, extra)).encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf = read_exact(tls, len(buf) + 1, buf)
        head, rest = buf.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        read_exact(tls, length, rest)
        return int(head.split(b" ")[1])

    described = ask("DESCRIBE", url, 1, "Accept: application/sdp\r\n")
    setup = ask("SETUP", url + "/trackID=0", 2, "Transport: RTP/AVP;unicast;client_port=40000-40001\r\n")
    print(f"rtsps-udp: describe={described} setup={setup}")
    tls.close()
    return 0 if described == 200 and setup == 461 else 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["half", "garbage", "wss", "rtsps-udp"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--deadline", type=float, default=10)
    p.add_argument("--path", default="/live/test.flv")
    p.add_argument("--seconds", type=float, default=2)
    p.add_argument("--cafile")
    args = p.parse_args()
    if args.mode == "rtsps-udp":
        return rtsps_udp(args)
    return wss(args) if args.mode == "wss" else offend(args.mode, args)


if __name__ == "__main__":
    sys.exit(main())
