/* test-format.c: the JSON document format, both ways, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-format"

#include <string.h>

#include <json-glib/json-glib.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-article-snapshot.h"
#include "byline-limits-private.h"

#define ID "3f2a8c1e-7b4d-4e5f-a6b7-c8d9e0f1a2b3"
#define RAW_MARKUP "<!-- wp:columns -->\n<div class=\"wp-block-columns\">Два стовпці</div>\n<!-- /wp:columns -->"

static BylineImage *
make_image (const char *src,
            const char *caption,
            const char *credit,
            const char *alt,
            gboolean    decorative)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, src);
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  byline_image_set_decorative (image, decorative);
  return image;
}

/* Every field set, with Cyrillic, emoji and characters JSON must escape. */
static BylineArticle *
build_full_article (void)
{
  BylineArticle *article = byline_article_new_with_id (ID);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 3, 7, 6, 5, 4.123456);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 3, 8, 21, 0, 9);
  g_autoptr(BylineImage) lead = make_image ("media/5e0d.jpg",
                                            "Рибалки в порту Одеси 🐟 на світанку.",
                                            "© Чорноморська агенція 2024 / О. Коваль",
                                            "Fishing boats moored at dawn, nets on deck.",
                                            FALSE);
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph (
    "Порт знову працює: the \"first\" boat left at 05:40 🚢\nwith a new\tcrew.");
  g_autoptr(BylineBlock) subheading = byline_block_new (BYLINE_BLOCK_SUBHEADING);
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) image_block = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) empty_image_block = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) empty_card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) raw = byline_block_new (BYLINE_BLOCK_RAW);
  g_autoptr(BylineImage) body_image = make_image ("https://example.org/img/wave.png", "A wave breaks over the wall.",
                                                  "Staff photographer", "", TRUE);
  g_autoptr(BylineStoryRef) card_ref = byline_story_ref_new ();
  g_autoptr(BylineImage) card_image = make_image ("media/card.jpg", "Divers at the wreck.", "© Sea Desk", "Two divers.", FALSE);
  g_autoptr(BylineStoryRef) related1 = byline_story_ref_new ();
  g_autoptr(BylineStoryRef) related2 = byline_story_ref_new ();
  g_autoptr(BylineImage) related_image = make_image ("media/rel.jpg", "Підпис", "© Desk", "Alt текст", FALSE);
  const char *tags[] = { "порти", "weather 🌧", "", "shipping", NULL };

  byline_article_set_language (article, "uk-UA");
  byline_article_set_section (article, "Економіка");
  byline_article_set_headline (article, "Одеський порт відкрився: перші судна 🚢 вийшли в море");
  byline_article_set_seo_title (article, "Odesa port reopens as first ships leave");
  byline_article_set_social_headline (article, "The first ships are out 🎉");
  byline_article_set_standfirst (article, "After weeks of storms, the harbour master gave the all-clear — at last.");
  byline_article_set_byline (article, "Олена Коваль & Sam O'Neill");
  byline_article_set_tags (article, tags);
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  byline_article_set_created (article, created);
  byline_article_set_lead_image (article, lead);

  byline_block_add_mark (paragraph, BYLINE_MARK_BOLD, 0, 4, NULL);
  byline_block_add_mark (paragraph, BYLINE_MARK_ITALIC, 24, 29, NULL);
  byline_block_add_mark (paragraph, BYLINE_MARK_LINK, 10, 18, "https://example.org/port?lang=uk&x=\"1\"");
  byline_block_add_mark (paragraph, BYLINE_MARK_BOLD, 47, 48, NULL);   /* the emoji alone */
  byline_block_set_text (subheading, "Що далі");
  byline_block_add_mark (subheading, BYLINE_MARK_ITALIC, 0, 3, NULL);
  byline_block_set_text (quote, "«Ми готові», said the harbour master.");
  byline_block_set_attribution (quote, "Іван Петренко, начальник порту");
  byline_block_add_mark (quote, BYLINE_MARK_LINK, 1, 10, "https://example.org/interview");
  byline_block_set_image (image_block, body_image);
  byline_block_set_image (empty_image_block, NULL);
  byline_story_ref_set_cms_id (card_ref, "4512");
  byline_story_ref_set_url (card_ref, "https://example.org/sea/wreck");
  byline_story_ref_set_section (card_ref, "Море");
  byline_story_ref_set_headline (card_ref, "Divers map the old wreck");
  byline_story_ref_set_image (card_ref, card_image);
  byline_block_set_story_ref (card, card_ref);
  byline_block_set_story_ref (empty_card, NULL);

  byline_article_append_block (article, paragraph);
  byline_article_append_block (article, subheading);
  byline_article_append_block (article, quote);
  byline_article_append_block (article, image_block);
  byline_article_append_block (article, empty_image_block);
  byline_article_append_block (article, card);
  byline_article_append_block (article, empty_card);
  byline_block_set_text (raw, RAW_MARKUP);
  byline_article_append_block (article, raw);

  byline_story_ref_set_cms_id (related1, "77");
  byline_story_ref_set_url (related1, "https://example.org/a");
  byline_story_ref_set_section (related1, "Новини");
  byline_story_ref_set_headline (related1, "Storm closes the coast road");
  byline_story_ref_set_image (related1, related_image);
  byline_story_ref_set_cms_id (related2, "78");
  byline_story_ref_set_headline (related2, "No image here");
  byline_article_insert_related (article, 0, related1);
  byline_article_insert_related (article, 1, related2);

  byline_article_set_modified (article, modified);

  return article;
}

static void
assert_image (BylineImage *image,
              const char  *src,
              const char  *caption,
              const char  *credit,
              const char  *alt,
              gboolean     decorative)
{
  g_assert_nonnull (image);
  g_assert_cmpstr (byline_image_get_src (image), ==, src);
  g_assert_cmpstr (byline_image_get_caption (image), ==, caption);
  g_assert_cmpstr (byline_image_get_credit (image), ==, credit);
  g_assert_cmpstr (byline_image_get_alt (image), ==, alt);
  g_assert_cmpint (byline_image_get_decorative (image), ==, decorative);
}

