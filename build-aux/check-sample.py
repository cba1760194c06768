#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check data/sample/welcome.json, the first-start sample article.

1. It shows every part of an article (what it is there to show): all the
   top-level fields, a lead image whose alt text differs from its caption,
   every block type, bold, italic and a link, and two related stories.
2. Byline reads it: `byline-cli import` stores it in a scratch store and
   `byline-cli export` gives back the same article, field by field.

Usage: check-sample.py SAMPLE_JSON BYLINE_CLI
"""

import json
import os
import subprocess
import sys
import tempfile

problems = []


def need(condition, message):
    if not condition:
        problems.append(message)


def check_parts(a):
    for key in ('section', 'headline', 'seo_title', 'social_headline', 'standfirst', 'byline'):
        need(isinstance(a.get(key), str) and a[key].strip(), f'{key} is empty')
    need(a.get('status') == 'draft', 'status is not "draft"')
    need(len(a.get('tags') or []) >= 2, 'fewer than two tags')
    lead = a.get('lead_image') or {}
    for key in ('src', 'caption', 'credit', 'alt'):
        need(lead.get(key), f'lead_image.{key} is empty')
    need(lead.get('alt') != lead.get('caption'), 'lead_image.alt repeats the caption')
    need(str(lead.get('credit', '')).startswith('© BYLINE SAMPLE 2026 / '), 'lead_image.credit is not the sample credit')
    types = [b.get('type') for b in a.get('body', [])]
    for t in ('paragraph', 'subheading', 'quote', 'image', 'card'):
        need(t in types, f'no {t} block in the body')
    need(any(b.get('attribution') for b in a.get('body', []) if b.get('type') == 'quote'),
         'no quote with an attribution')
    marks = {m.get('type') for b in a.get('body', []) for m in b.get('marks', [])}
    for t in ('bold', 'italic', 'link'):
        need(t in marks, f'no {t} mark in the body')
    need(len(a.get('related') or []) == 2, 'not exactly two related stories')
    words = sum(len(b.get('text', '').split()) for b in a.get('body', []))
    need(300 <= words <= 500, f'the body has {words} words, not 300-500')


def check_round_trip(path, sample, cli):
    if not os.access(cli, os.X_OK):
        problems.append(f'{cli} is not built')
        return
    with tempfile.TemporaryDirectory(prefix='byline-sample-') as tmp:
        env = dict(os.environ, BYLINE_DATA_DIR=os.path.join(tmp, 'data'),
                   XDG_DATA_HOME=os.path.join(tmp, 'share'), HOME=tmp)
        imp = subprocess.run([cli, 'import', path], env=env, capture_output=True, text=True, timeout=60)
        if imp.returncode != 0:
            problems.append(f'byline-cli import failed ({imp.returncode}): {imp.stderr.strip()}')
            return
        new_id = imp.stdout.strip().split()[-1] if imp.stdout.strip() else ''
        exp = subprocess.run([cli, 'export', new_id], env=env, capture_output=True, text=True, timeout=60)
        if exp.returncode != 0:
            problems.append(f'byline-cli export {new_id} failed ({exp.returncode}): {exp.stderr.strip()}')
            return
        back = json.loads(exp.stdout)
        # The id may be fresh and the times are the store's; everything the
        # journalist reads must come back unchanged.
        for key, value in sample.items():
            if key in ('id', 'created', 'modified'):
                continue
            need(back.get(key) == value, f'{key} changed in the round trip: {back.get(key)!r}')


def main():
    path, cli = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        sample = json.load(f)
    check_parts(sample)
    check_round_trip(path, sample, cli)
    for p in problems:
        print(f'{os.path.basename(path)}: {p}', file=sys.stderr)
    if not problems:
        print(f'{os.path.basename(path)}: every part present, and byline-cli reads it back unchanged')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
