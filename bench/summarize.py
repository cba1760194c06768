#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Turns bench/run.sh's raw lines ("case=NAME run=N key=value …") into the
# Markdown table of docs/benchmarks.md: for each number the median of the
# runs and their range, Byline beside its peer, the ratio, the mark and
# whether it is met.

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

PAIR = re.compile(r'(\w+)=("[^"]*"|\S+)')


def parse(path):
    cases = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = {k: v.strip('"') for k, v in PAIR.findall(line)}
            if 'case' in fields:
                cases.setdefault(fields['case'], []).append(fields)
    return cases


def values(cases, case, key):
    out = []
    for fields in cases.get(case, []):
        try:
            if key == 'ready_ms':
                # Settled on screen and idle: whichever came later.
                out.append(max(float(fields['settled_ms']), float(fields['idle_ms'])))
            else:
                out.append(float(fields[key]))
        except (KeyError, ValueError):
            pass
    return out


def errors(cases, case):
    return [f['error'] for f in cases.get(case, []) if 'error' in f]


def cell(vals, unit, scale=1.0, digits=0):
    if not vals:
        return '—'
    vals = [v * scale for v in vals]
    unit = (' ' + unit) if unit else ''

    def num(v):
        return '{:,.{}f}'.format(v, digits)

    med = num(statistics.median(vals)) + unit
    if len(vals) == 1:
        return med
    return '%s (%s–%s)' % (med, num(min(vals)), num(max(vals)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('raw')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--articles', type=int, default=1000)
    ap.add_argument('--many', type=int, default=10000)
    ap.add_argument('--words', type=int, default=250000)
    args = ap.parse_args()

    cases = parse(args.raw)
    rows = []
    verdicts = []

    def row(label, ours, peer, peer_name, mark, limit=None, ratio_limit=None,
            unit='ms', digits=0, scale=1.0, worst=False):
        ratio = ''
        met = '—'
        if ours and peer:
            r = statistics.median(ours) / statistics.median(peer)
            ratio = '%.2f×' % r
            if ratio_limit is not None:
                met = 'yes' if r <= ratio_limit else '**no**'
        if ours and limit is not None:
            # "Never more than": judged on the worst run, not the median.
            judged = max(ours) if worst else statistics.median(ours)
            within = judged * scale <= limit
            # Both an absolute mark and "no worse than the peer": both count.
            if ratio_limit is not None and ratio:
                within = within and r <= ratio_limit
            met = 'yes' if within else '**no**'
        if (limit is not None or ratio_limit is not None) and (not ours or (ratio_limit and not peer)):
            met = 'not measured'
        rows.append('| %s | %s | %s | %s | %s | %s |' % (
            label, cell(ours, unit, scale, digits),
            (cell(peer, unit, scale, digits) + ' ' + peer_name) if peer else '—',
            ratio or '—', mark, met))
        if met != '—':
            verdicts.append((label, met))

    n, w = args.articles, args.words
    row('Window mapped, %s articles in the store' % format(n, ','),
        values(cases, 'byline-list', 'mapped_ms'), values(cases, 'bare', 'mapped_ms'),
        '(bare window)', '≤ 1.3× bare', ratio_limit=1.3)
    row('Window settled, %s articles in the store' % format(n, ','),
        values(cases, 'byline-list', 'settled_ms'), values(cases, 'bare', 'settled_ms'),
        '(bare window)', '—')
    row('Window mapped, %s articles in the store' % format(args.many, ','),
        values(cases, 'byline-many', 'mapped_ms'), values(cases, 'bare', 'mapped_ms'),
        '(bare window)', '≤ 1.5× bare', ratio_limit=1.5)
    row('Window settled, %s articles in the store' % format(args.many, ','),
        values(cases, 'byline-many', 'settled_ms'), values(cases, 'bare', 'settled_ms'),
        '(bare window)', '—')
    row('%s-word article: window mapped' % format(w, ','),
        values(cases, 'byline-big', 'mapped_ms'), values(cases, 'gte-big', 'mapped_ms'),
        '(Text Editor)', '—')
    # The mark: "settled" ≤ 0.8× Text Editor, settled meaning it
    # stops redrawing; judged on screen and again when the process is idle.
    row('%s-word article: opened, settled on screen' % format(w, ','),
        values(cases, 'byline-big', 'settled_ms'), values(cases, 'gte-big', 'settled_ms'),
        '(Text Editor)', '≤ 0.8× Text Editor', ratio_limit=0.8)
    row('%s-word article: opened, settled and idle' % format(w, ','),
        values(cases, 'byline-big', 'ready_ms'), values(cases, 'gte-big', 'ready_ms'),
        '(Text Editor)', '≤ 0.8× Text Editor', ratio_limit=0.8)
    row('Keystroke in it, median',
        values(cases, 'byline-big', 'key_med_ms'), values(cases, 'gte-big', 'key_med_ms'),
        '(Text Editor)', '≤ 3 ms and ≤ Text Editor', limit=3.0, ratio_limit=1.0, digits=2)
    row('Keystroke in it, p95',
        values(cases, 'byline-big', 'key_p95_ms'), values(cases, 'gte-big', 'key_p95_ms'),
        '(Text Editor)', '≤ 5 ms and ≤ Text Editor', limit=5.0, ratio_limit=1.0, digits=2)
    row('Keystroke in it, slowest',
        values(cases, 'byline-big', 'key_max_ms'), values(cases, 'gte-big', 'key_max_ms'),
        '(Text Editor)', '—', digits=2)
    row('Peak RSS with the article open',
        values(cases, 'byline-big', 'rss_kb'), values(cases, 'gte-big', 'rss_kb'),
        '(Text Editor)', '≤ Text Editor', ratio_limit=1.0, unit='MB', scale=1 / 1024)
    row('CPU time of the whole run',
        values(cases, 'byline-big', 'cpu_ms'), values(cases, 'gte-big', 'cpu_ms'),
        '(Text Editor)', '—')
    row('Autosave: longest main-thread work between two 1 ms ticks',
        values(cases, 'autosave', 'busy_max_ms'), values(cases, 'autosave', 'control_busy_max_ms'),
        '(same typing, no autosave)', '≤ 4 ms in every run', limit=4.0,
        digits=2, worst=True)
    row('Autosave: longest main-loop gap, wall clock',
        values(cases, 'autosave', 'stall_max_ms'), values(cases, 'autosave', 'control_max_ms'),
        '(same typing, no autosave)', '—', digits=2)
    row('Autosave: p99 main-loop gap, wall clock',
        values(cases, 'autosave', 'stall_p99_ms'), values(cases, 'autosave', 'control_p99_ms'),
        '(same typing, no autosave)', '—', digits=2)
    row('Autosave: `byline_article_snapshot()`, median',
        values(cases, 'autosave', 'snapshot_med_ms'), [], '', '—', digits=3)
    row('Autosave: saves done while typing',
        values(cases, 'autosave', 'saves'), [], '', '—', unit='')

    # The same text in a bare GtkSourceView: how much of the cost is GTK's.
    ref = []
    for key, label, digits in (('settled_ms', 'opened, settled on screen', 0),
                               ('ready_ms', 'opened, settled and idle', 0),
                               ('key_med_ms', 'keystroke median', 2),
                               ('key_p95_ms', 'keystroke p95', 2)):
        ref.append('| bare GtkSourceView, same text: %s | %s |' % (
            label, cell(values(cases, 'bare-big', key), 'ms', 1.0, digits)))

    sizes = sorted({(c, f.get('win', '?')) for c, fs in cases.items() for f in fs if 'win' in f})

    out = []
    out.append('## Measured %s' % datetime.datetime.now().strftime('%Y-%m-%d %H:%M'))
    out.append('')
    out.append('%d fresh run(s) per case; median (min–max) over the runs. '
               'GSK_RENDERER=cairo, Xvfb 1280×800×24, no window manager, %d CPU(s), %s.'
               % (args.runs, os.cpu_count() or 0, platform.machine()))
    try:
        gte = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'gnome-text-editor'],
                             capture_output=True, text=True).stdout.strip()
        if gte:
            out.append('Peer: GNOME Text Editor %s (Debian), `--standalone`, the same text as .txt.' % gte)
    except OSError:
        pass
    out.append('')
    out.append('| case | Byline | peer | ratio | mark | met? |')
    out.append('| --- | --- | --- | --- | --- | --- |')
    out.extend(rows)
    out.append('')
    out.append('| reference | median (min–max) |')
    out.append('| --- | --- |')
    out.extend(ref)
    out.append('')
    if sizes:
        out.append('Window sizes: ' + ', '.join('%s %s' % s for s in sizes) + '.')
        out.append('')
    failed = {c: errors(cases, c) for c in cases if errors(cases, c)}
    for c, errs in sorted(failed.items()):
        out.append('- `%s` failed %d time(s): %s' % (c, len(errs), errs[0]))
    if failed:
        out.append('')
    missed = [l for l, m in verdicts if m != 'yes']
    if verdicts:
        out.append('Marks met: %d of %d.%s' % (
            len(verdicts) - len(missed), len(verdicts),
            (' Missed or not measured: ' + '; '.join(missed) + '.') if missed else ''))
    print('\n'.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
