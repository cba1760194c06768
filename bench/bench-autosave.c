/* bench-autosave.c: how long autosave holds up the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 250,000-word article in a store in a temporary folder, a BylineAutosave
 * watching it, and a timer that changes one paragraph every 20 ms, as
 * someone typing into it.  A 1 ms timeout records the gap between its ticks:
 * anything the main loop does in between (autosave's snapshot, finishing a
 * save, our own edit) shows up as a longer gap.  The time our edit itself
 * took is taken out of its gap, so what remains is what autosave costs the
 * main loop.
 *
 * A gap also grows when the kernel gives the CPU to another process, which
 * autosave cannot help; so the same typing first runs for as long without
 * autosave (the machine's own noise), and each gap's main-thread CPU time
 * is recorded too (the work the main thread really did in it).  Also times
 * byline_article_snapshot() on its own, the only part of saving that runs
 * on the main thread.
 *
 * Prints one line: stall_max_ms, stall_p99_ms (wall clock, with autosave),
 * busy_max_ms (main-thread CPU in one gap, with autosave), control_max_ms,
 * control_p99_ms (wall clock, no autosave), control_busy_max_ms (main-thread
 * CPU in one gap, no autosave), snapshot_med_ms,
 * snapshot_max_ms, edit_med_ms, saves, edits; exits non-zero when the store
 * does not hold the last edit at the end.
 */
#define G_LOG_DOMAIN "bench-autosave"

#include <time.h>

#include <glib/gstdio.h>

#include "byline-article.h"
#include "byline-article-snapshot.h"
#include "byline-autosave.h"
#include "byline-store.h"
#include "bench-text.h"

