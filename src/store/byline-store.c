/* byline-store.c: the local database of articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "byline-store.h"
#include "byline-store-private.h"
#include "model/byline-article-format.h"

#define DB_NAME              "byline.db"
#define BUSY_TIMEOUT_MS      5000
#define POLL_INTERVAL_S      2
#define HISTORY_INTERVAL_US  (5 * 60 * G_USEC_PER_SEC)
#define HISTORY_WORD_DELTA   100
/* Page cache (KiB) and WAL length (pages) before a checkpoint: see
 * open_locked(). */
#define CACHE_KIB            16384
#define WAL_CHECKPOINT_PAGES 4000
/* How much nicer than the rest of the process the writer thread runs. */
#define WRITER_NICE          10

/* What this store object last wrote for one article, to drop saves that
 * finish out of order. */
typedef struct
{
  guint64 revision;
  gint64  modified;
} Written;

struct _BylineStore
{
  GObject       parent_instance;

  char         *directory;
  /* Where "articles-changed" is emitted: the thread-default context of
   * whoever created the store (the GTK main loop in the app). */
  GMainContext *context;

  /* Guards everything below: the connection is used from worker threads. */
  GMutex        mutex;
  sqlite3      *db;
  GHashTable   *written;        /* id → Written */
  gint64        data_version;
  GSource      *poll_source;

  /* The writer thread that runs the _async writes, one at a time in the
   * order they were asked for; started by the first.  Not guarded by the
   * mutex: set once (g_once_init_enter), cleared in finalize. */
  GAsyncQueue  *writer_queue;   /* of WriterJob */
  GThread      *writer;

  /* What the next "articles-changed" tells: the articles whose own rows
   * are all that changed (their saves), or that anything may have. */
  GMutex        emit_mutex;
  GPtrArray    *pending_ids;    /* of char *, guarded by emit_mutex */
  gboolean      pending_all;    /* guarded by emit_mutex */
  gboolean      emit_pending;   /* guarded by emit_mutex */
  int           poll_in_flight; /* atomic */
  guint         created_new : 1;
};

G_DEFINE_FINAL_TYPE (BylineStore, byline_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (byline-store-error-quark, byline_store_error)

enum {
  PROP_0,
  PROP_DIRECTORY,
  N_PROPS
};

enum {
  ARTICLES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char schema_sql[] =
  "CREATE TABLE articles ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  headline TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'draft',"
  "  sync_state TEXT NOT NULL DEFAULT 'local',"
  "  created INTEGER NOT NULL,"
  "  modified INTEGER NOT NULL,"
  "  word_count INTEGER NOT NULL DEFAULT 0,"
  "  revision INTEGER NOT NULL DEFAULT 0,"
  "  document TEXT NOT NULL,"
  "  trashed_at INTEGER"
  ");"
  "CREATE INDEX articles_list ON articles (trashed_at, modified DESC);"
  "CREATE TABLE history ("
  "  id INTEGER PRIMARY KEY,"
  "  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  saved_at INTEGER NOT NULL,"
  "  headline TEXT NOT NULL DEFAULT '',"
  "  word_count INTEGER NOT NULL DEFAULT 0,"
  "  document TEXT NOT NULL"
  ");"
  "CREATE INDEX history_article ON history (article_id, saved_at DESC);";

/* Version 9: the list's index holds everything the list shows, so listing
 * reads the index alone.  Before, each row was looked up in the table,
 * whose leaf pages hold the short articles' whole documents: listing 1,000
 * articles read 2.7 MB of them into the cache (and kept it), 27 ms; now
 * 0.2 MB, 2 ms.  10,000: 17.4 MB and 125 ms before, 1.5 MB and 22 ms now
 * (docs/store.md). */
static const char schema_v9_sql[] =
  "DROP INDEX articles_list;"
  "CREATE INDEX articles_list ON articles (trashed_at, modified DESC, id, headline, status, word_count);";

/* Version 10: each article's document in a table of its own, as the
 * last column of its row.  A save streams the document into a zeroblob()
 * of its size (stream_document()); SQLite keeps a zeroblob unexpanded
 * only at the end of a row, and in `articles` the document was followed by
 * trashed_at and version, so every save built a record the size of the
 * story.  articles.document stays, empty and unread, as sync_state did:
 * dropping it would rebuild the table. */
static const char schema_v10_sql[] =
  "CREATE TABLE article_documents ("
  "  article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  document TEXT NOT NULL"
  ");"
  "INSERT INTO article_documents (article_id, document) SELECT id, document FROM articles;"
  "UPDATE articles SET document = '';";

/* Time helpers: the database keeps UTC microseconds since the epoch.
 * (g_date_time_to_unix_usec() is newer than GLib 2.74.) */

static gint64
datetime_to_usec (GDateTime *dt)
{
  if (dt == NULL)
    return g_get_real_time ();

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static GDateTime *
usec_to_datetime (gint64 usec)
{
  g_autoptr(GDateTime) seconds = NULL;
  gint64 secs = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;

  if (rest < 0)
    {
      rest += G_USEC_PER_SEC;
      secs--;
    }

  seconds = g_date_time_new_from_unix_utc (secs);
  if (seconds == NULL)
    return NULL;

  return g_date_time_add (seconds, rest);
}

static char *
db_path (BylineStore *self)
{
  return g_build_filename (self->directory, DB_NAME, NULL);
}

/* Turns a SQLite failure into a message a journalist can act on.  Call with
 * the mutex held so sqlite3_errmsg() belongs to this failure. */
static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *doing)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FULL,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("The disk is full: could not %s. Free some space; Byline keeps your text in memory and tries again."),
                   doing);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_BUSY,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("Another program kept the article store locked for too long: could not %s."),
                   doing);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("The article store cannot be written: could not %s (%s)."),
                   doing, detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("The article store is damaged: could not %s (%s). Restart Byline to have it checked."),
                   doing, detail);
      break;

    default:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("Could not %s: %s"), doing, detail);
      break;
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *doing,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, doing);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Runs a statement that returns no rows. */
static gboolean
step_done (sqlite3      *db,
           sqlite3_stmt *stmt,
           const char   *doing,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  /* Fails harmlessly when SQLite already rolled back on its own. */
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
check_open (BylineStore  *self,
            GError      **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_OPEN,
                           _("The article store is not open."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
errno_is_read_only (int saved_errno)
{
  return saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS;
}

/* "articles-changed" always reaches listeners on the store's own context,
 * whichever thread noticed the change; bursts of saves coalesce into one
 * emission. */

static gboolean
emit_changed_cb (gpointer data)
{
  g_autoptr(BylineStore) self = g_weak_ref_get (data);
  g_auto(GStrv) ids = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->emit_mutex);
  if (!self->pending_all)
    {
      g_ptr_array_add (self->pending_ids, NULL);
      ids = (GStrv) g_ptr_array_steal (self->pending_ids, NULL);
    }
  g_ptr_array_set_size (self->pending_ids, 0);
  self->pending_all = FALSE;
  self->emit_pending = FALSE;
  g_mutex_unlock (&self->emit_mutex);

  g_signal_emit (self, signals[ARTICLES_CHANGED], 0, ids);

  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* @id: the one article whose row is all this changed, or NULL when any
 * article may have changed. */
static void
schedule_changes (BylineStore *self,
                  const char  *id)
{
  g_autoptr(GSource) source = NULL;
  gboolean scheduled;

  g_mutex_lock (&self->emit_mutex);
  if (id == NULL)
    {
      self->pending_all = TRUE;
      g_ptr_array_set_size (self->pending_ids, 0);
    }
  else if (!self->pending_all &&
           !g_ptr_array_find_with_equal_func (self->pending_ids, id, g_str_equal, NULL))
    g_ptr_array_add (self->pending_ids, g_strdup (id));
  scheduled = self->emit_pending;
  self->emit_pending = TRUE;
  g_mutex_unlock (&self->emit_mutex);

  if (scheduled)
    return;

  source = g_idle_source_new ();
  g_source_set_name (source, "[byline] articles-changed");
  g_source_set_callback (source, emit_changed_cb, weak_ref_new (self), weak_ref_free);
  g_source_attach (source, self->context);
}

static void
schedule_changed (BylineStore *self)
{
  schedule_changes (self, NULL);
}

/* Watching other processes: PRAGMA data_version on our connection moves
 * when another connection (byline-cli, a second window) committed. */

static gboolean
read_data_version (sqlite3 *db,
                   gint64  *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static void
poll_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BylineStore *self = source_object;
  gboolean changed = FALSE;
  gint64 version;

  g_mutex_lock (&self->mutex);
  if (self->db != NULL && read_data_version (self->db, &version))
    {
      changed = version != self->data_version;
      self->data_version = version;
    }
  g_mutex_unlock (&self->mutex);

  g_task_return_boolean (task, changed);
}

static void
poll_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BylineStore *self = BYLINE_STORE (object);

  g_atomic_int_set (&self->poll_in_flight, 0);
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    schedule_changed (self);
}

static gboolean
poll_cb (gpointer data)
{
  g_autoptr(BylineStore) self = g_weak_ref_get (data);
  g_autoptr(GTask) task = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  /* A slow disk must not pile up checks. */
  if (!g_atomic_int_compare_and_exchange (&self->poll_in_flight, 0, 1))
    return G_SOURCE_CONTINUE;

  task = g_task_new (self, NULL, poll_done_cb, NULL);
  g_task_set_source_tag (task, poll_cb);
  g_task_set_name (task, "[byline] store poll");
  g_task_run_in_thread (task, poll_thread);

  return G_SOURCE_CONTINUE;
}

/* Called with the mutex held. */
static void
start_polling (BylineStore *self)
{
  if (self->poll_source != NULL)
    return;

  self->poll_source = g_timeout_source_new_seconds (POLL_INTERVAL_S);
  g_source_set_name (self->poll_source, "[byline] store poll");
  g_source_set_callback (self->poll_source, poll_cb, weak_ref_new (self), weak_ref_free);
  g_source_attach (self->poll_source, self->context);
}

/* Called with the mutex held. */
static void
stop_polling (BylineStore *self)
{
  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
}

/* GObject */

static void
byline_store_dispose (GObject *object)
{
  byline_store_close (BYLINE_STORE (object));

  G_OBJECT_CLASS (byline_store_parent_class)->dispose (object);
}

static void stop_writer (BylineStore *self);

static void
byline_store_finalize (GObject *object)
{
  BylineStore *self = (BylineStore *)object;

  stop_writer (self);

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->written, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->pending_ids, g_ptr_array_unref);
  g_mutex_clear (&self->emit_mutex);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (byline_store_parent_class)->finalize (object);
}

static void
byline_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BylineStore *self = BYLINE_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BylineStore *self = BYLINE_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_store_class_init (BylineStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_store_dispose;
  object_class->finalize = byline_store_finalize;
  object_class->get_property = byline_store_get_property;
  object_class->set_property = byline_store_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ARTICLES_CHANGED] =
    g_signal_new ("articles-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
byline_store_init (BylineStore *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->emit_mutex);
  self->pending_ids = g_ptr_array_new_with_free_func (g_free);
  self->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->context = g_main_context_ref_thread_default ();
}

/**
 * byline_store_new:
 * @directory: the folder that holds (or will hold) byline.db and media/
 *
 * Returns: (transfer full): a closed store; no I/O happens here.
 */
BylineStore *
byline_store_new (const char *directory)
{
  g_return_val_if_fail (directory != NULL, NULL);

  return g_object_new (BYLINE_TYPE_STORE, "directory", directory, NULL);
}

const char *
byline_store_get_directory (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);

  return self->directory;
}

