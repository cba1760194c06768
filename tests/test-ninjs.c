/* test-ninjs.c: IPTC ninjs 2.x both ways, checked against the schema's rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-ninjs"

#include <string.h>

#include <json-glib/json-glib.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-ninjs.h"

#define ID "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define MEDIA_BASE "file:///srv/byline-test-store/"

/* The ninjs 2.0 JSON schema's rules, as checks (the schema itself is not
 * shipped: ninjs-schema_2.0.json, draft-04, additionalProperties false at
 * every level). */

static const char * const item_properties[] = {
  "uri", "type", "representationtype", "profile", "version", "firstcreated",
  "versioncreated", "contentcreated", "embargoed", "pubstatus", "urgency",
  "copyrightholder", "copyrightnotice", "usageterms", "ednote", "language",
  "descriptions", "bodies", "headlines", "people", "organisations", "places",
  "subjects", "events", "objects", "infosources", "title", "by", "slugline",
  "located", "renditions", "associations", "altids", "trustindicators",
  "standard", "genres", "rightsinfo", NULL
};
static const char * const string_properties[] = {
  "uri", "type", "representationtype", "profile", "version", "firstcreated",
  "versioncreated", "contentcreated", "embargoed", "pubstatus",
  "copyrightholder", "copyrightnotice", "usageterms", "ednote", "language",
  "title", "by", "slugline", "located", NULL
};
static const char * const types[] = { "text", "audio", "video", "picture", "graphic", "composite", "component", NULL };
static const char * const pubstatuses[] = { "usable", "withheld", "canceled", NULL };
static const char * const date_times[] = { "firstcreated", "versioncreated", "contentcreated", "embargoed", NULL };

static void
assert_string (JsonObject *object,
               const char *member,
               const char *path)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("%s.%s: must be a string", path, member);
}

static void
assert_number (JsonObject *object,
               const char *member,
               const char *path)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    g_error ("%s.%s: must be a number", path, member);
}

static void
assert_uri (JsonObject *object,
            const char *member,
            const char *path)
{
  const char *value;

  if (!json_object_has_member (object, member))
    return;
  assert_string (object, member, path);
  value = json_object_get_string_member (object, member);
  /* JSON schema "format": "uri" is an absolute URI (RFC 3986) */
  if (!g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    g_error ("%s.%s: “%s” is not a URI", path, member, value);
}

static void
assert_only (JsonObject         *object,
             const char * const *allowed,
             const char         *path)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      g_error ("%s: “%s” is not allowed (additionalProperties: false)", path, (char *) l->data);
}

static void
assert_date_time (JsonObject *object,
                  const char *member,
                  const char *path)
{
  const char *value;

  if (!json_object_has_member (object, member))
    return;
  value = json_object_get_string_member (object, member);
  /* RFC 3339 date-time, as JSON schema's "date-time" format */
  if (!g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$", value, 0, 0))
    g_error ("%s.%s: “%s” is not an RFC 3339 date-time", path, member, value);
}

static JsonArray *
assert_array_of_objects (JsonObject *object,
                         const char *member,
                         const char *path)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("%s.%s: must be an array", path, member);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      g_error ("%s.%s[%u]: must be an object", path, member, i);
  return array;
}

static void
assert_role_values (JsonObject *object,
                    const char *member,
                    const char *path,
                    gboolean    counts)
{
  static const char * const allowed[] = { "role", "contenttype", "value", NULL };
  static const char * const allowed_counts[] = { "role", "contenttype", "value", "charcount", "wordcount", NULL };
  JsonArray *array = assert_array_of_objects (object, member, path);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);
      g_autofree char *element_path = g_strdup_printf ("%s.%s[%u]", path, member, i);

      assert_only (element, counts ? allowed_counts : allowed, element_path);
      if (!json_object_has_member (element, "value"))
        g_error ("%s: “value” is required", element_path);
      assert_string (element, "value", element_path);
      assert_string (element, "role", element_path);
      assert_string (element, "contenttype", element_path);
      assert_number (element, "charcount", element_path);
      assert_number (element, "wordcount", element_path);
    }
}

