# SPDX-License-Identifier: MIT
"""The HTTP API against a running lal: every endpoint with its envelope and
error codes, the sessions of a stream with a real publisher and players
(ffmpeg), methods (405), malformed and oversized bodies (400, 413),
kick_session ending a player and a publisher, the IP blacklist, the token."""
from ctrl_lib import *

lal = Lal()

# lal_info: lal-Go's LalInfo fields.
info = api(lal, "/api/stat/lal_info")
check(info["error_code"] == 0 and info["desp"] == "succ", "lal_info envelope: %r" % info)
for k in ("server_id", "bin_info", "lal_version", "api_version", "notify_version", "WebUiVersion", "start_time"):
    check(k in info["data"], "lal_info lacks %s: %r" % (k, info))
check(info["data"]["server_id"] == "1", "server_id: %r" % info["data"])

check(api(lal, "/api/stat/all_group")["data"]["groups"] == [], "groups before any stream")
j = api(lal, "/api/stat/group", status=400)
check(j["error_code"] == 1002 and "stream_name" in j["desp"], "group without stream_name: %r" % j)
check(api(lal, "/api/stat/group?stream_name=none")["error_code"] == 1001, "group of an unknown stream")

# Unknown paths: lal-Go's 404 envelope; wrong methods: 405 with Allow.
j = api(lal, "/api/nothing", status=404)
check(j["error_code"] == 404, "404 envelope: %r" % j)
code, headers, _ = request(lal.api_url("/api/ctrl/kick_session"))
check(code == 405 and "POST" in headers.get("Allow", ""), "GET kick_session: %d %r" % (code, headers))
code, _, _ = request(lal.api_url("/api/stat/lal_info"), "POST", "{}")
check(code == 405, "POST lal_info: %d" % code)
code, _, _ = request(lal.api_url("/api/ctrl/start_relay_pull"), "DELETE")
check(code == 405, "DELETE start_relay_pull: %d" % code)

# Malformed JSON and missing or mistyped fields: 400 with a message.
for path, body, word in [("/api/ctrl/kick_session", "{not json", "malformed"),
                         ("/api/ctrl/kick_session", "[1, 2]", "object"),
                         ("/api/ctrl/kick_session", {"session_id": "X1"}, "stream_name"),
                         ("/api/ctrl/kick_session", {"stream_name": "test"}, "session_id"),
                         ("/api/ctrl/kick_session", {"stream_name": 5, "session_id": "X1"}, "string"),
                         ("/api/ctrl/start_relay_pull", {"stream_name": "x"}, "url"),
                         ("/api/ctrl/start_relay_pull", {"url": "rtmp://h/live/x", "pull_retry_num": "a"}, "integer"),
                         ("/api/ctrl/add_ip_blacklist", {"duration_sec": 5}, "ip"),
                         ("/api/ctrl/add_ip_blacklist", {"ip": "1.2.3.4"}, "duration_sec"),
                         ("/api/ctrl/stop_relay_pull", None, "stream_name")]:
    j = api(lal, path, "POST", body, status=400)
    check(j["error_code"] == 1002 and word in j["desp"], "%s %r: %r" % (path, body, j))

# A body over 64 KiB: 413, before the server reads it all.
code, _, _ = request(lal.api_url("/api/ctrl/kick_session"), "POST", "{" + " " * (100 * 1024) + "}")
check(code == 413, "oversized body: %d" % code)

# A publisher and two players: their sessions, codecs, size and rates.
pub = publish(lal, loop=True)
wait_for(20, "the publisher in the group", lambda: (group(lal) or {}).get("pub", {}).get("session_id"))
rtmp_player = play(lal.rtmp_url(), "rtmp_player")
flv_player = play(lal.flv_url(), "flv_player")
g = wait_for(20, "two players with bytes", lambda: (lambda g: g if g and len(g["subs"]) == 2 and all(
    s["wrote_bytes_sum"] > 0 for s in g["subs"]) else None)(group(lal)))
