# SPDX-License-Identifier: MIT
"""Hooks (hooks.on_publish / hooks.on_play) and simple_auth on the protocols
beyond RTMP and HTTP-FLV, against ONE server with HTTP-TS, RTSP, SRT and
WebRTC on: each refusal reaches the client as its protocol says (HTTP 403,
RTSP 403 to DESCRIBE or ANNOUNCE, an SRT connection closed before any media,
WHEP/WHIP 403 from the POST) and an allowed request is served. The hook sees
each protocol's name. simple_auth is checked with the right, a wrong and a
missing lal_secret for HTTP-TS, RTSP publish and play, WHEP and WHIP."""
import hashlib
from ctrl_lib import *

KEY = "k3y"
rx = Receiver()
rtsp_port, srt_port, rtc_port = free_port(), free_port(), free_port()
lal = Lal("lal", {"hooks": {"on_publish": rx.url("/on_publish"), "on_play": rx.url("/on_play"), "timeout_ms": 3000},
                  "simple_auth": {"key": KEY, "sub_httpts_enable": True, "pub_rtsp_enable": True,
                                  "sub_rtsp_enable": True, "pub_rtc_enable": True, "sub_rtc_enable": True},
                  "httpts": {"enable": True},
                  "rtsp": {"enable": True, "addr": "127.0.0.1:%d" % rtsp_port},
                  "srt": {"enable": True, "addr": "127.0.0.1:%d" % srt_port},
                  "rtc": {"enable": True, "addr": "127.0.0.1:%d" % rtc_port},
                  "stream": {"wait_publisher_ms": 3000}})
wait_for(10, "the RTSP port", lambda: port_open(rtsp_port))


def secret(stream):
    return "lal_secret=" + hashlib.md5((KEY + stream).encode()).hexdigest()


def rtsp(method, stream, query="", body=b""):
    """The status code of one RTSP request (RFC 2326 6/7) on a fresh connection."""
    url = "rtsp://127.0.0.1:%d/live/%s%s" % (rtsp_port, stream, ("?" + query) if query else "")
    head = "%s %s RTSP/1.0\r\nCSeq: 1\r\n" % (method, url)
    if body:
        head += "Content-Type: application/sdp\r\nContent-Length: %d\r\n" % len(body)
    with socket.create_connection(("127.0.0.1", rtsp_port), timeout=10) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    line = got.split(b"\r\n", 1)[0].decode(errors="replace")
    check(line.startswith("RTSP/1.0 "), "%s %s: no RTSP answer: %r" % (method, url, got[:200]))
    return int(line.split()[1])


ANNOUNCE_SDP = ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=lal\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==\r\n"
                "a=control:streamid=0\r\n").encode()


def offer(direction):
    """A WebRTC offer (RFC 8829 5.2) with ICE credentials, a DTLS fingerprint and H.264 in
    the three common profiles (RFC 6184 8.1), whichever the stream has."""
    head = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=%s\r\na=rtcp-mux\r\n"
            "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef01234567\r\n"
            "a=fingerprint:sha-256 %s\r\na=setup:actpass\r\n" % (direction, ":".join(["AB"] * 32)))
    return head + "".join("a=rtpmap:%d H264/90000\r\na=fmtp:%d level-asymmetry-allowed=1;packetization-mode=1;"
                          "profile-level-id=%s\r\n" % (pt, pt, profile)
                          for pt, profile in ((96, "42e01f"), (97, "4d001f"), (98, "640028")))


def rtc(kind, stream, query="", sdp=None):
    """(status, headers, body) of a WHEP or WHIP POST (RFC 9725 4.2)."""
    url = "http://127.0.0.1:%d/%s/live/%s%s" % (lal.http, kind, stream, ("?" + query) if query else "")
    return request(url, "POST", sdp or offer("recvonly" if kind == "whep" else "sendonly"),
                   {"Content-Type": "application/sdp"})


def ts_url(stream, query=""):
    return "http://127.0.0.1:%d/live/%s.ts%s" % (lal.http, stream, ("?" + query) if query else "")


def srt_url(stream, mode):
    return "srt://127.0.0.1:%d?streamid=#!::r=live/%s,m=%s&connect_timeout=3000000" % (srt_port, stream, mode)


