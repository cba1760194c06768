/* byline-sync-engine.c: moves one account's outbox to its CMS
 *
 * One push at a time, handled on a worker thread (store reads, the push,
 * a merge, the bookkeeping), so the main thread only receives signals.
 * The CMS interface is asynchronous; the worker drives it on a private
 * main context of its own.  docs/sync.md explains
 * the states, the retry policy and the merge flow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "byline-related-search.h"
#include "byline-sync-engine.h"
#include "model/byline-article-format.h"
#include "model/byline-merge.h"

#define PULL_PAGE_SIZE 100
/* How often a merge is done again because the editor saved while it ran. */
#define MAX_MERGE_ATTEMPTS 5

struct _BylineSyncEngine
{
  GObject          parent_instance;

  BylineStore     *store;
  BylineCms       *cms;
  char            *account;
  GNetworkMonitor *monitor;

  /* Where signals are emitted: the creator's thread-default context. */
  GMainContext    *context;
  GCancellable    *cancellable;
  GSource         *timer;

  guint            base_delay_ms;
  guint            max_delay_ms;

  /* Atomic: set when the network goes, so the worker stops after the
   * entry on its way. */
  gint             offline;

  guint            running : 1;
  guint            online : 1;
  guint            busy : 1;
  guint            again : 1;
};

G_DEFINE_FINAL_TYPE (BylineSyncEngine, byline_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CMS,
  PROP_ACCOUNT,
  PROP_NETWORK_MONITOR,
  PROP_BASE_DELAY_MS,
  PROP_MAX_DELAY_MS,
  PROP_RUNNING,
  PROP_ONLINE,
  PROP_BUSY,
  N_PROPS
};

enum {
  ARTICLE_STATE_CHANGED,
  MERGED,
  IDLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule (BylineSyncEngine *self);

/* ------------------------------------------------------------------ */
/* Driving the asynchronous CMS from a worker thread                    */

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Waiter;

static void
waiter_init (Waiter *waiter)
{
  waiter->context = g_main_context_new ();
  waiter->result = NULL;
  g_main_context_push_thread_default (waiter->context);
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  /* Let the finished operation release what it holds on this context. */
  while (g_main_context_iteration (waiter->context, FALSE))
    ;
  g_main_context_pop_thread_default (waiter->context);
  g_clear_pointer (&waiter->context, g_main_context_unref);
}

static void
waiter_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
waiter_wait (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (waiter->context, TRUE);
  return waiter->result;
}

static BylineArticle *
fetch_blocking (BylineCms     *cms,
                const char    *remote_id,
                char         **version,
                GCancellable  *cancellable,
                GError       **error)
{
  Waiter waiter;
  BylineArticle *ret;

  waiter_init (&waiter);
  byline_cms_fetch_async (cms, remote_id, cancellable, waiter_done_cb, &waiter);
  ret = byline_cms_fetch_finish (cms, waiter_wait (&waiter), version, error);
  waiter_clear (&waiter);
  return ret;
}

static GPtrArray *
list_blocking (BylineCms     *cms,
               guint          page,
               guint         *total_pages,
               GCancellable  *cancellable,
               GError       **error)
{
  Waiter waiter;
  GPtrArray *ret;

  waiter_init (&waiter);
  byline_cms_list_async (cms, BYLINE_CMS_STATUS_ALL, page, PULL_PAGE_SIZE, cancellable,
                         waiter_done_cb, &waiter);
  ret = byline_cms_list_finish (cms, waiter_wait (&waiter), NULL, total_pages, error);
  waiter_clear (&waiter);
  return ret;
}

/* ------------------------------------------------------------------ */
/* Articles as the sync sees them                                       */

/* The same article under another id (a server copy compared with the local
 * one).  Through the file format, so nothing is shared between the two. */
static BylineArticle *
article_with_id (BylineArticle  *article,
                 const char     *id,
                 GError        **error)
{
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *changed = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE,
                           "The site’s copy could not be converted.");
      return NULL;
    }
  json_object_set_string_member (json_node_get_object (root), "id", id);
  changed = json_to_string (root, FALSE);
  return byline_article_new_from_json (changed, -1, error);
}

static gboolean
delete_blocking (BylineCms     *cms,
                 const char    *remote_id,
                 const char    *version,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Waiter waiter;
  gboolean ret;

  waiter_init (&waiter);
  byline_cms_delete_async (cms, remote_id, version, cancellable, waiter_done_cb, &waiter);
  ret = byline_cms_delete_finish (cms, waiter_wait (&waiter), error);
  waiter_clear (&waiter);
  return ret;
}

/* The site has no field for these (which ones depends on the site:
 * WordPress keeps the SEO title, the social headline, the language and
 * the byline only with the companion plugin): a server copy comes back
 * without them.  Take them from @from so they never look like an edit
 * made on the site, which would wipe the journalist's values.  Ask after
 * the fetch: the backend learns from the post what the site keeps. */
