#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks Byline's Flatpak manifests offline.

For each manifest: flatpak-builder parses it (--show-manifest) without a
single warning; the runtime is pinned (no "master" in a release manifest);
the sandbox asks for the minimum (network, IPC, Wayland with X11 fallback,
DRI; files and secrets only through portals); every meson option passed to
Byline's own module exists in meson_options.txt with a value it accepts;
every downloaded source is pinned by sha256 or git commit.

Usage: check-flatpak.py SOURCE_ROOT MANIFEST...
"""
import json
import re
import subprocess
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network", "--share=ipc", "--socket=wayland",
    "--socket=fallback-x11", "--device=dri",
}


def meson_options(source_root):
    """name -> list of accepted values (None: any) from meson_options.txt"""
    text = open(f"{source_root}/meson_options.txt", encoding="utf-8").read()
    options = {}
    for m in re.finditer(r"option\(\s*'([^']+)'(.*?)\)\s*$", text, re.S | re.M):
        name, rest = m.group(1), m.group(2)
        kind = re.search(r"type\s*:\s*'(\w+)'", rest).group(1)
        if kind == "combo":
            choices = re.search(r"choices\s*:\s*\[([^\]]*)\]", rest).group(1)
            options[name] = re.findall(r"'([^']*)'", choices)
        elif kind == "boolean":
            options[name] = ["true", "false"]
        else:
            options[name] = None
    return options


def check(source_root, path, problems):
    run = subprocess.run(["flatpak-builder", "--show-manifest", path],
                         capture_output=True, text=True)
    if run.returncode != 0 or run.stderr.strip():
        problems.append(f"{path}: flatpak-builder: {run.stderr.strip() or run.returncode}")
        return
    manifest = json.loads(run.stdout)
    release = not manifest.get("id", "").endswith(".Devel")

    if release and manifest.get("runtime-version") in (None, "master"):
        problems.append(f"{path}: a release manifest needs a pinned runtime, not master")

    extra = set(manifest.get("finish-args", [])) - ALLOWED_FINISH_ARGS
    if extra:
        problems.append(f"{path}: more sandbox permissions than needed: {sorted(extra)}")

    options = meson_options(source_root)
    for module in manifest.get("modules", []):
        if isinstance(module, str):
            problems.append(f"{path}: module {module} is a separate file; keep them inline")
            continue
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind in ("archive", "file") and "url" in source and not source.get("sha256"):
                problems.append(f"{path}: {module['name']}: {source['url']} has no sha256")
            if kind == "git" and not source.get("commit"):
                problems.append(f"{path}: {module['name']}: git source without a commit")
        if module.get("name") != "byline":
            continue
        for opt in module.get("config-opts", []):
            m = re.fullmatch(r"-D([\w-]+)=(.*)", opt)
            if not m:
                continue
            name, value = m.groups()
            if name not in options:
                problems.append(f"{path}: option -D{name} does not exist in meson_options.txt")
            elif options[name] is not None and value not in options[name]:
                problems.append(f"{path}: -D{name}={value} is not one of {options[name]}")


def main():
    source_root, manifests = sys.argv[1], sys.argv[2:]
    problems = []
    for path in manifests:
        check(source_root, path, problems)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"{len(manifests)} manifests OK")


if __name__ == "__main__":
    main()
