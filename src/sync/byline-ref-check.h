/* byline-ref-check.h: live references — is each linked story still as
 * the article shows it?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-article.h"
#include "byline-cms.h"

G_BEGIN_DECLS

/* Looks up every story @article references (related list and cards) on
 * the site in one batch (byline_cms_lookup_stories_async) and, back on
 * the calling thread's main context, sets each reference's target state:
 * ok; updated (headline or image differ from what the card shows; the
 * site's values are kept for "Refresh card?"); deleted (trashed, or
 * gone for good); not public (unpublished or private).  Only the
 * references' target data change: no other part of the article, and a
 * card is never rewritten without the journalist.  References the article
 * dropped meanwhile are skipped.  Returns how many need attention. */
void      byline_check_references_async  (BylineCms            *cms,
                                          BylineArticle        *article,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  byline_check_references_finish (GAsyncResult         *result,
                                          guint                *n_flagged,
                                          GError              **error);

/* The state a reference gets from what the site has (@fresh; NULL when
 * the site does not have the story at all).  Pure: exposed for tests. */
BylineTargetState byline_ref_check_compare (BylineStoryRef *ref,
                                            BylineStoryRef *fresh);

G_END_DECLS
