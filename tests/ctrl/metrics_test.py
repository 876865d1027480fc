# SPDX-License-Identifier: MIT
"""GET /metrics: the Prometheus text passes `promtool check metrics` (when
Debian's prometheus package is installed) and its counters match what the
test did: sessions by protocol and role, bytes a player received, the hooks
asked and refused, the notifications the receiver answered; a bearer token
guards it like the API; hooks that take 0.3 s add that to the hook time, and
write calls are counted. A player that stops reading has frames dropped and is
closed as slow, both counted; with more streams than the per-stream cap (100)
only 100 are listed and lal_streams_unlisted counts the rest. Then 1000 API requests in parallel during a stream
(half of them /metrics): an RTMP player still gets every frame."""
import concurrent.futures
import re
import shutil
from ctrl_lib import *

HOOK_DELAY = 0.3
rx = Receiver()
rx.delay["/on_play"] = HOOK_DELAY
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
# Each of the 3 play hooks waited HOOK_DELAY in the receiver before it answered.
hook_s = m["lal_hook_duration_seconds_total"]
check(3 * HOOK_DELAY <= hook_s < 3 * HOOK_DELAY + 3, "hook time %.3f s for 3 hooks of %.1f s" % (hook_s, HOOK_DELAY))
# A write sends at least one FLV tag head (11 bytes, FLV 1.0 E.4.1).
writes = m['lal_write_calls_total{protocol="FLV",role="SUB"}']
check(1 <= writes and writes * 11 <= sent, "FLV write calls %d for %d bytes" % (writes, sent))
check(m['lal_write_calls_total{protocol="RTMP",role="SUB"}'] >= 1, "RTMP player write calls")
check(m['lal_player_frames_dropped_total{protocol="FLV",role="SUB"}'] == 0 and
      m['lal_player_slow_closes_total{protocol="FLV",role="SUB"}'] == 0, "a player that read on was counted slow")
check(m['lal_connections_open{service="rtmp"}'] == 2, "RTMP connections open")
check(m["process_resident_memory_bytes"] > 1e6 and m["process_cpu_seconds_total"] > 0, "process metrics")
# Notifications: the receiver answered on_pub_start and on_sub_stop.
wait_for(10, "two notifications counted", lambda: metrics(lal)[1]["lal_notify_sent_total"] == 2)
check(metrics(lal)[1]["lal_notify_dropped_total"] == 0, "no notification dropped")
player.kill()
pub.kill()
lal.stop()

# A player that never reads (a 4 KiB receive buffer): the hub drops its frames,
# then closes it after slow_close_ms; both are counted.
tight = Lal("tight", {"subscriber_queue": {"max_bytes": 16384, "max_ms": 300, "slow_close_ms": 500},
                      "stream": {"wait_publisher_ms": 20000}})
# Published as fast as ffmpeg reads the file (no -re): the stalled player is
# seconds of media behind at once, whatever the kernel's socket buffers hold.
pub = start("publish_fast", ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-stream_loop", "-1",
                             "-i", CLIP, "-c", "copy", "-f", "flv", tight.rtmp_url()])
wait_for(20, "the stream", lambda: (group(tight) or {}).get("video_codec"))
stalled = socket.socket()
stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
stalled.connect(("127.0.0.1", tight.http))
stalled.sendall(b"GET /live/test.flv HTTP/1.1\r\nHost: x\r\n\r\n")
wait_for(20, "the stalled player's slow close", lambda: tight.log_count("player too slow") == 1)
# The session ends (and is counted) when its socket closes: the server's close
# waits for the unread bytes, so the player lets go here.
stalled.close()
wait_for(10, "the slow close counted",
         lambda: metrics(tight)[1].get('lal_player_slow_closes_total{protocol="FLV",role="SUB"}') == 1)
m = metrics(tight)[1]
check(m['lal_player_frames_dropped_total{protocol="FLV",role="SUB"}'] >= 1, "no dropped frame counted: %r" % m)

# The per-stream cap: 102 players each waiting for its own stream, plus
# live/test, make 103 streams; 100 are listed, the 3 with fewest players not.
waiting = []
for i in range(102):
    s = socket.create_connection(("127.0.0.1", tight.http), timeout=10)
    s.sendall(b"GET /live/w%d.flv HTTP/1.1\r\nHost: x\r\n\r\n" % i)
    waiting.append(s)
wait_for(20, "103 streams", lambda: metrics(tight)[1].get("lal_streams") == 103)
text, m = metrics(tight)
listed = [k for k in m if k.startswith("lal_stream_players{")]
check(len(listed) == 100 and m["lal_streams_unlisted"] == 3, "listed %d, unlisted %r" % (len(listed),
                                                                                 m["lal_streams_unlisted"]))
check(len([k for k in m if k.startswith("lal_stream_in_kbits{")]) == 100, "in_kbits listed for 100 streams")
check('lal_stream_players{app="live",stream="test"}' not in m, "the stream without players was listed first")
for s in waiting:
    s.close()
pub.kill()
tight.stop()

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
