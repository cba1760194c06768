/* byline-related-card.h: an inline related-story card inside the body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-story-ref.h"

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
 * @store_directory resolves local image paths; remote images show a
 * placeholder (the UI does no HTTP). */
GtkWidget      *byline_related_card_new           (BylineStoryRef    *ref,
                                                   const char        *store_directory);
BylineStoryRef *byline_related_card_get_story_ref (BylineRelatedCard *self);
/* The sentence about the target shown on the card, or NULL. */
const char     *byline_related_card_get_notice    (BylineRelatedCard *self);

G_END_DECLS
