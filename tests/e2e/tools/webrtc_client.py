#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A WHEP player or WHIP publisher on aiortc (a WebRTC stack independent of
lal's), for the e2e tests.

  webrtc_client.py whep URL --frames N [--width W --height H] [--hostile PORT] [--audio]
      plays URL, decodes N video frames and checks their size; with
      --hostile, once playing, sends hostile datagrams to the server's UDP
      PORT (garbage, truncated STUN, wrong ICE credentials, DTLS garbage from
      another socket, a replayed SRTCP packet from the player's own address)
      and checks that frames keep coming; with --audio also decodes the
      audio track. Prints "frames=N audio=N loud=N", loud counting the audio
      frames whose peak is above silence (a tone, not zeros).
  webrtc_client.py whip URL --seconds S [--width W --height H]
      publishes a generated H.264 video for S seconds, then DELETEs the
      session. Prints "sent" and the Location.

Exit status 0 on success; a reason on stderr otherwise.
"""
import argparse
import asyncio
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.request

import aioice.ice
import av
from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription, VideoStreamTrack
from aiortc.mediastreams import AudioStreamTrack

# aioice leaves out 127.0.0.1; the tests run on loopback only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []


def die(reason):
    """Fails at once: aiortc's tasks may not wind down after an error, and a test must not hang."""
    print(f"FAIL: {reason}", file=sys.stderr, flush=True)
    os._exit(1)


def http(method, url, body=None, content_type="application/sdp"):
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def prefer_h264(transceiver):
    caps = RTCRtpSender.getCapabilities("video").codecs
    transceiver.setCodecPreferences([c for c in caps if c.mimeType in ("video/H264", "video/rtx")])


async def negotiate(pc, url, profile=None):
    offer = await pc.createOffer()
    await pc.setLocalDescription(offer)
    sdp = pc.localDescription.sdp
    if profile:
        # Offer another H.264 profile than aiortc's baseline ones (its decoder, libavcodec, takes any).
        sdp = re.sub(r"profile-level-id=[0-9a-fA-F]{6}", "profile-level-id=" + profile, sdp)
    status, headers, body = await asyncio.get_running_loop().run_in_executor(
        None, http, "POST", url, sdp.encode())
    if status != 201:
        die(f"POST {url}: {status} {body.strip()}")
    if not headers.get("Content-Type", "").startswith("application/sdp"):
        die(f"answer Content-Type {headers.get('Content-Type')}")
    if headers.get("Access-Control-Expose-Headers") != "Location":
        die("no Access-Control-Expose-Headers: Location")
    if profile:  # back to what aiortc offered, which it insists on
        body = re.sub(r"profile-level-id=" + profile, "profile-level-id=42e01f", body)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    return headers["Location"]


def ice_ufrags(pc):
    """(server ufrag, our ufrag) from the negotiated descriptions."""
    def ufrag(sdp):
        for line in sdp.splitlines():
            if line.startswith("a=ice-ufrag:"):
                return line.split(":", 1)[1]
    return ufrag(pc.remoteDescription.sdp), ufrag(pc.localDescription.sdp)


def stun_request(username, password_key=b"wrong-password-123456"):
    """A Binding request with USERNAME and a MESSAGE-INTEGRITY made with the wrong key (RFC 8489 14.5)."""
    import hashlib
    import hmac
    import os
    import struct
    user = username.encode()
    pad = (4 - len(user) % 4) % 4
    attrs = struct.pack("!HH", 0x0006, len(user)) + user + b"\0" * pad
    txid = os.urandom(12)
    length = len(attrs) + 24
    head = struct.pack("!HHI", 0x0001, length, 0x2112A442) + txid
    mac = hmac.new(password_key, head + attrs, hashlib.sha1).digest()
    return head + attrs + struct.pack("!HH", 0x0008, 20) + mac


async def whep(args):
    pc = RTCPeerConnection()
    video_t = pc.addTransceiver("video", direction="recvonly")
    prefer_h264(video_t)
    if args.audio:
        # aiortc refuses an answer whose rejected section (port 0, a=mid only)
        # lacks ICE credentials and rtcp-mux: offer audio only when the stream
        # has audio WebRTC carries (Opus, G.711, or AAC the server makes Opus).
        pc.addTransceiver("audio", direction="recvonly")
    got = {"video": None, "audio": None}

    @pc.on("track")
    def on_track(track):
        got[track.kind] = track

    sent_rtcp = []
    location = await negotiate(pc, args.url, args.profile)
    ice = video_t.receiver.transport.transport
    original = ice._send

    async def keep(data):  # records protected SRTCP packets (receiver reports) to replay one
        if len(sent_rtcp) < 4 and len(data) > 1 and 192 <= data[1] <= 223:
            sent_rtcp.append(bytes(data))
        return await original(data)
    ice._send = keep

    deadline = time.monotonic() + args.timeout
    while got["video"] is None:
        if time.monotonic() > deadline:
            die("no video track")
        await asyncio.sleep(0.02)
    frames = 0
    audio_frames = 0
    loud_frames = 0
    hostile_done = False

    async def audio_loop():
        nonlocal audio_frames, loud_frames
        while got["audio"] is not None:
            try:
                frame = await got["audio"].recv()
            except Exception:
                return
            audio_frames += 1
            # s16 samples from aiortc's Opus decoder; a -30 dBFS floor tells a tone from silence.
            samples = frame.to_ndarray()
            if samples.size and int(abs(samples.astype("int32")).max()) > 1000:
                loud_frames += 1
    audio_task = asyncio.ensure_future(audio_loop()) if got["audio"] else None
    after_hostile = 0
    while frames < args.frames or (args.hostile and after_hostile < 15):
        left = deadline - time.monotonic()
        if left <= 0:
            die(f"only {frames} of {args.frames} video frames in {args.timeout} s "
                     f"({after_hostile} after the hostile datagrams, {len(sent_rtcp)} SRTCP packets seen)")
        try:
            frame = await asyncio.wait_for(got["video"].recv(), left)
        except asyncio.TimeoutError:
            continue
        if args.width and (frame.width, frame.height) != (args.width, args.height):
            die(f"frame {frames}: {frame.width}x{frame.height}, expected {args.width}x{args.height}")
        frames += 1
        if hostile_done:
            after_hostile += 1
        # Once playing and once the player sent an SRTCP packet to replay.
        if args.hostile and frames >= 10 and sent_rtcp and not hostile_done:
            hostile_done = True
            server, mine = ice_ufrags(pc)
            target = ("127.0.0.1", args.hostile)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            garbage = [b"\x00", b"hello, lal", bytes(range(256)) * 4,
                       stun_request(f"{server}:{mine}")[:30],       # truncated STUN
                       stun_request(f"nosuchufrag:{mine}"),         # unknown ufrag
                       stun_request(f"{server}:{mine}"),            # right ufrag, wrong password
                       b"\x16\xfe\xfd" + b"\x00" * 50,               # DTLS garbage from elsewhere
                       b"\x80\xe0" + b"\x00" * 40]                   # SRTP from elsewhere
            for g in garbage * 5:
                s.sendto(g, target)
            s.close()
            # A replayed SRTCP packet from the player's own (nominated) address.
            for packet in sent_rtcp[:2]:
                await original(packet)
            print(f"hostile datagrams sent, {len(sent_rtcp[:2])} SRTCP replays", flush=True)
    if audio_task:
        audio_task.cancel()
    status, _, _ = await asyncio.get_running_loop().run_in_executor(
        None, http, "DELETE", args.url.split("/whep/")[0].split("/webrtc/")[0] + location)
    print(f"frames={frames} audio={audio_frames} loud={loud_frames} after_hostile={after_hostile} delete={status}", flush=True)
    if status != 200:
        die(f"DELETE {location}: {status}")


class Generated(VideoStreamTrack):
    """Moving bars of the asked size, 25 frames a second."""

    def __init__(self, width, height):
        super().__init__()
        self.width, self.height, self.n = width, height, 0

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        frame = av.VideoFrame(width=self.width, height=self.height, format="yuv420p")
        for i, plane in enumerate(frame.planes):
            plane.update(bytes([(self.n * 7 + i * 80) % 256]) * plane.buffer_size)
        self.n += 1
        frame.pts, frame.time_base = pts, time_base
        return frame


async def whip(args):
    pc = RTCPeerConnection()
    t = pc.addTransceiver(Generated(args.width, args.height), direction="sendonly")
    prefer_h264(t)
    if args.audio:
        pc.addTransceiver(AudioStreamTrack(), direction="sendonly")  # silence, as Opus
    location = await negotiate(pc, args.url)
    print(f"location={location}", flush=True)
    deadline = time.monotonic() + args.timeout
    while pc.connectionState != "connected":
        if time.monotonic() > deadline or pc.connectionState == "failed":
            die(f"connection {pc.connectionState}")
        await asyncio.sleep(0.02)
    await asyncio.sleep(args.seconds)
    status, _, _ = await asyncio.get_running_loop().run_in_executor(
        None, http, "DELETE", args.url.split("/whip/")[0] + location)
    print(f"sent delete={status}", flush=True)
    if status != 200:
        die(f"DELETE {location}: {status}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["whep", "whip"])
    p.add_argument("url")
    p.add_argument("--frames", type=int, default=50)
    p.add_argument("--seconds", type=float, default=3)
    p.add_argument("--width", type=int, default=0)
    p.add_argument("--height", type=int, default=0)
    p.add_argument("--timeout", type=float, default=10)
    p.add_argument("--hostile", type=int, default=0)
    p.add_argument("--profile", help="WHEP: offer this H.264 profile-level-id (hex) instead of aiortc's")
    p.add_argument("--audio", action="store_true", help="WHEP: offer to receive audio too; WHIP: send Opus (silence) too")
    args = p.parse_args()
    try:
        asyncio.run(asyncio.wait_for(whep(args) if args.mode == "whep" else whip(args), args.timeout + 5))
    except BaseException as e:  # noqa: BLE001 - any failure ends the process now
        die(f"{type(e).__name__}: {e}")
    os._exit(0)


if __name__ == "__main__":
    main()