static void
keep_local_only_fields (BylineCms     *cms,
                        BylineArticle *theirs,
                        BylineArticle *from)
{
  const char * const *fields = byline_cms_get_local_fields (cms);
  GObjectClass *klass = G_OBJECT_GET_CLASS (theirs);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, fields[i]);
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspec == NULL)
        continue;
      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (G_OBJECT (from), fields[i], &value);
      g_object_set_property (G_OBJECT (theirs), fields[i], &value);
    }
}

static char *
article_document (BylineArticle *article)
{
  return byline_article_to_json (article, NULL);
}

/* ------------------------------------------------------------------ */
/* Signals from worker threads                                          */

typedef struct
{
  BylineSyncEngine *self;
  char             *id;
  BylineSyncState   state;
  char             *message;
  gboolean          merged;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_clear_object (&emission->self);
  g_free (emission->id);
  g_free (emission->message);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->merged)
    g_signal_emit (emission->self, signals[MERGED], 0, emission->id);
  else
    g_signal_emit (emission->self, signals[ARTICLE_STATE_CHANGED], 0,
                   emission->id, (guint) emission->state, emission->message);
  return G_SOURCE_REMOVE;
}

/* Idles on one context run in the order they were added, so the main
 * thread hears the states in the order the worker went through them. */
static void
emit_later (BylineSyncEngine *self,
            const char       *id,
            BylineSyncState   state,
            const char       *message,
            gboolean          merged)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (self);
  emission->id = g_strdup (id);
  emission->state = state;
  emission->message = g_strdup (message);
  emission->merged = merged;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "[byline] sync signal");
  g_source_set_callback (source, emit_cb, emission, emission_free);
  g_source_attach (source, self->context);
}

/* ------------------------------------------------------------------ */
/* Retry policy                                                         */

guint
byline_sync_engine_backoff_ms (BylineSyncEngine *self,
                               guint             attempts,
                               guint             retry_after_s)
{
  guint64 delay;

  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), 0);

  delay = self->base_delay_ms;
  for (guint i = 1; i < attempts && delay < self->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) self->max_delay_ms);

  /* The server knows best how long it needs. */
  if ((guint64) retry_after_s * 1000 > delay)
    delay = (guint64) retry_after_s * 1000;

  return (guint) MIN (delay, (guint64) G_MAXUINT);
}

/* "Equal jitter": half the delay fixed, half random, so clients that
 * failed together do not come back together; never below Retry-After. */
static guint
jittered_ms (BylineSyncEngine *self,
             guint             attempts,
             guint             retry_after_s)
{
  guint delay = byline_sync_engine_backoff_ms (self, attempts, retry_after_s);
  guint half = delay / 2;
  guint jittered = half + (half > 0 ? (guint) g_random_int_range (0, (gint32) MIN (half, (guint) G_MAXINT32) + 1) : 0);

  return MAX (jittered, retry_after_s * 1000);
}

/* ------------------------------------------------------------------ */
/* One outbox entry                                                     */

typedef struct
{
  gboolean processed;   /* an entry was handled (look again at once) */
  gint64   next_due;    /* else: when the next waiting entry is due, or 0 */
} Outcome;

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Records a failed attempt and tells the journalist what happens next. */
static void
record_failure (BylineSyncEngine        *self,
                const BylineOutboxEntry *entry,
                const GError            *failure,
                GCancellable            *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  BylineSyncState state;
  gint64 next = 0;

  if (byline_cms_error_is_transient (failure))
    {
      guint delay_ms = jittered_ms (self, entry->attempts + 1, byline_cms_error_get_retry_after (failure));
      guint seconds = (delay_ms + 999) / 1000;

      next = g_get_real_time () + (gint64) delay_ms * 1000;
      state = BYLINE_SYNC_STATE_PENDING;
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Waiting to sync: %s. Trying again in %u second.",
                                              "Waiting to sync: %s. Trying again in %u seconds.",
                                              seconds),
                                 failure->message, seconds);
    }
  else
    {
      /* The server refused: trying again would get the same answer.  The
       * entry waits until the journalist changes something. */
      state = BYLINE_SYNC_STATE_ERROR;
      message = g_strdup (failure->message);
    }

  if (!byline_store_outbox_failed_sync (self->store, entry->id, next, message, state, NULL, &error))
    g_warning ("Could not record a failed sync of %s: %s", entry->article_id, error->message);

  emit_later (self, entry->article_id, state, message, FALSE);
}

/* Someone changed the article on the site since Byline last synced it:
 * fetch their copy and merge three ways. */
static void
handle_stale (BylineSyncEngine        *self,
              const BylineOutboxEntry *entry,
              const char              *stored,
              const BylineRemoteLink  *link,
              GCancellable            *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) fetched = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineArticle) base = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineArticle) mine = NULL;
  g_autofree char *document = g_strdup (stored);
  g_autofree char *their_version = NULL;
  g_autofree char *their_document = NULL;
  guint attempt = 0;

  fetched = fetch_blocking (self->cms, link->remote_id, &their_version, cancellable, &error);
  if (fetched == NULL)
    {
      if (!is_cancelled (error))
        record_failure (self, entry, error, cancellable);
      return;
    }

  if (link->base_document != NULL)
    base = byline_article_new_from_json (link->base_document, -1, NULL);
  if (base == NULL)
    /* No usable base: every field both sides hold differently is a
     * conflict, which is the safe answer. */
    base = byline_article_new_with_id (entry->article_id);

  keep_local_only_fields (self->cms, fetched, base);
  theirs = article_with_id (fetched, entry->article_id, &error);
  if (theirs == NULL)
    {
      record_failure (self, entry, error, cancellable);
      return;
    }
  their_document = article_document (theirs);