static void
assert_mark (const BylineMark *mark,
             BylineMarkKind    kind,
             guint             start,
             guint             end,
             const char       *href)
{
  g_assert_cmpint (mark->kind, ==, kind);
  g_assert_cmpuint (mark->start, ==, start);
  g_assert_cmpuint (mark->end, ==, end);
  g_assert_cmpstr (mark->href, ==, href);
}

static void
test_round_trip (void)
{
  g_autoptr(BylineArticle) article = build_full_article ();
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  const char *tags[] = { "порти", "weather 🌧", "", "shipping", NULL };
  const BylineMark *marks;
  guint n_marks;
  gsize length;
  BylineBlock *block;
  BylineStoryRef *ref;

  json = byline_article_to_json (article, &length);
  g_assert_cmpuint (strlen (json), ==, length);
  g_assert_true (g_utf8_validate (json, length, NULL));

  loaded = byline_article_new_from_json (json, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* Field by field */
  g_assert_cmpstr (byline_article_get_id (loaded), ==, ID);
  g_assert_cmpstr (byline_article_get_language (loaded), ==, "uk-UA");
  g_assert_cmpstr (byline_article_get_section (loaded), ==, "Економіка");
  g_assert_cmpstr (byline_article_get_headline (loaded), ==, "Одеський порт відкрився: перші судна 🚢 вийшли в море");
  g_assert_cmpstr (byline_article_get_seo_title (loaded), ==, "Odesa port reopens as first ships leave");
  g_assert_cmpstr (byline_article_get_social_headline (loaded), ==, "The first ships are out 🎉");
  g_assert_cmpstr (byline_article_get_standfirst (loaded), ==,
                   "After weeks of storms, the harbour master gave the all-clear — at last.");
  g_assert_cmpstr (byline_article_get_byline (loaded), ==, "Олена Коваль & Sam O'Neill");
  g_assert_cmpstrv (byline_article_get_tags (loaded), tags);
  g_assert_cmpint (byline_article_get_status (loaded), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);

  created = g_date_time_format_iso8601 (byline_article_get_created (loaded));
  modified = g_date_time_format_iso8601 (byline_article_get_modified (loaded));
  g_assert_cmpstr (created, ==, "2024-03-07T06:05:04.123456Z");
  g_assert_cmpstr (modified, ==, "2024-03-08T21:00:09Z");
  g_assert_true (g_date_time_equal (byline_article_get_created (loaded), byline_article_get_created (article)));
  g_assert_true (g_date_time_equal (byline_article_get_modified (loaded), byline_article_get_modified (article)));

  assert_image (byline_article_get_lead_image (loaded), "media/5e0d.jpg",
                "Рибалки в порту Одеси 🐟 на світанку.",
                "© Чорноморська агенція 2024 / О. Коваль",
                "Fishing boats moored at dawn, nets on deck.", FALSE);

  g_assert_cmpuint (byline_article_get_n_blocks (loaded), ==, 8);

  block = byline_article_get_block (loaded, 0);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpstr (byline_block_get_text (block), ==,
                   "Порт знову працює: the \"first\" boat left at 05:40 🚢\nwith a new\tcrew.");
  marks = byline_block_get_marks (block, &n_marks);
  g_assert_cmpuint (n_marks, ==, 4);
  assert_mark (&marks[0], BYLINE_MARK_BOLD, 0, 4, NULL);
  assert_mark (&marks[1], BYLINE_MARK_LINK, 10, 18, "https://example.org/port?lang=uk&x=\"1\"");
  assert_mark (&marks[2], BYLINE_MARK_ITALIC, 24, 29, NULL);
  assert_mark (&marks[3], BYLINE_MARK_BOLD, 47, 48, NULL);

  block = byline_article_get_block (loaded, 1);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_SUBHEADING);
  g_assert_cmpstr (byline_block_get_text (block), ==, "Що далі");
  marks = byline_block_get_marks (block, &n_marks);
  g_assert_cmpuint (n_marks, ==, 1);
  assert_mark (&marks[0], BYLINE_MARK_ITALIC, 0, 3, NULL);

  block = byline_article_get_block (loaded, 2);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_text (block), ==, "«Ми готові», said the harbour master.");
  g_assert_cmpstr (byline_block_get_attribution (block), ==, "Іван Петренко, начальник порту");
  marks = byline_block_get_marks (block, &n_marks);
  g_assert_cmpuint (n_marks, ==, 1);
  assert_mark (&marks[0], BYLINE_MARK_LINK, 1, 10, "https://example.org/interview");

  block = byline_article_get_block (loaded, 3);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
  assert_image (byline_block_get_image (block), "https://example.org/img/wave.png",
                "A wave breaks over the wall.", "Staff photographer", "", TRUE);

  block = byline_article_get_block (loaded, 4);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
  g_assert_null (byline_block_get_image (block));

  block = byline_article_get_block (loaded, 5);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_CARD);
  ref = byline_block_get_story_ref (block);
  g_assert_nonnull (ref);
  g_assert_cmpstr (byline_story_ref_get_cms_id (ref), ==, "4512");
  g_assert_cmpstr (byline_story_ref_get_url (ref), ==, "https://example.org/sea/wreck");
  g_assert_cmpstr (byline_story_ref_get_section (ref), ==, "Море");
  g_assert_cmpstr (byline_story_ref_get_headline (ref), ==, "Divers map the old wreck");
  assert_image (byline_story_ref_get_image (ref), "media/card.jpg", "Divers at the wreck.",
                "© Sea Desk", "Two divers.", FALSE);

  block = byline_article_get_block (loaded, 6);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_CARD);
  g_assert_null (byline_block_get_story_ref (block));

  block = byline_article_get_block (loaded, 7);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_RAW);
  g_assert_cmpstr (byline_block_get_text (block), ==, RAW_MARKUP);
  g_assert_cmpuint (byline_block_get_word_count (block), ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (loaded)), ==, 2);
  {
    g_autoptr(BylineStoryRef) r1 = g_list_model_get_item (byline_article_get_related (loaded), 0);
    g_autoptr(BylineStoryRef) r2 = g_list_model_get_item (byline_article_get_related (loaded), 1);

    g_assert_cmpstr (byline_story_ref_get_cms_id (r1), ==, "77");
    g_assert_cmpstr (byline_story_ref_get_url (r1), ==, "https://example.org/a");
    g_assert_cmpstr (byline_story_ref_get_section (r1), ==, "Новини");
    g_assert_cmpstr (byline_story_ref_get_headline (r1), ==, "Storm closes the coast road");
    assert_image (byline_story_ref_get_image (r1), "media/rel.jpg", "Підпис", "© Desk", "Alt текст", FALSE);
    g_assert_cmpstr (byline_story_ref_get_cms_id (r2), ==, "78");
    g_assert_cmpstr (byline_story_ref_get_headline (r2), ==, "No image here");
    g_assert_cmpstr (byline_story_ref_get_url (r2), ==, "");
    g_assert_null (byline_story_ref_get_image (r2));
  }

  /* Derived values agree, the whole agrees, and writing again is stable. */
  g_assert_cmpuint (byline_article_get_word_count (loaded), ==, byline_article_get_word_count (article));
  g_assert_cmpuint (byline_article_get_revision (loaded), ==, 0);
  g_assert_true (byline_article_equal (article, loaded));
  json_again = byline_article_to_json (loaded, NULL);
  g_assert_cmpstr (json, ==, json_again);
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

