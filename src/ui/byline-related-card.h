/* byline-related-card.h: an inline related-story card inside the body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-story-ref.h"
#include "byline-cms.h"
#include "store/byline-store.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_RELATED_CARD (byline_related_card_get_type())

G_DECLARE_FINAL_TYPE (BylineRelatedCard, byline_related_card, BYLINE, RELATED_CARD, GtkWidget)

/* A compact block: the story's section (small, dim), its headline (bold),
 * its thumbnail with caption, and what the last check of the site found
 * ("Updated — Refresh card?", "Deleted on the site", "No longer public").
 * Focusable; its menu (also on the Menu key and Shift+F10) refreshes,
 * moves and removes it.  It follows the story ref's changes.
 *
 * Signals: "remove", "move" (int: -1 up, +1 down) — the editor does them
 * in the body buffer, so they are undoable like any edit.  "Refresh"
 * takes the site's values into the story ref (byline_story_ref_refresh).
 *
 * The thumbnail: a local image from @store's folder; a site image from
 * the copy @store keeps of it, else fetched once through @cms off the main
 * thread (byline_thumbnail_fetch_async) and kept for the next time and
 * for offline.  Both may be NULL: then a placeholder shows. */
GtkWidget      *byline_related_card_new           (BylineStoryRef    *ref,
                                                   BylineStore       *store,
                                                   BylineCms         *cms);
/* The site to fetch a site image through, once an account is connected:
 * a card still showing the placeholder tries again. */
void            byline_related_card_set_cms       (BylineRelatedCard *self,
                                                   BylineCms         *cms);
BylineStoryRef *byline_related_card_get_story_ref (BylineRelatedCard *self);
/* The sentence about the target shown on the card, or NULL. */
const char     *byline_related_card_get_notice    (BylineRelatedCard *self);

G_END_DECLS
