#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/server_counts.sh PIDS PORT SECONDS OUT.json: what a server did for the
# bytes it sent during SECONDS, measured from the outside so it works for any
# server (compare.sh runs it inside the measured window when SYSCALL_COUNTS=1).
#
#   PIDS     comma-separated server pids; their child processes are added
#            (nginx's master and its worker)
#   PORT     the server's listening TCP port: its accepted connections are the
#            sockets whose local port this is
#
# Counted: instructions and cycles of the server's processes, context
# switches, and the socket write system calls (perf stat tracepoints; needs
# root or kernel.perf_event_paranoid <= -1), and from `ss -ti` the bytes and
# TCP segments the server's connections sent (bytes_sent, segs_out,
# data_segs_out: per socket, so other traffic on the machine does not count,
# unlike TcpOutSegs in /proc/net/snmp). Connections that close inside the
# interval are not counted; in the fan-out scenarios none do.
set -euo pipefail
pids=$1 port=$2 seconds=$3 out=$4

all=()
for p in ${pids//,/ }; do
  all+=("$p")
  for c in /proc/"$p"/task/*/children; do
    [ -r "$c" ] && for k in $(cat "$c"); do all+=("$k"); done
  done
done
joined=$(IFS=,; echo "${all[*]}")

# Sums bytes_sent, segs_out and data_segs_out over the server's established connections.
sockets() {
  ss -Htin state established "( sport = :$port )" 2>/dev/null | awk '
    { for (i = 1; i <= NF; i++) {
        if ($i ~ /^bytes_sent:/) { split($i, a, ":"); b += a[2] }
        else if ($i ~ /^segs_out:/) { split($i, a, ":"); s += a[2] }
        else if ($i ~ /^data_segs_out:/) { split($i, a, ":"); d += a[2] }
      } }
    END { printf "%.0f %.0f %.0f\n", b, s, d }'
}

events='task-clock,instructions,cycles,context-switches'
for sc in sendmsg sendto writev write sendfile64 epoll_wait; do
  [ -d /sys/kernel/tracing/events/syscalls/sys_enter_$sc ] || [ -d /sys/kernel/debug/tracing/events/syscalls/sys_enter_$sc ] &&
    events+=",syscalls:sys_enter_$sc"
done

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
read -r b0 s0 d0 < <(sockets)
perf stat -x, -e "$events" -p "$joined" -o "$tmp" -- sleep "$seconds" 2>/dev/null || true
read -r b1 s1 d1 < <(sockets)

python3 - "$tmp" "$out" "$((b1 - b0))" "$((s1 - s0))" "$((d1 - d0))" "$seconds" "$joined" <<'PY'
import json, sys
stat, out, sent, segs, data_segs, seconds, pids = sys.argv[1:8]
counts = {}
for line in open(stat):
    f = line.strip().split(",")
    if len(f) < 3 or line.startswith("#"):
        continue
    try:
        counts[f[2].replace("syscalls:sys_enter_", "")] = int(float(f[0]))
    except ValueError:
        pass  # <not counted> / <not supported>
writes = sum(counts.get(k, 0) for k in ("sendmsg", "sendto", "writev", "write", "sendfile64"))
rec = {"seconds": float(seconds), "pids": pids, "bytes_sent": int(sent), "segs_out": int(segs),
       "data_segs_out": int(data_segs), "counts": counts, "write_calls": writes}
gb = int(sent) / 1e9
if gb > 0:
    rec["per_gb"] = {"write_calls": writes / gb, "segs_out": int(segs) / gb, "data_segs_out": int(data_segs) / gb,
                     **{k: v / gb for k, v in counts.items()}}
    rec["bytes_per_write"] = int(sent) / writes if writes else 0
    rec["bytes_per_segment"] = int(sent) / int(data_segs) if int(data_segs) else 0
json.dump(rec, open(out, "w"), indent=1)
print(json.dumps(rec))
PY
