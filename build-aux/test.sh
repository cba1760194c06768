#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Byline in _build and runs the whole test
# suite, each test on a virtual display of its own (Xvfb), in a private
# D-Bus session, with a throw-away HOME.  Keeps going when a test fails and ends with one line:
#   N passed, N failed[, N skipped]
# Exits non-zero when anything failed.  Arguments go to meson test
# (e.g. --suite store).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
build="$top/_build"

./build-aux/install-deps.sh || { echo "install-deps.sh failed"; echo "0 passed, 1 failed"; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" || { echo "0 passed, 1 failed"; exit 1; }
fi
build_log=$(mktemp)
if ! ninja -C "$build" 2>&1 | tee "$build_log"; then
  echo "The build failed; no tests were run."
  echo "0 passed, 1 failed"
  exit 1
fi

# Byline builds warning-free with gcc and with clang.  Both checks count as
# tests in the closing line: "gcc-warnings" reads the build above (a fresh
# build compiles everything), "clang-werror" builds the tree with clang and
# -Werror in its own folder.
checks_passed=0
checks_failed=0
if grep -q 'warning:' "$build_log"; then
  echo "gcc-warnings: FAIL (the build above printed warnings)"
  checks_failed=$((checks_failed + 1))
else
  echo "gcc-warnings: OK"
  checks_passed=$((checks_passed + 1))
fi
rm -f "$build_log"
clang_build="$top/_build-clang"
mkdir -p "$clang_build"
if { [ -f "$clang_build/build.ninja" ] || CC=clang meson setup "$clang_build" -Dwerror=true -Dtests=false >/dev/null; } \
   && ninja -C "$clang_build" >"$clang_build/werror.log" 2>&1; then
  echo "clang-werror: OK"
  checks_passed=$((checks_passed + 1))
else
  echo "clang-werror: FAIL"
  grep -E 'error|warning' "$clang_build/werror.log" | head -20
  checks_failed=$((checks_failed + 1))
fi

# A private home for the whole run: nothing reads or writes the real one.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/byline-test.XXXXXX")
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_STATE_HOME="$HOME/.local/state"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_CONFIG_HOME/gtk-4.0" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A caret that blinks or an animation that runs keeps redrawing the window
# and spoils screenshots and "settled" timings.
cat >"$XDG_CONFIG_HOME/gtk-4.0/settings.ini" <<'INI'
[Settings]
gtk-cursor-blink=false
gtk-enable-animations=false
INI
export GSK_RENDERER=cairo
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# meson test names its log after the wrapper (build-aux/own-display.sh).
# A stale log from an earlier run must not be counted.
testlog=testlog-own-display.sh
rm -f "$build/meson-logs/$testlog.json"

# Each test gets a virtual display of its own (build-aux/own-display.sh):
# tests running side by side must not share one X server's clipboard.
dbus-run-session -- "$top/build-aux/test-session.sh" \
  meson test -C "$build" --print-errorlogs --num-processes 2 \
    --wrapper "$top/build-aux/own-display.sh" "$@" </dev/null
status=$?

# Secrets: after the whole run, no file under the run's HOME (data,
# config, cache, state, runtime: keyring excepted, it is where passwords
# belong) and no line of the test log holds a test password, its Basic
# credentials or an Authorization header.  Counts as the test "secrets".
secrets=()
while IFS= read -r pw; do
  secrets+=("$pw" "$(printf 'editor:%s' "$pw" | base64 -w0)")
done < <(sed -n 's/^#define PASSWORD "\(.*\)"$/\1/p' "$top"/tests/*.c | sort -u)
secrets+=("Authorization: Basic")
leaks=""
# Without the log there is nothing to search: that is a failure, not a pass.
[ -f "$build/meson-logs/$testlog.txt" ] || leaks+="(no test log at $build/meson-logs/$testlog.txt)"$'\n'
for secret in "${secrets[@]}"; do
  found=$(grep -rlF --exclude-dir=keyrings -e "$secret" "$HOME" "$XDG_RUNTIME_DIR" "$build/meson-logs/$testlog.txt" 2>/dev/null)
  [ -n "$found" ] && leaks+="$found"$'\n'
done
if [ -z "$leaks" ]; then
  echo "secrets: OK, ${#secrets[@]} secrets looked for under HOME and in the test log, none found"
  checks_passed=$((checks_passed + 1))
else
  echo "secrets: FAIL, found in:"
  printf '%s' "$leaks" | sort -u | sed 's/^/    /'
  checks_failed=$((checks_failed + 1))
fi

# Sanitizers: the whole suite again, built with AddressSanitizer and UBSan
# (LeakSanitizer on) in _build-asan/.  Counts as one test, "sanitizers":
# OK only when every test passed there, i.e. no sanitizer report (a report
# fails its test).  Known leaks of system libraries are suppressed in
# build-aux/lsan.supp, each with its reason.  The e2e suite (real
# keystrokes against wall-clock deadlines) is left out: the sanitizers
# make the app several times slower, which would test the timing, not
# the memory.  BYLINE_SKIP_SANITIZERS=1 skips this part while working.
if [ -z "${BYLINE_SKIP_SANITIZERS:-}" ] && [ -z "$*" ]; then
  asan_build="$top/_build-asan"
  started=$(date +%s)
  if { [ -f "$asan_build/build.ninja" ] || meson setup "$asan_build" \
         -Db_sanitize=address,undefined -Db_lundef=false >/dev/null; } \
     && ninja -C "$asan_build" >"$scratch/asan-build.log" 2>&1; then
    rm -f "$asan_build/meson-logs/$testlog.json"
    # intercept_tls_get_addr=0: LSan's tracer crashes on Debian 12 (glibc
    # 2.36) when a thread has TLS from a dlopen()ed GIO module; slow
    # unwinding, so that suppressions see the system libraries' frames.
    ASAN_OPTIONS="detect_leaks=1:intercept_tls_get_addr=0:fast_unwind_on_malloc=0:malloc_context_size=20" \
    LSAN_OPTIONS="suppressions=$top/build-aux/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    G_SLICE=always-malloc \
      dbus-run-session -- "$top/build-aux/test-session.sh" \
        meson test -C "$asan_build" --no-rebuild --print-errorlogs --num-processes 2 \
          --wrapper "$top/build-aux/own-display.sh" \
          --timeout-multiplier 5 --no-suite e2e </dev/null >"$scratch/asan-test.log" 2>&1
    asan_failed=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("result") not in ("OK","EXPECTEDFAIL","SKIP")))' \
                  "$asan_build/meson-logs/$testlog.json" 2>/dev/null || echo 1)
    reports=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$asan_build/meson-logs/$testlog.txt" 2>/dev/null)
    if [ "${asan_failed:-1}" -eq 0 ]; then
      echo "sanitizers: OK, 0 reports ($(( $(date +%s) - started )) s)"
      checks_passed=$((checks_passed + 1))
    else
      echo "sanitizers: FAIL, $asan_failed tests failed, ${reports:-0} sanitizer reports (see $asan_build/meson-logs/$testlog.txt)"
      grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|ERROR|TIMEOUT)' "$scratch/asan-test.log" | head -20
      checks_failed=$((checks_failed + 1))
    fi
  else
    echo "sanitizers: FAIL, the sanitizer build failed"
    tail -20 "$scratch/asan-build.log"
    checks_failed=$((checks_failed + 1))
  fi
fi

# Fuzzing: each libFuzzer target (tests/fuzz/) for BYLINE_FUZZ_SECONDS
# (60) from its seed corpus, with ASan and UBSan; one test per target
# ("fuzz-<target>: OK, N execs").  tests/fuzz/run.sh 600 is the full run.
if [ -z "${BYLINE_SKIP_FUZZ:-}" ] && [ -z "$*" ]; then
  while IFS= read -r line; do
    echo "$line"
    case "$line" in
      fuzz-*": OK"*) checks_passed=$((checks_passed + 1)) ;;
      fuzz-*": FAIL"*) checks_failed=$((checks_failed + 1)) ;;
    esac
  done < <("$top/tests/fuzz/run.sh" "${BYLINE_FUZZ_SECONDS:-60}" 2>&1)
fi

python3 - "$build/meson-logs/$testlog.json" "$status" "$checks_passed" "$checks_failed" <<'PY'
import json
import sys

path, status = sys.argv[1], int(sys.argv[2])
passed, failed, skipped = int(sys.argv[3]), int(sys.argv[4]), 0
try:
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get('result')
            if result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS
                failed += 1
except FileNotFoundError:
    print(f'no test log at {path}: meson test did not run')
# meson test failing on its own (it could not start) counts as a failure.
if status != 0 and failed == int(sys.argv[4]):
    failed = 1
line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed else 0)
PY
