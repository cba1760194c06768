/* bench-checks.c: the checks panel on a long article — the worker's time,
 * and how long applying the result holds up the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A made-up article of --words words (250,000 by default); every
 * --defect-every'th paragraph (10) gets a doubled word, so the result list
 * is long (about 2,000 items for 250,000 words).
 *
 *   worker_ms — byline_checks_run_snapshot() on a thread of its own, the
 *               work the panel's GTask does (median of --runs, 3);
 *   panel     — the real BylineChecksPanel in a window: from setting the
 *               article until its "updated" signal (the list shown), a 1 ms
 *               timeout records the gaps between its ticks (stall) and the
 *               main thread's CPU time in each gap (busy); frame is the
 *               longest time between two frames (the window draws only
 *               when something changed).
 *
 * Needs a display (Xvfb) and GSK_RENDERER=cairo, like every figure in
 * docs/benchmarks.md.  Prints one line: words, items, worker_ms,
 * panel_ms (article set to list shown), stall_max_ms, stall_p99_ms,
 * busy_max_ms, frame_max_ms, then the same three maxima over a control
 * period of 2 s in which nothing happens (the machine's own noise).
 */
#define G_LOG_DOMAIN "bench-checks"

#include <time.h>

#include <adwaita.h>

#include "model/byline-article-snapshot.h"
#include "model/byline-checks.h"
#include "byline-checks-panel.h"
#include "byline-resources.h"
#include "byline-text-width.h"
#include "bench-text.h"

