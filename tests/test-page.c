/* test-page.c: a story from a web page's HTML, and telling file kinds apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-page"

#include <string.h>

#include "byline-article-format.h"
#include "byline-import-reader.h"
#include "byline-page-reader.h"

static char *
load (const char *name,
      gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "import", name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, length, NULL));
  return data;
}

static BylineImportResult *
read_page (const char *name)
{
  gsize length = 0;
  g_autofree char *data = load (name, &length);
  g_autoptr(GError) error = NULL;
  BylineImportResult *result = byline_page_read (data, length, &error);

  g_assert_no_error (error);
  return result;
}

static char *
dropped (BylineImportResult *result)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (byline_import_decision_get_role (decision) == BYLINE_IMPORT_ROLE_FURNITURE)
        g_string_append_printf (out, "%s%s", out->len ? "|" : "", byline_import_decision_get_text (decision));
    }
  return g_string_free (out, FALSE);
}

static void
assert_block (BylineArticle   *article,
              guint            position,
              BylineBlockKind  kind,
              const char      *text_prefix)
{
  BylineBlock *block;

  g_assert_cmpuint (position, <, byline_article_get_n_blocks (article));
  block = byline_article_get_block (article, position);
  g_assert_cmpint (byline_block_get_kind (block), ==, kind);
  if (text_prefix != NULL)
    g_assert_true (g_str_has_prefix (byline_block_get_text (block), text_prefix));
}

/* No script, no handler, no javascript: link anywhere in the article */
static void
assert_clean (BylineArticle *article)
{
  g_autofree char *json = NULL;

  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      guint n_marks = 0;
      const BylineMark *marks = byline_block_get_marks (block, &n_marks);

      for (guint m = 0; m < n_marks; m++)
        if (marks[m].href != NULL)
          {
            g_autofree char *href = g_ascii_strdown (marks[m].href, -1);
            g_assert_false (g_str_has_prefix (g_strstrip (href), "javascript:"));
          }
    }

  /* Byline's own document holds every text of the article */
  json = byline_article_to_json (article, NULL);
  g_assert_null (strstr (json, "tracking"));
  g_assert_null (strstr (json, "steal()"));
  g_assert_null (strstr (json, "javascript:"));
  g_assert_null (strstr (json, "<script"));
  g_assert_null (strstr (json, "ads.example.com"));
}

static void
test_news_site_json_ld (void)
{
  g_autoptr(BylineImportResult) result = read_page ("news-jsonld.html");
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  g_autofree char *lines = dropped (result);
  g_autofree char *created = g_date_time_format_iso8601 (byline_article_get_created (article));
  BylineImage *lead = byline_article_get_lead_image (article);
  const char * const *tags = byline_article_get_tags (article);
  BylineStoryRef *card;

  g_assert_cmpint (byline_import_result_get_kind (result), ==, BYLINE_IMPORT_KIND_HTML);
  g_assert_cmpstr (byline_article_get_language (article), ==, "en-GB");
  g_assert_cmpstr (byline_article_get_section (article), ==, "Business");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Ferry operator orders two electric boats");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==,
                   "The new boats will replace the diesel ferries on the island route by 2026.");
  g_assert_cmpstr (byline_article_get_byline (article), ==, "Ilse Marr and Owen Tally");
  g_assert_cmpstr (created, ==, "2024-09-03T07:30:00Z");
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 3);
  g_assert_cmpstr (tags[1], ==, "electric boats");

  g_assert_cmpstr (byline_image_get_src (lead), ==, "https://example.com/img/ferry-yard.jpg");
  g_assert_cmpstr (byline_image_get_caption (lead), ==, "The shipyard where the boats will be built.");
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Courier Pictures 2024 / Sam Ode");
  g_assert_cmpstr (byline_image_get_alt (lead), ==, "A ship's hull on a slipway beside a crane.");

  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "The operator signed the order on Monday");
  {
    /* Formatting comes through the HTML reader */
    guint n_marks = 0;
    const BylineMark *marks = byline_block_get_marks (byline_article_get_block (article, 0), &n_marks);

    g_assert_cmpuint (n_marks, ==, 2);
    g_assert_cmpint (marks[0].kind, ==, BYLINE_MARK_BOLD);
    g_assert_cmpint (marks[1].kind, ==, BYLINE_MARK_LINK);
    g_assert_cmpstr (marks[1].href, ==, "https://example.com/trial");
  }
  assert_block (article, 1, BYLINE_BLOCK_PARAGRAPH, "Each boat will carry 40 cars");
  assert_block (article, 2, BYLINE_BLOCK_CARD, NULL);
  card = byline_block_get_story_ref (byline_article_get_block (article, 2));
  g_assert_cmpstr (byline_story_ref_get_section (card), ==, "Islands");
  g_assert_cmpstr (byline_story_ref_get_headline (card), ==, "Harbour upgrade finishes a month early");
  g_assert_cmpstr (byline_story_ref_get_url (card), ==, "https://example.com/islands/harbour-upgrade");
  assert_block (article, 3, BYLINE_BLOCK_QUOTE, "\"Our passengers asked");
  assert_block (article, 4, BYLINE_BLOCK_SUBHEADING, "Costs");
  assert_block (article, 5, BYLINE_BLOCK_PARAGRAPH, "The boats cost less to run");
  assert_block (article, 6, BYLINE_BLOCK_PARAGRAPH, "Work on the first hull");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 7);

  /* The furniture inside the article, listed; a line in another script too */
  g_assert_cmpstr (lines, ==,
                   "Share on social mediaEmail|Get the morning briefing in your inbox.|"
                   "Трансляция недоступна в вашем регионе.|Comments (3) Log in to comment.");
  assert_clean (article);
}

