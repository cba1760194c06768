/* byline-article-format.c: Byline's JSON document format for one article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is described in docs/article-format.md; keep the two in step.
 */
#define G_LOG_DOMAIN "byline-format"

#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "byline-article-format.h"
#include "byline-article-format-private.h"
#include "byline-article-private.h"
#include "byline-block-private.h"
#include "byline-limits-private.h"

#define FORMAT_NAME "byline-article"

/* The limits the reader enforces are in byline-limits-private.h, shared
 * with the checks that keep the writer from going over them. */

G_DEFINE_QUARK (byline-format-error-quark, byline_format_error)

static const char * const mark_names[] = {
  [BYLINE_MARK_BOLD] = "bold",
  [BYLINE_MARK_ITALIC] = "italic",
  [BYLINE_MARK_LINK] = "link",
};

/* Writing */

char *
byline_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;
  int usec;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  usec = g_date_time_get_microsecond (utc);

  /* Fixed widths by hand: %Y does not pad years below 1000. */
  if (usec != 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                            g_date_time_get_year (utc),
                            g_date_time_get_month (utc),
                            g_date_time_get_day_of_month (utc),
                            g_date_time_get_hour (utc),
                            g_date_time_get_minute (utc),
                            g_date_time_get_second (utc),
                            usec);
  else
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                            g_date_time_get_year (utc),
                            g_date_time_get_month (utc),
                            g_date_time_get_day_of_month (utc),
                            g_date_time_get_hour (utc),
                            g_date_time_get_minute (utc),
                            g_date_time_get_second (utc));
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

JsonNode *
byline_image_to_json_node (BylineImage *image)
{
  JsonObject *object;

  if (image == NULL)
    return json_node_new (JSON_NODE_NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "src", byline_image_get_src (image));
  json_object_set_string_member (object, "caption", byline_image_get_caption (image));
  json_object_set_string_member (object, "credit", byline_image_get_credit (image));
  json_object_set_string_member (object, "alt", byline_image_get_alt (image));
  json_object_set_boolean_member (object, "decorative", byline_image_get_decorative (image));

  return object_node (object);
}

JsonNode *
byline_story_ref_to_json_node (BylineStoryRef *ref)
{
  JsonObject *object;

  if (ref == NULL)
    return json_node_new (JSON_NODE_NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "cms_id", byline_story_ref_get_cms_id (ref));
  json_object_set_string_member (object, "url", byline_story_ref_get_url (ref));
  json_object_set_string_member (object, "section", byline_story_ref_get_section (ref));
  json_object_set_string_member (object, "headline", byline_story_ref_get_headline (ref));
  json_object_set_member (object, "image", byline_image_to_json_node (byline_story_ref_get_image (ref)));

  /* Written only once a check found something, so documents without live
   * reference data stay byte-for-byte as before. */
  if (byline_story_ref_get_target_state (ref) != BYLINE_TARGET_STATE_UNKNOWN)
    {
      JsonObject *target = json_object_new ();
      const char *fresh_section = byline_story_ref_get_fresh_section (ref);
      const char *fresh_headline = byline_story_ref_get_fresh_headline (ref);

      json_object_set_string_member (target, "state",
                                     byline_target_state_to_string (byline_story_ref_get_target_state (ref)));
      if (fresh_section != NULL)
        json_object_set_string_member (target, "section", fresh_section);
      if (fresh_headline != NULL)
        json_object_set_string_member (target, "headline", fresh_headline);
      if (byline_story_ref_get_fresh_image (ref) != NULL)
        json_object_set_member (target, "image",
                                byline_image_to_json_node (byline_story_ref_get_fresh_image (ref)));
      json_object_set_member (object, "target", object_node (target));
    }

  return object_node (object);
}

JsonNode *
byline_block_to_json_node (BylineBlock *block)
{
  JsonObject *object = json_object_new ();
  BylineBlockKind kind = byline_block_get_kind (block);

  json_object_set_string_member (object, "type", byline_block_kind_to_string (kind));

  if (byline_block_has_text (block))
    {
      const BylineMark *marks;
      guint n_marks;

      json_object_set_string_member (object, "text", byline_block_get_text (block));

      marks = byline_block_get_marks (block, &n_marks);
      if (n_marks > 0)
        {
          JsonArray *array = json_array_sized_new (n_marks);

          for (guint i = 0; i < n_marks; i++)
            {
              JsonObject *mark = json_object_new ();

              json_object_set_string_member (mark, "type", mark_names[marks[i].kind]);
              json_object_set_int_member (mark, "start", marks[i].start);
              json_object_set_int_member (mark, "end", marks[i].end);
              if (marks[i].kind == BYLINE_MARK_LINK)
                json_object_set_string_member (mark, "href", marks[i].href ? marks[i].href : "");
              json_array_add_object_element (array, mark);
            }
          json_object_set_array_member (object, "marks", array);
        }

      if (kind == BYLINE_BLOCK_QUOTE)
        json_object_set_string_member (object, "attribution", byline_block_get_attribution (block));
    }
  else if (kind == BYLINE_BLOCK_IMAGE)
    {
      json_object_set_member (object, "image", byline_image_to_json_node (byline_block_get_image (block)));
    }
  else if (kind == BYLINE_BLOCK_CARD)
    {
      json_object_set_member (object, "story", byline_story_ref_to_json_node (byline_block_get_story_ref (block)));
    }
  else if (kind == BYLINE_BLOCK_RAW)
    {
      json_object_set_string_member (object, "markup", byline_block_get_text (block));
    }

  return object_node (object);
}

