/* byline-media.h: Byline's own copies of images, content-addressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-store.h"

G_BEGIN_DECLS

#define BYLINE_MEDIA_ERROR (byline_media_error_quark ())

typedef enum
{
  BYLINE_MEDIA_ERROR_UNSUPPORTED, /* not a JPEG, PNG or WebP */
  BYLINE_MEDIA_ERROR_CORRUPT,     /* says it is one, but is broken */
} BylineMediaError;

GQuark      byline_media_error_quark     (void);

/* "jpg", "png" or "webp" when @data starts like one, else NULL.  Looks at
 * the bytes only, never at a file name. */
const char *byline_media_sniff_type      (const guint8  *data,
                                          gsize          size);
/* Checks that @bytes are a whole JPEG, PNG or WebP (magic bytes and the
 * shape of the container); the error names @display_name. */
gboolean    byline_media_check_bytes     (GBytes        *bytes,
                                          const char    *display_name,
                                          GError       **error);

/* Copies @bytes into the store's media/ folder as "<sha256>.<type>",
 * written atomically (a temporary file renamed into place); the same bytes
 * twice are stored once.  Returns the image's "src", relative to the
 * store's folder ("media/<sha256>.jpg").  Blocking: for worker threads. */
char       *byline_store_add_media_sync  (BylineStore   *store,
                                          GBytes        *bytes,
                                          const char    *display_name,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* The same on a worker thread, from @file (read there) or from @bytes (a
 * pasted picture); exactly one of them is given.  @display_name names the
 * image in errors (the file's name when NULL). */
void        byline_store_add_media_async (BylineStore          *store,
                                          GFile                *file,
                                          GBytes               *bytes,
                                          const char           *display_name,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char       *byline_store_add_media_finish (BylineStore         *store,
                                           GAsyncResult        *result,
                                           GError             **error);

/* A site's image already copied into media/: the src of the copy for
 * @url, or NULL (and no error) when there is none.  Blocking. */
char       *byline_store_lookup_remote_media_sync   (BylineStore  *store,
                                                     const char   *url,
                                                     GError      **error);
/* Remembers that @url's image is kept as @src (from
 * byline_store_add_media_sync()).  Blocking. */
gboolean    byline_store_remember_remote_media_sync (BylineStore  *store,
                                                     const char   *url,
                                                     const char   *src,
                                                     GError      **error);

G_END_DECLS
