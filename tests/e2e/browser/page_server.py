#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Serves the browser check's page on 127.0.0.1 and stores what it reports.

usage: page_server.py PORT DIR REPORT_FILE

GET serves files from DIR (player.html, mpegts.js); POST /report writes the
request body to REPORT_FILE (written whole, then renamed, so a reader never
sees half of it). The page's origin is this port, so the HTTP-FLV stream it
plays from the server's port is a cross-origin request.
"""
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/report":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length", "0"))
        if length > 1 << 20:
            self.send_error(413)
            return
        body = self.rfile.read(length)
        tmp = self.server.report_file + ".tmp"
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, self.server.report_file)
        self.send_response(204)
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("page_server: " + (fmt % args) + "\n")


def main():
    port, directory, report_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory))
    server.report_file = report_file
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
