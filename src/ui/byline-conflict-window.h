/* byline-conflict-window.h: choosing between the journalist's and the site's changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/byline-article.h"
#include "model/byline-merge.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_CONFLICT_WINDOW (byline_conflict_window_get_type())

G_DECLARE_FINAL_TYPE (BylineConflictWindow, byline_conflict_window, BYLINE, CONFLICT_WINDOW, AdwWindow)

/* A modal window over @parent that merges @base, @mine and @theirs and
 * lists each conflict: mine, theirs (read-only) and the merged text
 * (editable, mine to start with), with "Use Mine" / "Use Theirs".
 *
 * It writes nothing anywhere.  "Save and Sync" resolves every conflict
 * and emits "resolved" (BylineArticle *merged); whoever opened the window
 * saves and pushes it.  The window then closes. */
GtkWidget     *byline_conflict_window_new         (GtkWindow            *parent,
                                                   BylineArticle        *base,
                                                   BylineArticle        *mine,
                                                   BylineArticle        *theirs);
BylineMerge   *byline_conflict_window_get_merge   (BylineConflictWindow *self);
guint          byline_conflict_window_get_n_conflicts (BylineConflictWindow *self);
/* Resolves every conflict as the window shows it now and returns the
 * merged article; NULL with an error when a merged text cannot stand for
 * its field (nothing is resolved then). */
BylineArticle *byline_conflict_window_build_result (BylineConflictWindow *self,
                                                    GError              **error);

G_END_DECLS
