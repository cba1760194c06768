/* test-html-reader.c: pasted HTML and text become the blocks a journalist
 * expects, and nothing hostile survives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>

#include "model/byline-html-reader.h"
#include "model/byline-article-format-private.h"
#include "model/byline-limits-private.h"

/* The blocks as the article format writes them: one JSON array */
static JsonNode *
blocks_to_json (GPtrArray *blocks)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < blocks->len; i++)
    json_array_add_element (array, byline_block_to_json_node (g_ptr_array_index (blocks, i)));
  json_node_take_array (node, array);
  return node;
}

static char *
to_pretty_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static GPtrArray *
read_corpus_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "paste", name, NULL);
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GPtrArray *blocks;

  g_assert_true (g_file_get_contents (path, &html, &length, &error));
  g_assert_no_error (error);
  blocks = byline_html_read_blocks (html, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (blocks);
  return blocks;
}

/* tests/paste/NAME.html must become exactly tests/paste/NAME.json */
static void
test_corpus (gconstpointer data)
{
  const char *name = data;
  g_autofree char *html_name = g_strconcat (name, ".html", NULL);
  g_autofree char *json_name = g_strconcat (name, ".json", NULL);
  g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "paste", json_name, NULL);
  g_autoptr(GPtrArray) blocks = read_corpus_file (html_name);
  g_autoptr(JsonNode) got = blocks_to_json (blocks);
  g_autofree char *got_text = to_pretty_json (got);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_text = NULL;

  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  expected_text = to_pretty_json (json_parser_get_root (parser));

  if (!json_node_equal (got, json_parser_get_root (parser)))
    g_error ("%s became\n%s\nbut should be\n%s", html_name, got_text, expected_text);
}

/* Nothing in the blocks of the hostile corpus can run or fetch anything:
 * every address is http, https or mailto, and no script text is left */
static void
test_hostile_parts_gone (void)
{
  g_autoptr(GPtrArray) blocks = read_corpus_file ("hostile.html");
  g_autoptr(JsonNode) node = blocks_to_json (blocks);
  g_autofree char *json = to_pretty_json (node);
  const char *forbidden[] = { "alert", "script", "javascript", "vbscript", "data:",
                              "evil.example", "track.example", "onerror", "onclick",
                              "steal", "cookie", "svg text", "Hidden text", "comment",
                              "password", "Log in" };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (json, forbidden[i]) != NULL)
      g_error ("\"%s\" survived the hostile paste:\n%s", forbidden[i], json);

  for (guint i = 0; i < blocks->len; i++)
    {
      BylineBlock *block = g_ptr_array_index (blocks, i);
      const BylineMark *marks;
      guint n = 0;

      marks = byline_block_get_marks (block, &n);
      for (guint m = 0; m < n; m++)
        if (marks[m].kind == BYLINE_MARK_LINK)
          g_assert_true (g_str_has_prefix (marks[m].href, "https://") ||
                         g_str_has_prefix (marks[m].href, "http://") ||
                         g_str_has_prefix (marks[m].href, "mailto:"));
      if (byline_block_get_kind (block) == BYLINE_BLOCK_IMAGE)
        {
          const char *src = byline_image_get_src (byline_block_get_image (block));

          g_assert_true (*src == '\0' || g_str_has_prefix (src, "https://") ||
                         g_str_has_prefix (src, "http://"));
        }
    }
}

/* Nesting deeper than libxml2 itself parses must neither crash nor lose
 * what came before it */
static void
test_deep_nesting (void)
{
  GString *html = g_string_new ("<p>Before the nesting.</p>");
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div><b>");
  g_string_append (html, "<p>Deep text</p>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "</b></div>");
  g_string_append (html, "<p>After the nesting.</p>");
  text = g_string_free (html, FALSE);

  blocks = byline_html_read_blocks (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, >=, 1);
  g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 0)), ==, "Before the nesting.");
}

