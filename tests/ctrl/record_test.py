# SPDX-License-Identifier: MIT
"""Recording on one server (FLV, TS and MP4, split every second): a 3 s clip
published over RTMP is recorded into files that each start with a key frame
and together hold every published video frame, with the clip's codecs and
size (ffprobe -count_frames); on_record_open / on_record_close for every
file, the close naming its bytes and duration; start_record / stop_record
through the API with lal-Go's envelope and codes, the recordings shown in
the stat group; an MP4 recording cut by SIGKILL of the server still plays
up to its last whole fragment. Every MP4 file starts at time 0, and /metrics
counts the files by format, their bytes and no error."""
import glob
import shutil

from ctrl_lib import *
from record_lib import cut_clip, probe, publish_file, video_frames

rx = Receiver()
out = os.path.join(WORK, "rec")
shutil.rmtree(out, ignore_errors=True)
lal = Lal("lal", {"record": {"enable_flv": True, "flv_out_path": out + "/flv/", "enable_mpegts": True,
                             "mpegts_out_path": out + "/ts", "enable_mp4": True, "mp4_out_path": out + "/mp4",
                             "file_pattern": "{app}/{stream}-{unixms}-{index}",
                             "split_duration_s": 1},
                  "http_notify": {"enable": True, "on_record_open": rx.url("/open"),
                                  "on_record_close": rx.url("/close")}})

clip = cut_clip(3, "clip3")
published = video_frames(clip)
check(published == 75, "the 3 s clip has %d video frames, expected 75" % published)


def events(path, stream, fmt):
    return [e for e in rx.of(path) if e["stream_name"] == stream and e["format"] == fmt]


# 1. Every published stream is recorded, cut at the key frame past each second.
pub = publish_file(lal, clip, "clip")
wait_exit(pub, 20, "the publisher of the clip")
for fmt, ext in (("flv", "flv"), ("ts", "ts"), ("mp4", "mp4")):
    files = sorted(glob.glob(os.path.join(out, fmt, "live", "clip-*." + ext)))
    wait_for(10, "a close per opened %s file" % fmt,
             lambda: len(events("/close", "clip", fmt)) == len(events("/open", "clip", fmt)) == len(files) > 0)
    check(len(files) == 3, "%s: 3 files of about 1 s expected: %r" % (fmt, files))
    total = 0
    for i, f in enumerate(sorted(files, key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))):
        s = probe(f)
        check(s["first_video_key"], "%s does not start with a key frame" % f)
        v, a = s["video"], s.get("audio", {})
        check(v["codec_name"] == "h264" and (v["width"], v["height"]) == (640, 360), "%s video: %r" % (f, v))
        check(a.get("codec_name") == "aac" and int(a.get("sample_rate", 0)) == 44100, "%s audio: %r" % (f, a))
        total += int(v["nb_read_frames"])
        if fmt == "mp4":
            # Each file's fragments are rebased: its time starts at 0, not where the stream was.
            check(abs(float(v.get("start_time", "-1"))) < 0.05, "%s starts at %s s, not 0" % (f, v.get("start_time")))
        close = [e for e in events("/close", "clip", fmt) if e["file"] == f]
        check(len(close) == 1, "one on_record_close for %s: %r" % (f, rx.of("/close")))
        e = close[0]
        check(e["server_id"] == "1" and e["app_name"] == "live" and e["error"] == "" and
              e["bytes"] == os.path.getsize(f) and 0.8 <= e["duration"] <= 1.2, "on_record_close: %r" % e)
    check(total == published, "%s: %d video frames recorded, %d published" % (fmt, total, published))
opens = [e for e in rx.of("/open") if e["stream_name"] == "clip"]
check(all(e["bytes"] == 0 and e["duration"] == 0 and e["error"] == "" for e in opens), "on_record_open: %r" % opens)


closed_bytes = sum(e["bytes"] for e in rx.of("/close"))
for fmt in ("flv", "ts", "mp4"):
    n = metric(lal, 'lal_record_files_total{format="%s"}' % fmt)
    check(n == 3, "lal_record_files_total{format=%s} is %r, not 3" % (fmt, n))
check(metric(lal, "lal_record_bytes_total") == closed_bytes, "lal_record_bytes_total is not the bytes of the closed files")
check(metric(lal, "lal_record_errors_total") == 0, "lal_record_errors_total is not 0")

