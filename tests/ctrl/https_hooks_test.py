# SPDX-License-Identifier: MIT
"""Notify and hooks to https:// receivers (a receiver written here with a
certificate from scripts/make-cert.sh): with http_notify.ca_file and
hooks.ca_file naming that certificate, the on_publish hook allows a publish
and on_server_start and on_pub_start arrive over TLS; a hook receiver whose
certificate the CA file does not vouch for is refused at the handshake, so the
publish is refused too (fail closed); a CA file that does not load stops the
server at start with a message naming the key and the file."""
import subprocess

from ctrl_lib import *

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def make_cert(name):
    out = os.path.join(WORK, name)
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "make-cert.sh"), out], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "cert.pem"), os.path.join(out, "key.pem")


good = make_cert("good")
other = make_cert("other")
rx = Receiver(tls=good)
check(rx.url("/x").startswith("https://"), "the receiver speaks HTTPS")

lal = Lal("lal", {"http_notify": {"enable": True, "on_server_start": rx.url("/on_server_start"),
                                  "on_pub_start": rx.url("/on_pub_start"), "ca_file": good[0]},
                  "hooks": {"on_publish": rx.url("/on_publish"), "timeout_ms": 3000, "ca_file": good[0]}})
wait_for(10, "on_server_start over HTTPS", lambda: rx.of("/on_server_start"))
pub = publish(lal, loop=True)
wait_for(20, "the hooked publish to go live", lambda: (group(lal) or {}).get("video_codec"))
asked = rx.of("/on_publish")
check(len(asked) == 1 and asked[0]["action"] == "on_publish" and asked[0]["stream_name"] == "test",
      "the publish hook over HTTPS: %r" % asked)
started = wait_for(10, "on_pub_start over HTTPS", lambda: rx.of("/on_pub_start"))
check(started[0]["stream_name"] == "test" and started[0]["base_type"] == "PUB", "on_pub_start: %r" % started)
check(not rx.handshake_failures, "handshakes failed: %r" % rx.handshake_failures)
pub.kill()
lal.stop()

# The receiver's certificate is not the one the CA file names: lal refuses it.
wrong = Lal("wrong", {"hooks": {"on_publish": rx.url("/on_publish"), "timeout_ms": 3000, "ca_file": other[0]}})
p = publish(wrong)
check(wait_exit(p, 20, "a publisher whose hook is not trusted") != 0, "an untrusted hook let a publish through")
check(group(wrong) is None, "an untrusted hook made a stream")
check(len(rx.of("/on_publish")) == 1, "the untrusted receiver got the request")
log = wrong.log()
check("hook on_publish failed" in log and "TLS handshake failed" in log, "the refusal names TLS: %s" % log[-600:])
wrong.stop()

# A CA file that does not load: the server does not start, and says why.
missing = os.path.join(WORK, "none.pem")
conf = os.path.join(WORK, "bad_ca.conf.json")
with open(conf, "w") as f:
    json.dump({"rtmp": {"addr": "127.0.0.1:%d" % free_port()}, "httpflv": {"enable": False},
               "log": {"filename": ""}, "http_notify": {"enable": True, "ca_file": missing}}, f)
r = subprocess.run([LAL, "-c", conf], capture_output=True, text=True, timeout=10)
out = r.stdout + r.stderr
check(r.returncode == 1 and "http_notify.ca_file" in out and missing in out, "a missing CA file: %d %s" % (r.returncode, out[-400:]))
print("PASS")
