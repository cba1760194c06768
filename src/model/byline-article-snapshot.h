/* byline-article-snapshot.h: a frozen article, safe to use on any thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE_SNAPSHOT (byline_article_snapshot_get_type())

/* Made on the main thread by byline_article_snapshot() at a cost of a pointer
 * per block (blocks keep their serialised JSON cached and immutable until
 * they change), then handed to a worker thread that writes it out. */
GType                  byline_article_snapshot_get_type        (void) G_GNUC_CONST;
BylineArticleSnapshot *byline_article_snapshot_ref             (BylineArticleSnapshot *self);
void                   byline_article_snapshot_unref           (BylineArticleSnapshot *self);

/* The columns the store indexes. */
const char            *byline_article_snapshot_get_id          (BylineArticleSnapshot *self);
const char            *byline_article_snapshot_get_headline    (BylineArticleSnapshot *self);
BylineArticleStatus    byline_article_snapshot_get_status      (BylineArticleSnapshot *self);
GDateTime             *byline_article_snapshot_get_created     (BylineArticleSnapshot *self);
GDateTime             *byline_article_snapshot_get_modified    (BylineArticleSnapshot *self);
guint                  byline_article_snapshot_get_word_count  (BylineArticleSnapshot *self);
guint64                byline_article_snapshot_get_revision    (BylineArticleSnapshot *self);
/* The stored version the article stood on (byline_article_get_stored_version()). */
guint64                byline_article_snapshot_get_stored_version (BylineArticleSnapshot *self);
/* What the store's search index keeps of the text: the standfirst, and the
 * body's text blocks joined by spaces, cut after
 * BYLINE_SNAPSHOT_INDEX_BODY_CHARS characters.  Taken with the snapshot,
 * so a keystroke far down a long story leaves the index as it was. */
#define BYLINE_SNAPSHOT_INDEX_BODY_CHARS 16384
const char            *byline_article_snapshot_get_standfirst  (BylineArticleSnapshot *self);
const char            *byline_article_snapshot_get_body_start  (BylineArticleSnapshot *self);

/* The whole article as a Byline JSON document (docs/article-format.md),
 * byte-for-byte what byline_article_to_json() gives for the same state.
 * Safe on any thread; this is where the real work of serialising happens. */
GBytes                *byline_article_snapshot_to_json        (BylineArticleSnapshot *self);

/* The size in bytes of the document byline_article_snapshot_to_json()
 * makes, known without making it. */
gsize                  byline_article_snapshot_get_json_size  (BylineArticleSnapshot *self);

/* Hands the same document to @write in pieces, in order, without gluing
 * them: a writer can stream a long story instead of holding a copy of it
 * whole.  Stops at the first @write that returns FALSE, and returns FALSE.
 * Safe on any thread. */
typedef gboolean (*BylineSnapshotWriteFunc) (gconstpointer   data,
                                             gsize           len,
                                             gpointer        user_data,
                                             GError        **error);
gboolean               byline_article_snapshot_write_json     (BylineArticleSnapshot     *self,
                                                               BylineSnapshotWriteFunc    write,
                                                               gpointer                   user_data,
                                                               GError                   **error);

/* Whether the document can be written: FALSE, with a
 * BYLINE_FORMAT_ERROR_TOO_LARGE error, when anything in it is over a limit
 * of the format (docs/article-format.md, "Limits"), since
 * byline_article_new_from_json() would refuse it and the words could never
 * be opened again.  The message names the field in plain words and gives
 * the numbers ("The headline is too long to save: 150,000 characters, at
 * most 100,000. …").  Free: the problem was found while the snapshot was
 * made.  Safe on any thread; savers call it before writing. */
gboolean               byline_article_snapshot_check          (BylineArticleSnapshot  *self,
                                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineArticleSnapshot, byline_article_snapshot_unref)

G_END_DECLS
