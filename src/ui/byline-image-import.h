/* byline-image-import.h: a photo from a file or the clipboard into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-image.h"
#include "store/byline-store.h"
#include "store/byline-image-metadata.h"

G_BEGIN_DECLS

/* Width of the thumbnails in the body and the image panel, in pixels */
#define BYLINE_THUMBNAIL_WIDTH 300

/* On a worker thread: reads @file (or takes @bytes, a pasted picture),
 * refuses anything that is not a whole JPEG, PNG or WebP, decodes it at
 * thumbnail size only (a 40-megapixel photo is never decoded whole), reads
 * its metadata and stores Byline's own copy.  Errors name the file. */
void         byline_image_import_async  (BylineStore          *store,
                                         GFile                *file,
                                         GBytes               *bytes,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* A new image whose src is the stored copy, its empty texts prefilled
 * from the metadata (see byline-image-suggestions.h).  @metadata (out,
 * optional) is what the photo said; @thumbnail (out, optional) the small
 * picture already decoded. */
BylineImage *byline_image_import_finish (BylineStore          *store,
                                         GAsyncResult         *result,
                                         BylineImageMetadata **metadata,
                                         GdkTexture          **thumbnail,
                                         GError              **error);

/* Decodes a JPEG, PNG or WebP (by its bytes) at most @max_width wide;
 * blocking, for worker threads. */
GdkTexture  *byline_image_decode_thumbnail (GBytes             *bytes,
                                            const char         *name,
                                            int                 max_width,
                                            GError            **error);
/* The same for @file on a worker thread; cancelling drops the result. */
void         byline_thumbnail_load_async   (GFile              *file,
                                            int                 max_width,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GdkTexture  *byline_thumbnail_load_finish  (GAsyncResult       *result,
                                            GError            **error);

/* PNG bytes of a texture (a pasted picture) */
GBytes      *byline_texture_to_png      (GdkTexture           *texture);

G_END_DECLS
