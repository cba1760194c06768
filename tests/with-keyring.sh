#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test with a Secret Service it may write to: an unlocked
# gnome-keyring-daemon on a private D-Bus session, with its keyrings in a
# throw-away folder.
#
#   with-keyring.sh TEST [ARGS…]
#
# A session bus that already has a Secret Service is reused (build-aux/
# test.sh starts one in its own dbus-run-session) unless it is the
# desktop's own login bus: test passwords never go into a real keyring.
# Without gnome-keyring-daemon the test is reported as skipped (TAP).
set -u

log() { echo "with-keyring: $*" >&2; }

has_secrets() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
    | grep -q 'boolean true'
}

if [ "${BYLINE_WITH_KEYRING_PRIVATE:-}" != 1 ]; then
  login_bus="unix:path=/run/user/$(id -u)/bus"
  case "${DBUS_SESSION_BUS_ADDRESS:-}" in
    "" | "$login_bus" | "$login_bus,"* | "unix:path=${XDG_RUNTIME_DIR:-/nonexistent}/bus"*)
      if ! command -v dbus-run-session >/dev/null 2>&1; then
        echo "1..0 # SKIP dbus-run-session is not installed"
        exit 0
      fi
      BYLINE_WITH_KEYRING_PRIVATE=1
      export BYLINE_WITH_KEYRING_PRIVATE
      exec dbus-run-session -- "$0" "$@"
      ;;
  esac
fi

if has_secrets; then
  exec "$@"
fi

if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "1..0 # SKIP gnome-keyring-daemon is not installed"
  exit 0
fi

# The daemon keeps its keyrings under XDG_DATA_HOME and its control socket
# under XDG_RUNTIME_DIR: both in a folder of our own, removed at exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/byline-keyring.XXXXXX") || exit 1
keyring_pid=""
cleanup() {
  if [ -n "$keyring_pid" ]; then
    kill "$keyring_pid" 2>/dev/null
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$scratch/home" "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"

# --daemonize prints GNOME_KEYRING_CONTROL=… and GNOME_KEYRING_PID=…; the
# unlock password comes from a pipe so nothing waits for a terminal.
out=$(printf 'byline-test' | HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" \
        XDG_RUNTIME_DIR="$scratch/runtime" \
        gnome-keyring-daemon --unlock --components=secrets --daemonize 2>"$scratch/daemon.log")
keyring_pid=$(printf '%s\n' "$out" | sed -n 's/^GNOME_KEYRING_PID=//p')

i=0
until has_secrets; do
  i=$((i + 1))
  if [ "$i" -gt 50 ]; then
    log "gnome-keyring-daemon did not come up on the session bus within 5 s"
    cat "$scratch/daemon.log" >&2
    exit 1
  fi
  sleep 0.1
done

# Not exec: the trap stops the daemon after the test.
"$@"