/* The example in docs/article-format.md (kept as a fixture) loads as the
 * document says. */
static void
test_documented_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autofree char *modified = NULL;
  gsize length;
  g_autofree char *data = read_fixture ("article-example.json", &length);
  const BylineMark *marks;
  guint n_marks;

  article = byline_article_new_from_json (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Ferry timetable returns to winter hours early");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 5);
  modified = g_date_time_format_iso8601 (byline_article_get_modified (article));
  g_assert_cmpstr (modified, ==, "2024-10-02T08:41:12.250000Z");

  /* Marks come back sorted whatever order the file had. */
  marks = byline_block_get_marks (byline_article_get_block (article, 0), &n_marks);
  g_assert_cmpuint (n_marks, ==, 2);
  assert_mark (&marks[0], BYLINE_MARK_LINK, 4, 12, "https://example.org/operator");
  assert_mark (&marks[1], BYLINE_MARK_BOLD, 50, 55, NULL);
  g_assert_cmpstr (byline_block_get_attribution (byline_article_get_block (article, 2)), ==,
                   "Tomas Berg, harbour master");
}

/* Editing a valid document */

static JsonNode *
parse_node (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Follows "body[3].marks" from @root. */
static JsonNode *
walk (JsonNode   *root,
      const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = root;

  if (path == NULL || *path == '\0')
    return root;

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      g_autofree char *key = g_strndup (parts[i], bracket ? (gsize) (bracket - parts[i]) : strlen (parts[i]));

      if (*key != '\0')
        node = json_object_get_member (json_node_get_object (node), key);
      while (bracket != NULL)
        {
          node = json_array_get_element (json_node_get_array (node), atoi (bracket + 1));
          bracket = strchr (bracket + 1, '[');
        }
      g_assert_nonnull (node);
    }

  return node;
}

/* The valid document with @key of the object (or index "[n]" of the array)
 * at @path set to @value (JSON text), or removed when @value is NULL. */
static char *
edit (const char *json,
      const char *path,
      const char *key,
      const char *value)
{
  g_autoptr(JsonNode) root = parse_node (json);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonNode *parent = walk (root, path);

  if (key[0] == '[')
    {
      JsonArray *array = json_node_get_array (parent);
      guint index = atoi (key + 1);
      JsonNode *element = json_array_get_element (array, index);

      g_assert_nonnull (value);
      json_node_unref (json_node_ref (element));
      /* json-glib has no replace: rebuild the array. */
      {
        JsonArray *copy = json_array_new ();

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, i == index ? parse_node (value)
                                                   : json_node_copy (json_array_get_element (array, i)));
        json_node_take_array (parent, copy);
      }
    }
  else if (value == NULL)
    json_object_remove_member (json_node_get_object (parent), key);
  else
    json_object_set_member (json_node_get_object (parent), key, parse_node (value));

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
valid_document (void)
{
  g_autoptr(BylineArticle) article = build_full_article ();

  return byline_article_to_json (article, NULL);
}

static void
assert_refused (const char *json,
                gssize      length,
                int         code,
                const char *message_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new_from_json (json, length, &error);

  g_assert_null (article);
  g_assert_error (error, BYLINE_FORMAT_ERROR, code);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, message_start))
    g_error ("expected a message starting “%s”, got “%s”", message_start, error->message);
}

static void
test_valid_document_loads (void)
{
  g_autofree char *json = valid_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new_from_json (json, -1, &error);

  /* The edits below start from a good document, so each refusal is down
   * to its one edit. */
  g_assert_no_error (error);
  g_assert_nonnull (article);
}

