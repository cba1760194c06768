#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real crash: type into Byline with real keystrokes, SIGKILL it, and
check that nothing typed up to one second before the kill was lost.

Each round, in fresh folders: start `byline`, press Ctrl+N, type a
headline, a standfirst and body words one at a time (each a unique token
such as w0007x) with xdotool, kill the app with SIGKILL after a random 2-6
seconds of typing, then check the store with `sqlite3 ... PRAGMA
integrity_check` and read the article back with `byline-cli export`.  Every
word whose typing finished at least 1.0 s before the kill must be in the
body, in order.  Then Byline starts again on the same folder, must map its
window, and the text must still be there.

Needs an X display (build-aux/test.sh brings Xvfb) and xdotool; skips
without them.  Environment:
  BYLINE, BYLINE_CLI     paths of the built executables (set by meson)
  BYLINE_CRASH_ROUNDS    how many rounds (default 5)
  BYLINE_CRASH_SEED      seed for the random timings (default: random, printed)
Output is TAP.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APP_ID = 'io.github.byline.Byline'
MAP_TIMEOUT = 20.0
SAFE_MARGIN = 1.0
TOKEN = re.compile(r'w\d{4}x')


def diag(text):
    for line in str(text).splitlines() or ['']:
        print(f'# {line}', flush=True)


def skip_all(reason):
    print(f'1..0 # SKIP {reason}', flush=True)
    sys.exit(77)


class RoundFailed(Exception):
    pass


def xdotool(*args, check=True):
    proc = subprocess.run(['xdotool', *args], capture_output=True, text=True, timeout=30)
    if check and proc.returncode != 0:
        raise RoundFailed(f'xdotool {" ".join(args)} failed: {proc.stderr.strip()}')
    return proc.stdout


def wait_for_window(proc):
    """Poll every 50 ms until the process has a mapped window; its id."""
    deadline = time.monotonic() + MAP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RoundFailed(f'byline exited with status {proc.returncode} before its window was mapped')
        # Only this process's windows (GTK sets _NET_WM_PID): a window of
        # another program on the same display is never ours to type into.
        for wid in reversed(xdotool('search', '--onlyvisible', '--pid', str(proc.pid), check=False).split()):
            # A window may be gone again by the time we look at it.
            if subprocess.run(['xdotool', 'getwindowgeometry', wid], capture_output=True,
                              timeout=30).returncode == 0:
                return wid
        time.sleep(0.05)
    raise RoundFailed(f'no window mapped within {MAP_TIMEOUT:.0f} s')


def window_geometry(wid):
    geo = {}
    for line in xdotool('getwindowgeometry', '--shell', wid).splitlines():
        key, _, value = line.partition('=')
        geo[key] = int(value) if value.lstrip('-').isdigit() else value
    return geo


