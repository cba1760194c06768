/* byline-autosave.c: writes an article to the store shortly after it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-autosave"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-autosave.h"
#include "byline-store-enums.h"
#include "model/byline-article-format.h"
#include "model/byline-merge.h"

#define RETRY_INTERVAL_S 5

struct _BylineAutosave
{
  GObject              parent_instance;

  BylineStore         *store;
  BylineArticle       *article;
  char                *error;

  /* Flush requests waiting for a revision to reach the disk. */
  GQueue               flushes;

  /* The newest revision known to be on disk, and the one being written. */
  guint64              saved_revision;
  guint64              saving_revision;

  /* What the store holds as far as this autosave knows (the article as
   * handed in, then each save): the base when sync replaced the stored
   * text meanwhile and the editor's text is merged with it. */
  BylineArticleSnapshot *base;
  BylineArticleSnapshot *saving_snapshot;
  GCancellable         *cancellable;

  guint                delay;
  guint                timeout_id;
  guint                retry_id;

  BylineAutosaveState  state;
  guint                saving : 1;
  guint                catching_up : 1;
  guint                checking : 1;
  guint                recheck : 1;
};

G_DEFINE_FINAL_TYPE (BylineAutosave, byline_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ARTICLE,
  PROP_STATE,
  PROP_ERROR,
  PROP_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_save       (BylineAutosave *self);
static void catch_up         (BylineAutosave *self);
static void store_changed_cb (BylineAutosave *self);

static void
set_state (BylineAutosave      *self,
           BylineAutosaveState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (BylineAutosave *self,
           const char     *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
has_unsaved (BylineAutosave *self)
{
  return byline_article_get_revision (self->article) != self->saved_revision;
}

/* Completes the flushes whose revision is on disk now, or all of them
 * with @error when the save failed. */
static void
complete_flushes (BylineAutosave *self,
                  const GError   *error)
{
  GList *l = self->flushes.head;

  while (l != NULL)
    {
      GList *next = l->next;
      GTask *task = l->data;
      guint64 target = *(guint64 *)g_task_get_task_data (task);

      if (error != NULL || target <= self->saved_revision)
        {
          g_queue_delete_link (&self->flushes, l);
          if (error != NULL)
            g_task_return_error (task, g_error_copy (error));
          else
            g_task_return_boolean (task, TRUE);
          g_object_unref (task);
        }

      l = next;
    }
}

static gboolean
timeout_cb (gpointer data)
{
  BylineAutosave *self = data;

  self->timeout_id = 0;
  start_save (self);

  return G_SOURCE_REMOVE;
}

static void
arm (BylineAutosave *self)
{
  /* Not re-armed by later changes: while typing goes on, saves follow each
   * other every @delay ms instead of waiting for a pause. */
  if (self->timeout_id != 0 || self->saving)
    return;

  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay, timeout_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[byline] autosave");
}

static gboolean
retry_cb (gpointer data)
{
  BylineAutosave *self = data;

  if (!self->saving && has_unsaved (self))
    start_save (self);

  return G_SOURCE_CONTINUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BylineAutosave) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;

  /* Disposed meanwhile (g_object_run_dispose): dispose saved what was left. */
  if (self->article == NULL)
    {
      byline_store_save_finish (BYLINE_STORE (object), result, NULL);
      return;
    }

  if (!byline_store_save_finish (BYLINE_STORE (object), result, &error))
    {
      g_clear_pointer (&self->saving_snapshot, byline_article_snapshot_unref);

      /* Sync replaced the stored text since this editor's version: merge
       * it in, then save the result (flushes keep waiting for that). */
      if (g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE))
        {
          catch_up (self);
          return;
        }

      /* The article in memory is untouched; the text waits there for the
       * next attempt. */
      set_error (self, error->message);
      set_state (self, BYLINE_AUTOSAVE_FAILED);
      if (self->retry_id == 0)
        {
          self->retry_id = g_timeout_add_seconds (RETRY_INTERVAL_S, retry_cb, self);
          g_source_set_name_by_id (self->retry_id, "[byline] autosave retry");
        }
      complete_flushes (self, error);
      return;
    }

  self->saved_revision = MAX (self->saved_revision, self->saving_revision);
  if (self->saving_snapshot != NULL)
    {
      g_clear_pointer (&self->base, byline_article_snapshot_unref);
      self->base = g_steal_pointer (&self->saving_snapshot);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_error (self, NULL);
  complete_flushes (self, NULL);

  if (self->recheck)
    {
      self->recheck = FALSE;
      store_changed_cb (self);
    }

  if (!has_unsaved (self))
    {
      set_state (self, BYLINE_AUTOSAVE_SAVED);
    }
  else if (self->flushes.length > 0)
    {
      /* Someone waits for this text: no delay. */
      start_save (self);
    }
  else
    {
      set_state (self, BYLINE_AUTOSAVE_UNSAVED);
      arm (self);
    }
}

static void
start_save (BylineAutosave *self)
{
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;

  if (self->saving || self->catching_up || self->article == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (!has_unsaved (self))
    {
      if (self->state != BYLINE_AUTOSAVE_FAILED)
        set_state (self, BYLINE_AUTOSAVE_SAVED);
      complete_flushes (self, NULL);
      return;
    }

  /* Cheap on the main thread; serialising and writing happen on a worker. */
  snapshot = byline_article_snapshot (self->article);
  self->saving = TRUE;
  self->saving_revision = byline_article_get_revision (self->article);
  g_clear_pointer (&self->saving_snapshot, byline_article_snapshot_unref);
  self->saving_snapshot = byline_article_snapshot_ref (snapshot);
  if (self->state != BYLINE_AUTOSAVE_FAILED)
    set_state (self, BYLINE_AUTOSAVE_SAVING);

  byline_store_save_async (self->store, snapshot, NULL, save_cb, g_object_ref (self));
}

/* Catching up with a text sync stored meanwhile
 *
 * The store raised the article's stored version (sync merged the site's
 * changes in, pulled them, or a conflict was resolved) while this editor
 * held its own text.  Three ways, in memory: base = what this autosave
 * last knew to be stored (the text sync started from), mine = the article
 * as it is now, theirs = what sync stored.  The article is then changed in
 * place, only where it differs, and saved as usual.  Overlapping changes
 * keep the journalist's text and put the article into "conflict" with
 * sync's text kept to resolve against: nothing is lost either way. */

typedef struct
{
  BylineArticleSnapshot *base;
  BylineArticle         *theirs;
  char                  *base_document;
  char                  *their_document;
} CatchUp;

static void
catch_up_free (gpointer data)
{
  CatchUp *catch = data;

  g_clear_pointer (&catch->base, byline_article_snapshot_unref);
  g_clear_object (&catch->theirs);
  g_free (catch->base_document);
  g_free (catch->their_document);
  g_free (catch);
}

static char *
snapshot_document (BylineArticleSnapshot *snapshot)
{
  g_autoptr(GBytes) json = byline_article_snapshot_to_json (snapshot);
  gsize len = 0;
  const char *data;

  if (json == NULL)
    return NULL;
  data = g_bytes_get_data (json, &len);
  return g_strndup (data, len);
}

/* Worker thread: what the store holds now, and the base as an article. */
static gboolean
read_catch_up (BylineStore   *store,
               const char    *id,
               CatchUp       *catch,
               GCancellable  *cancellable,
               GError       **error)
{
  catch->theirs = byline_store_load_sync (store, id, cancellable, error);
  if (catch->theirs == NULL)
    return FALSE;
  catch->their_document = byline_article_to_json (catch->theirs, NULL);
  catch->base_document = snapshot_document (catch->base);
  if (catch->base_document == NULL)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   _("Could not merge the changes to “%s”: the text they were made from could not be read."),
                   id);
      return FALSE;
    }
  return TRUE;
}

static BylineMerge *
merge_with_stored (BylineArticle  *mine,
                   CatchUp        *catch,
                   GError        **error)
{
  g_autoptr(BylineArticle) base = byline_article_new_from_json (catch->base_document, -1, error);

  if (base == NULL)
    return NULL;
  return byline_merge_new (base, mine, catch->theirs);
}

static char *
conflict_message (BylineMerge *merge)
{
  guint n = g_list_model_get_n_items (byline_merge_get_conflicts (merge));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u change that came from the site overlaps with what you typed. Nothing is sent until you choose.",
                                       "%u changes that came from the site overlap with what you typed. Nothing is sent until you choose.",
                                       n),
                          n);
}