again:
  mine = byline_article_new_from_json (document, -1, &error);
  if (mine == NULL)
    {
      record_failure (self, entry, error, cancellable);
      return;
    }
  merge = byline_merge_new (base, mine, theirs);

  if (!byline_merge_has_conflicts (merge))
    {
      BylineArticle *result = byline_merge_get_result (merge);
      g_autoptr(BylineArticleSnapshot) snapshot = NULL;
      g_autoptr(BylineRemoteLink) new_link = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      /* Newer than anything an editor saved, so the store never takes the
       * merge for an out-of-order save. */
      byline_article_set_modified (result, now);
      snapshot = byline_article_snapshot (result);

      /* The site's copy becomes the base, with its version: the merged
       * article is pushed as an edit of it.  Written only over the text
       * it was merged from: if the journalist's editor saved meanwhile,
       * merge again with what it saved (their edits stay theirs; the
       * editor then merges this result into what it holds). */
      new_link = byline_remote_link_new (entry->article_id, self->account, link->remote_id,
                                         their_version, their_document);
      if (!byline_store_save_merged_sync (self->store, snapshot, document, new_link, NULL, &error))
        {
          if (g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE) &&
              ++attempt < MAX_MERGE_ATTEMPTS)
            {
              g_clear_error (&error);
              g_clear_object (&merge);
              g_clear_object (&mine);
              g_free (document);
              document = byline_store_get_document_sync (self->store, entry->article_id, NULL, &error);
              if (document != NULL)
                goto again;
            }
          g_warning ("Could not save the merged article %s: %s", entry->article_id, error->message);
          record_failure (self, entry, error, cancellable);
          return;
        }

      emit_later (self, entry->article_id, BYLINE_SYNC_STATE_PENDING,
                  _("Merged with changes from the site"), FALSE);
      emit_later (self, entry->article_id, BYLINE_SYNC_STATE_PENDING, NULL, TRUE);
    }
  else
    {
      guint n = g_list_model_get_n_items (byline_merge_get_conflicts (merge));
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u change on the site conflicts with yours. Nothing is sent until you choose.",
                                              "%u changes on the site conflict with yours. Nothing is sent until you choose.",
                                              n),
                                 n);
      if (!byline_store_set_conflict_sync (self->store, entry->id, entry->article_id, self->account,
                                           their_document, their_version, message, NULL, &error))
        {
          g_warning ("Could not keep the site’s copy of %s: %s", entry->article_id, error->message);
          return;
        }
      emit_later (self, entry->article_id, BYLINE_SYNC_STATE_CONFLICT, message, FALSE);
    }
}

/* The journalist emptied a linked article from the trash: move the post
 * to the site's trash, unless someone changed it there since the last
 * sync (then it stays, and so does the link: the journalist decides). */
static void
process_delete (BylineSyncEngine        *self,
                const BylineOutboxEntry *entry,
                GCancellable            *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autofree char *message = NULL;

  if (!byline_store_get_link_sync (self->store, entry->article_id, self->account, &link, NULL, &error))
    {
      g_prefix_error (&error, _("Could not read the article to delete it on the site: "));
      record_failure (self, entry, error, cancellable);
      return;
    }

  if (link != NULL)
    {
      if (!byline_store_set_sync_state_sync (self->store, entry->article_id, BYLINE_SYNC_STATE_SYNCING, NULL, &store_error))
        g_clear_error (&store_error);
      emit_later (self, entry->article_id, BYLINE_SYNC_STATE_SYNCING, NULL, FALSE);

      if (!delete_blocking (self->cms, link->remote_id, link->version_token, cancellable, &error) &&
          !g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND))
        {
          if (is_cancelled (error))
            {
              byline_store_set_sync_state_sync (self->store, entry->article_id, BYLINE_SYNC_STATE_PENDING, NULL, NULL);
              emit_later (self, entry->article_id, BYLINE_SYNC_STATE_PENDING, NULL, FALSE);
              return;
            }
          if (g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE))
            {
              g_autoptr(GError) held = NULL;

              /* Held like any refusal: the journalist restores the article
               * (its push merges the site's changes) or leaves it. */
              held = g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE,
                                  _("%s, so Byline did not delete it there. Restore the article "
                                    "from the trash to see those changes."),
                                  error->message);
              record_failure (self, entry, held, cancellable);
              return;
            }
          record_failure (self, entry, error, cancellable);
          return;
        }
    }

  /* In the site's trash (or gone already, or never there). */
  if (!byline_store_outbox_deleted_sync (self->store, entry->id, entry->article_id, self->account,
                                         NULL, &store_error))
    {
      g_warning ("Could not record the delete of %s: %s", entry->article_id, store_error->message);
      return;
    }
  message = g_strdup (_("Moved to the site’s trash"));
  emit_later (self, entry->article_id, BYLINE_SYNC_STATE_SYNCED, message, FALSE);
}

