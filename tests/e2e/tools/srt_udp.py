#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# UDP helpers of the SRT e2e tests.
#   srt_udp.py proxy LISTEN_PORT TARGET_PORT LOSS SECONDS [LOSSY_SECONDS]
#       forwards datagrams between callers on 127.0.0.1:LISTEN_PORT and
#       127.0.0.1:TARGET_PORT (one upstream socket per caller), dropping the
#       fraction LOSS of them in each direction (a seeded generator, so runs
#       repeat) during the first LOSSY_SECONDS after the first datagram (all
#       the time if not given); prints how many went and were dropped each way
#       at the end (after SECONDS, or SIGTERM/SIGINT).
#   srt_udp.py garbage PORT COUNT     sends COUNT random datagrams (1..1500 bytes)
#   srt_udp.py half PORT COUNT        sends COUNT SRT induction handshakes from fresh
#       sockets and stops there (SRT RFC draft 3.2.1, 4.3.1.1); prints how many the
#       listener answered
import os
import random
import select
import signal
import socket
import struct
import sys
import time


def proxy(listen_port, target_port, loss, seconds, lossy_seconds=None):
    rng = random.Random(20261207)
    down = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    down.bind(("127.0.0.1", listen_port))
    upstream = {}   # caller address -> socket towards the target
    callers = {}    # upstream socket fd -> caller address
    counts = {"up": [0, 0], "down": [0, 0]}  # sent, dropped
    stop = [False]

    def finish(*_):
        stop[0] = True
    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    deadline = time.monotonic() + seconds
    lossy_until = None
    print("ready", flush=True)
    while not stop[0] and time.monotonic() < deadline:
        socks = [down] + list(upstream.values())
        try:
            ready, _, _ = select.select(socks, [], [], 0.2)
        except InterruptedError:
            continue
        for s in ready:
            data, addr = s.recvfrom(65536)
            if s is down:
                up = upstream.get(addr)
                if up is None:
                    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    up.bind(("127.0.0.1", 0))
                    upstream[addr] = up
                    callers[up.fileno()] = addr
                way, out, dest = "up", up, ("127.0.0.1", target_port)
            else:
                way, out, dest = "down", down, callers[s.fileno()]
            now = time.monotonic()
            if lossy_until is None:
                lossy_until = now + (lossy_seconds if lossy_seconds is not None else seconds)
            # The first datagrams (the handshake) pass, so every run connects.
            if counts[way][0] > 20 and now < lossy_until and rng.random() < loss:
                counts[way][1] += 1
                continue
            counts[way][0] += 1
            out.sendto(data, dest)
    for way, (sent, dropped) in counts.items():
        print(f"{way}: sent={sent} dropped={dropped}", flush=True)


def garbage(port, count):
    rng = random.Random(7)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(count):
        size = rng.randint(1, 1500)
        data = bytearray(rng.getrandbits(8) for _ in range(size))
        if i % 3 == 0 and size >= 16:
            data[0] |= 0x80  # looks like a control packet: exercises more of the parser
        s.sendto(bytes(data), ("127.0.0.1", port))
    print(f"sent {count} garbage datagrams")


def induction(socket_id):
    # Header: control bit + type 0 (handshake), subtype 0, type-specific 0,
    # timestamp, destination socket 0. CIF: version 4, encryption 0, extension
    # field 2 (UDT_DGRAM), initial sequence, MTU, flow window, handshake type 1
    # (induction), socket id, SYN cookie 0, peer address.
    header = struct.pack(">IIII", 0x80000000, 0, 0, 0)
    cif = struct.pack(">IHHIIIiII", 4, 0, 2, random.getrandbits(31), 1500, 8192, 1, socket_id, 0)
    return header + cif + socket.inet_aton("127.0.0.1") + bytes(12)


def half(port, count):
    answered = 0
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        s.sendto(induction(0x1000 + i), ("127.0.0.1", port))
        try:
            data, _ = s.recvfrom(2048)
            if len(data) >= 64 and data[0] & 0x80:
                answered += 1
        except socket.timeout:
            pass
        s.close()  # and never send the conclusion
    print(f"answered={answered}")


def main():
    cmd = sys.argv[1]
    if cmd == "proxy":
        lossy = float(sys.argv[6]) if len(sys.argv) > 6 else None
        proxy(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), lossy)
    elif cmd == "garbage":
        garbage(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "half":
        half(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
