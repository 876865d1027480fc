# SPDX-License-Identifier: MIT
"""start_relay_pull and stop_relay_pull between two lal servers: the edge
pulls a stream the origin has (over RTMP, then over HTTP-FLV) with no player
asking, shows it as the group's pull, serves it to a player, and stops it on
request; the origin sees the pull session end. Error codes: 2001 for an
unsupported URL or a stream already pulled, 1001 for stopping nothing."""
from ctrl_lib import *

origin = Lal("origin")
edge = Lal("edge")
pub = publish(origin, loop=True)
wait_for(20, "the origin's publisher", lambda: (group(origin) or {}).get("pub", {}).get("session_id"))

j = api(edge, "/api/ctrl/start_relay_pull", "POST", {"url": "ftp://127.0.0.1:1/live/test"})
check(j["error_code"] == 2001, "a pull of an unsupported scheme: %r" % j)
j = api(edge, "/api/ctrl/start_relay_pull", "POST", {"url": "rtsp://127.0.0.1:1/live/test", "rtsp_mode": 2},
        status=400)
check(j["error_code"] != 0 and "rtsp_mode" in j["desp"], "rtsp_mode other than 0 and 1: %r" % j)
check(api(edge, "/api/ctrl/stop_relay_pull?stream_name=test")["error_code"] == 1001, "stop without a pull")

for proto, url in (("RTMP", origin.rtmp_url()), ("FLV", origin.flv_url())):
    j = api(edge, "/api/ctrl/start_relay_pull", "POST", {"url": url, "pull_retry_num": 0})
    check(j["error_code"] == 0 and j["data"]["stream_name"] == "test", "start_relay_pull %s: %r" % (proto, j))
    sid = j["data"]["session_id"]
    j2 = api(edge, "/api/ctrl/start_relay_pull", "POST", {"url": url})
    check(j2["error_code"] == 2001, "a second pull of the same stream: %r" % j2)
    g = wait_for(20, "the pull in the edge's group", lambda: (lambda g: g if g and g["pull"]["session_id"] else None)(
        group(edge)))
    check(g["pull"]["session_id"] == sid and g["pull"]["protocol"] == proto and g["pull"]["base_type"] == "PULL",
          "pull session: %r" % g["pull"])
    check(g["pub"]["session_id"] == "" and g["video_codec"] == "H264", "pulled group: %r" % g)
    wait_for(20, "the origin to serve the pull", lambda: len((group(origin) or {"subs": []})["subs"]) == 1)
    # A player of the edge gets the pulled stream.
    with urllib.request.urlopen(edge.flv_url(), timeout=10) as r:
        head = r.read(4096)
    check(head[:3] == b"FLV" and len(head) == 4096, "a player of the pulled stream")
    wait_for(10, "the edge's player to leave", lambda: len(group(edge)["subs"]) == 0)
    # No player and auto_stop_pull_after_no_out_ms left at -1: the pull stays until stopped.
    j = api(edge, "/api/ctrl/stop_relay_pull?stream_name=test")
    check(j["error_code"] == 0 and j["data"]["session_id"] == sid, "stop_relay_pull: %r" % j)
    wait_for(20, "the pull to leave the edge", lambda: group(edge) is None)
    wait_for(20, "the origin to see the pull go", lambda: len(group(origin)["subs"]) == 0)

# auto_stop_pull_after_no_out_ms: a pull without players ends by itself.
j = api(edge, "/api/ctrl/start_relay_pull", "POST",
        {"url": origin.rtmp_url(), "stream_name": "test", "auto_stop_pull_after_no_out_ms": 500})
check(j["error_code"] == 0, "start with auto stop: %r" % j)
wait_for(20, "the pull to stop without players",
         lambda: edge.log_count("no player for auto_stop_pull_after_no_out_ms") == 1)
wait_for(20, "the auto-stopped pull to leave", lambda: group(edge) is None)

pub.kill()
edge.stop()
origin.stop()
print("PASS")
