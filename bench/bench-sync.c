/* bench-sync.c: how fast sync talks to a real WordPress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two cases, against a site started by tests/wordpress/wp-server.sh
 * (bench/sync-bench.sh starts one and runs both):
 *
 *   bench-sync push --url URL --user U --password P [--count N] [--dump DIR]
 *       A store in a temporary folder gets N drafts of a few paragraphs
 *       (bench-text.c), each saved and queued for the account; then a
 *       BylineSyncEngine on a BylineWpCms sends the outbox until it is
 *       empty.  Timed from starting the engine to its "idle" with an empty
 *       outbox.  Meanwhile a 1 ms timeout on the main loop records the gap
 *       between its ticks (wall clock, and the main thread's CPU time in
 *       it): the main-loop stall.  Every request the session sends is
 *       counted by kind, with its time to the response headers.  --dump
 *       writes every request (method, URL, content type, body) to DIR and a
 *       curl config that sends the same requests in the same order
 *       (bench/curl-push.sh runs it: the floor).
 *
 *   bench-sync list --url URL --user U --password P [--per-page 100] [--pages N]
 *       byline_cms_list_async () page by page (all statuses, as the pull
 *       does): for page 1 the time from the request to the response
 *       headers (the server's answer), from the headers to the body read,
 *       and from the headers to the items in the callback on the main
 *       loop; RSS after page 1, the middle page and the last; the longest
 *       main-loop stall.  A page's items are dropped after it arrives (as a
 *       pager does); --keep holds them all (as the pull does).
 *
 *   bench-sync tick [--ms 5000]
 *       Only the 1 ms timer, until --ms passed or SIGTERM: run beside
 *       bench/curl-push.sh, it shows how long the machine itself holds up
 *       a main loop under the same load.
 *
 * --trace prints every stall over 4 ms (or 1 ms of main-thread CPU) with
 * its time; --no-ticker leaves the 1 ms timer out (to see what it costs).
 * Each prints one line of key=value pairs on stdout.
 */
#define G_LOG_DOMAIN "bench-sync"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libsoup/soup.h>

#include "byline-article.h"
#include "byline-article-snapshot.h"
#include "byline-cms-item.h"
#include "byline-store.h"
#include "byline-sync-engine.h"
#include "byline-wp-cms.h"
#include "bench-text.h"

#define ACCOUNT "bench"

/* ------------------------------------------------------------------ */
/* The 1 ms ticker                                                      */

typedef struct
{
  GArray *gaps;       /* double, ms, wall clock */
  GArray *busy;       /* double, ms of main-thread CPU */
  gint64  start;
  gint64  last_tick;
  double  last_cpu;
  guint   id;
} Ticker;

static gboolean trace;
static gboolean no_ticker;

static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();
  double gap = (now - ticker->last_tick) / 1000.0;
  double busy = cpu - ticker->last_cpu;

  g_array_append_val (ticker->gaps, gap);
  g_array_append_val (ticker->busy, busy);
  if (trace && (gap > 4.0 || busy > 1.0))
    g_printerr ("%8.1f ms: the main loop stalled %.2f ms, %.2f ms of it on the main thread's CPU\n",
                (now - ticker->start) / 1000.0, gap, busy);
  ticker->last_tick = now;
  ticker->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
ticker_start (Ticker *ticker)
{
  ticker->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  ticker->busy = g_array_new (FALSE, FALSE, sizeof (double));
  ticker->start = ticker->last_tick = g_get_monotonic_time ();
  ticker->last_cpu = thread_cpu_ms ();
  if (!no_ticker)
    ticker->id = g_timeout_add (1, on_tick, ticker);
}