/* The walker itself holds no stack frame per level: a tree built by hand
 * (no parser limit in the way) a million deep is read */
static void
test_deep_tree (void)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *root = xmlNewNode (NULL, BAD_CAST "div");
  xmlNode *node = root;
  g_autoptr(GPtrArray) blocks = NULL;

  xmlDocSetRootElement (doc, root);
  for (guint i = 0; i < 1000000; i++)
    node = xmlNewChild (node, NULL, BAD_CAST (i % 2 ? "span" : "i"), NULL);
  xmlNodeAddContent (node, BAD_CAST "At the bottom");

  blocks = byline_html_read_node (root);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 0)), ==, "At the bottom");
  {
    guint n = 0;
    const BylineMark *marks = byline_block_get_marks (g_ptr_array_index (blocks, 0), &n);

    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (marks[0].kind, ==, BYLINE_MARK_ITALIC);
  }
  /* (xmlFreeDoc walks iteratively too) */
  xmlFreeDoc (doc);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  gsize size = BYLINE_MAX_DOCUMENT_BYTES + 1;
  g_autofree char *big = g_malloc (size);

  /* Over the document limit: refused, saying why */
  memset (big, 'a', size);
  blocks = byline_html_read_blocks (big, size, &error);
  g_assert_null (blocks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);

  /* Not text */
  blocks = byline_html_read_blocks ("<p>a\xff\xfe</p>", -1, &error);
  g_assert_null (blocks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  blocks = byline_html_read_blocks ("<p>a\0b</p>", 10, &error);
  g_assert_null (blocks);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Empty is fine: no blocks */
  blocks = byline_html_read_blocks ("", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 0);
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = byline_html_read_blocks ("<!-- nothing --> <p> </p>", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 0);
}

/* Firefox puts text/html on the clipboard as UTF-16 with a byte order
 * mark; a trailing NUL is harmless */
static void
test_utf16 (void)
{
  const char *html = "<p>Caf\xc3\xa9 <b>open</b></p>";
  g_autofree char *utf16 = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  GString *data;

  utf16 = g_convert (html, -1, "UTF-16LE", "UTF-8", NULL, &written, &error);
  g_assert_no_error (error);
  data = g_string_new_len ("\xff\xfe", 2);
  g_string_append_len (data, utf16, written);
  g_string_append_len (data, "\0\0", 2);

  blocks = byline_html_read_blocks (data->str, data->len, &error);
  g_string_free (data, TRUE);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 0)), ==, "Caf\xc3\xa9 open");
}

static void
assert_paragraphs (GPtrArray         *blocks,
                   const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (blocks->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      BylineBlock *block = g_ptr_array_index (blocks, i);

      g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_PARAGRAPH);
      g_assert_cmpstr (byline_block_get_text (block), ==, expected[i]);
    }
}

static void
test_plain_text (void)
{
  /* Blank lines part paragraphs; a wrapped line joins its paragraph */
  {
    const char *text = "  The vote is on Monday.\r\n\r\nCouncillors will meet\nat nine.\n \n\n\nThe public may attend.  \n";
    const char *expected[] = { "The vote is on Monday.", "Councillors will meet at nine.",
                               "The public may attend.", NULL };
    g_autoptr(GPtrArray) blocks = byline_text_read_blocks (text, -1);

    assert_paragraphs (blocks, expected);
  }
  /* No blank line anywhere: every line is a paragraph */
  {
    const char *text = "First line\nSecond line\n\tThird line\n";
    const char *expected[] = { "First line", "Second line", "Third line", NULL };
    g_autoptr(GPtrArray) blocks = byline_text_read_blocks (text, -1);

    assert_paragraphs (blocks, expected);
  }
  /* Nothing but whitespace: nothing; the editor's object character and
   * broken bytes never get in */
  {
    const char *expected[] = { "one \xef\xbf\xbdtwo", NULL };
    g_autoptr(GPtrArray) empty = byline_text_read_blocks (" \n\n \t\n", -1);
    g_autoptr(GPtrArray) blocks = byline_text_read_blocks ("one \xef\xbf\xbc\xfftwo", -1);

    g_assert_cmpuint (empty->len, ==, 0);
    assert_paragraphs (blocks, expected);
  }
}

