/* byline-sync-controller.h: the window's side of sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "byline-accounts.h"
#include "byline-sync-engine.h"
#include "store/byline-store.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_SYNC_CONTROLLER (byline_sync_controller_get_type())

G_DECLARE_FINAL_TYPE (BylineSyncController, byline_sync_controller, BYLINE, SYNC_CONTROLLER, GObject)

/* Owns one BylineSyncEngine per account of @accounts (a GListModel of
 * BylineAccount, followed as accounts come and go), all on @session.
 * Nothing happens before byline_sync_controller_start(): call it once the
 * store is open.  @monitor may be NULL (always online).
 *
 * Signals, forwarded from every engine:
 *   "article-state-changed" (id, BylineSyncState as guint, message or NULL)
 *   "merged" (id)
 *   "account-failed" (account name, message) — its engine could not start
 *       (no password in the keyring, …). */
BylineSyncController *byline_sync_controller_new             (BylineStore          *store,
                                                              BylineAccounts       *accounts,
                                                              SoupSession          *session,
                                                              GNetworkMonitor      *monitor);
void                  byline_sync_controller_start           (BylineSyncController *self);
void                  byline_sync_controller_stop            (BylineSyncController *self);
BylineStore          *byline_sync_controller_get_store       (BylineSyncController *self);
BylineAccounts       *byline_sync_controller_get_accounts    (BylineSyncController *self);
/* The account Sync pushes to: the first in the list (no choice of a
 * default account yet), or NULL when there is none. */
char                 *byline_sync_controller_dup_default_account (BylineSyncController *self);
/* The engine of @account, or NULL while it is starting or could not. */
BylineSyncEngine     *byline_sync_controller_get_engine      (BylineSyncController *self,
                                                              const char           *account);
/* The last state an engine reported for @id, with its message; FALSE
 * when no engine said anything about it since the start. */
gboolean              byline_sync_controller_lookup_state    (BylineSyncController *self,
                                                              const char           *id,
                                                              BylineSyncState      *state,
                                                              const char          **message);

/* Saves @snapshot and queues a push of it to @account, in one
 * transaction, then wakes the account's engine. */
void                  byline_sync_controller_sync_async      (BylineSyncController  *self,
                                                              BylineArticleSnapshot *snapshot,
                                                              const char            *account,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
gboolean              byline_sync_controller_sync_finish     (BylineSyncController  *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

/* What the conflict view needs for article @id, read off the main thread:
 * the merge base (the article as last synced), mine (as stored) and
 * theirs (the site's copy kept with the conflict), and the account. */
void                  byline_sync_controller_load_conflict_async  (BylineSyncController *self,
                                                                   const char           *id,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
gboolean              byline_sync_controller_load_conflict_finish (BylineSyncController *self,
                                                                   GAsyncResult         *result,
                                                                   BylineArticle       **base,
                                                                   BylineArticle       **mine,
                                                                   BylineArticle       **theirs,
                                                                   char                **account,
                                                                   GError              **error);

/* Hands the journalist's resolution to the engine of @account, which saves
 * it and pushes it. */
void                  byline_sync_controller_resolve_async   (BylineSyncController *self,
                                                              const char           *account,
                                                              BylineArticle        *merged,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean              byline_sync_controller_resolve_finish  (BylineSyncController *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
