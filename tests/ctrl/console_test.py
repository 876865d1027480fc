# SPDX-License-Identifier: MIT
"""The web console (/lal.html on the API port) in headless Chromium, driven
through the DevTools protocol (cdp.py): with ffmpeg publishing live/test,
the page lists the stream with its codec and size, and its preview plays
first HTTP-FLV with mpegts.js, then HLS with hls.js (after clicking HLS):
the picture 640x360 and the clock advancing. The players are served by lal
from http_api.console_js_dir, filled from npm by the e2e browser test's
install step. Screenshots go to WORK (console_flv.png, console_hls.png)."""
import subprocess
from ctrl_lib import *
from cdp import Browser

js_dir = os.path.join(WORK, "js")
subprocess.run([os.path.join(os.environ["BROWSER_DIR"], "install_players.sh"),
                os.path.join(os.path.dirname(WORK), "browser-npm"), js_dir], check=True)

lal = Lal("lal", {"http_api": {"console_js_dir": js_dir},
                  "hls": {"enable": True, "fragment_duration_ms": 1000, "fragment_num": 4}})

# The page and the players are served; other names under /console/ are not.
code, headers, body = request(lal.api_url("/lal.html"))
check(code == 200 and headers["Content-Type"].startswith("text/html") and b"lal console" in body, "GET /lal.html")
check(b'"httpflv_port":%d' % lal.http in body, "the page knows the HTTP-FLV port")
code, headers, body = request(lal.api_url("/console/mpegts.js"))
check(code == 200 and "javascript" in headers["Content-Type"] and len(body) > 100000, "mpegts.js served")
check(request(lal.api_url("/console/../x.conf.json"))[0] == 404, "a path out of the folder")
check(request(lal.api_url("/console/npm.log"))[0] == 404, "a file that is not a player")

pub = publish(lal, loop=True)
wait_for(20, "the publisher in the group", lambda: (group(lal) or {}).get("video_codec"))

browser = Browser("console", lal.api_url("/lal.html"))
STATE = """(() => !document.getElementById('note') ? null : ({
  rows: [...document.querySelectorAll('#streams tr[data-stream]')].map(tr =>
      ({stream: tr.dataset.stream, cells: [...tr.cells].slice(0, 7).map(c => c.textContent)})),
  videos: [...document.querySelectorAll('video')].map(v =>
      ({stream: v.dataset.stream, kind: v.dataset.kind, w: v.videoWidth, h: v.videoHeight, t: v.currentTime})),
  note: document.getElementById('note').textContent,
}))()"""


def state():
    """What the page shows, or an empty state while it is still loading."""
    return browser.evaluate(STATE) or {"rows": [], "videos": [], "note": None}


def playing(kind):
    """The test stream's preview once it shows `kind` at 640x360 with its clock past 1 s."""
    s = state()
    v = [v for v in s["videos"] if v["stream"] == "test"]
    return v[0] if v and v[0]["kind"] == kind and (v[0]["w"], v[0]["h"]) == (640, 360) and v[0]["t"] > 1 else None


s = wait_for(30, "the stream listed", lambda: (lambda s: s if any(r["stream"] == "test" for r in s["rows"]) else None)(state()))
row = [r for r in s["rows"] if r["stream"] == "test"][0]
print("row:", row["cells"])
check(row["cells"][0] == "live/test", "stream cell: %r" % row["cells"])
check(row["cells"][1] == "H264 640x360", "video cell: %r" % row["cells"])
check(row["cells"][2] == "AAC", "audio cell: %r" % row["cells"])
check(row["cells"][6].startswith("RTMP "), "publisher cell: %r" % row["cells"])
check(s["note"] == "", "the page says a player is missing: %r" % s["note"])

for kind in ("flv", "hls"):
    if kind == "hls":
        wait_for(30, "three HLS segments", lambda: request(
            "http://127.0.0.1:%d/hls/test.m3u8" % lal.http)[2].count(b".ts\n") >= 3)
        browser.evaluate("[...document.querySelectorAll('tr[data-stream=\"test\"] button')]"
                         ".find(b => b.textContent === 'HLS').click()")
    first = wait_for(40, "the %s preview playing" % kind, lambda: playing(kind))
    later = wait_for(20, "the %s preview's clock advancing" % kind,
                     lambda: (lambda v: v if v and v["t"] >= first["t"] + 1 else None)(playing(kind)))
    print("%s preview: %r then %r" % (kind, first, later))
    browser.screenshot(os.path.join(WORK, "console_%s.png" % kind))
    check(os.path.getsize(os.path.join(WORK, "console_%s.png" % kind)) > 10000, "a screenshot with content")
    if kind == "flv":
        # The list refreshes: the player count follows (the preview is an HTTP-FLV player;
        # HLS viewers are not sessions of the API).
        wait_for(20, "the preview counted among the players", lambda: any(
            r["stream"] == "test" and int(r["cells"][5]) >= 1 for r in state()["rows"]))

check(lal.log_count("[httpflv] play start") >= 1, "the FLV preview played from lal")
browser.close()
pub.kill()
lal.stop()
print("PASS")
