#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one Python test of this folder: run_py.sh <test.py> [args...].
set -euo pipefail
[ -n "${WORK:-}" ] && rm -rf "$WORK" && mkdir -p "$WORK"
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
exec python3 "$here/$1" "${@:2}"
