# SPDX-License-Identifier: MIT
"""lal-Go's HTTP notify against a receiver written here: on_server_start,
on_update (at start and every update_interval_sec, with the live group),
on_rtmp_connect, on_pub_start/stop, on_sub_start/stop for RTMP and HTTP-FLV
players, on_relay_pull_start/stop for a pull from another lal; each session's
events arrive once and in order, with lal-Go's fields. Then a receiver that
never answers: the queue overflows, drops are logged and counted
(lal_notify_dropped_total), each request gives up after http_notify.timeout_ms
(logged, lal_notify_failed_total), and publishing, playing and the API go on
meanwhile."""
from ctrl_lib import *

EVENTS = ["on_server_start", "on_update", "on_pub_start", "on_pub_stop", "on_sub_start", "on_sub_stop",
          "on_relay_pull_start", "on_relay_pull_stop", "on_rtmp_connect", "on_hls_make_ts"]
COMMON = ["server_id", "session_id", "protocol", "base_type", "remote_addr", "url", "app_name", "stream_name",
          "url_param", "has_in_session", "has_out_session", "read_bytes_sum", "wrote_bytes_sum"]

rx = Receiver()
notify = {"enable": True, "update_interval_sec": 1}
notify.update({e: rx.url("/" + e) for e in EVENTS})
lal = Lal("lal", {"server_id": "edge7", "http_notify": notify})
origin = Lal("origin")

start = wait_for(10, "on_server_start", lambda: rx.of("/on_server_start"))
check(len(start) == 1 and start[0]["server_id"] == "edge7" and "lal_version" in start[0], "start: %r" % start)
first = wait_for(10, "on_update at start", lambda: rx.of("/on_update"))
check(first[0]["server_id"] == "edge7" and first[0]["groups"] == [], "first update: %r" % first[0])

# A publisher with a query, an RTMP player, an HTTP-FLV player.
pub = publish(lal, loop=True, query="token=abc")
connect = wait_for(10, "on_rtmp_connect", lambda: rx.of("/on_rtmp_connect"))[0]
check(connect["app"] == "live" and connect["tcUrl"].startswith("rtmp://127.0.0.1:%d/live" % lal.rtmp) and
      connect["flashVer"] and connect["session_id"].startswith("RTMP") and connect["server_id"] == "edge7",
      "on_rtmp_connect: %r" % connect)
ps = wait_for(10, "on_pub_start", lambda: rx.of("/on_pub_start"))[0]
for k in COMMON:
    check(k in ps, "on_pub_start lacks %s: %r" % (k, ps))
check(ps["protocol"] == "RTMP" and ps["base_type"] == "PUB" and ps["app_name"] == "live" and
      ps["stream_name"] == "test" and ps["url_param"] == "token=abc" and ps["has_in_session"] is True and
      ps["session_id"] == connect["session_id"] and ps["remote_addr"].startswith("127.0.0.1:") and
      ps["url"].endswith("/live/test?token=abc"), "on_pub_start: %r" % ps)
wait_for(20, "the stream to be live", lambda: (group(lal) or {}).get("video_codec"))

rtmp_player = play(lal.rtmp_url(), "rtmp_player")
with urllib.request.urlopen(lal.flv_url() + "?who=flv", timeout=10) as r:
    check(r.read(8192)[:3] == b"FLV", "an HTTP-FLV player")
wait_for(10, "two on_sub_start and one on_sub_stop",
         lambda: len(rx.of("/on_sub_start")) == 2 and len(rx.of("/on_sub_stop")) == 1)
# The live group shows up in a later on_update.
upd = wait_for(10, "on_update with the stream", lambda: [u for u in rx.of("/on_update") if u["groups"] and
                                                        u["groups"][0]["pub"]["session_id"] == ps["session_id"]])
check(upd[0]["groups"][0]["stream_name"] == "test", "on_update group: %r" % upd[0])
rtmp_player.kill()
wait_for(10, "the RTMP player's on_sub_stop", lambda: len(rx.of("/on_sub_stop")) == 2)
subs = {s["protocol"]: s for s in rx.of("/on_sub_start")}
check(set(subs) == {"RTMP", "FLV"}, "sub protocols: %r" % subs)
check(subs["FLV"]["url_param"] == "who=flv" and subs["FLV"]["has_in_session"] is True, "FLV sub: %r" % subs["FLV"])
for s in rx.of("/on_sub_stop"):
    check(s["wrote_bytes_sum"] > 0 and s["base_type"] == "SUB", "on_sub_stop: %r" % s)
