#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS,
# two at a time, on a scratch copy of its seed corpus and regression inputs.
# Fails when any target finds a crash, leak, timeout or out-of-memory, and
# prints the reproducer. Called by `./test.sh --fuzz SECONDS`.
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target in fuzz/targets.txt)
# Environment: LAL_FUZZ_BUILD_DIR (build-fuzz; a build configured with
#   LAL_BUILD_FUZZERS=ON, such as test.sh's build-san, is reused as it is), LAL_FUZZ_JOBS (2),
#   LAL_FUZZ_WORK (scratch folder, default a new one under $TMPDIR),
#   LAL_FUZZ_KEEP=1 keeps the scratch folder (grown corpora) after success.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  sed -n '3,10p' "$0"
  exit 2
fi
seconds=$1; shift
build=${LAL_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${LAL_FUZZ_JOBS:-2}
started=$(date +%s)

# name max_len dictionaries, from fuzz/targets.txt
declare -A max_len dicts
all=()
while read -r name len dict; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  all+=("$name"); max_len[$name]=$len; dicts[$name]=$dict
done < fuzz/targets.txt
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for t in "${targets[@]}"; do
  [ -n "${max_len[$t]:-}" ] || { echo "fuzz: unknown target '$t' (see fuzz/targets.txt)" >&2; exit 2; }
done

scripts/install-deps.sh --with-fuzz
if grep -q '^LAL_BUILD_FUZZERS:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  # A build that has the targets already (test.sh's sanitizer build, build-san):
  # keep its configuration, only bring the targets up to date.
  echo "== fuzz: build ${#targets[@]} targets in the configured $build"
else
  echo "== fuzz: configure and build ${#targets[@]} targets in $build"
  # -O1 with line tables only: what libFuzzer and the sanitizers' reports need,
  # at a fraction of the build time of -O2 -g.
  CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
    -DLAL_BUILD_FUZZERS=ON -DLAL_BUILD_TESTS=OFF -DLAL_BUILD_EXAMPLES=OFF -DLAL_WITH_ASIO=OFF \
    -DLAL_INSTALL=OFF >/dev/null
fi
cmake --build "$build" -j "$jobs" --target $(printf 'lal_fuzz_%s ' "${targets[@]}")
built=$(date +%s)

work=${LAL_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lal-fuzz.XXXXXX")}
mkdir -p "$work"
echo "== fuzz: ${seconds}s per target, $jobs at a time, scratch $work"

# Runs one target; its exit status is libFuzzer's.
run_one() {
  local t=$1 dir="$work/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  [ -d fuzz/corpus/"$t" ] && cp -r fuzz/corpus/"$t"/. "$dir/corpus/"
  [ -d fuzz/regressions/"$t" ] && find fuzz/regressions/"$t" -type f ! -name README.md -exec cp {} "$dir/corpus/" \;
  local dict_args=()
  if [ "${dicts[$t]}" != "-" ]; then
    : > "$dir/dict"
    IFS=+ read -r -a parts <<< "${dicts[$t]}"
    for d in "${parts[@]}"; do cat "fuzz/$d" >> "$dir/dict"; done
    dict_args=(-dict="$dir/dict")
  fi
  "$build/fuzz/lal_fuzz_$t" "$dir/corpus" -max_total_time="$seconds" -max_len="${max_len[$t]}" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    "${dict_args[@]}" > "$dir/log" 2>&1
}

pids=() names=()
status_of() { cat "$work/$1/status" 2>/dev/null || echo "?"; }
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "   running $t"
  ( if run_one "$t"; then echo ok > "$work/$t/status"; else echo "failed ($?)" > "$work/$t/status"; fi ) &
done
wait

# Summary from libFuzzer's final statistics.
failed=()
printf '\n%-24s %-12s %10s %8s %6s %7s %7s\n' target result execs exec/s cov ft corpus
for t in "${targets[@]}"; do
  log="$work/$t/log"
  execs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log")
  rate=$(awk '/^stat::average_exec_per_sec:/ {print $2}' "$log")
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' <<< "$last" | grep -o '[0-9]*' || true)
  ft=$(grep -o 'ft: [0-9]*' <<< "$last" | grep -o '[0-9]*' || true)
  corp=$(grep -o 'corp: [0-9]*' <<< "$last" | grep -o '[0-9]*' || true)
  result=$(status_of "$t")
  printf '%-24s %-12s %10s %8s %6s %7s %7s\n' "$t" "$result" "${execs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "${corp:--}"
  [ "$result" = ok ] || failed+=("$t")
done

finished=$(date +%s)
echo "fuzz: build $((built - started))s, runs $((finished - built))s, total $((finished - started))s"
if [ ${#failed[@]} -gt 0 ]; then
  for t in "${failed[@]}"; do
    echo
    echo "== fuzz: $t FAILED; end of $work/$t/log:"
    grep -E 'ERROR|property violated|SUMMARY|runtime error|Test unit written' "$work/$t/log" | tail -8 || true
    for a in "$work/$t"/artifacts/*; do
      [ -e "$a" ] || continue
      echo "   reproducer: $a"
      echo "   replay:     $build/fuzz/lal_fuzz_$t $a"
      echo "   keep it:    cp $a fuzz/regressions/$t/"
    done
  done
  echo "fuzz: ${#failed[@]} target(s) failed; scratch kept in $work"
  exit 1
fi
[ "${LAL_FUZZ_KEEP:-0}" = 1 ] || rm -rf "$work"
echo "fuzz: all ${#targets[@]} targets ran ${seconds}s without a finding"
