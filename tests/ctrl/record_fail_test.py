# SPDX-License-Identifier: MIT
"""Recordings that cannot be written stop alone while the stream goes on:
the FLV out path's parent is a regular file (its folder cannot be made;
chmod would not stop root), and the TS file name (a pattern without the
time) is a symlink to /dev/full, whose writes fail with ENOSPC. Each
recording logs one error line and reports on_record_close with the error;
an HTTP-FLV player that waited for the publisher gets every frame, and the
stat group shows no recording left."""
from ctrl_lib import *
from record_lib import probe

rx = Receiver()
blocker = os.path.join(WORK, "not_a_folder")
with open(blocker, "w") as f:
    f.write("a regular file where the out path needs a folder\n")
full = os.path.join(WORK, "full")
os.makedirs(full, exist_ok=True)
if os.path.lexists(os.path.join(full, "test.ts")):
    os.remove(os.path.join(full, "test.ts"))
os.symlink("/dev/full", os.path.join(full, "test.ts"))

lal = Lal("lal", {"record": {"enable_flv": True, "flv_out_path": blocker + "/flv/", "enable_mpegts": True,
                             "mpegts_out_path": full, "file_pattern": "{stream}"},
                  "http_notify": {"enable": True, "on_record_open": rx.url("/open"),
                                  "on_record_close": rx.url("/close")}})

# A player waiting for the stream, then the publisher.
frames = 100
player = start("player", ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-rw_timeout", "5000000",
                          "-i", lal.flv_url(), "-frames:v", str(frames), "-c", "copy", "-f", "flv",
                          os.path.join(WORK, "player.flv"), "-y"])
wait_for(10, "the player to wait", lambda: lal.log_count("[httpflv] play start") == 1)
pub = publish(lal, loop=True)

closes = wait_for(10, "both recordings to fail", lambda: len(rx.of("/close")) == 2 and rx.of("/close"))
by_format = {e["format"]: e for e in closes}
flv, ts = by_format.get("flv", {}), by_format.get("ts", {})
check(flv.get("file") == blocker + "/flv/test.flv" and "cannot make the folder" in flv.get("error", ""),
      "the FLV recording's close: %r" % flv)
check(ts.get("file") == full + "/test.ts" and "No space left on device" in ts.get("error", ""),
      "the TS recording's close: %r" % ts)
check(rx.of("/open") == [e for e in rx.of("/open") if e["format"] == "ts"], "opens: %r" % rx.of("/open"))

wait_exit(player, 20, "the player")
s = probe(os.path.join(WORK, "player.flv"))
check(int(s["video"]["nb_read_frames"]) == frames and s["first_video_key"], "the player's file: %r" % s)
check(lal.log_count("[record] recording of live/test (flv) stopped: cannot make the folder") == 1,
      "one error line for the FLV recording")
check(lal.log_count("[record] recording of live/test (ts) stopped: cannot write") == 1,
      "one error line for the TS recording")
check(group(lal)["records"] == [], "records left: %r" % group(lal))
check(len(rx.of("/close")) == 2, "more closes: %r" % rx.of("/close"))
pub.kill()
lal.stop()
print("PASS")
