/* byline-article-snapshot.c: a frozen article, safe to use on any thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-snapshot"

#include <stdarg.h>
#include <string.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-article-snapshot.h"
#include "byline-article-format-private.h"
#include "byline-block-private.h"
#include "byline-limits-private.h"

/* The document is cut into pieces that are each cheap to get on the main
 * thread and immutable afterwards:
 *
 *   head     {"format":…,"lead_image":…}   (small: the header fields)
 *   blocks   each block's cached compact JSON, shared with the block
 *   related  […]                            (small: a few story refs)
 *
 * byline_article_snapshot_write_json() hands them out in order, and
 * byline_article_snapshot_to_json() glues them, as
 *   head-without-"}" ,"body":[ block,block,… ],"related": related }
 * which is exactly what the generator writes for the whole tree.
 *
 * While the pieces are gathered, the snapshot also notes the first thing
 * over a format limit (docs/article-format.md, "Limits"): the reader would
 * refuse the document, so it must never be written.  The header and the
 * related stories are checked as they are serialised; each block found its
 * own problems when its JSON was last built, so an unchanged block costs a
 * pointer read; the size of the whole is a sum over the pieces. */
struct _BylineArticleSnapshot
{
  char *id;
  char *headline;
  char *standfirst;
  char *body_start;             /* what the search index keeps of the body */
  BylineArticleStatus status;
  GDateTime *created;
  GDateTime *modified;
  guint word_count;
  guint64 revision;
  guint64 stored_version;

  GBytes *head;
  GPtrArray *blocks;            /* of GBytes */
  GBytes *related;

  gsize size;                   /* of the whole document, in bytes */
  char *problem;                /* why it must not be saved, or NULL */
};

G_DEFINE_BOXED_TYPE (BylineArticleSnapshot, byline_article_snapshot,
                     byline_article_snapshot_ref, byline_article_snapshot_unref)

static const char body_open[] = ",\"body\":[";
static const char related_open[] = "],\"related\":";

/* How each message ends: the journalist's words are all still there. */
#define SHORTEN_IT  "Shorten it to save the article again; nothing has been lost."
#define REMOVE_SOME "Remove some to save the article again; nothing has been lost."

/* 1234567 → "1,234,567": these numbers are read by people. */
static char *
format_number (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);
  GString *out = g_string_sized_new (len + len / 3);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

