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


def tagged_jpeg():
    """A tiny JPEG whose only content is metadata: Exif (Artist,
    ImageDescription, Copyright), XMP (dc:creator, photoshop:Credit, the
    IPTC alt text) and IPTC (By-line, Credit, Caption), written by hand so
    the seed needs no image library."""
    import struct

    def segment(marker, payload):
        return struct.pack('>BBH', 0xFF, marker, len(payload) + 2) + payload

    entries = [(0x010E, b'Ferry at the stone pier\0'), (0x013B, b'Ana Lind\0'),
               (0x8298, b'Coast Press 2024\0')]
    ifd_start = 8
    data_start = ifd_start + 2 + 12 * len(entries) + 4
    ifd, blob = b'', b''
    for tag, value in entries:
        ifd += struct.pack('<HHII', tag, 2, len(value), data_start + len(blob))
        blob += value
    tiff = b'II*\0' + struct.pack('<I', ifd_start) + struct.pack('<H', len(entries)) + ifd + b'\0\0\0\0' + blob
    xmp = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
           'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" photoshop:Credit="Coast Press">'
           '<dc:creator><rdf:Seq><rdf:li>Ana Lind</rdf:li></rdf:Seq></dc:creator>'
           '<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">A white ferry at a stone pier'
           '</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility></rdf:Description></rdf:RDF></x:xmpmeta>'
           '<?xpacket end="w"?>').encode()
    iptc = b''
    for dataset, value in ((80, b'Ana Lind'), (110, b'Coast Press'), (120, b'The morning ferry leaves.')):
        iptc += struct.pack('>BBBH', 0x1C, 2, dataset, len(value)) + value
    irb = b'8BIM' + struct.pack('>H', 0x0404) + b'\0\0' + struct.pack('>I', len(iptc)) + iptc
    if len(iptc) % 2:
        irb += b'\0'
    sof = segment(0xC0, struct.pack('>BHHB', 8, 1, 1, 1) + bytes([1, 0x11, 0]))
    sos = segment(0xDA, struct.pack('>B', 1) + bytes([1, 0]) + bytes([0, 63, 0]))
    return (b'\xff\xd8' + segment(0xE1, b'Exif\0\0' + tiff) +
            segment(0xE1, b'http://ns.adobe.com/xap/1.0/\0' + xmp) +
            segment(0xED, b'Photoshop 3.0\0' + irb) + sof + sos + b'\0' + b'\xff\xd9')


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
    html_test = os.path.join(top, 'tests', 'test-html-reader.c')
    if os.path.exists(html_test):
        for s in c_strings(html_test):
            if '<' in s:
                write('html-reader', s.encode())

    # Photos: the repository's own images, small ones only (libFuzzer's
    # max_len is 64 KiB; exiv2 reads metadata from the start of a file).
    for folder in ('data/sample', 'tests/fixtures'):
        for name in sorted(os.listdir(os.path.join(top, folder))):
            if name.lower().endswith(('.png', '.jpg', '.jpeg', '.webp', '.tif')):
                data = open(os.path.join(top, folder, name), 'rb').read()
                write('image-metadata', data[:65536])
    write('image-metadata', tagged_jpeg())

    for target in sorted(os.listdir(out)):
        print(target, len(os.listdir(os.path.join(out, target))), 'seeds')


if __name__ == '__main__':
    sys.exit(main())
