#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The main flow by keyboard alone, checked through the accessibility tree.

Starts the built `byline` in fresh folders (the first start stores the
sample article), then, with real keystrokes (xdotool):

  1. Ctrl+N, a headline, Return, a standfirst, Return, a body paragraph;
  2. Ctrl+Alt+I, Ctrl+L and a photo's path in the file chooser, Return;
  3. F9 (the sidebar opens with the focus on a panel's button; when it was
     open already, F9 first closes it with the focus in the body), Right
     and Space to the Images panel, Tab to the new image's caption, credit
     and alt text, typing each; F9 closes the sidebar;
  4. F9, the Related panel, Tab to its search entry, "Saltmere" (the
     sample's headline), Tab to the first result's Attach button, Space;
  5. Ctrl+Shift+S (Sync) without an account, which asks for one.

The pointer is used once, to click the window's title at the start, and
`xdotool windowfocus` gives the keyboard back to the main window when the
file chooser closes: both are what a window manager does, and Xvfb has
none.

Where the focus is, what the panels hold and what Sync said are read
through AT-SPI (pyatspi) on the test's private D-Bus session, by role and
accessible name, as a screen reader would: a step waits for the focus to
land on the control it names, so a control without that name, or out of
keyboard reach, fails the test.  GTK 4.8 shows no focused state for an
AdwEntryRow's text field: the caption, credit and alt text are checked by
the text typing put in the row with that name.  At the end `byline-cli
export` must show the article with everything typed.

Exit status: 0 passed, 1 failed, 77 skipped (no X display or no xdotool).
pyatspi and the AT-SPI bus are required (build-aux/install-deps.sh
installs them): without them the test fails.  Output is TAP.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HEADLINE = 'Ferry timetable changes for winter e2e'
STANDFIRST = 'Fewer crossings from November, the council says'
BODY = 'The last boat now leaves at nine.'
CAPTION = 'The winter ferry at the north pier'
CREDIT = 'Test Photographer'
ALT = 'A white ferry moored at a stone pier'
SEARCH = 'Saltmere'
SYNC_TOAST = 'Add a WordPress account in Preferences to sync'
STEP_TIMEOUT = 10.0

steps = 0


def diag(text):
    for line in str(text).splitlines() or ['']:
        print(f'# {line}', flush=True)


def ok(what):
    global steps
    steps += 1
    print(f'ok {steps} - {what}', flush=True)


class Failed(Exception):
    pass


def skip_all(reason):
    print(f'1..0 # SKIP {reason}', flush=True)
    sys.exit(77)


def xdotool(*args):
    proc = subprocess.run(['xdotool', *args], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        raise Failed(f'xdotool {" ".join(args)} failed: {proc.stderr.strip()}')
    return proc.stdout


def xdotool_quiet(*args):
    """Its output, or '' when it fails (xdotool search finds nothing)"""
    proc = subprocess.run(['xdotool', *args], capture_output=True, text=True, timeout=30)
    return proc.stdout.strip() if proc.returncode == 0 else ''


def key(*names):
    for name in names:
        xdotool('key', '--clearmodifiers', name)
        time.sleep(0.08)


def type_text(text):
    xdotool('type', '--delay', '15', text)


def wait_for(what, probe, timeout=STEP_TIMEOUT):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
        except Exception as e:  # the tree changes under us
            last = e
            if isinstance(e, Failed):
                raise
        else:
            if last:
                return last
        time.sleep(0.1)
    raise Failed(f'timed out after {timeout:.0f} s waiting for {what} (last: {last!r})')


class App:
    """The running byline, seen through AT-SPI"""

    def __init__(self, pyatspi, pid):
        self.pyatspi = pyatspi
        self.pid = pid
        self.by_name = bool(os.environ.get('BYLINE_E2E_WRAPPER'))
        self.root = None

    def find_root(self):
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is None:
                    continue
                # Under a wrapper (gdb) byline is the wrapper's child
                if app.get_process_id() == self.pid or (self.by_name and app.name == 'byline'):
                    self.pid = app.get_process_id()
                    self.root = app
                    return app
            except Exception:
                continue
        return None

    def walk(self, node, depth=0):
        """Depth first.  GTK 4.8 sets no "showing" state on most nodes, so
        this walks everything, hidden stack pages too (~0.5 s)"""
        if node is None or depth > 60:
            return
        try:
            yield node
            n = node.childCount
        except Exception:
            return
        for i in range(n):
            try:
                child = node.getChildAtIndex(i)
            except Exception:
                continue
            yield from self.walk(child, depth + 1)

    def focused(self):
        for node in self.walk(self.root):
            try:
                if node.getState().contains(self.pyatspi.STATE_FOCUSED):
                    return node
            except Exception:
                continue
        return None

    def focused_name(self):
        node = self.focused()
        if node is None:
            return None
        return f'{node.getRoleName()}: {node.name}'

    def find(self, role, name=None, prefix=None):
        for node in self.walk(self.root):
            try:
                if role is not None and node.getRoleName() != role:
                    continue
                if name is not None and not named(node.name, name):
                    continue
                if prefix is not None and not (node.name or '').startswith(prefix):
                    continue
                return node
            except Exception:
                continue
        return None

    def dump(self):
        out = []
        for node in self.walk(self.root):
            try:
                out.append(f'{node.getRoleName()}: {node.name!r}')
            except Exception:
                continue
        return '\n'.join(out)

    def text_of(self, node):
        text = node.queryText()
        return text.getText(0, text.characterCount)


def named(actual, wanted):
    """GTK 4.8 joins a widget's label property and the text of what labels
    it: an entry row is "Caption of image 1 Caption" to AT-SPI.
    """
    actual = actual or ''
    return actual == wanted or actual.endswith(' ' + wanted) or actual.startswith(wanted + ' ')


def tab_to(app, name, keys=('Tab',), limit=40):
    """Presses @keys until the focus is on the control named @name"""
    seen = []
    for _ in range(limit):
        node = app.focused()
        current = node.name if node is not None else None
        if (callable(name) and current is not None and name(current)) or \
           (not callable(name) and named(current, name)):
            return node
        seen.append(f'{node.getRoleName()}: {current}' if node is not None else 'nothing')
        key(*keys)
        time.sleep(0.1)
    what = name if not callable(name) else (name.__doc__ or 'the control')
    raise Failed(f'{"+".join(keys)} never reached {what!r}; the focus went through: {seen}')


def focus_is(app, name):
    def probe():
        node = app.focused()
        return node is not None and named(node.name, name)
    return probe


def run(tmp, byline, cli, pyatspi):
    home = os.path.join(tmp, 'home')
    env = dict(os.environ)
    env.update({
        'HOME': home,
        'XDG_CONFIG_HOME': os.path.join(home, '.config'),
        'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
        'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
        'XDG_CACHE_HOME': os.path.join(home, '.cache'),
        'BYLINE_DATA_DIR': os.path.join(tmp, 'data'),
        'GSETTINGS_BACKEND': 'memory',
        'GSK_RENDERER': 'cairo',
        'GDK_BACKEND': 'x11',
        'GTK_A11Y': 'atspi',
        'LANGUAGE': 'en',
        'LC_ALL': 'C.UTF-8',
    })
    env.pop('NO_AT_BRIDGE', None)
    for k in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'):
        os.makedirs(env[k], exist_ok=True)
    os.makedirs(os.path.join(env['XDG_CONFIG_HOME'], 'gtk-4.0'))
    with open(os.path.join(env['XDG_CONFIG_HOME'], 'gtk-4.0', 'settings.ini'), 'w') as f:
        f.write('[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n')
    photo = os.path.join(tmp, 'winter-ferry.png')
    shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'sample', 'harbour.png'),
                photo)

    log_path = os.path.join(tmp, 'byline.log')
    with open(log_path, 'w') as log:
        # BYLINE_E2E_WRAPPER="gdb -batch -ex run -ex bt --args" for a backtrace
        wrapper = os.environ.get('BYLINE_E2E_WRAPPER', '').split()
        proc = subprocess.Popen(wrapper + [byline], env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
    app = App(pyatspi, proc.pid)
    try:
        wait_for('byline in the accessibility tree', app.find_root, timeout=20)
        frame = wait_for('the main window', lambda: app.find('frame'))
        ok(f'byline shows in the accessibility tree as {frame.name!r}')
        wait_for('the sample article in the list',
                 lambda: app.find('list item', prefix='Saltmere'))

        # No window manager: focus follows the pointer.  Click the middle of
        # the window's top edge (the header bar's title), then keys only.
        wid = wait_for('an X window',
                       lambda: xdotool('search', '--onlyvisible', '--pid', str(app.pid)).split()[-1])
        geo = {}
        for line in xdotool('getwindowgeometry', '--shell', wid).splitlines():
            k, _, v = line.partition('=')
            geo[k] = v
        xdotool('mousemove', '--sync', str(int(geo['X']) + int(geo['WIDTH']) // 2), str(int(geo['Y']) + 12))
        xdotool('click', '1')
        time.sleep(0.5)

        # 1. New article, headline, standfirst, body
        key('ctrl+n')
        wait_for('the focus in the headline', focus_is(app, 'Headline'))
        type_text(HEADLINE)
        key('Return')
        wait_for('the focus in the standfirst', focus_is(app, 'Standfirst'))
        type_text(STANDFIRST)
        key('Return')
        body = wait_for('the focus in the body', focus_is(app, 'Body'))
        type_text(BODY)
        wait_for('the new article in the list',
                 lambda: app.find('list item', prefix=HEADLINE))
        ok('Ctrl+N, headline, Return, standfirst, Return, body: each field has the focus in turn')

        # 2. Insert Image… by keyboard: the file chooser takes a typed path.
        # The dialog is watched through X, not AT-SPI: GTK 4.8's AT-SPI
        # bridge crashes the app (a NULL object path in a reply) when asked
        # for the children of a dialog being built or torn down.
        key('ctrl+End', 'Return')
        key('ctrl+alt+i')
        wait_for('the file chooser',
                 lambda: xdotool_quiet('search', '--onlyvisible', '--name', '^Insert Image$'))
        time.sleep(0.5)
        key('ctrl+l')
        time.sleep(0.3)
        type_text(photo)
        time.sleep(0.3)
        key('Return')
        wait_for('the file chooser to close',
                 lambda: not xdotool_quiet('search', '--onlyvisible', '--name', '^Insert Image$'))
        time.sleep(0.5)
        wait_for('the image in the body',
                 lambda: app.find('push button', name='Remove image from the story'))
        ok('Ctrl+Alt+I and a typed path insert the photo')

        # There is no window manager to give the keyboard back to the main
        # window when the dialog goes: do what it would
        xdotool('windowfocus', wid)
        time.sleep(0.3)

        # 3. F9: the sidebar, with the focus on a panel's switcher button.
        # The sidebar may be open already (it opens as it was left): then
        # F9 first closes it, and the focus must be in the body.
        toggle = wait_for('the sidebar toggle', lambda: app.find(None, name='Show sidebar'))
        states = toggle.getState()
        if states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_CHECKED):
            key('F9')
            wait_for('the focus in the body after F9 closed the sidebar', focus_is(app, 'Body'))
        key('F9')
        switcher = wait_for('the focus in the sidebar switcher',
                            lambda: (lambda n: n if n is not None and n.name in
                                     ('Headline', 'Checks', 'Images', 'Related') else None)(app.focused()))
        ok(f'F9 opens the sidebar with the focus on the {switcher.name!r} panel button')
        tab_to(app, 'Images', keys=('Right',), limit=6)
        key('space')
        # The card's "Show in the story" row, then its three entry rows.
        # GTK 4.8 exposes an AdwEntryRow's text field to AT-SPI only through
        # the row, without the focused state: what Tab reached is checked by
        # the text that typing put in the row named for the field.
        tab_to(app, lambda n: n.startswith('Show image 1 in the story'))
        for name, text in (('Caption of image 1', CAPTION), ('Credit of image 1', CREDIT),
                           ('Alt text of image 1', ALT)):
            key('Tab', 'ctrl+a')
            type_text(text)
            row = app.find('text', name=name)
            if row is None:
                raise Failed(f'no text field named {name!r} in the Images panel')
            wait_for(f'{text!r} in {name!r}', lambda: app.text_of(row) == text)
        ok('Tab reaches the caption, credit and alt text of image 1 in turn, and each takes typing')

        # F9 closes the sidebar and the focus is back in the body
        key('F9')
        wait_for('the focus back in the body', focus_is(app, 'Body'))
        ok('F9 closes the sidebar with the focus back in the body')

        # 4. Related: search the sample article and attach it
        key('F9')
        wait_for('the focus on the Images panel button', focus_is(app, 'Images'))
        tab_to(app, 'Related', keys=('Right',), limit=6)
        key('space')
        tab_to(app, 'Search stories to link')
        type_text(SEARCH)
        wait_for('a search result', lambda: app.find('push button', name='Attach'), timeout=15)
        attach = tab_to(app, 'Attach')
        # Not "_Attach Attach" (GTK 4.8's name for a mnemonic button)
        if attach.name != 'Attach':
            raise Failed(f'the Attach button reads as {attach.name!r} to a screen reader')
        key('space')
        wait_for('the attached story', lambda: app.find('push button', prefix='Remove “Saltmere'))
        ok('the Related panel: search, Tab to Attach, Space attaches the story')

        # 5. Sync without an account asks for one
        key('ctrl+shift+s')
        wait_for('the toast asking for an account', lambda: app.find('label', name=SYNC_TOAST))
        ok('Ctrl+Shift+S syncs (here: asks for an account in a toast)')

        # What the store kept, read back by byline-cli after the autosave
        time.sleep(2.0)
        cli_env = dict(env)

        def cli_run(*args):
            p = subprocess.run([cli, *args], env=cli_env, capture_output=True, text=True, timeout=60)
            if p.returncode != 0:
                raise Failed(f'byline-cli {" ".join(args)} exited {p.returncode}: {p.stderr.strip()}')
            return p.stdout

        def exported():
            for line in cli_run('list').splitlines():
                fields = line.split('\t')
                if len(fields) >= 4 and fields[3] == HEADLINE:
                    article = json.loads(cli_run('export', fields[0]))
                    images = [b.get('image') or {} for b in article.get('body', []) if b.get('type') == 'image']
                    if (article.get('standfirst') == STANDFIRST and
                            any(BODY in (b.get('text') or '') for b in article.get('body', [])) and
                            any(i.get('caption') == CAPTION and i.get('credit') == CREDIT and
                                i.get('alt') == ALT for i in images) and
                            any('Saltmere' in (r.get('headline') or '') for r in article.get('related', []))):
                        return article
                    return None
            return None

        try:
            wait_for('byline-cli export to show everything typed', exported, timeout=10)
        except Failed:
            for line in cli_run('list').splitlines():
                if HEADLINE in line:
                    diag(cli_run('export', line.split('\t')[0]))
            raise
        ok('byline-cli export: headline, standfirst, body, the image with caption, credit and alt, the related story')
    except Failed:
        if proc.poll() is not None:
            diag(f'byline exited with status {proc.returncode}')
        if app.root is not None:
            diag('--- what AT-SPI shows ---\n' + app.dump())
            diag('focused: ' + ', '.join(f'{n.getRoleName()}: {n.name}' for n in app.walk(app.root)
                                         if n.getState().contains(pyatspi.STATE_FOCUSED)))
        raise
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if steps < 9:
            with open(log_path, errors='replace') as f:
                diag('--- byline log (last lines) ---\n' + '\n'.join(f.read().splitlines()[-60:]))


def main():
    byline = os.environ.get('BYLINE') or shutil.which('byline')
    cli = os.environ.get('BYLINE_CLI') or shutil.which('byline-cli')
    if not os.environ.get('DISPLAY'):
        skip_all('no X display (run it under xvfb-run, as build-aux/test.sh does)')
    if not shutil.which('xdotool'):
        skip_all('xdotool is not installed')
    try:
        import pyatspi
    except ImportError as e:
        print(f'Bail out! pyatspi is missing ({e}): build-aux/install-deps.sh installs python3-pyatspi',
              flush=True)
        return 1
    for name, path in (('byline', byline), ('byline-cli', cli)):
        if not path or not os.access(path, os.X_OK):
            print(f'Bail out! {name} is not built ({path})', flush=True)
            return 1

    print('1..9', flush=True)
    tmp = tempfile.mkdtemp(prefix='byline-a11y-e2e-')
    started = time.monotonic()
    try:
        run(tmp, byline, cli, pyatspi)
    except (Failed, subprocess.TimeoutExpired, OSError) as e:
        print(f'not ok {steps + 1} - {str(e).splitlines()[0]}', flush=True)
        diag(e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        diag(f'took {time.monotonic() - started:.1f} s')
    return 0


if __name__ == '__main__':
    sys.exit(main())