char *
byline_store_get_media_directory (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);

  return g_build_filename (self->directory, "media", NULL);
}

gboolean
byline_store_get_created_new (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);

  return self->created_new;
}

/* Opening */

static gboolean
copy_if_exists (const char  *from,
                const char  *to,
                GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) destination = g_file_new_for_path (to);

  if (!g_file_test (from, G_FILE_TEST_EXISTS))
    return TRUE;

  /* G_FILE_COPY_NONE: never overwrite anything. */
  return g_file_copy (source, destination, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
}

/* Keeps a copy of a damaged store (with its -wal and -shm, which may hold
 * the newest commits) and reports it.  The original stays where it is. */
static void
set_corrupt_error (const char  *path,
                   const char  *check,
                   const char  *detail,
                   GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *copy = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  g_autoptr(GError) copy_error = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint n = 2; g_file_test (copy, G_FILE_TEST_EXISTS); n++)
    {
      g_free (copy);
      copy = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes) && copy_error == NULL; i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (copy, suffixes[i], NULL);

      copy_if_exists (from, to, &copy_error);
    }

  if (copy_error != NULL)
    g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                 _("The article store “%s” is damaged (%s failed: %s). Copying it aside as “%s” failed too (%s). Nothing was overwritten."),
                 path, check, detail, copy, copy_error->message);
  else
    g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                 _("The article store “%s” is damaged (%s failed: %s). A copy was saved as “%s”; nothing was overwritten."),
                 path, check, detail, copy);
}

static gboolean
is_corruption (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* Looks at an existing file through a read-only connection, so a newer or
 * damaged store is never written to. */
static gboolean
check_existing (const char  *path,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  sqlite3 *ro = NULL;
  gint64 version = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &ro, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  sqlite3_busy_timeout (ro, BUSY_TIMEOUT_MS);

  rc = sqlite3_prepare_v2 (ro, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto failed;
  version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > BYLINE_STORE_SCHEMA_VERSION)
    {
      sqlite3_close_v2 (ro);
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA,
                   _("The article store “%s” was written by a newer version of Byline (schema %lld, this version knows %d). It was left untouched; update Byline to open it."),
                   path, (long long) version, BYLINE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == 0)
    {
      /* Version 0 with tables in it is some other program's database. */
      rc = sqlite3_prepare_v2 (ro, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        goto failed;
      if (sqlite3_column_int64 (stmt, 0) != 0)
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          sqlite3_close_v2 (ro);
          g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                       _("“%s” is an SQLite database, but not a Byline article store. It was left untouched."),
                       path);
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  rc = sqlite3_prepare_v2 (ro, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row = (const char *)sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (row, "ok") != 0 && detail == NULL)
        detail = g_strdup (row ? row : "?");
    }
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (ro);

  if (detail != NULL)
    {
      set_corrupt_error (path, "PRAGMA quick_check", detail, error);
      return FALSE;
    }

  return TRUE;

failed:
  detail = g_strdup (ro ? sqlite3_errmsg (ro) : sqlite3_errstr (rc));
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (ro);

  if (is_corruption (rc))
    set_corrupt_error (path, "PRAGMA quick_check", detail, error);
  else if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_PERM)
    g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                 _("The article store “%s” cannot be opened: %s"), path, detail);
  else
    g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                 _("The article store “%s” cannot be read: %s"), path, detail);
  return FALSE;
}

/* Creates the schema or checks it, inside one write transaction so two
 * processes starting at once cannot both create it. */
