#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs, with apt, what the benchmark needs on top of the project's own
# build-aux/install-deps.sh: the peer (GNOME Text Editor 43), the X headers
# for bench/xwatch.c, and a virtual display with a private bus.
# Idempotent: packages already present are not touched, and apt is not even
# consulted when everything is there.  Needs root (or sudo).
set -euo pipefail

packages=(
  # the peer the issue compares against
  gnome-text-editor
  # bench/xwatch.c: Xlib, XDamage, XFixes (damage regions), XTest
  libx11-dev libxdamage-dev libxfixes-dev libxtst-dev
  # one virtual display and a private session bus per run
  xvfb xauth dbus xdotool x11-utils
  # bench/summarize.py
  python3
  # building the project and the bench tools
  meson ninja-build pkg-config gcc
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libjson-glib-dev libsqlite3-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing for the benchmark: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
