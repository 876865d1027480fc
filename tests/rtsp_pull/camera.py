#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# An RTSP camera for the pull tests: GStreamer's RTSP server (gst-rtsp-server
# through gi), live H.264 test pattern (openh264) and AAC tone (avenc_aac).
#   camera.py --port N [--path /cam] [--width 320 --height 240 --fps 25 --gop 25]
#             [--no-audio] [--user U --password P]   (Digest, RFC 7616)
# Prints "ready" once it listens; runs until SIGTERM/SIGINT.
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", default="/cam")
    ap.add_argument("--width", type=int, default=320)
    ap.add_argument("--height", type=int, default=240)
    ap.add_argument("--fps", type=int, default=25)
    ap.add_argument("--gop", type=int, default=25, help="frames between IDR frames")
    ap.add_argument("--no-audio", action="store_true")
    ap.add_argument("--user")
    ap.add_argument("--password")
    a = ap.parse_args()

    Gst.init(None)
    video = ("videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,width={w},height={h},framerate={f}/1"
             " ! openh264enc gop-size={g} bitrate=400000 ! h264parse config-interval=-1"
             " ! rtph264pay name=pay0 pt=96").format(w=a.width, h=a.height, f=a.fps, g=a.gop)
    audio = (" audiotestsrc is-live=true wave=sine freq=440 ! audio/x-raw,rate=44100,channels=2"
             " ! avenc_aac bitrate=64000 ! aacparse ! rtpmp4gpay name=pay1 pt=97")
    launch = "( " + video + ("" if a.no_audio else audio) + " )"

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(a.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    # One pipeline per client: gst-rtsp-server 1.22's shared media can abort on
    # an internal assertion (rtsp-stream.c, unlinking its tee) when a TCP and a
    # UDP client set up at once, which took the camera down mid-test.
    factory.set_shared(False)
    if a.user:
        auth = GstRtspServer.RTSPAuth()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        # Every authenticated user may open the camera (gst-rtsp-server's role permissions).
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_digest(a.user, a.password, token)
        server.set_auth(auth)
        perms = GstRtspServer.RTSPPermissions()
        perms.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        perms.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(perms)
    server.get_mount_points().add_factory(a.path, factory)
    if server.attach(None) == 0:
        print("cannot listen on 127.0.0.1:%d" % a.port, file=sys.stderr)
        return 1

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print("ready", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
