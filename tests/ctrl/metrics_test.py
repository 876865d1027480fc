# SPDX-License-Identifier: MIT
"""GET /metrics: the Prometheus text passes `promtool check metrics` (when
Debian's prometheus package is installed) and its counters match what the
test did: sessions by protocol and role, bytes a player received, the hooks
asked and refused, the notifications the receiver answered; a bearer token
guards it like the API. Then 1000 API requests in parallel during a stream
(half of them /metrics): an RTMP player still gets every frame."""
import concurrent.futures
import re
import shutil
from ctrl_lib import *

rx = Receiver()
lal = Lal("lal", {"hooks": {"on_play": rx.url("/on_play"), "timeout_ms": 1000},
                  "http_notify": {"enable": True, "on_pub_start": rx.url("/on_pub_start"),
                                  "on_sub_stop": rx.url("/on_sub_stop")}})


def metrics(server, headers=None):
    code, hdrs, body = request(server.api_url("/metrics"), headers=headers)
    check(code == 200 and hdrs.get("Content-Type", "").startswith("text/plain; version=0.0.4"),
          "/metrics: %d %r" % (code, hdrs))
    text = body.decode()
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    return text, values


pub = publish(lal, loop=True)
wait_for(20, "the stream", lambda: (group(lal) or {}).get("video_codec"))
rx.status["/on_play"] = 403
code, _, _ = request(lal.flv_url())
check(code == 403, "a refused player: %d" % code)
rx.status["/on_play"] = 200
received = 0
with urllib.request.urlopen(lal.flv_url(), timeout=10) as r:
    while received < 200000:
        chunk = r.read(65536)
        check(chunk, "the player's stream ended early")
        received += len(chunk)
wait_for(10, "the player's on_sub_stop", lambda: rx.of("/on_sub_stop"))
player = play(lal.rtmp_url(), "rtmp_player")
wait_for(20, "the RTMP player", lambda: len((group(lal) or {"subs": []})["subs"]) == 1)

text, m = metrics(lal)
promtool = shutil.which("promtool")
if promtool:
    path = os.path.join(WORK, "metrics.txt")
    with open(path, "w") as f:
        f.write(text)
    out = subprocess.run([promtool, "check", "metrics"], input=text.encode(), capture_output=True)
    check(out.returncode == 0, "promtool check metrics: %s %s" % (out.stdout, out.stderr))
    print("promtool check metrics: OK")
else:
    print("promtool not installed (Debian package prometheus): format not checked by it")

check(m['lal_sessions{protocol="RTMP",role="PUB"}'] == 1, "publishers: %r" % m)
check(m['lal_sessions{protocol="RTMP",role="SUB"}'] == 1, "RTMP players")
check(m['lal_sessions{protocol="FLV",role="SUB"}'] == 0, "FLV players now")
check(m['lal_sessions_started_total{protocol="FLV",role="SUB"}'] == 1, "FLV players started")
sent = m['lal_bytes_sent_total{protocol="FLV",role="SUB"}']
check(received <= sent < received + 4 * 1024 * 1024, "FLV bytes sent %d, the player read %d" % (sent, received))
check(m['lal_bytes_received_total{protocol="RTMP",role="PUB"}'] > 100000, "bytes in")
check(m["lal_streams"] == 1 and m["lal_players"] == 1, "streams and players")
check(m['lal_stream_players{app="live",stream="test"}'] == 1, "per-stream players")
check(m["lal_hook_requests_total"] == 3 and m["lal_hook_refusals_total"] == 1, "hooks: %r" % m)
check(m["lal_hook_failures_total"] == 0, "hook failures")
check(m['lal_connections_open{service="rtmp"}'] == 2, "RTMP connections open")
check(m["process_resident_memory_bytes"] > 1e6 and m["process_cpu_seconds_total"] > 0, "process metrics")
# Notifications: the receiver answered on_pub_start and on_sub_stop.
wait_for(10, "two notifications counted", lambda: metrics(lal)[1]["lal_notify_sent_total"] == 2)
check(metrics(lal)[1]["lal_notify_dropped_total"] == 0, "no notification dropped")
player.kill()
pub.kill()
lal.stop()

# 1000 API requests in parallel while a player plays the whole clip.
busy = Lal("busy", {"http_api": {"token": "t"}})
api(busy, "/metrics", status=401)
metrics(busy, {"Authorization": "Bearer t"})
auth = {"Authorization": "Bearer t"}
player = start("rtmppull_busy", ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-rw_timeout",
                                 "8000000", "-i", busy.rtmp_url(), "-c", "copy", "-f", "flv",
                                 os.path.join(WORK, "busy_player.flv"), "-y"])
wait_for(20, "the player to wait", lambda: busy.log_count("play waits for a publisher") == 1)
pub = publish(busy)
wait_for(20, "the stream", lambda: busy.log_count("publish start") == 1)
paths = ["/api/stat/all_group", "/metrics", "/api/stat/group?stream_name=test", "/api/stat/lal_info"]


def one(i):
    code, _, body = request(busy.api_url(paths[i % len(paths)]), headers=auth, timeout=30)
    return code


with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
    codes = list(pool.map(one, range(1000)))
check(codes.count(200) == 1000, "API answers under load: %r" % {c: codes.count(c) for c in set(codes)})
check(wait_exit(pub, 40, "the publisher") == 0, "the publisher failed")
wait_exit(player, 30, "the player")
probe = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v",
                        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
                        os.path.join(WORK, "busy_player.flv")], capture_output=True, text=True)
check(probe.stdout.strip() == "250", "the player got %r video frames of 250" % probe.stdout.strip())
busy.stop()
print("PASS")