# 2. start_record / stop_record through the API.
loop = publish(lal, "api", loop=True)
wait_for(20, "both recordings of live/api to open",
         lambda: events("/open", "api", "flv") and events("/open", "api", "ts") and events("/open", "api", "mp4"))
g = wait_for(10, "the group with its recordings", lambda: (group(lal, "api") or {}).get("records"))
check(sorted(r["format"] for r in g) == ["flv", "mp4", "ts"] and all(r["file"] and r["start_time"] for r in g),
      "records: %r" % g)
j = api(lal, "/api/ctrl/stop_record", "POST", {"stream_name": "api"})
check(j["error_code"] == 0 and sorted(j["data"]["formats"]) == ["flv", "mp4", "ts"] and j["data"]["app_name"] == "live",
      "stop_record: %r" % j)
wait_for(10, "every api file closed", lambda: len(rx.of("/close")) == len(rx.of("/open")))
check(group(lal, "api")["records"] == [], "records after stop_record: %r" % group(lal, "api"))
j = api(lal, "/api/ctrl/stop_record", "POST", {"stream_name": "api"})
check(j["error_code"] == 1003, "stop_record of a stream not recorded: %r" % j)
before = len(events("/open", "api", "flv"))
j = api(lal, "/api/ctrl/start_record", "POST", {"stream_name": "api", "format": "flv"})
check(j["error_code"] == 0 and j["data"]["formats"] == ["flv"] and j["data"]["stream_name"] == "api",
      "start_record: %r" % j)
opened = wait_for(10, "the started recording to open", lambda: events("/open", "api", "flv")[before:])
check(not events("/open", "api", "ts")[1:], "start_record flv opened a TS file: %r" % rx.of("/open"))
check([r["format"] for r in group(lal, "api")["records"]] == ["flv"], "records: %r" % group(lal, "api"))
wait_for(10, "a few frames in " + opened[0]["file"], lambda: os.path.getsize(opened[0]["file"]) > 50000)
j = api(lal, "/api/ctrl/stop_record", "POST", {"stream_name": "api", "format": "flv"})
check(j["error_code"] == 0 and j["data"]["formats"] == ["flv"], "stop_record flv: %r" % j)
wait_for(10, "every api file closed", lambda: len(rx.of("/close")) == len(rx.of("/open")))
f = opened[0]["file"]
s = probe(f)
check(s["first_video_key"] and s["video"]["codec_name"] == "h264" and int(s["video"]["nb_read_frames"]) > 0,
      "the API's recording %s: %r" % (f, s))
# Errors: lal-Go's codes in the envelope.
check(api(lal, "/api/ctrl/start_record", "POST", {"stream_name": "nope"})["error_code"] == 1001, "unknown stream")
check(api(lal, "/api/ctrl/stop_record", "POST", {"stream_name": "nope"})["error_code"] == 1001, "stop unknown stream")
for body in ({}, {"stream_name": 5}, {"stream_name": "api", "format": "mkv"}, "{not json"):
    j = api(lal, "/api/ctrl/start_record", "POST", body, status=400)
    check(j["error_code"] == 1002, "start_record %r: %r" % (body, j))

# 3. kill -9 in the middle of an MP4 recording: the file plays up to its last whole fragment.
before = len(events("/open", "api", "mp4"))
j = api(lal, "/api/ctrl/start_record", "POST", {"stream_name": "api", "format": "mp4"})
check(j["error_code"] == 0 and j["data"]["formats"] == ["mp4"], "start_record mp4: %r" % j)
opened = wait_for(10, "the MP4 recording to open", lambda: events("/open", "api", "mp4")[before:])
f = opened[0]["file"]
wait_for(10, "a few frames in " + f, lambda: os.path.getsize(f) > 40000)  # files are cut every second here
lal.proc.kill()
lal.proc.wait(10)
s = probe(f)
v = s["video"]
check(s["first_video_key"] and v["codec_name"] == "h264" and (v["width"], v["height"]) == (640, 360) and
      int(v["nb_read_frames"]) >= 5, "the MP4 recording cut by SIGKILL: %r" % s)
loop.kill()
print("PASS")
