/* byline-remote-list.h: the site's articles, beside the local ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "byline-sync-controller.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_REMOTE_LIST (byline_remote_list_get_type())

G_DECLARE_FINAL_TYPE (BylineRemoteList, byline_remote_list, BYLINE, REMOTE_LIST, AdwBin)

/* Lists what the engine's pull returns (newest first), fetched the first
 * time the list is shown and again with its Refresh button.  Activating a
 * row makes (or finds) the local copy with open_remote_async and emits
 * "article-opened" (id of the local article).
 *
 * The engine comes from the sync controller (its default account), or is
 * given directly with byline_remote_list_set_engine().  "available" is TRUE
 * when there is an account (or an engine) to list. */
GtkWidget            *byline_remote_list_new                (void);
void                  byline_remote_list_set_sync_controller (BylineRemoteList     *self,
                                                              BylineSyncController *controller);
void                  byline_remote_list_set_engine         (BylineRemoteList     *self,
                                                             BylineSyncEngine     *engine);
gboolean              byline_remote_list_get_available      (BylineRemoteList     *self);
void                  byline_remote_list_refresh            (BylineRemoteList     *self);

/* For tests */
GListModel           *byline_remote_list_get_items          (BylineRemoteList     *self);
GtkListBox           *byline_remote_list_get_list_box       (BylineRemoteList     *self);
gboolean              byline_remote_list_get_loading        (BylineRemoteList     *self);
/* The message shown in place of the list, or NULL */
const char           *byline_remote_list_get_error          (BylineRemoteList     *self);

G_END_DECLS
