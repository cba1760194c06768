/* test-checks.c: the checks before the desk, the slug, and title widths
 *
 * Every check on small articles built here: it fires when it should and
 * stays silent on the look-alikes that are right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-checks"

#include <string.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-article-snapshot.h"
#include "byline-checks.h"
#include "byline-story-ref.h"
#include "byline-merge.h"
#include "byline-slug.h"
#include "byline-text-width.h"

static BylineArticle *
article_new (void)
{
  BylineArticle *article = byline_article_new ();

  /* A clean article: nothing to flag but what a test adds */
  byline_article_set_headline (article, "Ferry returns to winter hours");
  byline_article_set_standfirst (article, "Storm damage means fewer crossings.");
  return article;
}

static void
add_paragraph (BylineArticle *article,
               const char    *text)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);

  byline_article_append_block (article, block);
}

static void
add_block (BylineArticle   *article,
           BylineBlockKind  kind,
           const char      *text)
{
  g_autoptr(BylineBlock) block = byline_block_new (kind);

  byline_block_set_text (block, text);
  byline_article_append_block (article, block);
}

static GPtrArray *
run (BylineArticle *article)
{
  return byline_checks_run (article, NULL);
}

/* The items of @kind */
static GPtrArray *
of_kind (GPtrArray       *items,
         BylineCheckKind  kind)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len; i++)
    if (byline_check_item_get_kind (g_ptr_array_index (items, i)) == kind)
      g_ptr_array_add (found, g_object_ref (g_ptr_array_index (items, i)));
  return found;
}

static guint
count_kind (BylineArticle   *article,
            BylineCheckKind  kind)
{
  g_autoptr(GPtrArray) items = run (article);
  g_autoptr(GPtrArray) found = of_kind (items, kind);

  return found->len;
}

/* The one item of @kind; fails unless there is exactly one. */
static BylineCheckItem *
the_item (BylineArticle   *article,
          BylineCheckKind  kind)
{
  g_autoptr(GPtrArray) items = run (article);
  g_autoptr(GPtrArray) found = of_kind (items, kind);

  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* The text an item selects in block @block */
static char *
selected_text (BylineArticle   *article,
               BylineCheckItem *item)
{
  BylineBlock *block = byline_article_get_block (article, byline_check_item_get_block (item));
  const char *text = byline_block_get_text (block);
  const char *start = g_utf8_offset_to_pointer (text, byline_check_item_get_start (item));
  const char *end = g_utf8_offset_to_pointer (text, byline_check_item_get_end (item));

  return g_strndup (start, end - start);
}

static void
test_clean_article (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(GPtrArray) items = NULL;

  add_paragraph (article, "The operator said the last crossing will leave at 18:30.");
  add_paragraph (article, "“We would rather run fewer boats than take a risk,” the harbour master said.");
  items = run (article);
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_cmpuint (byline_checks_count_open (items), ==, 0);
}

/* Slug */

static void
test_slug_latin (void)
{
  g_autofree char *a = byline_slug_from_text ("Café in Zürich: Ærø’s œuvre");
  g_autofree char *b = byline_slug_from_text ("Straße nach Łódź");

  g_assert_cmpstr (a, ==, "cafe-in-zurich-aeroes-oeuvre");
  g_assert_cmpstr (b, ==, "strasse-nach-lodz");
}

static void
test_slug_cyrillic (void)
{
  g_autofree char *a = byline_slug_from_text ("Щука");
  g_autofree char *b = byline_slug_from_text ("Юрий Гагарин: «Поехали!»");
  g_autofree char *c = byline_slug_from_text ("Объём вырос на 5%");
  g_autofree char *d = byline_slug_from_text ("Їжак і ґанок");

  g_assert_cmpstr (a, ==, "shchuka");
  g_assert_cmpstr (b, ==, "yuriy-gagarin-poekhali");
  g_assert_cmpstr (c, ==, "obyom-vyros-na-5");
  g_assert_cmpstr (d, ==, "yizhak-i-ganok");
}

static void
test_slug_punctuation (void)
{
  g_autofree char *a = byline_slug_from_text ("  Hello,   World!! — 2024 ");
  g_autofree char *b = byline_slug_from_text ("Don't panic: it's 50/50");
  g_autofree char *c = byline_slug_from_text ("!!!");
  g_autofree char *d = byline_slug_from_text ("Tokyo 東京 news");
  g_autofree char *long_text = g_strnfill (300, 'a');
  g_autofree char *e = byline_slug_from_text (long_text);

  g_assert_cmpstr (a, ==, "hello-world-2024");
  g_assert_cmpstr (b, ==, "dont-panic-its-50-50");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "tokyo-news");
  g_assert_cmpuint (strlen (e), <=, BYLINE_SLUG_MAX_BYTES);
  g_assert_true (byline_slug_is_valid ("ferry-returns"));
  g_assert_false (byline_slug_is_valid ("Ferry returns"));
}