def ffmpeg(name, args):
    return start(name, ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning"] + args)


# ---- Publish hook refuses: RTSP ANNOUNCE 403, SRT closed, WHIP 403.
rx.status["/on_publish"] = 403
check(rtsp("ANNOUNCE", "rp", secret("rp"), ANNOUNCE_SDP) == 403, "a refused RTSP ANNOUNCE was not answered 403")
srt_pub = ffmpeg("srt_pub_refused", ["-re", "-i", CLIP, "-c", "copy", "-f", "mpegts", srt_url("sp", "publish")])
wait_for(10, "the SRT publish refusal", lambda: lal.log_count("[srt] publish refused") == 1)
check(wait_exit(srt_pub, 15, "a refused SRT publisher") != 0, "a refused SRT publisher succeeded")
code, _, body = rtc("whip", "wp", secret("wp"))
check(code == 403, "a refused WHIP got %d: %r" % (code, body))
protos = sorted(b["protocol"] for b in rx.of("/on_publish"))
check(protos == ["rtc", "rtsp", "srt"], "publish hooks asked: %r" % protos)
for s in ("rp", "sp", "wp"):
    check(group(lal, s) is None, "a refused publish made stream %s" % s)

# ---- Publish allowed (RTMP): the stream the players ask for.
rx.status["/on_publish"] = 200
pub = publish(lal, loop=True)
wait_for(20, "the RTMP publish", lambda: (group(lal) or {}).get("video_codec"))

# ---- Play hook refuses: HTTP-TS 403, RTSP DESCRIBE 403, SRT closed, WHEP 403.
rx.status["/on_play"] = 403
check(request(ts_url("test", secret("test")))[0] == 403, "a refused HTTP-TS player was not answered 403")
check(rtsp("DESCRIBE", "test", secret("test")) == 403, "a refused RTSP DESCRIBE was not answered 403")
srt_play = ffmpeg("srt_play_refused", ["-rw_timeout", "3000000", "-i", srt_url("test", "request"), "-c", "copy",
                                       "-f", "mpegts", "-y", os.path.join(WORK, "srt_refused.ts")])
wait_for(10, "the SRT play refusal", lambda: lal.log_count("[srt] play refused") == 1)
check(wait_exit(srt_play, 15, "a refused SRT player") != 0, "a refused SRT player succeeded")
refused_ts = os.path.join(WORK, "srt_refused.ts")
check(not os.path.exists(refused_ts) or os.path.getsize(refused_ts) == 0, "a refused SRT player got media")
code, _, body = rtc("whep", "test", secret("test"))
check(code == 403, "a refused WHEP got %d: %r" % (code, body))
protos = sorted(b["protocol"] for b in rx.of("/on_play"))
check(protos == ["httpts", "rtc", "rtsp", "srt"], "play hooks asked: %r" % protos)

# ---- Play hook allows: each is served.
rx.status["/on_play"] = 200
with urllib.request.urlopen(ts_url("test", secret("test")), timeout=10) as r:
    data = r.read(188 * 4)
    check(r.status == 200 and data[0] == 0x47 and data[188] == 0x47, "an allowed HTTP-TS player got %r" % data[:8])
check(rtsp("DESCRIBE", "test", secret("test")) == 200, "an allowed RTSP DESCRIBE was not answered 200")
srt_ok = os.path.join(WORK, "srt_ok.ts")
srt_play = ffmpeg("srt_play_ok", ["-rw_timeout", "5000000", "-i", srt_url("test", "request"), "-c", "copy",
                                  "-frames:v", "10", "-f", "mpegts", "-y", srt_ok])
check(wait_exit(srt_play, 15, "an allowed SRT player") == 0, "an allowed SRT player failed")
check(os.path.getsize(srt_ok) > 188 * 10, "an allowed SRT player got %d bytes" % os.path.getsize(srt_ok))
code, headers, body = rtc("whep", "test", secret("test"))
check(code == 201 and body.startswith(b"v=0"), "an allowed WHEP got %d: %r" % (code, body[:200]))
where = headers.get("Location", "")
check(where.startswith("/whep/live/test/"), "WHEP Location: %r" % where)
check(request("http://127.0.0.1:%d%s" % (lal.http, where), "DELETE")[0] == 200, "DELETE of the WHEP session")

# ---- simple_auth: right, wrong and missing lal_secret (hooks allow everything now).
for name, query, ok in (("missing", "", False), ("wrong", "lal_secret=" + "0" * 32, False),
                        ("right", None, True)):
    q = lambda s: secret(s) if query is None else query  # noqa: E731
    code = request(ts_url("test", q("test")))[0] if not ok else None
    if ok:
        with urllib.request.urlopen(ts_url("test", q("test")), timeout=10) as r:
            check(r.status == 200 and r.read(188)[0] == 0x47, "HTTP-TS with the right secret")
    else:
        check(code == 403, "HTTP-TS with a %s secret got %d" % (name, code))
    want = 200 if ok else 403
    got = rtsp("DESCRIBE", "test", q("test"))
    check(got == want, "RTSP DESCRIBE with a %s secret got %d" % (name, got))
    stream = "ra_" + name
    got = rtsp("ANNOUNCE", stream, q(stream), ANNOUNCE_SDP)
    check(got == want, "RTSP ANNOUNCE with a %s secret got %d" % (name, got))
    code, headers, body = rtc("whep", "test", q("test"))
    check(code == (201 if ok else 403), "WHEP with a %s secret got %d: %r" % (name, code, body[:200]))
    if ok:
        request("http://127.0.0.1:%d%s" % (lal.http, headers.get("Location", "")), "DELETE")
    else:
        check(b"lal_secret" in body, "the WHEP refusal names lal_secret: %r" % body)
    stream = "wa_" + name
    code, headers, body = rtc("whip", stream, q(stream))
    check(code == (201 if ok else 403), "WHIP with a %s secret got %d: %r" % (name, code, body[:200]))
    if ok:
        request("http://127.0.0.1:%d%s" % (lal.http, headers.get("Location", "")), "DELETE")
check(lal.log_count("lal_secret is missing") >= 5 and lal.log_count("lal_secret does not match") >= 5,
      "simple_auth refusals are logged")
check(api(lal, "/api/stat/lal_info")["error_code"] == 0, "the API after the refusals")
check((group(lal) or {}).get("video_codec"), "the RTMP stream went on")
pub.kill()
lal.stop()
print("PASS")
