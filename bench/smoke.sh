#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The benchmark's smoke test (meson test bench-smoke): every case of
# bench/run.sh once, on small inputs, with nothing installed and nothing
# judged by its numbers.  Fails when a case gives no numbers at all (the app
# did not start, map or settle, a keystroke never reached the screen) or
# when autosave did not leave the last edit on disk.
#
#   bench/smoke.sh BUILD_DIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
builddir="${1:?usage: smoke.sh BUILD_DIR}"

for tool in xvfb-run dbus-run-session python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "smoke.sh: $tool is not installed; skipping" >&2
    exit 77
  fi
done

exec bash "$here/run.sh" --quick --no-install --no-build --check \
  --build-dir "$builddir" --results "$builddir/bench-results"