/* A push read from the store and ready to go: the article exactly as
 * stored when it was read (what is pushed becomes the base) and its link. */
typedef struct
{
  BylineOutboxEntry *entry;
  char              *document;
  BylineArticle     *article;
  BylineRemoteLink  *link;
  /* Filled in when the server took it */
  char              *new_remote_id;
  char              *new_version;
} Push;

static void
push_free (Push *push)
{
  g_clear_pointer (&push->entry, byline_outbox_entry_free);
  g_free (push->document);
  g_clear_object (&push->article);
  g_clear_pointer (&push->link, byline_remote_link_free);
  g_free (push->new_remote_id);
  g_free (push->new_version);
  g_free (push);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Push, push_free)

/* Reads what pushing @entry sends.  Writes nothing, so a push read but
 * never started needs no undoing.  A failure is recorded on the entry. */
static Push *
push_read (BylineSyncEngine  *self,
           BylineOutboxEntry *entry,
           GCancellable      *cancellable)
{
  g_autoptr(Push) push = g_new0 (Push, 1);
  g_autoptr(GError) error = NULL;

  push->entry = entry;
  push->document = byline_store_get_document_sync (self->store, entry->article_id, NULL, &error);
  if (push->document == NULL ||
      (push->article = byline_article_new_from_json (push->document, -1, &error)) == NULL ||
      !byline_store_get_link_sync (self->store, entry->article_id, self->account, &push->link, NULL, &error))
    {
      g_prefix_error (&error, _("Could not read the article to sync it: "));
      record_failure (self, entry, error, cancellable);
      return NULL;
    }
  return g_steal_pointer (&push);
}

/* The server has it: the link and the new base go to the store. */
static void
push_record_done (BylineSyncEngine *self,
                  Push             *push)
{
  g_autoptr(BylineRemoteLink) new_link = NULL;
  g_autoptr(GError) error = NULL;

  new_link = byline_remote_link_new (push->entry->article_id, self->account, push->new_remote_id,
                                     push->new_version, push->document);
  /* If recording fails, the next attempt finds the article up to date
   * (or merges): nothing is lost. */
  if (!byline_store_outbox_done_sync (self->store, push->entry->id, new_link, NULL, &error))
    {
      g_warning ("Could not record the sync of %s: %s", push->entry->article_id, error->message);
      return;
    }
  emit_later (self, push->entry->article_id, BYLINE_SYNC_STATE_SYNCED, NULL, FALSE);
}

/* A push the server did not take (or that was stopped). */
static void
push_record_failure (BylineSyncEngine *self,
                     Push             *push,
                     const GError     *error,
                     GCancellable     *cancellable)
{
  const BylineOutboxEntry *entry = push->entry;

  if (is_cancelled (error))
    {
      /* Stopped: the entry stays as it was and goes out on the next start. */
      byline_store_set_sync_state_sync (self->store, entry->article_id, BYLINE_SYNC_STATE_PENDING, NULL, NULL);
      emit_later (self, entry->article_id, BYLINE_SYNC_STATE_PENDING, NULL, FALSE);
      return;
    }

  if (g_error_matches (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE) && push->link != NULL)
    {
      handle_stale (self, entry, push->document, push->link, cancellable);
      return;
    }

  record_failure (self, entry, error, cancellable);
}

/* Looks for the next due entry (@found).  A push is read into @next.  A
 * delete is done here and now, unless @sending (the article whose push is
 * on its way; NULL: none) is set: then it waits for the next look, and so
 * does @sending's own newer entry, until that push is recorded. */
static gboolean
read_next (BylineSyncEngine  *self,
           const char        *sending,
           Push             **next,
           gint64            *next_due,
           gboolean          *found,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(BylineOutboxEntry) due = NULL;

  *next = NULL;
  *found = FALSE;
  if (!byline_store_next_outbox_sync (self->store, self->account, g_get_real_time (), sending,
                                      &due, next_due, NULL, error))
    return FALSE;
  if (due == NULL)
    return TRUE;

  *found = TRUE;
  if (g_strcmp0 (due->op, "delete") != 0)
    *next = push_read (self, g_steal_pointer (&due), cancellable);
  else if (sending == NULL)
    process_delete (self, due, cancellable);
  return TRUE;
}

/* Records the push in *@sent, if any, and clears it. */
static void
record_sent (BylineSyncEngine  *self,
             Push             **sent)
{
  if (*sent == NULL)
    return;
  push_record_done (self, *sent);
  g_clear_pointer (sent, push_free);
}

/* Sends @sending (taken).  While it is on its way: "syncing", the push
 * before it (*@sent) recorded, and the next due push read into *@next.
 * Then *@sent is @sending if the server took it (recorded later, also
 * while the next one is on its way); a refusal is handled here. */