JsonNode *
byline_article_header_to_json_node (BylineArticle *article)
{
  JsonObject *object = json_object_new ();
  JsonArray *tags = json_array_new ();
  const char * const *tag_list = byline_article_get_tags (article);
  g_autofree char *created = byline_format_time (byline_article_get_created (article));
  g_autofree char *modified = byline_format_time (byline_article_get_modified (article));

  json_object_set_string_member (object, "format", FORMAT_NAME);
  json_object_set_int_member (object, "version", BYLINE_FORMAT_VERSION);
  json_object_set_string_member (object, "id", byline_article_get_id (article));
  json_object_set_string_member (object, "language", byline_article_get_language (article));
  json_object_set_string_member (object, "section", byline_article_get_section (article));
  json_object_set_string_member (object, "headline", byline_article_get_headline (article));
  json_object_set_string_member (object, "seo_title", byline_article_get_seo_title (article));
  json_object_set_string_member (object, "social_headline", byline_article_get_social_headline (article));
  /* Optional keys, written only when set: the documents of articles that
   * do not use them stay byte for byte what older Bylines wrote. */
  if (*byline_article_get_slug (article) != '\0')
    json_object_set_string_member (object, "slug", byline_article_get_slug (article));
  json_object_set_string_member (object, "standfirst", byline_article_get_standfirst (article));
  json_object_set_string_member (object, "byline", byline_article_get_byline (article));
  for (guint i = 0; tag_list[i] != NULL; i++)
    json_array_add_string_element (tags, tag_list[i]);
  json_object_set_array_member (object, "tags", tags);
  json_object_set_string_member (object, "status",
                                 byline_article_status_to_string (byline_article_get_status (article)));
  json_object_set_string_member (object, "created", created);
  json_object_set_string_member (object, "modified", modified);
  if (byline_article_get_scheduled_for (article) != NULL)
    {
      g_autofree char *scheduled_for = byline_format_time (byline_article_get_scheduled_for (article));

      json_object_set_string_member (object, "scheduled_for", scheduled_for);
    }
  json_object_set_member (object, "lead_image",
                          byline_image_to_json_node (byline_article_get_lead_image (article)));
  if (byline_article_get_word_target (article) > 0)
    json_object_set_int_member (object, "word_target", byline_article_get_word_target (article));
  if (byline_article_get_dismissed_checks (article)[0] != NULL)
    {
      const char * const *ids = byline_article_get_dismissed_checks (article);
      JsonArray *dismissed = json_array_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        json_array_add_string_element (dismissed, ids[i]);
      json_object_set_array_member (object, "dismissed_checks", dismissed);
    }

  return object_node (object);
}

JsonNode *
byline_article_related_to_json_node (BylineArticle *article)
{
  GListModel *related = byline_article_get_related (article);
  guint n = g_list_model_get_n_items (related);
  JsonArray *array = json_array_sized_new (n);
  JsonNode *node;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      json_array_add_element (array, byline_story_ref_to_json_node (ref));
    }

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

GBytes *
byline_json_node_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);

  /* The generator's string grew by doubling; these bytes are kept (a
   * block's cached JSON lives as long as the block is unchanged), so give
   * the unused tail back: 0.8 MB for a 250,000-word story. */
  data = g_realloc (data, length + 1);

  return g_bytes_new_take (data, length);
}

char *
byline_article_to_json (BylineArticle *article,
                        gsize         *length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonObject *object;
  JsonArray *body;
  GListModel *blocks;
  guint n_blocks;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  /* The whole tree in one go.  Snapshots take another road (cached
   * per-block pieces); the tests hold the two to the same bytes. */
  root = byline_article_header_to_json_node (article);
  object = json_node_get_object (root);

  blocks = byline_article_get_body (article);
  n_blocks = g_list_model_get_n_items (blocks);
  body = json_array_sized_new (n_blocks);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (blocks, i);
      json_array_add_element (body, byline_block_to_json_node (block));
    }
  json_object_set_array_member (object, "body", body);
  json_object_set_member (object, "related", byline_article_related_to_json_node (article));

  generator = json_generator_new ();
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, length);
}

/* Limits: what the reader below would refuse, found before writing */

static gboolean
check_part (const char           *text,
            guint                 max_chars,
            const char           *part,
            BylineLimitViolation *violation)
{
  guint64 chars;

  if (byline_limit_check_chars (text, max_chars, &chars))
    return TRUE;

  violation->kind = BYLINE_LIMIT_PART;
  violation->part = part;
  violation->found = chars;
  violation->limit = max_chars;
  return FALSE;
}

