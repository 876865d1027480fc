#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes a self-signed certificate and its key for RTMPS and HTTPS tests:
#   scripts/make-cert.sh [out_dir] [host]
# writes out_dir/cert.pem and out_dir/key.pem (default ./conf, the paths
# conf/lal.conf.json names) for "host" (default localhost), 127.0.0.1 and ::1,
# valid for 365 days. Players must be told to trust it (curl --cacert, or no
# verification); use a certificate from a CA in production.
set -euo pipefail
out=${1:-./conf}
host=${2:-localhost}
mkdir -p "$out"
umask 077  # the key stays private to its owner
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 365 \
  -subj "/CN=$host" -addext "subjectAltName=DNS:$host,IP:127.0.0.1,IP:::1" \
  -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
chmod 644 "$out/cert.pem"
echo "wrote $out/cert.pem and $out/key.pem for $host"
