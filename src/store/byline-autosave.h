/* byline-autosave.h: writes an article to the store shortly after it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-store.h"

G_BEGIN_DECLS

/* How long after the first unsaved change a save starts.  While the
 * journalist keeps typing, saves follow each other at this pace, so a change
 * reaches the disk at most about this long (plus the write) after it was
 * made, and at least once a second while typing goes on. */
#define BYLINE_AUTOSAVE_DELAY_MS 400

typedef enum
{
  BYLINE_AUTOSAVE_SAVED,
  BYLINE_AUTOSAVE_UNSAVED,  /* changes wait for the timer */
  BYLINE_AUTOSAVE_SAVING,
  BYLINE_AUTOSAVE_FAILED,   /* see "error"; retried on the next change and every few seconds */
} BylineAutosaveState;

#define BYLINE_TYPE_AUTOSAVE (byline_autosave_get_type())

G_DECLARE_FINAL_TYPE (BylineAutosave, byline_autosave, BYLINE, AUTOSAVE, GObject)

/* Watches @article's "changed" signal.  On the timer it takes a snapshot on
 * the main thread (cheap) and hands it to byline_store_save_async(); only
 * one save is in flight at a time.  Properties: "state"
 * (BylineAutosaveState, read-only), "error" (a GError message a journalist
 * can read, or NULL), "article", "store", "delay" (ms).
 *
 * @article as handed in is taken to be what the store already holds (just
 * loaded, or saved once by whoever created it); a brand-new article that
 * was never saved is first written at its first change.
 *
 * When sync stores a newer version of the article meanwhile (the store's
 * "articles-changed" tells, or a save is refused as stale), the autosave
 * merges it into @article in place — base: what it last knew to be
 * stored; mine: @article; theirs: the stored version — changing only the
 * fields and blocks that differ, and saves the result.  Overlapping
 * changes keep the journalist's text and put the article into the
 * conflict state, with the stored version kept to resolve against
 * (byline_store_save_local_conflict_sync()).  Signal "merged" (gboolean
 * conflict, message or NULL) tells the window. */
BylineAutosave      *byline_autosave_new          (BylineStore          *store,
                                                   BylineArticle        *article);
BylineArticle       *byline_autosave_get_article  (BylineAutosave       *self);
BylineAutosaveState  byline_autosave_get_state    (BylineAutosave       *self);
const char          *byline_autosave_get_error    (BylineAutosave       *self);
guint                byline_autosave_get_delay    (BylineAutosave       *self);
void                 byline_autosave_set_delay    (BylineAutosave       *self,
                                                   guint                 delay_ms);
/* Saves now whatever is unsaved and completes when it is on disk (or
 * failed).  Used when the window closes or another article is opened. */
void                 byline_autosave_flush_async  (BylineAutosave       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean             byline_autosave_flush_finish (BylineAutosave       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
