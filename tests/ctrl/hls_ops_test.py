# SPDX-License-Identifier: MIT
"""HLS viewers as sessions and HLS operations, against one lal server with
HLS (1 s fragments, files under out_path), HTTP-TS, simple_auth's
hls_m3u8_enable, a play hook and notify pointed at a receiver written here:
- files a crashed run left under out_path (segments, playlists, a .tmp) are
  gone once the server listens; other files stay;
- a playlist without lal_secret, or with a wrong one, gets 403; with the right
  one 200, after the play hook was asked (protocol "hls"); the hook refusing
  gives 403 even with the right secret;
- an admitted viewer (address + User-Agent) is one session: on_sub_start with
  protocol HLS, a sub of protocol HLS in /api/stat/group; its segments pass,
  a segment asked by a viewer without a session gets 403; a second
  User-Agent is a second session; a viewer that keeps polling stays, one that
  stops ends after hls.sub_session_timeout_ms (on_sub_stop, gone from the API);
  hls.sub_session_hash_key is set and changes none of this;
- on_hls_make_ts: "open" and "close" for every segment, in order, the close
  naming the written file, which holds the segment's bytes;
- a stream whose folder cannot be made (a file is in its place) stops its
  file output with a log line, and its memory HLS is served all the same;
- garbage WebSocket frames on a WS-TS connection close that socket only:
  another HTTP-TS player of the stream goes on receiving."""
import base64
import hashlib

from ctrl_lib import *

KEY = "hlskey"
SECRET = hashlib.md5((KEY + "test").encode()).hexdigest()
BAD_SECRET = hashlib.md5((KEY + "bad").encode()).hexdigest()
TIMEOUT_MS = 2000

out = os.path.join(WORK, "hls")
# What a crashed run left: ours go, other files stay.
os.makedirs(os.path.join(out, "old"), exist_ok=True)
os.makedirs(os.path.join(out, "mine"), exist_ok=True)
orphans = ["old/old-1700000000000-3.ts", "old/old-1700000001000-4.ts", "old/playlist.m3u8", "old/record.m3u8",
           "old/playlist.m3u8.tmp"]
for name in orphans + ["mine/notes.txt"]:
    with open(os.path.join(out, name), "w") as f:
        f.write("x")
# The folder of stream "bad" cannot be made: a file has its name.
with open(os.path.join(out, "bad"), "w") as f:
    f.write("not a folder")

rx = Receiver()
events = ("on_sub_start", "on_sub_stop", "on_hls_make_ts")
lal = Lal("lal", {
    "hls": {"enable": True, "fragment_duration_ms": 1000, "fragment_num": 3, "delete_threshold": 3,
            "use_memory_as_disk_flag": False, "out_path": out + "/", "cleanup_mode": 1,
            "sub_session_timeout_ms": TIMEOUT_MS,
            # lal-Go's key, only salting the viewer hash (no query key in lal-Go): set
            # here, every viewer check below must come out as without it.
            "sub_session_hash_key": "salt"},
    "httpts": {"enable": True},
    "simple_auth": {"key": KEY, "hls_m3u8_enable": True},
    "hooks": {"on_play": rx.url("/on_play"), "timeout_ms": 3000},
    "http_notify": dict({"enable": True}, **{e: rx.url("/" + e) for e in events})})

for name in orphans:
    check(not os.path.exists(os.path.join(out, name)), "orphan %s was not removed" % name)
check(not os.path.exists(os.path.join(out, "old")), "the emptied folder of orphans stays")
check(os.path.exists(os.path.join(out, "mine/notes.txt")), "a file that is not ours was removed")
check(lal.log_count("removed 5 file(s) a previous run left") == 1, "the orphan removal is logged")

HTTP = "http://127.0.0.1:%d" % lal.http


def get(path, agent="viewer-1", method="GET"):
    return request(HTTP + path, method=method, headers={"User-Agent": agent})


def segments_of(playlist):
    return [line for line in playlist.decode().splitlines() if line.endswith(".ts")]


pub = publish(lal, loop=True)
pub_bad = publish(lal, stream="bad", loop=True)

# Admission of a viewer: missing and wrong secrets, then the right one.
wait_for(30, "the playlist of live/test (403 without a secret)", lambda: get("/hls/test.m3u8")[0] == 403)
code, _, _ = get("/hls/test.m3u8?lal_secret=" + "0" * 32)
check(code == 403, "a wrong lal_secret got %d" % code)
check(lal.log_count("lal_secret is missing") >= 1 and lal.log_count("lal_secret does not match") == 1,
      "the refusals are logged")
check(rx.of("/on_play") == [], "the play hook was asked for a viewer simple_auth refused")
code, headers, body = get("/hls/test.m3u8?lal_secret=" + SECRET)
check(code == 200 and body.startswith(b"#EXTM3U"), "the right lal_secret got %d: %r" % (code, body[:100]))
hook = rx.of("/on_play")
check(len(hook) == 1 and hook[0]["protocol"] == "hls" and hook[0]["stream_name"] == "test" and
      hook[0]["url_param"] == "lal_secret=" + SECRET, "the play hook: %r" % hook)
