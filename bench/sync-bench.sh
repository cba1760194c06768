#!/usr/bin/env bash
# Sync against a real WordPress, side by side with curl (docs/benchmarks.md,
# "Sync").  One command: builds bench-sync, starts a private WordPress 6.1 +
# MariaDB on loopback (tests/wordpress/wp-server.sh, a free port, a
# temporary folder), runs both cases, stops it and prints a table.
#
#   bench/sync-bench.sh            200 drafts, 10,000 posts, 5 runs (~4 min)
#   bench/sync-bench.sh --quick    20 drafts, 500 posts, 3 runs (< 1 min)
#
# Options: --runs N, --drafts N, --posts N, --no-install, --no-build,
# --build-dir DIR (default _build-bench, an optimized build as Byline ships),
# --results DIR (default bench/results).
# Needs root (MariaDB and PHP run as root, as in the integration tests).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
runs=5 drafts=200 posts=10000 install=1 build=1
build_dir="$top/_build-bench" results="$here/results"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=3 drafts=20 posts=500 ;;
    --runs) runs=$2; shift ;;
    --drafts) drafts=$2; shift ;;
    --posts) posts=$2; shift ;;
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift ;;
    --results) results=$(realpath -m "$2"); shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sync-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -ne 0 ]; then
  echo "sync-bench.sh: needs root (MariaDB and PHP's server run as root, as in the integration tests)" >&2
  exit 2
fi

if [ $install -eq 1 ]; then
  "$top/build-aux/install-deps.sh"
fi
if [ $build -eq 1 ]; then
  [ -f "$build_dir/build.ninja" ] || meson setup --buildtype=debugoptimized "$build_dir" "$top" >/dev/null
  ninja -C "$build_dir" bench/bench-sync >/dev/null
