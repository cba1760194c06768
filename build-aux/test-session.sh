#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs its arguments inside the private D-Bus session that build-aux/test.sh
# starts (dbus-run-session), after bringing up a Secret Service there: a
# gnome-keyring-daemon whose login keyring is unlocked with the password
# "test".  The keyring is best effort: if it does not come up within a few
# seconds the tests still run (those that need it say so), and it is
# stopped by its own PID when the command ends.
set -u

keyring_pid=""
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  # --foreground keeps it our child, so we know its PID; the password comes
  # from a pipe, so nothing ever waits on a terminal.
  printf 'test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"${XDG_RUNTIME_DIR:-/tmp}/gnome-keyring.log" 2>&1 &
  keyring_pid=$!
  ready=0
  for _ in $(seq 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
         org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
         | grep -q 'boolean true'; then
      ready=1
      break
    fi
    kill -0 "$keyring_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ready" -ne 1 ]; then
    echo "test-session: gnome-keyring-daemon did not come up; tests that need a keyring will skip or fail" >&2
  fi
fi

stop_keyring() {
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null
    wait "$keyring_pid" 2>/dev/null
  fi
}
trap stop_keyring EXIT

"$@"
