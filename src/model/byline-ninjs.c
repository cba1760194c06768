/* byline-ninjs.c: IPTC ninjs 2.x, the news industry's JSON interchange format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mapping is in docs/import.md; keep the two in step.
 */
#define G_LOG_DOMAIN "byline-ninjs"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "byline-ninjs.h"
#include "byline-article-format.h"
#include "byline-article-format-private.h"
#include "byline-limits-private.h"
#include "byline-xml-private.h"

#include "byline-html-reader.h"
#include "byline-json-text.h"

#define NINJS_SCHEMA "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"
#define URN_UUID "urn:uuid:"

/* Writing: HTML */

static gboolean
href_is_safe (const char *href)
{
  g_autofree char *scheme = NULL;
  /* file: for images in the store folder; never script or data */
  static const char * const allowed[] = { "http", "https", "mailto", "file", NULL };

  if (href == NULL || *href == '\0')
    return FALSE;

  /* Control characters can hide a scheme from a browser's parser */
  for (const char *p = href; *p; p++)
    if ((guchar) *p < 0x20)
      return FALSE;

  scheme = g_uri_parse_scheme (href);
  if (scheme == NULL)
    {
      /* Relative, unless a colon comes first (" javascript:" with a
       * space is still a scheme to a browser) */
      const char *colon = strchr (href, ':');
      const char *delimiter = strpbrk (href, "/?#");

      return colon == NULL || (delimiter != NULL && delimiter < colon);
    }

  for (guint i = 0; allowed[i]; i++)
    if (g_ascii_strcasecmp (scheme, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;

  for (const char *p = text; p < end; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      case '\n': g_string_append (out, "<br>"); break;
      default: g_string_append_c (out, *p);
      }
}

static void
append_attribute (GString    *out,
                  const char *name,
                  const char *value)
{
  g_string_append_printf (out, " %s=\"", name);
  for (const char *p = value; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\n': g_string_append (out, "&#10;"); break;
      default: g_string_append_c (out, *p);
      }
  g_string_append_c (out, '"');
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Marks may overlap; HTML must nest.  Cut the text wherever a mark starts
 * or ends and wrap each piece in the marks that cover it, always in the
 * same order (a, strong, em). */
static void
append_inline (GString     *out,
               BylineBlock *block)
{
  const char *text = byline_block_get_text (block);
  guint n_marks = 0;
  const BylineMark *marks = byline_block_get_marks (block, &n_marks);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint length = g_utf8_strlen (text, -1);
  guint zero = 0;

  g_array_append_val (cuts, zero);
  g_array_append_val (cuts, length);
  for (guint i = 0; i < n_marks; i++)
    {
      g_array_append_val (cuts, marks[i].start);
      g_array_append_val (cuts, marks[i].end);
    }
  g_array_sort (cuts, compare_uint);

  for (guint c = 0; c + 1 < cuts->len; c++)
    {
      guint start = g_array_index (cuts, guint, c);
      guint end = g_array_index (cuts, guint, c + 1);
      const char *href = NULL;
      gboolean bold = FALSE, italic = FALSE;
      const char *from, *to;

      if (start == end)
        continue;

      for (guint i = 0; i < n_marks; i++)
        if (marks[i].start <= start && marks[i].end >= end)
          {
            if (marks[i].kind == BYLINE_MARK_BOLD)
              bold = TRUE;
            else if (marks[i].kind == BYLINE_MARK_ITALIC)
              italic = TRUE;
            else if (href == NULL && href_is_safe (marks[i].href))
              href = marks[i].href;
          }

      if (href)
        {
          g_string_append (out, "<a");
          append_attribute (out, "href", href);
          g_string_append_c (out, '>');
        }
      if (bold)
        g_string_append (out, "<strong>");
      if (italic)
        g_string_append (out, "<em>");

      from = g_utf8_offset_to_pointer (text, start);
      to = g_utf8_offset_to_pointer (from, end - start);
      append_escaped (out, from, to - from);

      if (italic)
        g_string_append (out, "</em>");
      if (bold)
        g_string_append (out, "</strong>");
      if (href)
        g_string_append (out, "</a>");
    }
}

static char *
media_href (const char *src,
            const char *media_base)
{
  if (src == NULL || *src == '\0')
    return NULL;
  if (media_base != NULL && g_uri_peek_scheme (src) == NULL)
    return g_strconcat (media_base, src, NULL);
  return g_strdup (src);
}

static void
append_figure (GString     *out,
               BylineImage *image,
               const char  *association,
               const char  *media_base)
{
  g_autofree char *href = NULL;

  g_string_append (out, "<figure");
  if (image == NULL)
    {
      g_string_append (out, "></figure>");
      return;
    }

  append_attribute (out, "data-association", association);
  g_string_append_c (out, '>');

  href = media_href (byline_image_get_src (image), media_base);
  if (href != NULL && href_is_safe (href))
    {
      g_string_append (out, "<img");
      append_attribute (out, "src", href);
      append_attribute (out, "alt", byline_image_get_alt (image));
      g_string_append_c (out, '>');
    }

  if (*byline_image_get_caption (image) || *byline_image_get_credit (image))
    {
      g_string_append (out, "<figcaption>");
      append_escaped (out, byline_image_get_caption (image), -1);
      if (*byline_image_get_credit (image))
        {
          g_string_append (out, " <small class=\"credit\">");
          append_escaped (out, byline_image_get_credit (image), -1);
          g_string_append (out, "</small>");
        }
      g_string_append (out, "</figcaption>");
    }
  g_string_append (out, "</figure>");
}

static void
append_card (GString        *out,
             BylineStoryRef *ref,
             const char     *association)
{
  const char *url;

  g_string_append (out, "<aside class=\"related\"");
  if (ref == NULL)
    {
      g_string_append (out, "></aside>");
      return;
    }
  append_attribute (out, "data-association", association);
  g_string_append_c (out, '>');

  url = byline_story_ref_get_url (ref);
  if (*byline_story_ref_get_section (ref))
    {
      g_string_append (out, "<span class=\"section\">");
      append_escaped (out, byline_story_ref_get_section (ref), -1);
      g_string_append (out, "</span> ");
    }
  if (href_is_safe (url))
    {
      g_string_append (out, "<a");
      append_attribute (out, "href", url);
      g_string_append_c (out, '>');
    }
  append_escaped (out, byline_story_ref_get_headline (ref), -1);
  if (href_is_safe (url))
    g_string_append (out, "</a>");
  g_string_append (out, "</aside>");
}

char *
byline_blocks_to_safe_html (GListModel *blocks,
                            const char *media_base)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (blocks);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (blocks, i);
      g_autofree char *name = NULL;

      if (i > 0)
        g_string_append_c (out, '\n');

      switch (byline_block_get_kind (block))
        {
        case BYLINE_BLOCK_PARAGRAPH:
          g_string_append (out, "<p>");
          append_inline (out, block);
          g_string_append (out, "</p>");
          break;
        case BYLINE_BLOCK_SUBHEADING:
          g_string_append (out, "<h2>");
          append_inline (out, block);
          g_string_append (out, "</h2>");
          break;
        case BYLINE_BLOCK_QUOTE:
          g_string_append (out, "<blockquote><p>");
          append_inline (out, block);
          g_string_append (out, "</p>");
          if (*byline_block_get_attribution (block))
            {
              g_string_append (out, "<footer>");
              append_escaped (out, byline_block_get_attribution (block), -1);
              g_string_append (out, "</footer>");
            }
          g_string_append (out, "</blockquote>");
          break;
        case BYLINE_BLOCK_IMAGE:
          name = g_strdup_printf ("image-%u", i);
          append_figure (out, byline_block_get_image (block), name, media_base);
          break;
        case BYLINE_BLOCK_CARD:
          name = g_strdup_printf ("card-%u", i);
          append_card (out, byline_block_get_story_ref (block), name);
          break;
        case BYLINE_BLOCK_RAW:
          /* CMS markup Byline does not understand: carried, never shown */
          g_string_append (out, "<div class=\"byline-raw\"");
          append_attribute (out, "data-markup", byline_block_get_text (block));
          g_string_append (out, "></div>");
          break;
        default:
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* Writing: JSON */

static void
add_role_value (JsonArray  *array,
                const char *role,
                const char *contenttype,
                const char *value)
{
  JsonObject *object = json_object_new ();

  if (role != NULL)
    json_object_set_string_member (object, "role", role);
  if (contenttype != NULL)
    json_object_set_string_member (object, "contenttype", contenttype);
  json_object_set_string_member (object, "value", value);
  json_array_add_object_element (array, object);
}

static void
add_subject (JsonArray  *array,
             const char *name,
             const char *rel)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "rel", rel);
  json_array_add_object_element (array, object);
}

static const char *
content_type_for (const char *href)
{
  const char *dot = strrchr (href, '.');

  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".jpg") == 0 || g_ascii_strcasecmp (dot, ".jpeg") == 0)
    return "image/jpeg";
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "image/png";
  if (g_ascii_strcasecmp (dot, ".webp") == 0)
    return "image/webp";
  if (g_ascii_strcasecmp (dot, ".gif") == 0)
    return "image/gif";
  return NULL;
}