static void
push_send (BylineSyncEngine  *self,
           Push              *sending,
           Push             **sent,
           Push             **next,
           GCancellable      *cancellable)
{
  g_autoptr(Push) push = sending;
  g_autoptr(GError) error = NULL;
  Waiter waiter;
  gboolean ok;

  waiter_init (&waiter);
  byline_cms_push_async (self->cms, push->article,
                         push->link != NULL ? push->link->remote_id : NULL,
                         push->link != NULL ? push->link->version_token : NULL,
                         cancellable, waiter_done_cb, &waiter);

  /* Only shown; the outcome is recorded either way. */
  byline_store_set_sync_state_sync (self->store, push->entry->article_id, BYLINE_SYNC_STATE_SYNCING, NULL, NULL);
  emit_later (self, push->entry->article_id, BYLINE_SYNC_STATE_SYNCING, NULL, FALSE);
  record_sent (self, sent);
  if (!g_cancellable_is_cancelled (cancellable) && !g_atomic_int_get (&self->offline))
    {
      gint64 ignored;
      gboolean found;

      /* A failure here is met again by the next look, after this push. */
      read_next (self, push->entry->article_id, next, &ignored, &found, cancellable, NULL);
    }

  ok = byline_cms_push_finish (self->cms, waiter_wait (&waiter),
                               &push->new_remote_id, &push->new_version, &error);
  waiter_clear (&waiter);
  if (ok)
    *sent = g_steal_pointer (&push);
  else
    push_record_failure (self, push, error, cancellable);
}

static void
process_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BylineSyncEngine *self = source_object;
  g_autofree Outcome *outcome = g_new0 (Outcome, 1);
  g_autoptr(Push) next = NULL;
  g_autoptr(Push) sent = NULL;

  /* Every entry that is due goes out in this one trip to the worker: a
   * trip per entry added to Byline's own time between two pushes of a
   * long queue (docs/benchmarks.md).  The pushes go one at a time, but
   * while one is on its way the worker records the one before (an fsync)
   * and reads the one after, so the server waits for neither.  Only the
   * article on its way is left out of that read: its own newer entry
   * waits until the push is recorded, or it would go without the link. */
  for (;;)
    {
      if (next == NULL)
        {
          GError *error = NULL;
          gboolean found;

          /* Nothing read ahead: record what went out, then look. */
          record_sent (self, &sent);
          if (!read_next (self, NULL, &next, &outcome->next_due, &found, cancellable, &error))
            {
              g_task_return_error (task, error);
              return;
            }
          /* Nothing more is due: the main loop waits for next_due. */
          outcome->processed = found;
          if (!found)
            break;
        }

      if (next != NULL)
        push_send (self, g_steal_pointer (&next), &sent, &next, cancellable);

      if (g_cancellable_is_cancelled (cancellable) || g_atomic_int_get (&self->offline))
        break;
    }

  /* Stopped or offline: whatever was read ahead is read again next time. */
  record_sent (self, &sent);
  g_task_return_pointer (task, g_steal_pointer (&outcome), g_free);
}

/* ------------------------------------------------------------------ */
/* The loop (main thread)                                               */

static gboolean
timer_cb (gpointer data)
{
  BylineSyncEngine *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
clear_timer (BylineSyncEngine *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
arm_timer (BylineSyncEngine *self,
           gint64            due)
{
  gint64 wait_ms = MAX (0, (due - g_get_real_time () + 999) / 1000);

  clear_timer (self);
  self->timer = g_timeout_source_new ((guint) MIN (wait_ms, (gint64) G_MAXUINT));
  g_source_set_name (self->timer, "[byline] sync retry");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
set_busy (BylineSyncEngine *self,
          gboolean          busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
process_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;
  g_autofree Outcome *outcome = NULL;
  gboolean again = self->again;

  self->again = FALSE;
  set_busy (self, FALSE);

  outcome = g_task_propagate_pointer (G_TASK (result), &error);
  if (outcome == NULL)
    {
      if (!is_cancelled (error))
        {
          /* The store failed (disk full, locked): try again later. */
          g_warning ("Could not read the sync queue: %s", error->message);
          if (self->running)
            arm_timer (self, g_get_real_time () + (gint64) self->base_delay_ms * 1000);
        }
      return;
    }

  if (outcome->processed || again)
    {
      schedule (self);
      return;
    }

  if (outcome->next_due > 0 && self->running && self->online)
    arm_timer (self, outcome->next_due);

  g_signal_emit (self, signals[IDLE], 0);
}

static void
schedule (BylineSyncEngine *self)
{
  g_autoptr(GTask) task = NULL;

  if (!self->running || !self->online)
    return;
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  clear_timer (self);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, process_done_cb, NULL);
  g_task_set_source_tag (task, schedule);
  g_task_set_name (task, "[byline] sync entry");
  g_task_run_in_thread (task, process_thread);
}

static void
retry_now_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  BylineSyncEngine *self = source_object;
  GError *error = NULL;

  if (byline_store_outbox_retry_now_sync (self->store, self->account, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
retry_now_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not resume the sync queue: %s", error->message);
  schedule (self);
}

static void
set_online (BylineSyncEngine *self,
            gboolean          online)
{
  if (self->online == !!online)
    return;

  self->online = !!online;
  g_atomic_int_set (&self->offline, !online);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);

  if (!online)
    {
      /* Paused: what is on its way finishes (or fails and waits). */
      clear_timer (self);
      return;
    }

  if (self->running)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, retry_now_done_cb, NULL);

      /* Back online: whatever was waiting for a retry goes now. */
      g_task_set_source_tag (task, set_online);
      g_task_set_name (task, "[byline] sync resume");
      g_task_run_in_thread (task, retry_now_thread);
    }
}

