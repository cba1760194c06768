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

/* A write from outside the article's editor (sync): conditional on the
 * stored document being @expected_document (NULL: unconditional), keeps
 * the replaced text in the history and raises the stored version.  Fails
 * with BYLINE_STORE_ERROR_STALE when the document changed meanwhile. */
gboolean  _byline_store_replace_with_hook (BylineStore            *self,
                                           BylineArticleSnapshot  *snapshot,
                                           const char             *expected_document,
                                           BylineStoreSaveHook     hook,
                                           gpointer                hook_data,
                                           GCancellable           *cancellable,
                                           GError                **error);

/* Schema version 3: the stored version of articles, and the base of a
 * conflict found in the editor.  Called by migrate() inside its write
 * transaction. */
gboolean  _byline_store_migrate_v3     (sqlite3      *db,
                                        GError      **error);

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

/* Emptying the trash: every trashed article (before @older_than) that is
 * linked to a CMS post gets a delete entry per link instead of going at
 * once (any waiting push is dropped); purge then deletes only unlinked
 * rows.  *@n_queued: articles newly queued.  Inside the purge's write
 * transaction. */
gboolean  _byline_store_queue_deletes  (sqlite3      *db,
                                        gint64        older_than,
                                        guint        *n_queued,
                                        GError      **error);
/* Restoring from the trash: a delete still waiting (or held because the
 * site refused it) becomes a push again.  Inside untrash's transaction. */
gboolean  _byline_store_cancel_deletes (sqlite3      *db,
                                        const char   *article_id,
                                        GError      **error);

/* Schema version 4: the story cache and the full-text indexes
 * (byline-story-cache.c).  Called by migrate() inside its transaction. */
gboolean  _byline_store_migrate_v4     (sqlite3      *db,
                                        GError      **error);

/* Schema version 5: a prefix index of three letters in the story cache's
 * full-text index (byline-story-cache.c).  Called by migrate() inside its
 * transaction. */
gboolean  _byline_store_migrate_v5     (sqlite3      *db,
                                        GError      **error);

/* Schema version 6: the site images kept for thumbnails (byline-media.c).
 * Called by migrate() inside its transaction. */
gboolean  _byline_store_migrate_v6     (sqlite3      *db,
                                        GError      **error);

/* Schema version 7: the store indexes the local articles itself instead
 * of by trigger (byline-story-cache.c).  Called by migrate() inside its
 * transaction. */
gboolean  _byline_store_migrate_v7     (sqlite3      *db,
                                        GError      **error);

/* Sets ?2 (a sync state's name) as the sync state of article ?1, when
 * that article exists */
#define BYLINE_STORE_SET_SYNC_STATE_SQL \
  "INSERT OR REPLACE INTO article_sync (article_id, state) SELECT id, ?2 FROM articles WHERE id = ?1"

/* Schema version 8: each article's sync state in a table of its own
 * (byline-store-sync.c), not in the article's row.  Called by migrate()
 * inside its transaction. */
gboolean  _byline_store_migrate_v8     (sqlite3      *db,
                                        GError      **error);

/* Puts the texts of the stored article @article_id into the full-text
 * index of local articles, unless it holds them already.  Inside the
 * save's write transaction, after the article's row is written. */
gboolean  _byline_store_index_article  (sqlite3      *db,
                                        const char   *article_id,
                                        const char   *headline,
                                        const char   *standfirst,
                                        const char   *body_start,
                                        const char   *doing,
                                        GError      **error);

G_END_DECLS