static gboolean
migrate (BylineStore  *self,
         sqlite3      *db,
         const char   *path,
         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 version;
  int rc;

  if (!exec_sql (db, "BEGIN IMMEDIATE", _("open the article store"), error))
    return FALSE;

  if (!(stmt = prepare (db, "PRAGMA user_version", _("open the article store"), error)))
    goto failed;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_sqlite_error (error, db, rc, _("open the article store"));
      goto failed;
    }
  version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > BYLINE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA,
                   _("The article store “%s” was written by a newer version of Byline (schema %lld, this version knows %d). It was left untouched; update Byline to open it."),
                   path, (long long) version, BYLINE_STORE_SCHEMA_VERSION);
      goto failed;
    }

  if (version == 0)
    {
      /* Version 0 with tables in it is some other program's database. */
      if (!(stmt = prepare (db, "SELECT count(*) FROM sqlite_master", _("open the article store"), error)))
        goto failed;
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          set_sqlite_error (error, db, rc, _("open the article store"));
          goto failed;
        }
      if (sqlite3_column_int64 (stmt, 0) != 0)
        {
          g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                       _("“%s” is an SQLite database, but not a Byline article store. It was left untouched."),
                       path);
          goto failed;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (!exec_sql (db, schema_sql, _("create the article store"), error))
        goto failed;

      /* A new store is a version 1 store migrated below, so both paths
       * end with the same schema. */
      version = 1;
      self->created_new = TRUE;
    }

  /* Later schema versions migrate here, one step at a time, all in this
   * transaction: an upgrade either completes or leaves version 1 as it was. */
  if (version < 2 && !_byline_store_migrate_v2 (db, error))
    goto failed;
  if (version < 3 && !_byline_store_migrate_v3 (db, error))
    goto failed;
  if (version < 4 && !_byline_store_migrate_v4 (db, error))
    goto failed;
  if (version < 5 && !_byline_store_migrate_v5 (db, error))
    goto failed;
  if (version < 6 && !_byline_store_migrate_v6 (db, error))
    goto failed;
  if (version < 7 && !_byline_store_migrate_v7 (db, error))
    goto failed;
  if (version < 8 && !_byline_store_migrate_v8 (db, error))
    goto failed;
  if (version < 9 && !exec_sql (db, schema_v9_sql, _("upgrade the article store"), error))
    goto failed;
  if (version < 10 && !exec_sql (db, schema_v10_sql, _("upgrade the article store"), error))
    goto failed;

  if (version < BYLINE_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", BYLINE_STORE_SCHEMA_VERSION);

      if (!exec_sql (db, set_version, _("upgrade the article store"), error))
        goto failed;
    }

  return exec_sql (db, "COMMIT", _("open the article store"), error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (db);
  return FALSE;
}

static guint
purge_locked (BylineStore  *self,
              gint64        older_than,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("empty the trash");
  guint removed, queued = 0;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", doing, error))
    return 0;

  /* Articles on a site go when the site has them (the sync's deletes). */
  if (!_byline_store_queue_deletes (self->db, older_than, &queued, error))
    goto failed;

  if (!(stmt = prepare (self->db,
                        "DELETE FROM articles WHERE trashed_at IS NOT NULL AND trashed_at < ?1 "
                        "AND NOT EXISTS (SELECT 1 FROM remote_links l WHERE l.article_id = articles.id)",
                        doing, error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, older_than);
  if (!step_done (self->db, stmt, doing, error))
    goto failed;
  removed = sqlite3_changes (self->db) + queued;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!exec_sql (self->db, "COMMIT", doing, error))
    goto failed;

  return removed;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (self->db);
  return 0;
}

static gboolean
open_locked (BylineStore   *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *path = db_path (self);
  g_autofree char *media = g_build_filename (self->directory, "media", NULL);
  g_autoptr(GError) purge_error = NULL;
  sqlite3 *db = NULL;
  gboolean existed;
  int rc;

  self->created_new = FALSE;

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BYLINE_STORE_ERROR,
                   errno_is_read_only (saved_errno) ? BYLINE_STORE_ERROR_READ_ONLY : BYLINE_STORE_ERROR_FAILED,
                   _("Could not create the article folder “%s”: %s"),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_access (self->directory, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("The article folder “%s” is read-only (%s); Byline cannot save there."),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_mkdir_with_parents (media, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BYLINE_STORE_ERROR,
                   errno_is_read_only (saved_errno) ? BYLINE_STORE_ERROR_READ_ONLY : BYLINE_STORE_ERROR_FAILED,
                   _("Could not create the media folder “%s”: %s"),
                   media, g_strerror (saved_errno));
      return FALSE;
    }

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed)
    {
      if (g_access (path, W_OK) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                       _("The article store “%s” is read-only (%s); Byline cannot save there."),
                       path, g_strerror (saved_errno));
          return FALSE;
        }

      if (!check_existing (path, error))
        return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_PERM)
        g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                     _("The article store “%s” cannot be opened for writing: %s"),
                     path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      else
        set_sqlite_error (error, db, rc, _("open the article store"));
      goto failed;
    }

  if (sqlite3_db_readonly (db, "main") == 1)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("The article store “%s” is read-only; Byline cannot save there."),
                   path);
      goto failed;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* WAL: readers (byline-cli, the list) never block the writer, and a
   * crash cannot leave a half-written transaction.  synchronous=FULL syncs
   * the WAL at every commit, so a power cut loses no saved word either;
   * the fsync happens on a worker thread. */
  if (!exec_sql (db, "PRAGMA journal_mode = WAL", _("open the article store"), error) ||
      !exec_sql (db, "PRAGMA synchronous = FULL", _("open the article store"), error) ||
      !exec_sql (db, "PRAGMA foreign_keys = ON", _("open the article store"), error))
    goto failed;

  /* Saving a long article replaces its document's overflow pages: SQLite
   * reads the old chain to free it and writes a new one, and every few
   * saves a checkpoint copies them into byline.db.  A page cache that
   * holds both chains (the default 2 MB does not, for a 1.7 MB document)
   * spares re-reading them from the file, and a longer WAL lets one
   * checkpoint cover many saves that reuse the same pages.  Neither
   * changes what a commit guarantees. */
  if (!exec_sql (db, "PRAGMA cache_size = -" G_STRINGIFY (CACHE_KIB), _("open the article store"), error) ||
      !exec_sql (db, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (WAL_CHECKPOINT_PAGES), _("open the article store"), error))
    goto failed;

  if (!migrate (self, db, path, error))
    goto failed;

  self->db = db;

  if (purge_locked (self, g_get_real_time () - (gint64)BYLINE_STORE_TRASH_DAYS * G_TIME_SPAN_DAY,
                    &purge_error) == 0 && purge_error != NULL)
    g_debug ("Could not purge old trash: %s", purge_error->message);

  if (!read_data_version (db, &self->data_version))
    self->data_version = 0;

  start_polling (self);

  return TRUE;

failed:
  if (db != NULL)
    sqlite3_close_v2 (db);

  /* A file we created and could not set up is not a store; leave nothing
   * behind that looks like one. */
  if (!existed && !self->created_new)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0 && st.st_size == 0)
        {
          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
    }

  self->created_new = FALSE;
  return FALSE;
}

gboolean
byline_store_open_sync (BylineStore   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  gboolean ret = TRUE;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (self->db == NULL)
    ret = open_locked (self, cancellable, error);
  g_mutex_unlock (&self->mutex);

  return ret;
}

void
byline_store_close (BylineStore *self)
{
  g_return_if_fail (BYLINE_IS_STORE (self));

  g_mutex_lock (&self->mutex);
  stop_polling (self);
  if (self->db != NULL)
    {
      /* The last connection to close checkpoints the WAL into byline.db. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_hash_table_remove_all (self->written);
  g_mutex_unlock (&self->mutex);
}

/* Listing */

static BylineArticleSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) trashed_at = NULL;
  BylineArticleStatus status = BYLINE_ARTICLE_STATUS_DRAFT;
  BylineSyncState sync_state = BYLINE_SYNC_STATE_LOCAL;

  /* An unknown name (a newer Byline's status) shows as the safest value. */
  byline_article_status_from_string ((const char *)sqlite3_column_text (stmt, 2), &status);
  byline_sync_state_from_string ((const char *)sqlite3_column_text (stmt, 3), &sync_state);
  modified = usec_to_datetime (sqlite3_column_int64 (stmt, 4));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    trashed_at = usec_to_datetime (sqlite3_column_int64 (stmt, 6));

  return byline_article_summary_new ((const char *)sqlite3_column_text (stmt, 0),
                                     (const char *)sqlite3_column_text (stmt, 1),
                                     status,
                                     sync_state,
                                     modified,
                                     (guint)CLAMP (sqlite3_column_int64 (stmt, 5), 0, G_MAXUINT),
                                     trashed_at);
}

static void set_not_found (GError     **error,
                           const char  *id);

