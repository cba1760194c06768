/* bench-find.c: find in a 250,000-word article — what the find bar costs
 * on the main thread (copying the texts) and on its worker (folding and
 * searching)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-text.h"
#include "byline-article.h"
#include "byline-article-search.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median of @runs runs of @what: copy (main thread), first search (folds
 * the texts), a further search with another query (folded text reused) */
int
main (int   argc,
      char *argv[])
{
  guint n_words = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 250000;
  const guint runs = 5;
  g_autoptr(BylineArticle) article = byline_article_new ();
  double copy[5], first[5], again[5], exact[5];
  guint n_matches = 0;
  gsize n_bytes = 0;

  bench_fill_article (article, n_words, 0, NULL);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(BylineSearchSource) source = NULL;
      g_autoptr(GArray) matches = NULL;
      g_autoptr(GArray) more = NULL;
      g_autoptr(GArray) cased = NULL;
      gint64 start;

      start = g_get_monotonic_time ();
      source = byline_search_source_new (article);
      copy[r] = ms_since (start);
      n_bytes = byline_search_source_get_n_chars (source);

      start = g_get_monotonic_time ();
      matches = byline_search_source_find (source, "the", BYLINE_SEARCH_NONE, NULL, NULL);
      first[r] = ms_since (start);
      n_matches = matches->len;

      start = g_get_monotonic_time ();
      more = byline_search_source_find (source, "council", BYLINE_SEARCH_NONE, NULL, NULL);
      again[r] = ms_since (start);

      start = g_get_monotonic_time ();
      cased = byline_search_source_find (source, "The", BYLINE_SEARCH_MATCH_CASE, NULL, NULL);
      exact[r] = ms_since (start);
    }

  qsort (copy, runs, sizeof (double), compare_doubles);
  qsort (first, runs, sizeof (double), compare_doubles);
  qsort (again, runs, sizeof (double), compare_doubles);
  qsort (exact, runs, sizeof (double), compare_doubles);

  g_print ("find in %u words (%u blocks, %" G_GSIZE_FORMAT " bytes of text), median of %u runs\n",
           byline_article_get_word_count (article), byline_article_get_n_blocks (article),
           n_bytes, runs);
  g_print ("  copy the texts (main thread):          %7.2f ms\n", copy[runs / 2]);
  g_print ("  first search, folds case (worker):     %7.2f ms  (\"the\": %u matches)\n", first[runs / 2], n_matches);
  g_print ("  next query on the same copy (worker):  %7.2f ms\n", again[runs / 2]);
  g_print ("  first search matching case (worker):   %7.2f ms\n", exact[runs / 2]);
  return 0;
}
