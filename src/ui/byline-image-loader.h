/* byline-image-loader.h: thumbnails loaded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file an image's "src" points at: a path relative to @store_directory
 * ("media/<sha256>.png"), an absolute path, or a file:// or resource:// URI.
 * NULL for remote URLs and empty sources. */
GFile *byline_image_resolve_src  (const char   *src,
                                  const char   *store_directory);

/* Decodes @file on a worker thread and shows it in @picture (a GtkPicture
 * or a GtkImage) when done, scaled down to @max_width pixels when it is
 * more than 0;
 * nothing happens if it fails or @cancellable is cancelled first. */
void   byline_picture_load_async (GtkWidget    *picture,
                                  GFile        *file,
                                  int           max_width,
                                  GCancellable *cancellable);

/* The same, for a caller that shows the picture in more than one place:
 * the decoded (and scaled) texture. */
void        byline_texture_load_async  (GFile               *file,
                                        int                  max_width,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GdkTexture *byline_texture_load_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