static void
test_wrong_types (void)
{
  g_autofree char *json = valid_document ();
  static const struct {
    const char *path;
    const char *key;
    const char *value;
    const char *message;
  } cases[] = {
    { "", "headline", "42", "headline: expected a string, found a whole number" },
    { "", "standfirst", "[\"a\"]", "standfirst: expected a string, found an array" },
    { "", "id", "null", "id: expected a string, found null" },
    { "", "tags", "\"news\"", "tags: expected an array, found a string" },
    { "tags", "[1]", "7", "tags[1]: expected a string, found a whole number" },
    { "", "status", "true", "status: expected a string, found a boolean" },
    { "", "created", "1700000000", "created: expected a string, found a whole number" },
    { "", "lead_image", "\"media/x.jpg\"", "lead_image: expected an image object or null, found a string" },
    { "lead_image", "decorative", "\"yes\"", "lead_image.decorative: expected true or false, found a string" },
    { "", "body", "{}", "body: expected an array, found an object" },
    { "body", "[1]", "\"text\"", "body[1]: expected an object, found a string" },
    { "body[1]", "text", "{}", "body[1].text: expected a string, found an object" },
    { "body[0].marks[0]", "start", "\"0\"", "body[0].marks[0].start: expected a whole number, found a string" },
    { "body[0].marks[1]", "end", "12.5", "body[0].marks[1].end: expected a whole number, found a number with a fraction" },
    { "body[0]", "marks", "{}", "body[0].marks: expected an array, found an object" },
    { "body[2]", "attribution", "false", "body[2].attribution: expected a string, found a boolean" },
    { "body[3].image", "alt", "0", "body[3].image.alt: expected a string, found a whole number" },
    { "body[5]", "story", "[]", "body[5].story: expected a story object or null, found an array" },
    { "body[5].story", "headline", "1", "body[5].story.headline: expected a string, found a whole number" },
    { "body[7]", "markup", "[]", "body[7].markup: expected a string, found an array" },
    { "related", "[0]", "null", "related[0]: expected a story object, found null" },
    { "related[0].image", "caption", "[]", "related[0].image.caption: expected a string, found an array" },
    { "", "version", "\"1\"", "version: expected a whole number, found a string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = edit (json, cases[i].path, cases[i].key, cases[i].value);
      assert_refused (bad, -1, BYLINE_FORMAT_ERROR_WRONG_TYPE, cases[i].message);
    }
}

static void
test_missing_fields (void)
{
  g_autofree char *json = valid_document ();
  static const struct {
    const char *path;
    const char *key;
    const char *message;
  } cases[] = {
    { "", "id", "id: missing" },
    { "", "headline", "headline: missing" },
    { "", "body", "body: missing" },
    { "", "version", "version: missing" },
    { "body[0]", "type", "body[0].type: missing" },
    { "body[1]", "text", "body[1].text: missing" },
    { "body[3]", "image", "body[3].image: missing" },
    { "body[5]", "story", "body[5].story: missing" },
    { "body[7]", "markup", "body[7].markup: missing" },
    { "body[0].marks[1]", "href", "body[0].marks[1].href: missing" },
    { "body[0].marks[0]", "end", "body[0].marks[0].end: missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = edit (json, cases[i].path, cases[i].key, NULL);
      assert_refused (bad, -1, BYLINE_FORMAT_ERROR_MISSING_FIELD, cases[i].message);
    }

  /* Optional fields take their defaults. */
  {
    g_autofree char *a = edit (json, "", "tags", NULL);
    g_autofree char *b = edit (a, "", "status", NULL);
    g_autofree char *c = edit (b, "", "language", NULL);
    g_autofree char *d = edit (c, "", "lead_image", NULL);
    g_autofree char *e = edit (d, "", "related", NULL);
    g_autofree char *f = edit (e, "body[2]", "attribution", NULL);
    g_autofree char *g = edit (f, "body[0]", "marks", NULL);
    g_autofree char *h = edit (g, "", "modified", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article = byline_article_new_from_json (h, -1, &error);

    g_assert_no_error (error);
    g_assert_null (byline_article_get_tags (article)[0]);
    g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_DRAFT);
    g_assert_cmpstr (byline_article_get_language (article), ==, "en");
    g_assert_null (byline_article_get_lead_image (article));
    g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (article)), ==, 0);
    g_assert_cmpstr (byline_block_get_attribution (byline_article_get_block (article, 2)), ==, "");
    g_assert_true (g_date_time_equal (byline_article_get_modified (article),
                                      byline_article_get_created (article)));
  }
}

static void
test_not_an_article (void)
{
  g_autofree char *json = valid_document ();
  g_autofree char *no_format = edit (json, "", "format", NULL);
  g_autofree char *other_format = edit (json, "", "format", "\"wordpress-post\"");
  g_autofree char *number_format = edit (json, "", "format", "1");

  assert_refused (no_format, -1, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "format: missing");
  assert_refused (other_format, -1, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "format: expected");
  assert_refused (number_format, -1, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "format: expected");
  assert_refused ("[1, 2, 3]", -1, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "document: not a Byline article");
  assert_refused ("\"byline-article\"", -1, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "document: not a Byline article");
}

static void
test_newer_version (void)
{
  g_autofree char *json = valid_document ();
  g_autofree char *v2 = edit (json, "", "version", "2");
  g_autofree char *v0 = edit (json, "", "version", "0");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new_from_json (v2, -1, &error);

  g_assert_null (article);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_NEWER_VERSION);
  g_assert_true (g_str_has_prefix (error->message, "version: "));
  g_assert_nonnull (strstr (error->message, "version 2"));

  assert_refused (v0, -1, BYLINE_FORMAT_ERROR_INVALID_VALUE, "version: 0 is not a version");
}

