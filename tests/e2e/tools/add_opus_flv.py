#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Adds Opus audio to an FLV as Enhanced RTMP v2 audio tags (ExAudioTagHeader:
SoundFormat 9, AudioPacketType, FourCC 'Opus'; SequenceStart carries the
OpusHead of RFC 7845 5.1), for test streams Debian's ffmpeg 5.1 cannot write.

usage: add_opus_flv.py IN.flv IN.opus OUT.flv
IN.opus is Ogg Opus of 20 ms packets (ffmpeg -c:a libopus -frame_duration 20 -f ogg);
its packets are interleaved with IN.flv's tags by timestamp, 20 ms apart."""
import struct
import sys


def ogg_packets(data):
    """The packets of an Ogg stream (RFC 3533 6: lacing values, 255 continues)."""
    out, part, at = [], b"", 0
    while at + 27 <= len(data):
        if data[at:at + 4] != b"OggS":
            raise SystemExit("not an Ogg page at %d" % at)
        nseg = data[at + 26]
        lacing = data[at + 27:at + 27 + nseg]
        at += 27 + nseg
        for n in lacing:
            part += data[at:at + n]
            at += n
            if n < 255:
                out.append(part)
                part = b""
    return out


def flv_tags(data):
    """(type, timestamp, body) of every tag after the FLV header."""
    at = struct.unpack(">I", data[5:9])[0] + 4
    while at + 11 <= len(data):
        kind = data[at]
        size = int.from_bytes(data[at + 1:at + 4], "big")
        ts = int.from_bytes(data[at + 4:at + 7], "big") | data[at + 7] << 24
        yield kind, ts, data[at + 11:at + 11 + size]
        at += 11 + size + 4


def tag(kind, ts, body):
    head = bytes([kind]) + len(body).to_bytes(3, "big") + (ts & 0xffffff).to_bytes(3, "big") + bytes([ts >> 24 & 0xff, 0, 0, 0])
    return head + body + struct.pack(">I", 11 + len(body))


def main():
    flv, opus, out = sys.argv[1:4]
    src = open(flv, "rb").read()
    packets = ogg_packets(open(opus, "rb").read())
    head, frames = packets[0], packets[2:]  # OpusHead, OpusTags, audio
    if not head.startswith(b"OpusHead"):
        raise SystemExit("no OpusHead")
    audio = [(0, bytes([0x90]) + b"Opus" + head)]  # 9 << 4 | SequenceStart (0)
    audio += [(20 * i, bytes([0x91]) + b"Opus" + f) for i, f in enumerate(frames)]  # CodedFrames (1)
    tags = [(ts, 0 if kind == 18 else 1, kind, body) for kind, ts, body in flv_tags(src)]
    tags += [(ts, 1, 8, body) for ts, body in audio]
    tags.sort(key=lambda t: (t[0], t[1]))
    header = bytearray(src[:9])
    header[4] |= 0x04  # has audio
    with open(out, "wb") as f:
        f.write(bytes(header) + b"\0\0\0\0")
        for ts, _, kind, body in tags:
            f.write(tag(kind, ts, body))


main()
