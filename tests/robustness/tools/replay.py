#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Records a real RTMP client session and replays mutated copies of it.

  replay.py record LISTEN_PORT HOST PORT --out FILE [--bytes N]
      a TCP proxy for one connection: forwards both ways and records what the
      client sends, until N client bytes (then it closes both sides) or the
      end of the session; prints "listening" once ready, "recorded N bytes".
  replay.py replay HOST PORT --recording FILE [--count N] [--parallel P]
                   [--seed S | --clean]
      N connections (P at a time), each sending a copy of the recording at
      once -- mutated from a seeded RNG unless --clean -- then shutting down
      its sending side and reading until the server closes. One line each:
        replay I local_port=P sent=B first_offset=O expect=E closed=HOW mutations=...
      where first_offset is the first byte the mutations touched (the
      handshake is bytes 0..3072, RTMP spec 5.2.5) and expect is what the
      server must say when it can be told from the bytes alone: "bad_version"
      (C0 is not 3), "eof" (the handshake is cut short, or --clean), or "-".
      Exits 1 when the server did not close a connection within --deadline s.

Mutations (one to four per copy): overwrite (1-16 random bytes), bitflip
(1-8 bits), truncate, duplicate (a range inserted again further on), delete
(a range removed). 15 % land in the handshake, 45 % in the 1 KiB after it
(connect, createStream, publish, metadata, sequence headers), 40 % anywhere.
"""

import argparse
import concurrent.futures
import random
import select
import socket
import sys
import threading
import time

HANDSHAKE_END = 1 + 1536 + 1536


def record(a):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", a.listen_port))
    listener.listen(1)
    print("listening", flush=True)
    client, _ = listener.accept()
    server = socket.create_connection((a.host, a.port))
    recorded = bytearray()
    done = False
    while not done:
        ready, _, _ = select.select([client, server], [], [], 30)
        if not ready:
            break
        for s in ready:
            try:
                b = s.recv(65536)
            except ConnectionResetError:
                b = b""
            if not b:
                done = True
                break
            if s is client:
                b = b[:max(0, a.bytes - len(recorded))]
                recorded += b
                server.sendall(b)
                done = len(recorded) >= a.bytes
            else:
                client.sendall(b)
    client.close()
    server.close()
    with open(a.out, "wb") as f:
        f.write(recorded)
    print("recorded %d bytes" % len(recorded), flush=True)
    return 0


def pick_offset(rng, size):
    """Where a mutation lands: the handshake (15 %), the commands and headers
    right after it (45 %), or anywhere (40 %)."""
    if size <= 1:
        return 0
    r = rng.random()
    if r < 0.15:
        return rng.randrange(min(size, HANDSHAKE_END))
    if r < 0.6 and size > HANDSHAKE_END:
        return rng.randrange(HANDSHAKE_END, min(size, HANDSHAKE_END + 1024))
    return rng.randrange(size)


def mutate(data, rng):
    """Applies 1-4 random mutations; returns (bytes, descriptions, first offset touched)."""
    data = bytearray(data)
    done = []
    first = len(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        kind = rng.choice(["overwrite", "bitflip", "truncate", "duplicate", "delete"])
        at = pick_offset(rng, len(data))
        if kind == "overwrite":
            n = rng.randint(1, 16)
            data[at:at + n] = rng.randbytes(min(n, len(data) - at))
            done.append("overwrite@%d+%d" % (at, n))
        elif kind == "bitflip":
            flips = []
            for _ in range(rng.randint(1, 8)):
                pos = min(len(data) - 1, at + rng.randrange(64))
                data[pos] ^= 1 << rng.randrange(8)
                flips.append(pos)
            at = min(flips)
            done.append("bitflip@%s" % ",".join(map(str, flips)))
        elif kind == "truncate":
            del data[at:]
            done.append("truncate@%d" % at)
        elif kind == "duplicate":
            n = rng.randint(1, 4096)
            chunk = data[at:at + n]
            to = rng.randrange(at, len(data) + 1)
            data[to:to] = chunk
            done.append("duplicate@%d+%d->%d" % (at, len(chunk), to))
        else:
            n = rng.randint(1, 4096)
            del data[at:at + n]
            done.append("delete@%d+%d" % (at, n))
        first = min(first, at)
    return bytes(data), done, first


def expectation(data, clean):
    if clean:
        return "eof"
    if data and data[0] != 3:
        return "bad_version"  # RTMP spec 5.2.2: C0 is 3
    if len(data) < HANDSHAKE_END:
        return "eof"
    return "-"


def replay_one(a, index, data, desc, first, lock):
    s = socket.create_connection((a.host, a.port), timeout=a.deadline)
    port = s.getsockname()[1]
    started = time.monotonic()
    how = None
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    except (BrokenPipeError, ConnectionResetError):
        how = "reset while sending"
    while how is None:
        left = started + a.deadline - time.monotonic()
        if left <= 0:
            how = "NOT closed"
            break
        s.settimeout(left)
        try:
            b = s.recv(65536)
            if not b:
                how = "eof"
        except socket.timeout:
            how = "NOT closed"
        except ConnectionResetError:
            how = "reset"
    s.close()
    with lock:
        print("replay %d local_port=%d sent=%d first_offset=%d expect=%s closed=%s after=%.3f mutations=%s" % (
            index, port, len(data), first, expectation(data, a.clean), how, time.monotonic() - started,
            ";".join(desc) or "none"), flush=True)
    return how != "NOT closed"


def replay(a):
    recording = open(a.recording, "rb").read()
    if not a.clean:
        print("replay seed: %d" % a.seed, flush=True)
    rng = random.Random(a.seed)
    copies = []
    for i in range(a.count):
        if a.clean:
            copies.append((recording, [], len(recording)))
        else:
            copies.append(mutate(recording, random.Random(rng.randrange(1 << 62))))
    lock = threading.Lock()
    failed = []

    def run_one(i):
        try:
            ok = replay_one(a, i, *copies[i], lock)
        except OSError as e:
            ok = False
            with lock:
                print("replay %d failed: %s" % (i, e), flush=True)
        if not ok:
            with lock:
                failed.append(i)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.parallel) as lanes:
        list(lanes.map(run_one, range(len(copies))))
    print("replays: %d, %d not closed by the server" % (len(copies), len(failed)), flush=True)
    return 0 if not failed else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("record")
    r.add_argument("listen_port", type=int)
    r.add_argument("host")
    r.add_argument("port", type=int)
    r.add_argument("--out", required=True)
    r.add_argument("--bytes", type=int, default=1 << 30)
    q = sub.add_parser("replay")
    q.add_argument("host")
    q.add_argument("port", type=int)
    q.add_argument("--recording", required=True)
    q.add_argument("--count", type=int, default=200)
    q.add_argument("--parallel", type=int, default=4)
    q.add_argument("--seed", type=int, default=1)
    q.add_argument("--clean", action="store_true", help="replay the recording unchanged")
    q.add_argument("--deadline", type=float, default=10.0)
    a = p.parse_args()
    return record(a) if a.mode == "record" else replay(a)


if __name__ == "__main__":
    sys.exit(main())