class Round:
    def __init__(self, number, rnd, byline, cli):
        self.number = number
        self.rnd = rnd
        self.byline = byline
        self.cli = cli
        self.tmp = tempfile.mkdtemp(prefix=f'byline-crash-{number}-')
        self.data_dir = os.path.join(self.tmp, 'data')
        home = os.path.join(self.tmp, 'home')
        self.env = dict(os.environ)
        self.env.update({
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
            'XDG_CACHE_HOME': os.path.join(home, '.cache'),
            'BYLINE_DATA_DIR': self.data_dir,
            'GSETTINGS_BACKEND': 'memory',
            'GSK_RENDERER': 'cairo',
            'GDK_BACKEND': 'x11',
        })
        for key in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'):
            os.makedirs(self.env[key], exist_ok=True)
        os.makedirs(os.path.join(self.env['XDG_CONFIG_HOME'], 'gtk-4.0'))
        with open(os.path.join(self.env['XDG_CONFIG_HOME'], 'gtk-4.0', 'settings.ini'), 'w') as f:
            f.write('[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n')
        self.procs = []
        self.logs = []

    def start_byline(self, label):
        log_path = os.path.join(self.tmp, f'byline-{label}.log')
        log = open(log_path, 'w')
        proc = subprocess.Popen([self.byline], env=self.env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.procs.append(proc)
        self.logs.append(log_path)
        return proc

    def stop(self, proc):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def cleanup(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def app_log(self):
        out = []
        for path in self.logs:
            try:
                with open(path, errors='replace') as f:
                    text = f.read().strip()
            except OSError:
                continue
            if text:
                out.append(f'--- {os.path.basename(path)} (last lines) ---')
                out.extend(text.splitlines()[-20:])
        return '\n'.join(out)

    def db_path(self):
        for candidate in (os.path.join(self.data_dir, 'byline.db'),
                          os.path.join(self.env['XDG_DATA_HOME'], APP_ID, 'byline.db')):
            if os.path.exists(candidate):
                return candidate
        raise RoundFailed(f'no byline.db in {self.data_dir} or under XDG_DATA_HOME')

    def cli_run(self, *args):
        proc = subprocess.run([self.cli, *args], env=self.env, capture_output=True,
                              text=True, timeout=60)
        if proc.returncode != 0:
            raise RoundFailed(f'byline-cli {" ".join(args)} exited {proc.returncode}: {proc.stderr.strip()}')
        return proc.stdout

    def read_article(self, headline):
        ids = []
        for line in self.cli_run('list').splitlines():
            fields = line.split('\t')
            if len(fields) >= 4 and fields[3] == headline:
                ids.append(fields[0])
        if len(ids) != 1:
            listing = self.cli_run('list')
            raise RoundFailed(f'expected one article headed {headline!r}, found {len(ids)}; '
                              f'byline-cli list said:\n{listing}')
        try:
            return json.loads(self.cli_run('export', ids[0]))
        except json.JSONDecodeError as e:
            raise RoundFailed(f'byline-cli export {ids[0]} printed invalid JSON: {e}')

    def check_store(self, headline, standfirst, required, when):
        result = subprocess.run(['sqlite3', self.db_path(), 'PRAGMA integrity_check'],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or result.stdout.strip() != 'ok':
            raise RoundFailed(f'{when}: PRAGMA integrity_check said {result.stdout.strip()!r} '
                              f'{result.stderr.strip()}')
        article = self.read_article(headline)
        if article.get('standfirst') != standfirst:
            raise RoundFailed(f'{when}: standfirst is {article.get("standfirst")!r}, '
                              f'typed {standfirst!r}')
        body = '\n'.join(block.get('text', '') for block in article.get('body', []))
        found = TOKEN.findall(body)
        if found[:len(required)] != required:
            missing = [w for w in required if w not in found]
            raise RoundFailed(f'{when}: the body lost words typed >= {SAFE_MARGIN} s before the kill; '
                              f'missing {missing[:10]}, expected {required[:3]}..{required[-3:]} '
                              f'in order, body has {found[:3]}..{found[-3:]}')
        return found

    def run(self):
        rnd = self.rnd
        proc = self.start_byline('first')
        wid = wait_for_window(proc)
        geo = window_geometry(wid)
        # No window manager: focus follows the pointer.  Click in the header
        # bar's middle, where there is only the title, then let the window
        # settle before the first key.
        xdotool('mousemove', '--sync', str(geo['X'] + geo['WIDTH'] // 2), str(geo['Y'] + 12))
        xdotool('click', '1')
        time.sleep(0.5)

        tag = rnd.randrange(10000)
        headline = f'Crash round {self.number} headline h{tag:04d}'
        standfirst = f'Standfirst of round {self.number} s{tag:04d}'
        xdotool('key', '--clearmodifiers', 'ctrl+n')
        time.sleep(0.4)
        xdotool('type', '--delay', '20', headline)
        xdotool('key', 'Return')
        xdotool('type', '--delay', '20', standfirst)
        xdotool('key', 'Return')

        typing_for = rnd.uniform(2.0, 6.0)
        start = time.monotonic()
        typed = []  # (word, time its typing finished)
        n = 0
        while time.monotonic() - start < typing_for:
            word = f'w{n:04d}x'
            xdotool('type', '--delay', str(rnd.randrange(5, 25)), word + ' ')
            typed.append((word, time.monotonic()))
            n += 1
            if rnd.random() < 0.1:
                time.sleep(rnd.uniform(0.0, 0.4))
        if proc.poll() is not None:
            raise RoundFailed(f'byline exited with status {proc.returncode} while typing')
        killed_at = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait()

        required = [w for w, t in typed if t <= killed_at - SAFE_MARGIN]
        diag(f'round {self.number}: typed {len(typed)} words in {typing_for:.1f} s, '
             f'{len(required)} of them >= {SAFE_MARGIN} s before SIGKILL')
        found = self.check_store(headline, standfirst, required, 'after SIGKILL')
        diag(f'round {self.number}: the store kept {len(found)} of {len(typed)} words')

        proc = self.start_byline('restart')
        wait_for_window(proc)
        self.check_store(headline, standfirst, required, 'after restart')
        self.stop(proc)
        return len(typed)


def main():
    byline = os.environ.get('BYLINE') or shutil.which('byline')
    cli = os.environ.get('BYLINE_CLI') or shutil.which('byline-cli')
    if not os.environ.get('DISPLAY'):
        skip_all('no X display (run it under xvfb-run, as build-aux/test.sh does)')
    if not shutil.which('xdotool'):
        skip_all('xdotool is not installed')
    if not shutil.which('sqlite3'):
        skip_all('the sqlite3 command-line tool is not installed')
    for name, path in (('byline', byline), ('byline-cli', cli)):
        # Not a skip: meson builds both before this test runs.
        if not path or not os.access(path, os.X_OK):
            print(f'Bail out! {name} is not built ({path})', flush=True)
            return 1

    rounds = int(os.environ.get('BYLINE_CRASH_ROUNDS', '5'))
    seed = int(os.environ.get('BYLINE_CRASH_SEED', str(random.randrange(1 << 30))))
    rnd = random.Random(seed)
    print(f'1..{rounds}', flush=True)
    diag(f'BYLINE_CRASH_SEED={seed}')

    failures = 0
    for k in range(1, rounds + 1):
        r = Round(k, rnd, byline, cli)
        try:
            words = r.run()
            print(f'ok {k} - round {k}: {words} words typed, all words typed >=1 s before kill present',
                  flush=True)
        except (RoundFailed, subprocess.TimeoutExpired, OSError) as e:
            failures += 1
            print(f'not ok {k} - round {k}: {str(e).splitlines()[0]}', flush=True)
            diag(e)
            diag(r.app_log())
        finally:
            r.cleanup()
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
