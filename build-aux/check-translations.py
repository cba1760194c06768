#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every language in po/LINGUAS translates every string.

Regenerates the template from the current sources into a temporary folder
(xgettext with the arguments of the build's byline-pot target, read from
build.ninja, so the check extracts exactly what `ninja byline-pot` does),
then for each language of po/LINGUAS:

  - `msgfmt -c --check-format` on the committed .po;
  - merges the .po with the fresh template (msgmerge, as `ninja
    byline-update-po` would) and fails, naming each string and where it
    comes from, when one is missing (untranslated) or fuzzy (its English
    changed since it was translated);
  - `msgfmt -c --check-format` on the merged result too, so a translation
    that no longer fits its new msgid's format is caught before a
    translator ever runs the update.

xgettext warnings fail the check as well: a msgid xgettext cannot read in
full (for example a G_GINT64_FORMAT macro inside _()) can never be
translated.

Usage: check-translations.py SOURCE_ROOT BUILD_ROOT
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = 'byline'

# Meson's 'glib' gettext preset (mesonbuild/modules/i18n.py), used only when
# build.ninja cannot be read; the build's own arguments win.
GLIB_PRESET_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def tool(name):
    path = shutil.which(name)
    if path is None:
        sys.exit(f'{name} is not installed (Debian package gettext)')
    return path


def xgettext_args(build_root):
    """The extra arguments of the byline-pot target, as the build runs it."""
    try:
        with open(os.path.join(build_root, 'build.ninja'), encoding='utf-8') as f:
            ninja = f.read()
    except OSError:
        ninja = ''
    m = re.search(r'gettext pot --pkgname=' + PACKAGE + r' .*?--extra-args=(\S*)', ninja)
    if m is None:
        print('note: byline-pot not found in build.ninja; using the glib preset', file=sys.stderr)
        return GLIB_PRESET_ARGS
    # Meson joins the arguments with @@; ninja escapes '$' and ' ' as '$$', '$ '.
    extra = m.group(1).replace('$ ', ' ').replace('$$', '$')
    return [a for a in extra.split('@@') if a]


def read_linguas(po_dir):
    langs = []
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            langs.extend(line.split())
    return langs


def parse_po(text):
    """Entries of a .po as dicts: refs, ctxt, msgid, flags, obsolete."""
    entries = []
    for block in re.split(r'\n\s*\n', text):
        entry = {'refs': [], 'flags': [], 'msgid': None, 'ctxt': None}
        field = None
        for line in block.splitlines():
            if line.startswith('#:'):
                entry['refs'].extend(line[2:].split())
            elif line.startswith('#,'):
                entry['flags'].extend(f.strip() for f in line[2:].split(','))
            elif line.startswith('#'):
                continue
            else:
                m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
                if m:
                    field = m.group(1)
                    value = m.group(2)
                elif line.startswith('"') and field:
                    value = line[1:-1]
                else:
                    continue
                if field == 'msgid':
                    entry['msgid'] = (entry['msgid'] or '') + value
                elif field == 'msgctxt':
                    entry['ctxt'] = (entry['ctxt'] or '') + value
        if entry['msgid']:
            entries.append(entry)
    return entries


def describe(entry):
    text = entry['msgid'].replace('\\n', ' ').replace('\\"', '"')
    if len(text) > 70:
        text = text[:67] + '...'
    where = entry['refs'][0] if entry['refs'] else 'no source'
    ctxt = f' [{entry["ctxt"]}]' if entry['ctxt'] else ''
    return f'“{text}”{ctxt} ({where})'


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source_root, build_root = (os.path.abspath(a) for a in sys.argv[1:])
    po_dir = os.path.join(source_root, 'po')
    problems = []

    with tempfile.TemporaryDirectory(prefix='byline-po-') as tmp:
        pot = os.path.join(tmp, PACKAGE + '.pot')
        cmd = [tool('xgettext'), '--package-name=' + PACKAGE, '-p', tmp, '-D', source_root,
               '-f', os.path.join(po_dir, 'POTFILES.in'), '-o', PACKAGE + '.pot',
               *xgettext_args(build_root)]
        result = run(cmd)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            sys.exit('xgettext failed: the template could not be made')
        for line in result.stderr.splitlines():
            if 'warning' in line:
                problems.append(f'xgettext: {line}')

        template = parse_po(open(pot, encoding='utf-8').read())
        n_strings = sum(1 for e in template if e['msgid'] != '')
        langs = read_linguas(po_dir)
        if not langs:
            problems.append('po/LINGUAS names no language')

        for lang in langs:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.isfile(po):
                problems.append(f'{lang}: po/{lang}.po is missing')
                continue

            check = run([tool('msgfmt'), '-c', '--check-format', '-o', os.devnull, po])
            if check.returncode != 0:
                problems.append(f'{lang}: msgfmt -c --check-format po/{lang}.po failed:\n'
                                + check.stderr.strip())

            merged = os.path.join(tmp, lang + '.po')
            merge = run([tool('msgmerge'), '--quiet', '--previous', '-o', merged, po, pot])
            if merge.returncode != 0:
                problems.append(f'{lang}: msgmerge failed:\n' + merge.stderr.strip())
                continue

            for what, option in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
                out = run([tool('msgattrib'), option, '--no-obsolete', merged])
                for entry in parse_po(out.stdout):
                    if entry['msgid'] == '':
                        continue
                    problems.append(f'{lang}: {what}: {describe(entry)}')

            check = run([tool('msgfmt'), '-c', '--check-format', '-o', os.devnull, merged])
            if check.returncode != 0:
                problems.append(f'{lang}: po/{lang}.po merged with the current template '
                                'does not pass msgfmt -c --check-format:\n' + check.stderr.strip())

            stats = run([tool('msgfmt'), '--statistics', '-o', os.devnull, merged])
            print(f'{lang}: {stats.stderr.strip()}')

    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f'{len(problems)} problem(s); translate the strings named above in '
              'po/LANG.po (see docs/translating.md)', file=sys.stderr)
        return 1
    print(f'{n_strings} strings, every one translated in: {" ".join(langs)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
