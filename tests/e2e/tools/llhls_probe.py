#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drives a live LL-HLS playlist with curl as a low-latency player would, and
checks the server (draft-pantos-hls-rfc8216bis-16):

  llhls_probe.py PLAYLIST_URL RELOADS

- RELOADS blocking reloads, each `?_HLS_msn=M&_HLS_part=P` for the part after
  the last one listed: every answer passes llhls_check (and the reload checks
  against the one before), holds that part, and comes within the part's
  duration plus 100 ms of the part's end on the playlist's clock
  (EXT-X-PROGRAM-DATE-TIME plus the part durations before it: the server
  dates a segment by the wall clock of the stream's first frame plus media
  time, so with a real-time publisher that end is when the part was made);
- the preload-hinted part, asked before it exists, is held and then served;
- the parts of a complete segment, fetched by URI, concatenate into it;
- `_HLS_msn` far ahead and a malformed one get 400.
Prints one line per finding; exit 1 when a check failed."""
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
import llhls_check  # noqa: E402


def curl(url, timeout=10):
    """(status, body bytes, seconds from send to the last byte, wall time at the end) of a GET by curl."""
    start = time.time()
    out = subprocess.run(["curl", "-s", "-m", str(timeout), "-o", "-", "-w", "\n%{http_code}", url],
                         capture_output=True, check=False)
    end = time.time()
    body, _, code = out.stdout.rpartition(b"\n")
    return int(code or 0), body, end - start, end


def unix(date_time):
    """EXT-X-PROGRAM-DATE-TIME (RFC 3339, 'Z') as Unix seconds."""
    return datetime.datetime.fromisoformat(date_time.replace("Z", "+00:00")).timestamp()


def part_ends(text):
    """{part URI: (msn, index, end as Unix seconds)} from a playlist's date-times and part durations."""
    out = {}
    lines = text.splitlines()
    msn = llhls_check.parse(text)["media_sequence"]
    start = None
    index = 0
    for line in lines:
        if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            start = unix(line.split(":", 1)[1])
            index = 0
        elif line.startswith("#EXT-X-PART:"):
            a = llhls_check.attributes(line.split(":", 1)[1])
            start += float(a["DURATION"])
            out[a["URI"]] = (msn, index, start)
            index += 1
        elif line and not line.startswith("#"):
            msn += 1
    return out


def next_part(text):
    """(msn, part) right after the last part listed."""
    p = llhls_check.parse(text)
    msn = p["media_sequence"] + len(p["segments"])
    if p["open_parts"]:
        return msn, len(p["open_parts"])
    return msn, 0


def main(url, reloads):
    problems, notes = [], {"delays_ms": [], "held_ms": []}
    base = url.rsplit("/", 1)[0] + "/"
    status, body, _, _ = curl(url)
    if status != 200:
        print(f"FAIL: {url}: {status}")
        return 1
    before = body.decode()
    problems += llhls_check.check(before)
    target = llhls_check.parse(before)["part_target_ms"] or 0
    for _ in range(reloads):
        msn, part = next_part(before)
        status, body, took, done = curl(f"{url}?_HLS_msn={msn}&_HLS_part={part}")
        if status != 200:
            problems.append(f"blocking reload {msn}.{part}: {status}")
            break
        now = body.decode()
        problems += llhls_check.check(now) + llhls_check.check_reload(before, now)
        ends = part_ends(now)
        waited = [(m, i, end, uri) for uri, (m, i, end) in ends.items() if (m, i) >= (msn, part)]
        if not waited:
            problems.append(f"the answer to {msn}.{part} does not hold that part or a later one")
            break
        # The first part at or after the one asked for: the one the request waited on.
        m, i, end, uri = min(waited)
        delay = done - end
        notes["delays_ms"].append(round(delay * 1000))
        notes["held_ms"].append(round(took * 1000))
        if delay > (target + 100) / 1000:
            problems.append(f"part {m}.{i} ({uri}) answered {delay * 1000:.0f} ms after its end")
        before = now

    # The hinted part, before it exists: held, then its bytes.
    hint = llhls_check.parse(before)["hint"]
    if not hint:
        problems.append("no preload hint")
    else:
        status, body, took, _ = curl(base + hint)
        notes["hint"] = {"status": status, "bytes": len(body), "held_ms": round(took * 1000)}
        if status != 200 or not body:
            problems.append(f"hinted part {hint}: {status}, {len(body)} bytes")
        status, after, _, _ = curl(url)
        if hint not in after.decode():
            problems.append(f"hinted part {hint} is not listed once served")

    # The listed parts of a complete segment are that segment's bytes.
    p = llhls_check.parse(before)
    whole = [s for s in p["segments"] if s["parts"] and s["parts"][0]["independent"]]
    if not whole:
        problems.append("no complete segment with its parts listed")
    else:
        s = whole[-1]
        joined = b"".join(curl(base + q["uri"])[1] for q in s["parts"])
        seg = curl(base + s["uri"])[1]
        notes["segment"] = {"uri": s["uri"], "parts": len(s["parts"]), "bytes": len(seg)}
        if not seg or joined != seg:
            problems.append(f"the parts of {s['uri']} ({len(joined)} bytes) are not the segment ({len(seg)} bytes)")

    # RFC 8216bis 6.2.5.2: too far ahead, and malformed.
    msn, _ = next_part(before)
    for query, want in ((f"_HLS_msn={msn + 10}", 400), ("_HLS_msn=x", 400), ("_HLS_part=1", 400)):
        status = curl(f"{url}?{query}")[0]
        if status != want:
            problems.append(f"?{query}: {status}, not {want}")

    print(json.dumps(notes))
    for x in problems:
        print("FAIL:", x)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
