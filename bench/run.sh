#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Byline's benchmark, side by side with its peers (docs/benchmarks.md).
#
#   bench/run.sh            install what is missing, build, make the inputs,
#                           run every case 5 times, print and save the table
#   bench/run.sh --quick    one run of each case on small inputs (a smoke test)
#
# Other options: --runs N, --no-install, --no-build, --build-dir DIR
# (_build-bench: an optimized build, as Byline ships),
# --results DIR (bench/results), --check (exit non-zero when a case produced
# no numbers or autosave lost the last edit).
# The table also goes to bench/results/latest.md, the raw lines to
# bench/results/latest.raw.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")

quick=0
runs=5
install=1
build=1
check=0
builddir="$top/_build-bench"
inner=0
results="$here/results"

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs="$2"; shift ;;
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    --check) check=1 ;;
    --build-dir) builddir="$2"; shift ;;
    --results) results="$2"; shift ;;
    --inner) inner=1 ;;
    -h|--help) sed -n '3,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$builddir" in /*) ;; *) builddir="$PWD/$builddir" ;; esac
case "$results" in /*) ;; *) results="$PWD/$results" ;; esac

if [ "$quick" -eq 1 ]; then
  runs=1
  n_articles=100
  n_many=300
  big_words=25000
  n_keys=20
  autosave_seconds=2
else
  n_articles=1000
  n_many=10000
  big_words=250000
  n_keys=120
  autosave_seconds=5
fi

app_id=io.github.byline.Byline
# meson builds the tools into <build>/bench once the top-level meson.build
# has subdir('bench'); until then this script builds them itself.
if [ -x "$builddir/bench/xwatch" ]; then
  tools="$builddir/bench"
else
  tools="$builddir/bench-tools"
fi
inputs="$builddir/bench-inputs/${n_articles}-${big_words}"
raw="$results/latest.raw"

# Where to click so the caret lands inside body text, in window coordinates
# (there is no window manager: windows sit at 0,0).  Overridable for a
# different layout.
: "${BYLINE_CLICK:=600,455}"
: "${GTE_CLICK:=600,400}"
: "${BARE_CLICK:=500,400}"
# Letters typed in keystroke mode, cycled; the space makes it a real word.
: "${KEY_TEXT:=bench }"

log () { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------
# Outside the display: install, build, make inputs, then run the cases in one
# Xvfb.

prepare () {
  if [ "$install" -eq 1 ]; then
    bash "$here/install-bench-deps.sh"
  fi

  if [ "$build" -eq 1 ]; then
    if [ ! -f "$builddir/build.ninja" ]; then
      # Optimized, as a package or a Flatpak builds it, and as the peers
      # are built; with symbols, for perf.
      meson setup --buildtype=debugoptimized "$builddir" "$top" >/dev/null
    fi
    log "Building Byline in $builddir"
    ninja -C "$builddir" src/ui/byline src/cli/byline-cli src/libbyline-core.a \
      data/gschemas.compiled >/dev/null
    build_tools
  fi

  for t in xwatch bare-window bench-autosave bench-make-inputs; do
    [ -x "$tools/$t" ] || { log "run.sh: $tools/$t is missing; run without --no-build"; exit 1; }
  done

  # Made again whenever the tool (and so the article format) was rebuilt.
  if [ ! -f "$inputs/done" ] || [ ! -d "$inputs/store-many" ] || [ "$tools/bench-make-inputs" -nt "$inputs/done" ]; then
    log "Making inputs: $n_articles and $n_many articles, and one of $big_words words"
    rm -rf "$inputs"
    mkdir -p "$inputs"
    "$tools/bench-make-inputs" --store "$inputs/store-list" --articles "$n_articles"
    # The mark for a big newsroom archive: the list is lazy
    "$tools/bench-make-inputs" --store "$inputs/store-many" --articles "$n_many"
    "$tools/bench-make-inputs" --store "$inputs/store-big" --articles $((n_articles - 1)) \
      --big-words "$big_words" --json "$inputs/big.json" --txt "$inputs/big.txt" >&2
    touch "$inputs/done"
  fi
}

# The bench tools: built by meson when the top-level meson.build has
# subdir('bench'), otherwise here with the same flags.
build_tools () {
  local names="xwatch bare-window bench-autosave bench-make-inputs"
  if grep -q '^build bench/xwatch:' "$builddir/build.ninja" 2>/dev/null; then
    ninja -C "$builddir" $(for n in $names; do echo "bench/$n"; done) >/dev/null
    tools="$builddir/bench"
    return
  fi

  local cflags=(-O2 -g -Wall -Wno-unused-parameter -Werror=deprecated-declarations
    -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
    -DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_4_8 -DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8
    -DADW_VERSION_MIN_REQUIRED=ADW_VERSION_1_2 -DADW_VERSION_MAX_ALLOWED=ADW_VERSION_1_2)
  local core=(-I"$top/src" -I"$top/src/model" -I"$top/src/store" -I"$builddir/src" -I"$builddir")
  mkdir -p "$tools"
  cc "${cflags[@]}" -o "$tools/xwatch" "$here/xwatch.c" \
    $(pkg-config --cflags --libs x11 xdamage xfixes xtst) -lm
  cc "${cflags[@]}" -o "$tools/bare-window" "$here/bare-window.c" \
    $(pkg-config --cflags --libs libadwaita-1 gtksourceview-5)
  for t in bench-autosave bench-make-inputs; do
    cc "${cflags[@]}" "${core[@]}" -o "$tools/$t" "$here/$t.c" "$here/bench-text.c" \
      "$builddir/src/libbyline-core.a" \
      $(pkg-config --cflags --libs gio-2.0 json-glib-1.0 sqlite3) -lm
  done
}

if [ "$inner" -eq 0 ]; then
  prepare
  mkdir -p "$results"
  : > "$raw"
  export BENCH_TOOLS="$tools"
  # One X server for every case, the same screen for every app.
  xvfb-run -a -s "-screen 0 1280x800x24" \
    bash "${BASH_SOURCE[0]}" --inner --runs "$runs" --build-dir "$builddir" --results "$results" \
      $([ "$quick" -eq 1 ] && echo --quick) $([ "$check" -eq 1 ] && echo --check) \
    || true
  python3 "$here/summarize.py" --runs "$runs" --articles "$n_articles" --many "$n_many" \
    --words "$big_words" "$raw" > "$results/latest.md"
  cat "$results/latest.md"
  if [ "$check" -eq 1 ] && grep -q 'error=' "$raw"; then
    log "run.sh: some cases failed (see $raw)"
    exit 1
  fi
  if [ "$check" -eq 1 ] && ! grep -q '^case=autosave .*saved_ok=yes' "$raw"; then
    log "run.sh: autosave did not leave the last edit on disk"
    exit 1
  fi
  exit 0
fi

# ---------------------------------------------------------------------------
# Inside Xvfb: every run of every case starts from nothing.  A case that
# fails is recorded as such and the others still run.
set +e

tools="${BENCH_TOOLS:-$tools}"
byline="$builddir/src/ui/byline"
gte=$(command -v gnome-text-editor || true)

# A fresh home for one run: own XDG folders, no blinking caret, no
# animations, so "settled" means settled.
fresh_env () {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/byline-bench-run-XXXXXX")
  mkdir -p "$dir/home" "$dir/config/gtk-4.0" "$dir/data" "$dir/state" "$dir/cache"
  mkdir -m 700 "$dir/runtime"
  printf '[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n' \
    > "$dir/config/gtk-4.0/settings.ini"
  echo "$dir"
}

# measure CASE RUN STORE_OR_- XWATCH_ARGS… -- COMMAND…
measure () {
  local name="$1" run="$2" store="$3"
  shift 3
  local dir line
  dir=$(fresh_env)
  if [ "$store" != "-" ]; then
    mkdir -p "$dir/data/$app_id"
    cp -r "$store/." "$dir/data/$app_id/"
  fi
  # A private session bus per run: GNOME Text Editor is a D-Bus activated
  # single-instance app, and nothing may carry over between runs.
  line=$(cd "$dir/home" && env -i \
    PATH="$PATH" DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" LANG=C.UTF-8 \
    HOME="$dir/home" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" \
    XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
    XDG_RUNTIME_DIR="$dir/runtime" \
    GSK_RENDERER=cairo GDK_BACKEND=x11 GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$builddir/data" \
    dbus-run-session -- "$tools/xwatch" "$@" 2>"$dir/stderr" | tail -n 1) || true
  [ -n "$line" ] || line="error=\"no output: $(tail -n 1 "$dir/stderr" | tr -d '"')\""
  echo "case=$name run=$run $line" | tee -a "$raw" >&2
  rm -rf "$dir"
}

key_args=(--keys "$n_keys" --key-text "$KEY_TEXT")
win_size=""

for run in $(seq 1 "$runs"); do
  log "--- run $run of $runs"

  # Start-up with the list full: Byline, then the bare window at the same size.
  if [ -x "$byline" ]; then
    measure byline-list "$run" "$inputs/store-list" -- "$byline"
    win_size=$(grep '^case=byline-list ' "$raw" | grep -o 'win=[0-9x]*' | tail -n 1 | cut -d= -f2)
  fi
  measure bare "$run" - -- "$tools/bare-window" ${win_size:+--size=$win_size}
  if [ -x "$byline" ]; then
    measure byline-many "$run" "$inputs/store-many" -- "$byline"
  fi
  # Without a Byline window to follow, everything takes the bare window's.
  [ -n "$win_size" ] || win_size=$(grep '^case=bare ' "$raw" | grep -o 'win=[0-9x]*' | tail -n 1 | cut -d= -f2)

  # The big article: open, settle, then type into it.
  if [ -x "$byline" ]; then
    measure byline-big "$run" "$inputs/store-big" "${key_args[@]}" --click "$BYLINE_CLICK" \
      -- "$byline"
  fi
  if [ -n "$gte" ]; then
    # Text Editor has no size option: xwatch gives it Byline's at map time.
    measure gte-big "$run" - "${key_args[@]}" --click "$GTE_CLICK" ${win_size:+--resize $win_size} \
      -- "$gte" --standalone "$inputs/big.txt"
  fi
  measure bare-big "$run" - "${key_args[@]}" --click "$BARE_CLICK" \
    -- "$tools/bare-window" ${win_size:+--size=$win_size} "$inputs/big.txt"

  # Autosave: no window, no peer.
  line=$("$tools/bench-autosave" --words "$big_words" --seconds "$autosave_seconds" 2>&1 \
    | tail -n 1) || true
  case "$line" in stall_max_ms=*) ;; *) line="error=\"${line//\"/}\"" ;; esac
  echo "case=autosave run=$run $line" | tee -a "$raw" >&2
done
