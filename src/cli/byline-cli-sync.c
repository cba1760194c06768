/* byline-cli-sync.c: "byline-cli sync [ACCOUNT]" and "byline-cli pull ACCOUNT"
 *
 * The same engine as the app, driven to the end: pull, enqueue every
 * article changed since its last sync, send until nothing more can be
 * sent, and report each article on one line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "byline-cli-sync.h"
#include "byline-accounts.h"
#include "byline-sync-engine.h"
#include "byline-wp-cms.h"
#include "store/byline-store.h"

#define SETTINGS_SCHEMA_ID "io.github.byline.Byline"
/* How long transient failures may keep "sync" waiting for a retry. */
#define DEFAULT_TIMEOUT_S 120

enum {
  EXIT_OK = 0,
  EXIT_ERROR = 1,
  EXIT_USAGE = 2,
};

static int
fail (const GError *error)
{
  fprintf (stderr, "byline-cli: %s\n", error->message);
  return EXIT_ERROR;
}

static char *
one_line (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  return copy;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static BylineStore *
open_store (GError **error)
{
  const char *env = g_getenv ("BYLINE_DATA_DIR");
  g_autofree char *directory = NULL;
  g_autoptr(BylineStore) store = NULL;

  if (env != NULL && *env != '\0')
    directory = g_strdup (env);
  else
    directory = g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);

  store = byline_store_new (directory);
  if (!byline_store_open_sync (store, NULL, error))
    return NULL;
  return g_steal_pointer (&store);
}

