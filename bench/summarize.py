#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the runs of bench/compare.sh into Markdown tables.

usage: summarize.py RUNS.jsonl IPERF3.json

RUNS.jsonl has one line per run (scenario, variant, label, receivers, the path of
lalbench's --json summary, the server's fate); IPERF3.json is iperf3 --json of
the loopback floor. Delivered bytes are what lalbench's players counted on
their sockets in the measured window (RTMP or HTTP framing included).
Server-added latency comes from lal's own once-a-second [stats] log lines in
the window: the median of the 1-s p50s, the highest 1-s p99 and p99.9 of the
batches (a batch's latency is its last player's; with fewer than 1000 batches
a second the 1-s p99.9 is the second's slowest batch), and the highest 1-s
p99 and p99.9 of every player's write (1000 players make 25000 or more a
second). End-to-end latency percentiles are lalbench's, over the window.
"""
import json
import re
import sys
from datetime import datetime

from write_cost_rows import cost_rows

GB = 1e9
ORDER = ["nginx", "lal", "lal-immediate", "lal-merge100", "lal-2threads"]


def load_runs(path):
    runs = []
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line)
        try:
            r["s"] = json.load(open(r["json"]))
        except (OSError, ValueError):
            r["s"] = None
        runs.append(r)
    return runs


def floor_s_per_gb(path):
    """Sender CPU seconds per GB of one TCP connection on loopback with 64 KiB writes."""
    try:
        j = json.load(open(path))
        sent = j["end"]["sum_sent"]
        cpu = j["end"]["cpu_utilization_percent"]["host_total"] / 100 * sent["seconds"]
        return cpu / (sent["bytes"] / GB), sent["bytes"] * 8 / sent["seconds"]
    except (OSError, ValueError, KeyError, ZeroDivisionError):
        return None, None


STATS = re.compile(r"\[stats\] server-added latency over (\d+) ms: batches=(\d+) p50=([\d.]+) ms "
                   r"p99=([\d.]+) ms (?:p999=([\d.]+) ms )?max=([\d.]+) ms"
                   r"(?: dropped=\d+ aligned=\d+ writes=\d+ write_p50=[\d.]+ ms write_p99=([\d.]+) ms "
                   r"write_p999=([\d.]+) ms(?: over_1/2/5/10/20/40/80ms=([\d/]+))?)?")
OVER_EDGES_MS = [1, 2, 5, 10, 20, 40, 80]


def server_added(r):
    """lal's own [stats] lines of the measured window (intervals wholly inside it): the
    median of their p50s, the highest p99, p99.9 and max, the highest per-write p99 and
    p99.9, and the batches counted. Server-added latency is the time from a publisher's
    read to the last player's write of that data (per write: to each player's write)."""
    s, log = r["s"], r.get("server_log")
    if not s or not log:
        return None
    w = s.get("window", {})
    start, end = w.get("start_unix"), w.get("end_unix")
    if start is None or end is None:
        return None
    p50s, p99s, p999s, maxes, w99s, w999s, batches = [], [], [], [], [], [], 0
    over = [0] * len(OVER_EDGES_MS)
    counted_over = 0  # batches of lines that have the over counts
    try:
        lines = open(log, errors="replace").readlines()
    except OSError:
        return None
    for line in lines:
        m = STATS.search(line)
        if not m:
            continue
        try:
            t = datetime.strptime(line[:26], "%Y/%m/%d %H:%M:%S.%f").timestamp()  # local time, as lal logs
        except ValueError:
            continue
        if start + int(m.group(1)) / 1000 <= t <= end:
            batches += int(m.group(2))
            p50s.append(float(m.group(3)))
            p99s.append(float(m.group(4)))
            if m.group(5):
                p999s.append(float(m.group(5)))
            maxes.append(float(m.group(6)))
            if m.group(7):
                w99s.append(float(m.group(7)))
                w999s.append(float(m.group(8)))
            if m.group(9):
                over = [a + int(b) for a, b in zip(over, m.group(9).split("/"))]
                counted_over += int(m.group(2))
    if not p50s:
        return None
    p50s.sort()
    return {"p50": p50s[len(p50s) // 2], "p99": max(p99s), "p999": max(p999s) if p999s else None,
            "max": max(maxes), "write_p99": max(w99s) if w99s else None,
            "write_p999": max(w999s) if w999s else None, "batches": batches,
            # The window's share of batches over each edge, in %: exact, pooled over its lines.
            "over_pct": {e: 100 * n / counted_over for e, n in zip(OVER_EDGES_MS, over)} if counted_over else None}


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return f"{v:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def status(r):
    s = r["s"]
    notes = []
    if r["server_status"] != "ok":
        notes.append("server " + r["server_status"])
    if s is None:
        notes.append("no lalbench summary")
    elif s.get("failed", 0):
        notes.append(f"{s['failed']} failed")
    return "; ".join(notes) or "ok"


def media_rows(runs, floor):
    out = []
    out.append("| scenario | server | CPU s | CPU s/GB | x floor | CPU/GB vs nginx | peak RSS MiB | KiB/player "
               "| delivered Mbit/s | % of media | lost (kept up) | lagging players | latency p50 ms | p99 ms "
               "| p99.9 ms | server-added p50 ms | p99 ms | p99.9 ms | per write p99 / p99.9 ms "
               "| batches over 5 / 40 ms % | lalbench s/GB | machine s/GB | status |")
    out.append("|" + "---|" * 23)
    groups = {}
    for r in runs:
        if r["scenario"] in ("churn",) + PROTOCOL_SCENARIOS:
            continue
        groups.setdefault((r["scenario"], r["receivers"]), []).append(r)
    if not groups:
        return []

    def key(k):
        return (["fanout", "multi", "httpflv", "hls"].index(k[0]) if k[0] in ("fanout", "multi", "httpflv", "hls") else 9, k[1])

    for k in sorted(groups, key=key):
        rows = sorted(groups[k], key=lambda r: ORDER.index(r["variant"]) if r["variant"] in ORDER else 9)
        nginx = next((r for r in rows if r["variant"] == "nginx" and r["s"]), None)
        nginx_gb = nginx["s"].get("server", {}).get("cpu_s_per_gb") if nginx else None
        for r in rows:
            s = r["s"] or {}
            sv = s.get("server", {})
            w = s.get("window", {})
            lat = s.get("latency_ms", {})
            added = server_added(r) or {}
            cpu_gb = sv.get("cpu_s_per_gb")
            bps = w.get("bitrate_bps")
            expected = w.get("expected_bitrate_bps")
            name = {"fanout": f"1 stream, {k[1]} players",
                    "multi": f"{k[1] // 2} streams x 2 players",
                    "httpflv": f"HTTP-FLV, {k[1]} players",
                    "hls": f"HLS, {k[1]} players"}.get(k[0], k[0])
            out.append("| " + " | ".join([
                name, r["label"], fmt(sv.get("cpu_s")), fmt(cpu_gb, 3), fmt(ratio(cpu_gb, floor)),
                "-" if r["variant"] == "nginx" else fmt(ratio(cpu_gb, nginx_gb)),
                fmt(sv.get("rss_peak_kb", 0) / 1024 if sv.get("rss_peak_kb") else None, 1),
                fmt(sv.get("rss_per_receiver_kb"), 1),
                fmt(bps / 1e6 if bps else None, 1),
                fmt(100 * bps / expected if bps and expected else None, 1),
                str(s.get("lost_frames", "-")), str(s.get("lagging_players", "-")),
                fmt(lat.get("p50")), fmt(lat.get("p99")), fmt(lat.get("p999")),
                fmt(added.get("p50")), fmt(added.get("p99")), fmt(added.get("p999")),
                fmt(added.get("write_p99")) + " / " + fmt(added.get("write_p999")) if added.get("write_p99") is not None
                else "-",
                fmt(added["over_pct"][5]) + " / " + fmt(added["over_pct"][40]) if added.get("over_pct") else "-",
                fmt(s.get("lalbench_cpu_s_per_gb"), 3), fmt(s.get("machine", {}).get("cpu_s_per_gb"), 3),
                status(r)]) + " |")
    return out


PROTOCOL_SCENARIOS = ("rtsp", "srt", "llhls", "webrtc", "moq")
# Each protocol scenario's reference run (its `extra` name) and how the table names it.
REFERENCE = {"rtsp": ("rtmp", "RTMP"), "srt": ("rtmp", "RTMP"), "llhls": ("ts", "TS HLS"), "webrtc": ("rtmp", "RTMP"),
             "moq": ("rtmp", "RTMP")}
# How the table names a protocol scenario.
NAMES = {"llhls": "LL-HLS", "webrtc": "WebRTC (WHEP)", "moq": "MoQT (WebTransport)"}


def protocol_rows(runs):
    """The rtsp, srt, llhls, webrtc and moq scenarios: each server variant's players of that protocol next
    to the same number of reference players (RTMP; TS HLS for LL-HLS) on the same config,
    run one after the other; server
    memory per connection from its RSS before the players joined to its RSS at the end
    (VmRSS) and at its peak (VmHWM)."""
    pairs = {}
    for r in runs:
        if r["scenario"] in PROTOCOL_SCENARIOS:
            pairs.setdefault((r["scenario"], r["receivers"], r["variant"], r["label"]), {})[r.get("extra", "")] = r
    if not pairs:
        return []
    out = ["| protocol | players | server | CPU s/GB | reference | its CPU s/GB | vs reference "
           "| CPU ms/s per player | reference's "
           "| KiB per connection (end) | (peak) | reference KiB per connection (end) | delivered Mbit/s "
           "| % of media | lost (kept up) | latency p50 ms | p99 ms | p99.9 ms | status |", "|" + "---|" * 19]

    def figures(r):
        s = (r or {}).get("s") or {}
        sv = s.get("server", {})
        per_end = None
        if r and "rss_end_kb" in sv and "rss_baseline_kb" in sv and r["receivers"]:
            per_end = (sv["rss_end_kb"] - sv["rss_baseline_kb"]) / r["receivers"]
        return s, sv, per_end

    def per_player(r):
        """Server CPU milliseconds per second of the window, per player."""
        s = (r or {}).get("s") or {}
        cpu, secs = s.get("server", {}).get("cpu_s"), s.get("window", {}).get("seconds")
        return cpu * 1000 / secs / r["receivers"] if cpu is not None and secs and r["receivers"] else None

    for (scenario, n, variant, label), p in sorted(
            pairs.items(), key=lambda kv: (kv[0][0], kv[0][1], ORDER.index(kv[0][2]) if kv[0][2] in ORDER else 9)):
        ref_extra, ref_name = REFERENCE[scenario]
        proto, rtmp = p.get(scenario), p.get(ref_extra)
        s, sv, per_end = figures(proto)
        _, rsv, rtmp_per_end = figures(rtmp)
        w, lat = s.get("window", {}), s.get("latency_ms", {})
        bps, expected = w.get("bitrate_bps"), w.get("expected_bitrate_bps")
        notes = [x for x in (status(proto) if proto else "not run",
                             f"{ref_name}: " + status(rtmp) if rtmp else f"no {ref_name} run")
                 if x != "ok" and x != f"{ref_name}: ok"]
        out.append("| " + " | ".join([
            NAMES.get(scenario, scenario.upper()), str(n), label, fmt(sv.get("cpu_s_per_gb"), 3),
            ref_name, fmt(rsv.get("cpu_s_per_gb"), 3),
            fmt(ratio(sv.get("cpu_s_per_gb"), rsv.get("cpu_s_per_gb"))),
            fmt(per_player(proto), 3), fmt(per_player(rtmp), 3), fmt(per_end, 1),
            fmt(sv.get("rss_per_receiver_kb"), 1), fmt(rtmp_per_end, 1),
            fmt(bps / 1e6 if bps else None, 1), fmt(100 * bps / expected if bps and expected else None, 1),
            str(s.get("lost_frames", "-")), fmt(lat.get("p50")), fmt(lat.get("p99")), fmt(lat.get("p999")),
            "; ".join(notes) or "ok"]) + " |")
    return out


def churn_rows(runs):
    rows = [r for r in runs if r["scenario"] == "churn"]
    if not rows:
        return []
    rows.sort(key=lambda r: ORDER.index(r["variant"]) if r["variant"] in ORDER else 9)
    out = ["| server | connections | completed | failed | conn/s | server CPU s | CPU ms per connection "
           "| vs nginx | first media p50 ms | p99 ms | status |", "|" + "---|" * 11]
    nginx = next((r for r in rows if r["variant"] == "nginx" and r["s"]), None)

    def per_conn(r):
        s = r["s"] or {}
        c = s.get("churn", {})
        cpu = s.get("server", {}).get("cpu_s")
        return cpu * 1000 / c["completed"] if cpu is not None and c.get("completed") else None

    base = per_conn(nginx) if nginx else None
    for r in rows:
        s = r["s"] or {}
        c = s.get("churn", {})
        fm = s.get("first_media_ms", {})
        out.append("| " + " | ".join([
            r["label"], str(c.get("attempts", "-")), str(c.get("completed", "-")), str(c.get("failed", "-")),
            fmt(c.get("rate_per_s"), 0), fmt(s.get("server", {}).get("cpu_s")), fmt(per_conn(r), 3),
            "-" if r["variant"] == "nginx" else fmt(ratio(per_conn(r), base)),
            fmt(fm.get("p50")), fmt(fm.get("p99")), status(r)]) + " |")
    return out


def main():
    runs = load_runs(sys.argv[1])
    floor, floor_bps = floor_s_per_gb(sys.argv[2])
    lines = []
    if floor is not None:
        lines.append(f"Loopback floor (iperf3 -l 64K, one connection, sender): {floor:.3f} CPU s per GB "
                     f"at {floor_bps / 1e9:.1f} Gbit/s.")
    else:
        lines.append("Loopback floor: not measured (iperf3 failed).")
    loads = [r["loadavg_before"] for r in runs]
    if loads and max(loads) > 1.5:
        lines.append(f"Warning: the machine was busy during the run (load average up to {max(loads):.1f} "
                     f"before a run); figures are noisier than on an idle machine.")
    lines.append("")
    lines.extend(media_rows(runs, floor))
    for title, rows in (
            ("RTSP, SRT and WebRTC fan-out against RTMP's, LL-HLS against TS HLS, on the same server (one stream, "
             "runs one after the other):",
             protocol_rows(runs)),
            ("Connection churn (connect, play, first media message, close):", churn_rows(runs)),
            ("Write cost per delivered GB in the window (SYSCALL_COUNTS=1; bench/server_counts.sh):",
             cost_rows(runs, ORDER))):
        if rows:
            lines.extend(["", title, ""] + rows)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