gboolean
byline_image_check_limits (BylineImage          *image,
                           gboolean              in_story,
                           BylineLimitViolation *violation)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (image), TRUE);
  g_return_val_if_fail (violation != NULL, TRUE);

  return check_part (byline_image_get_src (image), BYLINE_MAX_URI_CHARS,
                     in_story ? "image address" : "address", violation) &&
         check_part (byline_image_get_caption (image), BYLINE_MAX_SHORT_CHARS,
                     in_story ? "image caption" : "caption", violation) &&
         check_part (byline_image_get_credit (image), BYLINE_MAX_SHORT_CHARS,
                     in_story ? "image credit" : "credit", violation) &&
         check_part (byline_image_get_alt (image), BYLINE_MAX_SHORT_CHARS,
                     in_story ? "image alt text" : "alt text", violation);
}

gboolean
byline_story_ref_check_limits (BylineStoryRef       *ref,
                               BylineLimitViolation *violation)
{
  BylineImage *image;

  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), TRUE);
  g_return_val_if_fail (violation != NULL, TRUE);

  image = byline_story_ref_get_image (ref);

  return check_part (byline_story_ref_get_cms_id (ref), BYLINE_MAX_SHORT_CHARS,
                     "CMS id", violation) &&
         check_part (byline_story_ref_get_url (ref), BYLINE_MAX_URI_CHARS,
                     "address", violation) &&
         check_part (byline_story_ref_get_section (ref), BYLINE_MAX_SHORT_CHARS,
                     "section", violation) &&
         check_part (byline_story_ref_get_headline (ref), BYLINE_MAX_SHORT_CHARS,
                     "headline", violation) &&
         (image == NULL || byline_image_check_limits (image, TRUE, violation));
}

/* Reading */

/* Where in the document we are, as a chain on the stack; only turned into
 * text when there is an error to report. */
typedef struct _Path Path;
struct _Path
{
  const Path *parent;
  const char *key;    /* NULL for an array element */
  guint index;
};

#define PATH_KEY(parent_, key_)     { (parent_), (key_), 0 }
#define PATH_INDEX(parent_, index_) { (parent_), NULL, (index_) }

static void
append_path (GString    *out,
             const Path *path)
{
  if (path == NULL)
    return;

  append_path (out, path->parent);

  if (path->key != NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, path->key);
    }
  else
    g_string_append_printf (out, "[%u]", path->index);
}

static gboolean fail (GError     **error,
                      int          code,
                      const Path  *path,
                      const char  *format,
                      ...) G_GNUC_PRINTF (4, 5);

/* Sets an error "path: problem" and returns FALSE. */
static gboolean
fail (GError     **error,
      int          code,
      const Path  *path,
      const char  *format,
      ...)
{
  g_autoptr(GString) message = g_string_new (NULL);
  va_list args;

  append_path (message, path);
  if (message->len == 0)
    g_string_append (message, "document");
  g_string_append (message, ": ");

  va_start (args, format);
  g_string_append_vprintf (message, format, args);
  va_end (args);

  g_set_error_literal (error, BYLINE_FORMAT_ERROR, code, message->str);
  return FALSE;
}

static const char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
      return "a whole number";
    case G_TYPE_DOUBLE:
      return "a number with a fraction";
    default:
      return "a value";
    }
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Looks up @key; NULL (and maybe an error) when absent. */
static JsonNode *
lookup_member (JsonObject  *object,
               const Path  *path,
               gboolean     required,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, path->key);

  if (node == NULL && required)
    fail (error, BYLINE_FORMAT_ERROR_MISSING_FIELD, path, "missing");

  return node;
}

static gboolean
check_string (JsonNode    *node,
              const Path  *path,
              guint        max_chars,
              const char **out,
              GError     **error)
{
  const char *str;
  gsize bytes;
  glong chars;

  if (!is_value_of (node, G_TYPE_STRING))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, path,
                 "expected a string, found %s", describe_node (node));

  str = json_node_get_string (node);
  bytes = strlen (str);

  /* The input was valid UTF-8, but a \u escape may decode to a lone
   * surrogate; the model only holds valid text. */
  if (!g_utf8_validate_len (str, bytes, NULL))
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_UTF8, path,
                 "the text is not valid Unicode (a broken \\u escape?)");

  if (bytes > max_chars)   /* only then can it have too many characters */
    {
      chars = g_utf8_strlen (str, bytes);
      if ((gulong) chars > max_chars)
        return fail (error, BYLINE_FORMAT_ERROR_TOO_LARGE, path,
                     "%ld characters, more than the %u allowed", chars, max_chars);
    }

  *out = str;
  return TRUE;
}

/* Reads an optional (or required) string member; @fallback when absent. */
static gboolean
get_string (JsonObject  *object,
            const Path  *parent,
            const char  *key,
            gboolean     required,
            guint        max_chars,
            const char  *fallback,
            const char **out,
            GError     **error)
{
  Path path = PATH_KEY (parent, key);
  JsonNode *node = lookup_member (object, &path, required, error);

  if (node == NULL)
    {
      *out = fallback;
      return !required;
    }

  return check_string (node, &path, max_chars, out, error);
}

