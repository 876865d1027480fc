#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Prints the stream groups of lal's HTTP API, one line each:
# "app/stream pub=PROTOCOL subs=N PROTO PROTO..." (players' protocols sorted).
# Usage: api_groups.py PORT
import json
import sys
import urllib.request

with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/stat/all_group", timeout=5) as r:
    groups = json.load(r)["data"]["groups"]
for g in groups:
    subs = sorted(s["protocol"] for s in g["subs"])
    print(f"{g['app_name']}/{g['stream_name']} pub={g['pub']['protocol']} subs={len(subs)}", *subs)