static void
test_slug_follows_headline (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) loaded = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  byline_article_set_headline (article, "Ferry returns early");
  slug = byline_article_dup_effective_slug (article);
  g_assert_cmpstr (slug, ==, "ferry-returns-early");
  g_assert_true (byline_article_get_slug_follows_headline (article));
  g_clear_pointer (&slug, g_free);

  byline_article_set_headline (article, "Ferry returns to winter hours");
  slug = byline_article_dup_effective_slug (article);
  g_assert_cmpstr (slug, ==, "ferry-returns-to-winter-hours");
  g_clear_pointer (&slug, g_free);

  /* Edited by hand: it no longer follows */
  byline_article_set_slug (article, "winter-ferry");
  byline_article_set_headline (article, "Ferry timetable changes");
  slug = byline_article_dup_effective_slug (article);
  g_assert_cmpstr (slug, ==, "winter-ferry");
  g_assert_false (byline_article_get_slug_follows_headline (article));

  /* And it is kept in the document */
  json = byline_article_to_json (article, NULL);
  g_assert_nonnull (strstr (json, "\"slug\":\"winter-ferry\""));
  loaded = byline_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_slug (loaded), ==, "winter-ferry");
  g_assert_true (byline_article_equal (article, loaded));
}

static void
test_format_new_fields (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineArticle) old = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "doubled-word:0123456789ab", "no-standfirst:abcdefabcdef", NULL };
  const char *old_doc =
    "{\"format\":\"byline-article\",\"version\":1,"
    "\"id\":\"6f1c0a52-3b8e-4d7a-9c2e-1a5b7d9e0f34\",\"headline\":\"Old story\",\"body\":[]}";

  /* Unused, they are not written: older documents stay as they were */
  plain = byline_article_to_json (article, NULL);
  g_assert_null (strstr (plain, "\"slug\""));
  g_assert_null (strstr (plain, "word_target"));
  g_assert_null (strstr (plain, "dismissed_checks"));

  byline_article_set_word_target (article, 600);
  byline_article_set_dismissed_checks (article, ids);
  json = byline_article_to_json (article, NULL);
  loaded = byline_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (byline_article_get_word_target (loaded), ==, 600);
  g_assert_true (g_strv_equal (byline_article_get_dismissed_checks (loaded), ids));
  g_assert_true (byline_article_equal (article, loaded));

  /* A document from before these keys */
  old = byline_article_new_from_json (old_doc, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_slug (old), ==, "");
  g_assert_cmpuint (byline_article_get_word_target (old), ==, 0);
  g_assert_null (byline_article_get_dismissed_checks (old)[0]);

  /* A wrong type is refused, naming the key */
  g_clear_object (&old);
  old = byline_article_new_from_json (
    "{\"format\":\"byline-article\",\"version\":1,"
    "\"id\":\"6f1c0a52-3b8e-4d7a-9c2e-1a5b7d9e0f34\",\"headline\":\"x\",\"body\":[],"
    "\"word_target\":\"many\"}", -1, &error);
  g_assert_null (old);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "word_target"));
}

static void
test_merge_slug (void)
{
  g_autoptr(BylineArticle) base = article_new ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;

  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);
  byline_article_set_slug (theirs, "winter-ferry");
  byline_article_set_word_target (mine, 500);
  byline_article_dismiss_check (theirs, "no-standfirst:abcdefabcdef");

  merge = byline_merge_new (base, mine, theirs);
  g_assert_cmpuint (g_list_model_get_n_items (byline_merge_get_conflicts (merge)), ==, 0);
  g_assert_cmpstr (byline_article_get_slug (byline_merge_get_result (merge)), ==, "winter-ferry");
  g_assert_cmpuint (byline_article_get_word_target (byline_merge_get_result (merge)), ==, 500);
  g_assert_true (byline_article_is_check_dismissed (byline_merge_get_result (merge),
                                                    "no-standfirst:abcdefabcdef"));
  g_clear_object (&merge);

  /* Both set it by hand, differently: a conflict like any short field */
  byline_article_set_slug (mine, "ferry-hours");
  merge = byline_merge_new (base, mine, theirs);
  g_assert_cmpuint (g_list_model_get_n_items (byline_merge_get_conflicts (merge)), ==, 1);
}

