#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in against the source tree.

Fails when a file under src/ with translatable strings is missing from
POTFILES.in, when POTFILES.in names a file that does not exist, or when the
list is not sorted.

Usage: check-potfiles.py [--update] [SOURCE_ROOT]
  --update  rewrite POTFILES.in instead: drop files that are gone, add the
            missing ones, sort.
"""

import os
import re
import sys

MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\(|\bngettext\s*\(|translatable="yes"')
SOURCE_SUFFIXES = ('.c', '.h', '.ui')


def read_potfiles(path):
    names = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                names.append(line)
    return names


def files_with_strings(root):
    found = set()
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'src')):
        dirnames.sort()
        for name in filenames:
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            full = os.path.join(dirpath, name)
            with open(full, encoding='utf-8', errors='replace') as f:
                text = f.read()
            # A header's "#define _(s)" is not a translatable string.
            text = re.sub(r'^\s*#\s*define\s+\w+\(.*$', '', text, flags=re.M)
            if MARKERS.search(text):
                found.add(os.path.relpath(full, root))
    return found


def main():
    args = sys.argv[1:]
    update = '--update' in args
    args = [a for a in args if a != '--update']
    root = args[0] if args else os.path.join(os.path.dirname(__file__), '..')
    potfiles_path = os.path.join(root, 'po', 'POTFILES.in')
    listed = read_potfiles(potfiles_path)
    problems = []

    if update:
        keep = {n for n in listed if os.path.isfile(os.path.join(root, n))}
        names = sorted(keep | files_with_strings(root))
        with open(potfiles_path, 'w', encoding='utf-8') as f:
            f.write(''.join(n + '\n' for n in names))
        print(f'po/POTFILES.in: wrote {len(names)} files')
        return 0

    for name in listed:
        if not os.path.isfile(os.path.join(root, name)):
            problems.append(f'po/POTFILES.in names {name}, which does not exist')

    for name in sorted(files_with_strings(root) - set(listed)):
        problems.append(f'{name} has translatable strings but is missing from po/POTFILES.in')

    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted')

    if len(listed) != len(set(listed)):
        problems.append('po/POTFILES.in names a file twice')

    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f'po/POTFILES.in: {len(listed)} files, all present, none missing')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
