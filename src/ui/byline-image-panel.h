/* byline-image-panel.h: the sidebar's image panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"
#include "store/byline-store.h"
#include "byline-spell-checker.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_IMAGE_PANEL (byline_image_panel_get_type())

G_DECLARE_FINAL_TYPE (BylineImagePanel, byline_image_panel, BYLINE, IMAGE_PANEL, GtkWidget)

/* Every image of "article", the lead image first, then the body's in
 * order, each with its thumbnail, caption, credit, alt text and
 * "decorative" switch bound both ways to the BylineImage, the texts that
 * came from the photo's metadata marked until confirmed or edited, and
 * the image's flags (byline-image-flags.h) as warnings that follow every
 * edit.  The body's images follow the body's list model.  Captions and
 * alt texts are spell-checked by @spell_checker (the editor's, so the
 * article's language and the same menu), if given.
 *
 * Signals:
 *   "show-image" (BylineImage *image, BylineBlock *block) — the journalist
 *   asked to see @image in the story; @block is NULL for the lead image.
 */
GtkWidget     *byline_image_panel_new          (BylineStore        *store,
                                                BylineSpellChecker *spell_checker);
BylineArticle *byline_image_panel_get_article  (BylineImagePanel *self);
void           byline_image_panel_set_article  (BylineImagePanel *self,
                                                BylineArticle    *article);
/* Scrolls to @image's card and focuses its caption. */
gboolean       byline_image_panel_focus_image  (BylineImagePanel *self,
                                                BylineImage      *image);

/* For tests: how many image cards are shown (lead included), and the
 * widgets of card @index: "caption", "alt" (BylineTextRow), "credit"
 * (AdwEntryRow), "decorative" (GtkSwitch), "show" (the row that shows it
 * in the story),
 * "accept-caption", "accept-credit", "accept-alt" (buttons), or
 * "flag-<n>" (the warning row of the flag bit 1 << n). */
guint          byline_image_panel_get_n_cards  (BylineImagePanel *self);
GtkWidget     *byline_image_panel_get_card_widget (BylineImagePanel *self,
                                                   guint             index,
                                                   const char       *name);
BylineImage   *byline_image_panel_get_card_image  (BylineImagePanel *self,
                                                   guint             index);

G_END_DECLS