/* "© Agency 2024 / Jane Doe" → "Jane Doe": ninjs's "by" is the creator */
static char *
photographer_from_credit (const char *credit)
{
  const char *slash = strrchr (credit, '/');

  if (slash == NULL)
    return NULL;
  return g_strstrip (g_strdup (slash + 1));
}

static JsonObject *
picture_association (BylineImage *image,
                     const char  *name,
                     const char  *fallback_uri,
                     const char  *media_base)
{
  JsonObject *object = json_object_new ();
  JsonArray *descriptions = json_array_new ();
  g_autofree char *href = media_href (byline_image_get_src (image), media_base);
  g_autofree char *by = photographer_from_credit (byline_image_get_credit (image));

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "uri", href != NULL && href_is_safe (href) && g_uri_peek_scheme (href) ? href : fallback_uri);
  json_object_set_string_member (object, "type", "picture");

  if (*byline_image_get_caption (image))
    add_role_value (descriptions, "caption", "text/plain", byline_image_get_caption (image));
  /* An empty alt text is how HTML says "decorative"; ninjs has no flag */
  if (*byline_image_get_alt (image) || byline_image_get_decorative (image))
    add_role_value (descriptions, "alt", "text/plain",
                    byline_image_get_decorative (image) ? "" : byline_image_get_alt (image));
  if (json_array_get_length (descriptions) > 0)
    json_object_set_array_member (object, "descriptions", descriptions);
  else
    json_array_unref (descriptions);

  if (*byline_image_get_credit (image))
    json_object_set_string_member (object, "copyrightnotice", byline_image_get_credit (image));
  if (by != NULL && *by)
    json_object_set_string_member (object, "by", by);

  if (href != NULL)
    {
      JsonArray *renditions = json_array_new ();
      JsonObject *original = json_object_new ();
      const char *type = content_type_for (href);

      json_object_set_string_member (original, "name", "original");
      json_object_set_string_member (original, "href", href);
      if (type != NULL)
        json_object_set_string_member (original, "contenttype", type);
      json_array_add_object_element (renditions, original);
      json_object_set_array_member (object, "renditions", renditions);
    }

  return object;
}