typedef struct
{
  GMainLoop      *loop;
  BylineArticle  *article;
  BylineAutosave *autosave;
  BylineBlock    *typing_block;
  GArray         *gaps;      /* double, ms, edit time taken out */
  GArray         *busy;      /* double, ms of main-thread CPU, edit taken out */
  GArray         *edit_ms;   /* double */
  gint64          last_tick;
  double          last_cpu;
  double          edit_in_gap;
  double          edit_cpu_in_gap;
  guint           saves;
  guint           edits;
  BylineAutosaveState last_state;
  gint64          start_time;
  gboolean        trace;
  gboolean        flushed;
  gboolean        flush_ok;
} Bench;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
sorted_percentile (GArray *values,
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
on_tick (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();
  double gap = (now - bench->last_tick) / 1000.0 - bench->edit_in_gap;
  double busy = cpu - bench->last_cpu - bench->edit_cpu_in_gap;

  g_array_append_val (bench->gaps, gap);
  g_array_append_val (bench->busy, busy);
  bench->last_cpu = cpu;
  bench->edit_cpu_in_gap = 0;
  if (bench->trace && (gap > 4.0 || busy > 2.0))
    g_printerr ("%8.1f ms: the main loop stalled %.2f ms, %.2f ms of it on the CPU (autosave %s)\n",
                (now - bench->start_time) / 1000.0, gap, busy,
                bench->autosave == NULL ? "not running yet" :
                bench->last_state == BYLINE_AUTOSAVE_SAVING ? "saving" : "idle");
  bench->last_tick = now;
  bench->edit_in_gap = 0;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_edit (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 start = g_get_monotonic_time ();
  double start_cpu = thread_cpu_ms ();
  g_autofree char *text = NULL;
  double took;

  /* One more letter at the end of the paragraph; a space now and then. */
  text = g_strconcat (byline_block_get_text (bench->typing_block),
                      bench->edits % 6 == 5 ? " " : "e", NULL);
  byline_block_set_text (bench->typing_block, text);
  bench->edits++;

  took = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (bench->edit_ms, took);
  bench->edit_in_gap += took;
  bench->edit_cpu_in_gap += thread_cpu_ms () - start_cpu;
  return G_SOURCE_CONTINUE;
}

static void
on_state (BylineAutosave *autosave,
          GParamSpec     *pspec,
          Bench          *bench)
{
  BylineAutosaveState state = byline_autosave_get_state (autosave);

  /* While typing goes on a save ends in "unsaved", not "saved". */
  if (bench->last_state == BYLINE_AUTOSAVE_SAVING && state != BYLINE_AUTOSAVE_FAILED)
    bench->saves++;
  if (state == BYLINE_AUTOSAVE_FAILED)
    g_printerr ("bench-autosave: a save failed: %s\n",
                byline_autosave_get_error (autosave));
  if (bench->trace)
    g_printerr ("%8.1f ms: autosave %s\n",
                (g_get_monotonic_time () - bench->start_time) / 1000.0,
                state == BYLINE_AUTOSAVE_SAVING ? "starts saving" :
                state == BYLINE_AUTOSAVE_SAVED ? "saved" :
                state == BYLINE_AUTOSAVE_UNSAVED ? "saved, more to save" : "failed");
  bench->last_state = state;
}

static gboolean
on_time_up (gpointer user_data)
{
  g_main_loop_quit (((Bench *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

/* Types into the article for @seconds while the 1 ms timer watches. */
static void
type_for (Bench *bench,
          int    seconds)
{
  guint tick_id, edit_id;

  bench->gaps = g_array_new (FALSE, FALSE, sizeof (double));
  bench->busy = g_array_new (FALSE, FALSE, sizeof (double));
  bench->edit_in_gap = bench->edit_cpu_in_gap = 0;
  bench->start_time = bench->last_tick = g_get_monotonic_time ();
  bench->last_cpu = thread_cpu_ms ();
  tick_id = g_timeout_add (1, on_tick, bench);
  edit_id = g_timeout_add (20, on_edit, bench);
  g_timeout_add_seconds ((guint) seconds, on_time_up, bench);
  g_main_loop_run (bench->loop);
  g_source_remove (edit_id);
  g_source_remove (tick_id);
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  bench->flush_ok = byline_autosave_flush_finish (BYLINE_AUTOSAVE (source), result, &error);
  if (error != NULL)
    g_printerr ("bench-autosave: the last save failed: %s\n", error->message);
  bench->flushed = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GArray) snapshot_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  int words = 250000;
  int seconds = 5;
  Bench bench = { 0 };
  double control_p99, control_max, control_busy_max;
  GOptionEntry entries[] = {
    { "words", 0, 0, G_OPTION_ARG_INT, &words, "Words in the article (250000)", "W" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long to type (5)", "S" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &bench.trace, "Print every save and every stall over 4 ms", NULL },
    { NULL }
  };

  context = g_option_context_new ("— measure autosave's stalls of the main loop");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      words < 100 || seconds < 1)
    {
      g_printerr ("bench-autosave: %s\n", error ? error->message : "--words >= 100, --seconds >= 1");
      return 2;
    }

  dir = g_dir_make_tmp ("byline-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-autosave: %s\n", error->message);
      return 1;
    }
  store = byline_store_new (dir);
  if (!byline_store_open_sync (store, NULL, &error))
    {
      g_printerr ("bench-autosave: opening the store: %s\n", error->message);
      return 1;
    }

  bench.article = byline_article_new ();
  bench_fill_article (bench.article, (guint) words, 0, NULL);
  /* The article is already in the store, as when a journalist reopens it. */
  if (!byline_store_save_article_sync (store, bench.article, NULL, &error))
    {
      g_printerr ("bench-autosave: first save: %s\n", error->message);
      return 1;
    }
  bench.typing_block = byline_article_get_block (bench.article,
                                                 byline_article_get_n_blocks (bench.article) / 2);
  /* bench_fill_article () makes only blocks with text. */
  g_assert (byline_block_has_text (bench.typing_block));

  /* Snapshot alone: after a change, as autosave takes it. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(BylineArticleSnapshot) snapshot = NULL;
      g_autofree char *text = g_strconcat (byline_block_get_text (bench.typing_block), "s", NULL);
      gint64 start;
      double took;

      byline_block_set_text (bench.typing_block, text);
      start = g_get_monotonic_time ();
      snapshot = byline_article_snapshot (bench.article);
      took = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (snapshot_ms, took);
    }

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.edit_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* The machine's own noise: the same typing, no autosave. */
  type_for (&bench, seconds);
  control_p99 = sorted_percentile (bench.gaps, 99);
  control_max = sorted_percentile (bench.gaps, 100);
  control_busy_max = sorted_percentile (bench.busy, 100);
  g_array_unref (bench.gaps);
  g_array_unref (bench.busy);

  /* Now with autosave.  It takes the article as saved; the first letter
   * typed makes it write the whole article, control-phase edits too. */
  bench.autosave = byline_autosave_new (store, bench.article);
  g_signal_connect (bench.autosave, "notify::state", G_CALLBACK (on_state), &bench);
  bench.last_state = byline_autosave_get_state (bench.autosave);
  type_for (&bench, seconds);

  byline_autosave_flush_async (bench.autosave, NULL, on_flushed, &bench);
  while (!bench.flushed)
    g_main_context_iteration (NULL, TRUE);

  /* What a journalist would check: the last letter typed is on disk. */
  stored = byline_store_load_sync (store, byline_article_get_id (bench.article), NULL, &error);
  if (stored == NULL)
    {
      g_printerr ("bench-autosave: reading back: %s\n", error->message);
      return 1;
    }

  {
    double snapshot_med = sorted_percentile (snapshot_ms, 50);
    double snapshot_max = sorted_percentile (snapshot_ms, 100);
    double stall_p99 = sorted_percentile (bench.gaps, 99);
    double stall_max = sorted_percentile (bench.gaps, 100);
    double busy_max = sorted_percentile (bench.busy, 100);
    double edit_med = sorted_percentile (bench.edit_ms, 50);
    gboolean same = bench.flush_ok && byline_article_equal (stored, bench.article);

    g_print ("stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f "
             "control_max_ms=%.2f control_p99_ms=%.2f control_busy_max_ms=%.2f snapshot_med_ms=%.3f "
             "snapshot_max_ms=%.3f edit_med_ms=%.3f saves=%u edits=%u words=%u saved_ok=%s\n",
             stall_max, stall_p99, busy_max, control_max, control_p99, control_busy_max,
             snapshot_med, snapshot_max, edit_med,
             bench.saves, bench.edits, byline_article_get_word_count (bench.article),
             same ? "yes" : "no");

    g_clear_object (&bench.autosave);
    g_clear_object (&bench.article);
    byline_store_close (store);
    g_clear_object (&store);
    g_array_unref (bench.gaps);
    g_array_unref (bench.busy);
    g_array_unref (bench.edit_ms);
    g_main_loop_unref (bench.loop);
    {
      /* The temporary folder holds only the store's files and media/. */
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            g_rmdir (path);
          else
            g_unlink (path);
        }
      g_rmdir (dir);
    }
    return same ? 0 : 1;
  }
}
