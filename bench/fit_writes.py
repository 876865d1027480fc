#!/usr/bin/env python3
"""The write-cost calibration of bench/sweep_merge.sh: for each lal run of a
compare.sh result with write counts (WRITE_COUNTS=1), server CPU per delivered
GB against socket writes per player per second, and the least-squares line
through them. At a fixed bitrate per player, CPU per GB = per_gb + k * writes,
so the slope k times the GB each player gets per second is the CPU of one
write, and the intercept what the bytes cost without any per-write overhead.

Usage: fit_writes.py RUNS.jsonl"""
import json
import sys

from summarize import fmt, load_runs, server_added


def write_rate(samples, start, end):
    """Write calls per second between the first and the last poll inside [start, end]."""
    inside = [(t, w) for t, w in samples if start <= t <= end]
    if len(inside) < 2 or inside[-1][0] <= inside[0][0]:
        return None
    (t0, w0), (t1, w1) = inside[0], inside[-1]
    return (w1 - w0) / (t1 - t0)


def row(r):
    s = r["s"]
    if not s or not r.get("writes_log") or not r["receivers"]:
        return None
    w = s.get("window", {})
    start, end, secs = w.get("start_unix"), w.get("end_unix"), w.get("seconds") or 0
    try:
        samples = [tuple(map(float, line.split())) for line in open(r["writes_log"]) if line.strip()]
    except (OSError, ValueError):
        return None
    rate = write_rate(samples, start, end)
    cpu_per_gb = s.get("server", {}).get("cpu_s_per_gb")
    if rate is None or not secs or cpu_per_gb is None:
        return None
    players = r["receivers"]
    added = server_added(r) or {}
    return {
        "label": r["label"],
        "players": players,
        "writes": rate / players,
        "cpu_per_gb": cpu_per_gb,
        "gb_per_player_s": w["bytes"] / secs / players / 1e9,
        "p50": s.get("latency_ms", {}).get("p50"),
        "p99": s.get("latency_ms", {}).get("p99"),
        "added_p99": added.get("p99"),
    }


def fit(points):
    """Least-squares line y = a + b x, or None with fewer than two distinct x."""
    n = len(points)
    if n < 2:
        return None
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for _, y in points)
    ss_res = sum((y - a - b * x) ** 2 for x, y in points)
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


def main():
    rows = [x for x in map(row, load_runs(sys.argv[1])) if x]
    print("| server | players | writes per player per s | CPU s/GB | latency p50 ms | p99 ms | server-added p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for x in rows:
        print(f"| {x['label']} | {x['players']} | {fmt(x['writes'], 1)} | {fmt(x['cpu_per_gb'], 3)} | "
              f"{fmt(x['p50'])} | {fmt(x['p99'])} | {fmt(x['added_p99'])} |")
    line = fit([(x["writes"], x["cpu_per_gb"]) for x in rows])
    if not line:
        print("\nToo few runs for a fit.")
        return
    a, b, r2 = line
    gb = sum(x["gb_per_player_s"] for x in rows) / len(rows)
    print(f"\nFit: CPU s/GB = {a:.3f} + {b:.4f} x writes per player per s (R^2 {r2:.2f}).")
    print(f"Per byte: {a:.3f} CPU s per GB; per write: {b * gb * 1e6:.2f} us of server CPU "
          f"(slope x {gb * 8e6:.0f} kbit/s per player).")
    print(json.dumps({"intercept_s_per_gb": a, "slope": b, "r2": r2, "us_per_write": b * gb * 1e6}))


if __name__ == "__main__":
    main()