/* The columns summary_from_row() reads. */
#define SELECT_SUMMARY \
  "SELECT id, headline, status, coalesce (s.state, 'local'), modified, word_count, trashed_at " \
  "FROM articles LEFT JOIN article_sync s ON s.article_id = id "

BylineArticleSummary *
byline_store_get_summary_sync (BylineStore   *self,
                               const char    *id,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  BylineArticleSummary *summary = NULL;
  const char *doing = _("list the articles");
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error) ||
      !(stmt = prepare (self->db, SELECT_SUMMARY "WHERE id = ?1 AND trashed_at IS NULL", doing, error)))
    goto out;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    summary = summary_from_row (stmt);
  else if (rc == SQLITE_DONE)
    set_not_found (error, id);
  else
    set_sqlite_error (error, self->db, rc, doing);

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  return summary;
}

GPtrArray *
byline_store_list_sync (BylineStore   *self,
                        gboolean       trashed,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *doing = _("list the articles");
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!(stmt = prepare (self->db,
                        trashed
                        ? SELECT_SUMMARY "WHERE trashed_at IS NOT NULL ORDER BY modified DESC, id"
                        : SELECT_SUMMARY "WHERE trashed_at IS NULL ORDER BY modified DESC, id",
                        doing, error)))
    goto out;

  list = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, summary_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, doing);
      g_clear_pointer (&list, g_ptr_array_unref);
    }

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&list);
}

/* Loading */

static void
set_not_found (GError     **error,
               const char  *id)
{
  g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
               _("There is no article “%s” in the store."), id);
}

static BylineArticle *
parse_document (const char  *document,
                const char  *what,
                GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  BylineArticle *article;

  article = byline_article_new_from_json (document, -1, &parse_error);
  if (article == NULL)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_INVALID,
                   _("The stored document of %s cannot be read: %s"),
                   what, parse_error ? parse_error->message : _("unknown error"));
      return NULL;
    }

  return article;
}

static char *
read_document (BylineStore   *self,
               const char    *id,
               gboolean       forget_revision,
               guint64       *stored_version,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("load the article");
  char *document = NULL;
  int rc;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!(stmt = prepare (self->db,
                        "SELECT d.document, a.version FROM articles a "
                        "JOIN article_documents d ON d.article_id = a.id WHERE a.id = ?1",
                        doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      document = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      if (stored_version != NULL)
        *stored_version = (guint64) MAX (sqlite3_column_int64 (stmt, 1), 0);
      /* A freshly loaded article counts its revisions from scratch. */
      if (forget_revision)
        g_hash_table_remove (self->written, id);
    }
  else if (rc == SQLITE_DONE)
    set_not_found (error, id);
  else
    set_sqlite_error (error, self->db, rc, doing);

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  return document;
}

BylineArticle *
byline_store_load_sync (BylineStore   *self,
                        const char    *id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *document = NULL;
  g_autofree char *what = NULL;
  guint64 stored_version = 0;
  BylineArticle *article;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!(document = read_document (self, id, TRUE, &stored_version, error)))
    return NULL;

  /* Parsing a long story is real work: keep it outside the lock. */
  /* Translators: completes "The stored document of %s cannot be read" */
  what = g_strdup_printf (_("article “%s”"), id);
  article = parse_document (document, what, error);
  if (article != NULL)
    byline_article_set_stored_version (article, stored_version);
  return article;
}

char *
byline_store_get_document_sync (BylineStore   *self,
                                const char    *id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return read_document (self, id, FALSE, NULL, error);
}

