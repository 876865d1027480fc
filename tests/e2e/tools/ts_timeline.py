#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Checks the timeline of a saved MPEG-TS (or any file ffprobe reads): per
# stream, decode times strictly increase (no frame twice, monotonic) and no gap
# exceeds 1.6 median steps (no frame lost after the join); prints
# "<codec_type> <packets>" per stream. Exit 1 on any problem.
# Usage: ts_timeline.py FILE
import json
import statistics
import subprocess
import sys

path = sys.argv[1]
out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "packet=stream_index,dts,pts:stream=index,codec_type",
                      "-of", "json", path], capture_output=True, text=True, check=True)
info = json.loads(out.stdout)
kinds = {s["index"]: s["codec_type"] for s in info["streams"]}
times = {i: [] for i in kinds}
for p in info["packets"]:
    t = p.get("dts", p.get("pts"))
    if t is None:
        print(f"{path}: a packet without timestamps", file=sys.stderr)
        sys.exit(1)
    times[p["stream_index"]].append(int(t))
failed = False
for i, ts in sorted(times.items()):
    steps = [b - a for a, b in zip(ts, ts[1:])]
    bad = [s for s in steps if s <= 0]
    if bad:
        print(f"{path}: {kinds[i]} dts not increasing ({len(bad)} times)", file=sys.stderr)
        failed = True
    if steps:
        limit = 1.6 * statistics.median(steps)
        gaps = [s for s in steps if s > limit]
        if gaps:
            print(f"{path}: {kinds[i]} {len(gaps)} gaps over {limit:.0f} (largest {max(gaps)})", file=sys.stderr)
            failed = True
    print(kinds[i], len(ts))
sys.exit(1 if failed else 0)
