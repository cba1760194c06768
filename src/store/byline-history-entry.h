/* byline-history-entry.h: one earlier version of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_HISTORY_ENTRY (byline_history_entry_get_type())

G_DECLARE_FINAL_TYPE (BylineHistoryEntry, byline_history_entry, BYLINE, HISTORY_ENTRY, GObject)

/* Read-only properties: "entry-id" (gint64), "article-id", "saved-at"
 * (GDateTime), "headline", "word-count". */
BylineHistoryEntry *byline_history_entry_new            (gint64              entry_id,
                                                         const char         *article_id,
                                                         GDateTime          *saved_at,
                                                         const char         *headline,
                                                         guint               word_count);
gint64              byline_history_entry_get_entry_id   (BylineHistoryEntry *self);
const char         *byline_history_entry_get_article_id (BylineHistoryEntry *self);
GDateTime          *byline_history_entry_get_saved_at   (BylineHistoryEntry *self);
const char         *byline_history_entry_get_headline   (BylineHistoryEntry *self);
guint               byline_history_entry_get_word_count (BylineHistoryEntry *self);

G_END_DECLS
