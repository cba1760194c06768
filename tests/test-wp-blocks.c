/* test-wp-blocks.c: a story's body to WordPress block markup and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-wp-blocks"

#include <string.h>

#include "byline-cms-error.h"
#include "byline-wp-blocks.h"

/* ------------------------------------------------------------------ */

static BylineBlock *
paragraph_with_marks (void)
{
  BylineBlock *block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  /* "Rain & wind <hit> the coast -- again," said the "forecaster". */
  BylineMark marks[] = {
    { BYLINE_MARK_BOLD, 0, 11, NULL },
    { BYLINE_MARK_ITALIC, 7, 27, NULL },
    { BYLINE_MARK_LINK, 47, 65, (char *) "https://example.org/weather?a=1&b=\"2\"" },
  };

  byline_block_set_text_and_marks (block,
                                   "Rain & wind <hit> the coast -- again, said the forecaster at dawn.",
                                   marks, G_N_ELEMENTS (marks));
  return block;
}

static BylineImage *
make_image (const char *src,
            const char *caption,
            const char *credit,
            const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, src);
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

static BylineStoryRef *
make_ref (const char *id,
          const char *section,
          const char *headline,
          gboolean    with_image)
{
  BylineStoryRef *ref = byline_story_ref_new ();

  byline_story_ref_set_cms_id (ref, id);
  byline_story_ref_set_url (ref, "https://news.example.org/harbour-reopens/");
  byline_story_ref_set_section (ref, section);
  byline_story_ref_set_headline (ref, headline);
  if (with_image)
    {
      g_autoptr(BylineImage) image = make_image ("https://news.example.org/wp-content/uploads/ferry.jpg",
                                                 "The morning ferry leaves the harbour.",
                                                 "", "A white ferry at a stone pier");
      byline_story_ref_set_image (ref, image);
    }
  return ref;
}

static GPtrArray *
every_kind (void)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_object_unref);
  BylineBlock *block;

  g_ptr_array_add (blocks, paragraph_with_marks ());

  block = byline_block_new (BYLINE_BLOCK_SUBHEADING);
  byline_block_set_text (block, "What the islanders said");
  byline_block_add_mark (block, BYLINE_MARK_ITALIC, 9, 18, NULL);
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_QUOTE);
  byline_block_set_text (block, "“We have waited three winters for this bridge.”");
  byline_block_add_mark (block, BYLINE_MARK_BOLD, 1, 8, NULL);
  byline_block_set_attribution (block, "Mira Holm, harbour master");
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_IMAGE);
  {
    g_autoptr(BylineImage) image = make_image ("https://news.example.org/wp-content/uploads/bridge.jpg",
                                               "Workers fit the last span of the bridge on Tuesday.",
                                               "© Coast Press 2024 / Ana Lind",
                                               "Steel bridge span hanging from a crane over grey water");
    byline_block_set_image (block, image);
  }
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_IMAGE);
  {
    g_autoptr(BylineImage) image = make_image ("https://news.example.org/wp-content/uploads/divider.png",
                                               "", "", "");
    byline_image_set_decorative (image, TRUE);
    byline_block_set_image (block, image);
  }
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_CARD);
  {
    g_autoptr(BylineStoryRef) ref = make_ref ("812", "Coast", "Harbour reopens after the storm", TRUE);
    byline_block_set_story_ref (block, ref);
  }
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_CARD);
  {
    g_autoptr(BylineStoryRef) ref = make_ref ("813", "", "Ferry timetable for the winter", FALSE);
    byline_block_set_story_ref (block, ref);
  }
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_RAW);
  byline_block_set_text (block, "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->");
  g_ptr_array_add (blocks, block);

  block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  byline_block_set_text (block, "Two lines\nin one paragraph, and a plain ending.");
  g_ptr_array_add (blocks, block);

  return blocks;
}

/* Media ids as the site would give them. */
static gboolean
fake_media (BylineImage  *image,
            gint64       *media_id,
            char        **url,
            gpointer      user_data,
            GError      **error)
{
  const char *src = byline_image_get_src (image);

  *url = g_strdup (src);
  *media_id = g_str_has_suffix (src, "bridge.jpg") ? 42 : g_str_has_suffix (src, "ferry.jpg") ? 43 : 0;
  return TRUE;
}

