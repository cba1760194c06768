/* byline-sync-engine.h: moves one account's outbox to its CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-article.h"
#include "byline-cms.h"
#include "byline-store.h"

G_BEGIN_DECLS

/* Retry policy (docs/sync.md): exponential backoff with jitter. */
#define BYLINE_SYNC_ENGINE_BASE_DELAY_MS 1000
#define BYLINE_SYNC_ENGINE_MAX_DELAY_MS  (5 * 60 * 1000)

#define BYLINE_TYPE_SYNC_ENGINE (byline_sync_engine_get_type())

G_DECLARE_FINAL_TYPE (BylineSyncEngine, byline_sync_engine, BYLINE, SYNC_ENGINE, GObject)

/* One engine per account.  It sends the account's outbox entries one at a
 * time, each on a worker thread: the main thread only does bookkeeping, and
 * editing never waits for the network.
 *
 * Properties: "store", "cms", "account", "network-monitor" (all
 * construct-only; the monitor may be NULL: always online),
 * "base-delay-ms" and "max-delay-ms" (the backoff; tests shorten them),
 * "running", "online", "busy" (read-only: a push is on its way).
 *
 * Signals (on the main context of the thread that created the engine):
 *   "article-state-changed" (id, BylineSyncState as guint, message or NULL)
 *       — syncing, synced, pending (waiting to retry, and why), error (the
 *       server's message), conflict.
 *   "merged" (id) — the server copy had other changes; they were merged
 *       into the local article, which was saved and is being pushed again.
 *   "idle" — nothing is due now: the outbox is empty, or holds only
 *       entries waiting for a retry later or for the journalist.
 */
BylineSyncEngine *byline_sync_engine_new             (BylineStore          *store,
                                                      BylineCms            *cms,
                                                      const char           *account,
                                                      GNetworkMonitor      *monitor);
const char       *byline_sync_engine_get_account     (BylineSyncEngine     *self);
gboolean          byline_sync_engine_get_running     (BylineSyncEngine     *self);
gboolean          byline_sync_engine_get_online      (BylineSyncEngine     *self);
gboolean          byline_sync_engine_get_busy        (BylineSyncEngine     *self);
guint             byline_sync_engine_get_base_delay_ms (BylineSyncEngine   *self);
void              byline_sync_engine_set_base_delay_ms (BylineSyncEngine   *self,
                                                        guint               delay_ms);
guint             byline_sync_engine_get_max_delay_ms  (BylineSyncEngine   *self);
void              byline_sync_engine_set_max_delay_ms  (BylineSyncEngine   *self,
                                                        guint               delay_ms);

/* Starts (or resumes, after a restart) sending the outbox; stop cancels
 * what is on its way (the entry stays in the outbox). */
void              byline_sync_engine_start           (BylineSyncEngine     *self);
void              byline_sync_engine_stop            (BylineSyncEngine     *self);
/* Look at the outbox now (after something was enqueued). */
void              byline_sync_engine_kick            (BylineSyncEngine     *self);

/* The delay before attempt @attempts + 1 (attempts >= 1), without jitter:
 * base × 2^(attempts − 1), at most max; a Retry-After longer than that
 * wins.  In milliseconds. */
guint             byline_sync_engine_backoff_ms      (BylineSyncEngine     *self,
                                                      guint                 attempts,
                                                      guint                 retry_after_s);

/* Saves the journalist's resolution of a conflict and pushes it (against
 * the server copy's version, which it was resolved against). */
void              byline_sync_engine_resolve_conflict_async  (BylineSyncEngine    *self,
                                                              BylineArticle       *merged,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean          byline_sync_engine_resolve_conflict_finish (BylineSyncEngine    *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* The server's copy kept for the conflict view, or NULL (no error) when the
 * article is not in conflict.  Blocking: call from a worker thread. */
BylineArticle    *byline_sync_engine_get_remote_copy_sync    (BylineSyncEngine    *self,
                                                              const char          *article_id,
                                                              GCancellable        *cancellable,
                                                              GError             **error);

/* Lists every remote article (drafts, pending, scheduled, published), page
 * by page, and brings linked articles up to date: a server change the
 * journalist has not touched locally replaces the local copy; one changed on
 * both sides is pushed, which merges.  Returns a GPtrArray of BylineCmsItem,
 * newest first. */
void              byline_sync_engine_pull_async      (BylineSyncEngine     *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray        *byline_sync_engine_pull_finish     (BylineSyncEngine     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Makes a local copy of a remote article, linked to it (an article already
 * linked is returned as stored).  Returns the local article. */
void              byline_sync_engine_open_remote_async  (BylineSyncEngine    *self,
                                                         const char          *remote_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
BylineArticle    *byline_sync_engine_open_remote_finish (BylineSyncEngine    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
