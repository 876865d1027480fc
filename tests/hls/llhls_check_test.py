#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/support/llhls_check.py: passes a valid LL-HLS playlist and its next
reload, and finds each broken rule in a copy that breaks it."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import llhls_check  # noqa: E402

GOOD = """#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:1
#EXT-X-MEDIA-SEQUENCE:4
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600
#EXT-X-PART-INF:PART-TARGET=0.200
#EXT-X-MAP:URI="t-1-init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2026-12-07T14:09:11.648Z
#EXT-X-PART:DURATION=0.200,URI="t-1-part7.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.200,URI="t-1-part8.m4s"
#EXT-X-PART:DURATION=0.200,URI="t-1-part9.m4s"
#EXT-X-PART:DURATION=0.200,URI="t-1-part10.m4s"
#EXT-X-PART:DURATION=0.200,URI="t-1-part11.m4s"
#EXTINF:1.000,
t-2-4.m4s
#EXT-X-PROGRAM-DATE-TIME:2026-12-07T14:09:12.648Z
#EXT-X-PART:DURATION=0.200,URI="t-1-part12.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="t-1-part13.m4s"
"""
NEXT = GOOD.replace('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="t-1-part13.m4s"',
                    '#EXT-X-PART:DURATION=0.200,URI="t-1-part13.m4s"\n'
                    '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="t-1-part14.m4s"')

failures = []


def expect(name, problems, wanted):
    """`wanted` None: no problem; else a problem containing it."""
    ok = not problems if wanted is None else any(wanted in p for p in problems)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {problems}"))
    if not ok:
        failures.append(name)


expect("a valid playlist", llhls_check.check(GOOD), None)
expect("its next reload", llhls_check.check(NEXT) + llhls_check.check_reload(GOOD, NEXT), None)
expect("a part above PART-TARGET", llhls_check.check(GOOD.replace("DURATION=0.200,URI=\"t-1-part8", "DURATION=0.201,URI=\"t-1-part8")),
       "above PART-TARGET")
expect("a middle part under 85 % of PART-TARGET",
       llhls_check.check(GOOD.replace('DURATION=0.200,URI="t-1-part9', 'DURATION=0.160,URI="t-1-part9')), "under 85 %")
expect("a short last part of its segment",
       llhls_check.check(GOOD.replace('DURATION=0.200,URI="t-1-part11', 'DURATION=0.040,URI="t-1-part11')
                         .replace("#EXTINF:1.000,", "#EXTINF:0.840,")), None)
expect("PART-INF after a part", llhls_check.check(GOOD.replace("#EXT-X-PART-INF:PART-TARGET=0.200\n", "").replace(
    "t-2-4.m4s\n", "t-2-4.m4s\n#EXT-X-PART-INF:PART-TARGET=0.200\n")), "after an EXT-X-PART")
expect("no PART-INF", llhls_check.check(GOOD.replace("#EXT-X-PART-INF:PART-TARGET=0.200\n", "")), "without EXT-X-PART-INF")
expect("the hint not last", llhls_check.check(GOOD + '#EXT-X-PART:DURATION=0.100,URI="x.m4s"\n'), "not the last tag")
expect("no hint while live", llhls_check.check(GOOD.replace('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="t-1-part13.m4s"\n', "")),
       "without EXT-X-PRELOAD-HINT")
expect("PART-HOLD-BACK under twice PART-TARGET", llhls_check.check(GOOD.replace("PART-HOLD-BACK=0.600", "PART-HOLD-BACK=0.300")),
       "below twice")
expect("no CAN-BLOCK-RELOAD", llhls_check.check(GOOD.replace("CAN-BLOCK-RELOAD=YES,", "")), "CAN-BLOCK-RELOAD")
expect("parts longer than their segment", llhls_check.check(GOOD.replace("#EXTINF:1.000,", "#EXTINF:0.800,")), "more than its")
expect("a part without URI", llhls_check.check(GOOD.replace(',URI="t-1-part9.m4s"', "")), "needs DURATION and URI")
expect("the media sequence going back", llhls_check.check_reload(NEXT, GOOD.replace("SEQUENCE:4", "SEQUENCE:3")), "went back")
expect("a part renamed on reload", llhls_check.check_reload(GOOD, NEXT.replace("part9.m4s", "part99.m4s")), "changed")
expect("the hint not the next part", llhls_check.check_reload(GOOD.replace("part13.m4s\"\n", "part15.m4s\"\n"), NEXT),
       "hinted")
sys.exit(1 if failures else 0)