static void
assert_valid_ninjs (JsonObject *item,
                    const char *path,
                    gboolean    association)
{
  static const char * const subject_properties[] = { "name", "rel", "uri", "literal", NULL };
  static const char * const rendition_properties[] = {
    "name", "href", "contenttype", "title", "height", "width", "sizeinbytes", "duration", "format", NULL
  };
  static const char * const standard_properties[] = { "name", "version", "schema", NULL };
  static const char * const altid_properties[] = { "role", "value", NULL };
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  JsonArray *array;

  for (guint i = 0; item_properties[i]; i++)
    g_ptr_array_add (allowed, (gpointer) item_properties[i]);
  /* An association matches the schema's first anyOf branch ("name"
   * required, a string) and, in Byline's output, is a ninjs item too. */
  if (association)
    {
      if (!json_object_has_member (item, "name"))
        g_error ("%s: an association needs a “name”", path);
      assert_string (item, "name", path);
      g_ptr_array_add (allowed, (gpointer) "name");
    }
  g_ptr_array_add (allowed, NULL);
  assert_only (item, (const char * const *) allowed->pdata, path);

  if (!json_object_has_member (item, "uri"))
    g_error ("%s: “uri” is required", path);
  for (guint i = 0; string_properties[i]; i++)
    assert_string (item, string_properties[i], path);
  assert_uri (item, "uri", path);
  assert_number (item, "urgency", path);
  for (guint i = 0; date_times[i]; i++)
    assert_date_time (item, date_times[i], path);
  if (json_object_has_member (item, "type") && !g_strv_contains (types, json_object_get_string_member (item, "type")))
    g_error ("%s.type: not one of the enumeration", path);
  if (json_object_has_member (item, "pubstatus")
      && !g_strv_contains (pubstatuses, json_object_get_string_member (item, "pubstatus")))
    g_error ("%s.pubstatus: not one of the enumeration", path);

  assert_role_values (item, "headlines", path, FALSE);
  assert_role_values (item, "descriptions", path, FALSE);
  assert_role_values (item, "bodies", path, TRUE);

  array = assert_array_of_objects (item, "subjects", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *subject = json_array_get_object_element (array, i);
      g_autofree char *subject_path = g_strdup_printf ("%s.subjects[%u]", path, i);

      assert_only (subject, subject_properties, subject_path);
      for (guint j = 0; subject_properties[j]; j++)
        assert_string (subject, subject_properties[j], subject_path);
      assert_uri (subject, "uri", subject_path);
    }

  array = assert_array_of_objects (item, "renditions", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *rendition = json_array_get_object_element (array, i);
      g_autofree char *rendition_path = g_strdup_printf ("%s.renditions[%u]", path, i);

      assert_only (rendition, rendition_properties, rendition_path);
      if (!json_object_has_member (rendition, "name"))
        g_error ("%s: “name” is required", rendition_path);
      assert_string (rendition, "name", rendition_path);
      assert_uri (rendition, "href", rendition_path);
      assert_string (rendition, "contenttype", rendition_path);
      assert_number (rendition, "width", rendition_path);
      assert_number (rendition, "height", rendition_path);
    }

  array = assert_array_of_objects (item, "altids", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *altid = json_array_get_object_element (array, i);

      assert_only (altid, altid_properties, path);
      assert_string (altid, "role", path);
      assert_string (altid, "value", path);
    }

  if (json_object_has_member (item, "standard"))
    {
      JsonObject *standard = json_object_get_object_member (item, "standard");

      assert_only (standard, standard_properties, path);
      assert_uri (standard, "schema", path);
    }

  array = assert_array_of_objects (item, "associations", path);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *association_path = g_strdup_printf ("%s.associations[%u]", path, i);

      assert_valid_ninjs (json_array_get_object_element (array, i), association_path, TRUE);
    }
}

/* Articles */

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