static void
assert_blocks_equal (GPtrArray *expected,
                     GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      BylineBlock *a = g_ptr_array_index (expected, i);
      BylineBlock *b = g_ptr_array_index (got, i);

      g_test_message ("block %u: %s", i, byline_block_kind_to_string (byline_block_get_kind (a)));
      g_assert_cmpint (byline_block_get_kind (b), ==, byline_block_get_kind (a));
      g_assert_cmpstr (byline_block_get_text (b), ==, byline_block_get_text (a));
      g_assert_true (byline_block_equal (a, b));
    }
}

static void
test_round_trip_every_kind (void)
{
  g_autoptr(GPtrArray) blocks = every_kind ();
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *again = NULL;

  markup = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                       NULL, fake_media, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (markup);
  g_test_message ("%s", markup);

  parsed = byline_wp_blocks_parse (markup, -1, NULL, media_ids, &error);
  g_assert_no_error (error);
  assert_blocks_equal (blocks, parsed);

  /* The media id of the inline image came back too. */
  g_assert_cmpstr (g_hash_table_lookup (media_ids, "https://news.example.org/wp-content/uploads/bridge.jpg"), ==, "42");

  again = byline_wp_blocks_serialize ((BylineBlock * const *) parsed->pdata, parsed->len,
                                      NULL, fake_media, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, markup);
}

/* What WordPress 6.1's own editor saves for these attributes. */
static void
test_markup_is_what_the_editor_saves (void)
{
  g_autoptr(GPtrArray) blocks = every_kind ();
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;

  markup = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                       NULL, fake_media, NULL, &error);
  g_assert_no_error (error);

  /* Text escaped as escapeHTML does (& and <), overlapping marks nested. */
  g_assert_nonnull (strstr (markup,
    "<!-- wp:paragraph -->\n<p><strong>Rain &amp; <em>wind</em></strong><em> &lt;hit> the coast</em>"
    " -- again, said the <a href=\"https://example.org/weather?a=1&amp;b=&quot;2&quot;\">forecaster at dawn</a>.</p>\n"
    "<!-- /wp:paragraph -->\n\n"));
  g_assert_nonnull (strstr (markup, "<!-- wp:heading -->\n<h2>What the <em>islanders</em> said</h2>\n<!-- /wp:heading -->"));
  g_assert_nonnull (strstr (markup,
    "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n"
    "<p>“<strong>We have</strong> waited three winters for this bridge.”</p>\n<!-- /wp:paragraph -->"
    "<cite>Mira Holm, harbour master</cite></blockquote>\n<!-- /wp:quote -->"));
  g_assert_nonnull (strstr (markup,
    "<!-- wp:image {\"id\":42} -->\n<figure class=\"wp-block-image\">"
    "<img src=\"https://news.example.org/wp-content/uploads/bridge.jpg\" "
    "alt=\"Steel bridge span hanging from a crane over grey water\" class=\"wp-image-42\"/>"
    "<figcaption class=\"wp-element-caption\">Workers fit the last span of the bridge on Tuesday. "
    "<span class=\"byline-credit\">© Coast Press 2024 / Ana Lind</span></figcaption></figure>\n"
    "<!-- /wp:image -->"));
  g_assert_nonnull (strstr (markup,
    "<!-- wp:image {\"className\":\"byline-decorative\"} -->\n<figure class=\"wp-block-image byline-decorative\">"
    "<img src=\"https://news.example.org/wp-content/uploads/divider.png\" alt=\"\"/></figure>\n<!-- /wp:image -->"));
  g_assert_nonnull (strstr (markup,
    "<!-- wp:group {\"className\":\"byline-card byline-card-post-812\"} -->\n"
    "<div class=\"wp-block-group byline-card byline-card-post-812\">"
    "<!-- wp:paragraph {\"className\":\"byline-card-section\"} -->\n<p class=\"byline-card-section\">Coast</p>\n"
    "<!-- /wp:paragraph -->\n\n"
    "<!-- wp:paragraph {\"className\":\"byline-card-headline\"} -->\n<p class=\"byline-card-headline\">"
    "<a href=\"https://news.example.org/harbour-reopens/\">Harbour reopens after the storm</a></p>\n"
    "<!-- /wp:paragraph -->\n\n"
    "<!-- wp:image {\"id\":43,\"className\":\"byline-card-image\"} -->\n"));
  g_assert_nonnull (strstr (markup, "<p>Two lines<br>in one paragraph, and a plain ending.</p>"));
  /* Blocks are separated by one blank line, nothing before or after. */
  g_assert_true (g_str_has_prefix (markup, "<!-- wp:paragraph -->"));
  g_assert_true (g_str_has_suffix (markup, "<!-- /wp:paragraph -->"));
}