/* Headline and SEO title */

static void
test_headline_length (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *at_limit = g_strnfill (70, 'a');
  g_autofree char *over = g_strnfill (75, 'a');

  byline_article_set_seo_title (article, "Short");
  byline_article_set_headline (article, at_limit);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_HEADLINE_LENGTH), ==, 0);

  byline_article_set_headline (article, over);
  item = the_item (article, BYLINE_CHECK_HEADLINE_LENGTH);
  g_assert_cmpint (byline_check_item_get_severity (item), ==, BYLINE_CHECK_SEVERITY_ERROR);
  g_assert_cmpstr (byline_check_item_get_field (item), ==, "headline");
  /* It selects what is over the limit */
  g_assert_cmpuint (byline_check_item_get_start (item), ==, 70);
  g_assert_cmpuint (byline_check_item_get_end (item), ==, 75);
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "75"));
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "70"));
}

static void
test_headline_limit_option (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) found = NULL;
  BylineCheckOptions options;

  byline_check_options_init (&options);
  options.headline_max_chars = 20;
  byline_article_set_seo_title (article, "Short");
  items = byline_checks_run (article, &options);
  found = of_kind (items, BYLINE_CHECK_HEADLINE_LENGTH);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_seo_title_chars (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *over = g_strnfill (80, 'e');

  byline_article_set_seo_title (article, "Island ferry switches to winter timetable");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_SEO_TITLE_LENGTH), ==, 0);

  byline_article_set_seo_title (article, over);
  item = the_item (article, BYLINE_CHECK_SEO_TITLE_LENGTH);
  g_assert_cmpstr (byline_check_item_get_field (item), ==, "seo-title");
  g_clear_object (&item);

  /* No SEO title: the headline is what search results show */
  byline_article_set_seo_title (article, "");
  byline_article_set_headline (article, over);
  item = the_item (article, BYLINE_CHECK_SEO_TITLE_LENGTH);
  g_assert_cmpstr (byline_check_item_get_field (item), ==, "headline");
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "headline"));
}

static GPtrArray *
run_measured (BylineArticle *article)
{
  BylineCheckOptions options;

  byline_check_options_init (&options);
  options.seo_title_max_chars = 0;   /* width only */
  options.measure = byline_text_width_measure;
  return byline_checks_run (article, &options);
}

/* A headline of wide letters is flagged before one of the same length in
 * narrow letters: the width is measured with Pango, not counted. */
static void
test_seo_title_width (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autofree char *wide = g_strnfill (40, 'W');
  g_autofree char *narrow = g_strnfill (40, 'i');
  guint fit = 0;
  double wide_px = byline_text_width_measure (wide, 600, &fit, NULL);
  double narrow_px = byline_text_width_measure (narrow, 600, NULL, NULL);

  g_test_message ("40 × W: %.0f px (%u fit in 600), 40 × i: %.0f px", wide_px, fit, narrow_px);
  g_assert_cmpfloat (wide_px, >, 600);
  g_assert_cmpfloat (narrow_px, <, 600);
  g_assert_cmpuint (fit, <, 40);
  g_assert_cmpuint (fit, >, 10);

  byline_article_set_seo_title (article, narrow);
  {
    g_autoptr(GPtrArray) items = run_measured (article);
    g_autoptr(GPtrArray) found = of_kind (items, BYLINE_CHECK_SEO_TITLE_LENGTH);

    g_assert_cmpuint (found->len, ==, 0);
  }

  byline_article_set_seo_title (article, wide);
  {
    g_autoptr(GPtrArray) items = run_measured (article);
    g_autoptr(GPtrArray) found = of_kind (items, BYLINE_CHECK_SEO_TITLE_LENGTH);
    BylineCheckItem *item;

    g_assert_cmpuint (found->len, ==, 1);
    item = g_ptr_array_index (found, 0);
    /* Selects what the results page cuts off */
    g_assert_cmpuint (byline_check_item_get_start (item), ==, fit);
    g_assert_cmpuint (byline_check_item_get_end (item), ==, 40);
    g_assert_nonnull (strstr (byline_check_item_get_message (item), "px"));
  }
}

