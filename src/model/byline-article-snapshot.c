/* byline-article-snapshot.c: a frozen article, safe to use on any thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-snapshot"

#include <string.h>

#include "byline-article.h"
#include "byline-article-snapshot.h"
#include "byline-article-format-private.h"
#include "byline-block-private.h"

/* The document is cut into pieces that are each cheap to get on the main
 * thread and immutable afterwards:
 *
 *   head     {"format":…,"lead_image":…}   (small: the header fields)
 *   blocks   each block's cached compact JSON, shared with the block
 *   related  […]                            (small: a few story refs)
 *
 * byline_article_snapshot_to_json() glues them into
 *   head-without-"}" ,"body":[ block,block,… ],"related": related }
 * which is exactly what the generator writes for the whole tree. */
struct _BylineArticleSnapshot
{
  char *id;
  char *headline;
  BylineArticleStatus status;
  GDateTime *created;
  GDateTime *modified;
  guint word_count;
  guint64 revision;

  GBytes *head;
  GPtrArray *blocks;            /* of GBytes */
  GBytes *related;
};

G_DEFINE_BOXED_TYPE (BylineArticleSnapshot, byline_article_snapshot,
                     byline_article_snapshot_ref, byline_article_snapshot_unref)

static const char body_open[] = ",\"body\":[";
static const char related_open[] = "],\"related\":";

BylineArticleSnapshot *
byline_article_snapshot (BylineArticle *article)
{
  BylineArticleSnapshot *self;
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(JsonNode) related = NULL;
  GListModel *body;
  guint n_blocks;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  self = g_atomic_rc_box_new0 (BylineArticleSnapshot);
  self->id = g_strdup (byline_article_get_id (article));
  self->headline = g_strdup (byline_article_get_headline (article));
  self->status = byline_article_get_status (article);
  self->created = g_date_time_ref (byline_article_get_created (article));
  self->modified = g_date_time_ref (byline_article_get_modified (article));
  self->word_count = byline_article_get_word_count (article);
  self->revision = byline_article_get_revision (article);

  head = byline_article_header_to_json_node (article);
  self->head = byline_json_node_to_bytes (head);
  related = byline_article_related_to_json_node (article);
  self->related = byline_json_node_to_bytes (related);

  /* Only blocks changed since the last snapshot serialise anything here;
   * the rest hand over a reference. */
  body = byline_article_get_body (article);
  n_blocks = g_list_model_get_n_items (body);
  self->blocks = g_ptr_array_new_full (n_blocks, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, i);
      g_ptr_array_add (self->blocks, byline_block_dup_json (block));
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
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->head, g_bytes_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->related, g_bytes_unref);
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

static inline char *
append (char          *p,
        gconstpointer  data,
        gsize          len)
{
  memcpy (p, data, len);
  return p + len;
}

GBytes *
byline_article_snapshot_to_json (BylineArticleSnapshot *self)
{
  gsize head_len;
  gsize related_len;
  gsize total;
  const char *head;
  char *data;
  char *p;

  g_return_val_if_fail (self != NULL, NULL);

  head = g_bytes_get_data (self->head, &head_len);
  g_return_val_if_fail (head_len > 0 && head[head_len - 1] == '}', NULL);
  head_len--;   /* the object goes on with "body" */

  total = head_len + strlen (body_open) + strlen (related_open) + 1;
  g_bytes_get_data (self->related, &related_len);
  total += related_len;
  for (guint i = 0; i < self->blocks->len; i++)
    total += g_bytes_get_size (g_ptr_array_index (self->blocks, i)) + (i > 0 ? 1 : 0);

  data = g_malloc (total + 1);
  p = append (data, head, head_len);
  p = append (p, body_open, strlen (body_open));
  for (guint i = 0; i < self->blocks->len; i++)
    {
      GBytes *block = g_ptr_array_index (self->blocks, i);
      gsize len;
      gconstpointer block_data = g_bytes_get_data (block, &len);

      if (i > 0)
        *p++ = ',';
      p = append (p, block_data, len);
    }
  p = append (p, related_open, strlen (related_open));
  p = append (p, g_bytes_get_data (self->related, NULL), related_len);
  *p++ = '}';
  *p = '\0';   /* a NUL past the end, so callers may treat it as a string */

  g_assert ((gsize) (p - data) == total);

  return g_bytes_new_take (data, total);
}