static gboolean
get_int (JsonObject  *object,
         const Path  *parent,
         const char  *key,
         gboolean     required,
         gint64      *out,
         GError     **error)
{
  Path path = PATH_KEY (parent, key);
  JsonNode *node = lookup_member (object, &path, required, error);

  if (node == NULL)
    return !required;

  if (!is_value_of (node, G_TYPE_INT64))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, &path,
                 "expected a whole number, found %s", describe_node (node));

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const Path  *parent,
          const char  *key,
          gboolean    *out,
          GError     **error)
{
  Path path = PATH_KEY (parent, key);
  JsonNode *node = lookup_member (object, &path, FALSE, error);

  if (node == NULL)
    return TRUE;

  if (!is_value_of (node, G_TYPE_BOOLEAN))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, &path,
                 "expected true or false, found %s", describe_node (node));

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An optional array member; *out stays NULL when absent. */
static gboolean
get_array (JsonObject  *object,
           const Path  *parent,
           const char  *key,
           gboolean     required,
           guint        max_len,
           JsonArray  **out,
           GError     **error)
{
  Path path = PATH_KEY (parent, key);
  JsonNode *node = lookup_member (object, &path, required, error);
  JsonArray *array;

  *out = NULL;
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, &path,
                 "expected an array, found %s", describe_node (node));

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_len)
    return fail (error, BYLINE_FORMAT_ERROR_TOO_LARGE, &path,
                 "%u entries, more than the %u allowed",
                 json_array_get_length (array), max_len);

  *out = array;
  return TRUE;
}

/* An element that must be an object. */
static JsonObject *
element_object (JsonArray   *array,
                const Path  *path,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, path->index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, path,
            "expected an object, found %s", describe_node (node));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
get_time (JsonObject  *object,
          const Path  *parent,
          const char  *key,
          GDateTime  **out,
          GError     **error)
{
  Path path = PATH_KEY (parent, key);
  const char *str = NULL;
  GDateTime *time;

  *out = NULL;
  if (!get_string (object, parent, key, FALSE, BYLINE_MAX_TIME_CHARS, NULL, &str, error))
    return FALSE;
  if (str == NULL)
    return TRUE;

  /* No default zone: a time without one would be a guess. */
  time = g_date_time_new_from_iso8601 (str, NULL);
  if (time == NULL)
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &path,
                 "“%s” is not an ISO 8601 date and time with a time zone", str);

  *out = g_date_time_to_utc (time);
  g_date_time_unref (time);
  return TRUE;
}

static gboolean
read_image (JsonNode     *node,
            const Path   *path,
            BylineImage **out,
            GError      **error)
{
  g_autoptr(BylineImage) image = NULL;
  JsonObject *object;
  const char *src, *caption, *credit, *alt;
  gboolean decorative = FALSE;

  *out = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, path,
                 "expected an image object or null, found %s", describe_node (node));

  object = json_node_get_object (node);
  if (!get_string (object, path, "src", FALSE, BYLINE_MAX_URI_CHARS, "", &src, error) ||
      !get_string (object, path, "caption", FALSE, BYLINE_MAX_SHORT_CHARS, "", &caption, error) ||
      !get_string (object, path, "credit", FALSE, BYLINE_MAX_SHORT_CHARS, "", &credit, error) ||
      !get_string (object, path, "alt", FALSE, BYLINE_MAX_SHORT_CHARS, "", &alt, error) ||
      !get_bool (object, path, "decorative", &decorative, error))
    return FALSE;

  image = byline_image_new ();
  byline_image_set_src (image, src);
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  byline_image_set_decorative (image, decorative);

  *out = g_steal_pointer (&image);
  return TRUE;
}

static gboolean
get_image (JsonObject   *object,
           const Path   *parent,
           const char   *key,
           gboolean      required,
           BylineImage **out,
           GError      **error)
{
  Path path = PATH_KEY (parent, key);
  JsonNode *node = lookup_member (object, &path, required, error);

  *out = NULL;
  if (node == NULL)
    return !required;

  return read_image (node, &path, out, error);
}

