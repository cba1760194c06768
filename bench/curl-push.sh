#!/usr/bin/env bash
# The floor for pushing drafts: the requests `bench-sync push --dump DIR`
# sent, sent again by one curl, one after another, in the same order, with
# the same method, URL, Basic auth, headers and bodies (DIR/curl.cfg).
#
#   bench/curl-push.sh DIR     prints one line of key=value pairs:
#       total_ms, requests, ttfb_sum_ms, ttfb_med_ms, bad (answers other
#       than 2xx, or 400 for a term that exists — which Byline gets too)
# Per-request lines (code, time to first byte, total, method, URL) are in
# DIR/curl.out.
set -euo pipefail

dir=${1:?usage: curl-push.sh DIR}
cfg="$dir/curl.cfg"
[ -f "$cfg" ] || { echo "curl-push.sh: no $cfg (run bench-sync push --dump $dir first)" >&2; exit 2; }

start=$(date +%s%N)
curl -s -K "$cfg" > "$dir/curl.out"
end=$(date +%s%N)

awk -v total_ns=$((end - start)) '
  { n++; ttfb[n] = $2 * 1000; sum += $2 * 1000
    if (!($1 ~ /^2/ || ($1 == 400 && $5 ~ /\/(tags|categories)$/))) bad++ }
  END {
    # median of the times to first byte
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (ttfb[j] < ttfb[i]) { t = ttfb[i]; ttfb[i] = ttfb[j]; ttfb[j] = t }
    med = n ? (n % 2 ? ttfb[(n + 1) / 2] : (ttfb[n / 2] + ttfb[n / 2 + 1]) / 2) : 0
    printf "total_ms=%.1f requests=%d ttfb_sum_ms=%.1f ttfb_med_ms=%.2f bad=%d\n", total_ns / 1e6, n, sum, med, bad + 0
  }' "$dir/curl.out"
