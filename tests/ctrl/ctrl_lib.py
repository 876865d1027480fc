# SPDX-License-Identifier: MIT
"""Helpers of the control-plane tests: lal servers, ffmpeg and a small HTTP
receiver for notifications and hooks, all on free loopback ports. Every
process started is stopped by its own pid at exit; waits poll a condition
with a deadline, never sleep for a fixed time instead."""
import atexit
import http.server
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from free_port import free_port  # noqa: E402  (a port free for TCP and UDP, below the ephemeral range)

LAL = os.environ["LAL"]
MEDIA = os.environ["MEDIA_DIR"]
WORK = os.environ.get("WORK") or "/tmp/lal-ctrl-test"
os.makedirs(WORK, exist_ok=True)
CLIP = os.path.join(MEDIA, "h264_aac_10s.flv")

_procs = []


def fail(msg):
    print("FAIL: " + msg, flush=True)
    raise SystemExit(1)


def check(cond, msg):
    if not cond:
        fail(msg)




def wait_for(seconds, desc, cond):
    """Polls cond() until it returns something true; returns it."""
    deadline = time.monotonic() + seconds
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > deadline:
            fail("timed out after %ss waiting for: %s" % (seconds, desc))
        time.sleep(0.05)


def start(name, args):
    log = open(os.path.join(WORK, name + ".log"), "wb")
    p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    p.log_path = log.name
    _procs.append(p)
    return p


@atexit.register
def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def with_sections(conf, extra):
    """conf with extra's keys: a section (one level deep, as lal's config is) adds to conf's."""
    for k, v in extra.items():
        conf[k] = {**conf.get(k, {}), **v} if isinstance(v, dict) else v
    return conf


class Lal:
    """One lal server with RTMP, HTTP-FLV and the HTTP API on free ports;
    `host` "" listens for RTMP and HTTP-FLV on every address (IPv4 and IPv6)."""

    def __init__(self, name="lal", extra=None, host="127.0.0.1"):
        self.name = name
        self.rtmp, self.http, self.api = free_port(), free_port(), free_port()
        conf = {"rtmp": {"addr": "%s:%d" % (host, self.rtmp)},
                "httpflv": {"addr": "%s:%d" % (host, self.http)},
                "http_api": {"enable": True, "addr": "127.0.0.1:%d" % self.api},
                "threads": 2,
                "log": {"filename": "", "level": 2, "short_file_flag": False},
                "stream": {"wait_publisher_ms": 8000}}
        with_sections(conf, extra or {})
        path = os.path.join(WORK, name + ".conf.json")
        with open(path, "w") as f:
            json.dump(conf, f, indent=2)
        self.proc = start(name, [LAL, "-c", path])
        for port in (self.rtmp, self.http, self.api):
            wait_for(30, "%s to listen on %d" % (name, port), lambda: port_open(port) or self.proc.poll() is not None)
        check(self.proc.poll() is None, "%s exited at start: %s" % (name, self.log()[-500:]))

    def rtmp_url(self, stream="test", app="live", host="127.0.0.1"):
        return "rtmp://%s:%d/%s/%s" % (host, self.rtmp, app, stream)

    def flv_url(self, stream="test", app="live", host="127.0.0.1"):
        return "http://%s:%d/%s/%s.flv" % (host, self.http, app, stream)

    def api_url(self, path):
        return "http://127.0.0.1:%d%s" % (self.api, path)

    def log(self):
        with open(self.proc.log_path, errors="replace") as f:
            return f.read()

    def log_count(self, needle):
        return sum(1 for line in self.log().splitlines() if needle in line)

    def stop(self):
        check(self.proc.poll() is None, "%s died during the test: %s" % (self.name, self.log()[-800:]))
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(20)
        except subprocess.TimeoutExpired:
            fail("%s did not stop within 20 s" % self.name)
        text = self.log()
        check("Sanitizer" not in text and "runtime error:" not in text, "sanitizer report in %s's log" % self.name)
        check(code == 0, "%s exited %d after SIGINT" % (self.name, code))


def request(url, method="GET", body=None, headers=None, timeout=10):
    """(status, headers, body bytes) of one HTTP exchange; HTTP errors are answers too."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def api(server, path, method="GET", body=None, headers=None, status=200):
    """The JSON answer of an API call, checking its HTTP status."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    code, _, data = request(server.api_url(path), method, body, headers)
    check(code == status, "%s %s: HTTP %d, expected %d: %r" % (method, path, code, status, data[:300]))
    try:
        return json.loads(data)
    except ValueError:
        fail("%s %s: not JSON: %r" % (method, path, data[:300]))


def publish(server, stream="test", loop=False, app="live", query="", host="127.0.0.1"):
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-re"]
    if loop:
        args += ["-stream_loop", "-1"]
    url = server.rtmp_url(stream, app, host) + (("?" + query) if query else "")
    return start("publish_" + stream + "_" + str(len(_procs)), args + ["-i", CLIP, "-c", "copy", "-f", "flv", url])


def play(url, name):
    return start(name, ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "warning", "-rw_timeout", "5000000",
                        "-i", url, "-c", "copy", "-f", "flv", os.path.join(WORK, name + ".flv"), "-y"])


def wait_exit(p, seconds, desc):
    try:
        return p.wait(seconds)
    except subprocess.TimeoutExpired:
        fail("%s did not exit within %ss" % (desc, seconds))


def metric(server, name):
    """The value of one sample of the server's /metrics, by its name with labels; None when absent."""
    code, _, body = request(server.api_url("/metrics"))
    check(code == 200, "/metrics: %d" % code)
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


def group(server, stream="test"):
    """The stream's StatGroup, or None."""
    j = api(server, "/api/stat/group?stream_name=" + stream)
    return j.get("data") if j["error_code"] == 0 else None


class Receiver:
    """A small HTTP server that records every request (path, JSON body, time)
    and answers each path with a status the test chooses; a path set to hang
    is answered only when the test ends, a path in `delay` after that many
    seconds. With `tls` (cert file, key file) it
    speaks HTTPS."""

    def __init__(self, tls=None):
        self.events = []
        self.handshake_failures = []
        self.status = {}
        self.hang = set()
        self.delay = {}
        self.lock = threading.Lock()
        self.release = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                if isinstance(self.request, ssl.SSLSocket):
                    self.request.settimeout(10)
                    try:
                        self.request.do_handshake()
                    except (OSError, ValueError) as e:  # a client that refused our certificate
                        with outer.lock:
                            outer.handshake_failures.append(str(e))
                        raise
                super().setup()

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = {"_raw": raw.decode(errors="replace")}
                with outer.lock:
                    outer.events.append((self.path, body, time.monotonic()))
                if self.path in outer.hang:
                    outer.release.wait(60)
                elif self.path in outer.delay:
                    outer.release.wait(outer.delay[self.path])
                code = outer.status.get(self.path, 200)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            # The handshake runs in the handler's thread, not in the accept loop.
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        atexit.register(self.close)

    def url(self, path):
        return "%s://127.0.0.1:%d%s" % (self.scheme, self.port, path)

    def of(self, path):
        with self.lock:
            return [b for p, b, _ in self.events if p == path]

    def close(self):
        self.release.set()
        self.server.shutdown()
