/* byline-import.h: bringing an article document into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/byline-store.h"

G_BEGIN_DECLS

/* Reads @file (a Byline article document; a resource:// file works too),
 * gives it a fresh id so it never replaces an article already stored,
 * copies images whose src is a resource:// URI into the store's media
 * folder as "media/<sha256>.<ext>", and saves it.  All of it on a worker
 * thread.  @fresh_times: the copy is created and modified now (the sample
 * article) rather than keeping the document's times.  Returns the new id. */
void  byline_import_file_async  (BylineStore          *store,
                                 GFile                *file,
                                 gboolean              fresh_times,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
char *byline_import_file_finish (BylineStore          *store,
                                 GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS
