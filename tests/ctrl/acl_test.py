# SPDX-License-Identifier: MIT
"""The IP access lists (ip_acl) for RTMP publish and HTTP-FLV play, with the
precedence documented in README.md: blacklist, then deny, then allow, so
127.0.0.1/32 in a deny list refuses 127.0.0.1 although 127.0.0.0/8 is allowed,
while 127.0.0.2 (a socket bound to it) and ::1 pass. Refusals are each
protocol's own: ffmpeg's RTMP publish fails (NetStream.Publish.BadName) and
makes no stream, an HTTP-FLV player gets 403. The API's add_ip_blacklist adds
to the same lists: a blacklisted ::1 can no longer publish, a blacklisted
127.0.0.2 no longer play, until the entry is lifted. The server listens on
every address so clients arrive over IPv4 (as ::ffff:127.x.x.x on the
dual-stack socket) and IPv6."""
import http.client
from ctrl_lib import *

lal = Lal("lal", {"ip_acl": {"publish_allow": ["127.0.0.0/8", "::1"], "publish_deny": ["127.0.0.1/32"],
                             "play_allow": ["127.0.0.0/8"], "play_deny": ["127.0.0.1/32"]}}, host="")


def flv_status(source, host="127.0.0.1", stream="test"):
    """The HTTP status of an HTTP-FLV play from `source` (an address to bind), and its first bytes."""
    conn = http.client.HTTPConnection(host, lal.http, timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", "/live/%s.flv" % stream)
        r = conn.getresponse()
        return r.status, r.read(13) if r.status == 200 else b""
    finally:
        conn.close()


# RTMP publish from 127.0.0.1: in the deny list, which wins over the allow list.
refused = publish(lal, stream="denied")
check(wait_exit(refused, 20, "a publisher from a denied address") != 0, "a publish from 127.0.0.1 passed")
check(group(lal, "denied") is None, "a denied publish made a stream")
check(lal.log_count("127.0.0.1 is in ip_acl.publish_deny (127.0.0.1/32)") == 1, "the refusal names the rule")
with open(refused.log_path, errors="replace") as f:
    # The RTMP refusal is an onStatus error whose description ffmpeg prints.
    check("Server error: 127.0.0.1 is in ip_acl.publish_deny" in f.read(), "ffmpeg did not get the RTMP refusal")

# RTMP publish from ::1: in the allow list.
pub = publish(lal, loop=True, host="[::1]")
wait_for(20, "a publish from ::1", lambda: (group(lal) or {}).get("video_codec"))
check(group(lal)["pub"]["remote_addr"].startswith("[::1]:"), "the publisher came over IPv6: %r" % group(lal)["pub"])

# HTTP-FLV: 127.0.0.1 denied, 127.0.0.2 allowed, ::1 not in play_allow.
check(flv_status("127.0.0.1")[0] == 403, "HTTP-FLV from 127.0.0.1 was not refused")
code, head = flv_status("127.0.0.2")
check(code == 200 and head[:3] == b"FLV", "HTTP-FLV from 127.0.0.2: %d %r" % (code, head))
check(flv_status("::1", host="::1")[0] == 403, "HTTP-FLV from ::1 (not in play_allow) was not refused")
check(lal.log_count("::1 is not in ip_acl.play_allow") == 1, "the allow-list refusal is logged")

# The API's blacklist joins the same check: 127.0.0.2 may no longer play, ::1 no longer publish.
api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "127.0.0.2", "duration_sec": 60})
check(flv_status("127.0.0.2")[0] == 403, "HTTP-FLV from a blacklisted 127.0.0.2 was not refused")
api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "::1/128", "duration_sec": 60})
second = publish(lal, stream="second", host="[::1]")
check(wait_exit(second, 20, "a blacklisted publisher") != 0, "a publish from a blacklisted ::1 passed")
check(group(lal, "second") is None, "a blacklisted publish made a stream")
j = api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "10.0.0.1/8", "duration_sec": 60}, status=400)
check(j["error_code"] == 1002 and "bits are set" in j["desp"], "a malformed block: %r" % j)
api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "127.0.0.2", "duration_sec": 0})
code, head = flv_status("127.0.0.2")
check(code == 200 and head[:3] == b"FLV", "HTTP-FLV from 127.0.0.2 after lifting: %d" % code)
pub.kill()
lal.stop()

# A bad block in the config stops the server at start, naming the key.
bad_conf = os.path.join(WORK, "bad.conf.json")
with open(bad_conf, "w") as f:
    json.dump({"ip_acl": {"play_deny": ["10.0.0.0/33"]}}, f)
p = start("bad", [LAL, "-c", bad_conf])
check(wait_exit(p, 20, "lal with a bad ip_acl") != 0, "lal started with a bad ip_acl block")
with open(p.log_path, errors="replace") as f:
    text = f.read()
check("ip_acl.play_deny: [0]" in text, "the error names the key: %r" % text[-300:])
print("PASS")
