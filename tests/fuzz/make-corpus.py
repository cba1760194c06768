#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from
the test suite's own fixtures: the article documents in tests/fixtures and
data/sample, and the block markup and server answers written in the C tests.
Run it again when those change; the output is committed."""

import hashlib
import os
import re
import sys

top = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
out = os.path.join(top, 'tests', 'fuzz', 'corpus')

ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', "'": "'", '0': '\0'}


def c_strings(path):
    """Every string literal of a C file, adjacent literals joined."""
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    literals = []
    joined = None
    pos = 0
    token = re.compile(r'"((?:[^"\\\n]|\\.)*)"|(\s+)|(.)', re.S)
    for m in token.finditer(text):
        if m.group(1) is not None:
            value = re.sub(r'\\(x[0-9a-fA-F]{2}|.)',
                           lambda e: chr(int(e.group(1)[1:], 16)) if e.group(1)[0] == 'x'
                           else ESCAPES.get(e.group(1), e.group(1)), m.group(1))
            joined = value if joined is None else joined + value
        elif m.group(2) is not None:
            continue
        else:
            if joined is not None:
                literals.append(joined)
            joined = None
    return literals


def write(target, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def main():
    for rel in ('tests/fixtures/article-example.json', 'data/sample/welcome.json'):
        write('article-json', open(os.path.join(top, rel), 'rb').read())
    for s in c_strings(os.path.join(top, 'tests', 'test-format.c')):
        if s.lstrip().startswith('{'):
            write('article-json', s.encode())

    for test in ('test-wp-blocks.c', 'test-wp-client.c', 'test-sync.c'):
        for s in c_strings(os.path.join(top, 'tests', test)):
            if '<!-- wp:' in s or '<figcaption' in s or '<p>' in s:
                write('wp-blocks', s.encode())

    answers = []
    for test in ('test-wp-client.c', 'test-sync.c'):
        answers += [s for s in c_strings(os.path.join(top, 'tests', test))
                    if s.lstrip()[:1] in ('{', '[')]
    # Byte 0: the reader (0 post, 2 list, 4 media, 6 terms; +16 companion),
    # byte 1: status index 0 (200, JSON) or 11 (404, JSON); see fuzz-wp-response.c.
    for s in answers:
        for reader in (0, 2, 4, 6, 16):
            write('wp-response', bytes([reader, 0]) + s.encode())
        if '"code"' in s:
            write('wp-response', bytes([0, 11]) + s.encode())
            write('wp-response', bytes([8, 16]) + b'120\n' + s.encode())
    write('wp-response', bytes([0, 0]) + b'<!DOCTYPE html><html><body><form>Accept the terms</form></body></html>')
    for target in sorted(os.listdir(out)):
        print(target, len(os.listdir(os.path.join(out, target))), 'seeds')


if __name__ == '__main__':
    sys.exit(main())
