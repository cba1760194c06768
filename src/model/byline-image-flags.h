/* byline-image-flags.h: what an editor would say about a photo's texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-image.h"

G_BEGIN_DECLS

/* The image panel and the checks panel both ask these questions; the
 * answers are computed from the image alone, cheaply. */
typedef enum /*< flags >*/
{
  BYLINE_IMAGE_FLAG_NONE               = 0,
  BYLINE_IMAGE_FLAG_NO_ALT             = 1 << 0, /* and not decorative */
  BYLINE_IMAGE_FLAG_NO_CREDIT          = 1 << 1,
  BYLINE_IMAGE_FLAG_ALT_IS_CAPTION     = 1 << 2,
  BYLINE_IMAGE_FLAG_CREDIT_SUSPICIOUS  = 1 << 3, /* does not look like a credit */
  BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT  = 1 << 4, /* fewer than BYLINE_CAPTION_MIN_WORDS */
} BylineImageFlags;

/* A caption shorter than this many words says too little to a reader. */
#define BYLINE_CAPTION_MIN_WORDS 3

BylineImageFlags byline_image_get_flags             (BylineImage      *image);
/* Whether @credit has the shape of a photo credit: "© Agency 2026 / Name",
 * "Photo: Name", "Name/Agency", a short run of capitalised names. */
gboolean         byline_credit_looks_like_credit    (const char       *credit);
/* One sentence for one flag (a single bit), translated, for the panels. */
const char      *byline_image_flag_describe         (BylineImageFlags  flag);

G_END_DECLS
