/* byline-store-private.h: what the store's other source files share
 *
 * The sync tables (byline-store-sync.c) live in the same database and must
 * write in the same transactions as saves, so they need the connection.
 * Nothing outside src/store/ includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "byline-store.h"

G_BEGIN_DECLS

/* Runs inside a save's write transaction, after the article row was
 * written (or found unchanged).  @document is the article's JSON as now
 * stored.  Returning FALSE rolls the whole save back. */
typedef gboolean (*BylineStoreSaveHook) (BylineStore  *self,
                                         sqlite3      *db,
                                         const char   *article_id,
                                         const char   *document,
                                         gsize         document_len,
                                         gpointer      user_data,
                                         GError      **error);

/* byline_store_save_sync() with extra statements in the same transaction. */
gboolean  _byline_store_save_with_hook (BylineStore            *self,
                                        BylineArticleSnapshot  *snapshot,
                                        BylineStoreSaveHook     hook,
                                        gpointer                hook_data,
                                        GCancellable           *cancellable,
                                        GError                **error);

/* Takes the connection's mutex and returns the open connection; on NULL
 * the mutex is already released and @error says why. */
sqlite3  *_byline_store_lock           (BylineStore  *self,
                                        GError      **error);
/* Releases the mutex; @changed schedules "articles-changed". */
void      _byline_store_unlock         (BylineStore  *self,
                                        gboolean      changed);

void      _byline_store_set_sqlite_error (GError     **error,
                                          sqlite3     *db,
                                          int          rc,
                                          const char  *doing);

/* The store's own helpers, shared with byline-store-sync.c: both set
 * @error with a message naming what was being done. */
gboolean       _byline_store_exec    (sqlite3      *db,
                                      const char   *sql,
                                      const char   *doing,
                                      GError      **error);
sqlite3_stmt  *_byline_store_prepare (sqlite3      *db,
                                      const char   *sql,
                                      const char   *doing,
                                      GError      **error);

/* Schema version 2: the sync tables.  Called by migrate() inside its
 * write transaction. */
gboolean  _byline_store_migrate_v2     (sqlite3      *db,
                                        GError      **error);

/* Schema version 3: the story cache and the full-text indexes
 * (byline-story-cache.c).  Called by migrate() inside its transaction. */
gboolean  _byline_store_migrate_v3     (sqlite3      *db,
                                        GError      **error);

G_END_DECLS
