#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A flood of connections that send garbage or stop half-way, for the server's
robustness tests and the soak script.

  flood.py HOST RTMP_PORT HTTP_PORT [--count 2000] [--seconds 3] [--seed S]

Opens --count connections spread evenly over --seconds (at most --concurrency
open at once), each one of these kinds, in turn:
  rtmp_random    random bytes on the RTMP port (usually a bad C0)
  rtmp_c0        C0 only
  rtmp_c0_c1     C0 and part of C1
  rtmp_chunks    a whole plain handshake, then random bytes as chunks
  http_random    random bytes on the HTTP-FLV port
  http_partial   a request head that never ends
  http_bad       a request line that is no HTTP
and ends it in one of three ways: waits for the server to close it (up to
--deadline s), closes it, or resets it (SO_LINGER 0). Prints one summary line
per kind ("KIND: n=.. server_closed=.. closed=.. reset=.. failed=..") and a
total "flood: N connections in S s, F failed, ports RTMP=R HTTP=H"; exits 1
when a connection failed (refused, timed out, or the server did not close a
connection that waited) -- the server must keep accepting throughout.
"""

import argparse
import asyncio
import os
import random
import socket
import struct
import sys
import time

KINDS = ["rtmp_random", "rtmp_c0", "rtmp_c0_c1", "rtmp_chunks", "http_random", "http_partial", "http_bad"]
ENDINGS = ["wait", "close", "reset"]


async def read_some(reader, n, deadline):
    return await asyncio.wait_for(reader.read(n), deadline)


async def rtmp_handshake(reader, writer, rng, deadline):
    """Plain handshake (RTMP spec 5.2): C0 C1, S0 S1 S2, C2 = S1."""
    writer.write(b"\x03" + struct.pack(">II", 0, 0) + rng.randbytes(1528))
    await writer.drain()
    got = await asyncio.wait_for(reader.readexactly(1 + 1536 * 2), deadline)
    writer.write(got[1:1537])


async def one(host, ports, kind, ending, rng, deadline, stats):
    port = ports["http" if kind.startswith("http") else "rtmp"]
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), deadline)
    except (OSError, asyncio.TimeoutError) as e:
        stats[kind]["failed"] += 1
        stats["errors"].append("%s: connect: %s" % (kind, e or "timed out"))
        return
    sock = writer.get_extra_info("socket")
    stats["ports"].append(sock.getsockname()[1])
    try:
        if kind == "rtmp_random":
            writer.write(rng.randbytes(rng.randrange(1, 4096)))
        elif kind == "rtmp_c0":
            writer.write(b"\x03")
        elif kind == "rtmp_c0_c1":
            writer.write(b"\x03" + rng.randbytes(rng.randrange(1, 1536)))
        elif kind == "rtmp_chunks":
            await rtmp_handshake(reader, writer, rng, deadline)
            writer.write(rng.randbytes(rng.randrange(1, 8192)))
        elif kind == "http_random":
            writer.write(rng.randbytes(rng.randrange(1, 4096)))
        elif kind == "http_partial":
            writer.write(b"GET /live/test.flv HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * rng.randrange(0, 2000))
        else:
            writer.write(b"\x16\x03\x01" + rng.randbytes(60) + b"\r\n\r\n")
        await writer.drain()
        if ending == "wait":
            # Read until the server closes: EOF, or a reset.
            while True:
                b = await read_some(reader, 65536, deadline)
                if not b:
                    break
            stats[kind]["server_closed"] += 1
        elif ending == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            stats[kind]["reset"] += 1
        else:
            stats[kind]["closed"] += 1
    except (ConnectionResetError, BrokenPipeError):
        # The server gave up on us first (it may reset a connection whose
        # bytes it did not read): that is a close by the server.
        stats[kind]["server_closed"] += 1
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, OSError) as e:
        stats[kind]["failed"] += 1
        stats["errors"].append("%s/%s: %s" % (kind, ending, repr(e)))
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


async def flood(a):
    rng = random.Random(a.seed)
    stats = {k: {"n": 0, "server_closed": 0, "closed": 0, "reset": 0, "failed": 0} for k in KINDS}
    stats["errors"] = []
    stats["ports"] = []
    ports = {"rtmp": a.rtmp_port, "http": a.http_port}
    limit = asyncio.Semaphore(a.concurrency)
    started = time.monotonic()
    tasks = []

    async def run(i, conn_rng):
        async with limit:
            kind = KINDS[i % len(KINDS)]
            stats[kind]["n"] += 1
            await one(a.host, ports, kind, conn_rng.choice(ENDINGS), conn_rng, a.deadline, stats)

    for i in range(a.count):
        due = started + a.seconds * i / a.count
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(run(i, random.Random(rng.randrange(1 << 62)))))
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    failed = 0
    for k in KINDS:
        s = stats[k]
        failed += s["failed"]
        print("%s: %s" % (k, " ".join("%s=%d" % kv for kv in s.items())), flush=True)
    for e in stats["errors"][:10]:
        print("error: " + e, flush=True)
    rtmp = sum(stats[k]["n"] for k in KINDS if k.startswith("rtmp"))
    print("flood: %d connections in %.1f s, %d failed, ports RTMP=%d HTTP=%d" % (
        a.count, elapsed, failed, rtmp, a.count - rtmp), flush=True)
    if a.ports_file:
        with open(a.ports_file, "w") as f:
            f.write("\n".join(str(p) for p in stats["ports"]) + "\n")
    return 0 if failed == 0 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("host")
    p.add_argument("rtmp_port", type=int)
    p.add_argument("http_port", type=int)
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=3.0, help="spread the connections over this long")
    p.add_argument("--concurrency", type=int, default=400, help="most connections open at once")
    p.add_argument("--deadline", type=float, default=10.0, help="seconds the server has for each step")
    p.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(4), "big"))
    p.add_argument("--ports-file", help="write the local port of every connection here")
    a = p.parse_args()
    print("flood seed: %d" % a.seed, flush=True)
    return asyncio.run(flood(a))


if __name__ == "__main__":
    sys.exit(main())