static JsonObject *
story_association (BylineStoryRef *ref,
                   const char     *name,
                   const char     *fallback_uri,
                   const char     *media_base)
{
  JsonObject *object = json_object_new ();
  const char *url = byline_story_ref_get_url (ref);

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "uri", *url && g_uri_peek_scheme (url) ? url : fallback_uri);
  json_object_set_string_member (object, "type", "text");

  if (*byline_story_ref_get_headline (ref))
    {
      JsonArray *headlines = json_array_new ();
      add_role_value (headlines, "main", NULL, byline_story_ref_get_headline (ref));
      json_object_set_array_member (object, "headlines", headlines);
    }
  if (*byline_story_ref_get_section (ref))
    {
      JsonArray *subjects = json_array_new ();
      add_subject (subjects, byline_story_ref_get_section (ref), "section");
      json_object_set_array_member (object, "subjects", subjects);
    }
  if (*byline_story_ref_get_cms_id (ref))
    {
      JsonArray *altids = json_array_new ();
      add_role_value (altids, "cms-id", NULL, byline_story_ref_get_cms_id (ref));
      json_object_set_array_member (object, "altids", altids);
    }
  if (byline_story_ref_get_image (ref) != NULL)
    {
      JsonArray *associations = json_array_new ();
      g_autofree char *image_uri = g_strconcat (fallback_uri, "-image", NULL);

      json_array_add_object_element (associations,
                                     picture_association (byline_story_ref_get_image (ref), "image",
                                                          image_uri, media_base));
      json_object_set_array_member (object, "associations", associations);
    }

  return object;
}

