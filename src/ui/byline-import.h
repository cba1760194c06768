/* byline-import.h: bringing an article document into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/byline-store.h"
#include "model/byline-import-result.h"

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

/* Reads @file on a worker thread and recognises what it holds (a Byline
 * document, ninjs, a web page, page text: byline_import_read()).  Nothing
 * is stored and nothing is fetched: images of a page keep their address.
 * @media_base: the store folder's file:// URI with a final "/" (ninjs
 * image paths under it become relative).  Errors name the file. */
void                byline_import_read_file_async      (GFile                *file,
                                                        const char           *media_base,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
BylineImportResult *byline_import_read_file_finish     (GAsyncResult         *result,
                                                        GError              **error);

/* Saves @article as a new article on a worker thread: an article with
 * the same id already in the store (a ninjs item or document imported
 * twice) is never replaced, the copy gets a fresh id.  Returns the id
 * stored. */
void                byline_import_store_article_async  (BylineStore          *store,
                                                        BylineArticle        *article,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char               *byline_import_store_article_finish (BylineStore          *store,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
