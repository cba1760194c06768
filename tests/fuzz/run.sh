#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets (clang, -Dfuzzing=true, in _build-fuzz/) and
# runs each for SECONDS (default 600: the full run docs/reliability.md
# reports; build-aux/test.sh uses 60), with AddressSanitizer and UBSan.
# Prints one line per target:
#   fuzz-<target>: OK, N execs, C corpus inputs
#   fuzz-<target>: FAIL, crash saved to <file>
# and exits non-zero when any target crashed or could not run.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Seeds are read from tests/fuzz/corpus/<target>/ (never written); what
# libFuzzer finds on top is kept in _build-fuzz/corpus/<target>/, so later
# runs start where earlier ones stopped.  A crashing input is saved in
# _build-fuzz/crashes/: turn it into a regression test in the normal suite
# (tests/test-fuzz-regressions.c) after fixing it.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
build="$top/_build-fuzz"
seconds="${1:-600}"
shift || true

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Dtests=false >"$top/_build-fuzz.setup.log" 2>&1 \
    || { cat "$top/_build-fuzz.setup.log"; echo "fuzz: FAIL, meson setup failed"; exit 1; }
  rm -f "$top/_build-fuzz.setup.log"
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$top"/tests/fuzz/fuzz-*.c; do
    name=$(basename "$src" .c)
    targets+=("${name#fuzz-}")
  done
fi

exes=()
for t in "${targets[@]}"; do
  exes+=("tests/fuzz/fuzz-$t")
done
if ! ninja -C "$build" "${exes[@]}" >"$build/fuzz-build.log" 2>&1; then
  grep -E 'error|FAILED' "$build/fuzz-build.log" | head -20
  for t in "${targets[@]}"; do
    echo "fuzz-$t: FAIL, the target did not build"
  done
  exit 1
fi

mkdir -p "$build/crashes"
failed=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  seeds="$top/tests/fuzz/corpus/$t"
  log="$build/fuzz-$t.log"
  mkdir -p "$corpus" "$seeds"
  dict=()
  if [ -f "$top/tests/fuzz/$t.dict" ]; then
    dict=(-dict="$top/tests/fuzz/$t.dict")
  fi
  # Leaks count (detect_leaks); one input may take 10 s at most and 2 GB.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/tests/fuzz/fuzz-$t" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" \
      "$corpus" "$seeds" >"$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  inputs=$(find "$corpus" -type f | wc -l)
  if [ $status -eq 0 ]; then
    echo "fuzz-$t: OK, ${execs:-0} execs, $inputs corpus inputs"
  else
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz-$t: FAIL, ${execs:-?} execs, crash saved to ${artifact:-(none; see $log)}"
    grep -m1 -E 'unreadable error|assertion failed|runtime error|CRITICAL|WARNING \*\*|ERROR: ' "$log" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done

exit $((failed > 0))