char *
byline_article_to_ninjs (BylineArticle *article,
                         const char    *media_base,
                         gsize         *length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *object = json_object_new ();
  JsonObject *standard = json_object_new ();
  JsonArray *headlines = json_array_new ();
  JsonArray *subjects = json_array_new ();
  JsonArray *bodies = json_array_new ();
  JsonArray *associations = json_array_new ();
  JsonObject *body = json_object_new ();
  g_autofree char *uri = g_strconcat (URN_UUID, byline_article_get_id (article), NULL);
  g_autofree char *created = byline_format_time (byline_article_get_created (article));
  g_autofree char *modified = byline_format_time (byline_article_get_modified (article));
  g_autofree char *html = NULL;
  const char * const *tags = byline_article_get_tags (article);
  GListModel *blocks = byline_article_get_body (article);
  GListModel *related = byline_article_get_related (article);
  guint n_words = 0;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  json_object_set_string_member (object, "uri", uri);
  json_object_set_string_member (standard, "name", "ninjs");
  json_object_set_string_member (standard, "version", BYLINE_NINJS_VERSION);
  json_object_set_string_member (standard, "schema", NINJS_SCHEMA);
  json_object_set_object_member (object, "standard", standard);
  json_object_set_string_member (object, "type", "text");
  json_object_set_string_member (object, "version", "1");
  json_object_set_string_member (object, "firstcreated", created);
  json_object_set_string_member (object, "versioncreated", modified);
  json_object_set_string_member (object, "pubstatus",
                                 byline_article_get_status (article) == BYLINE_ARTICLE_STATUS_PUBLISHED
                                 ? "usable" : "withheld");
  json_object_set_string_member (object, "language", byline_article_get_language (article));

  add_role_value (headlines, "main", NULL, byline_article_get_headline (article));
  if (*byline_article_get_seo_title (article))
    add_role_value (headlines, "seo", NULL, byline_article_get_seo_title (article));
  if (*byline_article_get_social_headline (article))
    add_role_value (headlines, "social", NULL, byline_article_get_social_headline (article));
  json_object_set_array_member (object, "headlines", headlines);

  if (*byline_article_get_standfirst (article))
    {
      JsonArray *descriptions = json_array_new ();
      add_role_value (descriptions, "summary", "text/plain", byline_article_get_standfirst (article));
      json_object_set_array_member (object, "descriptions", descriptions);
    }

  if (*byline_article_get_byline (article))
    json_object_set_string_member (object, "by", byline_article_get_byline (article));

  if (*byline_article_get_section (article))
    add_subject (subjects, byline_article_get_section (article), "section");
  for (guint i = 0; tags != NULL && tags[i]; i++)
    add_subject (subjects, tags[i], "keyword");
  if (json_array_get_length (subjects) > 0)
    json_object_set_array_member (object, "subjects", subjects);
  else
    json_array_unref (subjects);

  html = byline_blocks_to_safe_html (blocks, media_base);
  json_object_set_string_member (body, "role", "main");
  json_object_set_string_member (body, "contenttype", "text/html");
  for (guint i = 0; i < g_list_model_get_n_items (blocks); i++)
    n_words += byline_block_get_word_count (byline_article_get_block (article, i));
  json_object_set_int_member (body, "wordcount", n_words);
  json_object_set_string_member (body, "value", html);
  json_array_add_object_element (bodies, body);
  json_object_set_array_member (object, "bodies", bodies);

  if (byline_article_get_lead_image (article) != NULL)
    {
      g_autofree char *fallback = g_strconcat (uri, "#leadimage", NULL);
      json_array_add_object_element (associations,
                                     picture_association (byline_article_get_lead_image (article),
                                                          "leadimage", fallback, media_base));
    }
  for (guint i = 0; i < g_list_model_get_n_items (blocks); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      g_autofree char *name = NULL;
      g_autofree char *fallback = NULL;

      if (byline_block_get_kind (block) == BYLINE_BLOCK_IMAGE && byline_block_get_image (block) != NULL)
        {
          name = g_strdup_printf ("image-%u", i);
          fallback = g_strconcat (uri, "#", name, NULL);
          json_array_add_object_element (associations,
                                         picture_association (byline_block_get_image (block), name,
                                                              fallback, media_base));
        }
      else if (byline_block_get_kind (block) == BYLINE_BLOCK_CARD && byline_block_get_story_ref (block) != NULL)
        {
          name = g_strdup_printf ("card-%u", i);
          fallback = g_strconcat (uri, "#", name, NULL);
          json_array_add_object_element (associations,
                                         story_association (byline_block_get_story_ref (block), name,
                                                            fallback, media_base));
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      g_autofree char *name = g_strdup_printf ("related-%u", i);
      g_autofree char *fallback = g_strconcat (uri, "#", name, NULL);

      json_array_add_object_element (associations, story_association (ref, name, fallback, media_base));
    }
  if (json_array_get_length (associations) > 0)
    json_object_set_array_member (object, "associations", associations);
  else
    json_array_unref (associations);

  root = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

/* Reading: checks */

typedef struct
{
  const char *path;  /* for messages: "associations[2]" */
  GError    **error;
} Reader;

static gboolean
wrong_type (GError     **error,
            const char  *path,
            const char  *member,
            const char  *expected)
{
  g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_WRONG_TYPE,
               "%s%s%s: expected %s", path ? path : "", path && *path ? "." : "", member, expected);
  return FALSE;
}

/* A string member or NULL when absent; FALSE (and @error) when present
 * with another type. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char  *path,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (error, path, member, "a string");
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_array (JsonObject  *object,
            const char  *member,
            const char  *path,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (error, path, member, "an array");
  *out = json_node_get_array (node);
  return TRUE;
}

/* The "value" of the first element of a role/value array whose role is
 * one of @roles (NULL in @roles matches an element without a role). */
static gboolean
find_role_value (JsonArray          *array,
                 const char * const *roles,
                 gboolean            match_missing_role,
                 const char         *path,
                 const char        **out,
                 GError            **error)
{
  *out = NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
      const char *role = NULL, *value = NULL;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (error, NULL, element_path, "an object");
      object = json_node_get_object (node);
      if (!read_string (object, "role", element_path, &role, error)
          || !read_string (object, "value", element_path, &value, error))
        return FALSE;
      if (value == NULL)
        continue;
      if (role == NULL ? match_missing_role : g_strv_contains (roles, role))
        {
          *out = value;
          return TRUE;
        }
    }
  return TRUE;
}

/* Reading: HTML body */

static char *
strip_media_base (const char *href,
                  const char *media_base)
{
  if (href == NULL)
    return NULL;
  if (media_base != NULL && *media_base && g_str_has_prefix (href, media_base))
    return g_strdup (href + strlen (media_base));
  return g_strdup (href);
}

static BylineImage *read_picture (JsonObject *object, const char *path, const char *media_base, GError **error);

