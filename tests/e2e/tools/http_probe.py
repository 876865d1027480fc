#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Sends one raw HTTP request and describes the answer, for the server's
end-to-end tests. The request text is given with \\r\\n escapes, e.g.
  http_probe.py HOST PORT 'GET /live/test.flv HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'
Options:
  --pad-header N   adds a header field of N bytes before the final CRLF
  --body-bytes N   reads at most N body bytes after the head, then closes
  --wait-close S   after the head, reads until the server closes (at most S s)
Prints:
  status=CODE
  header NAME: VALUE          (one line per field, names lowercased)
  body_prefix=HEX             (first 16 body bytes)
  body_bytes=N
  closed_after=SECONDS|open   (from sending the request, with --wait-close)
Exits 0 when a response head arrived, 3 when the server closed without one
(printing closed_after), 1 otherwise.
"""

import argparse
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("request")
    p.add_argument("--pad-header", type=int, default=0)
    p.add_argument("--body-bytes", type=int, default=0)
    p.add_argument("--wait-close", type=float, default=0)
    p.add_argument("--timeout", type=float, default=10)
    a = p.parse_args()

    req = a.request.encode().decode("unicode_escape").encode("latin-1")
    if a.pad_header:
        assert req.endswith(b"\r\n\r\n")
        req = req[:-2] + b"X-Pad: " + b"a" * a.pad_header + b"\r\n\r\n"
    s = socket.create_connection((a.host, a.port), timeout=a.timeout)
    sent_at = time.monotonic()
    try:
        s.sendall(req)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may answer and close before reading everything
    data = b""
    closed = False
    while b"\r\n\r\n" not in data:
        try:
            b = s.recv(65536)
        except socket.timeout:
            print("no response head within %s s" % a.timeout)
            return 1
        except ConnectionResetError:
            b = b""
        if not b:
            closed = True
            break
        data += b
    if b"\r\n\r\n" not in data:
        print("closed_after=%.3f" % (time.monotonic() - sent_at))
        return 3
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    print("status=%s" % lines[0].split(" ")[1])
    for line in lines[1:]:
        name, _, value = line.partition(":")
        print("header %s: %s" % (name.strip().lower(), value.strip()))
    while len(body) < a.body_bytes and not closed:
        b = s.recv(65536)
        if not b:
            closed = True
            break
        body += b
    print("body_prefix=%s" % body[:16].hex())
    if a.wait_close:
        end = sent_at + a.wait_close
        while not closed and time.monotonic() < end:
            s.settimeout(max(0.01, end - time.monotonic()))
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                b = b""
            if not b:
                closed = True
                break
            body += b
        print("body_bytes=%d" % len(body))
        print("closed_after=%s" % ("%.3f" % (time.monotonic() - sent_at) if closed else "open"))
    else:
        print("body_bytes=%d" % len(body))
    return 0


if __name__ == "__main__":
    sys.exit(main())
