#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill loop (issue 8): SIGKILL Byline again and again while the
journalist types and while a sync runs against a real WordPress.

One WordPress + MariaDB on loopback (tests/wordpress/wp-server.sh, with the
companion plugin), one Byline store and one account (`byline-cli account
add`, the password in the test session's keyring) for the whole run.  Each
round is one kill: in the running `byline` press Ctrl+N and type a headline with a tag of the round (k0007), a standfirst and body
words (unique tokens such as w0012x) with xdotool; press Ctrl+Shift+S (save
and sync the open story) now and then; SIGKILL the app either

  - "typing": at a random moment while the words go in, or
  - "sync":   a random 0-250 ms after the store says the story is `syncing`
              (the push, a create for a story new this round, is in flight).

After every kill: `PRAGMA integrity_check` is ok and every word whose typing
ended >= 1.0 s before the kill is in the story, in order (read back with
`byline-cli export`).  Then `byline` starts again (its engine sends what
the kill left in the outbox) and, once the outbox has drained (nothing held
for the journalist):
every story of every round so far is on the site at most once (rows of
wp_posts, counted through the site's own MariaDB), a story the store links
to the site is there exactly once and under the linked id.  The words are
checked again after the restart too.

Needs an X display, xdotool, sqlite3, and root with mariadbd, php and
Debian's wordpress package; skips (exit 77) without them.  Environment:
  BYLINE, BYLINE_CLI     paths of the built executables (set by meson)
  BYLINE_KILL_ROUNDS     how many kills (default 10; the issue asks for 100)
  BYLINE_KILL_SEED       seed for the random timings (default: random, printed)
  BYLINE_KILL_KEEP       keep the temp folder (site, store, logs) when set
  BYLINE_KILL_MODE       "typing" or "sync": every kill of that kind (default: each
                         round picks one at random)
  BYLINE_KILL_COMPANION  a companion plugin file to run instead of data/wordpress's
                         (e.g. version 1.1, which has no client key: the duplicate
                         posts come back)
Output is TAP, one test point per round, and a summary line
"# kills survived N/M, words lost W, duplicate posts D".
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

APP_ID = 'io.github.byline.Byline'
MAP_TIMEOUT = 20.0
DRAIN_TIMEOUT = 60.0
SAFE_MARGIN = 1.0
TOKEN = re.compile(r'w\d{4}x')
ACCOUNT = 'desk'
HERE = os.path.dirname(os.path.abspath(__file__))


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
        for wid in reversed(xdotool('search', '--onlyvisible', '--pid', str(proc.pid), check=False).split()):
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


def have_program(name):
    return shutil.which(name) or os.access(os.path.join('/usr/sbin', name), os.X_OK)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Site:
    """The real WordPress of tests/wordpress/wp-server.sh."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, 'wp')
        self.script = os.path.join(HERE, 'wordpress', 'wp-server.sh')
        self.port = free_port()
        self.url = self.user = self.password = None

    def start(self):
        env = dict(os.environ)
        env['PATH'] = env.get('PATH', '') + ':/usr/sbin'
        proc = subprocess.run(['bash', self.script, 'start', self.dir, str(self.port), '--companion'],
                              capture_output=True, text=True, timeout=180, env=env)
        if proc.returncode != 0:
            raise RoundFailed(f'wp-server.sh start failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}')
        for line in proc.stdout.splitlines():
            key, _, value = line.partition('=')
            if key == 'WP_URL':
                self.url = value
            elif key == 'WP_USER':
                self.user = value
            elif key == 'WP_APP_PASSWORD':
                self.password = value
        if not (self.url and self.user and self.password):
            raise RoundFailed('wp-server.sh printed no URL, user or application password')
        other = os.environ.get('BYLINE_KILL_COMPANION')
        if other:
            # Another companion plugin (e.g. 1.1, before the client key),
            # for a figure to compare with: PHP reads it on the next request.
            shutil.copyfile(other, os.path.join(self.dir, 'content', 'mu-plugins', 'byline-companion.php'))

    def stop(self):
        subprocess.run(['bash', self.script, 'stop', self.dir], capture_output=True, timeout=60)

    def posts_by_tag(self):
        """{tag: [post ids]} of every post (not in the trash) with a kill-loop headline."""
        sql = ("SELECT ID, post_title FROM wp_posts WHERE post_type = 'post' "
               "AND post_status NOT IN ('trash', 'auto-draft', 'inherit') "
               "AND post_title LIKE 'Kill round %'")
        proc = subprocess.run(['mariadb', '--no-defaults', '-S', os.path.join(self.dir, 'mysqld.sock'),
                               '-u', 'root', '-N', '-B', 'wordpress', '-e', sql],
                              capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise RoundFailed(f'reading wp_posts failed: {proc.stderr.strip()}')
        posts = {}
        for line in proc.stdout.splitlines():
            post_id, _, title = line.partition('\t')
            m = re.search(r'\bk(\d{4})\b', title)
            if m:
                posts.setdefault(m.group(0), []).append(post_id)
        return posts


class Loop:
    def __init__(self, rnd, byline, cli, tmp):
        self.rnd = rnd
        self.byline = byline
        self.cli = cli
        self.tmp = tmp
        self.data_dir = os.path.join(tmp, 'data')
        home = os.path.join(tmp, 'home')
        self.env = dict(os.environ)
        self.env.update({
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
            'XDG_CACHE_HOME': os.path.join(home, '.cache'),
            'BYLINE_DATA_DIR': self.data_dir,
            # The account list is a setting: it must reach the app from
            # byline-cli, so a keyfile in the round's own config folder.
            'GSETTINGS_BACKEND': 'keyfile',
            'GSK_RENDERER': 'cairo',
            'GDK_BACKEND': 'x11',
            # Says when a retried create found the post its lost answer made
            'G_MESSAGES_DEBUG': 'byline-wp-cms',
        })
        for key in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'):
            os.makedirs(self.env[key], exist_ok=True)
        os.makedirs(os.path.join(self.env['XDG_CONFIG_HOME'], 'gtk-4.0'))
        with open(os.path.join(self.env['XDG_CONFIG_HOME'], 'gtk-4.0', 'settings.ini'), 'w') as f:
            f.write('[Settings]\ngtk-cursor-blink=false\ngtk-enable-animations=false\n')
        self.proc = None
        self.log_path = None
        self.starts = 0
        # tag -> {'headline', 'standfirst', 'required': [words]}
        self.stories = {}
        self.words_lost = 0
        self.sync_kills = 0
        self.sync_kills_caught = 0
        self.recovered = 0

    @property
    def duplicates(self):
        return sum(max(0, story.get('posts', 0) - 1) for story in self.stories.values())

    # --- processes -----------------------------------------------------

    def start_byline(self):
        self.count_recovered()
        self.starts += 1
        self.log_path = os.path.join(self.tmp, f'byline-{self.starts:03d}.log')
        with open(self.log_path, 'w') as log:
            self.proc = subprocess.Popen([self.byline], env=self.env, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT)
        return self.proc

    def kill_byline(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop_byline(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def count_recovered(self):
        """Creates whose answer a kill lost, found again by the client key."""
        try:
            with open(self.log_path, errors='replace') as f:
                self.recovered += f.read().count('already carries the client key')
        except (OSError, TypeError):
            pass

    def app_log(self):
        try:
            with open(self.log_path, errors='replace') as f:
                lines = f.read().strip().splitlines()
        except (OSError, TypeError):
            return ''
        if not lines:
            return ''
        return '\n'.join([f'--- {os.path.basename(self.log_path)} (last lines) ---'] + lines[-20:])

    def cli_run(self, *args, stdin=None):
        proc = subprocess.run([self.cli, *args], env=self.env, capture_output=True, text=True,
                              timeout=120, input=stdin)
        if proc.returncode != 0:
            raise RoundFailed(f'byline-cli {" ".join(args)} exited {proc.returncode}: {proc.stderr.strip()}')
        return proc.stdout

    # --- the store -----------------------------------------------------

    def db_path(self):
        path = os.path.join(self.data_dir, 'byline.db')
        if not os.path.exists(path):
            raise RoundFailed(f'no byline.db in {self.data_dir}')
        return path

    def query(self, sql, *params):
        """A short read of the store while the app may be writing (WAL)."""
        try:
            db = sqlite3.connect(f'file:{self.db_path()}?mode=ro', uri=True, timeout=5,
                                 isolation_level=None)
        except sqlite3.Error as e:
            raise RoundFailed(f'opening the store: {e}')
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def article_id(self, tag):
        rows = self.query("SELECT id FROM articles WHERE headline LIKE ? AND trashed_at IS NULL",
                          f'% {tag} %')
        return rows[0][0] if len(rows) == 1 else None

    def integrity(self, when):
        result = subprocess.run(['sqlite3', self.db_path(), 'PRAGMA integrity_check'],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or result.stdout.strip() != 'ok':
            raise RoundFailed(f'{when}: PRAGMA integrity_check said {result.stdout.strip()!r} '
                              f'{result.stderr.strip()}')

    def check_words(self, tag, when):
        story = self.stories[tag]
        ids = []
        for line in self.cli_run('list').splitlines():
            fields = line.split('\t')
            if len(fields) >= 4 and fields[3] == story['headline']:
                ids.append(fields[0])
        if len(ids) != 1:
            raise RoundFailed(f'{when}: expected one story headed {story["headline"]!r}, found {len(ids)}')
        try:
            article = json.loads(self.cli_run('export', ids[0]))
        except json.JSONDecodeError as e:
            raise RoundFailed(f'{when}: byline-cli export {ids[0]} printed invalid JSON: {e}')
        if article.get('standfirst') != story['standfirst']:
            raise RoundFailed(f'{when}: standfirst of {tag} is {article.get("standfirst")!r}, '
                              f'typed {story["standfirst"]!r}')
        body = '\n'.join(block.get('text', '') for block in article.get('body', []))
        found = TOKEN.findall(body)
        required = story['required']
        if found[:len(required)] != required:
            missing = [w for w in required if w not in found]
            self.words_lost += len(missing)
            raise RoundFailed(f'{when}: story {tag} lost words typed >= {SAFE_MARGIN} s before the kill; '
                              f'missing {missing[:10]}, expected {required[:3]}..{required[-3:]} '
                              f'in order, body has {found[:3]}..{found[-3:]}')
        return found

    def wait_for_drain(self):
        """Until the running app has sent every due outbox entry."""
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RoundFailed(f'byline exited with status {self.proc.returncode} while draining the outbox')
            rows = self.query('SELECT article_id, attempts, next_attempt_at, last_error FROM outbox')
            due = [r for r in rows if r[2] is not None]
            held = [r for r in rows if r[2] is None]
            if held:
                raise RoundFailed(f'the outbox holds entries for the journalist after a restart: {held}')
            if not due:
                return
            if time.monotonic() > deadline:
                raise RoundFailed(f'the outbox did not drain within {DRAIN_TIMEOUT:.0f} s: {due}')
            time.sleep(0.1)

    def check_site(self, site):
        """No story twice on the site; a linked story there exactly once."""
        posts = site.posts_by_tag()
        links = {}
        for article_id, remote_id in self.query('SELECT article_id, remote_id FROM remote_links'):
            links[article_id] = remote_id
        problems = []
        for tag, story in self.stories.items():
            found = posts.get(tag, [])
            # A duplicate stays on the site: count (and report) each once.
            seen = story.get('posts', 0)
            story['posts'] = max(seen, len(found))
            if len(found) > 1 and len(found) > seen:
                problems.append(f'story {tag} is on the site {len(found)} times (posts {", ".join(found)})')
            article_id = self.article_id(tag)
            remote_id = links.get(article_id) if article_id else None
            if remote_id is not None and remote_id not in found:
                problems.append(f'story {tag} is linked to post {remote_id}, which the site does not have '
                                f'(it has {found})')
        if problems:
            raise RoundFailed('; '.join(problems))

    # --- a round -------------------------------------------------------

    def after_restart(self, site, tag):
        """The checks that need the app running again: the words of the
        story just killed, the outbox drained, the site."""
        began = time.monotonic()
        wait_for_window(self.proc)
        mapped = time.monotonic()
        self.check_words(tag, 'after restart')
        self.wait_for_drain()
        self.integrity('after the outbox drained')
        self.check_site(site)
        diag(f'restart: window mapped in {mapped - began:.1f} s, outbox drained and site checked '
             f'{time.monotonic() - mapped:.1f} s later')

    def run_round(self, number, site):
        rnd = self.rnd
        proc = self.proc
        round_began = time.monotonic()
        wid = wait_for_window(proc)
        geo = window_geometry(wid)
        # Not --sync: with the pointer already there (the last round's
        # window sat in the same place) it waits ~15 s for a motion event.
        xdotool('mousemove', str(geo['X'] + geo['WIDTH'] // 2), str(geo['Y'] + 12))
        time.sleep(0.1)
        xdotool('click', '1')
        time.sleep(0.3)

        tag = f'k{number:04d}'
        headline = f'Kill round {number} {tag} headline'
        standfirst = f'Standfirst of round {number} s{number:04d}'
        story = {'headline': headline, 'standfirst': standfirst, 'required': []}
        self.stories[tag] = story
        xdotool('key', '--clearmodifiers', 'ctrl+n')
        time.sleep(0.4)
        xdotool('type', '--delay', '15', headline)
        xdotool('key', 'Return')
        xdotool('type', '--delay', '15', standfirst)
        xdotool('key', 'Return')

        mode = os.environ.get('BYLINE_KILL_MODE') or rnd.choice(['typing', 'sync'])
        killed = threading.Event()
        kill_lock = threading.Lock()
        kill_time = [None]
        caught = [False]

        def kill_now():
            # The timer, the watcher and the typing loop may all get here:
            # the first one kills, and its time is the kill's.
            with kill_lock:
                if not killed.is_set():
                    kill_time[0] = time.monotonic()
                    proc.send_signal(signal.SIGKILL)
                    killed.set()

        start = time.monotonic()
        if mode == 'typing':
            # A moment anywhere in 1-6 s of typing; a sync now and then.
            timer = threading.Timer(rnd.uniform(1.0, 6.0), kill_now)
            sync_at = [rnd.uniform(0.3, 5.0) for _ in range(rnd.randrange(0, 3))]
            watcher = None
        else:
            # Sync after some words, then kill while the push is out.
            self.sync_kills += 1
            sync_at = [rnd.uniform(0.5, 2.5)]
            delay = rnd.uniform(0.0, 0.25)
            timer = threading.Timer(12.0, kill_now)   # never caught syncing

            def watch():
                while not killed.is_set():
                    try:
                        article_id = self.article_id(tag)
                        state = self.query('SELECT sync_state FROM articles WHERE id = ?',
                                           article_id) if article_id else []
                    except (RoundFailed, sqlite3.Error):
                        state = []
                    if state and state[0][0] == 'syncing':   # the push has begun
                        caught[0] = True
                        time.sleep(delay)
                        kill_now()
                        return
                    time.sleep(0.01)
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        timer.start()

        typed = []  # (word, time its typing finished)
        n = 0
        try:
            while not killed.is_set():
                now = time.monotonic() - start
                if sync_at and now >= sync_at[0]:
                    sync_at.pop(0)
                    xdotool('key', '--clearmodifiers', 'ctrl+shift+s', check=False)
                    continue
                word = f'w{n:04d}x'
                xdotool('type', '--delay', str(rnd.randrange(5, 25)), word + ' ', check=False)
                done = time.monotonic()
                if killed.is_set():
                    break   # the word may or may not have gone in whole
                typed.append((word, done))
                n += 1
                if proc.poll() is not None and not killed.is_set():
                    raise RoundFailed(f'byline exited with status {proc.returncode} while typing')
        finally:
            timer.cancel()
            kill_now()
            proc.wait()
            if watcher is not None:
                watcher.join()
        if caught[0]:
            self.sync_kills_caught += 1

        killed_at = kill_time[0]
        story['required'] = [w for w, t in typed if t <= killed_at - SAFE_MARGIN]
        how = mode if mode == 'typing' else f'sync ({"in flight" if caught[0] else "never seen syncing"})'
        diag(f'round {number}: killed [{how}] after {killed_at - start:.1f} s, {len(typed)} words typed, '
             f'{len(story["required"])} of them >= {SAFE_MARGIN} s before the kill')
        self.integrity('after SIGKILL')
        found = self.check_words(tag, 'after SIGKILL')
        outbox = self.query('SELECT count(*) FROM outbox')[0][0]
        diag(f'round {number}: the store kept {len(found)} of {len(typed)} words; {outbox} in the outbox; '
             f'{start - round_began:.1f} s before typing, {time.monotonic() - killed_at:.1f} s of checks')
        return tag


def main():
    byline = os.environ.get('BYLINE') or shutil.which('byline')
    cli = os.environ.get('BYLINE_CLI') or shutil.which('byline-cli')
    if not os.environ.get('DISPLAY'):
        skip_all('no X display (run it under build-aux/own-display.sh or xvfb-run)')
    if not shutil.which('xdotool'):
        skip_all('xdotool is not installed')
    if not shutil.which('sqlite3'):
        skip_all('the sqlite3 command-line tool is not installed')
    if (os.getuid() != 0 or not have_program('mariadbd') or not have_program('mariadb')
            or not have_program('php')
            or not os.path.exists('/usr/share/wordpress/wp-settings.php')):
        skip_all("needs root, mariadbd, php and Debian's wordpress package")
    for name, path in (('byline', byline), ('byline-cli', cli)):
        if not path or not os.access(path, os.X_OK):
            print(f'Bail out! {name} is not built ({path})', flush=True)
            return 1

    rounds = int(os.environ.get('BYLINE_KILL_ROUNDS', '10'))
    seed = int(os.environ.get('BYLINE_KILL_SEED', str(random.randrange(1 << 30))))
    rnd = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix='byline-kill-loop-')
    print(f'1..{rounds}', flush=True)
    diag(f'BYLINE_KILL_SEED={seed} BYLINE_KILL_ROUNDS={rounds}')

    site = Site(tmp)
    loop = Loop(rnd, byline, cli, tmp)
    survived = 0
    failures = 0
    began = time.monotonic()
    try:
        try:
            site.start()
            loop.cli_run('account', 'add', ACCOUNT, '--url', site.url, '--user', site.user,
                         stdin=site.password + '\n')
        except (RoundFailed, subprocess.TimeoutExpired, OSError) as e:
            print(f'Bail out! setting up the site and the account: {str(e).splitlines()[0]}', flush=True)
            diag(e)
            return 1
        diag(f'WordPress at {site.url} up after {time.monotonic() - began:.1f} s')

        # Each round is one kill: type, kill, check the store; restart,
        # let the outbox drain, check the store and the site.  The app
        # started for the checks is the one the next round types into.
        for k in range(1, rounds + 1):
            try:
                if loop.proc is None or loop.proc.poll() is not None:
                    loop.start_byline()
                tag = loop.run_round(k, site)
                loop.start_byline()
                loop.after_restart(site, tag)
                survived += 1
                print(f'ok {k} - round {k}: killed, store intact, no word typed >= 1 s before the kill lost, '
                      f'outbox drained after the restart, no duplicate post', flush=True)
            except (RoundFailed, subprocess.TimeoutExpired, OSError, sqlite3.Error) as e:
                failures += 1
                print(f'not ok {k} - round {k}: {str(e).splitlines()[0]}', flush=True)
                diag(e)
                diag(loop.app_log())
                loop.kill_byline()
        loop.stop_byline()
    finally:
        loop.kill_byline()
        loop.count_recovered()
        site.stop()
        if os.environ.get('BYLINE_KILL_KEEP'):
            diag(f'kept {tmp}')
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    diag(f'kills survived {survived}/{rounds}, words lost {loop.words_lost}, '
         f'duplicate posts {loop.duplicates}; kills while a push was in flight '
         f'{loop.sync_kills_caught}/{loop.sync_kills}, lost creates found again by their client key '
         f'{loop.recovered}; {time.monotonic() - began:.0f} s')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
