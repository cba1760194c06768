/* byline-import-review.h: what an import recognised, checked before the article is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "model/byline-import-result.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_IMPORT_REVIEW (byline_import_review_get_type())

G_DECLARE_FINAL_TYPE (BylineImportReview, byline_import_review, BYLINE, IMPORT_REVIEW, AdwWindow)

/* A modal window over @parent: a preview of the headline and standfirst,
 * a switch for each uncertain part ("We think this is the lead image
 * caption"), and the lines dropped as site furniture, each of which can
 * be kept.  The switches change @result's decisions; the preview follows.
 *
 * Signals:
 *   "import" (BylineArticle *article) — the journalist chose Import: the
 *   article built from the current answers (the window then closes).
 *   Cancel, Escape or closing the window makes nothing. */
GtkWidget          *byline_import_review_new        (GtkWindow          *parent,
                                                     BylineImportResult *result,
                                                     const char         *file_name);
BylineImportResult *byline_import_review_get_result (BylineImportReview *self);

/* For tests: the rows with a switch, in source order */
GtkListBox         *byline_import_review_get_uncertain_list (BylineImportReview *self);
AdwExpanderRow     *byline_import_review_get_dropped_row    (BylineImportReview *self);
GtkLabel           *byline_import_review_get_preview_headline (BylineImportReview *self);

G_END_DECLS
