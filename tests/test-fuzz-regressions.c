/* test-fuzz-regressions.c: every input with which a fuzz target once
 * crashed Byline, read again by the normal suite
 *
 * The inputs live in tests/fuzz/regressions/, named after their target
 * ("article-json-…", "wp-response-…"; the wp-response layout is described
 * in tests/fuzz/fuzz-wp-response.c).  Each case checks what a journalist
 * would meet: a clear, readable message instead of a crash, a warning or
 * an unset error.  GLib's test mode makes any critical warning fatal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-fuzz-regressions"

#include <string.h>

#include "byline-article-format.h"
#include "byline-cms-error.h"
#include "byline-image-metadata.h"
#include "byline-wp-blocks.h"
#include "byline-wp-cms-private.h"

static GBytes *
load_input (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* json-glib quoted a bad string cut inside a character; the message went
 * to the journalist as invalid UTF-8. */
static void
test_article_json_split_character (void)
{
  g_autoptr(GBytes) input = load_input ("article-json-split-character");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = NULL;
  gsize len;
  const char *data = g_bytes_get_data (input, &len);

  article = byline_article_new_from_json (data, len, &error);
  g_assert_null (article);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_JSON);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
}

static JsonNode *
read_answer (const char  *name,
             GError     **error)
{
  g_autoptr(GBytes) input = load_input (name);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(BylineWpCms) cms = byline_wp_cms_new (session, "https://news.example.org",
                                                  "editor", "abcd efgh", NULL);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (input, &len);

  /* Bytes 0 and 1 choose the reader and the status: these inputs are all
   * "200, application/json". */
  g_assert_cmpuint (len, >=, 2);
  g_assert_cmpuint (data[1], ==, 0);
  soup_message_headers_set_content_type (headers, "application/json; charset=UTF-8", NULL);
  body = g_bytes_new (data + 2, len - 2);
  return byline_wp_cms_read_answer (cms, 200, headers, body, NULL, error);
}

/* A 200 whose body is blank: json-glib reads it as success with no root,
 * and the backend returned NULL without an error. */
static void
test_wp_response_blank_200 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_answer ("wp-response-blank-200", &error);

  g_assert_null (root);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "news.example.org"));
  g_assert_nonnull (strstr (error->message, "not valid data"));
}

/* A 200 with no body at all: json-glib warned about its NULL data. */
static void
test_wp_response_empty_200 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_answer ("wp-response-empty-200", &error);

  g_assert_null (root);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
}

/* A post whose title escapes a lone surrogate ("\udc00"): valid JSON,
 * but json-glib reads it into bytes that are not UTF-8, and the model
 * refused the headline with a critical warning. */
static void
test_wp_response_lone_surrogate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_answer ("wp-response-lone-surrogate", &error);

  g_assert_null (root);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "news.example.org"));
  g_assert_nonnull (strstr (error->message, "not valid Unicode"));
}

/* The same escape in the post's status: the error message quoted the
 * status, and was no longer readable text (what a CI fuzz run found). */
static void
test_wp_response_lone_surrogate_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = read_answer ("wp-response-lone-surrogate-status", &error);

  g_assert_null (root);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* The same escape in a block's attributes: nothing of it reaches the
 * model, and the block goes back to the site exactly as it came. */
static void
test_wp_blocks_lone_surrogate_attribute (void)
{
  g_autoptr(GBytes) input = load_input ("wp-blocks-lone-surrogate-attribute");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *json = NULL;
  g_autofree char *markup = NULL;
  gsize len;
  const char *data = g_bytes_get_data (input, &len);

  blocks = byline_wp_blocks_parse (data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);
  json = byline_article_to_json (article, NULL);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  markup = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                       NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (markup, ==, data);
}

/* A photo whose XMP is malformed: exiv2 logged it through gexiv2 as a
 * g_critical (fatal in tests, alarming in the app's log).  Reading it
 * must stay quiet: an error or the metadata exiv2 could read. */
static void
test_image_metadata_malformed_xmp (void)
{
  g_autoptr(GBytes) input = load_input ("image-metadata-malformed-xmp.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineImageMetadata) metadata = byline_image_metadata_read_bytes (input, &error);

  g_assert_true (metadata != NULL || error != NULL);
  if (error != NULL)
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* Every saved input of a target still gets through without a crash,
 * whatever it is called. */
static void
test_all_inputs_read (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GBytes) input = load_input (name);
      g_autoptr(GError) error = NULL;
      gsize len;
      const char *data = g_bytes_get_data (input, &len);

      if (g_str_has_prefix (name, "article-json-"))
        {
          g_autoptr(BylineArticle) article = byline_article_new_from_json (data, len, &error);

          g_assert_true (article != NULL || (error != NULL && g_utf8_validate (error->message, -1, NULL)));
        }
      else if (g_str_has_prefix (name, "wp-blocks-"))
        {
          g_autoptr(GPtrArray) blocks = byline_wp_blocks_parse (data, len, NULL, NULL, &error);

          g_assert_true (blocks != NULL || error != NULL);
        }
      else if (g_str_has_prefix (name, "wp-response-"))
        {
          g_autoptr(JsonNode) root = read_answer (name, &error);

          g_assert_true (root != NULL || (error != NULL && g_utf8_validate (error->message, -1, NULL)));
        }
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fuzz-regressions/article-json/split-character", test_article_json_split_character);
  g_test_add_func ("/fuzz-regressions/wp-response/blank-200", test_wp_response_blank_200);
  g_test_add_func ("/fuzz-regressions/wp-response/empty-200", test_wp_response_empty_200);
  g_test_add_func ("/fuzz-regressions/wp-response/lone-surrogate", test_wp_response_lone_surrogate);
  g_test_add_func ("/fuzz-regressions/wp-response/lone-surrogate-status", test_wp_response_lone_surrogate_status);
  g_test_add_func ("/fuzz-regressions/wp-blocks/lone-surrogate-attribute", test_wp_blocks_lone_surrogate_attribute);
  g_test_add_func ("/fuzz-regressions/image-metadata/malformed-xmp", test_image_metadata_malformed_xmp);
  g_test_add_func ("/fuzz-regressions/all-inputs", test_all_inputs_read);

  return g_test_run ();
}
