# SPDX-License-Identifier: MIT
"""lal-Go's simple_auth with the right, a wrong and a missing lal_secret on
every protocol served today: RTMP publish (ffmpeg), RTMP play (ffmpeg) and
HTTP-FLV play; the master secret (dangerous_lal_secret) passes; a protocol
whose switch is off is not checked."""
import hashlib
from ctrl_lib import *

KEY = "q191201771"
right = hashlib.md5((KEY + "test").encode()).hexdigest()
lal = Lal("lal", {"simple_auth": {"key": KEY, "pub_rtmp_enable": True, "sub_rtmp_enable": True,
                                  "sub_httpflv_enable": True, "dangerous_lal_secret": "master"}})

for name, query in (("missing", ""), ("wrong", "lal_secret=" + "0" * 32)):
    p = publish(lal, query=query)
    check(wait_exit(p, 20, "a publisher with a %s secret" % name) != 0, "a publish with a %s secret passed" % name)
    check(group(lal) is None, "a publish with a %s secret made a stream" % name)
check(lal.log_count("lal_secret is missing") == 1 and lal.log_count("lal_secret does not match") == 1,
      "refusals logged")
pub = publish(lal, loop=True, query="lal_secret=" + right.upper())
wait_for(20, "a publish with the right secret", lambda: (group(lal) or {}).get("video_codec"))

for name, query, ok in (("missing", "", False), ("wrong", "?lal_secret=abc", False),
                        ("right", "?lal_secret=" + right, True), ("master", "?lal_secret=master", True)):
    code, _, _ = request(lal.flv_url() + query) if not ok else (None, None, None)
    if ok:
        with urllib.request.urlopen(lal.flv_url() + query, timeout=10) as r:
            check(r.status == 200 and r.read(13)[:3] == b"FLV", "HTTP-FLV with the %s secret" % name)
    else:
        check(code == 403, "HTTP-FLV with a %s secret got %d" % (name, code))
    player = play(lal.rtmp_url() + query, "rtmp_" + name)
    if ok:
        wait_for(20, "the RTMP player with the %s secret" % name,
                 lambda: any(s["protocol"] == "RTMP" for s in group(lal)["subs"]))
        player.kill()
        player.wait()
        wait_for(20, "the RTMP player to leave", lambda: not any(s["protocol"] == "RTMP" for s in group(lal)["subs"]))
    else:
        check(wait_exit(player, 20, "an RTMP player with a %s secret" % name) != 0,
              "an RTMP play with a %s secret passed" % name)
pub.kill()
lal.stop()

# Switches off: nothing is checked.
free = Lal("free", {"simple_auth": {"key": KEY, "sub_httpflv_enable": True}})
pub = publish(free, loop=True)
wait_for(20, "a publish without a secret where pub_rtmp_enable is off", lambda: (group(free) or {}).get("video_codec"))
check(request(free.flv_url())[0] == 403, "HTTP-FLV is still checked")
pub.kill()
free.stop()
print("PASS")