static void
test_invalid_values (void)
{
  g_autofree char *json = valid_document ();
  static const struct {
    const char *path;
    const char *key;
    const char *value;
    const char *message;
  } cases[] = {
    { "", "id", "\"not-a-uuid\"", "id: “not-a-uuid” is not a UUID" },
    { "", "status", "\"archived\"", "status: unknown status “archived”" },
    { "", "created", "\"yesterday\"", "created: “yesterday” is not an ISO 8601" },
    { "", "modified", "\"2024-03-08T21:00:09\"", "modified: “2024-03-08T21:00:09” is not an ISO 8601" },
    { "body[2]", "type", "\"video\"", "body[2].type: unknown block type “video”" },
    { "body[0].marks[0]", "type", "\"underline\"", "body[0].marks[0].type: unknown mark type" },
    { "body[0].marks[0]", "end", "10000", "body[0].marks[0].end: 10000 is past the end of the text" },
    { "body[1].marks[0]", "end", "8", "body[1].marks[0].end: 8 is past the end of the text (7 characters)" },
    { "body[0].marks[2]", "start", "29", "body[0].marks[2].start: 29 is not before end 29" },
    { "body[0].marks[2]", "start", "-1", "body[0].marks[2].start: -1 is negative" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = edit (json, cases[i].path, cases[i].key, cases[i].value);
      assert_refused (bad, -1, BYLINE_FORMAT_ERROR_INVALID_VALUE, cases[i].message);
    }

  /* A time in another zone is fine, and lands in UTC. */
  {
    g_autofree char *other_zone = edit (json, "", "created", "\"2024-03-07T09:05:04.123456+03:00\"");
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article = byline_article_new_from_json (other_zone, -1, &error);
    g_autofree char *created = NULL;

    g_assert_no_error (error);
    created = g_date_time_format_iso8601 (byline_article_get_created (article));
    g_assert_cmpstr (created, ==, "2024-03-07T06:05:04.123456Z");
  }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *json = valid_document ();
  const char *headline = strstr (json, "\"headline\":\"") + strlen ("\"headline\":\"");
  gsize offset = headline - json + 2;
  g_autofree char *expected = g_strdup_printf ("document: not valid UTF-8 at byte offset %" G_GSIZE_FORMAT, offset);

  json[offset] = (char) 0xff;
  assert_refused (json, -1, BYLINE_FORMAT_ERROR_INVALID_UTF8, expected);

  /* An overlong encoding of '/' */
  assert_refused ("{\"format\":\"byline-article\",\"headline\":\"\xc0\xaf\"}", -1,
                  BYLINE_FORMAT_ERROR_INVALID_UTF8, "document: not valid UTF-8 at byte offset 39");

  /* A lone surrogate written as an escape decodes to no character at all. */
  {
    g_autofree char *good = valid_document ();
    g_autofree char *surrogate = edit (good, "", "byline", "\"x\"");
    char *x = strstr (surrogate, "\"byline\":\"x\"");
    g_autofree char *bad = NULL;

    *x = '\0';
    bad = g_strconcat (surrogate, "\"byline\":\"a\\ud800b\"", x + strlen ("\"byline\":\"x\""), NULL);
    assert_refused (bad, -1, BYLINE_FORMAT_ERROR_INVALID_UTF8, "byline: ");
  }

  /* A NUL inside a string would cut the text short: refused. */
  {
    g_autofree char *good = valid_document ();
    g_autofree char *marked = edit (good, "", "byline", "\"NULHERE\"");
    g_autoptr(GString) bad = g_string_new (marked);

    g_string_replace (bad, "NULHERE", "a\\u0000b", 1);
    assert_refused (bad->str, -1, BYLINE_FORMAT_ERROR_INVALID_VALUE, "document: a \\u0000 (NUL)");
  }
}

static void
test_huge_strings (void)
{
  g_autofree char *json = valid_document ();
  gsize size = 50 * 1024 * 1024;
  g_autoptr(GString) bad = g_string_sized_new (size + 1024);
  g_autofree char *marked = edit (json, "", "headline", "\"HUGE\"");
  char *at = strstr (marked, "HUGE");

  /* A 50 MB headline */
  g_string_append_len (bad, marked, at - marked);
  for (gsize i = 0; i < size / 8; i++)
    g_string_append_len (bad, "headline", 8);
  g_string_append (bad, at + 4);
  {
    g_autofree char *expected = g_strdup_printf ("headline: 52428800 characters, more than the %u allowed",
                                                 BYLINE_MAX_SHORT_CHARS);

    assert_refused (bad->str, bad->len, BYLINE_FORMAT_ERROR_TOO_LARGE, expected);
  }

  /* Just over a limit, counted in characters, not bytes: 100,000 Cyrillic
   * letters (200,000 bytes) fit; 100,001 do not. */
  {
    g_autoptr(GString) value = g_string_new ("\"");
    g_autofree char *fits = NULL;
    g_autofree char *too_long = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article = NULL;

    for (guint i = 0; i < BYLINE_MAX_SHORT_CHARS; i++)
      g_string_append (value, "ж");
    g_string_append_c (value, '"');
    fits = edit (json, "body[5].story", "headline", value->str);
    article = byline_article_new_from_json (fits, -1, &error);
    g_assert_no_error (error);

    g_string_insert (value, 1, "ж");
    too_long = edit (json, "body[5].story", "headline", value->str);
    expected = g_strdup_printf ("body[5].story.headline: %u characters, more than the %u allowed",
                                BYLINE_MAX_SHORT_CHARS + 1, BYLINE_MAX_SHORT_CHARS);
    assert_refused (too_long, -1, BYLINE_FORMAT_ERROR_TOO_LARGE, expected);
  }

  /* Too many tags */
  {
    g_autoptr(GString) tags = g_string_new ("[");
    g_autofree char *many = NULL;

    for (guint i = 0; i <= 10000; i++)
      g_string_append (tags, i > 0 ? ",\"t\"" : "\"t\"");
    g_string_append_c (tags, ']');
    many = edit (json, "", "tags", tags->str);
    assert_refused (many, -1, BYLINE_FORMAT_ERROR_TOO_LARGE, "tags: 10001 entries, more than the 10000 allowed");
  }

  /* A document over 64 MiB is refused before it is even looked at. */
  {
    gsize big = 64 * 1024 * 1024 + 1;
    g_autofree char *doc = g_malloc (big + 1);

    memset (doc, ' ', big);
    doc[0] = '{';
    doc[big - 1] = '}';
    doc[big] = '\0';
    assert_refused (doc, big, BYLINE_FORMAT_ERROR_TOO_LARGE, "document: 67108865 bytes");
  }
}

/* The writer keeps to the reader's limits: a field exactly at its limit is
 * saved and reads back; one character more and the snapshot refuses to be
 * saved, naming the field, just as the reader would refuse the document.
 * Each setter gets a value of the given number of characters. */
typedef void (*SetField) (BylineArticle *article,
                          const char    *value);

static void
set_headline (BylineArticle *article,
              const char    *value)
{
  byline_article_set_headline (article, value);
}

static void
set_standfirst (BylineArticle *article,
                const char    *value)
{
  byline_article_set_standfirst (article, value);
}

static void
set_language (BylineArticle *article,
              const char    *value)
{
  byline_article_set_language (article, value);
}

static void
set_tag (BylineArticle *article,
         const char    *value)
{
  const char *tags[] = { "news", value, NULL };

  byline_article_set_tags (article, tags);
}

static void
set_lead_caption (BylineArticle *article,
                  const char    *value)
{
  byline_image_set_caption (byline_article_get_lead_image (article), value);
}

static void
set_lead_src (BylineArticle *article,
              const char    *value)
{
  byline_image_set_src (byline_article_get_lead_image (article), value);
}

static void
set_paragraph_text (BylineArticle *article,
                    const char    *value)
{
  byline_block_set_text (byline_article_get_block (article, 0), value);
}

static void
set_link_href (BylineArticle *article,
               const char    *value)
{
  BylineBlock *paragraph = byline_article_get_block (article, 0);
  BylineMark mark = { BYLINE_MARK_LINK, 0, 4, (char *) value };

  byline_block_set_text_and_marks (paragraph, byline_block_get_text (paragraph), &mark, 1);
}

static void
set_attribution (BylineArticle *article,
                 const char    *value)
{
  byline_block_set_attribution (byline_article_get_block (article, 2), value);
}

static void
set_image_alt (BylineArticle *article,
               const char    *value)
{
  byline_image_set_alt (byline_block_get_image (byline_article_get_block (article, 3)), value);
}

static void
set_card_headline (BylineArticle *article,
                   const char    *value)
{
  byline_story_ref_set_headline (byline_block_get_story_ref (byline_article_get_block (article, 5)), value);
}

static void
set_raw_markup (BylineArticle *article,
                const char    *value)
{
  byline_block_set_text (byline_article_get_block (article, 7), value);
}

static void
set_related_section (BylineArticle *article,
                     const char    *value)
{
  g_autoptr(BylineStoryRef) ref = g_list_model_get_item (byline_article_get_related (article), 1);

  byline_story_ref_set_section (ref, value);
}

static char *
repeat (const char *piece,
        guint       times)
{
  gsize len = strlen (piece);
  char *out = g_malloc (len * times + 1);

  for (guint i = 0; i < times; i++)
    memcpy (out + i * len, piece, len);
  out[len * times] = '\0';

  return out;
}

static void
test_writer_keeps_limits (void)
{
  static const struct {
    SetField set;
    const char *piece;          /* repeated to the limit */
    guint limit;
    const char *message;        /* how the refusal to save starts */
    const char *path;           /* what the reader names */
  } cases[] = {
    { set_headline, "ж", BYLINE_MAX_SHORT_CHARS, "The headline is too long to save: 100,001 characters, at most 100,000.", "headline" },
    { set_standfirst, "ж", BYLINE_MAX_STANDFIRST_CHARS, "The standfirst is too long to save: 1,000,001 characters", "standfirst" },
    { set_language, "x", BYLINE_MAX_LANGUAGE_CHARS, "The language code is too long to save: 65 characters, at most 64.", "language" },
    { set_tag, "ж", BYLINE_MAX_SHORT_CHARS, "Tag 2 is too long to save", "tags[1]" },
    { set_lead_caption, "ж", BYLINE_MAX_SHORT_CHARS, "The caption of the lead image is too long to save", "lead_image.caption" },
    { set_lead_src, "x", BYLINE_MAX_URI_CHARS, "The address of the lead image is too long to save: 8,193 characters", "lead_image.src" },
    { set_paragraph_text, "x", BYLINE_MAX_TEXT_CHARS, "Paragraph 1 of the body (“xxxx", "body[0].text" },
    { set_link_href, "x", BYLINE_MAX_URI_CHARS, "A link address in paragraph 1 of the body (“Порт знову працює", "body[0].marks[0].href" },
    { set_attribution, "ж", BYLINE_MAX_SHORT_CHARS, "The attribution of quote 1 of the body (“«Ми готові»", "body[2].attribution" },
    { set_image_alt, "ж", BYLINE_MAX_SHORT_CHARS, "The alt text of image 1 of the body is too long", "body[3].image.alt" },
    { set_card_headline, "ж", BYLINE_MAX_SHORT_CHARS, "The headline of story card 1 of the body is too long", "body[5].story.headline" },
    { set_raw_markup, "x", BYLINE_MAX_TEXT_CHARS, "Website block 1 of the body is too long to save: 16,000,001 characters, at most 16,000,000.", "body[7].markup" },
    { set_related_section, "ж", BYLINE_MAX_SHORT_CHARS, "The section of related story 2 is too long", "related[1].section" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BylineArticle) article = build_full_article ();
      g_autofree char *fits = repeat (cases[i].piece, cases[i].limit);
      g_autofree char *too_long = g_strconcat (fits, cases[i].piece, NULL);
      g_autofree char *refusal = g_strdup_printf ("%s: %u characters, more than the %u allowed",
                                                  cases[i].path, cases[i].limit + 1, cases[i].limit);

      g_test_message ("%s", cases[i].path);

      /* At the limit: saved, and read back the same. */
      {
        g_autoptr(BylineArticleSnapshot) snapshot = NULL;
        g_autoptr(GBytes) json = NULL;
        g_autoptr(BylineArticle) loaded = NULL;
        g_autoptr(GError) error = NULL;

        cases[i].set (article, fits);
        snapshot = byline_article_snapshot (article);
        g_assert_true (byline_article_snapshot_check (snapshot, &error));
        g_assert_no_error (error);

        json = byline_article_snapshot_to_json (snapshot);
        loaded = byline_article_new_from_json (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
        g_assert_no_error (error);
        byline_article_set_modified (loaded, byline_article_get_modified (article));
        g_assert_true (byline_article_equal (loaded, article));
      }

      /* One more: not saved, and the reader would have refused it too. */
      {
        g_autoptr(BylineArticleSnapshot) snapshot = NULL;
        g_autoptr(GBytes) json = NULL;
        g_autoptr(GError) error = NULL;

        cases[i].set (article, too_long);
        snapshot = byline_article_snapshot (article);
        g_assert_false (byline_article_snapshot_check (snapshot, &error));
        g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
        g_test_message ("%s", error->message);
        if (!g_str_has_prefix (error->message, cases[i].message))
          g_error ("expected a message starting “%s”, got “%s”", cases[i].message, error->message);

        json = byline_article_snapshot_to_json (snapshot);
        assert_refused (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                        BYLINE_FORMAT_ERROR_TOO_LARGE, refusal);
      }
    }
}

/* Counts too: marks in one block, tags, related stories. */
static void
test_writer_keeps_count_limits (void)
{
  /* More runs of formatting than a block may hold */
  {
    g_autoptr(BylineArticle) article = build_full_article ();
    g_autofree char *text = repeat ("x ", BYLINE_MAX_MARKS + 1);
    g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (BylineMark));
    g_autoptr(BylineArticleSnapshot) snapshot = NULL;
    g_autoptr(GBytes) json = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *refusal = g_strdup_printf ("body[1].marks: %u entries, more than the %u allowed",
                                                BYLINE_MAX_MARKS + 1, BYLINE_MAX_MARKS);

    /* Bold on every other character, so no two runs merge. */
    for (guint i = 0; i <= BYLINE_MAX_MARKS; i++)
      {
        BylineMark mark = { BYLINE_MARK_BOLD, 2 * i, 2 * i + 1, NULL };
        g_array_append_val (marks, mark);
      }
    byline_block_set_text_and_marks (byline_article_get_block (article, 1), text,
                                     (const BylineMark *) (gpointer) marks->data, marks->len);

    snapshot = byline_article_snapshot (article);
    g_assert_false (byline_article_snapshot_check (snapshot, &error));
    g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (error->message,
                                     "Subheading 1 of the body (“x x x"));
    g_assert_nonnull (strstr (error->message, "has too much formatting to save: 100,001"));

    json = byline_article_snapshot_to_json (snapshot);
    assert_refused (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                    BYLINE_FORMAT_ERROR_TOO_LARGE, refusal);
  }

  /* Too many tags */
  {
    g_autoptr(BylineArticle) article = build_full_article ();
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) tags = NULL;
    g_autoptr(BylineArticleSnapshot) snapshot = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i <= BYLINE_MAX_TAGS; i++)
      g_strv_builder_add (builder, "t");
    tags = g_strv_builder_end (builder);
    byline_article_set_tags (article, (const char * const *) tags);

    snapshot = byline_article_snapshot (article);
    g_assert_false (byline_article_snapshot_check (snapshot, &error));
    g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (error->message,
                                     "The article has too many tags to save: 10,001, at most 10,000."));
  }

  /* Too many related stories */
  {
    g_autoptr(BylineArticle) article = build_full_article ();
    g_autoptr(BylineArticleSnapshot) snapshot = NULL;
    g_autoptr(GError) error = NULL;

    for (guint i = 2; i <= BYLINE_MAX_RELATED; i++)
      {
        g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
        byline_article_insert_related (article, i, ref);
      }

    snapshot = byline_article_snapshot (article);
    g_assert_false (byline_article_snapshot_check (snapshot, &error));
    g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (error->message,
                                     "The article has too many related stories to save: 1,001, at most 1,000."));
  }
}

