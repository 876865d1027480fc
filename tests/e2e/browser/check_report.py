#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a player page's report (player.html): Media Source Extensions, no
(fatal) error, the picture size, frames decoded, the clock, and with
--max-latency hls.js's distance to the live edge (hls.latency, LL-HLS).

usage: check_report.py REPORT --size WxH --frames N [--clock S] [--max-latency S]
Prints each check; exit 1 when one fails."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--size", required=True)
ap.add_argument("--frames", type=int, required=True)
ap.add_argument("--clock", type=float, default=0)
ap.add_argument("--max-latency", type=float)
a = ap.parse_args()
r = json.load(open(a.report))
w, h = (int(x) for x in a.size.split("x"))
checks = {
    "Media Source Extensions": r["mse"],
    "no error": not r["errors"],
    f"{w}x{h} picture": (r["videoWidth"], r["videoHeight"]) == (w, h),
    f">= {a.frames} frames decoded": (r["totalVideoFrames"] or 0) >= a.frames,
}
if a.clock:
    checks[f"clock past {a.clock:g} s"] = r["currentTime"] > a.clock
if a.max_latency is not None:
    latency = r.get("latency")
    checks[f"hls.latency under {a.max_latency:g} s"] = latency is not None and 0 < latency < a.max_latency
for name, ok in checks.items():
    print(f"  {name}: {'yes' if ok else 'NO'}")
sys.exit(0 if all(checks.values()) else 1)
