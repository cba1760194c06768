/* byline-store.h: the local database of articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "model/byline-article.h"
#include "model/byline-article-snapshot.h"
#include "byline-article-summary.h"
#include "byline-history-entry.h"

G_BEGIN_DECLS

#define BYLINE_STORE_ERROR (byline_store_error_quark ())

typedef enum
{
  BYLINE_STORE_ERROR_FAILED,
  BYLINE_STORE_ERROR_NOT_OPEN,
  BYLINE_STORE_ERROR_NOT_FOUND,
  BYLINE_STORE_ERROR_CORRUPT,        /* integrity_check failed: the file was copied aside */
  BYLINE_STORE_ERROR_NEWER_SCHEMA,   /* written by a newer Byline: left untouched */
  BYLINE_STORE_ERROR_READ_ONLY,      /* folder or file not writable */
  BYLINE_STORE_ERROR_FULL,           /* the disk is full */
  BYLINE_STORE_ERROR_BUSY,           /* another process held the lock too long */
  BYLINE_STORE_ERROR_INVALID,        /* a stored document does not parse */
  BYLINE_STORE_ERROR_STALE,          /* stored meanwhile by sync: the save stood on an older version */
} BylineStoreError;

/* The schema version this build writes (PRAGMA user_version). */
#define BYLINE_STORE_SCHEMA_VERSION 10
/* Trashed articles older than this are deleted for good. */
#define BYLINE_STORE_TRASH_DAYS 30

#define BYLINE_TYPE_STORE (byline_store_get_type())

G_DECLARE_FINAL_TYPE (BylineStore, byline_store, BYLINE, STORE, GObject)

/* A store lives in one folder: "byline.db" (SQLite, WAL) and "media/".
 * Creating the object does no I/O; open it before use.  Every operation has
 * a _sync form (for byline-cli, tests and worker threads) and an
 * _async/_finish pair that runs the _sync form on a worker thread; the
 * main thread never waits for the disk.  One connection per BylineStore,
 * guarded by a mutex; other processes (byline-cli beside the window) use
 * their own connection, with WAL and a busy timeout.
 *
 * Signals:
 *   "articles-changed" (GStrv ids) — on the main context, after this store
 *   saved, trashed, restored or deleted an article, or noticed that another
 *   process changed the database (checked with PRAGMA data_version).  @ids
 *   names the articles whose own rows are all that changed (each was
 *   saved), so a list can re-read those rows alone; NULL when any article
 *   may have changed, been added or gone.
 */
GQuark         byline_store_error_quark        (void);
BylineStore   *byline_store_new                (const char           *directory);
const char    *byline_store_get_directory      (BylineStore          *self);
/* Folder for Byline's own copies of images ("<directory>/media"). */
char          *byline_store_get_media_directory (BylineStore         *self);

/* Creates the folder, opens or creates the database, checks
 * PRAGMA quick_check / integrity_check and the schema version, migrates an
 * older schema, and purges trash older than BYLINE_STORE_TRASH_DAYS.  A
 * corrupt file is copied aside (its name is in the error message) and never
 * overwritten; a newer schema is left untouched. */
