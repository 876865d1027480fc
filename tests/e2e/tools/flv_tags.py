# SPDX-License-Identifier: MIT
# Lists the audio and video tags of an FLV file, one line each:
# "<audio|video> <timestamp ms> <sha1 of the body>", so two files can be
# compared for carrying the same media bytes (script data left out).
#   python3 flv_tags.py FILE
import hashlib
import sys

data = open(sys.argv[1], "rb").read()
if data[:3] != b"FLV":
    sys.exit(f"{sys.argv[1]}: not an FLV file")
at = int.from_bytes(data[5:9], "big") + 4  # E.2 header, PreviousTagSize0
while at + 11 <= len(data):
    kind = data[at] & 0x1F
    size = int.from_bytes(data[at + 1:at + 4], "big")
    ts = int.from_bytes(data[at + 4:at + 7], "big") | data[at + 7] << 24
    body = data[at + 11:at + 11 + size]
    if len(body) < size:
        break  # a cut last tag
    if kind in (8, 9):
        print("audio" if kind == 8 else "video", ts, hashlib.sha1(body).hexdigest())
    at += 11 + size + 4