static void
test_related_group (void)
{
  g_autoptr(GListStore) related = g_list_store_new (BYLINE_TYPE_STORY_REF);
  g_autoptr(BylineStoryRef) one = make_ref ("501", "Politics", "Council votes on the budget", TRUE);
  g_autoptr(BylineStoryRef) two = make_ref ("502", "Culture", "A choir for every village", FALSE);
  g_autoptr(BylineBlock) para = byline_block_new_paragraph ("The vote is on Thursday.");
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *markup = NULL;

  g_list_store_append (related, one);
  g_list_store_append (related, two);
  markup = byline_wp_blocks_serialize (&para, 1, G_LIST_MODEL (related), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (markup, "<!-- wp:group {\"className\":\"byline-related\"} -->"));

  parsed = byline_wp_blocks_parse (markup, -1, &refs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, 1);
  g_assert_cmpuint (refs->len, ==, 2);
  g_assert_true (byline_story_ref_equal (g_ptr_array_index (refs, 0), one));
  g_assert_true (byline_story_ref_equal (g_ptr_array_index (refs, 1), two));

  /* Without asking for related stories, the group stays in the body. */
  g_clear_pointer (&parsed, g_ptr_array_unref);
  parsed = byline_wp_blocks_parse (markup, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, 2);
  g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (parsed, 1)), ==, BYLINE_BLOCK_RAW);
}

/* ------------------------------------------------------------------ */
/* Posts written in WordPress's own editor                              */

/* Written for these tests in the shape WordPress 6.1 saves: a mix of
 * blocks Byline knows (plain paragraphs, headings) and many it does not. */
static const char *editor_post =
  "<!-- wp:paragraph -->\n<p>The tide came in twice as high as forecast on Sunday night.</p>\n<!-- /wp:paragraph -->\n\n"
  "<!-- wp:paragraph {\"align\":\"center\",\"fontSize\":\"large\"} -->\n"
  "<p class=\"has-text-align-center has-large-font-size\">Centred and large: not Byline's.</p>\n<!-- /wp:paragraph -->\n\n"
  "<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n<div class=\"wp-block-column\">"
  "<!-- wp:paragraph -->\n<p>Left column text.</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:column -->\n\n"
  "<!-- wp:column -->\n<div class=\"wp-block-column\"><!-- wp:image {\"id\":7,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n"
  "<figure class=\"wp-block-image size-large\"><img src=\"https://news.example.org/wp-content/uploads/tide.jpg\" alt=\"\" class=\"wp-image-7\"/></figure>\n"
  "<!-- /wp:image --></div>\n<!-- /wp:column --></div>\n<!-- /wp:columns -->\n\n"
  "<!-- wp:buttons -->\n<div class=\"wp-block-buttons\"><!-- wp:button -->\n"
  "<div class=\"wp-block-button\"><a class=\"wp-block-button__link wp-element-button\" href=\"https://news.example.org/donate/\">Support local news</a></div>\n"
  "<!-- /wp:button --></div>\n<!-- /wp:buttons -->\n\n"
  "<!-- wp:embed {\"url\":\"https://video.example.net/watch?v=tide\\u0026t=10\",\"type\":\"video\",\"providerNameSlug\":\"example\",\"responsive\":true} -->\n"
  "<figure class=\"wp-block-embed is-type-video is-provider-example wp-block-embed-example\"><div class=\"wp-block-embed__wrapper\">\n"
  "https://video.example.net/watch?v=tide&amp;t=10\n</div></figure>\n<!-- /wp:embed -->\n\n"
  "<!-- wp:heading -->\n<h2>Who pays for the sea wall</h2>\n<!-- /wp:heading -->\n\n"
  "<!-- wp:heading {\"level\":3} -->\n<h3>A smaller heading</h3>\n<!-- /wp:heading -->\n\n"
  "<!-- wp:list -->\n<ul><li>Sandbags at the town hall</li><li>Road closed at the pier</li></ul>\n<!-- /wp:list -->\n\n"
  "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->\n\n"
  "<!-- wp:spacer {\"height\":\"40px\"} -->\n<div style=\"height:40px\" aria-hidden=\"true\" class=\"wp-block-spacer\"></div>\n<!-- /wp:spacer -->\n\n"
  "<!-- wp:latest-posts {\"postsToShow\":3} /-->\n\n"
  "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>Quote with two paragraphs.</p>\n<!-- /wp:paragraph -->\n\n"
  "<!-- wp:paragraph -->\n<p>The second one.</p>\n<!-- /wp:paragraph --></blockquote>\n<!-- /wp:quote -->\n\n"
  "<p>Some classic HTML a plugin left between blocks, with <code>code</code>.</p>\n\n"
  "<!-- wp:html -->\n<div class=\"poll\" data-id=\"12\">Vote <!-- not a block --> here</div>\n<!-- /wp:html -->\n\n"
  "<!-- wp:paragraph -->\n<p>Text with a <sup>superscript</sup> and an entity&nbsp;space.</p>\n<!-- /wp:paragraph -->\n\n"
  "<!-- wp:myplugin/box {\"note\":\"a \\u002d\\u002d b \\u003c c\",\"tricky\":\"} -->\"} -->\n<div>Plugin box</div>\n<!-- /wp:myplugin/box -->\n\n"
  "<!-- wp:paragraph -->\n<p>Last words, with <strong>bold</strong> and <a href=\"https://news.example.org/\">a link</a>.</p>\n<!-- /wp:paragraph -->";