/* Small rules, one at a time */
static void
test_rules (void)
{
  g_autoptr(GError) error = NULL;

  /* <br> ends a paragraph; a quote's last dashed line is its attribution */
  {
    g_autoptr(GPtrArray) blocks =
      byline_html_read_blocks ("<p>One<br>Two</p><blockquote>Rain again.<br>\xe2\x80\x94 A. Farmer</blockquote>", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (blocks->len, ==, 3);
    g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 1)), ==, "Two");
    g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (blocks, 2)), ==, BYLINE_BLOCK_QUOTE);
    g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 2)), ==, "Rain again.");
    g_assert_cmpstr (byline_block_get_attribution (g_ptr_array_index (blocks, 2)), ==, "A. Farmer");
  }
  /* A cite inside a quote's sentence is not the speaker */
  {
    g_autoptr(GPtrArray) blocks =
      byline_html_read_blocks ("<blockquote><p>As <cite>The Almanac</cite> says, it rains.</p></blockquote>", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (blocks->len, ==, 1);
    g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 0)), ==, "As The Almanac says, it rains.");
    g_assert_cmpstr (byline_block_get_attribution (g_ptr_array_index (blocks, 0)), ==, "");
  }
  /* Relative links have nowhere to point: plain text */
  {
    g_autoptr(GPtrArray) blocks =
      byline_html_read_blocks ("<p><a href=\"/local\">here</a> and <a href=\"HTTPS://Example.org/x\">there</a></p>", -1, &error);
    const BylineMark *marks;
    guint n = 0;

    g_assert_no_error (error);
    marks = byline_block_get_marks (g_ptr_array_index (blocks, 0), &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (marks[0].start, ==, 9);
    g_assert_cmpstr (marks[0].href, ==, "HTTPS://Example.org/x");
  }
  /* <pre> keeps its spaces and its lines */
  {
    g_autoptr(GPtrArray) blocks = byline_html_read_blocks ("<pre>a  b\nc</pre>", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (blocks->len, ==, 2);
    g_assert_cmpstr (byline_block_get_text (g_ptr_array_index (blocks, 0)), ==, "a  b");
  }
}

/* Prints what a corpus file becomes, to write its expected JSON by hand:
 * test-html-reader --dump tests/paste/NAME.html */
static int
dump (const char *path)
{
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  gsize length;

  if (!g_file_get_contents (path, &html, &length, &error) ||
      (blocks = byline_html_read_blocks (html, length, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  node = blocks_to_json (blocks);
  json = to_pretty_json (node);
  /* (not g_print: that converts to the locale's charset) */
  fputs (json, stdout);
  fputs ("\n", stdout);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--dump"))
    return dump (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/html-reader/corpus/word-export", "word-export", test_corpus);
  g_test_add_data_func ("/html-reader/corpus/google-docs", "google-docs", test_corpus);
  g_test_add_data_func ("/html-reader/corpus/news-fragment", "news-fragment", test_corpus);
  g_test_add_data_func ("/html-reader/corpus/hostile", "hostile", test_corpus);
  g_test_add_func ("/html-reader/hostile-parts-gone", test_hostile_parts_gone);
  g_test_add_func ("/html-reader/deep-nesting", test_deep_nesting);
  g_test_add_func ("/html-reader/deep-tree", test_deep_tree);
  g_test_add_func ("/html-reader/limits", test_limits);
  g_test_add_func ("/html-reader/utf16", test_utf16);
  g_test_add_func ("/html-reader/plain-text", test_plain_text);
  g_test_add_func ("/html-reader/rules", test_rules);

  return g_test_run ();
}