gboolean       byline_store_open_sync          (BylineStore          *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           byline_store_open_async         (BylineStore          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       byline_store_open_finish        (BylineStore          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           byline_store_close              (BylineStore          *self);
/* TRUE when the last open created a new, empty database (first start:
 * the app then adds its sample article). */
gboolean       byline_store_get_created_new    (BylineStore          *self);

/* Articles not in the trash (or only those in it), newest modified first:
 * a GPtrArray of BylineArticleSummary. */
GPtrArray     *byline_store_list_sync          (BylineStore          *self,
                                                gboolean              trashed,
                                                GCancellable         *cancellable,
                                                GError              **error);
/* One article's row as byline_store_list_sync() gives it; NULL with a
 * BYLINE_STORE_ERROR_NOT_FOUND error when it is not there or in the trash. */
BylineArticleSummary *
               byline_store_get_summary_sync   (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           byline_store_list_async         (BylineStore          *self,
                                                gboolean              trashed,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray     *byline_store_list_finish        (BylineStore          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

BylineArticle *byline_store_load_sync          (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           byline_store_load_async         (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
BylineArticle *byline_store_load_finish        (BylineStore          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* The stored JSON document exactly as written, without parsing it
 * (byline-cli export; rescuing a document that no longer parses). */
char          *byline_store_get_document_sync  (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* Writes the snapshot in one transaction (insert or update).  Adds a history
 * entry holding the previous version when the last entry for this article is
 * older than 5 minutes or the word count moved by 100 or more since.  A
 * snapshot with a lower revision than one already written by this store
 * object for the same article is ignored (saves may finish out of order);
 * loading or restoring an article resets that record, since a freshly
 * loaded article counts its revisions from its own start.  Saving a
 * trashed article keeps it in the trash; "sync_state" is left alone.
 * A snapshot whose stored version (byline_article_get_stored_version()) is
 * older than the stored one is refused with BYLINE_STORE_ERROR_STALE and
 * changes nothing: sync replaced the text meanwhile, and the editor must
 * merge it in first (BylineAutosave does). */
gboolean       byline_store_save_sync          (BylineStore           *self,
                                                BylineArticleSnapshot *snapshot,
                                                GCancellable          *cancellable,
                                                GError               **error);
void           byline_store_save_async         (BylineStore           *self,
                                                BylineArticleSnapshot *snapshot,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean       byline_store_save_finish        (BylineStore           *self,
                                                GAsyncResult          *result,
                                                GError               **error);
/* Convenience: snapshot + save_sync. */
gboolean       byline_store_save_article_sync  (BylineStore           *self,
                                                BylineArticle         *article,
                                                GCancellable          *cancellable,
                                                GError               **error);

/* The stored version of @id (0 for an article never replaced from outside
 * its editor); a cheap read, without the document. */
gboolean       byline_store_get_version_sync   (BylineStore           *self,
                                                const char            *id,
                                                guint64               *version,
                                                GCancellable          *cancellable,
                                                GError               **error);

/* Trash: trashing is undoable (untrash) until the trash is purged. */
gboolean       byline_store_trash_sync         (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GError              **error);
gboolean       byline_store_untrash_sync       (BylineStore          *self,
                                                const char           *id,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           byline_store_trash_async        (BylineStore          *self,
                                                const char           *id,
                                                gboolean              trash,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       byline_store_trash_finish       (BylineStore          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* Deletes for good what was trashed before @older_than (NULL: everything
 * in the trash); returns how many articles went.  An article linked to a
 * CMS post is not deleted here: a delete of the post is queued for each
 * account (the sync engine sends it, conditional on the post being as
 * last synced), the article stays in the trash with state pending until
 * the site has it, and counts among the returned ones.  Restoring it
 * (untrash) before then cancels the delete and queues a push instead. */
guint          byline_store_purge_trash_sync   (BylineStore          *self,
                                                GDateTime            *older_than,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* History: earlier versions, newest first (GPtrArray of BylineHistoryEntry). */
GPtrArray     *byline_store_list_history_sync  (BylineStore          *self,
                                                const char           *article_id,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           byline_store_list_history_async (BylineStore          *self,
                                                const char           *article_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray     *byline_store_list_history_finish (BylineStore         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
BylineArticle *byline_store_load_history_sync  (BylineStore          *self,
                                                gint64                entry_id,
                                                GCancellable         *cancellable,
                                                GError              **error);
/* Makes an earlier version current again; the version it replaces becomes a
 * history entry first, so restoring is itself undoable.  Returns the
 * restored article as now stored. */
BylineArticle *byline_store_restore_history_sync (BylineStore        *self,
                                                gint64                entry_id,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* The sync layer's per-article state (shown as a badge in the list). */
gboolean       byline_store_set_sync_state_sync (BylineStore         *self,
                                                const char           *id,
                                                BylineSyncState       state,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* Sync bookkeeping (schema version 2, byline-store-sync.c; docs/sync.md).
 * The sync engine owns these tables; nothing else writes them. */

/* One pending write to a CMS account.  "next_attempt_at" is UTC
 * microseconds, or 0 when the entry is held until the journalist acts (an
 * error the server will not get over by itself, or a conflict). */
typedef struct
{
  gint64   id;
  char    *article_id;
  char    *account;
  char    *op;               /* "push" or "delete" */
  guint64  revision;         /* the article's revision when enqueued */
  gint64   created_at;
  guint    attempts;
  gint64   next_attempt_at;
  char    *last_error;       /* NULL until an attempt failed */
} BylineOutboxEntry;

void               byline_outbox_entry_free          (BylineOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineOutboxEntry, byline_outbox_entry_free)

/* What Byline knows about an article's copy on one account. */
typedef struct
{
  char    *article_id;
  char    *account;
  char    *remote_id;
  char    *version_token;    /* the CMS's version at the last sync */
  char    *base_document;    /* the article as last synced: the merge base */
  gint64   synced_at;
} BylineRemoteLink;

BylineRemoteLink  *byline_remote_link_new            (const char        *article_id,
                                                      const char        *account,
                                                      const char        *remote_id,
                                                      const char        *version_token,
                                                      const char        *base_document);
void               byline_remote_link_free           (BylineRemoteLink  *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineRemoteLink, byline_remote_link_free)

/* Saves the snapshot (as byline_store_save_sync) and, in the same
 * transaction, enqueues a push of it to @account and sets its sync state
 * to pending.  A push already waiting for this article and account is
 * replaced (so a held entry is released: a new push re-enables it). */
gboolean   byline_store_save_and_enqueue_sync   (BylineStore            *self,
                                                 BylineArticleSnapshot  *snapshot,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
void       byline_store_save_and_enqueue_async  (BylineStore            *self,
                                                 BylineArticleSnapshot  *snapshot,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean   byline_store_save_and_enqueue_finish (BylineStore            *self,
                                                 GAsyncResult           *result,
                                                 GError                **error);
/* Enqueues a push of the article as stored (byline-cli sync). */
gboolean   byline_store_enqueue_sync            (BylineStore            *self,
                                                 const char             *article_id,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* Saves a merged (or resolved) article, replaces the link (new token and
 * base) and enqueues a push of it, in one transaction; drops the kept
 * server copy.  Used after a merge and when a conflict is resolved.  Like
 * every write of sync's it replaces the text from outside the editor:
 * conditional on the stored document being @expected_document (NULL:
 * unconditional; BYLINE_STORE_ERROR_STALE when it changed meanwhile), the
 * replaced text kept in the history, the stored version raised. */
gboolean   byline_store_save_merged_sync        (BylineStore            *self,
                                                 BylineArticleSnapshot  *snapshot,
                                                 const char             *expected_document,
                                                 const BylineRemoteLink *link,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* Saves an article fetched from a CMS with its link (base = the document as
 * stored), state synced, no outbox entry: opening a remote article, or
 * taking in a server change the journalist had not touched.  Conditional
 * on @expected_document as byline_store_save_merged_sync(). */
gboolean   byline_store_save_pulled_sync        (BylineStore            *self,
                                                 BylineArticleSnapshot  *snapshot,
                                                 const char             *expected_document,
                                                 const char             *account,
                                                 const char             *remote_id,
                                                 const char             *version_token,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

/* The editor's text (@snapshot, mine where they conflict) could not be
 * merged cleanly with what sync stored meanwhile (@theirs_document, merged
 * from @base_document): saves it (as an editor's save, refused if the
 * stored version moved on again) and, for every account the article is
 * linked to, keeps @theirs_document with @base_document as a conflict to
 * resolve, holds the push with @message and sets the state to conflict,
 * in one transaction.  *@n_accounts: how many accounts (0: the article is
 * linked to none, and only the text was saved). */
gboolean   byline_store_save_local_conflict_sync (BylineStore           *self,
                                                  BylineArticleSnapshot *snapshot,
                                                  const char            *theirs_document,
                                                  const char            *base_document,
                                                  const char            *message,
                                                  guint                 *n_accounts,
                                                  GCancellable          *cancellable,
                                                  GError               **error);

/* The outbox of @account (NULL: every account), oldest first: a GPtrArray
 * of BylineOutboxEntry, held entries included. */
GPtrArray *byline_store_list_outbox_sync        (BylineStore            *self,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* The outbox entry of @account (NULL: every account) to send now: the
 * oldest whose next attempt is due by @now (µs, real time), or NULL in
 * @due; @next_due gets the earliest attempt after @now (0: none).  Held
 * entries are neither.  Entries of @skip_article_id (NULL: none) are not
 * @due: the article whose push is on its way.  Reads two rows, not the
 * whole queue, so sending a queue of N entries does not read N² rows. */
gboolean   byline_store_next_outbox_sync        (BylineStore            *self,
                                                 const char             *account,
                                                 gint64                  now,
                                                 const char             *skip_article_id,
                                                 BylineOutboxEntry     **due,
                                                 gint64                 *next_due,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* The push went through: deletes the entry, stores the link (the server's
 * id and token, @base_document as the new merge base) and sets the sync
 * state (synced, or pending when a newer entry waits), in one transaction.
 * An entry replaced meanwhile by a newer push is left alone. */
gboolean   byline_store_outbox_done_sync        (BylineStore            *self,
                                                 gint64                  entry_id,
                                                 const BylineRemoteLink *link,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* A delete went through (or the post was gone already): deletes the entry
 * and the link, and the article itself when it is still in the trash and
 * no other account holds it, in one transaction.  An entry replaced
 * meanwhile (the article was restored) only loses its link. */
gboolean   byline_store_outbox_deleted_sync     (BylineStore            *self,
                                                 gint64                  entry_id,
                                                 const char             *article_id,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* An attempt failed: attempts + 1, the next attempt at @next_attempt_at
 * (UTC microseconds; 0 holds the entry), the message, and the article's
 * sync state, in one transaction. */
gboolean   byline_store_outbox_failed_sync      (BylineStore            *self,
                                                 gint64                  entry_id,
                                                 gint64                  next_attempt_at,
                                                 const char             *message,
                                                 BylineSyncState         state,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* Every waiting (not held) entry of @account becomes due now: the network
 * came back. */
gboolean   byline_store_outbox_retry_now_sync   (BylineStore            *self,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

/* The link of an article on an account; *link is NULL when there is none. */
gboolean   byline_store_get_link_sync           (BylineStore            *self,
                                                 const char             *article_id,
                                                 const char             *account,
                                                 BylineRemoteLink      **link,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* The links of @account (GPtrArray of BylineRemoteLink). */
GPtrArray *byline_store_list_links_sync         (BylineStore            *self,
                                                 const char             *account,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
gboolean   byline_store_set_link_sync           (BylineStore            *self,
                                                 const BylineRemoteLink *link,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

/* The server's copy kept while an article is in conflict (for the conflict
 * view), with its version token: the entry is held and the sync state set
 * to conflict in the same transaction. */
gboolean   byline_store_set_conflict_sync       (BylineStore            *self,
                                                 gint64                  entry_id,
                                                 const char             *article_id,
                                                 const char             *account,
                                                 const char             *remote_document,
                                                 const char             *remote_version,
                                                 const char             *message,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* *document and *version are NULL when no server copy is kept.
 * *base_document is NULL for a conflict with the site (its base is the
 * link's), and set for one found in the editor (the text merged from). */
gboolean   byline_store_get_remote_copy_sync    (BylineStore            *self,
                                                 const char             *article_id,
                                                 const char             *account,
                                                 char                  **document,
                                                 char                  **version,
                                                 char                  **base_document,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

G_END_DECLS