static gboolean
read_story_ref (JsonNode        *node,
                const Path      *path,
                BylineStoryRef **out,
                GError         **error)
{
  g_autoptr(BylineStoryRef) ref = NULL;
  g_autoptr(BylineImage) image = NULL;
  JsonObject *object;
  JsonNode *target_node;
  const char *cms_id, *url, *section, *headline;

  *out = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, path,
                 "expected a story object or null, found %s", describe_node (node));

  object = json_node_get_object (node);
  if (!get_string (object, path, "cms_id", FALSE, BYLINE_MAX_SHORT_CHARS, "", &cms_id, error) ||
      !get_string (object, path, "url", FALSE, BYLINE_MAX_URI_CHARS, "", &url, error) ||
      !get_string (object, path, "section", FALSE, BYLINE_MAX_SHORT_CHARS, "", &section, error) ||
      !get_string (object, path, "headline", FALSE, BYLINE_MAX_SHORT_CHARS, "", &headline, error) ||
      !get_image (object, path, "image", FALSE, &image, error))
    return FALSE;

  ref = byline_story_ref_new ();
  byline_story_ref_set_cms_id (ref, cms_id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_section (ref, section);
  byline_story_ref_set_headline (ref, headline);
  byline_story_ref_set_image (ref, image);

  /* "target" (optional, live references): what the last check found. */
  target_node = json_object_get_member (object, "target");
  if (target_node != NULL && !JSON_NODE_HOLDS_NULL (target_node))
    {
      Path target_path = PATH_KEY (path, "target");
      g_autoptr(BylineStoryRef) fresh = byline_story_ref_new ();
      g_autoptr(BylineImage) fresh_image = NULL;
      const char *state_name, *fresh_section, *fresh_headline;
      BylineTargetState state;
      JsonObject *target;

      if (!JSON_NODE_HOLDS_OBJECT (target_node))
        return fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, &target_path,
                     "expected an object, found %s", describe_node (target_node));
      target = json_node_get_object (target_node);
      if (!get_string (target, &target_path, "state", TRUE, BYLINE_MAX_SHORT_CHARS, NULL, &state_name, error) ||
          !get_string (target, &target_path, "section", FALSE, BYLINE_MAX_SHORT_CHARS, "", &fresh_section, error) ||
          !get_string (target, &target_path, "headline", FALSE, BYLINE_MAX_SHORT_CHARS, "", &fresh_headline, error) ||
          !get_image (target, &target_path, "image", FALSE, &fresh_image, error))
        return FALSE;
      /* A state a newer Byline wrote is simply not known yet. */
      if (!byline_target_state_from_string (state_name, &state))
        state = BYLINE_TARGET_STATE_UNKNOWN;
      byline_story_ref_set_section (fresh, fresh_section);
      byline_story_ref_set_headline (fresh, fresh_headline);
      byline_story_ref_set_image (fresh, fresh_image);
      byline_story_ref_set_target (ref, state, fresh);
    }

  *out = g_steal_pointer (&ref);
  return TRUE;
}

static gboolean
read_mark (JsonObject  *object,
           const Path  *path,
           guint        n_chars,
           BylineMark  *mark,
           GError     **error)
{
  Path start_path = PATH_KEY (path, "start");
  Path end_path = PATH_KEY (path, "end");
  Path type_path = PATH_KEY (path, "type");
  const char *type;
  gint64 start = 0, end = 0;
  guint kind;

  if (!get_string (object, path, "type", TRUE, BYLINE_MAX_SHORT_CHARS, NULL, &type, error) ||
      !get_int (object, path, "start", TRUE, &start, error) ||
      !get_int (object, path, "end", TRUE, &end, error))
    return FALSE;

  for (kind = 0; kind < G_N_ELEMENTS (mark_names); kind++)
    if (strcmp (mark_names[kind], type) == 0)
      break;
  if (kind == G_N_ELEMENTS (mark_names))
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &type_path,
                 "unknown mark type “%s” (expected bold, italic or link)", type);

  if (start < 0)
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &start_path,
                 "%" G_GINT64_FORMAT " is negative", start);
  if (end > (gint64) n_chars)
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &end_path,
                 "%" G_GINT64_FORMAT " is past the end of the text (%u characters)",
                 end, n_chars);
  if (start >= end)
    return fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &start_path,
                 "%" G_GINT64_FORMAT " is not before end %" G_GINT64_FORMAT,
                 start, end);

  mark->kind = kind;
  mark->start = start;
  mark->end = end;
  mark->href = NULL;

  if (kind == BYLINE_MARK_LINK)
    {
      const char *href;

      if (!get_string (object, path, "href", TRUE, BYLINE_MAX_URI_CHARS, NULL, &href, error))
        return FALSE;
      mark->href = (char *) href;   /* borrowed from the parser for the copy */
    }

  return TRUE;
}