typedef struct
{
  BylineArticleSnapshot *snapshot;
  char                  *their_document;
  char                  *base_document;
  char                  *message;
} ConflictSave;

static void
conflict_save_free (gpointer data)
{
  ConflictSave *save = data;

  g_clear_pointer (&save->snapshot, byline_article_snapshot_unref);
  g_free (save->their_document);
  g_free (save->base_document);
  g_free (save->message);
  g_free (save);
}

static void
conflict_save_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ConflictSave *save = task_data;
  GError *error = NULL;

  if (byline_store_save_local_conflict_sync (source_object, save->snapshot, save->their_document,
                                             save->base_document, save->message, NULL,
                                             NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
conflict_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BylineAutosave) self = user_data;
  g_autoptr(GError) error = NULL;
  ConflictSave *save = g_task_get_task_data (G_TASK (result));

  self->catching_up = FALSE;
  if (self->article == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Sync moved on again meanwhile: merge with that. */
      if (g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE))
        {
          catch_up (self);
          return;
        }
      set_error (self, error->message);
      set_state (self, BYLINE_AUTOSAVE_FAILED);
      arm (self);
      return;
    }

  self->saved_revision = MAX (self->saved_revision, byline_article_snapshot_get_revision (save->snapshot));
  g_clear_pointer (&self->base, byline_article_snapshot_unref);
  self->base = byline_article_snapshot_ref (save->snapshot);
  g_signal_emit (self, signals[MERGED], 0, TRUE, save->message);
  start_save (self);
}