static const char *classic_post =
  "<p>A post from before the block editor.</p>\n"
  "<p><img class=\"alignleft size-medium wp-image-3\" src=\"https://news.example.org/wp-content/uploads/old.jpg\" alt=\"\" width=\"300\" height=\"200\" /></p>\n"
  "[caption id=\"attachment_3\" align=\"alignnone\" width=\"300\"]An old caption[/caption]\n\n"
  "<!--more-->\n\nAnd text after the more tag.\n";

static void
test_editor_post_survives (void)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  guint n_paragraphs = 0, n_headings = 0, n_raw = 0;

  blocks = byline_wp_blocks_parse (editor_post, -1, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < blocks->len; i++)
    {
      switch (byline_block_get_kind (g_ptr_array_index (blocks, i)))
        {
        case BYLINE_BLOCK_PARAGRAPH: n_paragraphs++; break;
        case BYLINE_BLOCK_SUBHEADING: n_headings++; break;
        case BYLINE_BLOCK_RAW: n_raw++; break;
        default: break;
        }
    }
  /* First and last paragraphs and the h2 are editable; everything else is
   * kept as it was. */
  g_assert_cmpuint (n_paragraphs, ==, 2);
  g_assert_cmpuint (n_headings, ==, 1);
  g_assert_cmpuint (n_raw, ==, blocks->len - 3);
  g_assert_cmpuint (blocks->len, ==, 17);
  {
    const BylineMark *marks;
    guint n_marks = 0;
    BylineBlock *last = g_ptr_array_index (blocks, blocks->len - 1);

    marks = byline_block_get_marks (last, &n_marks);
    g_assert_cmpuint (n_marks, ==, 2);
    g_assert_cmpint (marks[1].kind, ==, BYLINE_MARK_LINK);
    g_assert_cmpstr (marks[1].href, ==, "https://news.example.org/");
  }

  again = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                      NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, editor_post);
}