static void
ticker_stop (Ticker *ticker)
{
  g_clear_handle_id (&ticker->id, g_source_remove);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  rank = (guint) (p / 100.0 * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

/* ------------------------------------------------------------------ */
/* Watching the session                                                 */

typedef struct
{
  GMutex      lock;
  guint       n_requests;
  GHashTable *kinds;          /* "METHOD /route" → count */
  GArray     *ttfb;           /* double, ms: queued → response headers */
  double      send_sum_ms;    /* queued → request body written */
  double      wait_sum_ms;    /* request written → response headers */
  /* The last request's times (µs, monotonic): for the list case. */
  gint64      last_queued;
  gint64      last_headers;
  gint64      last_body;
} Watch;

static Watch watch;

typedef struct
{
  gint64 queued;
  gint64 wrote;
} MsgTimes;

static char *
kind_of (SoupMessage *msg)
{
  GUri *uri = soup_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  g_autofree char *route = NULL;
  g_autoptr(GString) kind = NULL;

  /* ?rest_route=/wp/v2/… when the site has no pretty permalinks. */
  if (query != NULL && g_str_has_prefix (query, "rest_route="))
    {
      const char *end = strchr (query, '&');
      g_autofree char *escaped = g_strndup (query + strlen ("rest_route="),
                                            end ? (gsize) (end - query) - strlen ("rest_route=") : strlen (query));
      route = g_uri_unescape_string (escaped, NULL);
    }
  else
    route = g_strdup (g_str_has_prefix (path, "/wp-json") ? path + strlen ("/wp-json") : path);
  if (route == NULL || *route == '\0')
    {
      g_free (route);
      route = g_strdup ("/");
    }

  /* Post ids and the like become N. */
  kind = g_string_new (soup_message_get_method (msg));
  g_string_append_c (kind, ' ');
  for (const char *p = route; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) && (p == route || p[-1] == '/'))
        {
          g_string_append_c (kind, 'N');
          while (g_ascii_isdigit (p[1]))
            p++;
        }
      else
        g_string_append_c (kind, *p);
    }
  return g_string_free (g_steal_pointer (&kind), FALSE);
}

static void
on_got_headers (SoupMessage *msg,
                gpointer     user_data)
{
  MsgTimes *times = g_object_get_data (G_OBJECT (msg), "bench-times");
  gint64 now = g_get_monotonic_time ();
  double ms;

  if (times == NULL)
    return;
  ms = (now - times->queued) / 1000.0;
  g_mutex_lock (&watch.lock);
  g_array_append_val (watch.ttfb, ms);
  if (times->wrote > 0)
    {
      watch.send_sum_ms += (times->wrote - times->queued) / 1000.0;
      watch.wait_sum_ms += (now - times->wrote) / 1000.0;
    }
  watch.last_headers = now;
  g_mutex_unlock (&watch.lock);
}

static void
on_wrote_body (SoupMessage *msg,
               gpointer     user_data)
{
  MsgTimes *times = g_object_get_data (G_OBJECT (msg), "bench-times");

  if (times != NULL)
    times->wrote = g_get_monotonic_time ();
}

static void
on_got_body (SoupMessage *msg,
             gpointer     user_data)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&watch.lock);
  watch.last_body = now;
  g_mutex_unlock (&watch.lock);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  MsgTimes *times = g_new0 (MsgTimes, 1);
  g_autofree char *kind = kind_of (msg);
  guint n;

  times->queued = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "bench-times", times, g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body), NULL);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), NULL);

  g_mutex_lock (&watch.lock);
  watch.n_requests++;
  watch.last_queued = times->queued;
  watch.last_headers = watch.last_body = 0;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (watch.kinds, kind));
  g_hash_table_replace (watch.kinds, g_steal_pointer (&kind), GUINT_TO_POINTER (n + 1));
  g_mutex_unlock (&watch.lock);
}