start = wait_for(10, "on_sub_start of the HLS viewer", lambda: rx.of("/on_sub_start"))
check(len(start) == 1 and start[0]["protocol"] == "HLS" and start[0]["base_type"] == "SUB" and
      start[0]["stream_name"] == "test" and start[0]["url_param"] == "lal_secret=" + SECRET and
      start[0]["session_id"].startswith("HLSSUB"), "on_sub_start: %r" % start)
viewer1 = start[0]["session_id"]

# Its next requests are the same session: no new admission; its segments pass.
for _ in range(3):
    code, _, body = get("/hls/test/playlist.m3u8")
    check(code == 200, "the admitted viewer's playlist without the secret got %d" % code)
seg = segments_of(body)[-1]
code, headers, seg_bytes = get("/hls/test/" + seg)
check(code == 200 and seg_bytes[:1] == b"\x47", "the admitted viewer's segment got %d" % code)
code, _, _ = get("/hls/test/" + seg, agent="someone-else")
check(code == 403, "a segment without a session got %d" % code)
check(len(rx.of("/on_play")) == 1, "the hook was asked again for an admitted viewer")

# A second viewer (another User-Agent), then one the hook refuses.
code, _, _ = get("/live/test.m3u8?lal_secret=" + SECRET, agent="viewer-2")
check(code == 200, "the second viewer got %d" % code)
rx.status["/on_play"] = 403
code, _, _ = get("/hls/test.m3u8?lal_secret=" + SECRET, agent="viewer-3")
check(code == 403, "a viewer the hook refused got %d" % code)
rx.status["/on_play"] = 200


def hls_subs():
    g = group(lal) or {}
    return sorted(s["session_id"] for s in g.get("subs", []) if s["protocol"] == "HLS")


subs = wait_for(10, "two HLS subs in the API", lambda: (lambda s: s if len(s) == 2 else None)(hls_subs()))
check(viewer1 in subs, "the API's HLS subs: %r" % subs)
wrote = [s for s in group(lal)["subs"] if s["session_id"] == viewer1][0]["wrote_bytes_sum"]


check(metric(lal, 'lal_sessions{protocol="HLS",role="SUB"}') == 2, "/metrics does not count 2 HLS viewers")
check((metric(lal, "lal_hls_file_jobs_total") or 0) > 0 and metric(lal, "lal_hls_file_jobs_dropped_total") == 0,
      "/metrics: the HLS file writer's counters")
check(wrote >= len(seg_bytes), "the viewer's wrote_bytes_sum %d misses its segment" % wrote)

# Viewer 1 keeps polling past the timeout and stays; viewer 2 is silent and ends.
t0 = time.monotonic()
while time.monotonic() - t0 < TIMEOUT_MS / 1000 * 1.5:
    check(get("/hls/test.m3u8")[0] == 200, "the polling viewer was refused")
    t_last = time.monotonic()
    time.sleep(0.3)
stops = wait_for(10, "viewer 2's on_sub_stop", lambda: rx.of("/on_sub_stop"))
check(len(stops) == 1 and stops[0]["session_id"] != viewer1 and stops[0]["protocol"] == "HLS",
      "on_sub_stop: %r" % stops)
check(hls_subs() == [viewer1], "the API after viewer 2 left: %r" % hls_subs())
stops = wait_for(10, "viewer 1's on_sub_stop", lambda: (lambda s: s if len(s) == 2 else None)(rx.of("/on_sub_stop")))
idle = time.monotonic() - t_last
check(stops[1]["session_id"] == viewer1 and stops[1]["wrote_bytes_sum"] >= wrote, "on_sub_stop: %r" % stops[1])
check(TIMEOUT_MS / 1000 * 0.9 <= idle, "viewer 1 ended after %.2f s idle, before the timeout" % idle)
check(hls_subs() == [], "the API still lists HLS subs: %r" % hls_subs())

# on_hls_make_ts: open and close per segment, in order; each close names its file.
made = [e for e in rx.of("/on_hls_make_ts") if e["stream_name"] == "test"]
closes = [e for e in made if e["event"] == "close"]
check(len(closes) >= 3, "few on_hls_make_ts closes: %r" % made)
for e in made:
    for k in ("server_id", "event", "stream_name", "cwd", "ts_file", "live_m3u8_file", "record_m3u8_file", "id",
              "duration"):
        check(k in e, "on_hls_make_ts lacks %s: %r" % (k, e))
ids = [e["id"] for e in made]
check(all(made[i]["event"] == ("open" if i % 2 == 0 else "close") and ids[i] == ids[0] + i // 2
          for i in range(len(made))), "on_hls_make_ts out of order: %r" % [(e["event"], e["id"]) for e in made])
# Every segment made so far (the record playlist lists them all) has exactly one close.
code, _, record = get("/hls/test/record.m3u8?lal_secret=" + SECRET)
check(code == 200, "the record playlist: %d" % code)
made_names = segments_of(record)


