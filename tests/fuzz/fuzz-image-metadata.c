/* fuzz-image-metadata.c: a photo's IPTC / XMP / Exif (byline-image-metadata.c,
 * through gexiv2 and exiv2)
 *
 * A photo from anywhere is read when it is inserted: metadata exiv2 cannot
 * parse must be an error, never a crash, and what is read must be valid
 * UTF-8 text for the caption, credit and alt fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include "byline-image-metadata.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  byline_fuzz_init ();
  return 0;
}

static void
check_text (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineImageMetadata) metadata = byline_image_metadata_read_bytes (bytes, &error);
  g_autofree char *credit = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *alt = NULL;

  if (metadata == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  credit = byline_image_metadata_suggest_credit (metadata);
  caption = byline_image_metadata_suggest_caption (metadata);
  alt = byline_image_metadata_suggest_alt (metadata);
  check_text (credit);
  check_text (caption);
  check_text (alt);
  return 0;
}
