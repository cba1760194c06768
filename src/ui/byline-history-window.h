/* byline-history-window.h: earlier versions of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/byline-store.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_HISTORY_WINDOW (byline_history_window_get_type())

G_DECLARE_FINAL_TYPE (BylineHistoryWindow, byline_history_window, BYLINE, HISTORY_WINDOW, AdwWindow)

/* Lists the history of @article_id in @store, previews the selected version
 * and restores it.  Emits "restored" (BylineArticle *article) with the
 * article as now stored, then closes. */
GtkWidget *byline_history_window_new (GtkWindow   *parent,
                                      BylineStore *store,
                                      const char  *article_id);

G_END_DECLS