static void
test_width_preview (void)
{
  g_autofree char *fits = byline_text_width_preview ("Ferry returns", 600);
  g_autofree char *cut = byline_text_width_preview (
    "Island ferry switches to its winter timetable two weeks early after storm damage at the north pier",
    600);

  g_assert_cmpstr (fits, ==, "Ferry returns");
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_true (g_str_has_prefix (cut, "Island ferry switches"));
  /* Cut between words */
  g_assert_false (g_str_has_suffix (cut, " …"));
  g_assert_cmpfloat (byline_text_width_measure (cut, 600, NULL, NULL), <=, 600);
}

/* Standfirst */

static void
test_standfirst (void)
{
  g_autoptr(BylineArticle) article = article_new ();

  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_NO_STANDFIRST), ==, 0);
  byline_article_set_standfirst (article, "  \n ");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_NO_STANDFIRST), ==, 1);
}

/* Images, through byline_image_get_flags() */

static BylineImage *
image_new (const char *caption,
           const char *credit,
           const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, "media/pier.jpg");
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

static void
test_images (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineImage) good = image_new ("The damaged landing stage on Tuesday.",
                                           "© Harbour Gazette 2024 / M. Lindqvist",
                                           "Broken planks beside a moored ferry.");
  g_autoptr(BylineImage) bad = image_new ("Engineers inspect the pier.", "", "");
  g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) found = NULL;
  BylineCheckItem *item;

  byline_article_set_lead_image (article, good);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_IMAGE), ==, 0);

  add_paragraph (article, "First paragraph of the story.");
  byline_block_set_image (block, bad);
  byline_article_append_block (article, block);

  items = run (article);
  found = of_kind (items, BYLINE_CHECK_IMAGE);
  /* No alt text, no credit */
  g_assert_cmpuint (found->len, ==, 2);
  item = g_ptr_array_index (found, 0);
  g_assert_cmpstr (byline_check_item_get_field (item), ==, "body");
  g_assert_cmpint (byline_check_item_get_block (item), ==, 1);
  g_assert_cmpint (byline_check_item_get_image_index (item), ==, 1);
  g_assert_cmpint (byline_check_item_get_severity (item), ==, BYLINE_CHECK_SEVERITY_ERROR);
  g_assert_true (g_str_has_prefix (byline_check_item_get_id (item), "image-no-alt:"));
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "Image 1"));

  /* Decorative: no alt text is right */
  byline_image_set_decorative (bad, TRUE);
  byline_image_set_credit (bad, "Photo: Harbour Gazette");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_IMAGE), ==, 0);

  /* The lead image: alt text that repeats the caption, a credit that is a sentence */
  byline_image_set_alt (good, "The damaged landing stage on Tuesday.");
  byline_image_set_credit (good, "we took this one ourselves.");
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_pointer (&found, g_ptr_array_unref);
  items = run (article);
  found = of_kind (items, BYLINE_CHECK_IMAGE);
  g_assert_cmpuint (found->len, ==, 2);
  for (guint i = 0; i < found->len; i++)
    {
      item = g_ptr_array_index (found, i);
      g_assert_cmpstr (byline_check_item_get_field (item), ==, "lead-image");
      g_assert_cmpint (byline_check_item_get_image_index (item), ==, 0);
    }
}

/* Quotes */

static void
test_quote_block_attribution (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);

  byline_block_set_text (quote, "We would rather run fewer boats than take a risk.");
  byline_article_append_block (article, quote);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 1);

  byline_block_set_attribution (quote, "Tomas Berg, harbour master");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 0);
}

