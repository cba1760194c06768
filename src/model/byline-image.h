/* byline-image.h: a photo with its three texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_IMAGE (byline_image_get_type())

G_DECLARE_FINAL_TYPE (BylineImage, byline_image, BYLINE, IMAGE, GObject)

/* Properties: "src", "caption", "credit", "alt", "decorative"; each setter
 * notifies only when the value really changes.  The "changed" signal is
 * emitted once after any property changed.
 *
 * src: where Byline's own copy of the photo lives: a path relative to the
 * store's folder ("media/<sha256>.png"), or a file:// / https:// URI.
 */
BylineImage *byline_image_new            (void);
BylineImage *byline_image_copy           (BylineImage *self);
gboolean     byline_image_equal          (BylineImage *a,
                                          BylineImage *b);
const char  *byline_image_get_src        (BylineImage *self);
void         byline_image_set_src        (BylineImage *self,
                                          const char  *src);
const char  *byline_image_get_caption    (BylineImage *self);
void         byline_image_set_caption    (BylineImage *self,
                                          const char  *caption);
const char  *byline_image_get_credit     (BylineImage *self);
void         byline_image_set_credit     (BylineImage *self,
                                          const char  *credit);
const char  *byline_image_get_alt        (BylineImage *self);
void         byline_image_set_alt        (BylineImage *self,
                                          const char  *alt);
gboolean     byline_image_get_decorative (BylineImage *self);
void         byline_image_set_decorative (BylineImage *self,
                                          gboolean     decorative);

G_END_DECLS