static BylineStoryRef *
make_ref (const char  *cms_id,
          const char  *url,
          const char  *section,
          const char  *headline,
          BylineImage *image)
{
  BylineStoryRef *ref = byline_story_ref_new ();

  byline_story_ref_set_cms_id (ref, cms_id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_section (ref, section);
  byline_story_ref_set_headline (ref, headline);
  byline_story_ref_set_image (ref, image);
  return ref;
}

/* Every part ninjs carries, with Cyrillic and text HTML must escape. */
static BylineArticle *
build_article (BylineArticleStatus status,
               gboolean            with_marks)
{
  BylineArticle *article = byline_article_new_with_id (ID);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 5, 14, 6, 30, 12.5);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 5, 14, 9, 2, 0);
  g_autoptr(BylineImage) lead = make_image ("media/4be1.jpg",
                                            "Lifeboat crews practise a rescue off the north mole.",
                                            "© Harbour Wire 2024 / Pia Sandell",
                                            "An orange lifeboat beside a grey breakwater.", FALSE);
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("Crews from three stations trained on Tuesday <b>& said</b> \"so\".\nA second line.");
  g_autoptr(BylineBlock) subheading = byline_block_new (BYLINE_BLOCK_SUBHEADING);
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) photo = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) raw = byline_block_new (BYLINE_BLOCK_RAW);
  g_autoptr(BylineBlock) last = byline_block_new_paragraph ("Спасатели тренируются каждую неделю.");
  g_autoptr(BylineImage) photo_image = make_image ("https://example.org/img/mole.png", "", "Staff", "", TRUE);
  g_autoptr(BylineImage) card_image = make_image ("media/77aa.jpg", "A new boathouse.", "© Harbour Wire", "A boathouse.", FALSE);
  g_autoptr(BylineStoryRef) card_ref = make_ref ("812", "https://example.org/coast/boathouse", "Coast",
                                                 "The boathouse opens in June", card_image);
  g_autoptr(BylineStoryRef) related_ref = make_ref ("", "", "Weather", "Gales expected at the weekend", NULL);
  const char *tags[] = { "lifeboats", "training", "Береговая охрана", NULL };

  byline_article_set_language (article, "en-GB");
  byline_article_set_section (article, "Coast");
  byline_article_set_headline (article, "Lifeboat crews rehearse the <winter> rescues");
  byline_article_set_seo_title (article, "Lifeboat crews rehearse winter rescues off the north mole");
  byline_article_set_social_headline (article, "Three crews, one very cold sea");
  byline_article_set_standfirst (article, "Volunteers from three stations trained together for the first time.");
  byline_article_set_byline (article, "Pia Sandell & Jon Auer");
  byline_article_set_tags (article, tags);
  byline_article_set_status (article, status);
  byline_article_set_lead_image (article, lead);

  if (with_marks)
    {
      /* Overlapping: HTML must cut one of them in two */
      byline_block_add_mark (paragraph, BYLINE_MARK_BOLD, 0, 4, NULL);
      byline_block_add_mark (paragraph, BYLINE_MARK_ITALIC, 2, 10, NULL);
      byline_block_add_mark (paragraph, BYLINE_MARK_LINK, 11, 16, "https://example.org/stations?a=1&b=2");
    }
  byline_block_set_text (subheading, "Cold water");
  byline_block_set_text (quote, "Nobody gets used to the cold.");
  byline_block_set_attribution (quote, "Ada Lenz, coxswain");
  byline_block_set_image (photo, photo_image);
  byline_block_set_story_ref (card, card_ref);
  byline_block_set_text (raw, "<!-- wp:columns -->\n<div class=\"wp-block-columns\">two</div>\n<!-- /wp:columns -->");

  byline_article_append_block (article, paragraph);
  byline_article_append_block (article, subheading);
  byline_article_append_block (article, quote);
  byline_article_append_block (article, photo);
  byline_article_append_block (article, card);
  byline_article_append_block (article, raw);
  byline_article_append_block (article, last);
  byline_article_insert_related (article, 0, related_ref);

  byline_article_set_created (article, created);
  byline_article_set_modified (article, modified);
  return article;
}

