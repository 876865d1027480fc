# SPDX-License-Identifier: MIT
"""Helpers of the recording tests: short clips cut from the test media and
what ffprobe reads in a recorded file."""
import json
import subprocess

from ctrl_lib import WORK, CLIP, check, os, start


def cut_clip(seconds, name):
    """The first `seconds` of the test clip as an FLV (stream copy, so it starts at a key frame)."""
    path = os.path.join(WORK, name + ".flv")
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", CLIP, "-t", str(seconds),
                    "-c", "copy", path], check=True)
    return path


def probe(path):
    """{codec_type: stream} with nb_read_frames, and whether the first video frame is a key frame."""
    r = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_streams", "-of", "json", path],
                       capture_output=True, text=True)
    check(r.returncode == 0, "ffprobe cannot read %s: %s" % (path, r.stderr[-300:]))
    streams = {s["codec_type"]: s for s in json.loads(r.stdout)["streams"]}
    first = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_frames", "-read_intervals",
                            "%+#1", "-show_entries", "frame=key_frame", "-of", "json", path],
                           capture_output=True, text=True)
    frames = json.loads(first.stdout or "{}").get("frames", [])
    streams["first_video_key"] = bool(frames) and frames[0].get("key_frame") == 1
    return streams


def video_frames(path):
    """The number of video frames ffprobe decodes in `path`."""
    return int(probe(path)["video"]["nb_read_frames"])


def publish_file(server, path, stream, loop=False):
    """ffmpeg publishing `path` in real time to live/<stream>."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-re"]
    if loop:
        args += ["-stream_loop", "-1"]
    return start("publish_" + stream, args + ["-i", path, "-c", "copy", "-f", "flv", server.rtmp_url(stream)])
