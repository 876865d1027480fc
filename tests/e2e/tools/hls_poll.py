#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Polls an HLS media playlist as a player does, for the e2e HLS tests: saves
# every fetch in order (fetch_NNNN.m3u8, for hlscheck), downloads each newly
# listed segment once into OUTDIR/segments/, and checks the HTTP side of each
# answer (200, Content-Type, Cache-Control, CORS). Stops at EXT-X-ENDLIST or
# after SECONDS. Connections are kept alive (one http.client connection).
# Usage: hls_poll.py URL OUTDIR SECONDS
import http.client
import os
import sys
import time
import urllib.parse


def main():
    url, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    u = urllib.parse.urlsplit(url)
    base = u.path.rsplit("/", 1)[0] + "/"
    os.makedirs(os.path.join(out, "segments"), exist_ok=True)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    seen = set()
    fetches = 0
    problems = []
    deadline = time.monotonic() + seconds

    def get(path):
        conn.request("GET", path, headers={"Origin": "http://player.example"})
        r = conn.getresponse()
        return r, r.read()

    ended = False
    while time.monotonic() < deadline and not ended:
        r, body = get(u.path)
        if r.status == 404:  # not there yet
            time.sleep(0.2)
            continue
        if r.status != 200:
            problems.append(f"playlist: status {r.status}")
            break
        if r.getheader("Cache-Control") != "no-cache":
            problems.append(f"playlist Cache-Control {r.getheader('Cache-Control')!r}")
        if r.getheader("Content-Type") != "application/vnd.apple.mpegurl":
            problems.append(f"playlist Content-Type {r.getheader('Content-Type')!r}")
        if r.getheader("Access-Control-Allow-Origin") != "*":
            problems.append("playlist without CORS")
        with open(os.path.join(out, f"fetch_{fetches:04d}.m3u8"), "wb") as f:
            f.write(body)
        fetches += 1
        text = body.decode()
        ended = "#EXT-X-ENDLIST" in text
        for line in text.splitlines():
            if not line or line.startswith("#") or line in seen:
                continue
            seen.add(line)
            sr, data = get(base + line)
            if sr.status != 200:
                problems.append(f"{line}: status {sr.status}")
                continue
            if sr.getheader("Content-Type") != "video/mp2t" or "max-age" not in (sr.getheader("Cache-Control") or ""):
                problems.append(f"{line}: headers {sr.getheader('Content-Type')!r} {sr.getheader('Cache-Control')!r}")
            with open(os.path.join(out, "segments", line), "wb") as f:
                f.write(data)
        time.sleep(0.3)
    for p in problems:
        print("hls_poll:", p, file=sys.stderr)
    print(f"fetches={fetches} segments={len(seen)} ended={int(ended)}")
    sys.exit(1 if problems or not ended else 0)


main()
