/* byline-status-button.h: "Status: Draft", and a menu to change it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_STATUS_BUTTON (byline_status_button_get_type())

G_DECLARE_FINAL_TYPE (BylineStatusButton, byline_status_button, BYLINE, STATUS_BUTTON, GtkWidget)

/* "Status" and a menu button with the article's status (for screen
 * readers "Status: Draft"), shown under the byline; its menu lists Draft,
 * Pending Review, Scheduled and Published as radio items bound to the
 * article.  Pending Review goes through win.submit-for-review (the checks
 * come first; the status changes only once the journalist submits).
 *
 * Signals:
 *   "schedule-chosen" — the journalist chose Scheduled: the window shows
 *   and focuses the "Publish at" row. */
GtkWidget     *byline_status_button_new         (void);
void           byline_status_button_set_article (BylineStatusButton  *self,
                                                 BylineArticle       *article);
BylineArticle *byline_status_button_get_article (BylineStatusButton  *self);
/* What choosing an item does (the menu calls it; so can tests). */
void           byline_status_button_choose      (BylineStatusButton  *self,
                                                 BylineArticleStatus  status);
GtkMenuButton *byline_status_button_get_menu_button (BylineStatusButton *self);
/* What the button shows: "Draft", "Scheduled", … */
const char    *byline_status_button_get_label   (BylineStatusButton  *self);

G_END_DECLS