static void
test_classic_post_survives (void)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  blocks = byline_wp_blocks_parse (classic_post, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (blocks, 0)), ==, BYLINE_BLOCK_RAW);

  again = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                      NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, classic_post);

  /* Empty content is an empty body. */
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = byline_wp_blocks_parse ("", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                            */

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  const char bad[] = "<!-- wp:paragraph -->\n<p>caf\xc3</p>\n<!-- /wp:paragraph -->";

  blocks = byline_wp_blocks_parse (bad, sizeof bad - 1, NULL, NULL, &error);
  g_assert_null (blocks);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));

  /* An embedded NUL is not text either. */
  g_clear_error (&error);
  blocks = byline_wp_blocks_parse ("<p>a\0b</p>", 10, NULL, NULL, &error);
  g_assert_null (blocks);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (doc, "<!-- wp:group -->\n<div class=\"wp-block-group\">");
  g_string_append (doc, "<p>deep</p>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (doc, "</div>\n<!-- /wp:group -->");

  blocks = byline_wp_blocks_parse (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  again = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                      NULL, NULL, NULL, &error);
  g_assert_cmpstr (again, ==, doc->str);

  /* Deeply nested inline markup inside a paragraph. */
  g_string_truncate (doc, 0);
  g_string_append (doc, "<!-- wp:paragraph -->\n<p>");
  for (guint i = 0; i < 5000; i++)
    g_string_append (doc, "<strong><em>");
  g_string_append (doc, "x");
  for (guint i = 0; i < 5000; i++)
    g_string_append (doc, "</em></strong>");
  g_string_append (doc, "</p>\n<!-- /wp:paragraph -->");
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = byline_wp_blocks_parse (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (blocks, 0)), ==, BYLINE_BLOCK_RAW);
}

