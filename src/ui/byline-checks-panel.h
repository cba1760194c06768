/* byline-checks-panel.h: the sidebar's checks before the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"
#include "model/byline-checks.h"
#include "byline-article-editor.h"
#include "byline-headline-panel.h"
#include "byline-related-panel.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_CHECKS_PANEL (byline_checks_panel_get_type())

G_DECLARE_FINAL_TYPE (BylineChecksPanel, byline_checks_panel, BYLINE, CHECKS_PANEL, GtkWidget)

/* The open check items of "article" as a list; each says what is wrong and
 * where, jumps there when activated and can be dismissed for the article.
 *
 * Never on the keystroke path: the article's "changed" (re)arms a ~300 ms
 * timer; when it fires the panel takes a snapshot and runs the checks on a
 * worker thread, and shows the result only if the article has not changed
 * again meanwhile.
 *
 * Signals: "updated" — after a result was shown (tests wait for it). */
GtkWidget     *byline_checks_panel_new              (void);
BylineArticle *byline_checks_panel_get_article      (BylineChecksPanel   *self);
void           byline_checks_panel_set_article      (BylineChecksPanel   *self,
                                                     BylineArticle       *article);
/* Where activating an item jumps: the editor's text views, and the
 * headline panel for the SEO title (the sidebar switches to it). */
void           byline_checks_panel_set_targets      (BylineChecksPanel   *self,
                                                     BylineArticleEditor *editor,
                                                     BylineHeadlinePanel *headline_panel);
/* The Related page, for a related story whose target changed (the sidebar
 * switches to it and focuses that story). */
void           byline_checks_panel_set_related_panel (BylineChecksPanel  *self,
                                                      BylineRelatedPanel *related_panel);
/* Newsroom limits from @settings (keys "headline-max-chars",
 * "seo-title-max-chars", "seo-title-max-width", and "section-limits",
 * "account-limits" for the article's section and account), followed
 * live (BylineNewsroomLimits). */
void           byline_checks_panel_bind_settings    (BylineChecksPanel   *self,
                                                     GSettings           *settings);
/* The account the article syncs with, whose limits apply when its
 * section has none. */
void           byline_checks_panel_set_account      (BylineChecksPanel   *self,
                                                     const char          *account);
/* The limits the checks use now (tests). */
const BylineCheckOptions *byline_checks_panel_get_options (BylineChecksPanel *self);
void           byline_checks_panel_set_limits       (BylineChecksPanel   *self,
                                                     guint                headline_max_chars,
                                                     guint                seo_title_max_chars,
                                                     guint                seo_title_max_width);
/* The open (not dismissed) items shown, a GListModel of BylineCheckItem. */
GListModel    *byline_checks_panel_get_items        (BylineChecksPanel   *self);
/* Whether the list shows the article as it is now (no check pending). */
gboolean       byline_checks_panel_is_current       (BylineChecksPanel   *self);
/* What activating / dismissing a row does. */
void           byline_checks_panel_activate_item    (BylineChecksPanel   *self,
                                                     BylineCheckItem     *item);
void           byline_checks_panel_dismiss_item     (BylineChecksPanel   *self,
                                                     BylineCheckItem     *item);
/* "Submit for Review": with open items, an AdwMessageDialog lists them
 * first ("Submit Anyway" / "Review"); then the status becomes pending
 * review (WordPress "pending" at the next sync). */
void           byline_checks_panel_submit_for_review (BylineChecksPanel  *self);
/* The dialog shown by the last submit, while it is open (tests). */
GtkWindow     *byline_checks_panel_get_submit_dialog (BylineChecksPanel  *self);

G_END_DECLS
