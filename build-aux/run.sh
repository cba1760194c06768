#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Byline in _build and opens it from the
# build tree, nothing installed.  On the first start Byline opens its sample
# article.  Arguments are passed on to byline.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$(pwd)
build="$top/_build"

./build-aux/install-deps.sh
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build"
fi
ninja -C "$build"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Byline is built, but there is no display to open its window on." >&2
  echo "Run this from a desktop session (or: xvfb-run -a $0)." >&2
  exit 1
fi

# The settings schema is compiled into the build tree, so Byline finds it
# without installing.
export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$build/src/ui/byline" "$@"
