/* byline-article-row.h: one article in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/byline-article-summary.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE_ROW (byline_article_row_get_type())

G_DECLARE_FINAL_TYPE (BylineArticleRow, byline_article_row, BYLINE, ARTICLE_ROW, GtkWidget)

GtkWidget            *byline_article_row_new         (void);
BylineArticleSummary *byline_article_row_get_summary (BylineArticleRow     *self);
void                  byline_article_row_set_summary (BylineArticleRow     *self,
                                                      BylineArticleSummary *summary);
/* "Just now", "5 minutes ago", "Yesterday", "3 March": when @then was,
 * seen from @now. */
char                 *byline_format_relative_time    (GDateTime            *then,
                                                      GDateTime            *now);
const char           *byline_article_status_label    (BylineArticleStatus   status);
/* "Local only", "Waiting to sync", "Syncing…", "Synced", "Conflict",
 * "Sync failed" */
const char           *byline_sync_state_label        (BylineSyncState       state);

G_END_DECLS