def closed_names():
    return [os.path.basename(e["ts_file"]) for e in rx.of("/on_hls_make_ts")
            if e["stream_name"] == "test" and e["event"] == "close"]


wait_for(10, "a close for every segment of the record playlist", lambda: set(made_names) <= set(closed_names()))
check(len(closed_names()) == len(set(closed_names())), "a segment closed twice: %r" % closed_names())
for e in closes:
    check(e["duration"] > 0.5 and e["ts_file"].endswith(".ts") and "/test/" in e["ts_file"], "close: %r" % e)
# A segment still listed: the file the event named holds the bytes served.
code, _, body = get("/hls/test.m3u8?lal_secret=" + SECRET)
listed = segments_of(body)[0]
named = [e for e in closes if os.path.basename(e["ts_file"]) == listed]
check(len(named) == 1, "no close event for %s" % listed)
path = named[0]["ts_file"]
path = path if os.path.isabs(path) else os.path.join(named[0]["cwd"], path)
with open(path, "rb") as f:
    check(f.read() == get("/hls/test/" + listed)[2], "the file of %s differs from the served segment" % listed)
check(os.path.exists(named[0]["live_m3u8_file"]), "no live playlist file")

# The stream whose folder cannot be made: file output stops, memory HLS goes on.
wait_for(20, "the file output of bad to stop", lambda: lal.log_count("file output of bad stopped") == 1)
code, _, body = get("/hls/bad.m3u8?lal_secret=" + BAD_SECRET)
check(code == 200 and segments_of(body), "memory HLS of bad: %d %r" % (code, body[:200]))
code, _, seg_bytes = get("/hls/bad/" + segments_of(body)[-1])
check(code == 200 and seg_bytes[:1] == b"\x47", "a segment of bad got %d" % code)
# An operator kicks bad's viewer: on_sub_stop, gone from the API; its next
# playlist request is a new session, admitted again.
bad_viewer = [s for s in group(lal, "bad")["subs"] if s["protocol"] == "HLS"]
check(len(bad_viewer) == 1, "bad's HLS viewer: %r" % bad_viewer)
j = api(lal, "/api/ctrl/kick_session", "POST", {"stream_name": "bad", "session_id": bad_viewer[0]["session_id"]})
check(j["error_code"] == 0, "kick_session: %r" % j)
wait_for(10, "the kicked viewer's on_sub_stop",
         lambda: [e for e in rx.of("/on_sub_stop") if e["session_id"] == bad_viewer[0]["session_id"]])
check(not [s for s in group(lal, "bad")["subs"] if s["protocol"] == "HLS"], "a kicked viewer is still listed")
hooks_before = len(rx.of("/on_play"))
code, _, _ = get("/hls/bad.m3u8?lal_secret=" + BAD_SECRET)
check(code == 200 and len(rx.of("/on_play")) == hooks_before + 1, "the kicked viewer's next request: %d" % code)
bad_closes = [e for e in rx.of("/on_hls_make_ts") if e["stream_name"] == "bad" and e["event"] == "close"]
check(bad_closes and all(e["ts_file"] == "" for e in bad_closes), "bad's closes name files: %r" % bad_closes)

# Garbage WebSocket frames on WS-TS close that socket only.
ts_player = socket.create_connection(("127.0.0.1", lal.http), timeout=10)
ts_player.sendall(b"GET /live/test.ts HTTP/1.1\r\nHost: x\r\n\r\n")
check(ts_player.recv(65536).startswith(b"HTTP/1.1 200"), "an HTTP-TS player")
ws = socket.create_connection(("127.0.0.1", lal.http), timeout=10)
key = base64.b64encode(os.urandom(16)).decode()
ws.sendall(("GET /live/test.ts HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % key).encode())
check(ws.recv(65536).startswith(b"HTTP/1.1 101"), "the WS-TS upgrade")
# An unmasked frame with a reserved opcode and a length past any limit (RFC 6455 5.1, 5.2).
ws.sendall(b"\x83\x7f" + b"\xff" * 8 + os.urandom(64))
deadline = time.monotonic() + 10
closed = False
while time.monotonic() < deadline and not closed:
    try:
        closed = ws.recv(65536) == b""
    except ConnectionResetError:
        closed = True
check(closed, "the WS-TS socket that sent garbage was not closed")
ws.close()
# The HTTP-TS player reads on for 2 s: bytes keep coming, and it is still a sub.
got = 0
t0 = time.monotonic()
while time.monotonic() - t0 < 2:
    data = ts_player.recv(65536)
    check(data, "the HTTP-TS player was closed with the WS-TS one")
    got += len(data)
check(got > 188 * 50, "the HTTP-TS player got only %d bytes" % got)
check([s for s in group(lal)["subs"] if s["protocol"] == "TS"], "the HTTP-TS player is gone from the API")
ts_player.close()
check(lal.proc.poll() is None, "the server died")

pub.kill()
pub_bad.kill()
lal.stop()
print("PASS")