static JsonObject *
parse_object (const char *data,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_export_valid (void)
{
  g_autoptr(BylineArticle) article = build_article (BYLINE_ARTICLE_STATUS_PUBLISHED, TRUE);
  g_autofree char *ninjs = byline_article_to_ninjs (article, MEDIA_BASE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *item = parse_object (ninjs, parser);
  JsonArray *associations;

  assert_valid_ninjs (item, "$", FALSE);

  g_assert_cmpstr (json_object_get_string_member (item, "uri"), ==, "urn:uuid:" ID);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (item, "pubstatus"), ==, "usable");
  g_assert_cmpstr (json_object_get_string_member (item, "by"), ==, "Pia Sandell & Jon Auer");
  g_assert_cmpstr (json_object_get_string_member (item, "language"), ==, "en-GB");
  g_assert_cmpstr (json_object_get_string_member (item, "firstcreated"), ==, "2024-05-14T06:30:12.500000Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "standard"), "version"), ==, "2.0");

  /* The lead image: a picture with caption, alt, credit and a rendition
   * at a real address */
  associations = json_object_get_array_member (item, "associations");
  {
    JsonObject *lead = json_array_get_object_element (associations, 0);
    JsonArray *renditions = json_object_get_array_member (lead, "renditions");

    g_assert_cmpstr (json_object_get_string_member (lead, "name"), ==, "leadimage");
    g_assert_cmpstr (json_object_get_string_member (lead, "type"), ==, "picture");
    g_assert_cmpstr (json_object_get_string_member (lead, "copyrightnotice"), ==, "© Harbour Wire 2024 / Pia Sandell");
    g_assert_cmpstr (json_object_get_string_member (lead, "by"), ==, "Pia Sandell");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (renditions, 0), "href"),
                     ==, MEDIA_BASE "media/4be1.jpg");
  }
  /* image-3 (the photo), card-4 (with its own image), related-0 */
  g_assert_cmpuint (json_array_get_length (associations), ==, 4);
}

static void
test_export_safe_html (void)
{
  g_autoptr(BylineArticle) article = byline_article_new_with_id (ID);
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("<script>alert(1)</script> click here \" onmouseover=\"x");
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) ref = make_ref ("", "javascript:alert(2)", "A", "B", NULL);
  g_autoptr(BylineImage) image = make_image ("data:text/html,<script>", "c", "", "\"><script>", FALSE);
  g_autoptr(BylineBlock) photo = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autofree char *ninjs = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *item;
  const char *html;

  byline_block_add_mark (paragraph, BYLINE_MARK_LINK, 27, 37, " javascript:alert(3)");
  byline_block_set_story_ref (card, ref);
  byline_block_set_image (photo, image);
  byline_article_set_headline (article, "Safe");
  byline_article_append_block (article, paragraph);
  byline_article_append_block (article, card);
  byline_article_append_block (article, photo);

  ninjs = byline_article_to_ninjs (article, NULL, NULL);
  item = parse_object (ninjs, parser);
  assert_valid_ninjs (item, "$", FALSE);
  html = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (item, "bodies"), 0), "value");

  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "javascript:"));
  g_assert_null (strstr (html, "data:"));
  g_assert_null (strstr (html, "\" onmouseover"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}


static void
assert_round_trip (BylineArticleStatus status)
{
  g_autoptr(BylineArticle) article = build_article (status, TRUE);
  g_autofree char *ninjs = byline_article_to_ninjs (article, MEDIA_BASE, NULL);
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *found = NULL;

  back = byline_article_new_from_ninjs (ninjs, -1, MEDIA_BASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);


  expected = byline_article_to_json (article, NULL);
  found = byline_article_to_json (back, NULL);
  g_assert_cmpstr (found, ==, expected);
  g_assert_true (byline_article_equal (article, back));
}

static void
test_round_trip_published (void)
{
  assert_round_trip (BYLINE_ARTICLE_STATUS_PUBLISHED);
}

static void
test_round_trip_draft (void)
{
  assert_round_trip (BYLINE_ARTICLE_STATUS_DRAFT);
}

/* A story as an agency's system would send it: no Byline names, ninjs
 * 2.0 as the IPTC guidelines show it. */
static void
test_import_agency_item (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "import", "agency-story.ninjs.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStoryRef) related = NULL;
  BylineImage *lead;
  const char * const *tags;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_true (byline_ninjs_sniff (data, strlen (data)));

  article = byline_article_new_from_ninjs (data, -1, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (byline_article_get_headline (article), ==, "Night trains return to the valley line");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==,
                   "The operator restores two sleeper services cut during the bridge repairs.");
  g_assert_cmpstr (byline_article_get_byline (article), ==, "Tomas Veld");
  g_assert_cmpstr (byline_article_get_section (article), ==, "Transport");
  g_assert_cmpstr (byline_article_get_language (article), ==, "en");
  tags = byline_article_get_tags (article);
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "railways");
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);

  lead = byline_article_get_lead_image (article);
  g_assert_nonnull (lead);
  g_assert_cmpstr (byline_image_get_src (lead), ==, "https://example.net/photos/sleeper-1.jpg");
  g_assert_cmpstr (byline_image_get_caption (lead), ==, "A sleeper train waits at the valley terminus.");
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Valley News Agency 2024 / Rui Sato");
  g_assert_cmpstr (byline_image_get_alt (lead), ==, "A blue train at a platform under lamps.");

  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 3);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, 0)), ==, BYLINE_BLOCK_PARAGRAPH);
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (article, 1)), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_attribution (byline_article_get_block (article, 1)), ==, "a spokeswoman for the operator");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 2)), ==,
                   "Tickets go on sale on Monday.");

  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (article)), ==, 1);
  related = g_list_model_get_item (byline_article_get_related (article), 0);
  g_assert_cmpstr (byline_story_ref_get_headline (related), ==, "Bridge repairs finish early");
  g_assert_cmpstr (byline_story_ref_get_url (related), ==, "https://example.net/news/bridge-repairs");
}