static void
test_speech_in_paragraph (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *selected = NULL;

  add_paragraph (article, "The pier will stay shut. “We will not reopen it before the spring.”");
  item = the_item (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED);
  selected = selected_text (article, item);
  g_assert_cmpstr (selected, ==, "“We will not reopen it before the spring.”");

  /* Attributed in the same paragraph, in English or Russian */
  byline_block_set_text (byline_article_get_block (article, 0),
                         "“We will not reopen it before the spring,” the operator said.");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 0);
  byline_block_set_text (byline_article_get_block (article, 0),
                         "«Мы не откроем причал до весны», — заявил представитель компании.");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 0);

  /* Scare quotes and titles are not speech */
  byline_block_set_text (byline_article_get_block (article, 0),
                         "The “temporary” timetable runs until the “Winter Lights” festival.");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 0);

  /* Introduced by the paragraph before ("… said:") */
  byline_block_set_text (byline_article_get_block (article, 0), "The harbour master put it plainly:");
  add_paragraph (article, "“We will not reopen it before the spring.”");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_QUOTE_UNATTRIBUTED), ==, 0);
}

/* Quotation marks and brackets */

static guint
unbalanced_in (const char *text)
{
  g_autoptr(BylineArticle) article = article_new ();

  add_paragraph (article, text);
  return count_kind (article, BYLINE_CHECK_UNBALANCED);
}

static void
test_unbalanced (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *selected = NULL;

  /* Balanced, and apostrophes: silent */
  g_assert_cmpuint (unbalanced_in ("“It’s fine,” she said (mostly) [sic]."), ==, 0);
  g_assert_cmpuint (unbalanced_in ("The workers' union and rock 'n' roll don't count."), ==, 0);
  g_assert_cmpuint (unbalanced_in ("He said \"yes\" twice."), ==, 0);
  g_assert_cmpuint (unbalanced_in ("«Он сказал: „Да“», — вспоминает она."), ==, 0);
  g_assert_cmpuint (unbalanced_in ("She called it ‘the plan’ again."), ==, 0);

  /* Unbalanced: each kind of mark */
  g_assert_cmpuint (unbalanced_in ("“It is fine, she said."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("It is fine,” she said."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("The report (published on Monday said so."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("The plan] was dropped."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("«Мы не откроем причал, — заявил он."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("He said \"yes twice."), ==, 1);
  g_assert_cmpuint (unbalanced_in ("She called it ‘the plan again."), ==, 1);
  /* Documented: a list numbered "1)" looks unbalanced too */
  g_assert_cmpuint (unbalanced_in ("1) Close the pier."), ==, 1);

  /* It selects the mark without a partner */
  add_paragraph (article, "The report (published on Monday said so.");
  item = the_item (article, BYLINE_CHECK_UNBALANCED);
  selected = selected_text (article, item);
  g_assert_cmpstr (selected, ==, "(");
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "Paragraph 1"));
}

/* Links */

static void
test_plain_http (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("Read the operator’s statement here.");
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *selected = NULL;

  byline_article_append_block (article, block);
  byline_block_add_mark (block, BYLINE_MARK_LINK, 11, 32, "https://example.org/statement");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_PLAIN_HTTP), ==, 0);

  byline_block_set_text_and_marks (block, "Read the operator’s statement here.", NULL, 0);
  byline_block_add_mark (block, BYLINE_MARK_LINK, 9, 29, "http://example.org/statement");
  item = the_item (article, BYLINE_CHECK_PLAIN_HTTP);
  selected = selected_text (article, item);
  g_assert_cmpstr (selected, ==, "operator’s statement");
  g_clear_object (&item);

  /* An address typed into the text */
  byline_block_set_text_and_marks (block, "Details at http://example.org/timetable today.", NULL, 0);
  item = the_item (article, BYLINE_CHECK_PLAIN_HTTP);
  g_clear_pointer (&selected, g_free);
  selected = selected_text (article, item);
  g_assert_cmpstr (selected, ==, "http://example.org/timetable");

  byline_block_set_text_and_marks (block, "Details at https://example.org/timetable today.", NULL, 0);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_PLAIN_HTTP), ==, 0);
}

/* Doubled words */

static guint
doubled_in (const char *text)
{
  g_autoptr(BylineArticle) article = article_new ();

  add_paragraph (article, text);
  return count_kind (article, BYLINE_CHECK_DOUBLED_WORD);
}

