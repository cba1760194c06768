/* bench-related.c: the story cache at newsroom size
 *
 * Generates N cached stories (default 20,000) from a made-up vocabulary
 * with a realistic skew (a few words everywhere, most words rare), plus
 * 200 local articles, then measures:
 *   - search: the query time of what the panel runs after the last
 *     keystroke (store search: local + cache, prefix on the last word),
 *     for a set of one- to three-word queries typed letter by letter;
 *   - the same through BylineRelatedSearch as the panel runs it (worker
 *     thread, answer through the main loop into the results model, no
 *     site): each prefix on its own, and whole queries typed at one key
 *     every 40 ms, timed from the last keystroke to the results;
 *   - suggestions: byline_store_suggest_sync() for a 1,000-word article;
 *   - the database's size on disk with the cache in it.
 * Prints the numbers; judges nothing (docs/benchmarks.md has the targets).
 *
 *   bench-related [N_STORIES]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "byline-related-search.h"
#include "byline-story-cache.h"

static const char * const syllables[] = {
  "ha", "ber", "lin", "to", "ma", "ri", "sen", "qua", "fel", "dor", "vik", "sa",
  "lo", "mer", "tan", "gri", "pol", "ne", "cas", "tre", "bo", "lu", "ven", "kir",
};

/* Word i of the made-up language: 3 syllables, so about 14,000 words. */
static char *
word (guint i)
{
  guint n = G_N_ELEMENTS (syllables);

  return g_strconcat (syllables[i % n], syllables[(i / n) % n], syllables[(i / n / n) % n], NULL);
}

/* Zipf-like: small word numbers are common. */
static guint
pick_word (GRand *rand)
{
  double u = g_rand_double (rand);

  return (guint) (pow (u, 3.0) * 13000);
}

static char *
sentence (GRand *rand,
          guint  n_words)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      g_autofree char *w = word (pick_word (rand));

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, w);
    }
  return g_string_free (out, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_double);
  g_print ("%-44s n=%-4u median %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, ms->len,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, MIN (ms->len - 1, (ms->len * 95) / 100)),
           g_array_index (ms, double, ms->len - 1));
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

