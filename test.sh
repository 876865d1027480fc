#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds lal and runs every test through ctest, twice: a normal build (build/,
# GCC, warnings as errors) and an ASan+UBSan build with clang and the libFuzzer
# targets (build-san/). Exits non-zero on any failure.
#   ./test.sh               both builds, every test
#   ./test.sh --no-asan     only the normal build
#   ./test.sh --asan-only   only the sanitizer build
#   ./test.sh -R REGEX      only tests whose name matches (passed to ctest)
#   ./test.sh --fuzz SECONDS [TARGET...]  only the fuzzing (fuzz/run.sh, fuzz/README.md)
# The sanitizer build runs the unit, fuzz-replay, robustness and most e2e tests;
# the heavy interop ones (other servers, GStreamer, Chromium, many processes)
# run once, in the normal build: see ASAN_SKIP below and tests/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

run_normal=1 run_asan=1 ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-asan) run_asan=0 ;;
    --asan-only) run_normal=0 ;;
    -R) ctest_args+=(-R "$2"); shift ;;
    --fuzz) shift; exec fuzz/run.sh "$@" ;;
    -h|--help) sed -n '3,10p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps.sh --with-tests
jobs=$(nproc)

# Run only in the normal build: real peers and browsers whose own cost dominates,
# and load tests (slow_player, fifty_players) that take three times as long under ASan,
# where the sanitizers would add minutes and no coverage of our parsers.
ASAN_SKIP='^(relay\.(push_to_nginx|pull_from_nginx|pull_rtmp_from_lal|pull_httpflv_from_lal)|e2e\.(slow_player|fifty_players|quic|moq|merged_writes|webrtc|llhls|gstreamer|hls_gstreamer|hls_ts|browser|real_clients|rtsp_gstreamer|rtsp_codecs|srt$|tls|enhanced_rtmp|httpfmp4|rtsps)|rtsp_pull\.(camera|camera_quirks|udp_loss)|interop\.|cluster\.(tiers|faults|scheduler|takeover|many_streams)|ctrl\.(admission_protocols|metrics|relay_api|notify|console|record|record_fail|https_hooks)|packaging\.|install: |lalbench: (HTTP-TS|run with SRT|run with Low-Latency|run with WHEP|run with MoQT))'

build_and_test() {  # dir, skip-regex, extra cmake args...
  local dir=$1 skip=$2; shift 2
  local skip_args=()
  [ -z "$skip" ] || skip_args=(-E "$skip")
  echo "== $dir: configure and build"
  cmake -S . -B "$dir" -DLAL_BUILD_TESTS=ON -DLAL_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  echo "== $dir: ctest"
  ctest --test-dir "$dir" --output-on-failure -j "$((jobs * 2))" --timeout 300 "${skip_args[@]}" "${ctest_args[@]}"
}

# The microbenchmarks are built here too, and each runs briefly as a ctest
# (label bench-smoke) so they keep compiling and giving right results.
[ "$run_normal" = 1 ] && build_and_test build "" -DCMAKE_BUILD_TYPE=Release -DLAL_BUILD_BENCHMARKS=ON
if [ "$run_asan" = 1 ]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  # clang, the sanitizers' own compiler (and a second compiler's warnings), with
  # the libFuzzer targets in the same build: their libraries are the ones the
  # tests use, the fuzz-replay tests run them with -runs=0, and
  # `LAL_FUZZ_BUILD_DIR=build-san ./test.sh --fuzz N` reuses them (.ci/run).
  # -O1 with line tables: all the reports need; assertions stay on.
  scripts/install-deps.sh --with-fuzz
  CC=clang-14 CXX=clang++-14 build_and_test build-san "$ASAN_SKIP" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DLAL_SANITIZE=ON -DLAL_BUILD_FUZZERS=ON
fi
echo "test.sh: all tests passed"