static void set_problem (BylineArticleSnapshot *self,
                         const char            *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Keeps the first problem only: the one nearest the top of the article. */
static void
set_problem (BylineArticleSnapshot *self,
             const char            *format,
             ...)
{
  va_list args;

  if (self->problem != NULL)
    return;

  va_start (args, format);
  self->problem = g_strdup_vprintf (format, args);
  va_end (args);

  /* The message starts a sentence. */
  self->problem[0] = g_ascii_toupper (self->problem[0]);
}

/* @where names the piece in plain words, as it would appear mid-sentence:
 * "the headline", "the lead image", "paragraph 3 of the body". */
static void
report_violation (BylineArticleSnapshot      *self,
                  const BylineLimitViolation *violation,
                  const char                 *where)
{
  g_autofree char *found = format_number (violation->found);
  g_autofree char *limit = format_number (violation->limit);

  switch (violation->kind)
    {
    case BYLINE_LIMIT_TEXT:
      set_problem (self, "%s is too long to save: %s characters, at most %s. " SHORTEN_IT,
                   where, found, limit);
      break;

    case BYLINE_LIMIT_PART:
      set_problem (self, "the %s of %s is too long to save: %s characters, at most %s. " SHORTEN_IT,
                   violation->part, where, found, limit);
      break;

    case BYLINE_LIMIT_LINK:
      set_problem (self, "a link address in %s is too long to save: %s characters, at most %s. " SHORTEN_IT,
                   where, found, limit);
      break;

    case BYLINE_LIMIT_MARKS:
      set_problem (self, "%s has too much formatting to save: %s bold, italic and link runs, "
                   "at most %s. " REMOVE_SOME,
                   where, found, limit);
      break;

    case BYLINE_LIMIT_OK:
    default:
      break;
    }
}

static void
report_too_many (BylineArticleSnapshot *self,
                 const char            *what,
                 guint64                found,
                 guint64                limit)
{
  g_autofree char *found_text = format_number (found);
  g_autofree char *limit_text = format_number (limit);

  set_problem (self, "%s to save: %s, at most %s. " REMOVE_SOME,
               what, found_text, limit_text);
}

static void
check_header (BylineArticleSnapshot *self,
              BylineArticle         *article)
{
  const struct {
    const char *where;
    const char *text;
    guint max_chars;
  } fields[] = {
    { "the language code", byline_article_get_language (article), BYLINE_MAX_LANGUAGE_CHARS },
    { "the section", byline_article_get_section (article), BYLINE_MAX_SHORT_CHARS },
    { "the headline", byline_article_get_headline (article), BYLINE_MAX_SHORT_CHARS },
    { "the SEO title", byline_article_get_seo_title (article), BYLINE_MAX_SHORT_CHARS },
    { "the social headline", byline_article_get_social_headline (article), BYLINE_MAX_SHORT_CHARS },
    { "the slug", byline_article_get_slug (article), BYLINE_MAX_SHORT_CHARS },
    { "the standfirst", byline_article_get_standfirst (article), BYLINE_MAX_STANDFIRST_CHARS },
    { "the byline", byline_article_get_byline (article), BYLINE_MAX_SHORT_CHARS },
  };
  const char * const *tags = byline_article_get_tags (article);
  BylineImage *lead_image = byline_article_get_lead_image (article);
  BylineLimitViolation violation = { BYLINE_LIMIT_OK, };
  guint n_tags;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!byline_limit_check_chars (fields[i].text, fields[i].max_chars, &violation.found))
      {
        violation.kind = BYLINE_LIMIT_TEXT;
        violation.limit = fields[i].max_chars;
        report_violation (self, &violation, fields[i].where);
        return;
      }

  n_tags = g_strv_length ((char **) tags);
  if (n_tags > BYLINE_MAX_TAGS)
    {
      report_too_many (self, "the article has too many tags", n_tags, BYLINE_MAX_TAGS);
      return;
    }
  for (guint i = 0; i < n_tags; i++)
    if (!byline_limit_check_chars (tags[i], BYLINE_MAX_SHORT_CHARS, &violation.found))
      {
        g_autofree char *where = g_strdup_printf ("tag %u", i + 1);

        violation.kind = BYLINE_LIMIT_TEXT;
        violation.limit = BYLINE_MAX_SHORT_CHARS;
        report_violation (self, &violation, where);
        return;
      }

  if (lead_image != NULL && !byline_image_check_limits (lead_image, FALSE, &violation))
    report_violation (self, &violation, "the lead image");
}

static void
check_related (BylineArticleSnapshot *self,
               BylineArticle         *article)
{
  GListModel *related = byline_article_get_related (article);
  guint n = g_list_model_get_n_items (related);

  if (n > BYLINE_MAX_RELATED)
    {
      report_too_many (self, "the article has too many related stories", n, BYLINE_MAX_RELATED);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      BylineLimitViolation violation = { BYLINE_LIMIT_OK, };

      if (!byline_story_ref_check_limits (ref, &violation))
        {
          g_autofree char *where = g_strdup_printf ("related story %u", i + 1);

          report_violation (self, &violation, where);
          return;
        }
    }
}

static const char *
block_kind_name (BylineBlockKind kind)
{
  switch (kind)
    {
    case BYLINE_BLOCK_PARAGRAPH:
      return "paragraph";
    case BYLINE_BLOCK_SUBHEADING:
      return "subheading";
    case BYLINE_BLOCK_QUOTE:
      return "quote";
    case BYLINE_BLOCK_IMAGE:
      return "image";
    case BYLINE_BLOCK_CARD:
      return "story card";
    case BYLINE_BLOCK_RAW:
      return "website block";
    default:
      return "block";
    }
}

/* The start of @text on one line, to help find the block: at most
 * @max_chars characters, with "…" when there is more. */