static BylineStoryRef *
read_story (JsonObject  *object,
            const char  *path,
            const char  *article_uri,
            const char  *media_base,
            GError     **error)
{
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
  static const char * const main_roles[] = { "main", NULL };
  static const char * const section_rels[] = { "section", NULL };
  static const char * const cms_roles[] = { "cms-id", NULL };
  JsonArray *headlines = NULL, *subjects = NULL, *altids = NULL, *associations = NULL;
  const char *uri = NULL, *headline = NULL, *cms_id = NULL, *legacy = NULL;

  if (!read_string (object, "uri", path, &uri, error)
      || !read_array (object, "headlines", path, &headlines, error)
      || !read_array (object, "subjects", path, &subjects, error)
      || !read_array (object, "altids", path, &altids, error)
      || !read_array (object, "associations", path, &associations, error)
      || !read_string (object, "headline", path, &legacy, error)
      || !find_role_value (headlines, main_roles, TRUE, "headlines", &headline, error)
      || !find_role_value (altids, cms_roles, FALSE, "altids", &cms_id, error))
    return NULL;

  /* A made-up uri under the article's own stands for "no address" */
  if (uri != NULL && !(article_uri != NULL && g_str_has_prefix (uri, article_uri) && uri[strlen (article_uri)] == '#'))
    byline_story_ref_set_url (ref, uri);
  byline_story_ref_set_headline (ref, headline ? headline : legacy);
  byline_story_ref_set_cms_id (ref, cms_id);

  for (guint i = 0; subjects != NULL && i < json_array_get_length (subjects); i++)
    {
      JsonNode *node = json_array_get_element (subjects, i);
      const char *name = NULL, *rel = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!read_string (json_node_get_object (node), "name", path, &name, error)
          || !read_string (json_node_get_object (node), "rel", path, &rel, error))
        return NULL;
      if (name != NULL && rel != NULL && g_strv_contains (section_rels, rel))
        {
          byline_story_ref_set_section (ref, name);
          break;
        }
    }

  for (guint i = 0; associations != NULL && i < json_array_get_length (associations); i++)
    {
      JsonNode *node = json_array_get_element (associations, i);
      g_autoptr(BylineImage) image = NULL;
      g_autofree char *image_path = g_strdup_printf ("%s.associations[%u]", path, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (error, NULL, image_path, "an object"), NULL;
      if (!(image = read_picture (json_node_get_object (node), image_path, media_base, error)))
        return NULL;
      byline_story_ref_set_image (ref, image);
      break;
    }

  return g_steal_pointer (&ref);
}

static BylineImage *
read_picture (JsonObject  *object,
              const char  *path,
              const char  *media_base,
              GError     **error)
{
  g_autoptr(BylineImage) image = byline_image_new ();
  static const char * const caption_roles[] = { "caption", "summary", "description", NULL };
  static const char * const alt_roles[] = { "alt", "alttext", "alt-text", NULL };
  JsonArray *descriptions = NULL, *renditions = NULL;
  const char *caption = NULL, *alt = NULL, *notice = NULL, *by = NULL;
  const char *legacy = NULL;

  if (!read_array (object, "descriptions", path, &descriptions, error)
      || !read_array (object, "renditions", path, &renditions, error)
      || !read_string (object, "copyrightnotice", path, &notice, error)
      || !read_string (object, "by", path, &by, error)
      || !read_string (object, "description_text", path, &legacy, error)
      || !find_role_value (descriptions, caption_roles, TRUE, "descriptions", &caption, error)
      || !find_role_value (descriptions, alt_roles, FALSE, "descriptions", &alt, error))
    return NULL;

  byline_image_set_caption (image, caption ? caption : legacy);
  byline_image_set_alt (image, alt);
  byline_image_set_decorative (image, alt != NULL && *alt == '\0');
  byline_image_set_credit (image, notice ? notice : by);

  /* The largest, or the one called "original" */
  for (guint i = 0; renditions != NULL && i < json_array_get_length (renditions); i++)
    {
      JsonNode *node = json_array_get_element (renditions, i);
      const char *href = NULL, *name = NULL;
      g_autofree char *src = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!read_string (json_node_get_object (node), "href", path, &href, error)
          || !read_string (json_node_get_object (node), "name", path, &name, error))
        return NULL;
      if (href == NULL || !href_is_safe (href))
        continue;
      src = strip_media_base (href, media_base);
      if (*byline_image_get_src (image) == '\0' || g_strcmp0 (name, "original") == 0)
        byline_image_set_src (image, src);
    }

  return g_steal_pointer (&image);
}

typedef struct
{
  JsonObject *object;
  char       *name;
  gboolean    used;
} Association;

static void
association_free (gpointer data)
{
  Association *association = data;

  g_free (association->name);
  g_free (association);
}

static Association *
find_association (GPtrArray  *associations,
                  const char *name)
{
  for (guint i = 0; name != NULL && i < associations->len; i++)
    {
      Association *association = g_ptr_array_index (associations, i);

      if (g_strcmp0 (association->name, name) == 0)
        return association;
    }
  return NULL;
}

static BylineImage *
image_from_figure (xmlNode    *figure,
                   const char *media_base)
{
  BylineImage *image = byline_image_new ();

  for (xmlNode *child = figure->children; child != NULL; child = child->next)
    {
      if (byline_xml_is (child, "img"))
        {
          g_autofree char *src = byline_xml_get (child, "src");
          g_autofree char *alt = byline_xml_get (child, "alt");
          g_autofree char *relative = NULL;

          if (src != NULL && href_is_safe (src))
            {
              relative = strip_media_base (src, media_base);
              byline_image_set_src (image, relative);
            }
          byline_image_set_alt (image, alt);
        }
      else if (byline_xml_is (child, "figcaption"))
        {
          g_autofree char *caption = NULL;

          for (xmlNode *part = child->children; part != NULL; part = part->next)
            if (part->type == XML_ELEMENT_NODE && (byline_xml_has_class (part, "credit") || byline_xml_is (part, "small")))
              {
                g_autofree char *credit = byline_xml_text (part);
                byline_image_set_credit (image, credit);
                xmlUnlinkNode (part);
                xmlFreeNode (part);
                break;
              }
          caption = byline_xml_text (child);
          byline_image_set_caption (image, caption);
        }
    }
  return image;
}

/* U+E000 (private use) stands in for a line break while the HTML reader
 * reads a paragraph: the reader makes every <br> a new paragraph, but in
 * Byline's own body HTML a <br> is a line break inside one.  One
 * character each, so the marks' offsets stay right. */
