/* byline-autosave.c: writes an article to the store shortly after it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-autosave"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-autosave.h"
#include "byline-store-enums.h"

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

  guint                delay;
  guint                timeout_id;
  guint                retry_id;

  BylineAutosaveState  state;
  guint                saving : 1;
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

static void start_save (BylineAutosave *self);

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
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_error (self, NULL);
  complete_flushes (self, NULL);

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

  if (self->saving || self->article == NULL)
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
  if (self->state != BYLINE_AUTOSAVE_FAILED)
    set_state (self, BYLINE_AUTOSAVE_SAVING);

  byline_store_save_async (self->store, snapshot, NULL, save_cb, g_object_ref (self));
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

  g_signal_connect_object (self->article, "changed",
                           G_CALLBACK (article_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
byline_autosave_dispose (GObject *object)
{
  BylineAutosave *self = (BylineAutosave *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);

  /* Closing a window must not lose the last words: write them now, even if
   * that blocks for a moment. */
  if (self->article != NULL && self->store != NULL && has_unsaved (self))
    {
      g_autoptr(GError) error = NULL;

      if (byline_store_save_article_sync (self->store, self->article, NULL, &error))
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
}

static void
byline_autosave_init (BylineAutosave *self)
{
  self->delay = BYLINE_AUTOSAVE_DELAY_MS;
  self->state = BYLINE_AUTOSAVE_SAVED;
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