gboolean
byline_store_get_version_sync (BylineStore   *self,
                               const char    *id,
                               guint64       *version,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("load the article");
  gboolean ret = FALSE;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;
  if (!(stmt = prepare (self->db, "SELECT version FROM articles WHERE id = ?1", doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = (guint64) MAX (sqlite3_column_int64 (stmt, 0), 0);
      ret = TRUE;
    }
  else if (rc == SQLITE_DONE)
    set_not_found (error, id);
  else
    set_sqlite_error (error, self->db, rc, doing);

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);
  return ret;
}

/* Saving */

/* What a save needs to know about the stored row.  Not the document: in a
 * 250,000-word article that is 1.7 MB copied out of SQLite on every
 * autosave, only to find (almost always) that it differs. */
typedef struct
{
  gboolean  exists;
  gint64    modified;
  guint64   version;
} CurrentRow;

static gboolean
read_current (sqlite3     *db,
              const char  *id,
              CurrentRow  *row,
              const char  *doing,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* "modified" comes before "document" in the row, so reading it never
   * touches the document's overflow pages. */
  if (!(stmt = prepare (db, "SELECT modified, version FROM articles WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      row->exists = FALSE;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  row->exists = TRUE;
  row->modified = sqlite3_column_int64 (stmt, 0);
  row->version = (guint64) MAX (sqlite3_column_int64 (stmt, 1), 0);
  return TRUE;
}

/* The stored document, for the one case that needs its bytes in C: a
 * stale sync save handing the newer stored text to its hook. */
static char *
read_current_document (sqlite3     *db,
                       const char  *id,
                       gsize       *len,
                       const char  *doing,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *document;
  int rc;

  if (!(stmt = prepare (db, "SELECT document FROM article_documents WHERE article_id = ?1", doing, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        set_not_found (error, id);
      else
        set_sqlite_error (error, db, rc, doing);
      return NULL;
    }

  *len = (gsize)sqlite3_column_bytes (stmt, 0);
  document = g_malloc (*len + 1);
  memcpy (document, sqlite3_column_text (stmt, 0), *len);
  document[*len] = '\0';
  return document;
}

/* Is the stored document byte for byte @expected (@expected_len bytes,
 * or up to its NUL when -1)?  Compared inside SQLite, without copying the
 * stored one out; CAST, as a streamed save stores a BLOB. */
static gboolean
document_is (sqlite3     *db,
             const char  *id,
             const char  *expected,
             gssize       expected_len,
             gboolean    *same,
             const char  *doing,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT CAST (document AS TEXT) = ?2 FROM article_documents WHERE article_id = ?1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, expected, (int) expected_len, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  *same = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  return TRUE;
}

/* Is the stored document byte for byte @document?  The document carries
 * its modified time to the microsecond, and the "modified" column is
 * written from the same snapshot in the same transaction, so a different
 * time means a different document and nothing is read.  Only when the
 * times agree (the same snapshot saved twice, an article saved back as it
 * was loaded) does SQLite compare the bytes, without copying them out. */
static gboolean
is_unchanged (sqlite3           *db,
              const CurrentRow  *current,
              const char        *id,
              gint64             modified,
              const char        *document,
              gsize              document_len,
              gboolean          *unchanged,
              const char        *doing,
              GError           **error)
{
  *unchanged = FALSE;
  if (!current->exists || current->modified != modified)
    return TRUE;

  return document_is (db, id, document, document_len, unchanged, doing, error);
}

/* Keeps the stored version of @id as a history entry.  The copy stays
 * inside SQLite: the document is never brought out into a C string. */
static gboolean
add_history (sqlite3     *db,
             const char  *id,
             const char  *doing,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (db,
                        "INSERT INTO history (article_id, saved_at, headline, word_count, document) "
                        "SELECT a.id, a.modified, a.headline, a.word_count, d.document "
                        "FROM articles a JOIN article_documents d ON d.article_id = a.id WHERE a.id = ?1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  return step_done (db, stmt, doing, error);
}

/* The history rule: keep the version being replaced when the newest entry
 * is more than five minutes old, or the text grew or shrank by a hundred
 * words or more since it. */
static gboolean
history_due (sqlite3     *db,
             const char  *id,
             guint        new_word_count,
             gboolean    *due,
             const char  *doing,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 saved_at;
  gint64 word_count;
  int rc;

  if (!(stmt = prepare (db,
                        "SELECT saved_at, word_count FROM history WHERE article_id = ?1 "
                        "ORDER BY saved_at DESC, id DESC LIMIT 1",
                        doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *due = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  saved_at = sqlite3_column_int64 (stmt, 0);
  word_count = sqlite3_column_int64 (stmt, 1);
  *due = g_get_real_time () - saved_at > HISTORY_INTERVAL_US ||
         ABS ((gint64)new_word_count - word_count) >= HISTORY_WORD_DELTA;
  return TRUE;
}

typedef struct
{
  const char          *id;
  const char          *headline;
  BylineArticleStatus  status;
  gint64               created;
  gint64               modified;
  guint                word_count;
  guint64              revision;
  guint64              stored_version;
  const char          *document;       /* glued, or NULL: streamed from snapshot */
  gsize                document_len;
  BylineArticleSnapshot *snapshot;
  const char          *standfirst;     /* the texts the search index keeps */
  const char          *body_start;
} NewVersion;

/* Streaming a document into the room a zeroblob() made for it, in
 * STREAM_CHUNK pieces through SQLite's incremental blob I/O. */
#define STREAM_CHUNK (64 * 1024)

typedef struct
{
  sqlite3_blob *blob;
  sqlite3      *db;
  const char   *doing;
  char         *buffer;         /* STREAM_CHUNK bytes */
  gsize         used;           /* of buffer */
  gsize         offset;         /* in the blob, of buffer[0] */
} Stream;

static gboolean
stream_flush (Stream  *stream,
              GError **error)
{
  int rc;

  if (stream->used == 0)
    return TRUE;
  if (stream->offset + stream->used > (gsize) sqlite3_blob_bytes (stream->blob))
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("Could not %s: the article grew while it was written."), stream->doing);
      return FALSE;
    }
  rc = sqlite3_blob_write (stream->blob, stream->buffer, (int) stream->used, (int) stream->offset);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, stream->db, rc, stream->doing);
      return FALSE;
    }
  stream->offset += stream->used;
  stream->used = 0;
  return TRUE;
}

static gboolean
stream_write (gconstpointer   data,
              gsize           len,
              gpointer        user_data,
              GError        **error)
{
  Stream *stream = user_data;
  const char *p = data;

  while (len > 0)
    {
      gsize n = MIN (len, STREAM_CHUNK - stream->used);

      memcpy (stream->buffer + stream->used, p, n);
      stream->used += n;
      p += n;
      len -= n;
      if (stream->used == STREAM_CHUNK && !stream_flush (stream, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes the snapshot's document, piece by piece, into its row of
 * article_documents, just written with a zeroblob() of its size.  A save
 * used to glue the whole document into one buffer and bind it, and SQLite
 * copied it again into the row's record: two buffers the size of the
 * story (1.7 MB each for 250,000 words) at every autosave, left behind as
 * holes in the writer thread's heap (docs/benchmarks.md).  The value is
 * stored as a BLOB of the same UTF-8 bytes; readers take it with
 * sqlite3_column_text(), and comparisons CAST it to TEXT. */
static gboolean
stream_document (sqlite3           *db,
                 sqlite3_int64      rowid,
                 const NewVersion  *version,
                 const char        *doing,
                 GError           **error)
{
  g_autofree char *buffer = g_malloc (STREAM_CHUNK);
  Stream stream = { NULL, db, doing, buffer, 0, 0 };
  gboolean ret;
  int rc;

  rc = sqlite3_blob_open (db, "main", "article_documents", "document", rowid, 1, &stream.blob);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, doing);
      sqlite3_blob_close (stream.blob);
      return FALSE;
    }

  ret = byline_article_snapshot_write_json (version->snapshot, stream_write, &stream, error) &&
        stream_flush (&stream, error);
  if (ret && stream.offset != version->document_len)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   /* Translators: %s is what Byline was doing, a phrase such as
                    * "save the article" translated on its own */
                   _("Could not %s: the article came out at another size than measured."), doing);
      ret = FALSE;
    }

  rc = sqlite3_blob_close (stream.blob);
  if (ret && rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, doing);
      ret = FALSE;
    }
  return ret;
}

static gboolean
write_version (sqlite3           *db,
               const NewVersion  *version,
               const char        *doing,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) document = NULL;
  sqlite3_int64 rowid;
  int rc;

  /* sync_state and trashed_at are left as they are: saving a trashed
   * article keeps it in the trash.  articles.document is unread since
   * version 10 (article_documents). */
  if (!(stmt = prepare (db,
                        "INSERT INTO articles (id, headline, status, created, modified, word_count, revision, document, version) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8) "
                        "ON CONFLICT (id) DO UPDATE SET headline = excluded.headline, "
                        "status = excluded.status, created = excluded.created, "
                        "modified = excluded.modified, word_count = excluded.word_count, "
                        "revision = excluded.revision, version = excluded.version",
                        doing, error)) ||
      !(document = prepare (db,
                            "INSERT INTO article_documents (article_id, document) VALUES (?1, ?2) "
                            "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document "
                            "RETURNING rowid",
                            doing, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, version->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, version->headline ? version->headline : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, byline_article_status_to_string (version->status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version->created);
  sqlite3_bind_int64 (stmt, 5, version->modified);
  sqlite3_bind_int64 (stmt, 6, version->word_count);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64)MIN (version->revision, (guint64)G_MAXINT64));
  sqlite3_bind_int64 (stmt, 8, (sqlite3_int64)MIN (version->stored_version, (guint64)G_MAXINT64));

  sqlite3_bind_text (document, 1, version->id, -1, SQLITE_STATIC);
  if (version->document != NULL)
    sqlite3_bind_text (document, 2, version->document, (int)version->document_len, SQLITE_STATIC);
  else
    sqlite3_bind_zeroblob64 (document, 2, version->document_len);

  if (!step_done (db, stmt, doing, error))
    return FALSE;
  /* The whole write happens at the first step; the row's id comes back,
   * and the statement is done with before the blob is opened on it. */
  if ((rc = sqlite3_step (document)) != SQLITE_ROW)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  rowid = sqlite3_column_int64 (document, 0);
  g_clear_pointer (&document, sqlite3_finalize);

  return (version->document != NULL || stream_document (db, rowid, version, doing, error)) &&
         _byline_store_index_article (db, version->id, version->headline, version->standfirst,
                                      version->body_start, doing, error);
}

/* Saves that finish out of order must not put an older text back.  A
 * snapshot is stale when both its revision and its modified time are
 * behind what this store object last wrote; a reloaded article restarts
 * its revisions but carries a newer modified time, so it is never
 * mistaken for a stale one. */
static gboolean
is_stale (BylineStore      *self,
          const NewVersion *version)
{
  Written *written = g_hash_table_lookup (self->written, version->id);

  return written != NULL &&
         version->revision < written->revision &&
         version->modified <= written->modified;
}

static void
remember_written (BylineStore      *self,
                  const NewVersion *version)
{
  Written *written = g_hash_table_lookup (self->written, version->id);

  if (written == NULL)
    {
      written = g_new0 (Written, 1);
      g_hash_table_insert (self->written, g_strdup (version->id), written);
    }

  written->revision = version->revision;
  written->modified = version->modified;
}

gboolean
byline_store_save_sync (BylineStore            *self,
                        BylineArticleSnapshot  *snapshot,
                        GCancellable           *cancellable,
                        GError                **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  return _byline_store_save_with_hook (self, snapshot, NULL, NULL, cancellable, error);
}

static void
set_stale (GError     **error,
           const char  *id)
{
  g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE,
               _("The article “%s” was changed meanwhile (changes from the site came in); this save was made from an older version and was not applied."),
               id);
}

static gboolean save_internal (BylineStore            *self,
                               BylineArticleSnapshot  *snapshot,
                               gboolean                replace,
                               const char             *expected_document,
                               BylineStoreSaveHook     hook,
                               gpointer                hook_data,
                               GCancellable           *cancellable,
                               GError                **error);

gboolean
_byline_store_save_with_hook (BylineStore            *self,
                              BylineArticleSnapshot  *snapshot,
                              BylineStoreSaveHook     hook,
                              gpointer                hook_data,
                              GCancellable           *cancellable,
                              GError                **error)
{
  return save_internal (self, snapshot, FALSE, NULL, hook, hook_data, cancellable, error);
}

gboolean
_byline_store_replace_with_hook (BylineStore            *self,
                                 BylineArticleSnapshot  *snapshot,
                                 const char             *expected_document,
                                 BylineStoreSaveHook     hook,
                                 gpointer                hook_data,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  return save_internal (self, snapshot, TRUE, expected_document, hook, hook_data, cancellable, error);
}

static gboolean
glue_document (BylineArticleSnapshot  *snapshot,
               GBytes                **json,
               GError                **error)
{
  *json = byline_article_snapshot_to_json (snapshot);
  if (*json == NULL)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   _("Could not save the article “%s”: it could not be serialised."),
                   byline_article_snapshot_get_id (snapshot));
      return FALSE;
    }
  return TRUE;
}

/* @replace: a write from outside the article's editor (sync took in the
 * site's changes, a conflict was resolved).  It is conditional on the
 * stored document being @expected_document (when given), always keeps the
 * text it replaces in the history, and raises the stored version, so a
 * save from the editor's older version is refused instead of putting the
 * old text back.  Otherwise, an editor's save: refused with
 * BYLINE_STORE_ERROR_STALE when the stored version moved past the one the
 * snapshot stood on. */
static gboolean
save_internal (BylineStore            *self,
               BylineArticleSnapshot  *snapshot,
               gboolean                replace,
               const char             *expected_document,
               BylineStoreSaveHook     hook,
               gpointer                hook_data,
               GCancellable           *cancellable,
               GError                **error)
{
  CurrentRow current = { 0, };
  g_autoptr(GBytes) json = NULL;
  const char *doing = _("save the article");
  NewVersion version;
  gboolean unchanged = FALSE;
  gboolean wrote = FALSE;
  gboolean ret = FALSE;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Never write a document the reader would refuse: the words would be
   * stored but could never be opened again.  The error (format domain,
   * BYLINE_FORMAT_ERROR_TOO_LARGE) names the field for the journalist,
   * and the stored version stays as it was. */
  if (!byline_article_snapshot_check (snapshot, error))
    return FALSE;

  /* An editor's save streams its document into the row, piece by piece
   * (stream_document()).  A hook takes it as one string, and a replace is
   * rare: those glue it whole, before taking the lock so reads are not
   * held up by it. */
  if ((replace || hook != NULL) && !glue_document (snapshot, &json, error))
    return FALSE;

  version.id = byline_article_snapshot_get_id (snapshot);
  version.headline = byline_article_snapshot_get_headline (snapshot);
  version.standfirst = byline_article_snapshot_get_standfirst (snapshot);
  version.body_start = byline_article_snapshot_get_body_start (snapshot);
  version.status = byline_article_snapshot_get_status (snapshot);
  version.created = datetime_to_usec (byline_article_snapshot_get_created (snapshot));
  version.modified = datetime_to_usec (byline_article_snapshot_get_modified (snapshot));
  version.word_count = byline_article_snapshot_get_word_count (snapshot);
  version.revision = byline_article_snapshot_get_revision (snapshot);
  version.stored_version = 0;
  version.snapshot = snapshot;
  version.document = NULL;
  version.document_len = byline_article_snapshot_get_json_size (snapshot);
  if (json != NULL)
    version.document = g_bytes_get_data (json, &version.document_len);

  if (version.id == NULL || version.document_len > G_MAXINT)
    {
      g_set_error_literal (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                           _("Could not save the article: it has no id or is too large."));
      return FALSE;
    }

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!replace && is_stale (self, &version) && hook == NULL)
    {
      ret = TRUE;
      goto out;
    }

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", doing, error))
    goto out;

  if (!read_current (self->db, version.id, &current, doing, error))
    goto failed;

  if (replace)
    {
      if (current.exists && expected_document != NULL)
        {
          gboolean same = FALSE;

          if (!document_is (self->db, version.id, expected_document, -1, &same, doing, error))
            goto failed;
          if (!same)
            {
              set_stale (error, version.id);
              goto failed;
            }
        }

      /* The text it replaces stays in the history, whatever the rule for
       * editors' saves says: the journalist can always go back to it. */
      version.stored_version = current.exists ? current.version + 1 : 0;
      if ((current.exists && !add_history (self->db, version.id, doing, error)) ||
          !write_version (self->db, &version, doing, error) ||
          (hook != NULL &&
           !hook (self, self->db, version.id, version.document, version.document_len, hook_data, error)) ||
          !exec_sql (self->db, "COMMIT", doing, error))
        goto failed;

      /* The editor's revisions no longer describe what is stored: its
       * next save is judged by the stored version. */
      g_hash_table_remove (self->written, version.id);
      wrote = TRUE;
      ret = TRUE;
      goto out;
    }

  /* Sync wrote a newer version since the editor's: writing this would put
   * the older text back over it.  The caller merges and tries again. */
  if (current.exists && byline_article_snapshot_get_stored_version (snapshot) < current.version)
    {
      set_stale (error, version.id);
      goto failed;
    }
  version.stored_version = current.exists ? current.version : 0;

  /* Only a save with the stored modified time can be unchanged; it is
   * compared byte for byte, so it needs the document whole. */
  if (current.exists && current.modified == version.modified && json == NULL)
    {
      if (!glue_document (snapshot, &json, error))
        goto failed;
      version.document = g_bytes_get_data (json, &version.document_len);
    }
  if (!is_unchanged (self->db, &current, version.id, version.modified,
                     version.document, version.document_len, &unchanged, doing, error))
    goto failed;

  /* A stale snapshot still runs the hook (e.g. enqueueing a push), against
   * the newer document already stored. */
  if (hook != NULL && current.exists && (unchanged || is_stale (self, &version)))
    {
      g_autofree char *stored = NULL;
      gsize stored_len = version.document_len;

      if (!unchanged &&
          !(stored = read_current_document (self->db, version.id, &stored_len, doing, error)))
        goto failed;

      if (!hook (self, self->db, version.id, stored ? stored : version.document, stored_len,
                 hook_data, error) ||
          !exec_sql (self->db, "COMMIT", doing, error))
        goto failed;
      wrote = TRUE;
      ret = TRUE;
      goto out;
    }

  if (unchanged)
    {
      /* Nothing new: no write, no history entry, no signal. */
      rollback (self->db);
      remember_written (self, &version);
      ret = TRUE;
      goto out;
    }

  if (current.exists)
    {
      gboolean due = FALSE;

      if (!history_due (self->db, version.id, version.word_count, &due, doing, error))
        goto failed;
      if (due && !add_history (self->db, version.id, doing, error))
        goto failed;
    }

  if (!write_version (self->db, &version, doing, error))
    goto failed;

  if (hook != NULL &&
      !hook (self, self->db, version.id, version.document, version.document_len, hook_data, error))
    goto failed;

  if (!exec_sql (self->db, "COMMIT", doing, error))
    goto failed;

  remember_written (self, &version);
  wrote = TRUE;
  ret = TRUE;
  goto out;

failed:
  rollback (self->db);

out:
  g_mutex_unlock (&self->mutex);

  /* A save changes its own article's row and nothing else. */
  if (wrote)
    schedule_changes (self, version.id);

  return ret;
}

gboolean
byline_store_save_article_sync (BylineStore    *self,
                                BylineArticle  *article,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), FALSE);

  snapshot = byline_article_snapshot (article);
  return byline_store_save_sync (self, snapshot, cancellable, error);
}

