#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Makes a high-bitrate copy of an H.264 FLV without encoding anything.

  inflate_flv.py IN OUT --filler BYTES

Appends one filler data NAL unit of BYTES bytes to every coded video frame
(ITU-T H.264 7.3.2.7: nal_unit_type 12, 0xFF bytes, then rbsp trailing bits;
7.4.1.2.3 lets it follow the picture's slices), so each frame stays
decodable and distinct while the stream carries BYTES more per frame. Other
tags are copied as they are. Prints "video=V audio=A bytes=B".
"""

import argparse
import struct
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--filler", type=int, default=60000)
    a = p.parse_args()
    data = open(a.input, "rb").read()
    if data[:3] != b"FLV":
        raise SystemExit("%s: not an FLV file" % a.input)
    header_size = struct.unpack(">I", data[5:9])[0]
    out = bytearray(data[:header_size] + b"\x00\x00\x00\x00")
    pos = header_size + 4
    length_size = 4
    video = audio = 0
    filler_nal = b"\x0c" + b"\xff" * (a.filler - 2) + b"\x80"
    while pos + 11 <= len(data):
        type_id = data[pos] & 0x1F
        size = struct.unpack(">I", b"\x00" + data[pos + 1:pos + 4])[0]
        body = data[pos + 11:pos + 11 + size]
        if len(body) < size:
            break
        if type_id == 9 and len(body) >= 5 and (body[0] & 0x0F) == 7:
            if body[1] == 0 and len(body) >= 10:
                # ISO/IEC 14496-15 5.3.3.1: lengthSizeMinusOne in the avcC's fifth byte.
                length_size = (body[9] & 3) + 1
            elif body[1] == 1:
                body = body + len(filler_nal).to_bytes(length_size, "big") + filler_nal
                video += 1
        elif type_id == 8 and len(body) >= 2 and body[1] == 1:
            audio += 1
        tag = bytes([data[pos]]) + len(body).to_bytes(3, "big") + data[pos + 4:pos + 11] + body
        out += tag + struct.pack(">I", len(tag))
        pos += 11 + size + 4
    open(a.output, "wb").write(out)
    print("video=%d audio=%d bytes=%d" % (video, audio, len(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
