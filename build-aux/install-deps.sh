#!/usr/bin/env bash
# Installs, with apt, what Byline needs to build, run and test on Debian 12.
# Idempotent: packages already present are not touched, and apt is not even
# consulted when everything is there.  Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc clang gettext appstream desktop-file-utils
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libgtksourceview-5-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libsecret-1-dev libxml2-dev libgexiv2-dev libenchant-2-dev
  # packaging checks: parse the Flatpak manifests offline
  flatpak-builder
  # run
  glib-networking adwaita-icon-theme fonts-cantarell fonts-dejavu-core
  hunspell-en-us hunspell-en-gb hunspell-ru
  # WebP photos: gdk-pixbuf (and so GTK 4.8) decodes WebP only with this
  webp-pixbuf-loader
  # tests: a virtual display, a private bus, a keyring, real keystrokes
  xvfb xauth dbus dbus-x11 xdotool x11-utils gnome-keyring libsecret-tools
  at-spi2-core python3 python3-pyatspi sqlite3
  # the window in Russian: glibc's locale sources, compiled by the test
  locales
  # integration tests: a real WordPress + MariaDB on loopback
  wordpress mariadb-server mariadb-client php-cli php-mysql php-curl php-xml
  php-mbstring php-gd curl
  # reliability: libFuzzer (clang's runtime), certificates made by the tests
  libclang-rt-14-dev libgnutls28-dev
  # the bench-smoke test: bench/xwatch.c watches the X display (without
  # them meson leaves the test out, and the suite would not say so)
  libx11-dev libxdamage-dev libxfixes-dev libxtst-dev
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

echo "Installing: ${missing[*]}"
# Package scripts must not start services (MariaDB, Apache) on their own:
# the tests start their own private instances.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && $sudo rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
