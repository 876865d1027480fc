#!/usr/bin/env python3
"""Polls a lal server's /metrics once a second and appends one line per poll,
"<unix time> <write calls>", the sum of lal_write_calls_total over every
player role (SUB), to OUT until killed. bench/fit_writes.py takes the first and
last polls inside the measured window to get writes per player per second."""
import re
import sys
import time
import urllib.request

SAMPLE = re.compile(r'^lal_write_calls_total\{[^}]*role="SUB"[^}]*\} (\S+)$', re.M)


def main():
    url, out = sys.argv[1], sys.argv[2]
    with open(out, "a", buffering=1) as f:
        while True:
            started = time.time()
            try:
                text = urllib.request.urlopen(url, timeout=2).read().decode()
                total = sum(float(v) for v in SAMPLE.findall(text))
                f.write(f"{(started + time.time()) / 2:.3f} {total:.0f}\n")
            except (OSError, ValueError):
                pass  # not listening yet, or stopping
            time.sleep(max(0.0, 1.0 - (time.time() - started)))


if __name__ == "__main__":
    main()