pub.kill()
stop = wait_for(10, "on_pub_stop", lambda: rx.of("/on_pub_stop"))
check(len(stop) == 1 and stop[0]["session_id"] == ps["session_id"] and stop[0]["read_bytes_sum"] > 10000,
      "on_pub_stop: %r" % stop)

# A relay pull from the origin, started and stopped through the API.
opub = publish(origin, loop=True)
wait_for(20, "the origin's stream", lambda: (group(origin) or {}).get("video_codec"))
j = api(lal, "/api/ctrl/start_relay_pull", "POST", {"url": origin.rtmp_url()})
check(j["error_code"] == 0, "start_relay_pull: %r" % j)
pull = wait_for(20, "on_relay_pull_start", lambda: rx.of("/on_relay_pull_start"))[0]
check(pull["base_type"] == "PULL" and pull["session_id"] == j["data"]["session_id"] and
      pull["stream_name"] == "test" and pull["remote_addr"] == origin.rtmp_url(), "pull start: %r" % pull)
api(lal, "/api/ctrl/stop_relay_pull?stream_name=test")
pstop = wait_for(20, "on_relay_pull_stop", lambda: rx.of("/on_relay_pull_stop"))
check(len(pstop) == 1 and pstop[0]["session_id"] == pull["session_id"] and pstop[0]["read_bytes_sum"] > 0,
      "pull stop: %r" % pstop)
opub.kill()

# Every session's events came once, start before stop, in the order sent.
with rx.lock:
    seen = [(p, b) for p, b, _ in rx.events if p not in ("/on_update", "/on_server_start")]
by_id = {}
for path, body in seen:
    by_id.setdefault(body["session_id"], []).append(path)
for sid, paths in by_id.items():
    starts = [p for p in paths if p.endswith("_start")]
    stops = [p for p in paths if p.endswith("_stop")]
    check(len(starts) == 1 and len(stops) == 1 and paths.index(starts[0]) < paths.index(stops[0]),
          "session %s: %r" % (sid, paths))
lal.stop()
origin.stop()

# A receiver that never answers: the queue (4) fills, drops are logged, and
# the server goes on serving.
dead = Receiver()
dead.hang.update("/" + e for e in EVENTS)
cfg = {"enable": True, "update_interval_sec": 1, "queue_size": 4, "timeout_ms": 1000}
cfg.update({e: dead.url("/" + e) for e in EVENTS})
slow = Lal("slow", {"http_notify": cfg})
pub = publish(slow, loop=True)
wait_for(20, "a publish while notify hangs", lambda: (group(slow) or {}).get("video_codec"))
t0 = time.monotonic()
for i in range(10):
    with urllib.request.urlopen(slow.flv_url(), timeout=10) as r:
        check(r.read(4096)[:3] == b"FLV", "a player while notify hangs")
took = time.monotonic() - t0
check(took < 8, "ten players took %.1f s while notify hangs" % took)
wait_for(10, "a drop in the log", lambda: slow.log_count("[notify] queue full") >= 1)
# http_notify.timeout_ms gives up on the unanswered request (logged, counted),
# then the next one goes: one in flight at a time.
wait_for(10, "a notification timed out", lambda: metric(slow, "lal_notify_failed_total") >= 1)
check(slow.log_count("failed: timed out") >= 1, "the timeout is not logged: %s" % slow.log()[-600:])
# The 20 events of the players met a full queue of 4; at most one leaves it
# per timeout (1 s) while they ran.
dropped = metric(slow, "lal_notify_dropped_total")
check(dropped >= 20 - 4 - (1 + int(took)), "%r drops counted for 20 player events into a queue of 4" % dropped)
check(metric(slow, "lal_notify_sent_total") == 0, "a notification counted as answered")
check(len(dead.events) <= metric(slow, "lal_notify_failed_total") + 1,
      "%d notifications in flight" % (len(dead.events) - metric(slow, "lal_notify_failed_total")))
pub.kill()
slow.stop()
print("PASS")
