#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one test on a virtual display of its own (build-aux/test.sh passes
# it to meson test as --wrapper).  Two tests on one X server share its
# selections: a test that selects or copies text takes PRIMARY and
# CLIPBOARD from the other, whose paste then reads foreign content and
# whose clipboard transfers are still in flight when it exits.  Xvfb picks
# a free display number itself (-displayfd), so parallel starts never race.
set -u

dir=$(mktemp -d "${TMPDIR:-/tmp}/byline-display.XXXXXX")
mkfifo "$dir/number"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
  3>"$dir/number" >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
number=""
read -r -t 20 number <"$dir/number"
if [ -z "$number" ]; then
  echo "own-display: Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  kill "$xvfb_pid" 2>/dev/null
  rm -rf "$dir"
  exit 1
fi

DISPLAY=":$number" "$@"
status=$?

kill "$xvfb_pid" 2>/dev/null
wait "$xvfb_pid" 2>/dev/null
rm -rf "$dir"
exit $status