static void
catch_up_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BylineAutosave *self = source_object;
  CatchUp *catch = task_data;
  GError *error = NULL;

  if (read_catch_up (self->store, byline_article_snapshot_get_id (catch->base), catch,
                     cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
catch_up_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BylineAutosave) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  CatchUp *catch = g_task_get_task_data (G_TASK (result));
  gboolean had_unsaved;
  guint64 their_version;

  self->catching_up = FALSE;
  if (self->article == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !(merge = merge_with_stored (self->article, catch, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The text stays in memory; the next change or the retry tries
       * again. */
      set_error (self, error->message);
      set_state (self, BYLINE_AUTOSAVE_FAILED);
      if (self->retry_id == 0)
        {
          self->retry_id = g_timeout_add_seconds (RETRY_INTERVAL_S, retry_cb, self);
          g_source_set_name_by_id (self->retry_id, "[byline] autosave retry");
        }
      return;
    }

  their_version = byline_article_get_stored_version (catch->theirs);
  if (their_version <= byline_article_get_stored_version (self->article))
    {
      /* Nothing new after all (a check that crossed a catch-up). */
      start_save (self);
      return;
    }

  had_unsaved = has_unsaved (self);
  byline_merge_update_article (self->article, byline_merge_get_result (merge));
  byline_article_set_stored_version (self->article, their_version);
  g_clear_pointer (&self->base, byline_article_snapshot_unref);
  self->base = byline_article_snapshot (catch->theirs);

  if (!byline_merge_has_conflicts (merge))
    {
      /* Nothing of the editor's own was waiting: it now holds exactly what
       * is stored, and saving it again would only move its time. */
      if (!had_unsaved)
        self->saved_revision = byline_article_get_revision (self->article);
      g_signal_emit (self, signals[MERGED], 0, FALSE, NULL);
      start_save (self);
      return;
    }
  else
    {
      g_autoptr(GTask) task = NULL;
      ConflictSave *save = g_new0 (ConflictSave, 1);

      /* The editor's text (its own values where they overlap) is saved
       * together with the conflict, in one transaction. */
      save->snapshot = byline_article_snapshot (self->article);
      save->their_document = g_steal_pointer (&catch->their_document);
      save->base_document = g_steal_pointer (&catch->base_document);
      save->message = conflict_message (merge);

      self->catching_up = TRUE;
      task = g_task_new (self->store, self->cancellable, conflict_saved_cb, g_object_ref (self));
      g_task_set_source_tag (task, catch_up_cb);
      g_task_set_name (task, "[byline] autosave conflict");
      g_task_set_task_data (task, save, conflict_save_free);
      g_task_set_check_cancellable (task, FALSE);
      g_task_run_in_thread (task, conflict_save_thread);
    }
}

static void
catch_up (BylineAutosave *self)
{
  g_autoptr(GTask) task = NULL;
  CatchUp *catch;

  if (self->catching_up || self->article == NULL)
    return;

  self->catching_up = TRUE;
  catch = g_new0 (CatchUp, 1);
  catch->base = byline_article_snapshot_ref (self->base);

  task = g_task_new (self, self->cancellable, catch_up_cb, g_object_ref (self));
  g_task_set_source_tag (task, catch_up);
  g_task_set_name (task, "[byline] autosave catch up");
  g_task_set_task_data (task, catch, catch_up_free);
  g_task_run_in_thread (task, catch_up_thread);
}

static void
version_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BylineAutosave *self = source_object;
  GError *error = NULL;
  guint64 version = 0;

  if (byline_store_get_version_sync (self->store, task_data, &version, cancellable, &error))
    g_task_return_int (task, (gssize) MIN (version, (guint64) G_MAXSSIZE));
  else
    g_task_return_error (task, error);
}

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BylineAutosave) self = user_data;
  gssize version;

  self->checking = FALSE;
  version = g_task_propagate_int (G_TASK (result), NULL);
  if (self->article == NULL || version < 0)
    return;

  if ((guint64) version <= byline_article_get_stored_version (self->article))
    return;
  /* A save on its way may have gone in just before sync's write: look
   * again once it is through. */
  if (self->saving)
    self->recheck = TRUE;
  else
    catch_up (self);
}