static void
test_doubled_word (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autofree char *selected = NULL;

  g_assert_cmpuint (doubled_in ("The ferry left the the pier."), ==, 1);
  g_assert_cmpuint (doubled_in ("The the ferry left."), ==, 1);
  g_assert_cmpuint (doubled_in ("Паром ушёл ушёл рано."), ==, 1);
  g_assert_cmpuint (doubled_in ("The ferry left the\nthe pier."), ==, 1);

  /* Right as written: documented exceptions, punctuation between, numbers */
  g_assert_cmpuint (doubled_in ("He said that that was wrong."), ==, 0);
  g_assert_cmpuint (doubled_in ("She had had enough of the delays."), ==, 0);
  g_assert_cmpuint (doubled_in ("Go, go, go! Now, now."), ==, 0);
  g_assert_cmpuint (doubled_in ("Scores were 20 20 and 3 3."), ==, 0);
  g_assert_cmpuint (doubled_in ("The theatre is there."), ==, 0);

  add_paragraph (article, "The ferry left the the pier.");
  item = the_item (article, BYLINE_CHECK_DOUBLED_WORD);
  selected = selected_text (article, item);
  g_assert_cmpstr (selected, ==, "the the");
}

/* Repeated paragraphs */

static void
test_repeated_paragraph (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;

  add_paragraph (article, "The operator said the last crossing will leave at 18:30.");
  add_paragraph (article, "Repairs start on Monday.");
  add_paragraph (article, "The operator said the last  crossing will leave at 18:30. ");
  item = the_item (article, BYLINE_CHECK_REPEATED_PARAGRAPH);
  g_assert_cmpint (byline_check_item_get_block (item), ==, 2);
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "Paragraph 1"));

  /* Short lines and subheadings repeat on purpose */
  g_clear_object (&article);
  article = article_new ();
  add_paragraph (article, "Read more.");
  add_paragraph (article, "Read more.");
  add_block (article, BYLINE_BLOCK_SUBHEADING, "What happens next for the island");
  add_block (article, BYLINE_BLOCK_SUBHEADING, "What happens next for the island");
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_REPEATED_PARAGRAPH), ==, 0);
}

/* Word count against the target */

static void
test_word_target (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  byline_article_set_headline (article, "Ferry");
  byline_article_set_standfirst (article, "Storm damage.");   /* 2 words */
  for (guint i = 0; i < 98; i++)
    g_string_append (text, "word ");
  add_paragraph (article, text->str);                         /* 100 in all */
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 100);

  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_WORD_TARGET), ==, 0);
  byline_article_set_word_target (article, 105);   /* within a tenth */
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_WORD_TARGET), ==, 0);
  byline_article_set_word_target (article, 95);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_WORD_TARGET), ==, 0);

  byline_article_set_word_target (article, 600);
  item = the_item (article, BYLINE_CHECK_WORD_TARGET);
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "500 short"));
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "1 min read"));
  g_clear_object (&item);

  byline_article_set_word_target (article, 50);
  item = the_item (article, BYLINE_CHECK_WORD_TARGET);
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "50 over"));
}

/* Dismissing */

static void
test_dismiss (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineCheckItem) item = NULL;
  g_autoptr(BylineCheckItem) again = NULL;
  g_autoptr(GPtrArray) items = NULL;

  add_paragraph (article, "Opening paragraph of the story.");
  add_paragraph (article, "The ferry left the the pier.");
  item = the_item (article, BYLINE_CHECK_DOUBLED_WORD);
  g_assert_false (byline_check_item_get_dismissed (item));
  g_assert_true (g_str_has_prefix (byline_check_item_get_id (item), "doubled-word:"));

  /* The id stays while its paragraph stays, whatever happens elsewhere */
  byline_block_set_text (byline_article_get_block (article, 0), "A new opening paragraph.");
  add_paragraph (article, "A closing paragraph.");
  again = the_item (article, BYLINE_CHECK_DOUBLED_WORD);
  g_assert_cmpstr (byline_check_item_get_id (again), ==, byline_check_item_get_id (item));

  byline_article_dismiss_check (article, byline_check_item_get_id (item));
  items = run (article);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (byline_check_item_get_dismissed (g_ptr_array_index (items, 0)));
  g_assert_cmpuint (byline_checks_count_open (items), ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Another doubled word in another paragraph is a new item */
  add_paragraph (article, "Then it came came back.");
  items = run (article);
  g_assert_cmpuint (byline_checks_count_open (items), ==, 1);
}

/* On a snapshot, as the checks panel runs them on a worker thread */

static gpointer
run_in_thread (gpointer data)
{
  return byline_checks_run_snapshot (data, NULL, NULL);
}