int
main (int   argc,
      char *argv[])
{
  guint n_stories = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("byline-bench-related-XXXXXX", &error);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) suggest_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) save_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) async_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) typed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(BylineArticle) article = NULL;
  g_autofree char *db_path = NULL;
  gint64 start;

  g_assert_no_error (error);
  store = byline_store_new (dir);
  if (!byline_store_open_sync (store, NULL, &error))
    g_error ("%s", error->message);

  /* The cache, in batches as a site's pages would arrive. */
  start = g_get_monotonic_time ();
  for (guint done = 0; done < n_stories;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 500 && done < n_stories; i++, done++)
        {
          BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);
          g_autofree char *id = g_strdup_printf ("%u", 10000 + done);
          g_autofree char *url = g_strdup_printf ("https://site.example/?p=%s", id);
          g_autofree char *headline = sentence (rand, 8);
          g_autofree char *excerpt = sentence (rand, 35);
          g_autofree char *text = sentence (rand, 250);
          g_autofree char *section = word (g_rand_int_range (rand, 0, 12));

          byline_cached_story_set_account (story, "bench");
          byline_cached_story_set_cms_id (story, id);
          byline_cached_story_set_url (story, url);
          byline_cached_story_set_section (story, section);
          byline_cached_story_set_headline (story, headline);
          byline_cached_story_set_excerpt (story, excerpt);
          byline_cached_story_set_text (story, text);
          byline_cached_story_set_status (story, "published");
          byline_cached_story_set_date (story, g_get_real_time ());
          byline_cached_story_set_image (story, "https://site.example/wp-content/uploads/photo.jpg",
                                         "A photo caption of moderate length for the card.");
          g_ptr_array_add (batch, story);
        }
      if (!byline_store_cache_stories_sync (store, batch, NULL, &error))
        g_error ("%s", error->message);
    }
  g_print ("cached %u stories in %.1f s\n", n_stories, (g_get_monotonic_time () - start) / 1e6);

  /* Local articles, and what a save costs with the index triggers. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(BylineArticle) local = byline_article_new ();
      g_autofree char *headline = sentence (rand, 8);
      g_autofree char *standfirst = sentence (rand, 30);

      byline_article_set_headline (local, headline);
      byline_article_set_standfirst (local, standfirst);
      for (guint b = 0; b < 20; b++)
        {
          g_autofree char *text = sentence (rand, 50);
          g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);
          byline_article_append_block (local, block);
        }
      start = g_get_monotonic_time ();
      if (!byline_store_save_article_sync (store, local, NULL, &error))
        g_error ("%s", error->message);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (save_ms, ms);
      }
      if (i == 0)
        article = g_object_ref (local);
    }

  /* Search: every prefix of each query, as typed; the panel runs the
   * last one 150 ms after the last keystroke. */
  for (guint q = 0; q < 40; q++)
    {
      g_autofree char *query = sentence (rand, 1 + q % 3);

      for (gsize len = 2; len <= strlen (query); len++)
        {
          g_autofree char *typed = g_strndup (query, len);
          g_autoptr(GPtrArray) results = NULL;
          double ms;

          start = g_get_monotonic_time ();
          results = byline_store_search_stories_sync (store, typed, NULL, 20, NULL, &error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          if (results == NULL)
            g_error ("%s", error->message);
          g_array_append_val (search_ms, ms);
          if (g_getenv ("BENCH_VERBOSE") != NULL && ms > 30)
            g_print ("slow: %.1f ms for “%s” (%u results)\n", ms, typed, results->len);
        }
    }

  /* The same through BylineRelatedSearch, as the panel runs it. */
  {
    g_autoptr(BylineRelatedSearch) search = byline_related_search_new (store, NULL, NULL);
    g_autoptr(GRand) typing = g_rand_new_with_seed (7);

    for (guint q = 0; q < 40; q++)
      {
        g_autofree char *query = sentence (typing, 1 + q % 3);

        /* Each prefix on its own: query + thread hop + model. */
        for (gsize len = 2; len <= strlen (query); len++)
          {
            g_autofree char *typed = g_strndup (query, len);
            double ms;

            start = g_get_monotonic_time ();
            byline_related_search_run (search, typed);
            while (byline_related_search_get_running (search))
              g_main_context_iteration (NULL, TRUE);
            ms = (g_get_monotonic_time () - start) / 1000.0;
            g_array_append_val (async_ms, ms);
          }
      }

    for (guint q = 0; q < 40; q++)
      {
        g_autofree char *query = sentence (typing, 1 + q % 3);
        double ms;

        /* Typed at a key every 40 ms: the searches for earlier prefixes
         * are still running or cancelled when the last key comes. */
        for (gsize len = 1; len <= strlen (query); len++)
          {
            g_autofree char *typed = g_strndup (query, len);
            gint64 until = g_get_monotonic_time () + 40 * 1000;

            if (len == strlen (query))
              start = g_get_monotonic_time ();
            byline_related_search_run (search, typed);
            if (len == strlen (query))
              break;
            while (g_get_monotonic_time () < until)
              {
                while (g_main_context_pending (NULL))
                  g_main_context_iteration (NULL, FALSE);
                g_usleep (1000);
              }
          }
        while (byline_related_search_get_running (search))
          g_main_context_iteration (NULL, TRUE);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (typed_ms, ms);
      }
  }

  /* Suggestions for a 1,000-word article. */
  for (guint b = 0; b < 20; b++)
    {
      g_autofree char *text = sentence (rand, 50);
      g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);
      byline_article_append_block (article, block);
    }
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
      g_autoptr(GPtrArray) results = NULL;
      double ms;

      start = g_get_monotonic_time ();
      results = byline_store_suggest_sync (store, snapshot, 8, NULL, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (results == NULL)
        g_error ("%s", error->message);
      g_array_append_val (suggest_ms, ms);
    }

  byline_store_close (store);
  db_path = g_build_filename (dir, "byline.db", NULL);

  g_print ("\n");
  report ("search query (local + cache, as typed)", search_ms);
  report ("the same through BylineRelatedSearch", async_ms);
  report ("last key to results, typed 40 ms a key", typed_ms);
  report ("suggestions (1,000-word article)", suggest_ms);
  report ("save of a 1,000-word article (with index)", save_ms);
  g_print ("%-44s %.1f MB (%u cached stories, 200 local articles)\n", "database on disk",
           (file_size (db_path) + file_size (g_strconcat (db_path, "-wal", NULL))) / 1e6, n_stories);

  return 0;
}
