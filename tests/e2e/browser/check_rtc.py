#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the report of rtc.html (WebRTC in Chromium, numbers from getStats()).

usage: check_rtc.py REPORT [--whip FRAMES] [--play URL,FRAMES,AUDIO_PACKETS ...]
  --whip FRAMES   the WHIP publisher sent H.264 (framesEncoded >= FRAMES) and Opus, and
                  its DELETE was answered 200
  --play ...      the WHEP player of URL decoded >= FRAMES H.264 frames and received
                  >= AUDIO_PACKETS Opus packets that decoded to sound (totalAudioEnergy > 0),
                  lost under 5% of the packets of each track (loopback), and its DELETE
                  was answered 200
No error may be reported. Prints each check; exit 1 when one fails."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--whip", type=int)
ap.add_argument("--play", action="append", default=[])
a = ap.parse_args()
r = json.load(open(a.report))
checks = {"no error": not r["errors"]}


def number(d, *path):
    for p in path:
        d = (d or {}).get(p)
    return d or 0


if a.whip is not None:
    w = r.get("whip") or {}
    checks["WHIP video is H.264"] = number(w, "out_video", "codec") == "video/H264"
    checks[f"WHIP >= {a.whip} frames encoded"] = number(w, "out_video", "framesEncoded") >= a.whip
    checks["WHIP audio is Opus"] = number(w, "out_audio", "codec") == "audio/opus"
    checks["WHIP DELETE 200"] = w.get("delete") == 200
for spec in a.play:
    url, frames, audio = spec.rsplit(",", 2)
    p = r["players"].get(url) or {}
    name = url.split("/", 3)[-1]
    checks[f"{name}: H.264"] = number(p, "in_video", "codec") == "video/H264"
    checks[f"{name}: >= {frames} frames decoded"] = number(p, "in_video", "framesDecoded") >= int(frames)
    checks[f"{name}: Opus"] = number(p, "in_audio", "codec") == "audio/opus"
    checks[f"{name}: >= {audio} audio packets"] = number(p, "in_audio", "packetsReceived") >= int(audio)
    checks[f"{name}: sound decoded"] = number(p, "in_audio", "totalAudioEnergy") > 0
    for kind in ("video", "audio"):
        got, lost = number(p, "in_" + kind, "packetsReceived"), number(p, "in_" + kind, "packetsLost")
        checks[f"{name}: {kind} packets lost {lost} of {got + lost}"] = lost * 20 < got + lost
    checks[f"{name}: DELETE 200"] = p.get("delete") == 200
for name, ok in checks.items():
    print(f"  {name}: {'yes' if ok else 'NO'}")
sys.exit(0 if all(checks.values()) else 1)