static BylineBlock *
read_block (JsonObject  *object,
            const Path  *path,
            GError     **error)
{
  g_autoptr(BylineBlock) block = NULL;
  Path type_path = PATH_KEY (path, "type");
  const char *type;
  BylineBlockKind kind;

  if (!get_string (object, path, "type", TRUE, BYLINE_MAX_SHORT_CHARS, NULL, &type, error))
    return NULL;
  if (!byline_block_kind_from_string (type, &kind))
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &type_path,
            "unknown block type “%s”", type);
      return NULL;
    }

  block = byline_block_new (kind);

  switch (kind)
    {
    case BYLINE_BLOCK_PARAGRAPH:
    case BYLINE_BLOCK_SUBHEADING:
    case BYLINE_BLOCK_QUOTE:
      {
        Path marks_path = PATH_KEY (path, "marks");
        g_autoptr(GArray) marks = NULL;
        JsonArray *array;
        const char *text;
        guint n_chars;

        if (!get_string (object, path, "text", TRUE, BYLINE_MAX_TEXT_CHARS, NULL, &text, error) ||
            !get_array (object, path, "marks", FALSE, BYLINE_MAX_MARKS, &array, error))
          return NULL;

        n_chars = g_utf8_strlen (text, -1);
        marks = g_array_new (FALSE, FALSE, sizeof (BylineMark));

        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          {
            Path mark_path = PATH_INDEX (&marks_path, i);
            JsonObject *mark_object = element_object (array, &mark_path, error);
            BylineMark mark;

            if (mark_object == NULL ||
                !read_mark (mark_object, &mark_path, n_chars, &mark, error))
              return NULL;
            g_array_append_val (marks, mark);
          }

        byline_block_set_text_and_marks (block, text,
                                         (const BylineMark *) (gpointer) marks->data,
                                         marks->len);

        if (kind == BYLINE_BLOCK_QUOTE)
          {
            const char *attribution;

            if (!get_string (object, path, "attribution", FALSE, BYLINE_MAX_SHORT_CHARS, "",
                             &attribution, error))
              return NULL;
            byline_block_set_attribution (block, attribution);
          }
      }
      break;

    case BYLINE_BLOCK_IMAGE:
      {
        g_autoptr(BylineImage) image = NULL;

        if (!get_image (object, path, "image", TRUE, &image, error))
          return NULL;
        byline_block_set_image (block, image);
      }
      break;

    case BYLINE_BLOCK_CARD:
      {
        Path story_path = PATH_KEY (path, "story");
        g_autoptr(BylineStoryRef) ref = NULL;
        JsonNode *node = lookup_member (object, &story_path, TRUE, error);

        if (node == NULL || !read_story_ref (node, &story_path, &ref, error))
          return NULL;
        byline_block_set_story_ref (block, ref);
      }
      break;

    case BYLINE_BLOCK_RAW:
      {
        const char *markup;

        if (!get_string (object, path, "markup", TRUE, BYLINE_MAX_TEXT_CHARS, NULL, &markup, error))
          return NULL;
        byline_block_set_text (block, markup);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&block);
}

/* Before json-glib sees the text: its parser recurses once per level of
 * nesting, so a file of 10,000 '[' must never reach it.  This pass counts
 * the depth outside strings and, to make that count trustworthy, accepts
 * only strict JSON outside strings (json-glib would also take comments and
 * single quotes, in which a '"' would hide brackets from us).  It also
 * keeps the keys and indexes of the open levels to name the place. */
typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  const char *key;
  gsize key_len;
  guint index;
} Level;

static char *
levels_to_path (const Level *levels,
                guint        depth)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    {
      if (levels[i].is_object)
        {
          if (levels[i].key == NULL)
            continue;
          if (out->len > 0)
            g_string_append_c (out, '.');
          g_string_append_len (out, levels[i].key, levels[i].key_len);
        }
      else
        g_string_append_printf (out, "[%u]", levels[i].index);
    }

  if (out->len == 0)
    g_string_append (out, "document");

  return g_string_free (out, FALSE);
}

static gboolean
scan_structure (const char  *data,
                gsize        length,
                GError     **error)
{
  Level levels[BYLINE_MAX_DEPTH + 1];
  guint depth = 0;
  guint line = 1;
  gsize line_start = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      switch (c)
        {
        case '"':
          {
            gsize start = i + 1;

            for (i++; i < length && data[i] != '"'; i++)
              {
                if (data[i] == '\\' && i + 1 < length)
                  {
                    /* A NUL would silently cut the text short. */
                    if (data[i + 1] == 'u' && i + 5 < length &&
                        memcmp (data + i + 2, "0000", 4) == 0)
                      {
                        g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                                     "document: a \\u0000 (NUL) character at line %u, "
                                     "position %" G_GSIZE_FORMAT ", which no text field may hold",
                                     line, i - line_start + 1);
                        return FALSE;
                      }
                    i++;
                  }
                else if (data[i] == '\n')
                  {
                    /* Not JSON, but end the string only where the parser
                     * does, or the two would disagree on what is inside. */
                    line++;
                    line_start = i + 1;
                  }
              }
            if (i >= length)
              return TRUE;   /* unterminated: the parser reports it */

            if (depth > 0 && levels[depth - 1].is_object && levels[depth - 1].expect_key)
              {
                levels[depth - 1].key = data + start;
                levels[depth - 1].key_len = i - start;
                levels[depth - 1].expect_key = FALSE;
              }
          }
          break;

        case '{':
        case '[':
          if (depth == BYLINE_MAX_DEPTH)
            {
              g_autofree char *path = levels_to_path (levels, depth);

              g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_DEEP,
                           "%s: nested deeper than the %u levels allowed "
                           "(line %u, position %" G_GSIZE_FORMAT ")",
                           path, BYLINE_MAX_DEPTH, line, i - line_start + 1);
              return FALSE;
            }
          levels[depth].is_object = c == '{';
          levels[depth].expect_key = c == '{';
          levels[depth].key = NULL;
          levels[depth].key_len = 0;
          levels[depth].index = 0;
          depth++;
          break;

        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;

        case ',':
          if (depth > 0)
            {
              if (levels[depth - 1].is_object)
                levels[depth - 1].expect_key = TRUE;
              else
                levels[depth - 1].index++;
            }
          break;

        case '\n':
          line++;
          line_start = i + 1;
          break;

        case ' ': case '\t': case '\r': case ':':
        case '-': case '+': case '.':
          break;

        default:
          if (!g_ascii_isalnum (c))
            {
              g_set_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_JSON,
                           "document: not valid JSON: unexpected character “%c” at line %u, "
                           "position %" G_GSIZE_FORMAT,
                           g_ascii_isprint (c) ? c : '?', line, i - line_start + 1);
              return FALSE;
            }
          break;
        }
    }

  return TRUE;
}

