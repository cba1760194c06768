/* bench-spell.c: how long spell checking a long article holds up the
 * main loop, and how long the whole check takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real editor (BylineArticleEditor) in a window, given a made-up
 * article of --words words (250,000 by default) with spell checking off.
 * Once the text view has laid the text out and the window has been quiet
 * for a while, two periods are measured with the same probes:
 *
 *   control — --control-ms of nothing (the machine's and GTK's own noise);
 *   check   — spell checking turned on, until the checker has checked every
 *             word of the headline, standfirst and body and put every
 *             underline in place (its "busy" property goes FALSE).
 *
 * Probes: a 1 ms timeout records the gap between its ticks (any work the
 * main loop does in between shows as a longer gap), with the main thread's
 * CPU time in each gap; and a tick callback records the time between two
 * frames of the window (which keeps drawing, as it does while someone
 * types; --still leaves it alone).  Needs a display (Xvfb) and GSK_RENDERER=cairo like every figure
 * in docs/benchmarks.md.
 *
 * BENCH_TRACE=1 prints every gap with more than 2 ms of main-thread work.
 *
 * Prints one line: words, check_ms (all words checked and underlined),
 * words_checked, misspelt (underlined words in the body), stall_max_ms,
 * stall_p99_ms, busy_max_ms, frame_max_ms (during the check), then the
 * same four for the control period.
 */
#define G_LOG_DOMAIN "bench-spell"

#include <time.h>

#include <adwaita.h>

#include "byline-article-editor.h"
#include "byline-resources.h"
#include "byline-spell-checker-private.h"
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
  gboolean  still;
  gboolean  trace;
  gint64    started;
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
      if (probes->trace && busy > 2.0)
        g_printerr ("%8.1f ms: %.2f ms on the main thread in a %.2f ms gap\n",
                    (now - probes->started) / 1000.0, busy, gap);
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
  /* Keep the window drawing, as while typing */
  if (!probes->still)
    gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
start_recording (Probes *probes)
{
  g_array_set_size (probes->gaps, 0);
  g_array_set_size (probes->busy, 0);
  g_array_set_size (probes->frames, 0);
  probes->last_tick = probes->last_frame = 0;
  probes->started = g_get_monotonic_time ();
  probes->recording = TRUE;
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

static guint
count_underlined (GtkTextView *view,
                  GtkTextTag  *tag)
{
  GtkTextIter iter;
  guint n = 0;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &iter);
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    if (gtk_text_iter_starts_tag (&iter, tag))
      n++;
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = NULL;
  BylineArticleEditor *editor;
  BylineSpellChecker *checker;
  GtkWidget *window;
  Probes probes = { 0 };
  int words = 250000;
  int control_ms = 3000;
  int settle_ms = 4000;
  gboolean still = FALSE;
  double control[4], check[4];
  gint64 start;
  double check_ms;
  guint timer;
  GOptionEntry entries[] = {
    { "words", 0, 0, G_OPTION_ARG_INT, &words, "Words in the article (250000)", "N" },
    { "control-ms", 0, 0, G_OPTION_ARG_INT, &control_ms, "Length of the control period (3000)", "MS" },
    { "settle-ms", 0, 0, G_OPTION_ARG_INT, &settle_ms, "Wait after opening before measuring (4000)", "MS" },
    { "still", 0, 0, G_OPTION_ARG_NONE, &still, "Do not keep the window drawing every frame", NULL },
    { NULL }
  };

  context = g_option_context_new ("— measure spell checking's stalls of the main loop");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-spell needs a display\n");
      return 77;
    }
  adw_init ();
  /* Compiled with --manual-register: the editor's template is in there */
  byline_register_resource ();

  probes.still = still;
  probes.trace = g_getenv ("BENCH_TRACE") != NULL;
  probes.gaps = g_array_new (FALSE, FALSE, sizeof (double));
  probes.busy = g_array_new (FALSE, FALSE, sizeof (double));
  probes.frames = g_array_new (FALSE, FALSE, sizeof (double));

  article = byline_article_new ();
  bench_fill_article (article, (guint) words, 0, NULL);
  byline_article_set_language (article, "en");

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  editor = BYLINE_ARTICLE_EDITOR (byline_article_editor_new (NULL));
  checker = byline_article_editor_get_spell_checker (editor);
  byline_spell_checker_set_enabled (checker, FALSE);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  byline_article_editor_set_article (editor, article);
  gtk_widget_grab_focus (GTK_WIDGET (byline_article_editor_get_body_view (editor)));

  timer = g_timeout_add (1, on_timer, &probes);
  gtk_widget_add_tick_callback (window, on_frame, &probes, NULL);

  /* Let GTK lay the long text out first: that is not spelling's cost */
  spin ((guint) settle_ms);

  start_recording (&probes);
  spin ((guint) control_ms);
  probes.recording = FALSE;
  control[0] = percentile (probes.gaps, 100);
  control[1] = percentile (probes.gaps, 99);
  control[2] = percentile (probes.busy, 100);
  control[3] = percentile (probes.frames, 100);

  start_recording (&probes);
  start = g_get_monotonic_time ();
  byline_spell_checker_set_enabled (checker, TRUE);
  while (byline_spell_checker_get_busy (checker))
    g_main_context_iteration (NULL, TRUE);
  check_ms = (g_get_monotonic_time () - start) / 1000.0;
  probes.recording = FALSE;
  check[0] = percentile (probes.gaps, 100);
  check[1] = percentile (probes.gaps, 99);
  check[2] = percentile (probes.busy, 100);
  check[3] = percentile (probes.frames, 100);

  g_print ("words=%d check_ms=%.0f words_checked=%u misspelt=%u "
           "stall_max_ms=%.2f stall_p99_ms=%.2f busy_max_ms=%.2f frame_max_ms=%.2f "
           "control_stall_max_ms=%.2f control_stall_p99_ms=%.2f control_busy_max_ms=%.2f control_frame_max_ms=%.2f\n",
           words, check_ms, byline_spell_checker_get_words_checked (checker),
           count_underlined (byline_article_editor_get_body_view (editor),
                             byline_spell_checker_get_tag (checker, byline_article_editor_get_body_view (editor))),
           check[0], check[1], check[2], check[3],
           control[0], control[1], control[2], control[3]);

  g_source_remove (timer);
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probes.gaps);
  g_array_unref (probes.busy);
  g_array_unref (probes.frames);
  return 0;
}