#define LINE_BREAK_STAND_IN "\xee\x80\x80"

static void
replace_breaks (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL;)
    {
      xmlNode *next = child->next;

      if (byline_xml_is (child, "br"))
        {
          xmlNode *text = xmlNewDocText (child->doc, (const xmlChar *) LINE_BREAK_STAND_IN);

          xmlReplaceNode (child, text);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        replace_breaks (child);
      child = next;
    }
}

static void
restore_breaks (BylineBlock *block)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *text = NULL;
  guint n_marks = 0;
  const BylineMark *marks;
  g_autofree BylineMark *copy = NULL;

  if (!byline_block_has_text (block) || strstr (byline_block_get_text (block), LINE_BREAK_STAND_IN) == NULL)
    return;

  parts = g_strsplit (byline_block_get_text (block), LINE_BREAK_STAND_IN, -1);
  text = g_strjoinv ("\n", parts);
  marks = byline_block_get_marks (block, &n_marks);
  copy = g_memdup2 (marks, sizeof (BylineMark) * n_marks);
  byline_block_set_text_and_marks (block, text, copy, n_marks);
}

/* Text blocks from ordinary markup (paragraphs, subheadings, quotes,
 * lists), through the HTML reader, which sanitises them. */
static void
read_text_nodes (xmlNode   *container,
                 GPtrArray *blocks)
{
  g_autoptr(GPtrArray) read = NULL;

  replace_breaks (container);
  read = byline_html_read_node (container);
  for (guint i = 0; read != NULL && i < read->len; i++)
    {
      BylineBlock *block = g_ptr_array_index (read, i);

      restore_breaks (block);
      g_ptr_array_add (blocks, g_object_ref (block));
    }
}

static GPtrArray *
read_html_body (const char  *html,
                GPtrArray   *associations,
                const char  *article_uri,
                const char  *media_base,
                GError     **error)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *wrapped = g_strconcat ("<html><head><meta charset=\"utf-8\"></head><body>", html, "</body></html>", NULL);
  htmlDocPtr doc;
  xmlNode *body = NULL;
  xmlNode *run;

  doc = htmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  if (doc == NULL)
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                           "bodies: the HTML could not be read");
      return NULL;
    }

  for (xmlNode *node = xmlDocGetRootElement (doc) ? xmlDocGetRootElement (doc)->children : NULL; node; node = node->next)
    if (byline_xml_is (node, "body"))
      body = node;

  /* Ordinary markup is collected into runs for the HTML reader; figures,
   * cards and raw blocks are Byline's own and read here. */
  run = xmlNewDocNode (doc, NULL, (const xmlChar *) "div", NULL);
  for (xmlNode *node = body ? body->children : NULL; node != NULL;)
    {
      xmlNode *next = node->next;
      BylineBlock *block = NULL;

      if (byline_xml_is (node, "figure") || byline_xml_is (node, "aside")
          || (byline_xml_is (node, "div") && byline_xml_has_class (node, "byline-raw")))
        {
          g_autofree char *name = byline_xml_get (node, "data-association");
          Association *association = find_association (associations, name);

          if (byline_xml_is (node, "figure"))
            {
              g_autoptr(BylineImage) image = NULL;

              if (association != NULL)
                image = read_picture (association->object, name, media_base, error);
              else if (node->children != NULL)
                image = image_from_figure (node, media_base);
              if (association != NULL && image == NULL)
                break;
              block = byline_block_new (BYLINE_BLOCK_IMAGE);
              byline_block_set_image (block, image);
            }
          else if (byline_xml_is (node, "aside"))
            {
              g_autoptr(BylineStoryRef) ref = NULL;

              if (association != NULL)
                {
                  if (!(ref = read_story (association->object, name, article_uri, media_base, error)))
                    break;
                }
              else if (node->children != NULL)
                {
                  g_autofree char *headline = byline_xml_text (node);
                  ref = byline_story_ref_new ();
                  byline_story_ref_set_headline (ref, headline);
                }
              block = byline_block_new (BYLINE_BLOCK_CARD);
              byline_block_set_story_ref (block, ref);
            }
          else
            {
              g_autofree char *markup = byline_xml_get (node, "data-markup");
              block = byline_block_new (BYLINE_BLOCK_RAW);
              byline_block_set_text (block, markup);
            }

          if (association != NULL)
            association->used = TRUE;
          if (run->children != NULL)
            {
              read_text_nodes (run, blocks);
              xmlFreeNodeList (run->children);
              run->children = run->last = NULL;
            }
          g_ptr_array_add (blocks, block);
        }
      else
        {
          xmlUnlinkNode (node);
          xmlAddChild (run, node);
        }
      node = next;
    }

  if (error != NULL && *error != NULL)
    {
      xmlFreeNode (run);
      xmlFreeDoc (doc);
      return NULL;
    }

  if (run->children != NULL)
    read_text_nodes (run, blocks);
  xmlFreeNode (run);
  xmlFreeDoc (doc);
  return g_steal_pointer (&blocks);
}

/* Nesting beyond what any news item needs is refused before json-glib's
 * recursive parser sees it. */
static gboolean
too_deep (const char *data,
          gsize       length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > BYLINE_MAX_DEPTH)
            return TRUE;
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return FALSE;
}

