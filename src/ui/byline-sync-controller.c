/* byline-sync-controller.c: the window's side of sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-sync-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-sync-controller.h"
#include "byline-wp-cms.h"
#include "model/byline-article-format.h"

struct _BylineSyncController
{
  GObject          parent_instance;

  BylineStore     *store;
  BylineAccounts  *accounts;
  SoupSession     *session;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;

  GHashTable      *engines;    /* account name → BylineSyncEngine */
  GHashTable      *opening;    /* account names whose backend is being opened */
  GHashTable      *states;     /* article id → ArticleState */

  guint            started : 1;
};

G_DEFINE_FINAL_TYPE (BylineSyncController, byline_sync_controller, G_TYPE_OBJECT)

enum {
  ARTICLE_STATE_CHANGED,
  MERGED,
  ACCOUNT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BylineSyncState  state;
  char            *message;
} ArticleState;

static void
article_state_free (gpointer data)
{
  ArticleState *state = data;

  g_free (state->message);
  g_free (state);
}

/* Engines */

static void
on_engine_state_changed (BylineSyncController *self,
                         const char           *id,
                         guint                 state,
                         const char           *message,
                         BylineSyncEngine     *engine)
{
  ArticleState *entry = g_new0 (ArticleState, 1);

  entry->state = state;
  entry->message = g_strdup (message);
  g_hash_table_replace (self->states, g_strdup (id), entry);
  g_signal_emit (self, signals[ARTICLE_STATE_CHANGED], 0, id, state, message);
}

static void
on_engine_merged (BylineSyncController *self,
                  const char           *id,
                  BylineSyncEngine     *engine)
{
  g_signal_emit (self, signals[MERGED], 0, id);
}

typedef struct
{
  BylineSyncController *self;
  char                 *account;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_free (data->account);
  g_free (data);
}

static void
cms_opened (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OpenData *data = user_data;
  BylineSyncController *self = data->self;
  g_autoptr(BylineCms) cms = NULL;
  g_autoptr(GError) error = NULL;
  BylineSyncEngine *engine;

  cms = byline_accounts_open_cms_finish (BYLINE_ACCOUNTS (object), result, &error);
  /* Removed, or stopped, meanwhile */
  if (!g_hash_table_remove (self->opening, data->account) || !self->started)
    {
      open_data_free (data);
      return;
    }

  if (cms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not start syncing with %s: %s", data->account, error->message);
          g_signal_emit (self, signals[ACCOUNT_FAILED], 0, data->account, error->message);
        }
      open_data_free (data);
      return;
    }

  /* Image paths in articles ("media/<hash>.png") are relative to the store */
  if (BYLINE_IS_WP_CMS (cms))
    {
      g_autoptr(GFile) media_dir = g_file_new_for_path (byline_store_get_directory (self->store));

      byline_wp_cms_set_media_dir (BYLINE_WP_CMS (cms), media_dir);
    }

  engine = byline_sync_engine_new (self->store, cms, data->account, self->monitor);
  g_signal_connect_object (engine, "article-state-changed",
                           G_CALLBACK (on_engine_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "merged",
                           G_CALLBACK (on_engine_merged), self, G_CONNECT_SWAPPED);
  g_hash_table_replace (self->engines, g_strdup (data->account), engine);
  byline_sync_engine_start (engine);
  g_debug ("Syncing with %s", data->account);
  open_data_free (data);
}

static void
stop_engine (gpointer data)
{
  BylineSyncEngine *engine = data;

  g_signal_handlers_disconnect_matched (engine, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_engine_state_changed, NULL);
  g_signal_handlers_disconnect_matched (engine, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_engine_merged, NULL);
  byline_sync_engine_stop (engine);
  g_object_unref (engine);
}

/* One engine for every account listed, none for the others */
static void
update_engines (BylineSyncController *self)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  if (!self->started)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineAccount) account = g_list_model_get_item (model, i);
      const char *name = byline_account_get_name (account);
      OpenData *data;

      g_hash_table_add (listed, (gpointer) name);
      if (g_hash_table_contains (self->engines, name) || g_hash_table_contains (self->opening, name))
        continue;

      data = g_new0 (OpenData, 1);
      data->self = g_object_ref (self);
      data->account = g_strdup (name);
      g_hash_table_add (self->opening, g_strdup (name));
      byline_accounts_open_cms_async (self->accounts, account, self->session, self->cancellable,
                                      cms_opened, data);
    }

  g_hash_table_iter_init (&iter, self->engines);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->opening);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      g_hash_table_iter_remove (&iter);
}