static void
test_snapshot (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) direct = NULL;
  g_autoptr(GPtrArray) threaded = NULL;
  GThread *thread;

  byline_article_set_standfirst (article, "");
  add_paragraph (article, "The ferry left the the pier (early.");
  snapshot = byline_article_snapshot (article);
  /* The article moves on; the snapshot does not */
  add_paragraph (article, "Then it came came back.");

  thread = g_thread_new ("checks", run_in_thread, snapshot);
  threaded = g_thread_join (thread);
  g_assert_nonnull (threaded);
  direct = run (article);
  g_assert_cmpuint (threaded->len, ==, 3);   /* standfirst, unbalanced, doubled */
  g_assert_cmpuint (direct->len, ==, 4);
  for (guint i = 0; i < threaded->len; i++)
    g_assert_cmpstr (byline_check_item_get_id (g_ptr_array_index (threaded, i)), ==,
                     byline_check_item_get_id (g_ptr_array_index (direct, i)));
}

/* A related story or a card whose target changed on the site */
static void
test_related_target (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(BylineStoryRef) related = byline_story_ref_new ();
  g_autoptr(BylineStoryRef) carded = byline_story_ref_new ();
  g_autoptr(BylineStoryRef) fresh = byline_story_ref_new ();
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineCheckItem) item = NULL;

  byline_story_ref_set_cms_id (related, "41");
  byline_story_ref_set_headline (related, "Pier repairs begin");
  byline_story_ref_set_cms_id (carded, "42");
  byline_story_ref_set_headline (carded, "Ferry fares rise");
  byline_article_insert_related (article, 0, related);
  add_paragraph (article, "The ferry returns on Monday.");
  byline_block_set_story_ref (card, carded);
  byline_article_append_block (article, card);

  /* Never checked, or checked and fine: nothing to say */
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_RELATED_TARGET), ==, 0);
  byline_story_ref_set_target (byline_block_get_story_ref (card), BYLINE_TARGET_STATE_OK, NULL);
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_RELATED_TARGET), ==, 0);

  /* The card's story was deleted on the site: listed, pointing at the card */
  byline_story_ref_set_target (byline_block_get_story_ref (card), BYLINE_TARGET_STATE_DELETED, NULL);
  item = the_item (article, BYLINE_CHECK_RELATED_TARGET);
  g_assert_cmpint (byline_check_item_get_block (item), ==, (int) byline_article_get_n_blocks (article) - 1);
  g_clear_object (&item);

  /* The related story's headline changed: both listed */
  byline_story_ref_set_headline (fresh, "Pier repairs begin next week");
  {
    g_autoptr(BylineStoryRef) attached = g_list_model_get_item (byline_article_get_related (article), 0);

    byline_story_ref_set_target (attached, BYLINE_TARGET_STATE_UPDATED, fresh);
  }
  g_assert_cmpuint (count_kind (article, BYLINE_CHECK_RELATED_TARGET), ==, 2);
  /* The related story's item (listed first) points at its place in the
   * related list */
  {
    g_autoptr(GPtrArray) items = run (article);
    g_autoptr(GPtrArray) found = of_kind (items, BYLINE_CHECK_RELATED_TARGET);

    g_assert_cmpstr (byline_check_item_get_field (g_ptr_array_index (found, 0)), ==, "related");
    g_assert_cmpint (byline_check_item_get_block (g_ptr_array_index (found, 0)), ==, 0);
  }
}

/* Newsroom limits per section (any case) before per account before the
 * defaults, and the message names where the limit comes from */
