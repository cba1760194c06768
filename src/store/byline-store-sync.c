/* byline-store-sync.c: the store's sync tables (schema version 2)
 *
 * The outbox, the links to remote copies (with the merge base) and the
 * server copies kept while an article is in conflict.  Every change that
 * must not be separated from a save runs inside that save's transaction
 * (byline-store-private.h); see docs/sync.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "byline-store.h"
#include "byline-store-private.h"

static const char schema_v2_sql[] =
  /* AUTOINCREMENT: an id is never reused, so finishing an entry that a
   * newer push replaced can never remove the newer one. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('push', 'delete')),"
  "  revision INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_due ON outbox (account, next_attempt_at);"
  "CREATE INDEX outbox_article ON outbox (article_id, account);"
  "CREATE TABLE remote_links ("
  "  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  remote_id TEXT NOT NULL,"
  "  version_token TEXT,"
  "  base_document TEXT,"
  "  synced_at INTEGER NOT NULL,"
  "  PRIMARY KEY (article_id, account)"
  ");"
  "CREATE INDEX remote_links_remote ON remote_links (account, remote_id);"
  "CREATE TABLE remote_copies ("
  "  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  version_token TEXT,"
  "  document TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL,"
  "  PRIMARY KEY (article_id, account)"
  ");";

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)


static gboolean
step_done (sqlite3      *db,
           sqlite3_stmt *stmt,
           const char   *doing,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
_byline_store_migrate_v2 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v2_sql, _("upgrade the article store"), error);
}

/* The sync state moves out of the article's row.  SQLite writes a whole
 * row again when one of its values changes length, and "syncing" →
 * "synced" did: a 1.7 MB story's document went to the WAL twice more per
 * push (3.4 MB each, measured).  articles.sync_state stays as it was,
 * unread: clearing it would write every synced document once more, and
 * dropping it would rebuild the table. */
static const char schema_v8_sql[] =
  "CREATE TABLE article_sync ("
  "  article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO article_sync (article_id, state) "
  "  SELECT id, sync_state FROM articles WHERE sync_state <> 'local';";

gboolean
_byline_store_migrate_v8 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v8_sql, _("upgrade the article store"), error);
}

/* "version" counts the times the text was replaced from outside its
 * editor (docs/store.md, "Stored versions"); a remote copy's
 * "base_document" is set only for a conflict found while merging into an
 * open editor, where the base is the local text the merge started from. */
static const char schema_v3_sql[] =
  "ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE remote_copies ADD COLUMN base_document TEXT;";

gboolean
_byline_store_migrate_v3 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v3_sql, _("upgrade the article store"), error);
}

/* Boxed-ish helpers */

void
byline_outbox_entry_free (BylineOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->article_id);
  g_free (entry->account);
  g_free (entry->op);
  g_free (entry->last_error);
  g_free (entry);
}

BylineRemoteLink *
byline_remote_link_new (const char *article_id,
                        const char *account,
                        const char *remote_id,
                        const char *version_token,
                        const char *base_document)
{
  BylineRemoteLink *link;

  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (remote_id != NULL, NULL);

  link = g_new0 (BylineRemoteLink, 1);
  link->article_id = g_strdup (article_id);
  link->account = g_strdup (account);
  link->remote_id = g_strdup (remote_id);
  link->version_token = g_strdup (version_token);
  link->base_document = g_strdup (base_document);
  link->synced_at = g_get_real_time ();
  return link;
}

void
byline_remote_link_free (BylineRemoteLink *link)
{
  if (link == NULL)
    return;

  g_free (link->article_id);
  g_free (link->account);
  g_free (link->remote_id);
  g_free (link->version_token);
  g_free (link->base_document);
  g_free (link);
}

/* Statements shared by several operations; each runs inside a transaction
 * its caller opened. */

static gboolean
set_state (sqlite3         *db,
           const char      *article_id,
           BylineSyncState  state,
           const char      *doing,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _byline_store_prepare (db, BYLINE_STORE_SET_SYNC_STATE_SQL, doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, byline_sync_state_to_string (state), -1, SQLITE_STATIC);
  return step_done (db, stmt, doing, error);
}

