/* test-article-search.c: finding text in every part of an article a reader
 * sees, with case folding that maps back to the original characters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-article-search"

#include <string.h>

#include "byline-article.h"
#include "byline-article-search.h"

static BylineImage *
image_new (const char *caption,
           const char *credit,
           const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

static void
append_image (BylineArticle *article,
              BylineImage   *image)
{
  g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);

  byline_block_set_image (block, image);
  byline_article_append_block (article, block);
}

/* A story with the word "harbour" in every kind of place */
static BylineArticle *
make_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineImage) lead = image_new ("The harbour at dawn", "© Test Agency 2026 / Ola Nord", "Boats in a harbour");
  g_autoptr(BylineImage) first = image_new ("A crane", "Photo: Kari Vik", "A yellow crane");
  g_autoptr(BylineImage) second = image_new ("Harbour master Lin", "Photo: Kari Vik", "A woman on a pier");
  g_autoptr(BylineBlock) para = byline_block_new_paragraph ("The Harbour reopens; harbour fees fall.");
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) raw = byline_block_new (BYLINE_BLOCK_RAW);
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();

  byline_article_set_headline (article, "Harbour reopens");
  byline_article_set_seo_title (article, "Harbour SEO title");
  byline_article_set_standfirst (article, "Ships return to the old harbour.");
  byline_article_set_byline (article, "Harbour Desk");
  byline_article_set_lead_image (article, lead);

  byline_article_append_block (article, para);
  append_image (article, first);
  byline_block_set_text (quote, "We waited for years.");
  byline_block_set_attribution (quote, "Lin, harbour master");
  byline_article_append_block (article, quote);
  byline_story_ref_set_headline (ref, "Harbour story elsewhere");
  byline_block_set_story_ref (card, ref);
  byline_article_append_block (article, card);
  byline_block_set_text (raw, "<!-- wp:columns -->harbour<!-- /wp:columns -->");
  byline_article_append_block (article, raw);
  append_image (article, second);
  return article;
}

