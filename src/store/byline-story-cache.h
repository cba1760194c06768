/* byline-story-cache.h: CMS stories seen, and full-text search over them
 * and over the local articles (schema version 3; docs/related.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-store.h"
#include "byline-cached-story.h"

G_BEGIN_DECLS

/* How much of a story's body text is kept for ranking, in bytes: the
 * start of a story says what it is about, and a bound keeps every save
 * and every cached story cheap. */
#define BYLINE_STORY_CACHE_TEXT_BYTES 1024

/* Turns what the journalist typed into an FTS5 query: each word quoted
 * (no operator or quote can break it), all words required, the last one a
 * prefix (@prefix_last, from its third letter on) since it is still being
 * typed.  NULL when nothing
 * searchable is left. */
char      *byline_story_cache_make_query        (const char     *text,
                                                 gboolean        prefix_last);

/* Adds or updates CMS stories (BylineCachedStory; their account and
 * cms-id say which).  A story that comes without section, image or text
 * keeps what the cache knew of them. */
gboolean   byline_store_cache_stories_sync      (BylineStore    *self,
                                                 GPtrArray      *stories,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
void       byline_store_cache_stories_async     (BylineStore    *self,
                                                 GPtrArray      *stories,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean   byline_store_cache_stories_finish    (BylineStore    *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Forgets a cached story (the site said it is gone). */
gboolean   byline_store_uncache_story_sync      (BylineStore    *self,
                                                 const char     *account,
                                                 const char     *cms_id,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
guint      byline_store_count_cached_sync       (BylineStore    *self,
                                                 GCancellable   *cancellable,
                                                 GError        **error);

/* Full-text search, best first (bm25), at most @limit each: local
 * articles not in the trash (source local; @exclude_article_id left out)
 * followed by cached CMS stories (source cached).  A GPtrArray of
 * BylineCachedStory; empty for a query with nothing searchable. */
GPtrArray *byline_store_search_stories_sync     (BylineStore    *self,
                                                 const char     *text,
                                                 const char     *exclude_article_id,
                                                 guint           limit,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
void       byline_store_search_stories_async    (BylineStore    *self,
                                                 const char     *text,
                                                 const char     *exclude_article_id,
                                                 guint           limit,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
GPtrArray *byline_store_search_stories_finish   (BylineStore    *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);

/* "You may want to link": cached and local stories ranked by what they
 * share with the article, terms weighted by how rare they are across the
 * cache and the local articles (BM25 over the FTS index, queried with the
 * article's most telling terms).  Leaves out the article itself, its own
 * copy on the site, and the stories it already references (related list
 * and cards).  Runs on the snapshot: safe on any thread. */
GPtrArray *byline_store_suggest_sync            (BylineStore           *self,
                                                 BylineArticleSnapshot *snapshot,
                                                 guint                  limit,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
void       byline_store_suggest_async           (BylineStore           *self,
                                                 BylineArticleSnapshot *snapshot,
                                                 guint                  limit,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
GPtrArray *byline_store_suggest_finish          (BylineStore           *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

G_END_DECLS