/* A new push replaces any push still waiting for the same article and
 * account: the worker always sends the article as stored, so one entry
 * covers every save, and a held entry is released by the new one. */
static gboolean
enqueue_push (sqlite3     *db,
              const char  *article_id,
              const char  *account,
              guint64      revision,
              const char  *doing,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();
  int rc;

  /* An article on its way out of the site (emptied from the trash) is
   * not pushed back; restoring it from the trash cancels the delete
   * first (_byline_store_cancel_deletes()). */
  if (!(stmt = _byline_store_prepare (db, "SELECT 1 FROM outbox WHERE article_id = ?1 AND account = ?2 AND op = 'delete'",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db, "DELETE FROM outbox WHERE article_id = ?1 AND account = ?2 AND op = 'push'",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db,
                        "INSERT INTO outbox (article_id, account, op, revision, created_at, attempts, next_attempt_at) "
                        "VALUES (?1, ?2, 'push', ?3, ?4, 0, ?4)",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) MIN (revision, (guint64) G_MAXINT64));
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (db, stmt, doing, error))
    return FALSE;

  return set_state (db, article_id, BYLINE_SYNC_STATE_PENDING, doing, error);
}

static gboolean
write_link (sqlite3                *db,
            const BylineRemoteLink *link,
            const char             *base_document,
            const char             *doing,
            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _byline_store_prepare (db,
                        "INSERT INTO remote_links (article_id, account, remote_id, version_token, base_document, synced_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                        "ON CONFLICT (article_id, account) DO UPDATE SET remote_id = excluded.remote_id, "
                        "version_token = excluded.version_token, base_document = excluded.base_document, "
                        "synced_at = excluded.synced_at",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, link->article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, link->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, link->remote_id, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 4, link->version_token);
  bind_text_or_null (stmt, 5, base_document);
  sqlite3_bind_int64 (stmt, 6, link->synced_at != 0 ? link->synced_at : g_get_real_time ());
  return step_done (db, stmt, doing, error);
}