static GArray *
find (BylineArticle     *article,
      const char        *query,
      BylineSearchFlags  flags)
{
  g_autoptr(BylineSearchSource) source = byline_search_source_new (article);
  g_autoptr(GError) error = NULL;
  GArray *matches = byline_search_source_find (source, query, flags, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (matches);
  return matches;
}

/* What the match covers in the article's text now */
static char *
match_text (BylineArticle           *article,
            const BylineSearchMatch *match)
{
  const char *text = byline_article_search_get_text (article, match);
  const char *from, *to;

  g_assert_nonnull (text);
  from = g_utf8_offset_to_pointer (text, match->start);
  to = g_utf8_offset_to_pointer (text, match->end);
  return g_strndup (from, to - from);
}

static void
test_search_every_field (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autoptr(GArray) matches = find (article, "harbour", BYLINE_SEARCH_NONE);
  const struct {
    BylineSearchField field;
    int block;
    int image;
    guint start;
  } expected[] = {
    { BYLINE_SEARCH_FIELD_HEADLINE, -1, -1, 0 },
    { BYLINE_SEARCH_FIELD_STANDFIRST, -1, -1, 24 },
    { BYLINE_SEARCH_FIELD_BYLINE, -1, -1, 0 },
    { BYLINE_SEARCH_FIELD_CAPTION, -1, 0, 4 },
    { BYLINE_SEARCH_FIELD_ALT, -1, 0, 11 },
    { BYLINE_SEARCH_FIELD_BODY, 0, -1, 4 },
    { BYLINE_SEARCH_FIELD_BODY, 0, -1, 21 },
    { BYLINE_SEARCH_FIELD_ATTRIBUTION, 2, -1, 5 },
    { BYLINE_SEARCH_FIELD_CAPTION, 5, 2, 0 },
  };

  /* Not the SEO title, the card (another story's) or the raw markup */
  g_assert_cmpuint (matches->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < matches->len; i++)
    {
      const BylineSearchMatch *match = &g_array_index (matches, BylineSearchMatch, i);
      g_autofree char *found = match_text (article, match);
      g_autofree char *lower = g_utf8_strdown (found, -1);

      g_assert_cmpint (match->field, ==, expected[i].field);
      g_assert_cmpint (match->block, ==, expected[i].block);
      g_assert_cmpint (match->image, ==, expected[i].image);
      g_assert_cmpuint (match->start, ==, expected[i].start);
      g_assert_cmpuint (match->end, ==, expected[i].start + 7);
      g_assert_cmpstr (lower, ==, "harbour");
    }
}

static void
test_search_match_case (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autoptr(GArray) matches = find (article, "Harbour", BYLINE_SEARCH_MATCH_CASE);
  g_autoptr(GArray) none = find (article, "HARBOUR", BYLINE_SEARCH_MATCH_CASE);
  g_autoptr(GArray) empty = find (article, "", BYLINE_SEARCH_NONE);
  g_autoptr(GArray) absent = find (article, "lighthouse", BYLINE_SEARCH_NONE);

  /* headline, byline, the paragraph's first, the second image's caption */
  g_assert_cmpuint (matches->len, ==, 4);
  g_assert_cmpint (g_array_index (matches, BylineSearchMatch, 2).field, ==, BYLINE_SEARCH_FIELD_BODY);
  g_assert_cmpuint (g_array_index (matches, BylineSearchMatch, 2).start, ==, 4);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (absent->len, ==, 0);
}

/* Offsets are characters of the original, whatever folding did to the
 * lengths: ß folds to "ss", Ǆ to "dž", İ to "i̇" (two characters) */
static void
test_search_folding_offsets (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("İİ Straße, Ǆemal — STRASSE café cafe\xcc\x81");
  g_autoptr(GArray) strasse = NULL;
  g_autoptr(GArray) cafe = NULL;
  g_autoptr(GArray) half = NULL;
  g_autoptr(GArray) plain_e = NULL;
  g_autoptr(GArray) dz = NULL;

  byline_article_append_block (article, block);

  strasse = find (article, "strasse", BYLINE_SEARCH_NONE);
  g_assert_cmpuint (strasse->len, ==, 2);
  g_assert_cmpuint (g_array_index (strasse, BylineSearchMatch, 0).start, ==, 3);
  g_assert_cmpuint (g_array_index (strasse, BylineSearchMatch, 0).end, ==, 9);
  g_assert_cmpuint (g_array_index (strasse, BylineSearchMatch, 1).start, ==, 19);
  g_assert_cmpuint (g_array_index (strasse, BylineSearchMatch, 1).end, ==, 26);

  /* Half of a folded "ß" is not a match */
  half = find (article, "stras", BYLINE_SEARCH_NONE);
  g_assert_cmpuint (half->len, ==, 1);
  g_assert_cmpuint (g_array_index (half, BylineSearchMatch, 0).start, ==, 19);

  /* Precomposed and decomposed é find each other; a bare "e" does not
   * take the letter out of an "é" */
  cafe = find (article, "CAFÉ", BYLINE_SEARCH_NONE);
  g_assert_cmpuint (cafe->len, ==, 2);
  g_assert_cmpuint (g_array_index (cafe, BylineSearchMatch, 0).start, ==, 27);
  g_assert_cmpuint (g_array_index (cafe, BylineSearchMatch, 0).end, ==, 31);
  g_assert_cmpuint (g_array_index (cafe, BylineSearchMatch, 1).start, ==, 32);
  g_assert_cmpuint (g_array_index (cafe, BylineSearchMatch, 1).end, ==, 37);
  plain_e = find (article, "cafe", BYLINE_SEARCH_MATCH_CASE);
  g_assert_cmpuint (plain_e->len, ==, 0);

  dz = find (article, "džemal", BYLINE_SEARCH_NONE);
  g_assert_cmpuint (dz->len, ==, 1);
  g_assert_cmpuint (g_array_index (dz, BylineSearchMatch, 0).start, ==, 11);
  g_assert_cmpuint (g_array_index (dz, BylineSearchMatch, 0).end, ==, 16);
}

static void
test_search_no_overlap (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GArray) matches = NULL;

  byline_article_set_headline (article, "aaaaa");
  matches = find (article, "aa", BYLINE_SEARCH_NONE);
  g_assert_cmpuint (matches->len, ==, 2);
  g_assert_cmpuint (g_array_index (matches, BylineSearchMatch, 1).start, ==, 2);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The worker thread gives the same answer; a cancelled search gives none */
static void
test_search_async (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autoptr(BylineSearchSource) source = byline_search_source_new (article);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (byline_search_source_get_revision (source), ==, byline_article_get_revision (article));

  byline_search_source_find_async (source, "HARBOUR", BYLINE_SEARCH_NONE, NULL, on_found, &result);
  /* Changing the article meanwhile does not touch the frozen source */
  byline_article_set_headline (article, "Quay reopens");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  matches = byline_search_source_find_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 9);

  g_cancellable_cancel (cancellable);
  byline_search_source_find_async (source, "harbour", BYLINE_SEARCH_NONE, cancellable, on_found, &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (byline_search_source_find_finish (cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_search_set_text (void)
{
  g_autoptr(BylineArticle) article = make_article ();
  g_autoptr(GArray) matches = find (article, "harbour", BYLINE_SEARCH_NONE);
  g_autofree char *caption = NULL;
  const BylineSearchMatch *match = &g_array_index (matches, BylineSearchMatch, 8);
  BylineBlock *block = byline_article_get_block (article, 5);

  caption = byline_search_replace_range (byline_article_search_get_text (article, match),
                                         match->start, match->end, "Port");
  g_assert_cmpstr (caption, ==, "Port master Lin");
  byline_article_search_set_text (article, match, caption);
  g_assert_cmpstr (byline_image_get_caption (byline_block_get_image (block)), ==, "Port master Lin");

  match = &g_array_index (matches, BylineSearchMatch, 7);
  byline_article_search_set_text (article, match, "Lin, port master");
  g_assert_cmpstr (byline_block_get_attribution (byline_article_get_block (article, 2)), ==, "Lin, port master");

  g_free (caption);
  caption = byline_search_replace_range ("Straße", 2, 6, "reet");
  g_assert_cmpstr (caption, ==, "Street");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/article-search/every-field", test_search_every_field);
  g_test_add_func ("/article-search/match-case", test_search_match_case);
  g_test_add_func ("/article-search/folding-offsets", test_search_folding_offsets);
  g_test_add_func ("/article-search/no-overlap", test_search_no_overlap);
  g_test_add_func ("/article-search/async", test_search_async);
  g_test_add_func ("/article-search/set-text", test_search_set_text);

  return g_test_run ();
}
