# SPDX-License-Identifier: MIT
"""The write-cost table of bench/compare.sh (SYSCALL_COUNTS=1): what each
server did per delivered GB during the window, from bench/server_counts.sh
(perf stat on the server's processes, `ss -ti` on its connections). It
explains the CPU per GB: nearly all of it is paid per write call and per TCP
segment, not per byte."""
import json


def _counts(r):
    try:
        return json.load(open(r["counts"])) if r.get("counts") else None
    except (OSError, ValueError):
        return None


def _f(v, digits=0):
    return "-" if v is None else f"{v:,.{digits}f}"


def cost_rows(runs, order):
    """Markdown rows: per scenario and size, each server's write calls, TCP segments, context
    switches and (where the machine has hardware counters) instructions per delivered GB."""
    rows = [(r, c) for r in runs if (c := _counts(r)) and c.get("per_gb")]
    if not rows:
        return []
    out = ["| scenario | server | write calls/GB | bytes/write | TCP segments/GB | bytes/segment "
           "| context switches/GB | epoll_wait/GB | instructions/GB | write calls vs nginx | segments vs nginx |",
           "|" + "---|" * 11]
    groups = {}
    for r, c in rows:
        groups.setdefault((r["scenario"], r["receivers"], r.get("extra", "")), []).append((r, c))
    for k in sorted(groups, key=lambda k: (k[0], k[1], k[2])):
        group = sorted(groups[k], key=lambda rc: order.index(rc[0]["variant"]) if rc[0]["variant"] in order else 9)
        nginx = next((c["per_gb"] for r, c in group if r["variant"] == "nginx"), None)
        for r, c in group:
            g = c["per_gb"]
            instr = g.get("instructions")

            def vs(key):
                if r["variant"] == "nginx" or not nginx or not nginx.get(key):
                    return "-"
                return f"{g.get(key, 0) / nginx[key]:.2f}"

            out.append("| " + " | ".join([
                " ".join(x for x in (k[0], k[2] if k[2] != str(k[1]) else "", str(k[1])) if x), r["label"], _f(g.get("write_calls")),
                _f(c.get("bytes_per_write")), _f(g.get("data_segs_out")), _f(c.get("bytes_per_segment")),
                _f(g.get("context-switches")), _f(g.get("epoll_wait")),
                _f(instr / 1e9, 2) + "G" if instr else "-", vs("write_calls"), vs("data_segs_out")]) + " |")
    return out
