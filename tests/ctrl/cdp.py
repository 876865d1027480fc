# SPDX-License-Identifier: MIT
"""Drives a headless Chromium through the DevTools protocol: starts it on a
page, evaluates JavaScript there and takes screenshots. The protocol runs
over a WebSocket (RFC 6455); the small client here speaks just what that
needs (one text message at a time, masked as a client must, 5.3) so the
tests need no Python package beyond the standard library."""
import base64
import json
import os
import socket
import struct
import subprocess
import urllib.request

from ctrl_lib import WORK, check, fail, start, wait_for


class _WebSocket:
    def __init__(self, url):
        check(url.startswith("ws://"), "not a ws:// URL: " + url)
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.rpartition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            check(chunk, "DevTools closed during the WebSocket handshake")
            head += chunk
        head, _, self.buf = head.partition(b"\r\n\r\n")
        check(head.startswith(b"HTTP/1.1 101"), "WebSocket handshake refused: %r" % head[:200])

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            check(chunk, "DevTools closed the WebSocket")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                                struct.pack("!BH", 0x80 | 126, n) if n < 65536 else struct.pack("!BQ", 0x80 | 127, n))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        """One whole message (continuation frames joined)."""
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                fail("DevTools closed the WebSocket")
            if opcode in (9, 10):  # ping, pong: not part of a message
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class Browser:
    """A headless Chromium showing `url`, with its DevTools connection."""

    def __init__(self, name, url):
        profile = os.path.join(WORK, "profile_" + name)
        self.proc = start("chromium_" + name, [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            "--autoplay-policy=no-user-gesture-required", "--window-size=1280,800",
            "--remote-debugging-port=0", "--user-data-dir=" + profile, url])
        port_file = os.path.join(profile, "DevToolsActivePort")
        wait_for(60, "Chromium's DevTools port", lambda: os.path.exists(port_file) and open(port_file).read().count("\n") >= 1)
        port = int(open(port_file).read().split("\n")[0])
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10) as r:
            targets = json.load(r)
        pages = [t for t in targets if t.get("type") == "page"]
        check(pages, "no page target in Chromium: %r" % targets)
        self.ws = _WebSocket(pages[0]["webSocketDebuggerUrl"])
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                check("error" not in reply, "%s failed: %r" % (method, reply.get("error")))
                return reply["result"]

    def evaluate(self, expression):
        """The JSON value of a JavaScript expression in the page."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        check("exceptionDetails" not in r, "the page threw: %r" % r.get("exceptionDetails"))
        return r["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
