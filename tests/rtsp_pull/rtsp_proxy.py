#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A man in the middle between an RTSP client and a camera, for the pull tests:
#   rtsp_proxy.py --listen PORT --upstream PORT [--strip-sprop] [--drop PERCENT] [--seed N]
# It forwards the RTSP connection; with --strip-sprop it removes
# sprop-parameter-sets from the camera's SDP (a camera that only sends its
# parameter sets in-band); for UDP SETUPs it puts its own port pairs in the
# client_port the camera sees and forwards the camera's datagrams to the
# client, dropping PERCENT % of the RTP ones (never RTCP). Prints "ready",
# then one "dropped N of M" line on SIGTERM.
import argparse
import random
import re
import signal
import socket
import sys
import threading

args = None
lock = threading.Lock()
counts = {"rtp": 0, "dropped": 0}


def udp_pair():
    """An even/odd pair of bound UDP sockets (RFC 3550 11)."""
    while True:
        a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        a.bind(("127.0.0.1", 0))
        port = a.getsockname()[1]
        if port % 2 == 0:
            b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                b.bind(("127.0.0.1", port + 1))
                return a, b, port
            except OSError:
                b.close()
        a.close()


def forward_udp(sock, client_port, is_rtp, rng):
    while True:
        try:
            data = sock.recv(65536)
        except OSError:
            return
        if is_rtp:
            with lock:
                counts["rtp"] += 1
                drop = rng.random() * 100 < args.drop
                if drop:
                    counts["dropped"] += 1
            if drop:
                continue
        sock.sendto(data, ("127.0.0.1", client_port))


class Messages:
    """Splits one direction of an RTSP connection into messages and '$' frames."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while self.buf:
            if self.buf[:1] == b"$":
                if len(self.buf) < 4:
                    break
                n = 4 + int.from_bytes(self.buf[2:4], "big")
                if len(self.buf) < n:
                    break
                out.append((None, self.buf[:n]))
                self.buf = self.buf[n:]
                continue
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buf[:end + 4].decode("latin-1")
            m = re.search(r"(?im)^content-length:\s*(\d+)", head)
            length = int(m.group(1)) if m else 0
            if len(self.buf) < end + 4 + length:
                break
            body = self.buf[end + 4:end + 4 + length]
            self.buf = self.buf[end + 4 + length:]
            out.append((head, body))
        return out


def rebuild(head, body):
    head = re.sub(r"(?im)^content-length:\s*\d+\r\n", "", head)
    if body:
        head = head[:-2] + "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode("latin-1") + body


def pump(src, dst, to_camera, rng):
    parser = Messages()
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b""
        if not data:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            return
        for head, body in parser.feed(data):
            if head is None:
                dst.sendall(body)
                continue
            if to_camera:
                m = re.search(r"client_port=(\d+)-(\d+)", head)
                if m:
                    rtp, rtcp, port = udp_pair()
                    for s, p, is_rtp in ((rtp, int(m.group(1)), True), (rtcp, int(m.group(2)), False)):
                        threading.Thread(target=forward_udp, args=(s, p, is_rtp, rng), daemon=True).start()
                    head = head.replace(m.group(0), "client_port=%d-%d" % (port, port + 1))
            elif args.strip_sprop and body:
                # RFC 6184 8.2.1: without it the receiver learns SPS/PPS from the stream.
                stripped = re.sub(rb";?\s*sprop-parameter-sets=[^;\r\n]*", b"", body)
                if stripped != body:
                    print("stripped sprop-parameter-sets", flush=True)
                body = stripped
            dst.sendall(rebuild(head, body))


def serve(client):
    camera = socket.create_connection(("127.0.0.1", args.upstream))
    rng = random.Random(args.seed)
    threading.Thread(target=pump, args=(client, camera, True, rng), daemon=True).start()
    threading.Thread(target=pump, args=(camera, client, False, rng), daemon=True).start()


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, required=True)
    ap.add_argument("--upstream", type=int, required=True)
    ap.add_argument("--strip-sprop", action="store_true")
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    def report(*_):
        with lock:
            print("dropped %d of %d RTP datagrams" % (counts["dropped"], counts["rtp"]), flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    signal.signal(signal.SIGINT, report)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.listen))
    listener.listen(8)
    print("ready", flush=True)
    while True:
        client, _ = listener.accept()
        serve(client)


if __name__ == "__main__":
    main()