static void
test_hostile_delimiters_stay_fast (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Unterminated attribute objects: a naive scan is quadratic. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (doc, "<!-- wp:a {\"x\":1 ");
  blocks = byline_wp_blocks_parse (doc->str, doc->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blocks->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Random damage to real-looking markup: blocks or an error, never a
 * crash; whatever parses writes back without error. */
static void
test_fuzz (void)
{
  const char *seeds[] = { editor_post, classic_post, NULL };
  const char *inserts[] = {
    "<!-- wp:", "<!-- /wp:paragraph -->", "<!-- wp:image {\"id\":", " /-->", "-->", "{", "}",
    "<p>", "</p>", "<strong>", "<a href=\"", "&amp;", "&", "<", "\xc3\xa9", "\n\n", "<!--",
    "<!-- wp:group {\"className\":\"byline-card byline-card-post-9\"} -->",
  };
  g_autoptr(GPtrArray) built = every_kind ();
  g_autofree char *ours = byline_wp_blocks_serialize ((BylineBlock * const *) built->pdata, built->len,
                                                      NULL, fake_media, NULL, NULL);

  seeds[2] = ours;
  for (guint round = 0; round < 3000; round++)
    {
      const char *seed = seeds[round % G_N_ELEMENTS (seeds)];
      g_autoptr(GString) doc = g_string_new (seed);
      g_autoptr(GPtrArray) blocks = NULL;
      g_autoptr(GError) error = NULL;
      guint n_edits = g_test_rand_int_range (1, 6);

      for (guint e = 0; e < n_edits; e++)
        {
          guint pos = g_test_rand_int_range (0, doc->len + 1);

          switch (g_test_rand_int_range (0, 4))
            {
            case 0:
              g_string_truncate (doc, pos);
              break;
            case 1:
              g_string_insert (doc, pos, inserts[g_test_rand_int_range (0, G_N_ELEMENTS (inserts))]);
              break;
            case 2:
              if (pos < doc->len)
                {
                  gsize n = g_test_rand_int_range (1, 40);

                  g_string_erase (doc, pos, MIN (doc->len - pos, n));
                }
              break;
            default:
              if (pos < doc->len)
                doc->str[pos] = (char) g_test_rand_int_range (1, 256);
              break;
            }
        }

      blocks = byline_wp_blocks_parse (doc->str, doc->len, NULL, NULL, &error);
      if (blocks == NULL)
        {
          g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
          g_assert_false (g_utf8_validate (doc->str, doc->len, NULL));
        }
      else
        {
          g_autofree char *again = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata,
                                                               blocks->len, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_nonnull (again);
        }
    }
}

static void
test_caption (void)
{
  g_autofree char *html = byline_wp_caption_format ("Fishing boats wait in the harbour.", "© Coast Press 2024 / Ana Lind");
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;

  g_assert_cmpstr (html, ==, "Fishing boats wait in the harbour. <span class=\"byline-credit\">© Coast Press 2024 / Ana Lind</span>");
  byline_wp_caption_parse (html, &caption, &credit);
  g_assert_cmpstr (caption, ==, "Fishing boats wait in the harbour.");
  g_assert_cmpstr (credit, ==, "© Coast Press 2024 / Ana Lind");
  g_clear_pointer (&caption, g_free);
  g_clear_pointer (&credit, g_free);

  /* Written by hand in WordPress: the words survive. */
  byline_wp_caption_parse ("Boats <a href=\"https://example.org\">at dawn</a> &amp; dusk", &caption, &credit);
  g_assert_cmpstr (caption, ==, "Boats at dawn & dusk");
  g_assert_cmpstr (credit, ==, "");
}

/* As the backend does on a push: an image read from the site keeps the
 * media id the parser found for its URL. */
static gboolean
media_from_table (BylineImage  *image,
                  gint64       *media_id,
                  char        **url,
                  gpointer      user_data,
                  GError      **error)
{
  const char *id = g_hash_table_lookup (user_data, byline_image_get_src (image));

  *media_id = id != NULL ? g_ascii_strtoll (id, NULL, 10) : 0;
  *url = g_strdup (byline_image_get_src (image));
  return TRUE;
}

static char *
without_whitespace (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

#define FERRY_IMAGE(attrs, img_class) \
  "<!-- wp:image " attrs "-->\n<figure class=\"wp-block-image\"><img src=\"https://news.example.org/wp-content/uploads/ferry.jpg\" alt=\"The ferry at the pier\"" img_class "/></figure>\n<!-- /wp:image -->"

/* Found by fuzz-wp-blocks: hand-edited content where one image URL has two
 * media ids (or an id once and none once).  Writing back looks ids up by
 * URL, so the first image came back with the second one's id: a sync
 * changed the site's post.  Now the second image stays as it was written. */
static void
test_one_url_two_media_ids (void)
{
  const char *posts[] = {
    FERRY_IMAGE ("{\"id\":42} ", " class=\"wp-image-42\"") "\n\n" FERRY_IMAGE ("{\"id\":18} ", " class=\"wp-image-18\""),
    FERRY_IMAGE ("", "") "\n\n" FERRY_IMAGE ("{\"id\":18} ", " class=\"wp-image-18\""),
    FERRY_IMAGE ("{\"id\":42} ", " class=\"wp-image-42\"") "\n\n" FERRY_IMAGE ("", ""),
  };

  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autoptr(GHashTable) media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GPtrArray) blocks = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *markup = NULL;
      g_autofree char *in = NULL;
      g_autofree char *out = NULL;

      blocks = byline_wp_blocks_parse (posts[i], -1, NULL, media_ids, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (blocks->len, ==, 2);
      /* The first is an image the journalist can edit; the second keeps
       * the site's bytes. */
      g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (blocks, 0)), ==, BYLINE_BLOCK_IMAGE);
      g_assert_cmpint (byline_block_get_kind (g_ptr_array_index (blocks, 1)), ==, BYLINE_BLOCK_RAW);

      markup = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                           NULL, media_from_table, media_ids, &error);
      g_assert_no_error (error);
      in = without_whitespace (posts[i]);
      out = without_whitespace (markup);
      g_assert_cmpstr (out, ==, in);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/wp-blocks/round-trip/every-kind", test_round_trip_every_kind);
  g_test_add_func ("/wp-blocks/round-trip/editor-markup", test_markup_is_what_the_editor_saves);
  g_test_add_func ("/wp-blocks/round-trip/related-group", test_related_group);
  g_test_add_func ("/wp-blocks/wordpress/editor-post", test_editor_post_survives);
  g_test_add_func ("/wp-blocks/wordpress/classic-post", test_classic_post_survives);
  g_test_add_func ("/wp-blocks/wordpress/one-url-two-media-ids", test_one_url_two_media_ids);
  g_test_add_func ("/wp-blocks/bad-input/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/wp-blocks/bad-input/deep-nesting", test_deep_nesting);
  g_test_add_func ("/wp-blocks/bad-input/hostile-delimiters", test_hostile_delimiters_stay_fast);
  g_test_add_func ("/wp-blocks/bad-input/fuzz", test_fuzz);
  g_test_add_func ("/wp-blocks/caption", test_caption);

  return g_test_run ();
}