/* Every field within its limit, yet more than 64 MiB in all. */
static void
test_writer_keeps_document_limit (void)
{
  g_autoptr(BylineArticle) article = build_full_article ();
  g_autofree char *text = repeat ("ж", 12000000);   /* 24 MB a paragraph */
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph (text);
      byline_article_append_block (article, paragraph);
    }

  snapshot = byline_article_snapshot (article);
  g_assert_false (byline_article_snapshot_check (snapshot, &error));
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The article is too large to save: 72,00"));
  g_assert_nonnull (strstr (error->message, " bytes, at most 67,108,864 (64 MiB)."));

  json = byline_article_snapshot_to_json (snapshot);
  g_assert_cmpuint (g_bytes_get_size (json), >, BYLINE_MAX_DOCUMENT_BYTES);
  assert_refused (g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                  BYLINE_FORMAT_ERROR_TOO_LARGE, "document: ");
}

static void
test_too_deep (void)
{
  g_autofree char *json = valid_document ();
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autofree char *marked = edit (json, "", "body", "\"DEEP\"");
  char *at = strstr (marked, "\"DEEP\"");

  /* 10,000 levels inside "body" */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, ']');
  g_string_append_len (deep, marked, at - marked);
  g_string_append (deep, nested->str);
  g_string_append (deep, at + strlen ("\"DEEP\""));
  assert_refused (deep->str, deep->len, BYLINE_FORMAT_ERROR_TOO_DEEP, "body[0][0][0]");
  g_assert_nonnull (strstr (deep->str, "[[[["));

  /* Objects nested in a block's image */
  {
    g_autoptr(GString) objects = g_string_new (NULL);
    g_autofree char *bad = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append (objects, "{\"a\":");
    g_string_append (objects, "1");
    for (guint i = 0; i < 10000; i++)
      g_string_append_c (objects, '}');
    bad = edit (json, "body[3]", "image", "\"X\"");
    {
      g_autoptr(GString) doc = g_string_new (bad);
      g_string_replace (doc, "\"X\"", objects->str, 1);
      assert_refused (doc->str, doc->len, BYLINE_FORMAT_ERROR_TOO_DEEP, "body[3].image.a.a.a");
    }
  }

  /* Bare nesting, and brackets that only look like nesting inside strings
   * (allowed), and comments that would hide nesting from a naive scan. */
  assert_refused (nested->str, nested->len, BYLINE_FORMAT_ERROR_TOO_DEEP, "[0][0]");
  {
    g_autofree char *brackets = edit (json, "", "byline", "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[\"");
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article = byline_article_new_from_json (brackets, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (byline_article_get_byline (article), ==,
                     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"[[[");
  }
  {
    g_autoptr(GString) hidden = g_string_new ("/* \" */ ");
    g_string_append (hidden, nested->str);
    assert_refused (hidden->str, hidden->len, BYLINE_FORMAT_ERROR_INVALID_JSON, "document: not valid JSON");
  }
}

