# SPDX-License-Identifier: MIT
"""Hooks that decide (hooks.on_publish, hooks.on_play) against a receiver
written here: a refusing hook makes ffmpeg's publish fail and no stream
appears; a refused player gets 403 (HTTP-FLV) or fails (RTMP); 2xx allows; a
hook that hangs refuses after hooks.timeout_ms while another player goes on;
a hook server that is down refuses (fail closed) or allows (hooks.fail_open)."""
from ctrl_lib import *

rx = Receiver()
lal = Lal("lal", {"hooks": {"on_publish": rx.url("/on_publish"), "on_play": rx.url("/on_play"),
                            "timeout_ms": 1500}})

# Refused publish: ffmpeg fails, no stream, the hook saw what was asked.
rx.status["/on_publish"] = 403
refused = publish(lal, query="sig=bad")
check(wait_exit(refused, 20, "a refused publisher") != 0, "a refused publish succeeded")
asked = rx.of("/on_publish")
check(len(asked) == 1 and asked[0]["action"] == "on_publish" and asked[0]["stream_name"] == "test" and
      asked[0]["app_name"] == "live" and asked[0]["url_param"] == "sig=bad" and asked[0]["protocol"] == "rtmp" and
      asked[0]["remote_addr"].startswith("127.0.0.1:"), "the publish hook's body: %r" % asked)
check(group(lal) is None, "a refused publish made a stream")
check(lal.log_count("publish refused") == 1 and "answered HTTP 403" in lal.log(), "the refusal is logged")

# Allowed publish.
rx.status["/on_publish"] = 204
pub = publish(lal, loop=True)
wait_for(20, "an allowed publish", lambda: (group(lal) or {}).get("video_codec"))

# Refused players: 403 over HTTP-FLV, Play.Failed over RTMP.
rx.status["/on_play"] = 401
code, _, _ = request(lal.flv_url())
check(code == 403, "a refused HTTP-FLV player got %d" % code)
rtmp_refused = play(lal.rtmp_url(), "rtmp_refused")
check(wait_exit(rtmp_refused, 20, "a refused RTMP player") != 0, "a refused RTMP play succeeded")
check(rx.of("/on_play")[0]["protocol"] == "httpflv" and rx.of("/on_play")[1]["protocol"] == "rtmp",
      "play hooks: %r" % rx.of("/on_play"))

# Allowed player.
rx.status["/on_play"] = 200
with urllib.request.urlopen(lal.flv_url(), timeout=10) as r:
    check(r.status == 200 and r.read(4096)[:3] == b"FLV", "an allowed player")

# A hanging hook: the publish is refused after hooks.timeout_ms; a player of
# the live stream starts meanwhile.
rx.hang.add("/on_publish")
t0 = time.monotonic()
hung = publish(lal, stream="slow")
wait_for(10, "the hanging hook to be asked", lambda: len(rx.of("/on_publish")) == 3)
with urllib.request.urlopen(lal.flv_url(), timeout=10) as r:
    check(r.read(4096)[:3] == b"FLV", "a player while a hook hangs")
check(time.monotonic() - t0 < 1.5, "a player waited for another session's hook")
check(wait_exit(hung, 20, "the publisher of a hanging hook") != 0, "a publish with a hanging hook succeeded")
took = time.monotonic() - t0
check(1.4 <= took < 8, "the hanging hook refused after %.2f s, not hooks.timeout_ms" % took)
check(group(lal, "slow") is None, "a timed-out publish made a stream")
check(api(lal, "/api/stat/lal_info")["error_code"] == 0, "the API during hooks")
pub.kill()
lal.stop()

# The hook server is down: fail closed, or open with hooks.fail_open.
down = "http://127.0.0.1:%d/hook" % free_port()
closed = Lal("closed", {"hooks": {"on_publish": down, "timeout_ms": 1000}})
p = publish(closed)
check(wait_exit(p, 20, "a publisher with the hook down") != 0, "fail closed let a publish through")
check(group(closed) is None, "fail closed made a stream")
closed.stop()
opened = Lal("opened", {"hooks": {"on_publish": down, "timeout_ms": 1000, "fail_open": True}})
p = publish(opened, loop=True)
wait_for(20, "fail open to let the publish through", lambda: (group(opened) or {}).get("video_codec"))
check("allowed (hooks.fail_open)" in opened.log(), "fail open is logged")
p.kill()
opened.stop()
print("PASS")