/* Installed, or (from the build tree) compiled in GSETTINGS_SCHEMA_DIR. */
static GSettings *
open_settings (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) local = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL && dir != NULL && *dir != '\0')
    {
      local = g_settings_schema_source_new_from_directory (dir, source, FALSE, NULL);
      if (local != NULL)
        schema = g_settings_schema_source_lookup (local, SETTINGS_SCHEMA_ID, TRUE);
    }
  if (schema == NULL || !g_settings_schema_has_key (schema, "accounts"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Byline's settings schema (%s) with its list of accounts is not installed"),
                   SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

typedef struct
{
  BylineStore      *store;
  GSettings        *settings;
  BylineAccounts   *accounts;
  SoupSession      *session;
  BylineCms        *cms;
  BylineSyncEngine *engine;
  char             *account;
} Context;

static void
context_clear (Context *ctx)
{
  if (ctx->engine != NULL)
    byline_sync_engine_stop (ctx->engine);
  g_clear_object (&ctx->engine);
  g_clear_object (&ctx->cms);
  g_clear_object (&ctx->session);
  g_clear_object (&ctx->accounts);
  g_clear_object (&ctx->settings);
  if (ctx->store != NULL)
    byline_store_close (ctx->store);
  g_clear_object (&ctx->store);
  g_clear_pointer (&ctx->account, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

/* Opens the store and the account (NULL: the only one there is). */
static int
context_open (Context     *ctx,
              const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineAccount) account = NULL;
  guint n;

  if (!(ctx->settings = open_settings (&error)))
    return fail (error);
  ctx->accounts = byline_accounts_new (ctx->settings);
  n = g_list_model_get_n_items (G_LIST_MODEL (ctx->accounts));

  if (name == NULL)
    {
      if (n != 1)
        {
          fprintf (stderr, "byline-cli: %s\n",
                   n == 0 ? _("There is no account yet: add one with “byline-cli account add”.")
                          : _("There are several accounts: name the one to sync (see “byline-cli account list”)."));
          return n == 0 ? EXIT_ERROR : EXIT_USAGE;
        }
      account = g_list_model_get_item (G_LIST_MODEL (ctx->accounts), 0);
    }
  else
    {
      account = byline_accounts_lookup (ctx->accounts, name);
      if (account != NULL)
        g_object_ref (account);
    }
  if (account == NULL)
    {
      fprintf (stderr, _("byline-cli: There is no account “%s” (see “byline-cli account list”).\n"), name);
      return EXIT_ERROR;
    }
  ctx->account = g_strdup (byline_account_get_name (account));

  if (!(ctx->store = open_store (&error)))
    return fail (error);

  ctx->session = soup_session_new ();
  soup_session_set_timeout (ctx->session, 60);
  byline_accounts_open_cms_async (ctx->accounts, account, ctx->session, NULL, store_result_cb, &result);
  if (!(ctx->cms = byline_accounts_open_cms_finish (ctx->accounts, wait_for (&result), &error)))
    return fail (error);

  /* Image paths in articles ("media/<hash>.png") are relative to the store. */
  if (BYLINE_IS_WP_CMS (ctx->cms))
    {
      g_autoptr(GFile) media_dir = g_file_new_for_path (byline_store_get_directory (ctx->store));
      byline_wp_cms_set_media_dir (BYLINE_WP_CMS (ctx->cms), media_dir);
    }

  /* No network monitor: the command was asked for, so it tries. */
  ctx->engine = byline_sync_engine_new (ctx->store, ctx->cms, ctx->account, NULL);
  return EXIT_OK;
}

static GPtrArray *
pull (Context  *ctx,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_sync_engine_pull_async (ctx->engine, NULL, store_result_cb, &result);
  return byline_sync_engine_pull_finish (ctx->engine, wait_for (&result), error);
}

int
byline_cli_pull (int    argc,
                 char **argv)
{
  g_auto(Context) ctx = { 0, };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (argc != 2)
    {
      fprintf (stderr, "byline-cli: %s\n", _("“pull” takes the name of an account"));
      return EXIT_USAGE;
    }

  if ((status = context_open (&ctx, argv[1])) != EXIT_OK)
    return status;

  if (!(items = pull (&ctx, &error)))
    return fail (error);

  for (guint i = 0; i < items->len; i++)
    {
      BylineCmsItem *item = g_ptr_array_index (items, i);
      GDateTime *modified = byline_cms_item_get_modified (item);
      g_autofree char *when = modified ? g_date_time_format_iso8601 (modified) : g_strdup ("");
      g_autofree char *title = one_line (byline_cms_item_get_headline (item));

      printf ("%s\t%s\t%s\t%s\n",
              byline_cms_item_get_remote_id (item),
              byline_article_status_to_string (byline_cms_item_get_status (item)),
              when, title);
    }

  return EXIT_OK;
}

/* Sync */

typedef struct
{
  GHashTable *messages;   /* article id → last message */
  gboolean    idle;
} Progress;

static void
state_changed_cb (BylineSyncEngine *engine,
                  const char       *id,
                  guint             state,
                  const char       *message,
                  Progress         *progress)
{
  if (message != NULL || state == BYLINE_SYNC_STATE_SYNCED)
    g_hash_table_replace (progress->messages, g_strdup (id), g_strdup (message ? message : ""));
}

static void
idle_cb (BylineSyncEngine *engine,
         Progress         *progress)
{
  progress->idle = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Entries still waiting for a retry (not held for the journalist). */
static guint
count_waiting (Context  *ctx,
               GError  **error)
{
  g_autoptr(GPtrArray) entries = byline_store_list_outbox_sync (ctx->store, ctx->account, NULL, error);
  guint waiting = 0;

  if (entries == NULL)
    return G_MAXUINT;
  for (guint i = 0; i < entries->len; i++)
    if (((BylineOutboxEntry *) g_ptr_array_index (entries, i))->next_attempt_at > 0)
      waiting++;
  return waiting;
}

/* Enqueues every article whose stored document is not the one last synced. */
static GHashTable *
enqueue_changed (Context  *ctx,
                 GError  **error)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bases = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (!(links = byline_store_list_links_sync (ctx->store, ctx->account, NULL, error)) ||
      !(list = byline_store_list_sync (ctx->store, FALSE, NULL, error)) ||
      !(entries = byline_store_list_outbox_sync (ctx->store, ctx->account, NULL, error)))
    return NULL;

  for (guint i = 0; i < links->len; i++)
    {
      BylineRemoteLink *link = g_ptr_array_index (links, i);
      g_hash_table_insert (bases, link->article_id, link->base_document ? link->base_document : (char *) "");
    }

  for (guint i = 0; i < list->len; i++)
    {
      const char *id = byline_article_summary_get_id (g_ptr_array_index (list, i));
      const char *base = g_hash_table_lookup (bases, id);
      g_autofree char *document = NULL;

      if (base != NULL)
        {
          if (!(document = byline_store_get_document_sync (ctx->store, id, NULL, error)))
            return NULL;
          if (strcmp (document, base) == 0)
            continue;
        }
      if (!byline_store_enqueue_sync (ctx->store, id, ctx->account, NULL, error))
        return NULL;
      g_hash_table_add (wanted, g_strdup (id));
    }

  /* Whatever was already waiting (a conflict, an earlier failure) is
   * reported too. */
  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (wanted, g_strdup (((BylineOutboxEntry *) g_ptr_array_index (entries, i))->article_id));

  return g_steal_pointer (&wanted);
}

int
byline_cli_sync (int    argc,
                 char **argv)
{
  g_auto(Context) ctx = { 0, };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GHashTable) trashed_headlines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, };
  gboolean expired = FALSE;
  gboolean all_synced = TRUE;
  guint timeout_s = DEFAULT_TIMEOUT_S;
  guint timeout_id;
  const char *env;
  int status;

  if (argc > 2)
    {
      fprintf (stderr, "byline-cli: %s\n", _("“sync” takes at most the name of an account"));
      return EXIT_USAGE;
    }
  if ((status = context_open (&ctx, argc == 2 ? argv[1] : NULL)) != EXIT_OK)
    return status;

  env = g_getenv ("BYLINE_SYNC_TIMEOUT");
  if (env != NULL && *env != '\0')
    timeout_s = (guint) CLAMP (g_ascii_strtoull (env, NULL, 10), 1, 24 * 3600);

  /* Changes made on the site first, so that local edits merge with them. */
  if (!(items = pull (&ctx, &error)))
    return fail (error);
  if (!(wanted = enqueue_changed (&ctx, &error)))
    return fail (error);

  /* Emptied from the trash, waiting to be deleted on the site: reported
   * too, under the headline they had (the row goes once the site has it). */
  if (!(trashed = byline_store_list_sync (ctx.store, TRUE, NULL, &error)))
    return fail (error);
  for (guint i = 0; i < trashed->len; i++)
    {
      BylineArticleSummary *summary = g_ptr_array_index (trashed, i);

      if (g_hash_table_contains (wanted, byline_article_summary_get_id (summary)))
        g_hash_table_replace (trashed_headlines, g_strdup (byline_article_summary_get_id (summary)),
                              g_strdup (byline_article_summary_get_headline (summary)));
    }
  g_clear_pointer (&trashed, g_ptr_array_unref);

  progress.messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (ctx.engine, "article-state-changed", G_CALLBACK (state_changed_cb), &progress);
  g_signal_connect (ctx.engine, "idle", G_CALLBACK (idle_cb), &progress);
  timeout_id = g_timeout_add_seconds (timeout_s, timeout_cb, &expired);

  byline_sync_engine_start (ctx.engine);
  for (;;)
    {
      guint waiting;

      while (!progress.idle && !expired)
        g_main_context_iteration (NULL, TRUE);
      if (expired)
        break;
      progress.idle = FALSE;

      /* Idle with nothing waiting for a retry: all that can go went. */
      if ((waiting = count_waiting (&ctx, &error)) == G_MAXUINT)
        {
          g_source_remove (timeout_id);
          g_hash_table_unref (progress.messages);
          return fail (error);
        }
      if (waiting == 0)
        break;
    }
  if (!expired)
    g_source_remove (timeout_id);
  byline_sync_engine_stop (ctx.engine);

  if (!(list = byline_store_list_sync (ctx.store, FALSE, NULL, &error)))
    {
      g_hash_table_unref (progress.messages);
      return fail (error);
    }

  for (guint i = 0; i < list->len; i++)
    {
      BylineArticleSummary *summary = g_ptr_array_index (list, i);
      const char *id = byline_article_summary_get_id (summary);
      BylineSyncState state = byline_article_summary_get_sync_state (summary);
      g_autofree char *headline = NULL;
      g_autofree char *message = NULL;

      if (!g_hash_table_contains (wanted, id))
        continue;
      headline = one_line (byline_article_summary_get_headline (summary));
      message = one_line (g_hash_table_lookup (progress.messages, id));
      printf ("%s\t%s\t%s\t%s\n", id, byline_sync_state_to_string (state), headline, message);
      if (state != BYLINE_SYNC_STATE_SYNCED)
        all_synced = FALSE;
    }

  /* Deletes: still in the trash (waiting, refused) or gone for good. */
  if (!(trashed = byline_store_list_sync (ctx.store, TRUE, NULL, &error)))
    {
      g_hash_table_unref (progress.messages);
      return fail (error);
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, trashed_headlines);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        const char *id = key;
        g_autofree char *headline = one_line (value);
        g_autofree char *message = one_line (g_hash_table_lookup (progress.messages, id));
        BylineArticleSummary *still = NULL;

        for (guint i = 0; i < trashed->len && still == NULL; i++)
          if (g_strcmp0 (byline_article_summary_get_id (g_ptr_array_index (trashed, i)), id) == 0)
            still = g_ptr_array_index (trashed, i);

        if (still == NULL)
          {
            /* Not a sync state: the article no longer exists here. */
            printf ("%s\t%s\t%s\t%s\n", id, "deleted", headline, message);
            continue;
          }
        printf ("%s\t%s\t%s\t%s\n", id,
                byline_sync_state_to_string (byline_article_summary_get_sync_state (still)),
                headline, message);
        all_synced = FALSE;
      }
  }

  if (expired)
    fprintf (stderr, _("byline-cli: Gave up waiting after %u seconds; what is left stays queued.\n"), timeout_s);

  g_hash_table_unref (progress.messages);
  return all_synced ? EXIT_OK : EXIT_ERROR;
}
