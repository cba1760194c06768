/* bench-related-panel.c: typing in the Related panel's search with a
 * newsroom-sized story cache
 *
 * The real window and BylineRelatedPanel, a store with N cached stories
 * (default 20,000; headlines of a few common newsroom words, so a few
 * letters match thousands) and a picture for each.  Queries are typed a
 * letter at a time (each letter inserted at the end, as typing does:
 * gtk_editable_set_text() would empty the entry first, a search for
 * nothing at every key); for each keystroke from a query's third letter
 * it prints how long until the results are in the panel's model, until
 * the next frame is drawn, the longest single main-loop turn meanwhile
 * (a keystroke typed then would wait that long) and how many results
 * were inserted in the model (each a row to show: built, or a spare row
 * shown again).  Prints the numbers; judges nothing.  Needs a
 * display: run it under Xvfb with GSK_RENDERER=cairo (docs/benchmarks.md).
 *
 *   bench-related-panel [N_STORIES]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "byline-related-panel.h"
#include "byline-story-cache.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

#define PHOTO "resource:///io/github/byline/Byline/sample/harbour.png"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_added)
{
  *n_added += added;
}

static void
report (const char *what,
        GArray     *values,
        const char *unit)
{
  g_array_sort (values, compare_double);
  g_print ("%-36s n=%-3u median %6.1f %-2s  p95 %6.1f %-2s  max %6.1f %s\n", what, values->len,
           g_array_index (values, double, values->len / 2), unit,
           g_array_index (values, double, MIN (values->len - 1, (values->len * 95) / 100)), unit,
           g_array_index (values, double, values->len - 1), unit);
}

int
main (int   argc,
      char *argv[])
{
  guint n_stories = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  const char *words[] = { "harbour", "ferry", "council", "quay", "market", "school", "bridge", "storm",
                          "budget", "police", "hospital", "station", "festival", "library", "river", "tram" };
  const char *queries[] = { "harbour ferry", "council market", "storm bridge school", "hospital budget",
                            "tram station", "river festival library", "police", "quay" };
  g_autofree char *dir = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) turn_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) n_inserted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) turn_no_insert_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) turn_inserting_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_added = 0;
  g_autoptr(GError) error = NULL;
  BylineRelatedSearch *search;
  BylineRelatedPanel *panel;
  BylineWindow *window;
  GtkWidget *stack;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  byline_ui_test_isolate_dirs ("bench-related-panel", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    {
      g_printerr ("bench-related-panel: no display\n");
      return 77;
    }

  store = byline_ui_test_store_new ("bench-related-panel-XXXXXX", &dir);
  for (guint done = 0; done < n_stories;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 500 && done < n_stories; i++, done++)
        {
          BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);
          g_autofree char *id = g_strdup_printf ("%u", 10000 + done);
          g_autofree char *headline = g_strdup_printf ("%s %s %s news %u", words[done % 16],
                                                       words[(done / 16) % 16], words[(done / 256) % 16], done);

          byline_cached_story_set_account (story, "bench");
          byline_cached_story_set_cms_id (story, id);
          byline_cached_story_set_section (story, words[done % 7]);
          byline_cached_story_set_headline (story, headline);
          byline_cached_story_set_excerpt (story, "An excerpt of the story, as a card shows it.");
          byline_cached_story_set_status (story, "published");
          byline_cached_story_set_date (story, g_get_real_time ());
          byline_cached_story_set_image (story, PHOTO, "A caption.");
          g_ptr_array_add (batch, story);
        }
      if (!byline_store_cache_stories_sync (store, batch, NULL, &error))
        g_error ("%s", error->message);
    }

  byline_article_set_headline (article, "A story being written");
  if (!byline_store_save_article_sync (store, article, NULL, &error))
    g_error ("%s", error->message);

  window = byline_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  byline_window_start (window, NULL);
  byline_window_open_article_id (window, byline_article_get_id (article));
  panel = byline_window_get_related_panel (window);
  adw_flap_set_reveal_flap (byline_window_get_flap (window), TRUE);
  stack = gtk_widget_get_parent (GTK_WIDGET (panel));
  gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (panel));
  byline_ui_test_wait_for_frame (GTK_WIDGET (window));
  search = byline_related_panel_get_search (panel);

  g_signal_connect (byline_related_search_get_results (search), "items-changed",
                    G_CALLBACK (items_changed_cb), &n_added);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      GtkEditable *entry = GTK_EDITABLE (byline_related_panel_get_entry (panel));

      /* A new query: the entry emptied first (not timed) */
      gtk_editable_set_text (entry, "");
      byline_ui_test_wait_for_frame (GTK_WIDGET (window));

      for (gsize len = 1; len <= strlen (queries[q]); len++)
        {
          char letter[2] = { queries[q][len - 1], '\0' };
          int position = (int) len - 1;
          gint64 t0 = g_get_monotonic_time (), t1, worst = 0;
          double ms;

          n_added = 0;
          gtk_editable_insert_text (entry, letter, 1, &position);
          /* The entry's delay (none), then the search on its worker. */
          for (guint k = 0; k < 3 || byline_related_search_get_running (search); k++)
            {
              gint64 a = g_get_monotonic_time ();

              g_main_context_iteration (NULL, k >= 3);
              worst = MAX (worst, g_get_monotonic_time () - a);
            }
          t1 = g_get_monotonic_time ();
          byline_ui_test_wait_for_frame (GTK_WIDGET (window));
          /* Timed: from the third letter, not a space, with results */
          if (len < 3 || letter[0] == ' ' ||
              g_list_model_get_n_items (byline_related_search_get_results (search)) == 0)
            continue;
          ms = (t1 - t0) / 1000.0;
          g_array_append_val (model_ms, ms);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (frame_ms, ms);
          ms = worst / 1000.0;
          g_array_append_val (turn_ms, ms);
          g_array_append_val (n_added > 0 ? turn_inserting_ms : turn_no_insert_ms, ms);
          ms = n_added;
          g_array_append_val (n_inserted, ms);
        }
    }

  g_print ("%u cached stories, queries typed from their third letter on (keystrokes with results)\n",
           n_stories);
  report ("keystroke to results in the model", model_ms, "ms");
  report ("keystroke to the next frame", frame_ms, "ms");
  report ("longest main-loop turn meanwhile", turn_ms, "ms");
  report ("results inserted in the model", n_inserted, "");
  if (turn_inserting_ms->len > 0)
    report ("  longest turn, keys inserting some", turn_inserting_ms, "ms");
  if (turn_no_insert_ms->len > 0)
    report ("  longest turn, keys inserting none", turn_no_insert_ms, "ms");

  gtk_window_destroy (GTK_WINDOW (window));
  byline_store_close (store);
  return 0;
}