static void
network_changed_cb (GNetworkMonitor  *monitor,
                    gboolean          available,
                    BylineSyncEngine *self)
{
  set_online (self, g_network_monitor_get_network_available (monitor));
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
byline_sync_engine_constructed (GObject *object)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);

  G_OBJECT_CLASS (byline_sync_engine_parent_class)->constructed (object);

  if (self->monitor != NULL)
    {
      self->online = g_network_monitor_get_network_available (self->monitor);
      g_atomic_int_set (&self->offline, !self->online);
      g_signal_connect_object (self->monitor, "network-changed",
                               G_CALLBACK (network_changed_cb), self, 0);
    }
}

static void
byline_sync_engine_dispose (GObject *object)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  clear_timer (self);

  G_OBJECT_CLASS (byline_sync_engine_parent_class)->dispose (object);
}

static void
byline_sync_engine_finalize (GObject *object)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cms);
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (byline_sync_engine_parent_class)->finalize (object);
}

static void
byline_sync_engine_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CMS:
      g_value_set_object (value, self->cms);
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_BASE_DELAY_MS:
      g_value_set_uint (value, self->base_delay_ms);
      break;
    case PROP_MAX_DELAY_MS:
      g_value_set_uint (value, self->max_delay_ms);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_sync_engine_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BylineSyncEngine *self = BYLINE_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CMS:
      self->cms = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_string (value);
      break;
    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_BASE_DELAY_MS:
      byline_sync_engine_set_base_delay_ms (self, g_value_get_uint (value));
      break;
    case PROP_MAX_DELAY_MS:
      byline_sync_engine_set_max_delay_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_sync_engine_class_init (BylineSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_sync_engine_constructed;
  object_class->dispose = byline_sync_engine_dispose;
  object_class->finalize = byline_sync_engine_finalize;
  object_class->get_property = byline_sync_engine_get_property;
  object_class->set_property = byline_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CMS] =
    g_param_spec_object ("cms", NULL, NULL, BYLINE_TYPE_CMS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_DELAY_MS] =
    g_param_spec_uint ("base-delay-ms", NULL, NULL, 1, G_MAXUINT, BYLINE_SYNC_ENGINE_BASE_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_DELAY_MS] =
    g_param_spec_uint ("max-delay-ms", NULL, NULL, 1, G_MAXUINT, BYLINE_SYNC_ENGINE_MAX_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ARTICLE_STATE_CHANGED] =
    g_signal_new ("article-state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[IDLE] =
    g_signal_new ("idle",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_sync_engine_init (BylineSyncEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->base_delay_ms = BYLINE_SYNC_ENGINE_BASE_DELAY_MS;
  self->max_delay_ms = BYLINE_SYNC_ENGINE_MAX_DELAY_MS;
  self->online = TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

BylineSyncEngine *
byline_sync_engine_new (BylineStore     *store,
                        BylineCms       *cms,
                        const char      *account,
                        GNetworkMonitor *monitor)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (BYLINE_IS_CMS (cms), NULL);
  g_return_val_if_fail (account != NULL && *account != '\0', NULL);
  g_return_val_if_fail (!monitor || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (BYLINE_TYPE_SYNC_ENGINE,
                       "store", store,
                       "cms", cms,
                       "account", account,
                       "network-monitor", monitor,
                       NULL);
}

const char *
byline_sync_engine_get_account (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), NULL);
  return self->account;
}

gboolean
byline_sync_engine_get_running (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), FALSE);
  return self->running;
}

gboolean
byline_sync_engine_get_online (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), FALSE);
  return self->online;
}

gboolean
byline_sync_engine_get_busy (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), FALSE);
  return self->busy;
}

guint
byline_sync_engine_get_base_delay_ms (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), 0);
  return self->base_delay_ms;
}

void
byline_sync_engine_set_base_delay_ms (BylineSyncEngine *self,
                                      guint             delay_ms)
{
  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (delay_ms > 0);

  if (self->base_delay_ms == delay_ms)
    return;
  self->base_delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_DELAY_MS]);
}

guint
byline_sync_engine_get_max_delay_ms (BylineSyncEngine *self)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), 0);
  return self->max_delay_ms;
}

void
byline_sync_engine_set_max_delay_ms (BylineSyncEngine *self,
                                     guint             delay_ms)
{
  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (delay_ms > 0);

  if (self->max_delay_ms == delay_ms)
    return;
  self->max_delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DELAY_MS]);
}

void
byline_sync_engine_start (BylineSyncEngine *self)
{
  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));

  if (self->running)
    return;

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  schedule (self);
}