# Rates need a window of a second between two looks.
time_first = time.monotonic()
wait_for(10, "a rate window", lambda: time.monotonic() - time_first > 1.2)
g = group(lal)
check(g["app_name"] == "live" and g["stream_name"] == "test", "names: %r" % g)
check(g["video_codec"] == "H264" and g["audio_codec"] == "AAC", "codecs: %r" % g)
check(g["video_width"] == 640 and g["video_height"] == 360, "size: %r" % g)
p = g["pub"]
check(p["protocol"] == "RTMP" and p["base_type"] == "PUB", "pub: %r" % p)
check(p["remote_addr"].startswith("127.0.0.1:") and p["read_bytes_sum"] > 10000, "pub counters: %r" % p)
check(p["read_bitrate_kbits"] > 100 and p["bitrate_kbits"] == p["read_bitrate_kbits"], "pub rate: %r" % p)
check(g["pull"]["session_id"] == "", "no pull: %r" % g["pull"])
check(g["in_frame_per_sec"] and g["in_frame_per_sec"][0]["v"] > 5, "frames per second: %r" % g)
subs = {s["protocol"]: s for s in g["subs"]}
check(set(subs) == {"RTMP", "FLV"}, "sub protocols: %r" % g["subs"])
for s in subs.values():
    check(s["base_type"] == "SUB" and s["write_bitrate_kbits"] > 100, "sub: %r" % s)
    for k in ("session_id", "remote_addr", "start_time", "read_bytes_sum", "wrote_bytes_sum", "bitrate_kbits",
              "read_bitrate_kbits"):
        check(k in s, "sub lacks %s" % k)
groups = api(lal, "/api/stat/all_group")["data"]["groups"]
check(len(groups) == 1 and groups[0]["pub"]["session_id"] == p["session_id"], "all_group: %r" % groups)

# kick_session: unknown stream, unknown session, then each session for real.
j = api(lal, "/api/ctrl/kick_session", "POST", {"stream_name": "other", "session_id": p["session_id"]})
check(j["error_code"] == 1001, "kick in an unknown group: %r" % j)
j = api(lal, "/api/ctrl/kick_session", "POST", {"stream_name": "test", "session_id": "RTMPPUBSUB999"})
check(j["error_code"] == 1003, "kick of an unknown session: %r" % j)
for proto, proc in (("FLV", flv_player), ("RTMP", rtmp_player)):
    j = api(lal, "/api/ctrl/kick_session", "POST", {"stream_name": "test", "session_id": subs[proto]["session_id"]})
    check(j["error_code"] == 0, "kick %s: %r" % (proto, j))
    wait_exit(proc, 20, "the kicked %s player's ffmpeg" % proto)
check(len(group(lal)["subs"]) == 0, "players left after the kicks: %r" % group(lal))
j = api(lal, "/api/ctrl/kick_session", "POST", {"stream_name": "test", "session_id": p["session_id"]})
check(j["error_code"] == 0, "kick the publisher: %r" % j)
wait_exit(pub, 20, "the kicked publisher's ffmpeg")
wait_for(10, "the stream to go", lambda: group(lal) is None)

# The IP blacklist refuses plays and publishes from the address, until lifted.
pub = publish(lal, loop=True)
wait_for(20, "the publisher again", lambda: (group(lal) or {}).get("pub", {}).get("session_id"))
j = api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "127.0.0.1", "duration_sec": 60})
check(j["error_code"] == 0, "add_ip_blacklist: %r" % j)
code, _, body = request(lal.flv_url())
check(code == 403, "HTTP-FLV play from a blacklisted address: %d" % code)
refused = publish(lal, stream="other")
check(wait_exit(refused, 20, "a blacklisted publisher") != 0, "a blacklisted publish succeeded")
check(group(lal, "other") is None, "a blacklisted publish made a stream")
api(lal, "/api/ctrl/add_ip_blacklist", "POST", {"ip": "127.0.0.1", "duration_sec": 0})
req = urllib.request.Request(lal.flv_url())
with urllib.request.urlopen(req, timeout=10) as r:
    check(r.status == 200 and r.read(13)[:3] == b"FLV", "play after lifting the blacklist")
pub.kill()
lal.stop()

# With http_api.token every call needs it (bearer, or ?token= as lalmax sends it).
secure = Lal("secure", {"http_api": {"token": "s3cret"}})
j = api(secure, "/api/stat/lal_info", status=401)
check(j["error_code"] == 401, "401 envelope: %r" % j)
api(secure, "/api/stat/lal_info", headers={"Authorization": "Bearer wrong"}, status=401)
api(secure, "/api/ctrl/kick_session", "POST", {"stream_name": "a", "session_id": "b"}, status=401)
check(api(secure, "/api/stat/lal_info", headers={"Authorization": "Bearer s3cret"})["error_code"] == 0, "bearer")
check(api(secure, "/api/stat/all_group?token=s3cret")["error_code"] == 0, "?token=")
secure.stop()
print("PASS")