static void
test_truncated (void)
{
  g_autofree char *json = valid_document ();
  gsize length = strlen (json);

  /* Every cut, from nothing to one byte short, fails cleanly. */
  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BylineArticle) article = byline_article_new_from_json (json, cut, &error);

      g_assert_null (article);
      g_assert_nonnull (error);
      g_assert_true (error->domain == BYLINE_FORMAT_ERROR);
      /* Cutting inside a multi-byte character leaves bad UTF-8 at the end. */
      if (error->code == BYLINE_FORMAT_ERROR_INVALID_UTF8)
        g_assert_true (g_str_has_prefix (error->message, "document: not valid UTF-8 at byte offset"));
      else
        {
          g_assert_cmpint (error->code, ==, BYLINE_FORMAT_ERROR_INVALID_JSON);
          g_assert_true (g_str_has_prefix (error->message, "document: "));
          /* The parser's line:position */
          if (cut > 0)
            g_assert_nonnull (strstr (error->message, ":1:"));
        }
    }

  /* Also through a file, as an import would read it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article = NULL;
    gsize fixture_length;
    g_autofree char *fixture = read_fixture ("article-example.json", &fixture_length);

    article = byline_article_new_from_json (fixture, fixture_length / 2, &error);
    g_assert_null (article);
    g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_JSON);
  }

  assert_refused ("", 0, BYLINE_FORMAT_ERROR_INVALID_JSON, "document: empty");
  assert_refused ("   \n", -1, BYLINE_FORMAT_ERROR_INVALID_JSON, "document: empty");
}

static void
test_unknown_keys_ignored (void)
{
  g_autofree char *json = valid_document ();
  g_autofree char *a = edit (json, "", "comments_open", "true");
  g_autofree char *b = edit (a, "body[0]", "align", "\"left\"");
  g_autofree char *c = edit (b, "lead_image", "focal_point", "{\"x\":0.5,\"y\":0.25}");
  g_autofree char *d = edit (c, "related[0]", "published", "\"2024-01-01T00:00:00Z\"");
  g_autofree char *e = edit (d, "body[0].marks[0]", "href", "\"ignored on bold\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new_from_json (e, -1, &error);
  g_autoptr(BylineArticle) original = build_full_article ();

  g_assert_no_error (error);
  g_assert_true (byline_article_equal (article, original));
}

/* "scheduled_for" is optional: written only when set, in UTC, and older
 * documents (without it) load as "not scheduled". */