void
byline_sync_engine_stop (BylineSyncEngine *self)
{
  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
byline_sync_engine_kick (BylineSyncEngine *self)
{
  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));

  schedule (self);
}

/* Conflicts */

BylineArticle *
byline_sync_engine_get_remote_copy_sync (BylineSyncEngine  *self,
                                         const char        *article_id,
                                         GCancellable      *cancellable,
                                         GError           **error)
{
  g_autofree char *document = NULL;

  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (!byline_store_get_remote_copy_sync (self->store, article_id, self->account, &document, NULL, NULL,
                                          cancellable, error) ||
      document == NULL)
    return NULL;

  return byline_article_new_from_json (document, -1, error);
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BylineSyncEngine *self = source_object;
  BylineArticleSnapshot *snapshot = task_data;
  const char *id = byline_article_snapshot_get_id (snapshot);
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(BylineRemoteLink) new_link = NULL;
  g_autofree char *document = NULL;
  g_autofree char *version = NULL;
  g_autofree char *local_base = NULL;
  GError *error = NULL;

  if (!byline_store_get_link_sync (self->store, id, self->account, &link, cancellable, &error) ||
      !byline_store_get_remote_copy_sync (self->store, id, self->account, &document, &version,
                                          &local_base, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (link == NULL || document == NULL)
    {
      g_task_return_new_error (task, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                               _("The article “%s” has no conflict to resolve."), id);
      return;
    }

  /* The resolution was made against the site's copy: that is its base
   * and its version.  If the site moved on again, the push merges again.
   * A conflict found in the editor was against a local merge, not the
   * site: the link (the site's copy as last seen) stays as it is. */
  if (local_base != NULL)
    new_link = byline_remote_link_new (id, self->account, link->remote_id, link->version_token,
                                       link->base_document);
  else
    new_link = byline_remote_link_new (id, self->account, link->remote_id, version, document);
  if (!byline_store_save_merged_sync (self->store, snapshot, NULL, new_link, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
resolve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  schedule (self);
  g_task_return_boolean (task, TRUE);
}

void
byline_sync_engine_resolve_conflict_async (BylineSyncEngine    *self,
                                           BylineArticle       *merged,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (BYLINE_IS_ARTICLE (merged));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, byline_sync_engine_resolve_conflict_async);

  inner = g_task_new (self, cancellable, resolve_done_cb, outer);
  g_task_set_name (inner, "[byline] sync resolve");
  g_task_set_task_data (inner, byline_article_snapshot (merged),
                        (GDestroyNotify) byline_article_snapshot_unref);
  /* Once saved, the caller must hear so even if it cancelled meanwhile. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, resolve_thread);
}

gboolean
byline_sync_engine_resolve_conflict_finish (BylineSyncEngine  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_sync_engine_resolve_conflict_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Pull */

/* Takes in one remote change for a linked article. */
static gboolean
update_linked (BylineSyncEngine       *self,
               const BylineRemoteLink *link,
               BylineArticle          *fetched,
               const char             *version,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autofree char *document = NULL;
  g_autoptr(BylineArticle) local = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean waiting = FALSE;

  document = byline_store_get_document_sync (self->store, link->article_id, cancellable, error);
  if (document == NULL)
    return FALSE;
  entries = byline_store_list_outbox_sync (self->store, self->account, cancellable, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      BylineOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->article_id, link->article_id) == 0)
        waiting = TRUE;
    }

  if (waiting || g_strcmp0 (document, link->base_document) != 0)
    {
      /* Changed here too: the push finds the site's copy newer and merges.
       * A conflict already waiting for the journalist stays as it is. */
      if (waiting)
        return TRUE;
      return byline_store_enqueue_sync (self->store, link->article_id, self->account, cancellable, error);
    }

  /* Untouched here since the last sync: the site's copy replaces it. */
  if ((local = byline_article_new_from_json (document, -1, error)) == NULL)
    return FALSE;
  keep_local_only_fields (self->cms, fetched, local);
  if ((theirs = article_with_id (fetched, link->article_id, error)) == NULL)
    return FALSE;
  snapshot = byline_article_snapshot (theirs);
  if (!byline_store_save_pulled_sync (self->store, snapshot, document, self->account, link->remote_id,
                                      version, cancellable, &local_error))
    {
      /* The journalist's editor saved while this was fetched: their text
       * is no longer the base, so the push merges the two instead. */
      if (g_error_matches (local_error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE))
        return byline_store_enqueue_sync (self->store, link->article_id, self->account, cancellable, error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  emit_later (self, link->article_id, BYLINE_SYNC_STATE_SYNCED, _("Updated with changes from the site"), FALSE);
  return TRUE;
}

static gboolean
is_etag (const char *version)
{
  return version != NULL && (version[0] == '"' || g_str_has_prefix (version, "W/"));
}

/* The published and scheduled posts a pull sees go into the story cache
 * (byline-story-cache.c), a page at a time, so the Related panel finds
 * them offline.  Drafts and posts pending review are nothing to link to:
 * one the cache knew (unpublished since) is taken out. */
static void
cache_public_stories (BylineSyncEngine *self,
                      GPtrArray        *items,
                      GCancellable     *cancellable)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      BylineCmsItem *item = g_ptr_array_index (items, i);
      BylineArticleStatus status = byline_cms_item_get_status (item);

      if (status == BYLINE_ARTICLE_STATUS_PUBLISHED || status == BYLINE_ARTICLE_STATUS_SCHEDULED)
        g_ptr_array_add (stories, byline_cached_story_new_from_cms_item (item, self->account));
      else if (!byline_store_uncache_story_sync (self->store, self->account,
                                                 byline_cms_item_get_remote_id (item), cancellable, &error))
        {
          g_message ("Could not forget an unpublished story: %s", error->message);
          g_clear_error (&error);
        }
    }

  if (stories->len > 0 &&
      !byline_store_cache_stories_sync (self->store, stories, cancellable, &error))
    g_message ("Could not keep the site’s stories for offline search: %s", error->message);
}

static void
pull_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BylineSyncEngine *self = source_object;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GHashTable) by_remote = g_hash_table_new (g_str_hash, g_str_equal);
  guint total_pages = 1;
  GError *error = NULL;

  for (guint page = 1; page <= total_pages; page++)
    {
      g_autoptr(GPtrArray) batch = list_blocking (self->cms, page, &total_pages, cancellable, &error);

      if (batch == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      for (guint i = 0; i < batch->len; i++)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (batch, i)));
      cache_public_stories (self, batch, cancellable);
      if (batch->len == 0)
        break;
    }

  links = byline_store_list_links_sync (self->store, self->account, cancellable, &error);
  if (links == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < links->len; i++)
    {
      BylineRemoteLink *link = g_ptr_array_index (links, i);
      g_hash_table_insert (by_remote, link->remote_id, link);
    }

  for (guint i = 0; i < items->len; i++)
    {
      BylineCmsItem *item = g_ptr_array_index (items, i);
      BylineRemoteLink *link = g_hash_table_lookup (by_remote, byline_cms_item_get_remote_id (item));
      g_autoptr(BylineArticle) fetched = NULL;
      g_autofree char *version = NULL;
      g_autoptr(GError) item_error = NULL;

      if (link == NULL)
        continue;
      /* The list reports modified times; an ETag can only be compared
       * with a fetch. */
      if (!is_etag (link->version_token) &&
          g_strcmp0 (byline_cms_item_get_version (item), link->version_token) == 0)
        continue;

      fetched = fetch_blocking (self->cms, link->remote_id, &version, cancellable, &item_error);
      if (fetched == NULL)
        {
          if (is_cancelled (item_error))
            {
              g_task_return_error (task, g_steal_pointer (&item_error));
              return;
            }
          g_debug ("Could not fetch %s to update %s: %s", link->remote_id, link->article_id, item_error->message);
          continue;
        }
      if (g_strcmp0 (version, link->version_token) == 0)
        continue;

      if (!update_linked (self, link, fetched, version, cancellable, &item_error))
        g_warning ("Could not take in the site’s changes to %s: %s", link->article_id, item_error->message);
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
pull_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;
  GPtrArray *items;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Articles changed on both sides were enqueued: send them. */
  schedule (self);
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
byline_sync_engine_pull_async (BylineSyncEngine    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, byline_sync_engine_pull_async);

  inner = g_task_new (self, cancellable, pull_done_cb, outer);
  g_task_set_name (inner, "[byline] sync pull");
  g_task_run_in_thread (inner, pull_thread);
}