static void
watch_init (SoupSession *session)
{
  g_mutex_init (&watch.lock);
  watch.kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  watch.ttfb = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* "POST /wp/v2/posts:200,POST /wp/v2/tags:60" with spaces as '_'. */
static char *
watch_kinds (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  g_autofree char *joined = NULL;

  g_hash_table_iter_init (&iter, watch.kinds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (list, g_strdup_printf ("%s:%u", (char *) key, GPOINTER_TO_UINT (value)));
  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  joined = g_strjoinv (",", (char **) list->pdata);
  return g_strdelimit (g_steal_pointer (&joined), " ", '_');
}

/* ------------------------------------------------------------------ */
/* Dumping what was sent (SoupLogger), for the curl replay              */

typedef struct
{
  char    *dir;
  GString *curl_config;
  char    *user;
  char    *password;
  char    *base;            /* scheme://host:port */
  guint    n;
  /* The request being logged. */
  char    *method;
  char    *path;
  char    *content_type;
  GString *body;
  gboolean in_body;
} Dump;

static Dump dump;

static void
config_quote (GString    *out,
              const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
dump_flush (void)
{
  g_autofree char *body_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  if (dump.method == NULL)
    return;

  dump.n++;
  url = g_strconcat (dump.base, dump.path, NULL);
  if (dump.n > 1)
    g_string_append (dump.curl_config, "next\n");
  g_string_append (dump.curl_config, "url = ");
  config_quote (dump.curl_config, url);
  g_string_append (dump.curl_config, "\nrequest = ");
  config_quote (dump.curl_config, dump.method);
  g_string_append (dump.curl_config, "\nuser = ");
  {
    g_autofree char *credentials = g_strdup_printf ("%s:%s", dump.user, dump.password);
    config_quote (dump.curl_config, credentials);
  }
  g_string_append (dump.curl_config, "\nheader = \"Accept: application/json\"\n"
                   "header = \"Accept-Encoding: gzip, deflate\"\n");
  if (dump.body != NULL && dump.body->len > 0)
    {
      g_autofree char *name = g_strdup_printf ("%04u.body", dump.n);
      g_autofree char *at = NULL;

      body_path = g_build_filename (dump.dir, name, NULL);
      if (!g_file_set_contents (body_path, dump.body->str, dump.body->len, &error))
        g_printerr ("bench-sync: %s\n", error->message);
      g_string_append (dump.curl_config, "header = ");
      {
        g_autofree char *header = g_strdup_printf ("Content-Type: %s",
                                                   dump.content_type ? dump.content_type : "application/json");
        config_quote (dump.curl_config, header);
      }
      at = g_strconcat ("@", body_path, NULL);
      g_string_append (dump.curl_config, "\ndata-binary = ");
      config_quote (dump.curl_config, at);
      g_string_append_c (dump.curl_config, '\n');
    }
  g_string_append (dump.curl_config, "output = \"/dev/null\"\n");
  g_string_append (dump.curl_config,
                   "write-out = \"%{http_code} %{time_starttransfer} %{time_total} %{method} %{url_effective}\\n\"\n");

  g_clear_pointer (&dump.method, g_free);
  g_clear_pointer (&dump.path, g_free);
  g_clear_pointer (&dump.content_type, g_free);
  if (dump.body != NULL)
    g_string_truncate (dump.body, 0);
  dump.in_body = FALSE;
}

/* SoupLogger hands over the request line, each header, then the body. */
static void
dump_printer (SoupLogger         *logger,
              SoupLoggerLogLevel  level,
              char                direction,
              const char         *data,
              gpointer            user_data)
{
  if (g_getenv ("BENCH_SYNC_DEBUG_LOGGER") != NULL)
    g_printerr ("logger %d %c [%s]\n", level, direction, data);
  if (direction != '>')
    return;

  if (level == SOUP_LOGGER_LOG_MINIMAL)
    {
      g_auto(GStrv) parts = g_strsplit (data, " ", 3);

      if (g_strv_length (parts) == 3 && g_str_has_prefix (parts[2], "HTTP/"))
        {
          dump_flush ();
          dump.method = g_strdup (parts[0]);
          dump.path = g_strdup (parts[1]);
        }
      return;
    }
  if (dump.method == NULL)
    return;
  if (level == SOUP_LOGGER_LOG_BODY)
    {
      dump.in_body = TRUE;
      g_string_append (dump.body, data);
      return;
    }
  if (g_ascii_strncasecmp (data, "Content-Type: ", 14) == 0)
    {
      g_free (dump.content_type);
      dump.content_type = g_strdup (data + 14);
    }
}

static SoupLoggerLogLevel
log_requests (SoupLogger  *logger,
              SoupMessage *msg,
              gpointer     user_data)
{
  return SOUP_LOGGER_LOG_BODY;
}

static SoupLoggerLogLevel
log_nothing (SoupLogger  *logger,
             SoupMessage *msg,
             gpointer     user_data)
{
  return SOUP_LOGGER_LOG_NONE;
}

static void
dump_start (SoupSession *session,
            const char  *dir,
            const char  *url,
            const char  *user,
            const char  *password)
{
  g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_mkdir_with_parents (dir, 0755);
  dump.dir = g_strdup (dir);
  dump.curl_config = g_string_new (NULL);
  dump.user = g_strdup (user);
  dump.password = g_strdup (password);
  dump.body = g_string_new (NULL);
  dump.base = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
  /* g_uri_to_string_partial keeps the path: cut it. */
  {
    char *slash = strchr (strstr (dump.base, "://") + 3, '/');
    if (slash != NULL)
      *slash = '\0';
  }
  soup_logger_set_max_body_size (logger, -1);
  soup_logger_set_request_filter (logger, log_requests, NULL, NULL);
  soup_logger_set_response_filter (logger, log_nothing, NULL, NULL);
  soup_logger_set_printer (logger, dump_printer, NULL, NULL);
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (logger));
}

static gboolean
dump_finish (GError **error)
{
  g_autofree char *path = g_build_filename (dump.dir, "curl.cfg", NULL);

  dump_flush ();
  return g_file_set_contents (path, dump.curl_config->str, dump.curl_config->len, error);
}

/* ------------------------------------------------------------------ */
/* push                                                                 */

typedef struct
{
  GMainLoop    *loop;
  guint         synced;
  guint         failed;
  gint64        done_at;
} Push;

static void
on_state (BylineSyncEngine *engine,
          const char       *id,
          guint             state,
          const char       *message,
          Push             *push)
{
  if (state == BYLINE_SYNC_STATE_SYNCED)
    push->synced++;
  else if (state == BYLINE_SYNC_STATE_ERROR || state == BYLINE_SYNC_STATE_CONFLICT ||
           (state == BYLINE_SYNC_STATE_PENDING && message != NULL))
    {
      push->failed++;
      g_printerr ("bench-sync: %s: %s: %s\n", id, byline_sync_state_to_string (state),
                  message ? message : "");
    }
}

static void
on_idle (BylineSyncEngine *engine,
         Push             *push)
{
  push->done_at = g_get_monotonic_time ();
  g_main_loop_quit (push->loop);
}

static gboolean
on_give_up (gpointer user_data)
{
  Push *push = user_data;

  g_printerr ("bench-sync: timed out\n");
  g_main_loop_quit (push->loop);
  return G_SOURCE_REMOVE;
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static int
run_push (SoupSession *session,
          const char  *url,
          const char  *user,
          const char  *password,
          int          count,
          int          words,
          const char  *dump_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(BylineSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *kinds = NULL;
  Push push = { 0 };
  Ticker ticker = { 0 };
  gint64 enqueue_start, start;
  double total_ms, enqueue_ms, ttfb_sum = 0, cpu_start, cpu_ms;
  guint timeout_id;

  dir = g_dir_make_tmp ("byline-bench-sync-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }
  store = byline_store_new (dir);
  if (!byline_store_open_sync (store, NULL, &error))
    {
      g_printerr ("bench-sync: opening the store: %s\n", error->message);
      return 1;
    }

  /* The drafts, saved and queued as the editor does. */
  enqueue_start = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    {
      g_autoptr(BylineArticle) article = byline_article_new ();
      g_autoptr(BylineArticleSnapshot) snapshot = NULL;

      bench_fill_article (article, (guint) words, (guint) i, NULL);
      byline_article_set_status (article, BYLINE_ARTICLE_STATUS_DRAFT);
      snapshot = byline_article_snapshot (article);
      if (!byline_store_save_and_enqueue_sync (store, snapshot, ACCOUNT, NULL, &error))
        {
          g_printerr ("bench-sync: queueing: %s\n", error->message);
          return 1;
        }
    }
  enqueue_ms = (g_get_monotonic_time () - enqueue_start) / 1000.0;

  if (dump_dir != NULL)
    dump_start (session, dump_dir, url, user, password);

  cms = byline_wp_cms_new (session, url, user, password, &error);
  if (cms == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }
  engine = byline_sync_engine_new (store, BYLINE_CMS (cms), ACCOUNT, NULL);
  /* A transient failure would spoil the timing anyway: retry soon. */
  byline_sync_engine_set_base_delay_ms (engine, 200);
  byline_sync_engine_set_max_delay_ms (engine, 1000);
  push.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (engine, "article-state-changed", G_CALLBACK (on_state), &push);
  g_signal_connect (engine, "idle", G_CALLBACK (on_idle), &push);
  timeout_id = g_timeout_add_seconds (600, on_give_up, &push);

  ticker_start (&ticker);
  start = g_get_monotonic_time ();
  cpu_start = process_cpu_ms ();
  byline_sync_engine_start (engine);
  g_main_loop_run (push.loop);
  cpu_ms = process_cpu_ms () - cpu_start;
  ticker_stop (&ticker);
  g_source_remove (timeout_id);
  total_ms = ((push.done_at ? push.done_at : g_get_monotonic_time ()) - start) / 1000.0;

  byline_sync_engine_stop (engine);
  /* The signals queued before "idle". */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  left = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
  if (left == NULL)
    {
      g_printerr ("bench-sync: reading the outbox: %s\n", error->message);
      return 1;
    }
  if (dump_dir != NULL && !dump_finish (&error))
    {
      g_printerr ("bench-sync: writing the dump: %s\n", error->message);
      return 1;
    }

  g_mutex_lock (&watch.lock);
  for (guint i = 0; i < watch.ttfb->len; i++)
    ttfb_sum += g_array_index (watch.ttfb, double, i);
  kinds = watch_kinds ();
  g_print ("total_ms=%.1f enqueue_ms=%.1f posts=%d synced=%u failed=%u left=%u requests=%u "
           "requests_per_post=%.3f ttfb_sum_ms=%.1f ttfb_med_ms=%.2f send_sum_ms=%.1f wait_sum_ms=%.1f cpu_ms=%.0f "
           "stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f busy_p99_ms=%.3f ticks=%u kinds=%s\n",
           total_ms, enqueue_ms, count, push.synced, push.failed, left->len, watch.n_requests,
           count > 0 ? (double) watch.n_requests / count : 0.0, ttfb_sum,
           percentile (watch.ttfb, 50), watch.send_sum_ms, watch.wait_sum_ms, cpu_ms,
           percentile (ticker.gaps, 100), percentile (ticker.gaps, 99),
           percentile (ticker.busy, 100), percentile (ticker.busy, 99),
           ticker.gaps->len, kinds);
  g_mutex_unlock (&watch.lock);

  g_clear_object (&engine);
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
  g_clear_object (&cms);
  byline_store_close (store);
  g_clear_object (&store);
  remove_tree (dir);
  g_main_loop_unref (push.loop);
  g_array_unref (ticker.gaps);
  g_array_unref (ticker.busy);

  return (push.synced == (guint) count && left->len == 0) ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* list                                                                 */

typedef struct
{
  GAsyncResult *result;
  gint64        done_at;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->done_at = g_get_monotonic_time ();
  wait->result = g_object_ref (result);
}

static double
rss_mb (void)
{
  g_autofree char *contents = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &contents, NULL, NULL) ||
      sscanf (contents, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static int
run_list (SoupSession *session,
          const char  *url,
          const char  *user,
          const char  *password,
          int          per_page,
          int          max_pages,
          gboolean     keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_headers_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Ticker ticker = { 0 };
  guint total = 0, total_pages = 1, n_items = 0, middle;
  double rss_before, rss_first = 0, rss_middle = 0, rss_last = 0;
  double first_ttfb = 0, first_body = 0, first_items = 0, first_total = 0;
  gint64 start_all;
  Wait wait = { 0 };

  cms = byline_wp_cms_new (session, url, user, password, &error);
  if (cms == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }

  /* Connect first, as the app does: finds the API and checks the
   * password, so page 1 is one request. */
  byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, on_done, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), wait.result, &error);
  g_clear_object (&wait.result);
  if (identity == NULL)
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 1;
    }

  rss_before = rss_mb ();
  ticker_start (&ticker);
  start_all = g_get_monotonic_time ();
  for (guint page = 1; page <= total_pages && (max_pages <= 0 || page <= (guint) max_pages); page++)
    {
      g_autoptr(GPtrArray) items = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 queued, headers, body;
      double ms, after;

      wait.result = NULL;
      byline_cms_list_async (BYLINE_CMS (cms), BYLINE_CMS_STATUS_ALL, page, (guint) per_page,
                             NULL, on_done, &wait);
      while (wait.result == NULL)
        g_main_context_iteration (NULL, TRUE);
      items = byline_cms_list_finish (BYLINE_CMS (cms), wait.result, &total, &total_pages, &error);
      g_clear_object (&wait.result);
      if (items == NULL)
        {
          g_printerr ("bench-sync: page %u: %s\n", page, error->message);
          return 1;
        }
      /* Touch what a list row shows. */
      for (guint i = 0; i < items->len; i++)
        {
          BylineCmsItem *item = g_ptr_array_index (items, i);
          g_assert (byline_cms_item_get_headline (item) != NULL);
        }
      n_items += items->len;

      g_mutex_lock (&watch.lock);
      queued = watch.last_queued;
      headers = watch.last_headers;
      body = watch.last_body;
      g_mutex_unlock (&watch.lock);

      ms = (wait.done_at - start) / 1000.0;
      after = headers > 0 ? (wait.done_at - headers) / 1000.0 : 0;
      g_array_append_val (page_ms, ms);
      g_array_append_val (after_headers_ms, after);
      if (page == 1)
        {
          first_ttfb = headers > 0 ? (headers - queued) / 1000.0 : 0;
          first_body = body > 0 && headers > 0 ? (body - headers) / 1000.0 : 0;
          first_items = after;
          first_total = ms;
        }

      if (keep)
        g_ptr_array_add (kept, g_steal_pointer (&items));
      g_clear_pointer (&items, g_ptr_array_unref);

      middle = MAX (1, (total_pages + 1) / 2);
      if (page == 1)
        rss_first = rss_mb ();
      if (page == middle)
        rss_middle = rss_mb ();
      rss_last = rss_mb ();
    }
  ticker_stop (&ticker);

  g_print ("total=%u total_pages=%u items=%u per_page=%d keep=%s "
           "first_ttfb_ms=%.1f first_body_ms=%.2f first_after_headers_ms=%.2f first_total_ms=%.1f "
           "after_headers_med_ms=%.2f after_headers_max_ms=%.2f page_med_ms=%.1f all_pages_ms=%.0f "
           "rss_before_mb=%.1f rss_page1_mb=%.1f rss_middle_mb=%.1f rss_last_mb=%.1f "
           "stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f\n",
           total, total_pages, n_items, per_page, keep ? "yes" : "no",
           first_ttfb, first_body, first_items, first_total,
           percentile (after_headers_ms, 50), percentile (after_headers_ms, 100),
           percentile (page_ms, 50), (g_get_monotonic_time () - start_all) / 1000.0,
           rss_before, rss_first, rss_middle, rss_last,
           percentile (ticker.gaps, 100), percentile (ticker.gaps, 99), percentile (ticker.busy, 100));

  g_array_unref (ticker.gaps);
  g_array_unref (ticker.busy);
  return n_items == total ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* tick: the same 1 ms timer with nothing else to do, for the machine's  */
/* own noise while something else (curl) loads it                        */

static gboolean
on_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
run_tick (int seconds_ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Ticker ticker = { 0 };

  ticker_start (&ticker);
  g_timeout_add ((guint) seconds_ms, on_quit, loop);
  g_unix_signal_add (SIGTERM, on_quit, loop);
  g_unix_signal_add (SIGINT, on_quit, loop);
  g_main_loop_run (loop);
  ticker_stop (&ticker);
  g_print ("stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f ticks=%u\n",
           percentile (ticker.gaps, 100), percentile (ticker.gaps, 99),
           percentile (ticker.busy, 100), ticker.gaps->len);
  g_array_unref (ticker.gaps);
  g_array_unref (ticker.busy);
  return 0;
}

/* ------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *dump_dir = NULL;
  int count = 200, words = 250, per_page = 100, pages = 0, ms = 5000;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "The site (http://127.0.0.1:PORT)", "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "The user", "NAME" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "An application password (or $WP_APP_PASSWORD)", "P" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "push: drafts to send (200)", "N" },
    { "words", 0, 0, G_OPTION_ARG_INT, &words, "push: words per draft (250)", "W" },
    { "dump", 0, 0, G_OPTION_ARG_FILENAME, &dump_dir, "push: write the requests and a curl config to DIR", "DIR" },
    { "per-page", 0, 0, G_OPTION_ARG_INT, &per_page, "list: items per page (100)", "N" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages, "list: at most N pages (all)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "list: hold every page's items", NULL },
    { "ms", 0, 0, G_OPTION_ARG_INT, &ms, "tick: how long (5000)", "MS" },
    { "no-ticker", 0, 0, G_OPTION_ARG_NONE, &no_ticker, "Without the 1 ms timer (what it costs)", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Print every main-loop stall over 4 ms", NULL },
    { NULL }
  };

  context = g_option_context_new ("push|list|tick — time Byline's sync against a WordPress site");
  g_option_context_add_main_entries (context, entries, NULL);
  /* tick prints when told to stop; nothing must buffer it away. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 2;
    }
  if (argc == 2 && strcmp (argv[1], "tick") == 0)
    return run_tick (MAX (ms, 1));
  if (password == NULL)
    password = g_strdup (g_getenv ("WP_APP_PASSWORD"));
  if (argc != 2 || url == NULL || user == NULL || password == NULL ||
      (strcmp (argv[1], "push") != 0 && strcmp (argv[1], "list") != 0) ||
      count < 1 || words < 10 || per_page < 1 || per_page > 100)
    {
      g_printerr ("usage: bench-sync push|list|tick --url URL --user NAME --password P [options]\n");
      return 2;
    }

  session = soup_session_new ();
  soup_session_set_proxy_resolver (session, NULL);
  soup_session_set_timeout (session, 60);
  watch_init (session);

  if (strcmp (argv[1], "push") == 0)
    return run_push (session, url, user, password, count, words, dump_dir);
  return run_list (session, url, user, password, per_page, pages, keep);
}