void
byline_sync_controller_start (BylineSyncController *self)
{
  g_return_if_fail (BYLINE_IS_SYNC_CONTROLLER (self));

  if (self->started)
    return;
  self->started = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->accounts != NULL)
    {
      g_signal_connect_object (self->accounts, "items-changed",
                               G_CALLBACK (update_engines), self, G_CONNECT_SWAPPED);
      update_engines (self);
    }
}

void
byline_sync_controller_stop (BylineSyncController *self)
{
  g_return_if_fail (BYLINE_IS_SYNC_CONTROLLER (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_func (self->accounts, update_engines, self);
  g_hash_table_remove_all (self->engines);
  g_hash_table_remove_all (self->opening);
}

BylineStore *
byline_sync_controller_get_store (BylineSyncController *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

BylineAccounts *
byline_sync_controller_get_accounts (BylineSyncController *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), NULL);
  return self->accounts;
}

char *
byline_sync_controller_dup_default_account (BylineSyncController *self)
{
  g_autoptr(BylineAccount) account = NULL;

  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), NULL);

  if (self->accounts == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) == 0)
    return NULL;
  account = g_list_model_get_item (G_LIST_MODEL (self->accounts), 0);
  return g_strdup (byline_account_get_name (account));
}

BylineSyncEngine *
byline_sync_controller_get_engine (BylineSyncController *self,
                                   const char           *account)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  return g_hash_table_lookup (self->engines, account);
}

gboolean
byline_sync_controller_lookup_state (BylineSyncController  *self,
                                     const char            *id,
                                     BylineSyncState       *state,
                                     const char           **message)
{
  ArticleState *entry;

  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = g_hash_table_lookup (self->states, id);
  if (entry == NULL)
    return FALSE;
  if (state != NULL)
    *state = entry->state;
  if (message != NULL)
    *message = entry->message;
  return TRUE;
}

/* Sync one article */