static void
test_pick_limits (void)
{
  g_autoptr(BylineArticle) article = article_new ();
  g_autoptr(GVariant) sections = g_variant_ref_sink (g_variant_new_parsed ("{'Sport': (@u 60, @u 55, @u 500)}"));
  g_autoptr(GVariant) accounts = g_variant_ref_sink (g_variant_new_parsed ("{'Desk': (@u 40, @u 0, @u 0)}"));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *hint = NULL;
  BylineCheckOptions options, copy;

  byline_check_options_init (&options);
  byline_check_options_init (&copy);
  byline_check_options_pick_limits (&options, 70, 70, 600, sections, "SPORT", accounts, "Desk");
  g_assert_cmpint (options.limits_from, ==, BYLINE_LIMITS_FROM_SECTION);
  g_assert_cmpstr (options.limits_name, ==, "Sport");
  g_assert_cmpuint (options.headline_max_chars, ==, 60);
  g_assert_cmpuint (options.seo_title_max_chars, ==, 55);
  g_assert_cmpuint (options.seo_title_max_width, ==, 500);

  byline_article_set_headline (article, "Harbour town wins the regional rowing final after a close last race");
  items = byline_checks_run (article, &options);
  found = of_kind (items, BYLINE_CHECK_HEADLINE_LENGTH);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (byline_check_item_get_message (g_ptr_array_index (found, 0)), ==,
                   "Headline: 67 characters, 7 over the Sport desk’s limit of 60");
  hint = byline_check_options_describe_headline (&options, 67);
  g_assert_cmpstr (hint, ==, "Too long: 67 characters, 7 over the Sport desk’s limit of 60");

  /* A copy owns its own name */
  byline_check_options_copy (&copy, &options);
  byline_check_options_clear (&options);
  g_assert_cmpstr (copy.limits_name, ==, "Sport");

  /* No section limits: the account's (names match exactly) */
  byline_check_options_pick_limits (&options, 70, 70, 600, sections, "Business", accounts, "Desk");
  g_assert_cmpint (options.limits_from, ==, BYLINE_LIMITS_FROM_ACCOUNT);
  g_assert_cmpuint (options.headline_max_chars, ==, 40);
  g_assert_cmpuint (options.seo_title_max_width, ==, 0);
  byline_check_options_pick_limits (&options, 70, 70, 600, sections, NULL, accounts, "desk");
  g_assert_cmpint (options.limits_from, ==, BYLINE_LIMITS_FROM_DEFAULT);
  g_assert_null (options.limits_name);
  g_assert_cmpuint (options.headline_max_chars, ==, 70);

  /* No tables at all, or a wrongly typed one: the defaults */
  byline_check_options_pick_limits (&options, 65, 70, 600, NULL, "Sport", NULL, "Desk");
  g_assert_cmpint (options.limits_from, ==, BYLINE_LIMITS_FROM_DEFAULT);
  g_assert_cmpuint (options.headline_max_chars, ==, 65);
  {
    g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new_parsed ("{'Sport': 'sixty'}"));

    byline_check_options_pick_limits (&options, 70, 70, 600, wrong, "Sport", NULL, NULL);
    g_assert_cmpint (options.limits_from, ==, BYLINE_LIMITS_FROM_DEFAULT);
  }
  byline_check_options_clear (&options);
  byline_check_options_clear (&copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/checks/clean", test_clean_article);
  g_test_add_func ("/slug/latin", test_slug_latin);
  g_test_add_func ("/slug/cyrillic", test_slug_cyrillic);
  g_test_add_func ("/slug/punctuation", test_slug_punctuation);
  g_test_add_func ("/slug/follows-headline", test_slug_follows_headline);
  g_test_add_func ("/slug/merge", test_merge_slug);
  g_test_add_func ("/format/new-fields", test_format_new_fields);
  g_test_add_func ("/checks/headline-length", test_headline_length);
  g_test_add_func ("/checks/headline-limit-option", test_headline_limit_option);
  g_test_add_func ("/checks/pick-limits", test_pick_limits);
  g_test_add_func ("/checks/seo-title-chars", test_seo_title_chars);
  g_test_add_func ("/checks/seo-title-width", test_seo_title_width);
  g_test_add_func ("/checks/width-preview", test_width_preview);
  g_test_add_func ("/checks/standfirst", test_standfirst);
  g_test_add_func ("/checks/images", test_images);
  g_test_add_func ("/checks/quote-block", test_quote_block_attribution);
  g_test_add_func ("/checks/speech", test_speech_in_paragraph);
  g_test_add_func ("/checks/unbalanced", test_unbalanced);
  g_test_add_func ("/checks/plain-http", test_plain_http);
  g_test_add_func ("/checks/doubled-word", test_doubled_word);
  g_test_add_func ("/checks/repeated-paragraph", test_repeated_paragraph);
  g_test_add_func ("/checks/word-target", test_word_target);
  g_test_add_func ("/checks/dismiss", test_dismiss);
  g_test_add_func ("/checks/related-target", test_related_target);
  g_test_add_func ("/checks/snapshot", test_snapshot);

  return g_test_run ();
}
