#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# A camera that misbehaves, for the pull tests:
#   bad_camera.py --port N --mode garbage|silent|badlen
# garbage: answers every request with bytes that are not RTSP;
# silent:  answers OPTIONS..PLAY properly (one G.711 track), then sends
#          nothing while keeping the connection open;
# badlen:  after PLAY sends an interleaved frame whose length (1) no RTP or
#          RTCP packet can have (RFC 2326 10.12).
# Prints "ready", then "connection N" for each client; serves until killed.
import argparse
import re
import socket
import threading

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bad\r\nt=0 0\r\nm=audio 0 RTP/AVP 8\r\n"
       "a=rtpmap:8 PCMA/8000\r\na=control:track1\r\n")


def answer(req, extra="", body=""):
    cseq = re.search(r"(?im)^cseq:\s*(\d+)", req).group(1)
    s = "RTSP/1.0 200 OK\r\nCSeq: %s\r\n%s" % (cseq, extra)
    if body:
        s += "Content-Type: application/sdp\r\nContent-Length: %d\r\n" % len(body)
    return (s + "\r\n" + body).encode()


def serve(conn, mode):
    buf = b""
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
            while b"\r\n\r\n" in buf:
                end = buf.index(b"\r\n\r\n") + 4
                req, buf = buf[:end].decode("latin-1"), buf[end:]
                method = req.split(" ", 1)[0]
                if mode == "garbage":
                    conn.sendall(b"\x00\xffNOT RTSP AT ALL\r\n\r\n")
                    continue
                if method == "DESCRIBE":
                    url = req.split(" ")[1]
                    conn.sendall(answer(req, "Content-Base: %s/\r\n" % url, SDP))
                elif method == "SETUP":
                    t = re.search(r"(?im)^transport:\s*(.*?)\r\n", req).group(1)
                    conn.sendall(answer(req, "Session: 42;timeout=60\r\nTransport: %s\r\n" % t))
                elif method == "PLAY":
                    conn.sendall(answer(req, "Session: 42\r\n"))
                    if mode == "badlen":
                        conn.sendall(b"$\x00\x00\x01x")
                else:
                    conn.sendall(answer(req, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n"))
    except OSError:
        pass
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", choices=["garbage", "silent", "badlen"], required=True)
    a = ap.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", a.port))
    listener.listen(8)
    print("ready", flush=True)
    n = 0
    while True:
        conn, _ = listener.accept()
        n += 1
        print("connection %d" % n, flush=True)
        threading.Thread(target=serve, args=(conn, a.mode), daemon=True).start()


if __name__ == "__main__":
    main()