fi
bench_sync="$build_dir/bench/bench-sync"
[ -x "$bench_sync" ] || { echo "sync-bench.sh: no $bench_sync (build first)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/byline-sync-bench-XXXXXX)
wp="$tmp/wp"
cleanup () {
  bash "$top/tests/wordpress/wp-server.sh" stop "$wp" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "Starting WordPress on 127.0.0.1:$port …" >&2
bash "$top/tests/wordpress/wp-server.sh" start "$wp" "$port" > "$tmp/wp.env"
# shellcheck disable=SC1091
source "$tmp/wp.env"
export WP_APP_PASSWORD

sql () { mariadb --no-defaults -S "$wp/mysqld.sock" -u root wordpress -N -e "$1"; }
base_post=$(sql "SELECT MAX(ID) FROM wp_posts")
base_term=$(sql "SELECT MAX(term_id) FROM wp_terms")

# Every run starts from the freshly installed site: no posts or terms from
# an earlier run (so each run creates the same terms and posts).
reset_site () {
  sql "DELETE FROM wp_postmeta WHERE post_id > $base_post;
       DELETE FROM wp_term_relationships WHERE object_id > $base_post;
       DELETE FROM wp_posts WHERE ID > $base_post;
       DELETE FROM wp_termmeta WHERE term_id > $base_term;
       DELETE FROM wp_term_taxonomy WHERE term_id > $base_term;
       DELETE FROM wp_terms WHERE term_id > $base_term;
       UPDATE wp_term_taxonomy t SET count = (SELECT COUNT(*) FROM wp_term_relationships r
                                              WHERE r.term_taxonomy_id = t.term_taxonomy_id);"
}

# Connections PHP's server accepted so far: one per request (it closes
# every connection), the server's own count of requests.
# CPU time (ms) PHP's processes and MariaDB's have used so far, from /proc:
# whether the server waits longer during a run or computes longer.
server_cpu () {
  python3 - <<'PYCPU'
import os
tick = 1000 / os.sysconf('SC_CLK_TCK')
php = db = 0
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        stat = open(f'/proc/{pid}/stat').read()
    except OSError:
        continue
    comm = stat[stat.index('(') + 1:stat.rindex(')')]
    fields = stat[stat.rindex(')') + 2:].split()
    used = sum(int(f) for f in fields[11:15]) * tick   # utime stime cutime cstime
    if comm.startswith('php'):
        php += used
    elif comm.startswith(('mariadbd', 'mysqld')):
        db += used
print(f'{php:.0f} {db:.0f}')
PYCPU
}

served () { grep -c ' Accepted$' "$wp/php.log" || true; }

companion_src="$top/data/wordpress/byline-companion.php"
companion_dst="$wp/content/mu-plugins/byline-companion.php"

raw="$tmp/raw"
: > "$raw"

# The server's own account of each request: when PHP started on it and
# when it finished (one line per request; both sides pay the same write).
cat > "$wp/content/mu-plugins/byline-bench-timing.php" <<PHP
<?php
register_shutdown_function(function () {
  file_put_contents('$wp/timing.log', sprintf("%.6f %.6f\\n", \$_SERVER['REQUEST_TIME_FLOAT'], microtime(true)), FILE_APPEND);
});
PHP
# server_proc_ms: PHP's time on all requests, summed; between_ms: from one
# request's end to the next one's start, summed (the client's own time,
# plus connecting).
server_times () {
  awk 'NR == 1 { first = $1 } NR > 1 { gap += $1 - end } { proc += $2 - $1; end = $2; n++ }
       END { printf "server_n=%d server_proc_ms=%.1f between_ms=%.1f", n, proc * 1000, gap * 1000 }' "$wp/timing.log"
}

# --- 1. Push drafts --------------------------------------------------------
for plugin in plain companion; do
  if [ "$plugin" = companion ]; then
    cp "$companion_src" "$companion_dst"
  else
    rm -f "$companion_dst"
  fi

  # A first run records what Byline sends (not timed, and warms the site).
  reset_site
  "$bench_sync" push --url "$WP_URL" --user "$WP_USER" --count "$drafts" --dump "$tmp/dump-$plugin" >/dev/null

  for run in $(seq "$runs"); do
    # Alternate who goes first, so a drift of the machine hits both alike.
    order="byline curl"
    [ $((run % 2)) -eq 0 ] && order="curl byline"
    for who in $order; do
      reset_site
      rm -f "$wp/timing.log"
      before=$(served)
      read -r php0 db0 < <(server_cpu)
      if [ "$who" = byline ]; then
        line=$("$bench_sync" push --url "$WP_URL" --user "$WP_USER" --count "$drafts")
      else
        # The same 1 ms timer, alone, while curl loads the machine alike:
        # how long the machine itself keeps a main loop waiting.
        "$bench_sync" tick --ms 600000 > "$tmp/tick.out" &
        tick_pid=$!
        line=$(bash "$here/curl-push.sh" "$tmp/dump-$plugin")
        kill -TERM "$tick_pid"
        wait "$tick_pid" || true
        line="$line $(sed 's/\([a-z0-9_]*\)=/control_\1=/g' "$tmp/tick.out")"
      fi
      after=$(served)
      read -r php1 db1 < <(server_cpu)
      echo "push $plugin $who run=$run server_requests=$((after - before)) $(server_times)" \
           "php_cpu_ms=$((php1 - php0)) db_cpu_ms=$((db1 - db0)) $line" | tee -a "$raw" >&2
    done
  done
done
rm -f "$companion_dst" "$wp/content/mu-plugins/byline-bench-timing.php"

# --- 2. List a site with many posts ------------------------------------------
reset_site
cat > "$tmp/make-posts.php" <<'PHP'
<?php
// php make-posts.php SITE HOST:PORT N — N small posts, straight through
// WordPress (wp_insert_post), in transactions, term counting deferred.
$_SERVER['HTTP_HOST'] = $argv[2];
$_SERVER['REQUEST_URI'] = '/';
define('WP_IMPORTING', true);
require $argv[1] . '/wp-load.php';
wp_set_current_user(1);
wp_defer_term_counting(true);
wp_suspend_cache_invalidation(true);
global $wpdb;
$words = explode(' ', 'harbour council ferry morning village budget report meeting road river bridge school teacher market farmer weather storm winter summer festival museum library station train timetable mayor minister vote plan street');
mt_srand(42);
$n = (int) $argv[3];
$t0 = microtime(true);
$wpdb->query('START TRANSACTION');
for ($i = 0; $i < $n; $i++) {
  $title = array();
  for ($w = 0; $w < 7; $w++) $title[] = $words[mt_rand(0, count($words) - 1)];
  $title = ucfirst(implode(' ', $title));
  $id = wp_insert_post(array('post_title' => $title, 'post_status' => ($i % 3 == 0) ? 'draft' : 'publish',
                             'post_content' => "<!-- wp:paragraph -->\n<p>$title.</p>\n<!-- /wp:paragraph -->",
                             'post_type' => 'post', 'post_author' => 1), true);
  if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
  if ($i % 1000 == 999) { $wpdb->query('COMMIT'); $wpdb->query('START TRANSACTION'); }
}
$wpdb->query('COMMIT');
wp_defer_term_counting(false);
printf("seconds=%.1f\n", microtime(true) - $t0);
PHP
echo "Making $posts posts …" >&2
gen=$(php "$tmp/make-posts.php" "$wp/site" "127.0.0.1:$port" "$posts" 2>>"$tmp/make-posts.log")
echo "make-posts posts=$posts $gen" | tee -a "$raw" >&2

page1="$WP_URL/wp-json/wp/v2/posts?context=edit&orderby=date&order=desc&_fields=id,title,status,modified_gmt,link&status=draft,pending,future,publish&page=1&per_page=100"
for run in $(seq "$runs"); do
  line=$("$bench_sync" list --url "$WP_URL" --user "$WP_USER")
  echo "list byline run=$run $line" | tee -a "$raw" >&2
  line=$(curl -s -o /dev/null -u "$WP_USER:$WP_APP_PASSWORD" -H 'Accept: application/json' \
           -w 'code=%{http_code} ttfb_ms=%{time_starttransfer} total_ms=%{time_total} bytes=%{size_download}' "$page1")
  echo "list curl run=$run $line" | tee -a "$raw" >&2
done
line=$("$bench_sync" list --url "$WP_URL" --user "$WP_USER" --keep)
echo "list byline-keep run=1 $line" | tee -a "$raw" >&2

# --- The table ----------------------------------------------------------------
mkdir -p "$results"
cp "$raw" "$results/sync-latest.raw"
python3 - "$raw" "$runs" "$drafts" "$posts" "$(nproc)" > "$results/sync-latest.md" <<'PY'
import statistics, sys
raw, runs, drafts, posts, cpus = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = []
for line in open(raw):
    words = line.split()
    kv = dict(w.split('=', 1) for w in words if '=' in w)
    rows.append((words[0], words[1], words[2], kv))

def vals(case, a, b, key, conv=float):
    return [conv(kv[key]) for c, x, y, kv in rows if c == case and x == a and y == b and key in kv]

def med(v):
    return statistics.median(v) if v else float('nan')

def fmt(v, unit='ms', digits=0):
    if not v:
        return '—'
    m = med(v)
    s = f"{m:,.{digits}f}"
    if len(v) > 1:
        s += f" ({min(v):,.{digits}f}–{max(v):,.{digits}f})"
    return s + (f" {unit}" if unit else '')

out = []
out.append(f"{runs} fresh run(s) per case; median (min–max). {cpus} CPU(s), loopback, "
           f"WordPress 6.1 on PHP's built-in server with 4 workers (no keep-alive), MariaDB on a socket.")
out.append("")
out.append("| case | Byline | curl (floor) | ratio | mark | met? |")
out.append("| --- | --- | --- | --- | --- | --- |")
marks_met, marks = 0, 0
for plugin, label in (('plain', 'no companion plugin'), ('companion', 'companion plugin')):
    b, c = vals('push', plugin, 'byline', 'total_ms'), vals('push', plugin, 'curl', 'total_ms')
    if not b:
        continue
    ratios = [x / y for x, y in zip(b, c)]
    ratio = med(b) / med(c) if c else float('nan')
    ok = ratio <= 1.15
    marks += 1; marks_met += ok
    out.append(f"| Push {drafts} drafts, {label}: total | {fmt(b)} | {fmt(c)} | {ratio:.2f}× "
               f"(per run {min(ratios):.2f}–{max(ratios):.2f}×) | ≤ 1.15× curl | {'yes' if ok else '**no**'} |")
    stall = vals('push', plugin, 'byline', 'stall_max_ms')
    busy = vals('push', plugin, 'byline', 'busy_max_ms')
    ok = bool(stall) and max(stall) <= 4
    marks += 1; marks_met += ok
    out.append(f"| Push, {label}: longest main-loop gap (wall clock) | {fmt(stall, digits=2)} | — | — | ≤ 4 ms in every run | {'yes' if ok else '**no**'} |")
    out.append(f"| Push, {label}: most main-thread CPU in one gap | {fmt(busy, digits=2)} | — | — | — | — |")
    ctl = vals('push', plugin, 'curl', 'control_stall_max_ms')
    if ctl:
        out.append(f"| Push, {label}: longest gap of the same 1 ms timer alone, while curl sends | — | {fmt(ctl, digits=2)} | — | — | — |")
    rb = vals('push', plugin, 'byline', 'requests_per_post')
    sb = vals('push', plugin, 'byline', 'server_requests')
    sc = vals('push', plugin, 'curl', 'server_requests')
    out.append(f"| Push, {label}: requests per post (server's count / {drafts}) | "
               f"{med(sb) / drafts:.2f} ({med(rb):.2f} counted by Byline) | {med(sc) / drafts:.2f} | — | same requests | "
               f"{'yes' if med(sb) == med(sc) else '**no**'} |")
    tb, tc = vals('push', plugin, 'byline', 'ttfb_sum_ms'), vals('push', plugin, 'curl', 'ttfb_sum_ms')
    mb, mc = vals('push', plugin, 'byline', 'ttfb_med_ms'), vals('push', plugin, 'curl', 'ttfb_med_ms')
    out.append(f"| Push, {label}: per request, to the first byte of the answer (median) | {fmt(mb, digits=1)} | {fmt(mc, digits=1)} | "
               f"{med(mb) / med(mc):.2f}× | — | — |")
    out.append(f"| Push, {label}: all requests' time to first byte, summed | {fmt(tb)} | {fmt(tc)} | "
               f"{med(tb) / med(tc):.2f}× | — | — |")
    sp, spc = vals('push', plugin, 'byline', 'server_proc_ms'), vals('push', plugin, 'curl', 'server_proc_ms')
    bw, bwc = vals('push', plugin, 'byline', 'between_ms'), vals('push', plugin, 'curl', 'between_ms')
    out.append(f"| Push, {label}: the server's own time on all requests (PHP start → end) | {fmt(sp)} | {fmt(spc)} | "
               f"{med(sp) / med(spc):.2f}× | — | — |")
    pc, pcc = vals('push', plugin, 'byline', 'php_cpu_ms'), vals('push', plugin, 'curl', 'php_cpu_ms')
    dc, dcc = vals('push', plugin, 'byline', 'db_cpu_ms'), vals('push', plugin, 'curl', 'db_cpu_ms')
    if pc and pcc and dc and dcc:
        out.append(f"| Push, {label}: the server's CPU time, PHP / MariaDB | {fmt(pc, '')} / {fmt(dc)} | {fmt(pcc, '')} / {fmt(dcc)} | "
                   f"{med(pc) / med(pcc):.2f}× / {med(dc) / med(dcc):.2f}× | — | — |")
    out.append(f"| Push, {label}: time between requests at the server (the client's own work + connecting) | {fmt(bw)} | {fmt(bwc)} | "
               f"+{(med(bw) - med(bwc)) / drafts:.1f} ms per post | — | — |")
    if bw and bwc and c:
        adj = (med(c) + med(bw) - med(bwc)) / med(c)
        out.append(f"| Push, {label}: ratio with the server's time taken as equal (curl total + Byline's extra time between requests) | — | — | {adj:.2f}× | — | — |")
    cpu = vals('push', plugin, 'byline', 'cpu_ms')
    out.append(f"| Push, {label}: Byline's CPU time (all threads, with the 1 ms timer) | {fmt(cpu)} | — | — | — | — |")

L = [kv for c, x, y, kv in rows if c == 'list' and x == 'byline']
C = [kv for c, x, y, kv in rows if c == 'list' and x == 'curl']
K = [kv for c, x, y, kv in rows if c == 'list' and x == 'byline-keep']
G = [kv for c, x, y, kv in rows if c == 'make-posts']
if L:
    get = lambda rs, k: [float(r[k]) for r in rs if k in r]
    total = L[0].get('total', '?')
    a = get(L, 'first_after_headers_ms')
    ok = bool(a) and med(a) <= 300
    marks += 1; marks_met += ok
    out.append(f"| List {int(total):,} posts, page 1 (100): server's answer (request → response headers) | "
               f"{fmt(get(L, 'first_ttfb_ms'))} | {fmt([float(r['ttfb_ms']) * 1000 for r in C])} | — | — | — |")
    out.append(f"| List, page 1: response headers → items on the main loop | {fmt(a, digits=1)} | "
               f"{fmt([(float(r['total_ms']) - float(r['ttfb_ms'])) * 1000 for r in C], digits=1)} (headers → body read) | — | ≤ 300 ms | {'yes' if ok else '**no**'} |")
    out.append(f"| List, page 1: of that, reading the body | {fmt(get(L, 'first_body_ms'), digits=1)} | — | — | — | — |")
    out.append(f"| List, every page: headers → items (median over pages, median of runs) | {fmt(get(L, 'after_headers_med_ms'), digits=1)} | — | — | — | — |")
    out.append(f"| List, every page: headers → items, slowest page | {fmt(get(L, 'after_headers_max_ms'), digits=1)} | — | — | — | — |")
    out.append(f"| List, all {L[0].get('total_pages')} pages one after another | {fmt(get(L, 'all_pages_ms'))} | — | — | — | — |")
    rss = [get(L, k) for k in ('rss_before_mb', 'rss_page1_mb', 'rss_middle_mb', 'rss_last_mb')]
    growth = [l - p for l, p in zip(rss[3], rss[1])]
    ok = bool(growth) and max(growth) <= 2
    marks += 1; marks_met += ok
    out.append(f"| List: RSS before / after page 1 / middle / last (pages dropped) | "
               f"{med(rss[0]):.1f} / {med(rss[1]):.1f} / {med(rss[2]):.1f} / {med(rss[3]):.1f} MB | — | — | flat (≤ 2 MB from page 1 to the last) | {'yes' if ok else '**no**'} |")
    if K:
        k = K[0]
        out.append(f"| List: RSS before / after page 1 / middle / last (every item kept, as the pull does) | "
                   f"{float(k['rss_before_mb']):.1f} / {float(k['rss_page1_mb']):.1f} / {float(k['rss_middle_mb']):.1f} / {float(k['rss_last_mb']):.1f} MB | — | — | — | — |")
    st = get(L, 'stall_max_ms')
    out.append(f"| List: longest main-loop gap while paging | {fmt(st, digits=2)} | — | — | — | — |")
if G:
    out.append(f"| Making {int(G[0]['posts']):,} posts (php-cli, wp_insert_post) | {float(G[0]['seconds']):.1f} s | — | — | — | — |")
out.append("")
out.append(f"Marks met: {marks_met} of {marks}.")
print("\n".join(out))
PY
cat "$results/sync-latest.md"
echo >&2
echo "Written to $results/sync-latest.md (every measurement: sync-latest.raw)" >&2
