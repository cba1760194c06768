/* byline-image-metadata.h: what a photo says about itself (IPTC, XMP, Exif)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_IMAGE_METADATA (byline_image_metadata_get_type ())

/* The texts a newsroom cares about, each NULL when the photo has none.
 * Read from, in this order (the first present wins):
 *   creator      Iptc.Application2.Byline, Xmp.dc.creator, Exif.Image.Artist
 *   credit_line  Iptc.Application2.Credit, Xmp.photoshop.Credit
 *   copyright    Iptc.Application2.Copyright, Xmp.dc.rights, Exif.Image.Copyright
 *   description  Iptc.Application2.Caption, Xmp.dc.description,
 *                Exif.Image.ImageDescription
 *   alt_text     Xmp.iptc.AltTextAccessibility (exiv2's name for
 *                Iptc4xmpCore:AltTextAccessibility)
 *   year         Exif.Photo.DateTimeOriginal, Iptc.Application2.DateCreated,
 *                Xmp.photoshop.DateCreated, Exif.Image.DateTime (0: none)
 */
typedef struct
{
  char *creator;
  char *credit_line;
  char *copyright;
  char *description;
  char *alt_text;
  int   year;
} BylineImageMetadata;

GType                byline_image_metadata_get_type         (void) G_GNUC_CONST;
BylineImageMetadata *byline_image_metadata_copy             (const BylineImageMetadata *self);
void                 byline_image_metadata_free             (BylineImageMetadata       *self);
gboolean             byline_image_metadata_is_empty         (const BylineImageMetadata *self);

/* Reads the metadata of an image in memory.  Blocking (for worker
 * threads).  A photo without metadata gives an empty result, not an error;
 * metadata exiv2 cannot parse is an error, never a crash. */
BylineImageMetadata *byline_image_metadata_read_bytes       (GBytes                    *bytes,
                                                             GError                   **error);
void                 byline_image_metadata_read_async       (GFile                     *file,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
BylineImageMetadata *byline_image_metadata_read_finish      (GAsyncResult              *result,
                                                             GError                   **error);

/* The newsroom's credit, "© AGENCY YEAR / NAME", from the parts there are:
 * the agency is the credit line (or the copyright holder), the name the
 * creator.  NULL when the photo names nobody. */
char                *byline_image_metadata_suggest_credit   (const BylineImageMetadata *self);
/* The description, tidied; NULL without one. */
char                *byline_image_metadata_suggest_caption  (const BylineImageMetadata *self);
/* The photo's own alt text; NULL without one (the caption is not alt text). */
char                *byline_image_metadata_suggest_alt      (const BylineImageMetadata *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineImageMetadata, byline_image_metadata_free)

G_END_DECLS
