/* byline-article-summary.h: one row of the article list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/byline-types.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE_SUMMARY (byline_article_summary_get_type())

G_DECLARE_FINAL_TYPE (BylineArticleSummary, byline_article_summary, BYLINE, ARTICLE_SUMMARY, GObject)

/* What the list shows without loading the whole document.  Read-only
 * properties: "id", "headline", "status", "sync-state", "modified"
 * (GDateTime), "word-count", "trashed-at" (GDateTime or NULL). */
BylineArticleSummary *byline_article_summary_new            (const char           *id,
                                                             const char           *headline,
                                                             BylineArticleStatus   status,
                                                             BylineSyncState       sync_state,
                                                             GDateTime            *modified,
                                                             guint                 word_count,
                                                             GDateTime            *trashed_at);
const char           *byline_article_summary_get_id         (BylineArticleSummary *self);
const char           *byline_article_summary_get_headline   (BylineArticleSummary *self);
BylineArticleStatus   byline_article_summary_get_status     (BylineArticleSummary *self);
BylineSyncState       byline_article_summary_get_sync_state (BylineArticleSummary *self);
GDateTime            *byline_article_summary_get_modified   (BylineArticleSummary *self);
guint                 byline_article_summary_get_word_count (BylineArticleSummary *self);
GDateTime            *byline_article_summary_get_trashed_at (BylineArticleSummary *self);

G_END_DECLS
