#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Faulty RTMP and HTTP-FLV clients for the server's robustness tests.

Built on tests/e2e/tools/raw_client.py (handshake, AMF0, chunks), found
through $E2E_TOOLS or the sibling e2e folder.

  fault_client.py publish HOST PORT --flv FILE [--stop-after-video N --stop reset|close|pause]
      publishes FILE at its own pace (--speed) by hand; with --stop, after
      video frame N (1-based), which must be neither a key frame nor the last
      of its GOP: waits until the server has read every byte, prints
      "stopped video=V audio=A", then resets (SO_LINGER 0), closes, or waits
      to be killed (pause). Without --stop: "published video=V audio=A".
      Prints "sent video=V audio=A" after each video frame.
  fault_client.py resetters HOST RTMP_PORT HTTP_PORT --count N --seed S
      N players (alternately RTMP and HTTP-FLV, --lanes at a time) with a
      4 KiB receive buffer: each plays, reads a random number of bytes, then
      resets its connection while the server holds unsent bytes for it
      (its socket's send queue in /proc/net/tcp). One line per player.
  fault_client.py hold HOST RTMP_PORT HTTP_PORT --rtmp K --http K --until FILE
      players that read and discard until FILE exists, then close; prints
      "holding local_ports=P,..." once every one has started playing.
  fault_client.py idle HOST PORT --count K [--deadline S] [--after connect|create_stream]
      K connections that send nothing (or nothing more after an RTMP connect,
      or after connect and createStream); each line says when the server
      closed it, counted from when it went silent.
  fault_client.py refused HOST RTMP_PORT HTTP_PORT --count K
      K RTMP connects, expecting NetConnection.Connect.Rejected, and K HTTP-FLV
      GETs, expecting 503, each followed by the server's close.
"""

import argparse
import concurrent.futures
import os
import random
import select
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.environ.get("E2E_TOOLS") or
                os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "e2e", "tools"))
import raw_client as rc  # noqa: E402


# ---- FLV files (FLV spec E.2, E.4.1) ----

class flv_tag:
    def __init__(self, type_id, timestamp, body):
        self.type_id = type_id  # 8 audio, 9 video, 18 script
        self.timestamp = timestamp
        self.body = body

    def is_video(self):
        return self.type_id == 9

    def is_coded(self):
        # FLV spec E.4.2.1 / E.4.3.1: AVCPacketType / AACPacketType 1 is a coded frame.
        return self.type_id in (8, 9) and len(self.body) >= 2 and self.body[1] == 1

    def is_key(self):
        return self.is_video() and (self.body[0] >> 4) == 1


def read_flv(path):
    data = open(path, "rb").read()
    if data[:3] != b"FLV":
        raise SystemExit("%s: not an FLV file" % path)
    pos = struct.unpack(">I", data[5:9])[0] + 4
    tags = []
    while pos + 11 <= len(data):
        size = struct.unpack(">I", b"\x00" + data[pos + 1:pos + 4])[0]
        ts = struct.unpack(">I", data[pos + 7:pos + 8] + data[pos + 4:pos + 7])[0]
        body = data[pos + 11:pos + 11 + size]
        if len(body) < size:
            break
        tags.append(flv_tag(data[pos] & 0x1F, ts, body))
        pos += 11 + size + 4
    return tags


# ---- /proc/net/tcp: the server's side of our connections ----

def _hex_addr(port):
    return "0100007F:%04X" % port


def server_queues(server_port, client_port):
    """(tx_queue, rx_queue) of the server's socket talking to client_port, or None."""
    want_local, want_remote = _hex_addr(server_port), _hex_addr(client_port)
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            if fields[1] == want_local and fields[2] == want_remote:
                tx, rx = fields[4].split(":")
                return int(tx, 16), int(rx, 16)
    return None


def wait_server_read_all(server_port, client_port, limit_s=10):
    """Waits until the server has read everything we sent (its receive queue is empty)."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        q = server_queues(server_port, client_port)
        if q is not None and q[1] == 0:
            return
        time.sleep(0.01)
    raise SystemExit("the server did not read what we sent within %d s" % limit_s)


# ---- RTMP and HTTP-FLV players by hand ----

def rtmp_play(s, host, port, app, stream):
    ch = rc.chunker()
    rc.handshake(s)
    rc.rtmp_connect(s, ch, host, port, app)
    s.sendall(rc.command(ch, 3, 0, "createStream", 2, rc.amf_null()))
    rc.read_until(s, b"_result")
    # RTMP spec 7.2.2.1: play(name, start -2 = live or recorded) on the first stream.
    s.sendall(rc.command(ch, 8, 1, "play", 0, rc.amf_null(), rc.amf_string(stream), rc.amf_number(-2)))
    rc.read_until(s, b"NetStream.Play.Start")


def http_play(s, host, port, app, stream):
    s.sendall(("GET /%s/%s.flv HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (app, stream, host, port)).encode())
    head = rc.read_until(s, b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise SystemExit("HTTP-FLV play refused: %r" % head[:40])


def set_reset_on_close(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


# ---- modes ----

def run_publish(a):
    tags = read_flv(a.flv)
    video_index = [i for i, t in enumerate(tags) if t.is_video() and t.is_coded()]
    stop_at = None
    if a.stop_after_video:
        n = a.stop_after_video
        if n >= len(video_index):
            raise SystemExit("--stop-after-video %d: the file has %d video frames" % (n, len(video_index)))
        # Mid-GOP: the last frame sent is no key frame, and neither is the next one.
        if tags[video_index[n - 1]].is_key() or tags[video_index[n]].is_key():
            raise SystemExit("--stop-after-video %d is not inside a GOP" % n)
        stop_at = video_index[n - 1]
    s = rc.connect(a.host, a.port)
    ch = rc.chunker()
    rc.handshake(s)
    rc.rtmp_connect(s, ch, a.host, a.port, a.app)
    s.sendall(rc.command(ch, 3, 0, "createStream", 2, rc.amf_null()))
    rc.read_until(s, b"_result")
    s.sendall(rc.command(ch, 8, 1, "publish", 0, rc.amf_null(), rc.amf_string(a.stream), rc.amf_string("live")))
    rc.read_until(s, b"NetStream.Publish.Start")
    print("publishing local_port=%d" % rc.local_port(s), flush=True)
    started = time.monotonic()
    first_ts = None
    video = audio = 0
    for i, t in enumerate(tags):
        if t.type_id == 18:
            body = rc.amf_string("@setDataFrame") + t.body
            s.sendall(ch.message(5, 18, 1, body, t.timestamp))
            continue
        if t.type_id not in (8, 9):
            continue
        if first_ts is None:
            first_ts = t.timestamp
        due = started + (t.timestamp - first_ts) / 1000.0 / a.speed
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        s.sendall(ch.message(6 if t.is_video() else 4, t.type_id, 1, t.body, t.timestamp))
        if t.is_coded():
            if t.is_video():
                video += 1
            else:
                audio += 1
        if t.is_video() and t.is_coded():
            print("sent video=%d audio=%d" % (video, audio), flush=True)
        if i == stop_at:
            wait_server_read_all(a.port, rc.local_port(s))
            print("stopped video=%d audio=%d local_port=%d" % (video, audio, rc.local_port(s)), flush=True)
            if a.stop == "pause":
                while True:
                    time.sleep(1)
            if a.stop == "reset":
                set_reset_on_close(s)
            s.close()
            return 0
    wait_server_read_all(a.port, rc.local_port(s))
    print("published video=%d audio=%d" % (video, audio), flush=True)
    s.close()
    return 0


def one_resetter(a, rng, index, lock, results):
    rtmp = index % 2 == 0
    port = a.rtmp_port if rtmp else a.http_port
    s = rc.connect(a.host, port, rcvbuf=4096)
    if rtmp:
        rtmp_play(s, a.host, port, a.app, a.stream)
    else:
        http_play(s, a.host, port, a.app, a.stream)
    client_port = rc.local_port(s)
    # Read a little of the stream (nothing at all for some).
    want = rng.choice([0, rng.randrange(1, 65536)])
    got = 0
    s.settimeout(5)
    while got < want:
        b = s.recv(min(4096, want - got))
        if not b:
            raise SystemExit("player %d: the server closed before the reset" % index)
        got += len(b)
    # Then stop reading until the server has bytes for us it cannot send.
    pending = 0
    end = time.monotonic() + 5
    while time.monotonic() < end:
        q = server_queues(port, client_port)
        pending = q[0] if q else 0
        if pending > 0:
            break
        time.sleep(0.005)
    set_reset_on_close(s)
    s.close()
    with lock:
        results.append(pending)
        print("reset %s local_port=%d read=%d server_unsent=%d" % ("rtmp" if rtmp else "http", client_port, got,
                                                                   pending), flush=True)


def run_resetters(a):
    rng = random.Random(a.seed)
    seeds = [rng.randrange(1 << 30) for _ in range(a.count)]
    lock = threading.Lock()
    results = []
    errors = []

    def run_one(i):
        try:
            one_resetter(a, random.Random(seeds[i]), i, lock, results)
        except (OSError, SystemExit) as e:
            with lock:
                errors.append("player %d: %s" % (i, e))

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.lanes) as lanes:
        list(lanes.map(run_one, range(a.count)))
    for e in errors:
        print("FAIL " + e, flush=True)
    with_pending = sum(1 for p in results if p > 0)
    print("resetters: %d reset, %d with unsent bytes at the server" % (len(results), with_pending), flush=True)
    return 0 if not errors and with_pending == len(results) == a.count else 1


def run_hold(a):
    socks = []
    for i in range(a.rtmp + a.http):
        rtmp = i < a.rtmp
        port = a.rtmp_port if rtmp else a.http_port
        s = rc.connect(a.host, port)
        (rtmp_play if rtmp else http_play)(s, a.host, port, a.app, a.stream)
        s.setblocking(False)
        socks.append(s)
    print("holding local_ports=%s" % ",".join(str(rc.local_port(s)) for s in socks), flush=True)
    received = 0
    while not os.path.exists(a.until):
        ready, _, _ = select.select(socks, [], [], 0.05)
        for s in ready:
            b = s.recv(65536)
            if not b:
                raise SystemExit("the server closed a held player (local_port=%d)" % rc.local_port(s))
            received += len(b)
    for s in socks:
        s.close()
    print("released after %d bytes" % received, flush=True)
    return 0


def run_idle(a):
    socks = []
    started = {}
    for _ in range(a.count):
        s = rc.connect(a.host, a.port)
        socks.append(s)
        if a.after != "nothing":
            # RTMP: a session that connects (and creates a stream), then never plays or publishes.
            ch = rc.chunker()
            rc.handshake(s)
            rc.rtmp_connect(s, ch, a.host, a.port, a.app)
            if a.after == "create_stream":
                s.sendall(rc.command(ch, 3, 0, "createStream", 2, rc.amf_null()))
                rc.read_until(s, b"_result")
        started[s] = time.monotonic()
        s.setblocking(False)
    received = {s: b"" for s in socks}
    open_socks = list(socks)
    end = time.monotonic() + a.deadline
    ok = True
    while open_socks and time.monotonic() < end:
        ready, _, _ = select.select(open_socks, [], [], 0.05)
        for s in ready:
            how = None
            try:
                b = s.recv(65536)
                received[s] += b
                how = None if b else "eof"
            except ConnectionResetError:
                how = "reset"
            if how:
                # What the server sent before closing (an HTTP 408), first line only.
                first = received[s].split(b"\r\n")[0].decode(errors="replace")
                print("idle local_port=%d closed after %.3f s (%s) bytes=%d first_line=%r" % (
                    rc.local_port(s), time.monotonic() - started[s], how, len(received[s]), first), flush=True)
                open_socks.remove(s)
    for s in open_socks:
        ok = False
        print("idle local_port=%d NOT closed after %.3f s" % (rc.local_port(s), time.monotonic() - started[s]),
              flush=True)
    return 0 if ok else 1


def read_to_close(s, deadline_s):
    """Everything the server sends until it closes: (bytes, "eof"|"reset"|None, seconds)."""
    started = time.monotonic()
    got = b""
    while True:
        left = started + deadline_s - time.monotonic()
        if left <= 0:
            return got, None, time.monotonic() - started
        s.settimeout(left)
        try:
            b = s.recv(65536)
        except socket.timeout:
            return got, None, time.monotonic() - started
        except ConnectionResetError:
            return got, "reset", time.monotonic() - started
        if not b:
            return got, "eof", time.monotonic() - started
        got += b


def run_refused(a):
    ok = True
    for i in range(a.count):
        s = rc.connect(a.host, a.rtmp_port)
        ch = rc.chunker()
        rc.handshake(s)
        s.sendall(rc.command(ch, 3, 0, "connect", 1, rc.amf_object([
            ("app", rc.amf_string(a.app)),
            ("tcUrl", rc.amf_string("rtmp://%s:%d/%s" % (a.host, a.rtmp_port, a.app))),
        ])))
        got, how, seconds = read_to_close(s, a.deadline)
        rejected = b"NetConnection.Connect.Rejected" in got
        ok = ok and rejected and how is not None
        print("refused rtmp local_port=%d rejected=%d closed after %.3f s (%s)" % (
            rc.local_port(s), rejected, seconds, how), flush=True)
    for i in range(a.count):
        s = rc.connect(a.host, a.http_port)
        s.sendall(("GET /%s/%s.flv HTTP/1.1\r\nHost: %s\r\n\r\n" % (a.app, a.stream, a.host)).encode())
        got, how, seconds = read_to_close(s, a.deadline)
        status = got.split(b"\r\n")[0].decode(errors="replace")
        ok = ok and status.startswith("HTTP/1.1 503 ") and how is not None
        print("refused http local_port=%d status=%r closed after %.3f s (%s)" % (
            rc.local_port(s), status, seconds, how), flush=True)
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["publish", "resetters", "hold", "idle", "refused"])
    p.add_argument("host")
    p.add_argument("port", type=int, help="RTMP port (the HTTP-FLV port for idle on HTTP)")
    p.add_argument("http_port", type=int, nargs="?")
    p.add_argument("--app", default="live")
    p.add_argument("--stream", default="test")
    p.add_argument("--flv", help="publish: the file")
    p.add_argument("--speed", type=float, default=1.0, help="publish: pace relative to real time")
    p.add_argument("--stop-after-video", type=int, help="publish: stop after this video frame (1-based)")
    p.add_argument("--stop", choices=["reset", "close", "pause"], default="reset")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--lanes", type=int, default=4, help="resetters: players at a time")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rtmp", type=int, default=0, help="hold: RTMP players")
    p.add_argument("--http", type=int, default=0, help="hold: HTTP-FLV players")
    p.add_argument("--until", help="hold: release once this file exists")
    p.add_argument("--deadline", type=float, default=10, help="seconds the server has to close us")
    p.add_argument("--after", choices=["nothing", "connect", "create_stream"], default="nothing",
                   help="idle: go silent after this (RTMP connect, or connect and createStream)")
    a = p.parse_args()
    a.rtmp_port = a.port
    if a.mode in ("resetters", "hold", "refused") and a.http_port is None:
        p.error("%s needs RTMP_PORT and HTTP_PORT" % a.mode)
    return {"publish": run_publish, "resetters": run_resetters, "hold": run_hold, "idle": run_idle,
            "refused": run_refused}[a.mode](a)


if __name__ == "__main__":
    sys.exit(main())
