#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validates Low-Latency HLS media playlists (draft-pantos-hls-rfc8216bis-16).

One playlist: the tags and attributes of 4.4.3.7 EXT-X-PART-INF, 4.4.3.8
EXT-X-SERVER-CONTROL, 4.4.4.9 EXT-X-PART and 4.4.5.3 EXT-X-PRELOAD-HINT:
PART-INF before the first part, every part at most PART-TARGET and (but for
independent parts and a segment's last) at least 85 % of it, the hint the
last tag, PART-HOLD-BACK at least twice PART-TARGET, EXTINF within the
target duration, parts of a segment no longer than it. A series of reloads:
the media sequence never goes back, a segment keeps its URI, a segment's parts
keep their URIs and only grow, and the part a playlist hinted is the next part
listed by a later one.

    llhls_check.py first.m3u8 second.m3u8 ...   # exit 1 and the problems if any

From Python: check(text) and check_reload(before, after) return the problems;
parse(text) the playlist."""
import math
import re
import sys

_ATTR = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


def attributes(text):
    """The attribute list of a tag (RFC 8216 4.2), quotes removed."""
    out = {}
    for name, value in _ATTR.findall(text):
        out[name] = value[1:-1] if value.startswith('"') else value
    return out


def _ms(text):
    """Seconds as a decimal string to whole milliseconds; None when not a number."""
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None
    return round(v * 1000) if math.isfinite(v) and v >= 0 else None


def parse(text):
    """The playlist as a dict; problems of its form are in ['problems']."""
    p = {"problems": [], "segments": [], "open_parts": [], "hint": None, "part_target_ms": None,
         "server_control": None, "media_sequence": 0, "target_s": None, "version": None, "ended": False}
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    fail = p["problems"].append
    if not lines or lines[0] != "#EXTM3U":
        fail("4.3.1.1: the first line is not #EXTM3U")
    parts, extinf = [], None
    seen_part = False
    for i, line in enumerate(lines[1:], 1):
        if p["hint"] is not None and not line.startswith("#EXT-X-PRELOAD-HINT"):
            fail("4.4.5.3: EXT-X-PRELOAD-HINT is not the last tag (followed by %r)" % line)
        if line.startswith("#EXT-X-VERSION:"):
            p["version"] = int(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-TARGETDURATION:"):
            p["target_s"] = int(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            p["media_sequence"] = int(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-PART-INF:"):
            a = attributes(line.split(":", 1)[1])
            p["part_target_ms"] = _ms(a.get("PART-TARGET"))
            if p["part_target_ms"] is None:
                fail("4.4.3.7: EXT-X-PART-INF without a valid PART-TARGET")
            if seen_part:
                fail("4.4.3.7: EXT-X-PART-INF after an EXT-X-PART")
        elif line.startswith("#EXT-X-SERVER-CONTROL:"):
            p["server_control"] = attributes(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-PART:"):
            seen_part = True
            a = attributes(line.split(":", 1)[1])
            d = _ms(a.get("DURATION"))
            if d is None or "URI" not in a:
                fail("4.4.4.9: EXT-X-PART needs DURATION and URI: " + line)
            if a.get("INDEPENDENT", "YES") not in ("YES",):
                fail("4.4.4.9: INDEPENDENT is YES or absent: " + line)
            parts.append({"duration_ms": d or 0, "uri": a.get("URI", ""), "independent": a.get("INDEPENDENT") == "YES"})
        elif line.startswith("#EXT-X-PRELOAD-HINT:"):
            a = attributes(line.split(":", 1)[1])
            if a.get("TYPE") not in ("PART", "MAP") or not a.get("URI"):
                fail("4.4.5.3: EXT-X-PRELOAD-HINT needs TYPE=PART|MAP and URI: " + line)
            if p["hint"] is not None:
                fail("4.4.5.3: more than one EXT-X-PRELOAD-HINT of a type")
            p["hint"] = a.get("URI")
        elif line.startswith("#EXTINF:"):
            extinf = _ms(line.split(":", 1)[1].split(",", 1)[0])
            if extinf is None:
                fail("4.3.2.1: bad EXTINF: " + line)
        elif line == "#EXT-X-ENDLIST":
            p["ended"] = True
        elif not line.startswith("#"):
            if extinf is None:
                fail("4.3.2.1: segment URI without EXTINF: " + line)
            msn = p["media_sequence"] + len(p["segments"])
            p["segments"].append({"msn": msn, "uri": line, "duration_ms": extinf or 0, "parts": parts})
            parts, extinf = [], None
    p["open_parts"] = parts
    return p


def check(text):
    """The problems of one LL-HLS media playlist (empty when valid)."""
    p = parse(text)
    out = list(p["problems"])
    listed = [q for s in p["segments"] for q in s["parts"]] + p["open_parts"]
    target = p["part_target_ms"]
    if listed and target is None:
        out.append("4.4.3.7: EXT-X-PART without EXT-X-PART-INF")
    if target is not None:
        for q in listed:
            if q["duration_ms"] > target:
                out.append("4.4.4.9: part %s lasts %d ms, above PART-TARGET %d ms" % (q["uri"], q["duration_ms"], target))
        # 4.4.4.9: at least 85 % of PART-TARGET, but for independent parts and a
        # segment's last (the open segment's last listed part may yet be its last).
        for group in [s["parts"] for s in p["segments"]] + [p["open_parts"]]:
            for q in group[:-1]:
                if not q["independent"] and q["duration_ms"] < 0.85 * target:
                    out.append("4.4.4.9: part %s lasts %d ms, under 85 %% of PART-TARGET %d ms" %
                               (q["uri"], q["duration_ms"], target))
        sc = p["server_control"]
        if sc is None:
            out.append("4.4.3.8: LL-HLS playlist without EXT-X-SERVER-CONTROL")
        else:
            hold = _ms(sc.get("PART-HOLD-BACK"))
            if hold is None or hold < 2 * target:
                out.append("4.4.3.8: PART-HOLD-BACK %s is below twice PART-TARGET" % sc.get("PART-HOLD-BACK"))
            if sc.get("CAN-BLOCK-RELOAD") != "YES":
                out.append("4.4.3.8: CAN-BLOCK-RELOAD=YES missing (6.2.5.2: LL-HLS servers block)")
    if p["target_s"] is None:
        out.append("4.3.3.1: EXT-X-TARGETDURATION is missing")
    for s in p["segments"]:
        if p["target_s"] is not None and (s["duration_ms"] + 500) // 1000 > p["target_s"]:
            out.append("4.3.3.1: %s lasts %d ms, above the target duration" % (s["uri"], s["duration_ms"]))
        if s["parts"]:
            total = sum(q["duration_ms"] for q in s["parts"])
            # Each printed duration is rounded to the millisecond.
            if total > s["duration_ms"] + len(s["parts"]):
                out.append("4.4.4.9: the parts of %s last %d ms, more than its %d ms" % (s["uri"], total, s["duration_ms"]))
    if not p["ended"] and target is not None and p["hint"] is None:
        out.append("4.4.5.3: a live LL-HLS playlist without EXT-X-PRELOAD-HINT for the next part")
    return out


def check_reload(before, after):
    """The problems between two reloads of the same playlist, in order."""
    a, b = parse(before), parse(after)
    out = []
    if b["media_sequence"] < a["media_sequence"]:
        out.append("6.2.2: EXT-X-MEDIA-SEQUENCE went back from %d to %d" % (a["media_sequence"], b["media_sequence"]))
    old = {s["msn"]: s for s in a["segments"]}
    for s in b["segments"]:
        if s["msn"] in old and old[s["msn"]]["uri"] != s["uri"]:
            out.append("6.2.1: segment %d changed its URI" % s["msn"])
    # The open segment of `before` is the segment after its last complete one.
    open_msn = a["media_sequence"] + len(a["segments"])
    parts_before = {s["msn"]: [q["uri"] for q in s["parts"]] for s in a["segments"]}
    parts_before[open_msn] = [q["uri"] for q in a["open_parts"]]
    parts_after = {s["msn"]: [q["uri"] for q in s["parts"]] for s in b["segments"]}
    parts_after[b["media_sequence"] + len(b["segments"])] = [q["uri"] for q in b["open_parts"]]
    for msn, uris in parts_before.items():
        now = parts_after.get(msn)
        if not now or not uris:
            continue  # aged out, or nothing to compare
        if now[:len(uris)] != uris:
            out.append("4.4.4.9: the parts of segment %d changed: %s then %s" % (msn, uris, now))
    # The hinted part is the part that follows the last one listed before.
    all_after = [q["uri"] for s in b["segments"] for q in s["parts"]] + [q["uri"] for q in b["open_parts"]]
    all_before = [q["uri"] for s in a["segments"] for q in s["parts"]] + [q["uri"] for q in a["open_parts"]]
    if a["hint"] and all_before and all_before[-1] in all_after:
        at = all_after.index(all_before[-1])
        if at + 1 < len(all_after) and all_after[at + 1] != a["hint"]:
            out.append("4.4.5.3: hinted %s but the next part is %s" % (a["hint"], all_after[at + 1]))
    return out


def main(paths):
    texts = []
    for path in paths:
        with open(path) as f:
            texts.append(f.read())
    problems = []
    for path, text in zip(paths, texts):
        problems += ["%s: %s" % (path, x) for x in check(text)]
    for (pa, ta), (pb, tb) in zip(zip(paths, texts), zip(paths[1:], texts[1:])):
        problems += ["%s -> %s: %s" % (pa, pb, x) for x in check_reload(ta, tb)]
    for x in problems:
        print(x)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