GPtrArray *
byline_sync_engine_pull_finish (BylineSyncEngine  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_sync_engine_pull_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opening a remote article */

static void
open_remote_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BylineSyncEngine *self = source_object;
  const char *remote_id = task_data;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(BylineArticle) fetched = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autofree char *version = NULL;
  GError *error = NULL;
  BylineArticle *article;

  links = byline_store_list_links_sync (self->store, self->account, cancellable, &error);
  if (links == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < links->len; i++)
    {
      BylineRemoteLink *link = g_ptr_array_index (links, i);

      if (g_strcmp0 (link->remote_id, remote_id) == 0)
        {
          /* Already here: open the local copy (a pull brings changes). */
          article = byline_store_load_sync (self->store, link->article_id, cancellable, &error);
          if (article == NULL)
            g_task_return_error (task, error);
          else
            g_task_return_pointer (task, article, g_object_unref);
          return;
        }
    }

  fetched = fetch_blocking (self->cms, remote_id, &version, cancellable, &error);
  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  snapshot = byline_article_snapshot (fetched);
  if (!byline_store_save_pulled_sync (self->store, snapshot, NULL, self->account, remote_id, version,
                                      cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&fetched), g_object_unref);
}

void
byline_sync_engine_open_remote_async (BylineSyncEngine    *self,
                                      const char          *remote_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BYLINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (remote_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_sync_engine_open_remote_async);
  g_task_set_name (task, "[byline] sync open remote");
  g_task_set_task_data (task, g_strdup (remote_id), g_free);
  g_task_run_in_thread (task, open_remote_thread);
}

BylineArticle *
byline_sync_engine_open_remote_finish (BylineSyncEngine  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (BYLINE_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_sync_engine_open_remote_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
