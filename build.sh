#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages building needs (not the test clients: test.sh
# installs those), builds the libraries, the server and the tools (Release,
# no tests) into build/ and puts the programs in bin/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLAL_BUILD_TESTS=OFF -DLAL_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build -j "$(nproc)"
mkdir -p bin
cp -f build/bin/* bin/
echo "build.sh: programs are in $(pwd)/bin: $(ls bin | tr '\n' ' ')"
