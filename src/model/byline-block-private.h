/* byline-block-private.h: what the article and the format know of a block
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-block.h"
#include "byline-limits-private.h"

G_BEGIN_DECLS

/* The block's compact JSON (one element of "body"), built on first use and
 * kept until the block changes.  Main thread only, like every block
 * mutation; the returned bytes are immutable and may go to any thread. */
GBytes   *byline_block_dup_json           (BylineBlock *self);
gboolean  byline_block_has_cached_json    (BylineBlock *self);
/* What in the block is over a format limit (its text, a caption, a link…),
 * found when the JSON was last built, so asking costs nothing; NULL when
 * everything fits.  Only meaningful after byline_block_dup_json(). */
const BylineLimitViolation *
          byline_block_get_limit_violation (BylineBlock *self);

/* Bookkeeping of the article that holds the block: which article (a block
 * sits in one body at a time) and how many of the block's words that
 * article's total currently includes, so a change adjusts the total by the
 * difference instead of walking the body.
 *
 * The owner hears of every change through @changed, called before the
 * block's "changed" signal.  A direct call rather than a signal handler:
 * a handler costs a closure, its notifiers and an entry in the article's
 * closure array, 1.45 MB for the 4,200 blocks of a 250,000-word story. */
typedef void (*BylineBlockOwnerFunc) (gpointer     owner,
                                      BylineBlock *block);

gpointer  byline_block_get_owner          (BylineBlock          *self);
void      byline_block_set_owner          (BylineBlock          *self,
                                           gpointer              owner,
                                           BylineBlockOwnerFunc  changed);
guint     byline_block_get_counted_words  (BylineBlock *self);
void      byline_block_set_counted_words  (BylineBlock *self,
                                           guint        words);

/* Test hook: how many times any block has recounted its text's words. */
guint     byline_block_get_recount_calls  (void);

G_END_DECLS
