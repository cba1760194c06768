/* byline-related-panel.h: the sidebar's related-stories panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"
#include "store/byline-store.h"
#include "byline-cms.h"
#include "byline-related-search.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_RELATED_PANEL (byline_related_panel_get_type())

G_DECLARE_FINAL_TYPE (BylineRelatedPanel, byline_related_panel, BYLINE, RELATED_PANEL, GtkWidget)

/* Searches local, cached and site stories as the journalist types
 * (BylineRelatedSearch, 150 ms after the last keystroke); "Attach" adds a
 * result to the article's related list, "Insert Card" asks for a card in
 * the body (signal "insert-card" (BylineStoryRef *), which the window
 * passes to the editor).  The related list is reordered by drag and drop
 * or Alt+Up / Alt+Down, and items are removed with an undo toast.  "You
 * may want to link" is recomputed in the background a second after the
 * article last changed (byline_store_suggest_async), never on a
 * keystroke, and only while the panel is on screen (else when it is
 * shown).  "Check Links" (and byline_related_panel_check_links())
 * looks the references up on the site and marks those that changed. */
/* The store's part of a search runs at every change of the search entry
 * (results within 50 ms of the last keystroke: docs/benchmarks.md); the
 * site is asked once typing pauses this long. */
#define BYLINE_RELATED_PANEL_SEARCH_DELAY_MS  0
#define BYLINE_RELATED_PANEL_SITE_DELAY_MS    150
#define BYLINE_RELATED_PANEL_SUGGEST_DELAY_MS 1000

GtkWidget           *byline_related_panel_new          (BylineStore        *store);
void                 byline_related_panel_set_article  (BylineRelatedPanel *self,
                                                        BylineArticle      *article);
void                 byline_related_panel_set_cms      (BylineRelatedPanel *self,
                                                        BylineCms          *cms,
                                                        const char         *account);
void                 byline_related_panel_check_links  (BylineRelatedPanel *self);
/* For tests */
BylineRelatedSearch *byline_related_panel_get_search   (BylineRelatedPanel *self);
GtkWidget           *byline_related_panel_get_entry    (BylineRelatedPanel *self);
GtkListBox          *byline_related_panel_get_results_list     (BylineRelatedPanel *self);
GtkListBox          *byline_related_panel_get_attached_list    (BylineRelatedPanel *self);
GtkListBox          *byline_related_panel_get_suggestions_list (BylineRelatedPanel *self);
/* Attaches result @position of the search (as the row's button does). */
void                 byline_related_panel_attach_result (BylineRelatedPanel *self,
                                                         guint               position);
void                 byline_related_panel_insert_card_result (BylineRelatedPanel *self,
                                                              guint               position);
/* Removes related story @position (as its row's button does: with an
 * undo toast); byline_related_panel_undo_remove() is the toast's button. */
void                 byline_related_panel_remove_related (BylineRelatedPanel *self,
                                                          guint               position);
void                 byline_related_panel_undo_remove   (BylineRelatedPanel *self);

G_END_DECLS
