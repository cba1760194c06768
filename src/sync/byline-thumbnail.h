/* byline-thumbnail.h: a story's image from its site, kept in the media store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-cms.h"
#include "byline-store.h"

G_BEGIN_DECLS

/* The local copy of the site image at @url (a cached or site story's
 * image), as a file in the store's media/ folder.  A copy kept earlier
 * is found on a worker thread without asking the site; otherwise @cms
 * fetches it (off the main thread, through its session), the bytes are
 * checked to be a JPEG, PNG or WebP, and stored content-addressed with
 * the URL remembered (schema version 6), so the next time, and offline,
 * it comes from the store. */
void    byline_thumbnail_fetch_async  (BylineStore          *store,
                                       BylineCms            *cms,
                                       const char           *url,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GFile  *byline_thumbnail_fetch_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