static char *
excerpt (const char *text,
         guint       max_chars)
{
  const char *end = text;
  GString *out;

  for (guint n = 0; *end != '\0' && n < max_chars; n++)
    end = g_utf8_next_char (end);

  out = g_string_new_len (text, end - text);
  for (gsize i = 0; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20)
      out->str[i] = ' ';
  if (*end != '\0')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* Only when block @position has a problem: names it the way the
 * journalist sees it, "paragraph 12 of the body (“The minister said…”)",
 * counting the blocks of its kind before it. */
static void
report_block (BylineArticleSnapshot      *self,
              GListModel                 *body,
              guint                       position,
              BylineBlock                *block,
              const BylineLimitViolation *violation)
{
  BylineBlockKind kind = byline_block_get_kind (block);
  g_autofree char *where = NULL;
  guint number = 1;

  for (guint i = 0; i < position; i++)
    {
      g_autoptr(BylineBlock) before = g_list_model_get_item (body, i);

      if (byline_block_get_kind (before) == kind)
        number++;
    }

  if (byline_block_has_text (block) && *byline_block_get_text (block) != '\0')
    {
      g_autofree char *start = excerpt (byline_block_get_text (block), 40);

      where = g_strdup_printf ("%s %u of the body (“%s”)", block_kind_name (kind), number, start);
    }
  else
    where = g_strdup_printf ("%s %u of the body", block_kind_name (kind), number);

  report_violation (self, violation, where);
}

/* Adds @text to the start of the body the index keeps (blocks joined by a
 * space), up to BYLINE_SNAPSHOT_INDEX_BODY_CHARS characters in all;
 * returns how many characters it holds now.  Only the first blocks of a
 * long story are read. */
static gsize
append_body_start (GString    *body_start,
                   gsize       n_chars,
                   const char *text)
{
  gsize room;
  const char *end;

  if (text == NULL)
    return n_chars;
  if (body_start->len > 0)
    {
      g_string_append_c (body_start, ' ');
      n_chars++;
    }
  room = BYLINE_SNAPSHOT_INDEX_BODY_CHARS - MIN (n_chars, BYLINE_SNAPSHOT_INDEX_BODY_CHARS);
  for (end = text; *end != '\0' && room > 0; end = g_utf8_next_char (end), room--)
    n_chars++;
  g_string_append_len (body_start, text, end - text);
  return n_chars;
}

BylineArticleSnapshot *
byline_article_snapshot (BylineArticle *article)
{
  BylineArticleSnapshot *self;
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(JsonNode) related = NULL;
  GListModel *body;
  GString *body_start;
  gsize body_start_chars = 0;
  guint n_blocks;
  gsize head_len;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  self = g_atomic_rc_box_new0 (BylineArticleSnapshot);
  self->id = g_strdup (byline_article_get_id (article));
  self->headline = g_strdup (byline_article_get_headline (article));
  self->standfirst = g_strdup (byline_article_get_standfirst (article));
  self->status = byline_article_get_status (article);
  self->created = g_date_time_ref (byline_article_get_created (article));
  self->modified = g_date_time_ref (byline_article_get_modified (article));
  self->word_count = byline_article_get_word_count (article);
  self->revision = byline_article_get_revision (article);
  self->stored_version = byline_article_get_stored_version (article);

  head = byline_article_header_to_json_node (article);
  self->head = byline_json_node_to_bytes (head);
  check_header (self, article);

  /* Only blocks changed since the last snapshot serialise (and check)
   * anything here; the rest hand over a reference. */
  body = byline_article_get_body (article);
  n_blocks = g_list_model_get_n_items (body);
  if (n_blocks > BYLINE_MAX_BLOCKS)
    report_too_many (self, "the body has too many blocks", n_blocks, BYLINE_MAX_BLOCKS);

  self->blocks = g_ptr_array_new_full (n_blocks, (GDestroyNotify) g_bytes_unref);
  body_start = g_string_new (NULL);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, i);
      GBytes *json = byline_block_dup_json (block);
      const BylineLimitViolation *violation = byline_block_get_limit_violation (block);

      if (body_start_chars < BYLINE_SNAPSHOT_INDEX_BODY_CHARS && byline_block_has_text (block))
        body_start_chars = append_body_start (body_start, body_start_chars, byline_block_get_text (block));

      g_ptr_array_add (self->blocks, json);
      self->size += g_bytes_get_size (json) + (i > 0 ? 1 : 0);
      if (G_UNLIKELY (violation != NULL) && self->problem == NULL)
        report_block (self, body, i, block, violation);
    }

  self->body_start = g_string_free (body_start, FALSE);

  related = byline_article_related_to_json_node (article);
  self->related = byline_json_node_to_bytes (related);
  check_related (self, article);

  /* head-without-"}" ,"body":[ blocks ],"related": related } */
  head_len = g_bytes_get_size (self->head);
  g_assert (head_len > 0);
  self->size += head_len - 1 + strlen (body_open) + strlen (related_open) +
                g_bytes_get_size (self->related) + 1;

  if (self->size > BYLINE_MAX_DOCUMENT_BYTES)
    {
      g_autofree char *size = format_number (self->size);
      g_autofree char *limit = format_number (BYLINE_MAX_DOCUMENT_BYTES);

      set_problem (self, "the article is too large to save: %s bytes, at most %s (%u MiB). " SHORTEN_IT,
                   size, limit, BYLINE_MAX_DOCUMENT_BYTES / (1024 * 1024));
    }

  return self;
}

BylineArticleSnapshot *
byline_article_snapshot_ref (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
snapshot_clear (gpointer data)
{
  BylineArticleSnapshot *self = data;

  g_free (self->id);
  g_free (self->headline);
  g_free (self->standfirst);
  g_free (self->body_start);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->related, g_bytes_unref);
  g_free (self->problem);
}

void
byline_article_snapshot_unref (BylineArticleSnapshot *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, snapshot_clear);
}

const char *
byline_article_snapshot_get_id (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
byline_article_snapshot_get_headline (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->headline;
}

const char *
byline_article_snapshot_get_standfirst (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->standfirst;
}

const char *
byline_article_snapshot_get_body_start (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->body_start;
}

BylineArticleStatus
byline_article_snapshot_get_status (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, BYLINE_ARTICLE_STATUS_DRAFT);
  return self->status;
}

GDateTime *
byline_article_snapshot_get_created (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->created;
}

GDateTime *
byline_article_snapshot_get_modified (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->modified;
}

guint
byline_article_snapshot_get_word_count (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->word_count;
}

guint64
byline_article_snapshot_get_revision (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->revision;
}

guint64
byline_article_snapshot_get_stored_version (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->stored_version;
}

gboolean
byline_article_snapshot_check (BylineArticleSnapshot  *self,
                               GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->problem == NULL)
    return TRUE;

  g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE,
                       self->problem);
  return FALSE;
}

gsize
byline_article_snapshot_get_json_size (BylineArticleSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
byline_article_snapshot_write_json (BylineArticleSnapshot     *self,
                                    BylineSnapshotWriteFunc    write,
                                    gpointer                   user_data,
                                    GError                   **error)
{
  gsize head_len;
  const char *head;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  head = g_bytes_get_data (self->head, &head_len);
  g_return_val_if_fail (head_len > 0 && head[head_len - 1] == '}', FALSE);
  head_len--;   /* the object goes on with "body" */

  if (!write (head, head_len, user_data, error) ||
      !write (body_open, strlen (body_open), user_data, error))
    return FALSE;
  for (guint i = 0; i < self->blocks->len; i++)
    {
      GBytes *block = g_ptr_array_index (self->blocks, i);
      gsize len;
      gconstpointer block_data = g_bytes_get_data (block, &len);

      if ((i > 0 && !write (",", 1, user_data, error)) ||
          !write (block_data, len, user_data, error))
        return FALSE;
    }
  return write (related_open, strlen (related_open), user_data, error) &&
         write (g_bytes_get_data (self->related, NULL), g_bytes_get_size (self->related), user_data, error) &&
         write ("}", 1, user_data, error);
}

typedef struct
{
  char *p;
  char *end;
} Glue;

static gboolean
append (gconstpointer   data,
        gsize           len,
        gpointer        user_data,
        GError        **error)
{
  Glue *glue = user_data;

  /* The size checked against the limit is the size written: never past
   * the buffer made for it. */
  g_assert (len <= (gsize) (glue->end - glue->p));
  memcpy (glue->p, data, len);
  glue->p += len;
  return TRUE;
}

GBytes *
byline_article_snapshot_to_json (BylineArticleSnapshot *self)
{
  char *data;
  Glue glue;

  g_return_val_if_fail (self != NULL, NULL);

  data = g_malloc (self->size + 1);
  glue.p = data;
  glue.end = data + self->size;
  if (!byline_article_snapshot_write_json (self, append, &glue, NULL))
    {
      g_free (data);
      return NULL;
    }
  g_assert (glue.p == glue.end);
  *glue.p = '\0';   /* a NUL past the end, so callers may treat it as a string */

  return g_bytes_new_take (data, self->size);
}