static gboolean
drop_remote_copy (sqlite3     *db,
                  const char  *article_id,
                  const char  *account,
                  const char  *doing,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _byline_store_prepare (db, "DELETE FROM remote_copies WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  return step_done (db, stmt, doing, error);
}

/* A push that went through settles a conflict with the site's copy, but
 * not one found in the editor (its copy has a base of its own): that one
 * waits for the journalist whatever the site now holds.  @kept says
 * whether such a conflict is still there. */
static gboolean
drop_site_copy (sqlite3     *db,
                const char  *article_id,
                const char  *account,
                gboolean    *kept,
                const char  *doing,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _byline_store_prepare (db,
                        "DELETE FROM remote_copies WHERE article_id = ?1 AND account = ?2 "
                        "AND base_document IS NULL",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT count(*) FROM remote_copies WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  *kept = sqlite3_column_int64 (stmt, 0) > 0;
  return TRUE;
}

/* Save hooks */

typedef struct
{
  const char             *account;
  guint64                 revision;
  const BylineRemoteLink *link;
  const char             *remote_id;
  const char             *version_token;
} HookData;

typedef struct
{
  const char *theirs;
  const char *base;
  const char *message;
  guint64     revision;
  guint       accounts;
} LocalConflict;

static gboolean
enqueue_hook (BylineStore  *self,
              sqlite3      *db,
              const char   *article_id,
              const char   *document,
              gsize         document_len,
              gpointer      user_data,
              GError      **error)
{
  HookData *data = user_data;

  return enqueue_push (db, article_id, data->account, data->revision,
                       _("queue the article for syncing"), error);
}

static gboolean
merged_hook (BylineStore  *self,
             sqlite3      *db,
             const char   *article_id,
             const char   *document,
             gsize         document_len,
             gpointer      user_data,
             GError      **error)
{
  HookData *data = user_data;
  const char *doing = _("save the merged article");

  return write_link (db, data->link, data->link->base_document, doing, error) &&
         drop_remote_copy (db, article_id, data->link->account, doing, error) &&
         enqueue_push (db, article_id, data->link->account, data->revision, doing, error);
}

static gboolean
pulled_hook (BylineStore  *self,
             sqlite3      *db,
             const char   *article_id,
             const char   *document,
             gsize         document_len,
             gpointer      user_data,
             GError      **error)
{
  HookData *data = user_data;
  g_autoptr(BylineRemoteLink) link = byline_remote_link_new (article_id, data->account, data->remote_id,
                                                              data->version_token, NULL);
  g_autofree char *base = g_strndup (document, document_len);
  const char *doing = _("save the article from the site");

  return write_link (db, link, base, doing, error) &&
         drop_remote_copy (db, article_id, data->account, doing, error) &&
         set_state (db, article_id, BYLINE_SYNC_STATE_SYNCED, doing, error);
}

gboolean
byline_store_save_and_enqueue_sync (BylineStore            *self,
                                    BylineArticleSnapshot  *snapshot,
                                    const char             *account,
                                    GCancellable           *cancellable,
                                    GError                **error)
{
  HookData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.account = account;
  data.revision = byline_article_snapshot_get_revision (snapshot);
  return _byline_store_save_with_hook (self, snapshot, enqueue_hook, &data, cancellable, error);
}

gboolean
byline_store_save_merged_sync (BylineStore            *self,
                               BylineArticleSnapshot  *snapshot,
                               const char             *expected_document,
                               const BylineRemoteLink *link,
                               GCancellable           *cancellable,
                               GError                **error)
{
  HookData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (link != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (link->article_id, byline_article_snapshot_get_id (snapshot)) == 0, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.link = link;
  data.revision = byline_article_snapshot_get_revision (snapshot);
  return _byline_store_replace_with_hook (self, snapshot, expected_document, merged_hook, &data,
                                          cancellable, error);
}

gboolean
byline_store_save_pulled_sync (BylineStore            *self,
                               BylineArticleSnapshot  *snapshot,
                               const char             *expected_document,
                               const char             *account,
                               const char             *remote_id,
                               const char             *version_token,
                               GCancellable           *cancellable,
                               GError                **error)
{
  HookData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (remote_id != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.account = account;
  data.remote_id = remote_id;
  data.version_token = version_token;
  return _byline_store_replace_with_hook (self, snapshot, expected_document, pulled_hook, &data,
                                          cancellable, error);
}

/* A conflict found while merging the site's changes into an open editor.
 * For every account the article is linked to: the merged text (theirs) is
 * kept as the copy to resolve against, with the text the merge started
 * from as its base and the link's version, and the push waits (a new,
 * held entry: an older one on its way cannot release it). */
static gboolean
local_conflict_hook (BylineStore  *self,
                     sqlite3      *db,
                     const char   *article_id,
                     const char   *document,
                     gsize         document_len,
                     gpointer      user_data,
                     GError      **error)
{
  LocalConflict *conflict = user_data;
  const char *doing = _("keep changes that conflict with your typing");
  g_autoptr(sqlite3_stmt) links = NULL;
  int rc;

  if (!(links = _byline_store_prepare (db,
                         "SELECT account, version_token FROM remote_links WHERE article_id = ?1",
                         doing, error)))
    return FALSE;
  sqlite3_bind_text (links, 1, article_id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      const char *account = (const char *) sqlite3_column_text (links, 0);
      const char *version = (const char *) sqlite3_column_text (links, 1);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (!(stmt = _byline_store_prepare (db,
                            "INSERT INTO remote_copies (article_id, account, version_token, document, fetched_at, base_document) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                            "ON CONFLICT (article_id, account) DO UPDATE SET version_token = excluded.version_token, "
                            "document = excluded.document, fetched_at = excluded.fetched_at, "
                            "base_document = excluded.base_document",
                            doing, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 3, version);
      sqlite3_bind_text (stmt, 4, conflict->theirs, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
      sqlite3_bind_text (stmt, 6, conflict->base, -1, SQLITE_TRANSIENT);
      if (!step_done (db, stmt, doing, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (!enqueue_push (db, article_id, account, conflict->revision, doing, error))
        return FALSE;
      if (!(stmt = _byline_store_prepare (db,
                            "UPDATE outbox SET next_attempt_at = NULL, last_error = ?3 "
                            "WHERE article_id = ?1 AND account = ?2 AND op = 'push'",
                            doing, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
      bind_text_or_null (stmt, 3, conflict->message);
      if (!step_done (db, stmt, doing, error))
        return FALSE;
      conflict->accounts++;
    }
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  return conflict->accounts == 0 ||
         set_state (db, article_id, BYLINE_SYNC_STATE_CONFLICT, doing, error);
}

gboolean
byline_store_save_local_conflict_sync (BylineStore            *self,
                                       BylineArticleSnapshot  *snapshot,
                                       const char             *theirs_document,
                                       const char             *base_document,
                                       const char             *message,
                                       guint                  *n_accounts,
                                       GCancellable           *cancellable,
                                       GError                **error)
{
  LocalConflict conflict = { 0, };
  gboolean ret;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (theirs_document != NULL, FALSE);
  g_return_val_if_fail (base_document != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  conflict.theirs = theirs_document;
  conflict.base = base_document;
  conflict.message = message;
  conflict.revision = byline_article_snapshot_get_revision (snapshot);
  ret = _byline_store_save_with_hook (self, snapshot, local_conflict_hook, &conflict, cancellable, error);
  if (n_accounts != NULL)
    *n_accounts = conflict.accounts;
  return ret;
}

/* Operations that run their own transaction.  Each takes the lock, runs
 * @body between BEGIN IMMEDIATE and COMMIT, and rolls back on failure. */

typedef gboolean (*TxnBody) (sqlite3     *db,
                             gpointer     data,
                             gboolean    *changed,
                             GError     **error);

static gboolean
run_transaction (BylineStore   *self,
                 const char    *doing,
                 TxnBody        body,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gboolean changed = FALSE;
  sqlite3 *db;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  if (!_byline_store_exec (db, "BEGIN IMMEDIATE", doing, error))
    {
      _byline_store_unlock (self, FALSE);
      return FALSE;
    }

  if (!body (db, data, &changed, error) ||
      !_byline_store_exec (db, "COMMIT", doing, error))
    {
      rollback (db);
      _byline_store_unlock (self, FALSE);
      return FALSE;
    }

  _byline_store_unlock (self, changed);
  return TRUE;
}

typedef struct
{
  const char             *article_id;
  const char             *account;
  gint64                  entry_id;
  gint64                  next_attempt_at;
  const char             *message;
  BylineSyncState         state;
  const BylineRemoteLink *link;
  const char             *document;
  const char             *version;
} TxnData;

static gboolean
enqueue_body (sqlite3   *db,
              gpointer   user_data,
              gboolean  *changed,
              GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("queue the article for syncing");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint64 revision;
  int rc;

  if (!(stmt = _byline_store_prepare (db, "SELECT revision FROM articles WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->article_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                   _("There is no article “%s” in the store."), data->article_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  revision = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);

  *changed = TRUE;
  return enqueue_push (db, data->article_id, data->account, revision, doing, error);
}

gboolean
byline_store_enqueue_sync (BylineStore   *self,
                           const char    *article_id,
                           const char    *account,
                           GCancellable  *cancellable,
                           GError       **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.article_id = article_id;
  data.account = account;
  return run_transaction (self, _("queue the article for syncing"), enqueue_body, &data,
                          cancellable, error);
}

static gboolean
count_entries (sqlite3     *db,
               const char  *article_id,
               const char  *account,
               gint64      *count,
               const char  *doing,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _byline_store_prepare (db, "SELECT count(*) FROM outbox WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  *count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
done_body (sqlite3   *db,
           gpointer   user_data,
           gboolean  *changed,
           GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("record the synced article");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 remaining = 0;
  gboolean kept = FALSE;

  if (!(stmt = _byline_store_prepare (db, "DELETE FROM outbox WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->entry_id);
  if (!step_done (db, stmt, doing, error))
    return FALSE;

  if (!write_link (db, data->link, data->link->base_document, doing, error) ||
      !drop_site_copy (db, data->link->article_id, data->link->account, &kept, doing, error) ||
      !count_entries (db, data->link->article_id, data->link->account, &remaining, doing, error))
    return FALSE;

  *changed = TRUE;
  /* A save that came in while this push was on its way has its own entry:
   * the article is not synced until that one is through too. */
  return set_state (db, data->link->article_id,
                    kept ? BYLINE_SYNC_STATE_CONFLICT :
                    remaining > 0 ? BYLINE_SYNC_STATE_PENDING : BYLINE_SYNC_STATE_SYNCED,
                    doing, error);
}

gboolean
byline_store_outbox_done_sync (BylineStore            *self,
                               gint64                  entry_id,
                               const BylineRemoteLink *link,
                               GCancellable           *cancellable,
                               GError                **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (link != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.entry_id = entry_id;
  data.link = link;
  return run_transaction (self, _("record the synced article"), done_body, &data,
                          cancellable, error);
}

static gboolean
failed_body (sqlite3   *db,
             gpointer   user_data,
             gboolean  *changed,
             GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("record a failed sync");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *article_id = NULL;
  int rc;

  if (!(stmt = _byline_store_prepare (db,
                        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
                        "WHERE id = ?1 RETURNING article_id",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->entry_id);
  if (data->next_attempt_at > 0)
    sqlite3_bind_int64 (stmt, 2, data->next_attempt_at);
  else
    sqlite3_bind_null (stmt, 2);
  bind_text_or_null (stmt, 3, data->message);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    article_id = column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Replaced by a newer push meanwhile: that one decides the state. */
  if (article_id == NULL)
    return TRUE;

  *changed = TRUE;
  return set_state (db, article_id, data->state, doing, error);
}

gboolean
byline_store_outbox_failed_sync (BylineStore      *self,
                                 gint64            entry_id,
                                 gint64            next_attempt_at,
                                 const char       *message,
                                 BylineSyncState   state,
                                 GCancellable     *cancellable,
                                 GError          **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.entry_id = entry_id;
  data.next_attempt_at = next_attempt_at;
  data.message = message;
  data.state = state;
  return run_transaction (self, _("record a failed sync"), failed_body, &data,
                          cancellable, error);
}

static gboolean
retry_now_body (sqlite3   *db,
                gpointer   user_data,
                gboolean  *changed,
                GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("resume syncing");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _byline_store_prepare (db,
                        "UPDATE outbox SET next_attempt_at = ?2 "
                        "WHERE account = ?1 AND next_attempt_at IS NOT NULL AND next_attempt_at > ?2",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  return step_done (db, stmt, doing, error);
}

gboolean
byline_store_outbox_retry_now_sync (BylineStore   *self,
                                    const char    *account,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.account = account;
  return run_transaction (self, _("resume syncing"), retry_now_body, &data, cancellable, error);
}

static gboolean
conflict_body (sqlite3   *db,
               gpointer   user_data,
               gboolean  *changed,
               GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("keep the site’s copy of a conflicting article");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _byline_store_prepare (db,
                        "INSERT INTO remote_copies (article_id, account, version_token, document, fetched_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT (article_id, account) DO UPDATE SET version_token = excluded.version_token, "
                        "document = excluded.document, fetched_at = excluded.fetched_at",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->account, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 3, data->version);
  sqlite3_bind_text (stmt, 4, data->document, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Nothing more goes to the server until the journalist resolves it. */
  if (!(stmt = _byline_store_prepare (db,
                        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = NULL, last_error = ?2 "
                        "WHERE id = ?1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->entry_id);
  bind_text_or_null (stmt, 2, data->message);
  if (!step_done (db, stmt, doing, error))
    return FALSE;

  *changed = TRUE;
  return set_state (db, data->article_id, BYLINE_SYNC_STATE_CONFLICT, doing, error);
}

gboolean
byline_store_set_conflict_sync (BylineStore   *self,
                                gint64         entry_id,
                                const char    *article_id,
                                const char    *account,
                                const char    *remote_document,
                                const char    *remote_version,
                                const char    *message,
                                GCancellable  *cancellable,
                                GError       **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (remote_document != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.entry_id = entry_id;
  data.article_id = article_id;
  data.account = account;
  data.document = remote_document;
  data.version = remote_version;
  data.message = message;
  return run_transaction (self, _("keep the site’s copy of a conflicting article"), conflict_body, &data,
                          cancellable, error);
}

static gboolean
set_link_body (sqlite3   *db,
               gpointer   user_data,
               gboolean  *changed,
               GError   **error)
{
  TxnData *data = user_data;

  return write_link (db, data->link, data->link->base_document, _("record the article’s link to the site"), error);
}

gboolean
byline_store_set_link_sync (BylineStore            *self,
                            const BylineRemoteLink *link,
                            GCancellable           *cancellable,
                            GError                **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (link != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.link = link;
  return run_transaction (self, _("record the article’s link to the site"), set_link_body, &data,
                          cancellable, error);
}

/* Reads */

#define OUTBOX_COLUMNS "id, article_id, account, op, revision, created_at, attempts, next_attempt_at, last_error"

static BylineOutboxEntry *
outbox_entry_from_row (sqlite3_stmt *stmt)
{
  BylineOutboxEntry *entry = g_new0 (BylineOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->article_id = column_dup (stmt, 1);
  entry->account = column_dup (stmt, 2);
  entry->op = column_dup (stmt, 3);
  entry->revision = (guint64) MAX (sqlite3_column_int64 (stmt, 4), 0);
  entry->created_at = sqlite3_column_int64 (stmt, 5);
  entry->attempts = (guint) CLAMP (sqlite3_column_int64 (stmt, 6), 0, G_MAXUINT);
  entry->next_attempt_at = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 7);
  entry->last_error = column_dup (stmt, 8);
  return entry;
}

gboolean
byline_store_next_outbox_sync (BylineStore        *self,
                               const char         *account,
                               gint64              now,
                               const char         *skip_article_id,
                               BylineOutboxEntry **due,
                               gint64             *next_due,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(sqlite3_stmt) first = NULL;
  g_autoptr(sqlite3_stmt) later = NULL;
  const char *doing = _("read the sync queue");
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (due != NULL && next_due != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  *due = NULL;
  *next_due = 0;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  /* A held entry (no next attempt, or 0) waits for the journalist */
  if (!(first = _byline_store_prepare (db,
                        "SELECT " OUTBOX_COLUMNS " FROM outbox "
                        "WHERE (?1 IS NULL OR account = ?1) AND next_attempt_at > 0 AND next_attempt_at <= ?2 "
                        "AND (?3 IS NULL OR article_id <> ?3) "
                        "ORDER BY id LIMIT 1",
                        doing, error)) ||
      !(later = _byline_store_prepare (db,
                        "SELECT MIN (next_attempt_at) FROM outbox "
                        "WHERE (?1 IS NULL OR account = ?1) AND next_attempt_at > ?2",
                        doing, error)))
    goto out;
  bind_text_or_null (first, 1, account);
  sqlite3_bind_int64 (first, 2, now);
  bind_text_or_null (first, 3, skip_article_id);
  bind_text_or_null (later, 1, account);
  sqlite3_bind_int64 (later, 2, now);

  rc = sqlite3_step (first);
  if (rc == SQLITE_ROW)
    {
      *due = outbox_entry_from_row (first);
      rc = sqlite3_step (first);
    }
  if (rc == SQLITE_DONE)
    {
      rc = sqlite3_step (later);
      if (rc == SQLITE_ROW)
        {
          *next_due = sqlite3_column_int64 (later, 0);
          rc = SQLITE_DONE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      g_clear_pointer (due, byline_outbox_entry_free);
      *next_due = 0;
      goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&first, sqlite3_finalize);
  g_clear_pointer (&later, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return ok;
}

GPtrArray *
byline_store_list_outbox_sync (BylineStore   *self,
                               const char    *account,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *doing = _("read the sync queue");
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(db = _byline_store_lock (self, error)))
    return NULL;

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE ?1 IS NULL OR account = ?1 ORDER BY id",
                        doing, error)))
    goto out;
  bind_text_or_null (stmt, 1, account);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, outbox_entry_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      g_clear_pointer (&list, g_ptr_array_unref);
    }

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return g_steal_pointer (&list);
}

static BylineRemoteLink *
link_from_row (sqlite3_stmt *stmt)
{
  BylineRemoteLink *link = g_new0 (BylineRemoteLink, 1);

  link->article_id = column_dup (stmt, 0);
  link->account = column_dup (stmt, 1);
  link->remote_id = column_dup (stmt, 2);
  link->version_token = column_dup (stmt, 3);
  link->base_document = column_dup (stmt, 4);
  link->synced_at = sqlite3_column_int64 (stmt, 5);
  return link;
}

gboolean
byline_store_get_link_sync (BylineStore        *self,
                            const char         *article_id,
                            const char         *account,
                            BylineRemoteLink  **link,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("read the article’s link to the site");
  gboolean ret = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (link != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  *link = NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT article_id, account, remote_id, version_token, base_document, synced_at "
                        "FROM remote_links WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *link = link_from_row (stmt);
  else if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      goto out;
    }
  ret = TRUE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return ret;
}

GPtrArray *
byline_store_list_links_sync (BylineStore   *self,
                              const char    *account,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *doing = _("read the articles’ links to the site");
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(db = _byline_store_lock (self, error)))
    return NULL;

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT article_id, account, remote_id, version_token, base_document, synced_at "
                        "FROM remote_links WHERE account = ?1 ORDER BY synced_at",
                        doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_remote_link_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, link_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      g_clear_pointer (&list, g_ptr_array_unref);
    }

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return g_steal_pointer (&list);
}

gboolean
byline_store_get_remote_copy_sync (BylineStore   *self,
                                   const char    *article_id,
                                   const char    *account,
                                   char         **document,
                                   char         **version,
                                   char         **base_document,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("read the site’s copy of the article");
  gboolean ret = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  *document = NULL;
  if (version != NULL)
    *version = NULL;
  if (base_document != NULL)
    *base_document = NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT document, version_token, base_document FROM remote_copies "
                        "WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *document = column_dup (stmt, 0);
      if (version != NULL)
        *version = column_dup (stmt, 1);
      if (base_document != NULL)
        *base_document = column_dup (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      goto out;
    }
  ret = TRUE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return ret;
}

/* Async */

typedef struct
{
  BylineArticleSnapshot *snapshot;
  char                  *account;
} EnqueueData;

static void
enqueue_data_free (gpointer data)
{
  EnqueueData *enqueue = data;

  g_clear_pointer (&enqueue->snapshot, byline_article_snapshot_unref);
  g_free (enqueue->account);
  g_free (enqueue);
}

static void
save_and_enqueue_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  EnqueueData *data = task_data;
  GError *error = NULL;

  if (byline_store_save_and_enqueue_sync (source_object, data->snapshot, data->account, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
byline_store_save_and_enqueue_async (BylineStore            *self,
                                     BylineArticleSnapshot  *snapshot,
                                     const char             *account,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  EnqueueData *data;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (EnqueueData, 1);
  data->snapshot = byline_article_snapshot_ref (snapshot);
  data->account = g_strdup (account);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_store_save_and_enqueue_async);
  g_task_set_name (task, "[byline] store save and enqueue");
  g_task_set_task_data (task, data, enqueue_data_free);
  /* Like a save: once written, the caller must hear that it is on disk. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, save_and_enqueue_thread);
}

gboolean
byline_store_save_and_enqueue_finish (BylineStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_save_and_enqueue_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Deleting for good (docs/sync.md, "Deletes") */

gboolean
_byline_store_queue_deletes (sqlite3  *db,
                             gint64    older_than,
                             guint    *n_queued,
                             GError  **error)
{
  const char *doing = _("empty the trash");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();
  int rc;

  *n_queued = 0;

  /* Whatever push was waiting would bring the article back to the site. */
  if (!(stmt = _byline_store_prepare (db,
                        "DELETE FROM outbox WHERE op = 'push' AND article_id IN ("
                        "  SELECT a.id FROM articles a WHERE a.trashed_at IS NOT NULL AND a.trashed_at < ?1"
                        "  AND EXISTS (SELECT 1 FROM remote_links l WHERE l.article_id = a.id))",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, older_than);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* One delete per linked account; one already queued (or held after the
   * site refused it) stays as it is. */
  if (!(stmt = _byline_store_prepare (db,
                        "INSERT INTO outbox (article_id, account, op, revision, created_at, attempts, next_attempt_at) "
                        "SELECT l.article_id, l.account, 'delete', a.revision, ?2, 0, ?2 "
                        "FROM remote_links l JOIN articles a ON a.id = l.article_id "
                        "WHERE a.trashed_at IS NOT NULL AND a.trashed_at < ?1 "
                        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.article_id = l.article_id "
                        "                AND o.account = l.account AND o.op = 'delete')",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, older_than);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db,
                        "INSERT OR REPLACE INTO article_sync (article_id, state) "
                        "SELECT DISTINCT article_id, 'pending' FROM outbox WHERE op = 'delete' AND created_at = ?1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db,
                        "SELECT count(DISTINCT article_id) FROM outbox WHERE op = 'delete' AND created_at = ?1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  *n_queued = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
_byline_store_cancel_deletes (sqlite3     *db,
                              const char  *article_id,
                              GError     **error)
{
  const char *doing = _("restore the article from the trash");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  guint64 revision = 0;
  int rc;

  if (!(stmt = _byline_store_prepare (db,
                        "DELETE FROM outbox WHERE article_id = ?1 AND op = 'delete' RETURNING account, revision",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (accounts, column_dup (stmt, 0));
      revision = (guint64) MAX (sqlite3_column_int64 (stmt, 1), 0);
    }
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Back from the trash: push it as it is now, which also merges whatever
   * the site changed meanwhile (the reason a delete may have been held). */
  for (guint i = 0; i < accounts->len; i++)
    if (!enqueue_push (db, article_id, g_ptr_array_index (accounts, i), revision, doing, error))
      return FALSE;

  return TRUE;
}

static gboolean
deleted_body (sqlite3   *db,
              gpointer   user_data,
              gboolean  *changed,
              GError   **error)
{
  TxnData *data = user_data;
  const char *doing = _("record the article deleted on the site");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean was_queued;
  int rc;

  if (!(stmt = _byline_store_prepare (db, "DELETE FROM outbox WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->entry_id);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  was_queued = sqlite3_changes (db) > 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The post is in the site's trash: nothing links to it any more.  A
   * push queued meanwhile (the article was restored) creates a new one. */
  if (!(stmt = _byline_store_prepare (db, "DELETE FROM remote_links WHERE article_id = ?1 AND account = ?2",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->article_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->account, -1, SQLITE_TRANSIENT);
  if (!step_done (db, stmt, doing, error) ||
      !drop_remote_copy (db, data->article_id, data->account, doing, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  *changed = TRUE;

  if (!was_queued)
    return TRUE;

  /* Gone for good once no site holds it any more and it is still in the
   * trash (restored meanwhile: it stays). */
  if (!(stmt = _byline_store_prepare (db,
                        "DELETE FROM articles WHERE id = ?1 AND trashed_at IS NOT NULL "
                        "AND NOT EXISTS (SELECT 1 FROM remote_links WHERE article_id = ?1) "
                        "AND NOT EXISTS (SELECT 1 FROM outbox WHERE article_id = ?1)",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->article_id, -1, SQLITE_TRANSIENT);
  if (!step_done (db, stmt, doing, error))
    return FALSE;
  if (sqlite3_changes (db) > 0)
    return TRUE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Still linked elsewhere: waiting for the other sites. */
  if (!(stmt = _byline_store_prepare (db, "SELECT count(*) FROM outbox WHERE article_id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->article_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  return set_state (db, data->article_id,
                    sqlite3_column_int64 (stmt, 0) > 0 ? BYLINE_SYNC_STATE_PENDING : BYLINE_SYNC_STATE_SYNCED,
                    doing, error);
}

gboolean
byline_store_outbox_deleted_sync (BylineStore   *self,
                                  gint64         entry_id,
                                  const char    *article_id,
                                  const char    *account,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  TxnData data = { 0, };

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  data.entry_id = entry_id;
  data.article_id = article_id;
  data.account = account;
  return run_transaction (self, _("record the article deleted on the site"), deleted_body, &data,
                          cancellable, error);
}