static void
test_open_graph_only (void)
{
  g_autoptr(BylineImportResult) result = read_page ("og-only.html");
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  BylineImage *lead = byline_article_get_lead_image (article);
  BylineImage *photo;
  GPtrArray *decisions = byline_import_result_get_decisions (result);

  g_assert_cmpstr (byline_article_get_section (article), ==, "Local");
  /* The site's name is not part of the headline */
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Market hall reopens after the flood");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==,
                   "Traders return to the old market hall six months after the river broke its banks.");
  g_assert_cmpstr (byline_article_get_byline (article), ==, "Greta Holm");
  g_assert_cmpstr (byline_article_get_tags (article)[1], ==, "floods");
  g_assert_cmpstr (byline_image_get_src (lead), ==, "https://example.org/photos/market-hall.jpg");
  g_assert_cmpstr (byline_image_get_alt (lead), ==, "Stalls with vegetables under a glass roof.");

  /* The figure in the story: a photo block, caption and credit apart */
  assert_block (article, 2, BYLINE_BLOCK_IMAGE, NULL);
  photo = byline_block_get_image (byline_article_get_block (article, 2));
  g_assert_cmpstr (byline_image_get_src (photo), ==, "https://example.org/photos/stall.jpg");
  g_assert_cmpstr (byline_image_get_caption (photo), ==, "A baker sets out bread on the first morning.");
  g_assert_cmpstr (byline_image_get_credit (photo), ==, "© Valley Weekly 2024 / Nils Berg");

  /* The standfirst came only from metadata: asked, and "no" adds nothing */
  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (byline_import_decision_get_role (decision) == BYLINE_IMPORT_ROLE_STANDFIRST)
        {
          g_assert_true (byline_import_decision_is_uncertain (decision));
          byline_import_decision_set_accepted (decision, FALSE);
        }
    }
  g_clear_object (&article);
  article = byline_import_result_build_article (result);
  g_assert_cmpstr (byline_article_get_standfirst (article), ==, "");
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Traders were back");
}

static void
test_blog (void)
{
  g_autoptr(BylineImportResult) result = read_page ("blog.html");
  g_autoptr(BylineArticle) article = byline_import_result_build_article (result);
  g_autofree char *lines = dropped (result);
  g_autofree char *created = g_date_time_format_iso8601 (byline_article_get_created (article));

  g_assert_cmpstr (byline_article_get_headline (article), ==, "The first frost came early");
  g_assert_cmpstr (created, ==, "2024-11-02T00:00:00Z");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "I found the dahlias");
  g_assert_cmpstr (lines, ==, "Archives October 2024 September 2024|2 comments Lovely post! — Ann");
}

/* Hostile markup in a pasted story: nothing of it reaches the article */
static void
test_hostile (void)
{
  const char *html =
    "<p>Calm <b onmouseover=\"steal()\">text</b><script>tracking()</script>"
    "<a href=\" javascript:alert(1)\">link</a><img src=x onerror=\"steal()\"></p>"
    "<iframe src=\"https://ads.example.com/\"></iframe><style>p{}</style>";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineImportResult) result = byline_page_read (html, -1, &error);
  g_autoptr(BylineArticle) article = NULL;

  g_assert_no_error (error);
  article = byline_import_result_build_article (result);
  assert_block (article, 0, BYLINE_BLOCK_PARAGRAPH, "Calm text");
  assert_clean (article);
}

static void
test_detect (void)
{
  gsize length = 0;
  g_autofree char *ninjs = load ("agency-story.ninjs.json", &length);
  g_autofree char *text = load ("ferry.ru.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineImportResult) result = NULL;

  g_assert_cmpint (byline_import_detect (ninjs, length, NULL), ==, BYLINE_IMPORT_KIND_NINJS);
  g_assert_cmpint (byline_import_detect (text, strlen (text), "ferry.txt"), ==, BYLINE_IMPORT_KIND_TEXT);
  g_assert_cmpint (byline_import_detect ("\xef\xbb\xbf  <!DOCTYPE html><p>x", 26, NULL), ==, BYLINE_IMPORT_KIND_HTML);
  g_assert_cmpint (byline_import_detect ("Just words", 10, "saved.htm"), ==, BYLINE_IMPORT_KIND_HTML);
  g_assert_cmpint (byline_import_detect ("{\"format\":\"byline-article\"}", 27, NULL), ==, BYLINE_IMPORT_KIND_BYLINE);

  result = byline_import_read (ninjs, length, "story.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_import_result_get_kind (result), ==, BYLINE_IMPORT_KIND_NINJS);
  g_assert_cmpuint (byline_import_result_count_uncertain (result), ==, 0);
  g_clear_object (&result);

  /* JSON of some other kind is refused, not read as text */
  result = byline_import_read ("{\"title\": \"x\"}", 14, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE);
  g_clear_error (&error);

  result = byline_import_read (" \n\t", 3, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/page/news-site-json-ld", test_news_site_json_ld);
  g_test_add_func ("/page/open-graph-only", test_open_graph_only);
  g_test_add_func ("/page/blog", test_blog);
  g_test_add_func ("/page/hostile", test_hostile);
  g_test_add_func ("/page/detect", test_detect);

  return g_test_run ();
}