static void
assert_refused (const char        *data,
                BylineFormatError  code,
                const char        *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new_from_ninjs (data, -1, NULL, &error);

  g_assert_null (article);
  g_assert_error (error, BYLINE_FORMAT_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_import_bad_input (void)
{
  g_autofree char *deep = NULL;
  GString *nested = g_string_new ("{\"uri\":\"urn:x:1\",\"a\":");

  assert_refused ("{\"uri\": ", BYLINE_FORMAT_ERROR_INVALID_JSON, "not JSON");
  assert_refused ("[1, 2]", BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, "object");
  assert_refused ("{\"headlines\": []}", BYLINE_FORMAT_ERROR_MISSING_FIELD, "uri");
  assert_refused ("{\"uri\": 7}", BYLINE_FORMAT_ERROR_WRONG_TYPE, "uri");
  assert_refused ("{\"uri\": \"urn:x:1\", \"headlines\": {}}", BYLINE_FORMAT_ERROR_WRONG_TYPE, "headlines");
  assert_refused ("{\"uri\": \"urn:x:1\", \"headlines\": [{\"value\": 3}]}", BYLINE_FORMAT_ERROR_WRONG_TYPE, "headlines[0].value");
  assert_refused ("{\"uri\": \"urn:x:1\", \"type\": \"picture\"}", BYLINE_FORMAT_ERROR_INVALID_VALUE, "picture");
  assert_refused ("{\"uri\": \"urn:x:1\", \"firstcreated\": \"yesterday\"}", BYLINE_FORMAT_ERROR_INVALID_VALUE, "firstcreated");

  for (int i = 0; i < 100; i++)
    g_string_append_c (nested, '[');
  deep = g_string_free (nested, FALSE);
  assert_refused (deep, BYLINE_FORMAT_ERROR_TOO_DEEP, "nested");

  g_assert_false (byline_ninjs_sniff ("{\"format\":\"byline-article\",\"uri\":\"x\",\"type\":\"text\"}", 52));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ninjs/export/valid", test_export_valid);
  g_test_add_func ("/ninjs/export/safe-html", test_export_safe_html);
  g_test_add_func ("/ninjs/round-trip/published", test_round_trip_published);
  g_test_add_func ("/ninjs/round-trip/draft", test_round_trip_draft);
  g_test_add_func ("/ninjs/import/agency-item", test_import_agency_item);
  g_test_add_func ("/ninjs/import/bad-input", test_import_bad_input);

  return g_test_run ();
}