static void
test_scheduled_for (void)
{
  g_autoptr(BylineArticle) article = build_full_article ();
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineArticle) old = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GTimeZone) kyiv = g_time_zone_new_identifier ("+03:00");
  g_autoptr(GDateTime) local = g_date_time_new (kyiv, 2031, 5, 1, 17, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = byline_article_to_json (article, NULL);
  g_autofree char *json = NULL;
  g_autofree char *from_snapshot = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Not set: no key at all, so the document is what older Bylines wrote. */
  g_assert_null (byline_article_get_scheduled_for (article));
  g_assert_null (strstr (before, "scheduled_for"));
  old = byline_article_new_from_json (before, -1, &error);
  g_assert_no_error (error);
  g_assert_null (byline_article_get_scheduled_for (old));

  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_set_scheduled_for (article, local);
  json = byline_article_to_json (article, NULL);
  g_assert_nonnull (strstr (json, "\"scheduled_for\":\"2031-05-01T14:30:00Z\""));

  /* The snapshot (what autosave writes) carries it too. */
  snapshot = byline_article_snapshot (article);
  bytes = byline_article_snapshot_to_json (snapshot);
  from_snapshot = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (from_snapshot, ==, json);

  loaded = byline_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (loaded), local));
  g_assert_true (byline_article_equal (loaded, article));
  back = g_date_time_format_iso8601 (byline_article_get_scheduled_for (loaded));
  g_assert_cmpstr (back, ==, "2031-05-01T14:30:00Z");

  /* Cleared again: the key goes away. */
  byline_article_set_scheduled_for (loaded, NULL);
  g_clear_pointer (&json, g_free);
  json = byline_article_to_json (loaded, NULL);
  g_assert_null (strstr (json, "scheduled_for"));

  /* A time without a zone or not a time at all is refused, naming the key. */
  edited = edit (before, "", "scheduled_for", "\"2031-05-01T14:30:00\"");
  g_clear_object (&loaded);
  loaded = byline_article_new_from_json (edited, -1, &error);
  g_assert_null (loaded);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "scheduled_for"));
  g_clear_error (&error);
  g_free (edited);
  edited = edit (before, "", "scheduled_for", "42");
  loaded = byline_article_new_from_json (edited, -1, &error);
  g_assert_null (loaded);
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_WRONG_TYPE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/format/round-trip", test_round_trip);
  g_test_add_func ("/format/documented-example", test_documented_example);
  g_test_add_func ("/format/valid-document-loads", test_valid_document_loads);
  g_test_add_func ("/format/wrong-types", test_wrong_types);
  g_test_add_func ("/format/missing-fields", test_missing_fields);
  g_test_add_func ("/format/not-an-article", test_not_an_article);
  g_test_add_func ("/format/newer-version", test_newer_version);
  g_test_add_func ("/format/invalid-values", test_invalid_values);
  g_test_add_func ("/format/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/format/huge-strings", test_huge_strings);
  g_test_add_func ("/format/writer-keeps-limits", test_writer_keeps_limits);
  g_test_add_func ("/format/writer-keeps-count-limits", test_writer_keeps_count_limits);
  g_test_add_func ("/format/writer-keeps-document-limit", test_writer_keeps_document_limit);
  g_test_add_func ("/format/too-deep", test_too_deep);
  g_test_add_func ("/format/truncated", test_truncated);
  g_test_add_func ("/format/unknown-keys-ignored", test_unknown_keys_ignored);
  g_test_add_func ("/format/scheduled-for", test_scheduled_for);

  return g_test_run ();
}