/* Trash */

static gboolean
set_trashed (BylineStore   *self,
             const char    *id,
             gboolean       trash,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = trash ? _("move the article to the trash") : _("restore the article from the trash");
  gboolean changed = FALSE;
  gboolean ret = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", doing, error))
    goto out;

  if (!(stmt = prepare (self->db,
                        trash
                        ? "UPDATE articles SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL"
                        : "UPDATE articles SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
                        doing, error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (trash)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  if (!step_done (self->db, stmt, doing, error))
    goto failed;
  changed = sqlite3_changes (self->db) > 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Restored before the site deleted it: it stays there. */
  if (changed && !trash && !_byline_store_cancel_deletes (self->db, id, error))
    goto failed;

  if (!changed)
    {
      int rc;

      /* Already where it should be is fine; a missing article is not. */
      if (!(stmt = prepare (self->db, "SELECT 1 FROM articles WHERE id = ?1", doing, error)))
        goto failed;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          set_not_found (error, id);
          goto failed;
        }
      if (rc != SQLITE_ROW)
        {
          set_sqlite_error (error, self->db, rc, doing);
          goto failed;
        }
    }

  if (!exec_sql (self->db, "COMMIT", doing, error))
    goto failed;

  ret = TRUE;
  goto out;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (self->db);
  changed = FALSE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  if (changed)
    schedule_changed (self);

  return ret;
}

gboolean
byline_store_trash_sync (BylineStore   *self,
                         const char    *id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  return set_trashed (self, id, TRUE, cancellable, error);
}

gboolean
byline_store_untrash_sync (BylineStore   *self,
                           const char    *id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  return set_trashed (self, id, FALSE, cancellable, error);
}

guint
byline_store_purge_trash_sync (BylineStore   *self,
                               GDateTime     *older_than,
                               GCancellable  *cancellable,
                               GError       **error)
{
  guint removed = 0;

  g_return_val_if_fail (BYLINE_IS_STORE (self), 0);
  g_return_val_if_fail (!error || !*error, 0);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return 0;

  g_mutex_lock (&self->mutex);
  if (check_open (self, error))
    removed = purge_locked (self, older_than ? datetime_to_usec (older_than) : G_MAXINT64, error);
  g_mutex_unlock (&self->mutex);

  if (removed > 0)
    schedule_changed (self);

  return removed;
}

/* History */

static gboolean
article_exists (sqlite3     *db,
                const char  *id,
                gboolean    *exists,
                const char  *doing,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (db, "SELECT 1 FROM articles WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }

  *exists = rc == SQLITE_ROW;
  return TRUE;
}

GPtrArray *
byline_store_list_history_sync (BylineStore   *self,
                                const char    *article_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *doing = _("list the article’s history");
  gboolean exists = FALSE;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!article_exists (self->db, article_id, &exists, doing, error))
    goto out;
  if (!exists)
    {
      set_not_found (error, article_id);
      goto out;
    }

  if (!(stmt = prepare (self->db,
                        "SELECT id, saved_at, headline, word_count FROM history "
                        "WHERE article_id = ?1 ORDER BY saved_at DESC, id DESC",
                        doing, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_TRANSIENT);

  list = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) saved_at = usec_to_datetime (sqlite3_column_int64 (stmt, 1));

      g_ptr_array_add (list,
                       byline_history_entry_new (sqlite3_column_int64 (stmt, 0),
                                                 article_id,
                                                 saved_at,
                                                 (const char *)sqlite3_column_text (stmt, 2),
                                                 (guint)CLAMP (sqlite3_column_int64 (stmt, 3), 0, G_MAXUINT)));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, doing);
      g_clear_pointer (&list, g_ptr_array_unref);
    }

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&list);
}

