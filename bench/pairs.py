#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Medians and spread of several bench/compare.sh runs of the fan-out scenario.

usage: pairs.py OUT_DIR...

Each OUT_DIR is one compare.sh run (its runs.jsonl); run them with the servers
alternated (VARIANTS "nginx lal", then "lal nginx", ...). For each player count
and server, prints one Markdown row: the median of the runs and, in brackets,
their lowest and highest, for CPU per delivered GB, its ratio to nginx-rtmp's
in the same run, the whole machine's CPU per GB and its ratio (lalbench's
`machine` figures: every core's busy time, so work a server's sockets cause in
softirq or on the players' clocks counts too), end-to-end latency p50/p99/p99.9 (lalbench), and lal's
server-added p99 and p99.9 (highest one-second values, see summarize.py), its
per-write p99.9 and the window's share of batches over 40 ms.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summarize  # noqa: E402


def spread(values, digits=2):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} [{min(values):.{digits}f}-{max(values):.{digits}f}]"


def main():
    rows = {}  # (players, variant) -> list of per-run figures
    labels = {}
    for out in sys.argv[1:]:
        runs = [r for r in summarize.load_runs(os.path.join(out, "runs.jsonl")) if r["scenario"] == "fanout"]
        nginx = {r["receivers"]: (r["s"] or {}).get("server", {}).get("cpu_s_per_gb")
                 for r in runs if r["variant"] == "nginx"}
        # The whole machine (server, players, softirq wherever it ran): what the server's
        # sockets cost on other tasks' clocks counts too.
        nginx_machine = {r["receivers"]: (r["s"] or {}).get("machine", {}).get("cpu_s_per_gb")
                         for r in runs if r["variant"] == "nginx"}
        for r in runs:
            s = r["s"] or {}
            gb = s.get("server", {}).get("cpu_s_per_gb")
            machine = s.get("machine", {}).get("cpu_s_per_gb")
            lat = s.get("latency_ms", {})
            added = summarize.server_added(r) or {}
            over = added.get("over_pct") or {}
            labels[r["variant"]] = r["label"]
            rows.setdefault((r["receivers"], r["variant"]), []).append({
                "gb": gb, "vs": summarize.ratio(gb, nginx.get(r["receivers"])) if r["variant"] != "nginx" else None,
                "mgb": machine,
                "mvs": summarize.ratio(machine, nginx_machine.get(r["receivers"])) if r["variant"] != "nginx" else None,
                "p50": lat.get("p50"), "p99": lat.get("p99"), "p999": lat.get("p999"),
                "a99": added.get("p99"), "a999": added.get("p999"), "w999": added.get("write_p999"),
                "over40": over.get(40), "ok": summarize.status(r) == "ok"})
    print("| players | server | runs | CPU s/GB | vs nginx-rtmp | machine CPU s/GB | vs nginx-rtmp | latency p50 ms "
          "| p99 ms | p99.9 ms | server-added p99 ms | p99.9 ms | per write p99.9 ms | batches over 40 ms % "
          "| runs not ok |")
    print("|" + "---|" * 15)
    order = summarize.ORDER
    for (n, variant) in sorted(rows, key=lambda k: (k[0], order.index(k[1]) if k[1] in order else 9)):
        fs = rows[(n, variant)]
        col = lambda k, d=2: spread([f[k] for f in fs], d)  # noqa: E731
        print("| " + " | ".join([str(n), labels[variant], str(len(fs)), col("gb", 3), col("vs"), col("mgb", 3), col("mvs"),
                                 col("p50"), col("p99"),
                                 col("p999"), col("a99"), col("a999"), col("w999"), col("over40"),
                                 str(sum(not f["ok"] for f in fs))]) + " |")


if __name__ == "__main__":
    main()