static void
sync_saved (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineSyncController *self = g_task_get_source_object (task);
  const char *account = g_task_get_task_data (task);
  BylineSyncEngine *engine;
  GError *error = NULL;

  if (!byline_store_save_and_enqueue_finish (BYLINE_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Not started yet: it finds the entry in the outbox when it starts */
  engine = g_hash_table_lookup (self->engines, account);
  if (engine != NULL)
    byline_sync_engine_kick (engine);
  g_task_return_boolean (task, TRUE);
}

void
byline_sync_controller_sync_async (BylineSyncController  *self,
                                   BylineArticleSnapshot *snapshot,
                                   const char            *account,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (BYLINE_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_sync_controller_sync_async);
  g_task_set_task_data (task, g_strdup (account), g_free);
  byline_store_save_and_enqueue_async (self->store, snapshot, account, cancellable, sync_saved, task);
}

gboolean
byline_sync_controller_sync_finish (BylineSyncController  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Conflicts */

typedef struct
{
  char          *id;
  GStrv          accounts;
  BylineArticle *base;
  BylineArticle *mine;
  BylineArticle *theirs;
  char          *account;
} ConflictData;

static void
conflict_data_free (ConflictData *data)
{
  g_free (data->id);
  g_strfreev (data->accounts);
  g_clear_object (&data->base);
  g_clear_object (&data->mine);
  g_clear_object (&data->theirs);
  g_free (data->account);
  g_free (data);
}

static void
load_conflict_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  BylineSyncController *self = source_object;
  ConflictData *data = task_data;
  GError *error = NULL;

  for (guint i = 0; data->accounts[i] != NULL; i++)
    {
      g_autofree char *document = NULL;
      g_autofree char *local_base = NULL;
      g_autoptr(BylineRemoteLink) link = NULL;

      if (!byline_store_get_remote_copy_sync (self->store, data->id, data->accounts[i],
                                              &document, NULL, &local_base, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (document == NULL)
        continue;

      if (!(data->theirs = byline_article_new_from_json (document, -1, &error)) ||
          !byline_store_get_link_sync (self->store, data->id, data->accounts[i], &link,
                                       cancellable, &error) ||
          !(data->mine = byline_store_load_sync (self->store, data->id, cancellable, &error)))
        {
          g_task_return_error (task, error);
          return;
        }
      /* As the engine merged: no usable base makes every difference a
       * conflict.  A conflict found in the editor has its own base: the
       * local text the site's changes were merged into. */
      if (local_base != NULL)
        data->base = byline_article_new_from_json (local_base, -1, NULL);
      else if (link != NULL && link->base_document != NULL)
        data->base = byline_article_new_from_json (link->base_document, -1, NULL);
      if (data->base == NULL)
        data->base = byline_article_new_with_id (data->id);
      data->account = g_strdup (data->accounts[i]);
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_return_new_error (task, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                           _("This article has no conflict to resolve."));
}

void
byline_sync_controller_load_conflict_async (BylineSyncController *self,
                                            const char           *id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  ConflictData *data;
  guint n = self->accounts ? g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) : 0;

  g_return_if_fail (BYLINE_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (id != NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      g_strv_builder_add (builder, byline_account_get_name (account));
    }

  data = g_new0 (ConflictData, 1);
  data->id = g_strdup (id);
  data->accounts = g_strv_builder_end (builder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_sync_controller_load_conflict_async);
  g_task_set_name (task, "[byline] load conflict");
  g_task_set_task_data (task, data, (GDestroyNotify) conflict_data_free);
  g_task_run_in_thread (task, load_conflict_thread);
}

gboolean
byline_sync_controller_load_conflict_finish (BylineSyncController  *self,
                                             GAsyncResult          *result,
                                             BylineArticle        **base,
                                             BylineArticle        **mine,
                                             BylineArticle        **theirs,
                                             char                 **account,
                                             GError               **error)
{
  ConflictData *data;

  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (base != NULL)
    *base = g_object_ref (data->base);
  if (mine != NULL)
    *mine = g_object_ref (data->mine);
  if (theirs != NULL)
    *theirs = g_object_ref (data->theirs);
  if (account != NULL)
    *account = g_strdup (data->account);
  return TRUE;
}

static void
resolved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!byline_sync_engine_resolve_conflict_finish (BYLINE_SYNC_ENGINE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
byline_sync_controller_resolve_async (BylineSyncController *self,
                                      const char           *account,
                                      BylineArticle        *merged,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  GTask *task;
  BylineSyncEngine *engine;

  g_return_if_fail (BYLINE_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (account != NULL);
  g_return_if_fail (BYLINE_IS_ARTICLE (merged));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_sync_controller_resolve_async);

  engine = g_hash_table_lookup (self->engines, account);
  if (engine == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Byline is not connected to “%s” yet. Try again in a moment."),
                               account);
      g_object_unref (task);
      return;
    }

  byline_sync_engine_resolve_conflict_async (engine, merged, cancellable, resolved, task);
}

gboolean
byline_sync_controller_resolve_finish (BylineSyncController  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Life */

static void
byline_sync_controller_dispose (GObject *object)
{
  BylineSyncController *self = (BylineSyncController *)object;

  byline_sync_controller_stop (self);
  g_clear_pointer (&self->engines, g_hash_table_unref);
  g_clear_pointer (&self->opening, g_hash_table_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (byline_sync_controller_parent_class)->dispose (object);
}

static void
byline_sync_controller_class_init (BylineSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_sync_controller_dispose;

  signals[ARTICLE_STATE_CHANGED] =
    g_signal_new ("article-state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ACCOUNT_FAILED] =
    g_signal_new ("account-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
byline_sync_controller_init (BylineSyncController *self)
{
  self->engines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stop_engine);
  self->opening = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, article_state_free);
}

BylineSyncController *
byline_sync_controller_new (BylineStore     *store,
                            BylineAccounts  *accounts,
                            SoupSession     *session,
                            GNetworkMonitor *monitor)
{
  BylineSyncController *self;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (!accounts || BYLINE_IS_ACCOUNTS (accounts), NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (!monitor || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (BYLINE_TYPE_SYNC_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  self->accounts = accounts ? g_object_ref (accounts) : NULL;
  self->session = g_object_ref (session);
  self->monitor = monitor ? g_object_ref (monitor) : NULL;
  return self;
}