static gboolean
read_history_document (BylineStore  *self,
                       gint64        entry_id,
                       char        **article_id,
                       char        **document,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("read an earlier version");
  gboolean ret = FALSE;
  int rc;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!(stmt = prepare (self->db, "SELECT article_id, document FROM history WHERE id = ?1", doing, error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, entry_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *article_id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      *document = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      ret = TRUE;
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                 _("There is no earlier version %lld in the store."), (long long) entry_id);
  else
    set_sqlite_error (error, self->db, rc, doing);

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  return ret;
}

BylineArticle *
byline_store_load_history_sync (BylineStore   *self,
                                gint64         entry_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *article_id = NULL;
  g_autofree char *document = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!read_history_document (self, entry_id, &article_id, &document, error))
    return NULL;

  /* Translators: completes "The stored document of %s cannot be read" */
  what = g_strdup_printf (_("version %lld of article “%s”"), (long long) entry_id, article_id);
  return parse_document (document, what, error);
}

BylineArticle *
byline_store_restore_history_sync (BylineStore   *self,
                                   gint64         entry_id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GBytes) json = NULL;
  CurrentRow current = { 0, };
  const char *doing = _("restore an earlier version");
  NewVersion version;
  gboolean ret = FALSE;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  article = byline_store_load_history_sync (self, entry_id, cancellable, error);
  if (article == NULL)
    return NULL;

  /* The restored text is the newest version now: it goes to the top of
   * the list. */
  now = g_date_time_new_now_utc ();
  byline_article_set_modified (article, now);
  snapshot = byline_article_snapshot (article);
  if (!byline_article_snapshot_check (snapshot, error))
    return NULL;
  json = byline_article_snapshot_to_json (snapshot);
  if (json == NULL || g_bytes_get_size (json) > G_MAXINT)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   _("Could not restore version %lld: it could not be serialised."),
                   (long long) entry_id);
      return NULL;
    }

  version.id = byline_article_snapshot_get_id (snapshot);
  version.headline = byline_article_snapshot_get_headline (snapshot);
  version.standfirst = byline_article_snapshot_get_standfirst (snapshot);
  version.body_start = byline_article_snapshot_get_body_start (snapshot);
  version.status = byline_article_snapshot_get_status (snapshot);
  version.created = datetime_to_usec (byline_article_snapshot_get_created (snapshot));
  version.modified = datetime_to_usec (byline_article_snapshot_get_modified (snapshot));
  version.word_count = byline_article_snapshot_get_word_count (snapshot);
  version.revision = byline_article_snapshot_get_revision (snapshot);
  version.snapshot = snapshot;
  version.document = g_bytes_get_data (json, &version.document_len);

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", doing, error))
    goto out;

  if (!read_current (self->db, version.id, &current, doing, error))
    goto failed;
  if (!current.exists)
    {
      set_not_found (error, version.id);
      goto failed;
    }

  /* Restoring replaces the text from outside the editor: an editor still
   * holding the old text must not save it back over this. */
  version.stored_version = current.version + 1;

  /* Restoring is undoable: the version it replaces is kept first. */
  if (!add_history (self->db, version.id, doing, error) ||
      !write_version (self->db, &version, doing, error))
    goto failed;

  if (!exec_sql (self->db, "COMMIT", doing, error))
    goto failed;

  /* Whatever editor had this article open must reload it. */
  g_hash_table_remove (self->written, version.id);
  ret = TRUE;
  goto out;

failed:
  rollback (self->db);

out:
  g_mutex_unlock (&self->mutex);

  if (!ret)
    return NULL;

  byline_article_set_stored_version (article, version.stored_version);
  schedule_changed (self);
  return g_steal_pointer (&article);
}

gboolean
byline_store_set_sync_state_sync (BylineStore      *self,
                                  const char       *id,
                                  BylineSyncState   state,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("update the article’s sync state");
  gboolean changed = FALSE;
  gboolean ret = FALSE;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  g_mutex_lock (&self->mutex);

  if (!check_open (self, error))
    goto out;

  /* A single statement is its own transaction.  The state alone (the
   * "Syncing…" a push shows while on its way) needs no fsync of its own: a
   * power cut that loses it leaves the state before it, and the outbox
   * still says what is left to do.  In WAL mode the next full commit
   * syncs it along, in order.  It saved one of the two fsyncs per pushed
   * article (docs/benchmarks.md, "Sync"). */
  if (!exec_sql (self->db, "PRAGMA synchronous = NORMAL", doing, error))
    goto out;
  if (!(stmt = prepare (self->db, BYLINE_STORE_SET_SYNC_STATE_SQL, doing, error)))
    goto restore;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, byline_sync_state_to_string (state), -1, SQLITE_STATIC);
  if (!step_done (self->db, stmt, doing, error))
    goto restore;

  if (sqlite3_changes (self->db) == 0)
    {
      set_not_found (error, id);
      goto restore;
    }

  changed = TRUE;
  ret = TRUE;

