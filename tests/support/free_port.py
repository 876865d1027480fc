#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints (or returns) a port free for both TCP and UDP on 127.0.0.1, taken
below the kernel's ephemeral range: a port from that range can be handed to a
client's outgoing connection between the test choosing it and the server
binding it, which made servers fail to start when many tests ran at once."""
import random
import socket


def _ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def free_port():
    low = _ephemeral_low()
    if low > 12000:
        for _ in range(200):
            port = random.randrange(10000, low)
            if _bindable(port):
                return port
    # No room below the range: let the kernel choose (the old behaviour).
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if _bindable(port):
            return port


if __name__ == "__main__":
    print(free_port())