/* Something was written to the store (here or by another process): if
 * it was a new version of this article, take it in now rather than at the
 * next save, so the editor shows it. */
static void
store_changed_cb (BylineAutosave *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->article == NULL || self->checking || self->catching_up)
    return;

  self->checking = TRUE;
  task = g_task_new (self, self->cancellable, version_cb, g_object_ref (self));
  g_task_set_source_tag (task, store_changed_cb);
  g_task_set_name (task, "[byline] autosave version check");
  g_task_set_task_data (task, g_strdup (byline_article_get_id (self->article)), g_free);
  g_task_run_in_thread (task, version_thread);
}

/* Closing: the same catch-up, blocking, so the last words are kept. */
static gboolean
catch_up_sync (BylineAutosave  *self,
               GError         **error)
{
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autofree char *message = NULL;
  CatchUp catch = { 0, };
  gboolean ret = FALSE;

  catch.base = byline_article_snapshot_ref (self->base);
  if (!read_catch_up (self->store, byline_article_get_id (self->article), &catch, NULL, error) ||
      !(merge = merge_with_stored (self->article, &catch, error)))
    goto out;

  byline_merge_update_article (self->article, byline_merge_get_result (merge));
  byline_article_set_stored_version (self->article, byline_article_get_stored_version (catch.theirs));
  snapshot = byline_article_snapshot (self->article);
  if (!byline_merge_has_conflicts (merge))
    ret = byline_store_save_sync (self->store, snapshot, NULL, error);
  else
    {
      message = conflict_message (merge);
      ret = byline_store_save_local_conflict_sync (self->store, snapshot, catch.their_document,
                                                   catch.base_document, message, NULL, NULL, error);
    }

out:
  g_clear_pointer (&catch.base, byline_article_snapshot_unref);
  g_clear_object (&catch.theirs);
  g_free (catch.base_document);
  g_free (catch.their_document);
  return ret;
}

static void
article_changed_cb (BylineAutosave *self)
{
  if (!has_unsaved (self))
    return;

  if (self->state == BYLINE_AUTOSAVE_SAVED)
    set_state (self, BYLINE_AUTOSAVE_UNSAVED);

  arm (self);
}