typedef struct
{
  GArray   *gaps;     /* double, ms */
  GArray   *busy;     /* double, ms of main-thread CPU in the gap */
  GArray   *frames;   /* double, ms between two frames */
  gint64    last_tick;
  double    last_cpu;
  gint64    last_frame;
  gboolean  recording;
} Probes;

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

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gboolean
on_timer (gpointer data)
{
  Probes *probes = data;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();

  if (probes->recording && probes->last_tick != 0)
    {
      double gap = (now - probes->last_tick) / 1000.0;
      double busy = cpu - probes->last_cpu;

      g_array_append_val (probes->gaps, gap);
      g_array_append_val (probes->busy, busy);
      if (busy > 5 && g_getenv ("BENCH_TRACE") != NULL)
        g_printerr ("%" G_GINT64_FORMAT ": busy %.2f ms in a %.2f ms gap\n", now / 1000, busy, gap);
    }
  probes->last_tick = now;
  probes->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_frame (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  Probes *probes = data;
  gint64 now = g_get_monotonic_time ();

  if (probes->recording && probes->last_frame != 0)
    {
      double gap = (now - probes->last_frame) / 1000.0;

      g_array_append_val (probes->frames, gap);
    }
  probes->last_frame = now;
  /* The window draws only when something changed: a full redraw of a
   * panel of rows costs ~20 ms with cairo on this machine by itself */
  return G_SOURCE_CONTINUE;
}

static gboolean
time_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, time_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_updated (BylineChecksPanel *panel,
            gpointer           data)
{
  *(gboolean *) data = TRUE;
}

typedef struct
{
  BylineArticleSnapshot *snapshot;
  guint                  n_items;
  double                 ms;
} WorkerRun;

static gpointer
worker (gpointer data)
{
  WorkerRun *run = data;
  BylineCheckOptions options;
  g_autoptr(GPtrArray) items = NULL;
  gint64 start = g_get_monotonic_time ();

  byline_check_options_init (&options);
  options.measure = byline_text_width_measure;
  items = byline_checks_run_snapshot (run->snapshot, &options, NULL);
  run->ms = (g_get_monotonic_time () - start) / 1000.0;
  run->n_items = items != NULL ? items->len : 0;
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GArray) worker_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window, *panel;
  Probes probes = { 0 };
  int words = 250000;
  int defect_every = 10;
  int runs = 3;
  guint n_items = 0;
  gboolean updated = FALSE;
  gint64 start;
  double panel_ms;
  double control[3];
  double snapshot_ms = 0, first_snapshot_ms = 0;
  guint timer;
  GOptionEntry entries[] = {
    { "words", 0, 0, G_OPTION_ARG_INT, &words, "Words in the article (250000)", "N" },
    { "defect-every", 0, 0, G_OPTION_ARG_INT, &defect_every, "A doubled word in every Nth paragraph (10)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Worker runs (3)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— measure the checks on a long article");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-checks needs a display\n");
      return 77;
    }
  adw_init ();
  byline_register_resource ();

  article = byline_article_new ();
  bench_fill_article (article, (guint) words, 0, NULL);
  for (guint i = 0; defect_every > 0 && i < byline_article_get_n_blocks (article); i += defect_every)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      g_autofree char *text = NULL;

      if (byline_block_get_kind (block) != BYLINE_BLOCK_PARAGRAPH)
        continue;
      text = g_strconcat ("The the ", byline_block_get_text (block), NULL);
      byline_block_set_text (block, text);
    }

  /* The panel takes a snapshot on the main thread: its cost, the second
   * time (the first fills the blocks' cached JSON, as autosave does when
   * the article is opened) */
  for (int i = 0; i < 2; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      BylineArticleSnapshot *snapshot = byline_article_snapshot (article);

      snapshot_ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (i == 0)
        first_snapshot_ms = snapshot_ms;
      byline_article_snapshot_unref (snapshot);
    }

  /* The worker's share, on a thread as in the panel */
  for (int i = 0; i < MAX (runs, 1); i++)
    {
      WorkerRun run = { byline_article_snapshot (article), 0, 0 };
      GThread *thread = g_thread_new ("checks", worker, &run);

      g_thread_join (thread);
      byline_article_snapshot_unref (run.snapshot);
      g_array_append_val (worker_ms, run.ms);
      n_items = run.n_items;
    }

  probes.gaps = g_array_new (FALSE, FALSE, sizeof (double));
  probes.busy = g_array_new (FALSE, FALSE, sizeof (double));
  probes.frames = g_array_new (FALSE, FALSE, sizeof (double));

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 800);
  panel = byline_checks_panel_new ();
  adw_window_set_content (ADW_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (panel, "updated", G_CALLBACK (on_updated), &updated);
  timer = g_timeout_add (1, on_timer, &probes);
  gtk_widget_add_tick_callback (window, on_frame, &probes, NULL);
  spin (1000);

  /* Control: the same probes while nothing happens */
  probes.recording = TRUE;
  spin (2000);
  probes.recording = FALSE;
  control[0] = percentile (probes.gaps, 100);
  control[1] = percentile (probes.busy, 100);
  control[2] = percentile (probes.frames, 100);
  g_array_set_size (probes.gaps, 0);
  g_array_set_size (probes.busy, 0);
  g_array_set_size (probes.frames, 0);
  probes.last_tick = probes.last_frame = 0;

  probes.recording = TRUE;
  start = g_get_monotonic_time ();
  byline_checks_panel_set_article (BYLINE_CHECKS_PANEL (panel), article);
  while (!updated)
    g_main_context_iteration (NULL, TRUE);
  /* The rows are drawn in the frames after the list changed */
  spin (500);
  panel_ms = (g_get_monotonic_time () - start) / 1000.0 - 500;
  probes.recording = FALSE;

  g_print ("words=%d items=%u shown=%u first_snapshot_ms=%.2f snapshot_ms=%.2f worker_ms=%.0f panel_ms=%.0f "
           "stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f frame_max_ms=%.2f "
           "control_stall_max_ms=%.2f control_busy_max_ms=%.2f control_frame_max_ms=%.2f\n",
           words, n_items,
           g_list_model_get_n_items (byline_checks_panel_get_items (BYLINE_CHECKS_PANEL (panel))),
           first_snapshot_ms, snapshot_ms,
           percentile (worker_ms, 50), panel_ms,
           percentile (probes.gaps, 100), percentile (probes.gaps, 99),
           percentile (probes.busy, 100), percentile (probes.frames, 100),
           control[0], control[1], control[2]);

  g_source_remove (timer);
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probes.gaps);
  g_array_unref (probes.busy);
  g_array_unref (probes.frames);
  return 0;
}