restore:
  /* Every other write keeps its fsync at commit. */
  if (!exec_sql (self->db, "PRAGMA synchronous = FULL", doing, ret ? error : NULL))
    ret = FALSE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_mutex_unlock (&self->mutex);

  if (changed)
    schedule_changed (self);

  return ret;
}

/* The writer thread.
 *
 * Saving a long article is O(article) work in SQLite and the kernel (1.7 MB
 * into the WAL, its fsync, a checkpoint now and then).  On GTask's shared
 * pool that work competed as an equal with the main thread and the display
 * server for the CPU, and on a two-core machine the frame showing a typed
 * letter came late every time an autosave ran.  So the _async writes run
 * on one thread of the store's own, which lowers its priority once: the
 * writes still get every idle cycle, but a keystroke's frame wins.
 *
 * A plain GThread rather than a GThreadPool: the threads of a freed pool,
 * even an exclusive one, go back to GLib's shared set and would carry the
 * lowered priority into other work (GTask's pool draws from that set).
 * One thread also keeps the order: saves land in the order they were
 * asked for.  Reads (open, list, load, history) stay on GTask's pool;
 * they only wait for the writer while it holds the connection. */

typedef struct
{
  GTask           *task;   /* NULL: the thread ends */
  GTaskThreadFunc  func;
} WriterJob;

static void
lower_own_priority (void)
{
#ifdef __linux__
  /* Linux keeps a nice value per thread: with a thread id, setpriority()
   * changes only that thread (see setpriority(2), "BUGS"). */
  id_t tid = (id_t)syscall (SYS_gettid);
  int nice_now;

  errno = 0;
  nice_now = getpriority (PRIO_PROCESS, tid);
  if (nice_now == -1 && errno != 0)
    return;
  if (setpriority (PRIO_PROCESS, tid, MIN (nice_now + WRITER_NICE, 19)) != 0)
    g_debug ("Could not lower the store writer’s priority: %s", g_strerror (errno));
#endif
}

static gpointer
writer_thread (gpointer data)
{
  g_autoptr(GAsyncQueue) queue = data;

  lower_own_priority ();

  for (;;)
    {
      WriterJob *job = g_async_queue_pop (queue);
      GTask *task = job->task;
      GTaskThreadFunc func = job->func;

      g_free (job);
      if (task == NULL)
        break;

      func (task, g_task_get_source_object (task), g_task_get_task_data (task),
            g_task_get_cancellable (task));
      g_object_unref (task);
    }

  return NULL;
}

/* g_task_run_in_thread(), on the writer thread. */
static void
run_in_writer (BylineStore     *self,
               GTask           *task,
               GTaskThreadFunc  func)
{
  WriterJob *job;

  if (g_once_init_enter (&self->writer_queue))
    {
      GAsyncQueue *queue = g_async_queue_new ();

      self->writer = g_thread_new ("byline-writer", writer_thread, g_async_queue_ref (queue));
      g_once_init_leave (&self->writer_queue, queue);
    }

  job = g_new0 (WriterJob, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_async_queue_push (self->writer_queue, job);
}

static void
stop_writer (BylineStore *self)
{
  if (self->writer_queue == NULL)
    return;

  /* Every queued job holds the store, so none is left by now.  Not joined:
   * the last reference may have been dropped on the writer itself. */
  g_async_queue_push (self->writer_queue, g_new0 (WriterJob, 1));
  g_clear_pointer (&self->writer_queue, g_async_queue_unref);
  g_clear_pointer (&self->writer, g_thread_unref);
}

/* The _async forms: each runs its _sync form on a worker thread. */

typedef struct
{
  char                  *id;
  BylineArticleSnapshot *snapshot;
  gboolean               flag;
} OpData;

static void
op_data_free (gpointer data)
{
  OpData *op = data;

  g_clear_pointer (&op->id, g_free);
  g_clear_pointer (&op->snapshot, byline_article_snapshot_unref);
  g_free (op);
}

static GTask *
new_task (BylineStore         *self,
          gpointer             source_tag,
          const char          *name,
          OpData              *op,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  if (op != NULL)
    g_task_set_task_data (task, op, op_data_free);

  return task;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (byline_store_open_sync (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
byline_store_open_async (BylineStore         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = new_task (self, byline_store_open_async, "[byline] store open",
                   NULL, cancellable, callback, user_data);
  g_task_run_in_thread (task, open_thread);
}

gboolean
byline_store_open_finish (BylineStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  GPtrArray *list;

  list = byline_store_list_sync (source_object, op->flag, cancellable, &error);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
byline_store_list_async (BylineStore         *self,
                         gboolean             trashed,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (OpData, 1);
  op->flag = !!trashed;
  task = new_task (self, byline_store_list_async, "[byline] store list",
                   op, cancellable, callback, user_data);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
byline_store_list_finish (BylineStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  BylineArticle *article;

  article = byline_store_load_sync (source_object, op->id, cancellable, &error);
  if (article != NULL)
    g_task_return_pointer (task, article, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
byline_store_load_async (BylineStore         *self,
                         const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (OpData, 1);
  op->id = g_strdup (id);
  task = new_task (self, byline_store_load_async, "[byline] store load",
                   op, cancellable, callback, user_data);
  g_task_run_in_thread (task, load_thread);
}

BylineArticle *
byline_store_load_finish (BylineStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;

  if (byline_store_save_sync (source_object, op->snapshot, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
byline_store_save_async (BylineStore           *self,
                         BylineArticleSnapshot *snapshot,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (OpData, 1);
  op->snapshot = byline_article_snapshot_ref (snapshot);
  task = new_task (self, byline_store_save_async, "[byline] store save",
                   op, cancellable, callback, user_data);
  /* Once the write ran, report it as done even if cancelled meanwhile:
   * the caller must know the text is on disk. */
  g_task_set_check_cancellable (task, FALSE);
  run_in_writer (self, task, save_thread);
}

gboolean
byline_store_save_finish (BylineStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
trash_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;

  if (set_trashed (source_object, op->id, op->flag, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
byline_store_trash_async (BylineStore         *self,
                          const char          *id,
                          gboolean             trash,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (OpData, 1);
  op->id = g_strdup (id);
  op->flag = !!trash;
  task = new_task (self, byline_store_trash_async, "[byline] store trash",
                   op, cancellable, callback, user_data);
  run_in_writer (self, task, trash_thread);
}

gboolean
byline_store_trash_finish (BylineStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_trash_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_history_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  OpData *op = task_data;
  GError *error = NULL;
  GPtrArray *list;

  list = byline_store_list_history_sync (source_object, op->id, cancellable, &error);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
byline_store_list_history_async (BylineStore         *self,
                                 const char          *article_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpData *op;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (article_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  op = g_new0 (OpData, 1);
  op->id = g_strdup (article_id);
  task = new_task (self, byline_store_list_history_async, "[byline] store history",
                   op, cancellable, callback, user_data);
  g_task_run_in_thread (task, list_history_thread);
}

GPtrArray *
byline_store_list_history_finish (BylineStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_store_list_history_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* For the store's other source files (byline-store-private.h). */

sqlite3 *
_byline_store_lock (BylineStore  *self,
                    GError      **error)
{
  g_mutex_lock (&self->mutex);
  if (!check_open (self, error))
    {
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  return self->db;
}

void
_byline_store_unlock (BylineStore *self,
                      gboolean     changed)
{
  g_mutex_unlock (&self->mutex);
  if (changed)
    schedule_changed (self);
}

void
_byline_store_set_sqlite_error (GError     **error,
                                sqlite3     *db,
                                int          rc,
                                const char  *doing)
{
  set_sqlite_error (error, db, rc, doing);
}

gboolean
_byline_store_exec (sqlite3     *db,
                    const char  *sql,
                    const char  *doing,
                    GError     **error)
{
  return exec_sql (db, sql, doing, error);
}

sqlite3_stmt *
_byline_store_prepare (sqlite3     *db,
                       const char  *sql,
                       const char  *doing,
                       GError     **error)
{
  return prepare (db, sql, doing, error);
}
