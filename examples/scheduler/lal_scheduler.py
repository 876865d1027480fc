#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A reference scheduler for a lal cluster: sends players to the least loaded edge.

It uses only what lal servers expose: their load records in the cluster
registry (Redis, "lal:server:<id>", see examples/lal/cluster_protocol.hpp) and
the on_play hook. Point an entry server's hooks.on_play at it; for each play
it answers {"redirect": URL} naming the edge with the fewest players (then the
lowest output bitrate) that has room, and the entry server answers the player
with HTTP 302 (HTTP-FLV, HTTP-TS, HLS) or RTMP's NetConnection.Connect.Rejected
redirect. No edge with room: 503, and the entry server refuses the play.

  lal_scheduler.py --listen 127.0.0.1:8090 --registry redis://127.0.0.1:6379 [--max-players N]
"""
import argparse
import json
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


def resp_command(sock_file, *args):
    """Sends one command in RESP (the Redis protocol) and reads its reply."""
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock_file.write(out)
    sock_file.flush()
    return resp_read(sock_file)


def resp_read(f):
    line = f.readline()
    if not line.endswith(b"\r\n"):
        raise ConnectionError("registry closed the connection")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2].decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [resp_read(f) for _ in range(n)]
    raise ValueError("unexpected reply %r" % line)


def parse_load(text):
    """A load record: "1 <id> <host> <rtmp_port> <http_port> <edge> <players> <out_kbits> <streams>"."""
    f = (text or "").split(" ")
    if len(f) != 9 or f[0] != "1":
        return None
    try:
        return {"id": f[1], "host": f[2], "rtmp_port": int(f[3]), "http_port": int(f[4]),
                "edge": f[5] == "1", "players": int(f[6]), "out_kbits": int(f[7]), "streams": int(f[8])}
    except ValueError:
        return None


def edges(registry, timeout):
    """Every edge's load record, read with SCAN (never KEYS, which blocks Redis)."""
    with socket.create_connection(registry, timeout=timeout) as s:
        f = s.makefile("rwb")
        cursor, names = "0", []
        while True:
            cursor, batch = resp_command(f, "SCAN", cursor, "MATCH", "lal:server:*", "COUNT", "100")
            names += batch
            if cursor == "0":
                break
        loads = [parse_load(resp_command(f, "GET", n)) for n in names]
    return [l for l in loads if l and l["edge"]]


def choose(loads, max_players):
    room = [l for l in loads if max_players <= 0 or l["players"] < max_players]
    return min(room, key=lambda l: (l["players"], l["out_kbits"], l["id"])) if room else None


def player_url(edge, protocol, app, stream, query):
    host = "[%s]" % edge["host"] if ":" in edge["host"] else edge["host"]
    q = "?" + query if query else ""
    if protocol == "rtmp":
        return "rtmp://%s:%d/%s/%s%s" % (host, edge["rtmp_port"], app, stream, q)
    if not edge["http_port"]:
        return None
    base = "http://%s:%d" % (host, edge["http_port"])
    if protocol == "httpts":
        return "%s/%s/%s.ts%s" % (base, app, stream, q)
    if protocol == "hls":
        return "%s/hls/%s.m3u8%s" % (base, stream, q)
    return "%s/%s/%s.flv%s" % (base, app, stream, q)


def make_handler(args):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > 65536:
                return self.answer(413, {})
            try:
                ask = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self.answer(400, {"error": "not JSON"})
            if ask.get("action") != "on_play":
                return self.answer(200, {})  # publishes stay where they are
            try:
                edge = choose(edges(args.registry, args.timeout), args.max_players)
            except (OSError, RuntimeError, ValueError) as e:
                print("registry: %s" % e, file=sys.stderr, flush=True)
                return self.answer(503, {"error": "registry unreachable"})
            url = edge and player_url(edge, ask.get("protocol", ""), ask.get("app_name", ""),
                                      ask.get("stream_name", ""), ask.get("url_param", ""))
            if not url:
                return self.answer(503, {"error": "no edge with room"})
            print("%s %s/%s -> %s (%d players)" % (ask.get("protocol"), ask.get("app_name"),
                                                   ask.get("stream_name"), url, edge["players"]), flush=True)
            return self.answer(200, {"redirect": url})

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", default="127.0.0.1:8090", help="host:port of the on_play hook")
    p.add_argument("--registry", default="redis://127.0.0.1:6379", help="redis://host[:port]")
    p.add_argument("--max-players", type=int, default=0, help="an edge with this many players is full (0: no limit)")
    p.add_argument("--timeout", type=float, default=1.0, help="seconds for each registry call")
    args = p.parse_args()
    reg = urlparse(args.registry)
    if reg.scheme != "redis" or not reg.hostname:
        p.error("--registry: expected redis://host[:port]")
    args.registry = (reg.hostname, reg.port or 6379)
    host, _, port = args.listen.rpartition(":")
    server = ThreadingHTTPServer((host or "0.0.0.0", int(port)), make_handler(args))
    print("scheduler on %s, registry %s:%d" % (args.listen, *args.registry), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
