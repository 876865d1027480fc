#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages lal builds and tests with, only when missing.
# Usage: scripts/install-deps.sh [--with-tests] [--with-bench] [--with-fuzz]
# Without options: only what building and running needs.
set -euo pipefail

# What building and running the server and tools needs (build.sh).
packages=(
  build-essential cmake pkg-config          # toolchain
  libasio-dev libfmt-dev                    # the libraries' adapters and tools
  libspdlog-dev nlohmann-json3-dev libcli11-dev   # the server and tools
  libssl-dev                                # TLS (RTMPS, HTTPS); lal::rtsp Digest auth (libcrypto)
  libsrt-openssl-dev                        # the server's SRT service
  libsrtp2-dev                              # WebRTC: SRTP/SRTCP
  libhiredis-dev                            # cluster registry client (Redis)
  libavcodec-dev libopus-dev                # AAC <-> Opus for WebRTC players and publishers
  libngtcp2-dev libngtcp2-crypto-gnutls-dev libnghttp3-dev libgnutls28-dev  # QUIC (MoQT over WebTransport)
)
# What the test suite adds (test.sh): the test framework, the microbenchmarks
# it smoke-runs, and the real clients and peers the end-to-end tests drive.
test_packages=(
  catch2 libbenchmark-dev                   # unit tests, microbenchmarks
  ffmpeg rtmpdump                           # real clients and media checks
  gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav  # GStreamer client tests
  chromium                                  # browser player test (with npm, below)
  nginx libnginx-mod-rtmp                   # reference RTMP server for interop tests
  python3 iproute2 procps curl              # test scripts
  prometheus                                # promtool checks the /metrics text
  srt-tools                                 # srt-live-transmit plays SRT
  ngtcp2-client                             # gtlsclient smoke-tests the HTTP/3 listener
  gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gi  # an RTSP camera no one here wrote
  python3-aiortc gstreamer1.0-nice          # WebRTC stacks no one here wrote
  redis-server                              # the cluster tests' registry
)
want_npm=0
for arg in "$@"; do
  case "$arg" in
    --with-tests) packages+=("${test_packages[@]}"); want_npm=1 ;;
    --with-bench) packages+=(libbenchmark-dev ffmpeg nginx libnginx-mod-rtmp iperf3 linux-perf python3 procps) ;;
    --with-fuzz) packages+=(clang-14 libfuzzer-14-dev libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm also ships with Node.js builds from outside Debian, which Debian's npm
# package conflicts with: it is installed only when there is no npm at all.
[ "$want_npm" = 0 ] || command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
