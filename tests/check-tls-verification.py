#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""There is no switch that turns TLS certificate checks off.

Byline never lowers the validation flags of a TLS connection, never
accepts a certificate the system refused, and reads no setting or
environment variable that would do either.  This scans the sources
(src/) and the shipped data (data/: GSettings schema, desktop file) and
fails, naming file and line, on anything that could.  The one handler of
libsoup's "accept-certificate" must only ever return FALSE."""

import os
import re
import sys

top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')

FORBIDDEN = [
    (r'validation[-_]flags', 'lowers TLS validation'),
    (r'G_TLS_CERTIFICATE_VALIDATE_NONE|G_TLS_CERTIFICATE_NO_FLAGS', 'accepts any certificate'),
    (r'ssl[-_]strict|ssl[-_]use[-_]system[-_]ca[-_]file', 'libsoup 2 switch that ignored TLS errors'),
    # (byline-cli's --no-verify skips checking the account with the site,
    # not the certificate: that request is never made.)
    (r'(?i)(insecure[-_ ]?(tls|ssl|https|certificate)|(skip|ignore|no)[-_ ]?(tls|ssl|cert))',
     'a switch to skip certificate checks'),
    (r'GIO_USE_TLS|G_TLS_GNUTLS_PRIORITY', 'environment that changes TLS behaviour'),
]

problems = []
handlers = 0
for root in ('src', 'data'):
    for folder, _, files in os.walk(os.path.join(top, root)):
        for name in files:
            if not name.endswith(('.c', '.h', '.xml', '.in', '.ui', '.json')):
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding='utf-8', errors='replace').read()
            for number, line in enumerate(text.splitlines(), 1):
                for pattern, why in FORBIDDEN:
                    if re.search(pattern, line):
                        problems.append(f'{os.path.relpath(path, top)}:{number}: {why}: {line.strip()}')
            for m in re.finditer(r'"accept-certificate"\s*,\s*G_CALLBACK\s*\((\w+)\)', text):
                handlers += 1
                body = re.search(r'\n' + m.group(1) + r'\s*\([^)]*\)\s*\{(.*?)\n\}', text, re.S)
                if body is None:
                    problems.append(f'{os.path.relpath(path, top)}: cannot find the body of {m.group(1)}')
                elif re.search(r'return\s+(TRUE|1|!)', body.group(1)) or 'return FALSE' not in body.group(1):
                    problems.append(f'{os.path.relpath(path, top)}: {m.group(1)} may accept a certificate')

print(f'1..1')
if problems:
    for p in problems:
        print('# ' + p)
    print('not ok 1 - TLS verification can be turned off')
    sys.exit(1)
print(f'# {handlers} accept-certificate handler(s), each refusing')
print('ok 1 - no switch turns TLS verification off')