BylineArticle *
byline_article_new_from_json (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) scheduled_for = NULL;
  g_autoptr(BylineImage) lead_image = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) related = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) dismissed = NULL;
  const char *end = NULL;
  const Path format_path = PATH_KEY (NULL, "format");
  const Path version_path = PATH_KEY (NULL, "version");
  const Path id_path = PATH_KEY (NULL, "id");
  const Path status_path = PATH_KEY (NULL, "status");
  const Path tags_path = PATH_KEY (NULL, "tags");
  const Path word_target_path = PATH_KEY (NULL, "word_target");
  const Path dismissed_path = PATH_KEY (NULL, "dismissed_checks");
  const Path body_path = PATH_KEY (NULL, "body");
  const Path related_path = PATH_KEY (NULL, "related");
  JsonNode *root;
  JsonNode *node;
  JsonObject *object;
  JsonArray *array;
  const char *str;
  const char *id;
  const char *language, *section, *headline, *seo_title, *social_headline;
  const char *standfirst, *byline, *status_name, *slug;
  BylineArticleStatus status;
  gint64 version = 0;
  gint64 word_target = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);

  if ((gsize) length > BYLINE_MAX_DOCUMENT_BYTES)
    {
      fail (error, BYLINE_FORMAT_ERROR_TOO_LARGE, NULL,
            "%" G_GSSIZE_FORMAT " bytes, more than the %u MiB allowed",
            length, BYLINE_MAX_DOCUMENT_BYTES / (1024 * 1024));
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, &end))
    {
      if (*end == '\0')
        fail (error, BYLINE_FORMAT_ERROR_INVALID_JSON, NULL,
              "not valid JSON: a NUL byte at byte offset %" G_GSIZE_FORMAT,
              (gsize) (end - data));
      else
        fail (error, BYLINE_FORMAT_ERROR_INVALID_UTF8, NULL,
              "not valid UTF-8 at byte offset %" G_GSIZE_FORMAT,
              (gsize) (end - data));
      return NULL;
    }

  if (!scan_structure (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* json-glib quotes the bad string cut at a byte count, which can
       * split a character: the message goes into a label, so it must be
       * valid UTF-8 (found by tests/fuzz/fuzz-article-json). */
      g_autofree char *why = g_utf8_make_valid (parse_error->message, -1);

      fail (error, BYLINE_FORMAT_ERROR_INVALID_JSON, NULL,
            "not valid JSON (cut short or damaged?): %s", why);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_JSON, NULL, "empty, no JSON in it");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, NULL,
            "not a Byline article: expected an object, found %s", describe_node (root));
      return NULL;
    }
  object = json_node_get_object (root);

  /* What it is and which version, before anything else. */
  node = json_object_get_member (object, "format");
  if (node == NULL)
    {
      fail (error, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, &format_path,
            "missing; this is not a Byline article");
      return NULL;
    }
  if (!is_value_of (node, G_TYPE_STRING) ||
      strcmp (json_node_get_string (node), FORMAT_NAME) != 0)
    {
      fail (error, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, &format_path,
            "expected “" FORMAT_NAME "”, found %s; this is not a Byline article",
            describe_node (node));
      return NULL;
    }

  if (!get_int (object, NULL, "version", TRUE, &version, error))
    return NULL;
  if (version > BYLINE_FORMAT_VERSION)
    {
      fail (error, BYLINE_FORMAT_ERROR_NEWER_VERSION, &version_path,
            "this document is version %" G_GINT64_FORMAT "; this Byline reads version %d "
            "and older. Update Byline to open it.",
            version, BYLINE_FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &version_path,
            "%" G_GINT64_FORMAT " is not a version (the first is 1)", version);
      return NULL;
    }

  if (!get_string (object, NULL, "id", TRUE, BYLINE_MAX_SHORT_CHARS, NULL, &id, error))
    return NULL;
  if (!g_uuid_string_is_valid (id))
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &id_path,
            "“%s” is not a UUID", id);
      return NULL;
    }

  if (!get_string (object, NULL, "language", FALSE, BYLINE_MAX_LANGUAGE_CHARS, "en", &language, error) ||
      !get_string (object, NULL, "section", FALSE, BYLINE_MAX_SHORT_CHARS, "", &section, error) ||
      !get_string (object, NULL, "headline", TRUE, BYLINE_MAX_SHORT_CHARS, NULL, &headline, error) ||
      !get_string (object, NULL, "seo_title", FALSE, BYLINE_MAX_SHORT_CHARS, "", &seo_title, error) ||
      !get_string (object, NULL, "social_headline", FALSE, BYLINE_MAX_SHORT_CHARS, "", &social_headline, error) ||
      !get_string (object, NULL, "slug", FALSE, BYLINE_MAX_SHORT_CHARS, "", &slug, error) ||
      !get_string (object, NULL, "standfirst", FALSE, BYLINE_MAX_STANDFIRST_CHARS, "", &standfirst, error) ||
      !get_string (object, NULL, "byline", FALSE, BYLINE_MAX_SHORT_CHARS, "", &byline, error) ||
      !get_string (object, NULL, "status", FALSE, BYLINE_MAX_SHORT_CHARS, "draft", &status_name, error))
    return NULL;

  if (!byline_article_status_from_string (status_name, &status))
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &status_path,
            "unknown status “%s” (expected draft, pending-review, scheduled or published)",
            status_name);
      return NULL;
    }

  if (!get_array (object, NULL, "tags", FALSE, BYLINE_MAX_TAGS, &array, error))
    return NULL;
  tags = g_ptr_array_new ();
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Path tag_path = PATH_INDEX (&tags_path, i);

      if (!check_string (json_array_get_element (array, i), &tag_path, BYLINE_MAX_SHORT_CHARS, &str, error))
        return NULL;
      g_ptr_array_add (tags, (gpointer) str);
    }
  g_ptr_array_add (tags, NULL);

  if (!get_int (object, NULL, "word_target", FALSE, &word_target, error))
    return NULL;
  if (word_target < 0 || word_target > G_MAXUINT)
    {
      fail (error, BYLINE_FORMAT_ERROR_INVALID_VALUE, &word_target_path,
            "%" G_GINT64_FORMAT " is not a number of words", word_target);
      return NULL;
    }

  if (!get_array (object, NULL, "dismissed_checks", FALSE, BYLINE_MAX_TAGS, &array, error))
    return NULL;
  dismissed = g_ptr_array_new ();
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Path id_path_i = PATH_INDEX (&dismissed_path, i);

      if (!check_string (json_array_get_element (array, i), &id_path_i, BYLINE_MAX_SHORT_CHARS, &str, error))
        return NULL;
      g_ptr_array_add (dismissed, (gpointer) str);
    }
  g_ptr_array_add (dismissed, NULL);

  if (!get_time (object, NULL, "created", &created, error) ||
      !get_time (object, NULL, "modified", &modified, error) ||
      !get_time (object, NULL, "scheduled_for", &scheduled_for, error))
    return NULL;
  if (created == NULL)
    created = g_date_time_new_now_utc ();
  if (modified == NULL)
    modified = g_date_time_ref (created);

  if (!get_image (object, NULL, "lead_image", FALSE, &lead_image, error))
    return NULL;

  if (!get_array (object, NULL, "body", TRUE, BYLINE_MAX_BLOCKS, &array, error))
    return NULL;
  blocks = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Path block_path = PATH_INDEX (&body_path, i);
      JsonObject *block_object = element_object (array, &block_path, error);
      BylineBlock *block;

      if (block_object == NULL ||
          (block = read_block (block_object, &block_path, error)) == NULL)
        return NULL;

      /* Serialise now, while this (usually worker) thread owns the block,
       * so the first autosave after opening costs the main thread nothing. */
      g_bytes_unref (byline_block_dup_json (block));
      g_ptr_array_add (blocks, block);
    }

  if (!get_array (object, NULL, "related", FALSE, BYLINE_MAX_RELATED, &array, error))
    return NULL;
  related = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      Path ref_path = PATH_INDEX (&related_path, i);
      BylineStoryRef *ref = NULL;
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          fail (error, BYLINE_FORMAT_ERROR_WRONG_TYPE, &ref_path,
                "expected a story object, found %s", describe_node (element));
          return NULL;
        }
      if (!read_story_ref (element, &ref_path, &ref, error))
        return NULL;
      g_ptr_array_add (related, ref);
    }

  /* Everything checked: only now build the article, so there is never a
   * partial one. */
  article = byline_article_new_with_id (id);
  byline_article_set_language (article, language);
  byline_article_set_section (article, section);
  byline_article_set_headline (article, headline);
  byline_article_set_seo_title (article, seo_title);
  byline_article_set_social_headline (article, social_headline);
  byline_article_set_slug (article, slug);
  byline_article_set_word_target (article, (guint) word_target);
  byline_article_set_dismissed_checks (article, (const char * const *) dismissed->pdata);
  byline_article_set_standfirst (article, standfirst);
  byline_article_set_byline (article, byline);
  byline_article_set_tags (article, (const char * const *) tags->pdata);
  byline_article_set_status (article, status);
  byline_article_set_created (article, created);
  byline_article_set_scheduled_for (article, scheduled_for);
  byline_article_set_lead_image (article, lead_image);
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);
  for (guint i = 0; i < related->len; i++)
    {
      /* The same story twice is two entries, not one object twice. */
      BylineStoryRef *ref = g_ptr_array_index (related, i);
      byline_article_insert_related (article, i, ref);
    }
  byline_article_finish_loading (article, modified);

  return g_steal_pointer (&article);
}