static void
byline_autosave_constructed (GObject *object)
{
  BylineAutosave *self = (BylineAutosave *)object;

  G_OBJECT_CLASS (byline_autosave_parent_class)->constructed (object);

  g_return_if_fail (BYLINE_IS_STORE (self->store));
  g_return_if_fail (BYLINE_IS_ARTICLE (self->article));

  /* The article as handed over is what the store holds (just loaded, or
   * saved by whoever created it). */
  self->saved_revision = byline_article_get_revision (self->article);
  self->base = byline_article_snapshot (self->article);

  g_signal_connect_object (self->article, "changed",
                           G_CALLBACK (article_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "articles-changed",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
byline_autosave_dispose (GObject *object)
{
  BylineAutosave *self = (BylineAutosave *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  /* Closing a window must not lose the last words: write them now, even if
   * that blocks for a moment. */
  if (self->article != NULL && self->store != NULL && has_unsaved (self))
    {
      g_autoptr(GError) error = NULL;

      gboolean saved = byline_store_save_article_sync (self->store, self->article, NULL, &error);

      /* Sync stored a newer version: merge with it rather than lose either */
      if (!saved && g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE))
        {
          g_clear_error (&error);
          saved = catch_up_sync (self, &error);
        }
      if (saved)
        self->saved_revision = byline_article_get_revision (self->article);
      else
        g_warning ("Could not save article “%s” before closing it: %s",
                   byline_article_get_id (self->article), error->message);
      complete_flushes (self, error);
    }
  else
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The article was closed before it was saved."));

      /* Only reached through g_object_run_dispose() with flushes pending. */
      complete_flushes (self, self->article != NULL && has_unsaved (self) ? error : NULL);
    }

  g_clear_object (&self->article);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_autosave_parent_class)->dispose (object);
}

static void
byline_autosave_finalize (GObject *object)
{
  BylineAutosave *self = (BylineAutosave *)object;

  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->base, byline_article_snapshot_unref);
  g_clear_pointer (&self->saving_snapshot, byline_article_snapshot_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (byline_autosave_parent_class)->finalize (object);
}

static void
byline_autosave_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BylineAutosave *self = BYLINE_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_DELAY:
      g_value_set_uint (value, self->delay);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_autosave_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BylineAutosave *self = BYLINE_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ARTICLE:
      self->article = g_value_dup_object (value);
      break;

    case PROP_DELAY:
      byline_autosave_set_delay (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_autosave_class_init (BylineAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_autosave_constructed;
  object_class->dispose = byline_autosave_dispose;
  object_class->finalize = byline_autosave_finalize;
  object_class->get_property = byline_autosave_get_property;
  object_class->set_property = byline_autosave_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL, BYLINE_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BYLINE_TYPE_AUTOSAVE_STATE, BYLINE_AUTOSAVE_SAVED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL, 1, 60000, BYLINE_AUTOSAVE_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BylineAutosave::merged:
   * @conflict: whether changes overlapped
   * @message: (nullable): what to tell the journalist about the conflict
   *
   * Sync stored a newer version of the article while it was being edited,
   * and it was merged into the article in place.
   */
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
byline_autosave_init (BylineAutosave *self)
{
  self->delay = BYLINE_AUTOSAVE_DELAY_MS;
  self->state = BYLINE_AUTOSAVE_SAVED;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->flushes);
}

/**
 * byline_autosave_new:
 * @store: an open store
 * @article: the article being edited, as it is stored now
 *
 * Returns: (transfer full): an autosave that follows @article's changes.
 */
BylineAutosave *
byline_autosave_new (BylineStore   *store,
                     BylineArticle *article)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  return g_object_new (BYLINE_TYPE_AUTOSAVE,
                       "store", store,
                       "article", article,
                       NULL);
}

BylineArticle *
byline_autosave_get_article (BylineAutosave *self)
{
  g_return_val_if_fail (BYLINE_IS_AUTOSAVE (self), NULL);

  return self->article;
}

BylineAutosaveState
byline_autosave_get_state (BylineAutosave *self)
{
  g_return_val_if_fail (BYLINE_IS_AUTOSAVE (self), BYLINE_AUTOSAVE_SAVED);

  return self->state;
}

const char *
byline_autosave_get_error (BylineAutosave *self)
{
  g_return_val_if_fail (BYLINE_IS_AUTOSAVE (self), NULL);

  return self->error;
}

guint
byline_autosave_get_delay (BylineAutosave *self)
{
  g_return_val_if_fail (BYLINE_IS_AUTOSAVE (self), 0);

  return self->delay;
}

void
byline_autosave_set_delay (BylineAutosave *self,
                           guint           delay_ms)
{
  g_return_if_fail (BYLINE_IS_AUTOSAVE (self));

  delay_ms = MAX (delay_ms, 1);
  if (self->delay == delay_ms)
    return;

  self->delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

void
byline_autosave_flush_async (BylineAutosave      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint64 target;

  g_return_if_fail (BYLINE_IS_AUTOSAVE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_autosave_flush_async);
  g_task_set_name (task, "[byline] autosave flush");

  if (self->article == NULL || !has_unsaved (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  target = byline_article_get_revision (self->article);
  g_task_set_task_data (task, g_memdup2 (&target, sizeof target), g_free);
  g_queue_push_tail (&self->flushes, g_steal_pointer (&task));

  /* Saves now; a save already in flight is followed at once by another
   * (see save_cb). */
  start_save (self);
}

gboolean
byline_autosave_flush_finish (BylineAutosave  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (BYLINE_IS_AUTOSAVE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_autosave_flush_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
