/* byline-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/byline-store.h"
#include "byline-article-editor.h"
#include "byline-headline-panel.h"
#include "byline-checks-panel.h"
#include "byline-image-panel.h"
#include "byline-related-panel.h"
#include "byline-remote-list.h"
#include "byline-sync-controller.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_WINDOW (byline_window_get_type())

G_DECLARE_FINAL_TYPE (BylineWindow, byline_window, BYLINE, WINDOW, AdwApplicationWindow)

/* @store may still be opening: call byline_window_start() once it is open,
 * or byline_window_show_store_error() if it could not be.  @settings may be
 * NULL: the window then uses the schema if it is installed, or none. */
BylineWindow        *byline_window_new              (GtkApplication *application,
                                                     BylineStore    *store,
                                                     GSettings      *settings);
BylineStore         *byline_window_get_store        (BylineWindow   *self);
/* Fills the list and opens @article_id, or the last article, or the newest. */
void                 byline_window_start            (BylineWindow   *self,
                                                     const char     *article_id);
void                 byline_window_show_store_error (BylineWindow   *self,
                                                     const GError   *error);
/* Opens @id (loading it from the store off the main thread). */
void                 byline_window_open_article_id  (BylineWindow   *self,
                                                     const char     *id);
void                 byline_window_show_toast       (BylineWindow   *self,
                                                     const char     *message);
/* Sync (win.sync, the sync state, conflicts) goes through @controller;
 * without one, win.sync asks for an account. */
void                 byline_window_set_sync_controller (BylineWindow         *self,
                                                        BylineSyncController *controller);
BylineSyncController *byline_window_get_sync_controller (BylineWindow        *self);

/* For tests */
BylineArticleEditor *byline_window_get_editor       (BylineWindow   *self);
BylineHeadlinePanel *byline_window_get_headline_panel (BylineWindow *self);
BylineChecksPanel   *byline_window_get_checks_panel (BylineWindow   *self);
BylineImagePanel    *byline_window_get_image_panel  (BylineWindow   *self);
BylineRelatedPanel  *byline_window_get_related_panel  (BylineWindow *self);
GtkSearchEntry      *byline_window_get_search_entry (BylineWindow   *self);
GListModel          *byline_window_get_list_model   (BylineWindow   *self);
AdwToastOverlay     *byline_window_get_toast_overlay (BylineWindow  *self);
AdwToast            *byline_window_get_last_toast   (BylineWindow   *self);
AdwLeaflet          *byline_window_get_leaflet      (BylineWindow   *self);
AdwFlap             *byline_window_get_flap         (BylineWindow   *self);
BylineRemoteList    *byline_window_get_remote_list  (BylineWindow   *self);

G_END_DECLS