static GPtrArray *
collect_associations (JsonObject  *root,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (association_free);
  JsonNode *node = json_object_get_member (root, "associations");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&list);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          Association *association;
          const char *name = NULL;
          g_autofree char *path = g_strdup_printf ("associations[%u]", i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            return wrong_type (error, NULL, path, "an object"), NULL;
          if (!read_string (json_node_get_object (element), "name", path, &name, error))
            return NULL;
          association = g_new0 (Association, 1);
          association->object = json_node_get_object (element);
          association->name = g_strdup (name);
          g_ptr_array_add (list, association);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      /* ninjs 1.x: an object of named associations */
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *element = json_object_get_member (object, l->data);
          Association *association;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          association = g_new0 (Association, 1);
          association->object = json_node_get_object (element);
          association->name = g_strdup (l->data);
          g_ptr_array_add (list, association);
        }
    }
  else
    return wrong_type (error, NULL, "associations", "an array"), NULL;

  return g_steal_pointer (&list);
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           GDateTime  **out,
           GError     **error)
{
  const char *text = NULL;

  *out = NULL;
  if (!read_string (object, member, NULL, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  /* ninjs allows a plain date, too */
  if (strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      *out = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  else
    *out = g_date_time_new_from_iso8601 (text, NULL);

  if (*out == NULL)
    {
      g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                   "%s: “%s” is not a date and time with a zone", member, text);
      return FALSE;
    }
  return TRUE;
}

BylineArticle *
byline_article_new_from_ninjs (const char  *data,
                               gssize       length,
                               const char  *media_base,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GPtrArray) associations = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  static const char * const main_roles[] = { "main", "headline", NULL };
  static const char * const seo_roles[] = { "seo", NULL };
  static const char * const social_roles[] = { "social", NULL };
  static const char * const summary_roles[] = { "summary", "standfirst", "abstract", "lead", "description", NULL };
  static const char * const sub_roles[] = { "sub", "subheadline", "subhead", NULL };
  JsonObject *root;
  JsonArray *headlines = NULL, *descriptions = NULL, *bodies = NULL, *subjects = NULL;
  const char *uri = NULL, *language = NULL, *by = NULL, *pubstatus = NULL, *type = NULL;
  const char *headline = NULL, *seo = NULL, *social = NULL, *summary = NULL, *html = NULL;
  const char *legacy_headline = NULL, *legacy_html = NULL, *legacy_text = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  if ((gsize) length > BYLINE_MAX_DOCUMENT_BYTES)
    {
      g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE,
                   "the document is larger than %d MiB", BYLINE_MAX_DOCUMENT_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_UTF8,
                           "the document is not UTF-8 text");
      return NULL;
    }
  if (too_deep (data, length))
    {
      g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_DEEP,
                   "nested deeper than %d levels", BYLINE_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, error))
    {
      GError *parse_error = g_steal_pointer (error);
      g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_JSON,
                   "not JSON: %s", parse_error->message);
      g_error_free (parse_error);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE,
                           "a ninjs item is a JSON object");
      return NULL;
    }
  if (!byline_json_node_is_text (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_UTF8,
                           "the document escapes text that is not Unicode (a lone surrogate)");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (!read_string (root, "uri", NULL, &uri, error))
    return NULL;
  if (uri == NULL)
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_MISSING_FIELD,
                           "uri: missing (every ninjs item has one)");
      return NULL;
    }

  if (!read_string (root, "type", NULL, &type, error)
      || !read_string (root, "language", NULL, &language, error)
      || !read_string (root, "by", NULL, &by, error)
      || !read_string (root, "pubstatus", NULL, &pubstatus, error)
      || !read_string (root, "headline", NULL, &legacy_headline, error)
      || !read_string (root, "body_html", NULL, &legacy_html, error)
      || !read_string (root, "body_text", NULL, &legacy_text, error)
      || !read_array (root, "headlines", NULL, &headlines, error)
      || !read_array (root, "descriptions", NULL, &descriptions, error)
      || !read_array (root, "bodies", NULL, &bodies, error)
      || !read_array (root, "subjects", NULL, &subjects, error)
      || !find_role_value (headlines, main_roles, TRUE, "headlines", &headline, error)
      || !find_role_value (headlines, seo_roles, FALSE, "headlines", &seo, error)
      || !find_role_value (headlines, social_roles, FALSE, "headlines", &social, error)
      || !find_role_value (descriptions, summary_roles, TRUE, "descriptions", &summary, error)
      || !read_time (root, "firstcreated", &created, error)
      || !read_time (root, "versioncreated", &modified, error))
    return NULL;

  if (type != NULL && g_strcmp0 (type, "text") != 0 && g_strcmp0 (type, "composite") != 0)
    {
      g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                   "type: this item is a “%s”; Byline imports text items (stories)", type);
      return NULL;
    }

  if (summary == NULL && !find_role_value (headlines, sub_roles, FALSE, "headlines", &summary, error))
    return NULL;

  if (g_str_has_prefix (uri, URN_UUID) && g_uuid_string_is_valid (uri + strlen (URN_UUID)))
    article = byline_article_new_with_id (uri + strlen (URN_UUID));
  else
    article = byline_article_new ();

  if (language != NULL && *language)
    byline_article_set_language (article, language);
  byline_article_set_headline (article, headline ? headline : legacy_headline);
  byline_article_set_seo_title (article, seo);
  byline_article_set_social_headline (article, social);
  byline_article_set_standfirst (article, summary);
  byline_article_set_byline (article, by);
  byline_article_set_status (article, g_strcmp0 (pubstatus, "withheld") == 0 || g_strcmp0 (pubstatus, "canceled") == 0
                                      ? BYLINE_ARTICLE_STATUS_DRAFT : BYLINE_ARTICLE_STATUS_PUBLISHED);
  if (pubstatus == NULL)
    byline_article_set_status (article, BYLINE_ARTICLE_STATUS_DRAFT);

  for (guint i = 0; subjects != NULL && i < json_array_get_length (subjects); i++)
    {
      JsonNode *node = json_array_get_element (subjects, i);
      g_autofree char *path = g_strdup_printf ("subjects[%u]", i);
      const char *name = NULL, *rel = NULL, *literal = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (error, NULL, path, "an object"), NULL;
      if (!read_string (json_node_get_object (node), "name", path, &name, error)
          || !read_string (json_node_get_object (node), "rel", path, &rel, error)
          || !read_string (json_node_get_object (node), "literal", path, &literal, error))
        return NULL;
      if (name == NULL)
        name = literal;
      if (name == NULL || *name == '\0')
        continue;
      if (g_strcmp0 (rel, "section") == 0 && *byline_article_get_section (article) == '\0')
        byline_article_set_section (article, name);
      else
        g_ptr_array_add (tags, (gpointer) name);
    }
  g_ptr_array_add (tags, NULL);
  byline_article_set_tags (article, (const char * const *) tags->pdata);

  if (!(associations = collect_associations (root, error)))
    return NULL;

  if (!find_role_value (bodies, (const char * const[]) { "main", NULL }, TRUE, "bodies", &html, error))
    return NULL;
  /* Which body is HTML: a body's contenttype, when it says so */
  for (guint i = 0; bodies != NULL && i < json_array_get_length (bodies); i++)
    {
      JsonObject *body = json_node_get_object (json_array_get_element (bodies, i));
      const char *contenttype = NULL, *value = NULL;

      if (!read_string (body, "contenttype", "bodies", &contenttype, error)
          || !read_string (body, "value", "bodies", &value, error))
        return NULL;
      if (value == html && contenttype != NULL && g_str_has_prefix (contenttype, "text/plain"))
        {
          legacy_text = value;
          html = NULL;
        }
    }
  if (html == NULL)
    html = legacy_html;

  if (html != NULL)
    {
      if (!(blocks = read_html_body (html, associations, uri, media_base, error)))
        return NULL;
    }
  else
    {
      g_auto(GStrv) paragraphs = g_regex_split_simple ("\\n\\s*\\n", legacy_text ? legacy_text : "", 0, 0);

      blocks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; paragraphs[i]; i++)
        {
          g_strstrip (paragraphs[i]);
          if (*paragraphs[i])
            g_ptr_array_add (blocks, byline_block_new_paragraph (paragraphs[i]));
        }
    }
  for (guint i = 0; i < blocks->len; i++)
    byline_article_append_block (article, g_ptr_array_index (blocks, i));

  /* What the body did not place: the lead image, related stories, and
   * anything else a sender attached (kept, never dropped) */
  for (guint i = 0; i < associations->len; i++)
    {
      Association *association = g_ptr_array_index (associations, i);
      const char *association_type = NULL;
      g_autofree char *path = g_strdup_printf ("associations[%u]", i);

      if (association->used)
        continue;
      if (!read_string (association->object, "type", path, &association_type, error))
        return NULL;

      if (g_strcmp0 (association_type, "picture") == 0 || g_strcmp0 (association_type, "graphic") == 0)
        {
          g_autoptr(BylineImage) image = read_picture (association->object, path, media_base, error);

          if (image == NULL)
            return NULL;
          if (byline_article_get_lead_image (article) == NULL)
            byline_article_set_lead_image (article, image);
          else
            {
              g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
              byline_block_set_image (block, image);
              byline_article_append_block (article, block);
            }
        }
      else if (association_type == NULL || g_strcmp0 (association_type, "text") == 0
               || g_strcmp0 (association_type, "composite") == 0)
        {
          g_autoptr(BylineStoryRef) ref = read_story (association->object, path, uri, media_base, error);
          GListModel *related = byline_article_get_related (article);

          if (ref == NULL)
            return NULL;
          byline_article_insert_related (article, g_list_model_get_n_items (related), ref);
        }
    }

  if (created != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (created);
      byline_article_set_created (article, utc);
    }
  /* Last: every other change sets "modified" to now */
  if (modified != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (modified);
      byline_article_set_modified (article, utc);
    }

  return g_steal_pointer (&article);
}

gboolean
byline_ninjs_sniff (const char *data,
                    gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (length > BYLINE_MAX_DOCUMENT_BYTES || too_deep (data, length)
      || !json_parser_load_from_data (parser, data, length, NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "format"))
    return FALSE;
  return json_object_has_member (root, "uri")
         && (json_object_has_member (root, "headlines") || json_object_has_member (root, "bodies")
             || json_object_has_member (root, "headline") || json_object_has_member (root, "body_html")
             || json_object_has_member (root, "type"));
}
