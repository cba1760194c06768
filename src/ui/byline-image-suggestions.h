/* byline-image-suggestions.h: texts that came from a photo's own metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/byline-image.h"
#include "store/byline-image-metadata.h"

G_BEGIN_DECLS

/* Fills the empty "caption", "credit" and "alt" of @image from @metadata
 * and remembers which ones it filled; text already there is never touched.
 * A field counts as a suggestion while it still holds exactly what was
 * suggested and the journalist has not confirmed it. */
void     byline_image_take_suggestions      (BylineImage               *image,
                                             const BylineImageMetadata *metadata);
gboolean byline_image_is_suggested          (BylineImage               *image,
                                             const char                *property);
/* The journalist accepts the suggestion as their own text. */
void     byline_image_confirm_suggestion    (BylineImage               *image,
                                             const char                *property);

G_END_DECLS
