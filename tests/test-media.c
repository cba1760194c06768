/* test-media.c: Byline's own copies of images, and what photos say about
 * themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gexiv2/gexiv2.h>

#include "model/byline-article.h"
#include "store/byline-store.h"
#include "store/byline-media.h"
#include "store/byline-image-metadata.h"

static char *
test_dir (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives every test its own data folder */
  char *dir = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

/* A small real photo-like JPEG (or PNG) drawn with gdk-pixbuf; @seed makes
 * different pictures */
static char *
write_picture (const char *dir,
               const char *name,
               const char *type,
               guint       seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      {
        guchar *p = pixels + y * stride + x * 3;

        p[0] = (guchar) (x * 4 + seed * 40);
        p[1] = (guchar) (y * 5);
        p[2] = (guchar) ((x + y) * 2 + seed);
      }

  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
  return path;
}

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waiter->result;
}

static char *
add_file (BylineStore *store,
          const char  *path,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Waiter waiter = { NULL };
  char *src;

  byline_store_add_media_async (store, file, NULL, NULL, NULL, got_result, &waiter);
  src = byline_store_add_media_finish (store, wait_for (&waiter), error);
  g_clear_object (&waiter.result);
  return src;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_media_dedup (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *store_dir = test_dir ("store");
  g_autoptr(BylineStore) store = byline_store_new (store_dir);
  g_autofree char *media = byline_store_get_media_directory (store);
  g_autofree char *a = write_picture (dir, "harbour.jpg", "jpeg", 1);
  g_autofree char *b = g_build_filename (dir, "harbour copy.jpeg", NULL);
  g_autofree char *c = write_picture (dir, "pier.png", "png", 2);
  g_autofree char *src_a = NULL;
  g_autofree char *src_b = NULL;
  g_autofree char *src_c = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *stored_path = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0, stored_len = 0;

  /* The same photo under another name */
  g_assert_true (g_file_get_contents (a, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (b, contents, len, NULL));

  src_a = add_file (store, a, &error);
  g_assert_no_error (error);
  src_b = add_file (store, b, &error);
  g_assert_no_error (error);
  src_c = add_file (store, c, &error);
  g_assert_no_error (error);

  /* Named by the sha256 of the bytes, with the type the bytes have */
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  expected = g_strdup_printf ("media/%s.jpg", sum);
  g_assert_cmpstr (src_a, ==, expected);
  g_assert_cmpstr (src_b, ==, src_a);
  g_assert_true (g_str_has_prefix (src_c, "media/"));
  g_assert_true (g_str_has_suffix (src_c, ".png"));
  g_assert_cmpstr (src_c, !=, src_a);

  /* Stored once; the copy has the same bytes; no temporary file left */
  g_assert_cmpuint (count_files (media), ==, 2);
  stored_path = g_build_filename (store_dir, src_a, NULL);
  g_assert_true (g_file_get_contents (stored_path, &stored, &stored_len, NULL));
  g_assert_cmpmem (stored, stored_len, contents, len);
}

static void
test_media_pasted_bytes (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *store_dir = test_dir ("store");
  g_autoptr(BylineStore) store = byline_store_new (store_dir);
  g_autofree char *path = write_picture (dir, "texture.png", "png", 3);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *src = NULL;
  g_autofree char *src_file = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL };
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new (contents, len);

  byline_store_add_media_async (store, NULL, bytes, NULL, NULL, got_result, &waiter);
  src = byline_store_add_media_finish (store, wait_for (&waiter), &error);
  g_clear_object (&waiter.result);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (src, ".png"));

  /* The same picture from a file is the same copy */
  src_file = add_file (store, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (src_file, ==, src);
}

static void
test_media_refuses_pdf (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *store_dir = test_dir ("store");
  g_autoptr(BylineStore) store = byline_store_new (store_dir);
  g_autofree char *media = byline_store_get_media_directory (store);
  g_autofree char *pdf = g_build_filename (dir, "notes.pdf", NULL);
  g_autofree char *renamed = g_build_filename (dir, "notes.jpg", NULL);
  const char document[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;

  g_assert_true (g_file_set_contents (pdf, document, -1, NULL));
  src = add_file (store, pdf, &error);
  g_assert_null (src);
  g_assert_error (error, BYLINE_MEDIA_ERROR, BYLINE_MEDIA_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "“notes.pdf” is not a JPEG, PNG or WebP image");
  g_clear_error (&error);

  /* A name that lies changes nothing: the bytes decide */
  g_assert_true (g_file_set_contents (renamed, document, -1, NULL));
  src = add_file (store, renamed, &error);
  g_assert_null (src);
  g_assert_error (error, BYLINE_MEDIA_ERROR, BYLINE_MEDIA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "notes.jpg"));

  g_assert_cmpuint (count_files (media), ==, 0);
}

static void
test_media_refuses_corrupt (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *store_dir = test_dir ("store");
  g_autoptr(BylineStore) store = byline_store_new (store_dir);
  g_autofree char *media = byline_store_get_media_directory (store);
  g_autofree char *jpeg = write_picture (dir, "whole.jpg", "jpeg", 4);
  g_autofree char *png = write_picture (dir, "whole.png", "png", 5);
  const char *halves[] = { jpeg, png };

  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *name = g_strdup_printf ("half-%u.%s", i, i == 0 ? "jpg" : "png");
      g_autofree char *half = g_build_filename (dir, name, NULL);
      g_autofree char *src = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      /* A download cut off in the middle */
      g_assert_true (g_file_get_contents (halves[i], &contents, &len, NULL));
      g_assert_true (g_file_set_contents (half, contents, len / 2, NULL));

      src = add_file (store, half, &error);
      g_assert_null (src);
      g_assert_error (error, BYLINE_MEDIA_ERROR, BYLINE_MEDIA_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, name));
    }

  g_assert_cmpuint (count_files (media), ==, 0);
}

/* By type: the isolated test folders have no MIME database to sniff with */
static GdkPixbuf *
load_jpeg (const char *path)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  loader = gdk_pixbuf_loader_new_with_type ("jpeg", &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_write (loader, (const guchar *) contents, len, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
test_media_survives_original (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *store_dir = test_dir ("store");
  g_autoptr(BylineStore) store = byline_store_new (store_dir);
  g_autofree char *path = write_picture (dir, "ferry.jpg", "jpeg", 6);
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineImage) image = byline_image_new ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *src = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  BylineImage *loaded_image;

  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);

  src = add_file (store, path, &error);
  g_assert_no_error (error);
  byline_image_set_src (image, src);
  byline_image_set_caption (image, "The morning ferry leaves the harbour");
  byline_block_set_image (block, image);
  byline_article_set_headline (article, "Ferry timetable");
  byline_article_append_block (article, block);
  g_assert_true (byline_store_save_article_sync (store, article, NULL, &error));
  g_assert_no_error (error);

  /* The photographer tidies their folder */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  loaded = byline_store_load_sync (store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  loaded_image = byline_block_get_image (byline_article_get_block (loaded, 0));
  g_assert_cmpstr (byline_image_get_src (loaded_image), ==, src);

  /* The picture still shows, from the store's own copy */
  copy = g_build_filename (store_dir, byline_image_get_src (loaded_image), NULL);
  pixbuf = load_jpeg (copy);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 48);
}

static void
set_tag (GExiv2Metadata *metadata,
         const char     *tag,
         const char     *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gexiv2_metadata_try_set_tag_string (metadata, tag, value, &error));
  g_assert_no_error (error);
}

static BylineImageMetadata *
read_file_metadata (const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Waiter waiter = { NULL };
  BylineImageMetadata *metadata;

  byline_image_metadata_read_async (file, NULL, got_result, &waiter);
  metadata = byline_image_metadata_read_finish (wait_for (&waiter), error);
  g_clear_object (&waiter.result);
  return metadata;
}

static void
test_metadata_iptc (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *path = write_picture (dir, "agency.jpg", "jpeg", 7);
  g_autoptr(GExiv2Metadata) writer = gexiv2_metadata_new ();
  g_autoptr(BylineImageMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *alt = NULL;

  g_assert_true (gexiv2_metadata_open_path (writer, path, &error));
  g_assert_no_error (error);
  set_tag (writer, "Iptc.Application2.Byline", "Jane Example");
  set_tag (writer, "Iptc.Application2.Credit", "Northwind Photo Agency");
  set_tag (writer, "Iptc.Application2.Copyright", "© 2024 Northwind Photo Agency");
  set_tag (writer, "Iptc.Application2.Caption", "The morning ferry leaves the old harbour\nin fog.");
  set_tag (writer, "Xmp.Iptc4xmpCore.AltTextAccessibility",
           "A white ferry with a red funnel pulls away from a stone pier.");
  set_tag (writer, "Exif.Photo.DateTimeOriginal", "2024:05:01 07:12:00");
  g_assert_true (gexiv2_metadata_save_file (writer, path, &error));
  g_assert_no_error (error);

  metadata = read_file_metadata (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->creator, ==, "Jane Example");
  g_assert_cmpstr (metadata->credit_line, ==, "Northwind Photo Agency");
  g_assert_cmpstr (metadata->copyright, ==, "© 2024 Northwind Photo Agency");
  g_assert_cmpstr (metadata->description, ==, "The morning ferry leaves the old harbour\nin fog.");
  g_assert_cmpstr (metadata->alt_text, ==, "A white ferry with a red funnel pulls away from a stone pier.");
  g_assert_cmpint (metadata->year, ==, 2024);

  credit = byline_image_metadata_suggest_credit (metadata);
  caption = byline_image_metadata_suggest_caption (metadata);
  alt = byline_image_metadata_suggest_alt (metadata);
  g_assert_cmpstr (credit, ==, "© Northwind Photo Agency 2024 / Jane Example");
  g_assert_cmpstr (caption, ==, "The morning ferry leaves the old harbour in fog.");
  g_assert_cmpstr (alt, ==, "A white ferry with a red funnel pulls away from a stone pier.");
}

static void
test_metadata_xmp_exif (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *path = write_picture (dir, "freelance.jpg", "jpeg", 8);
  g_autoptr(GExiv2Metadata) writer = gexiv2_metadata_new ();
  g_autoptr(BylineImageMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *alt = NULL;

  /* No IPTC: XMP and Exif, as a phone or a desktop tool writes them */
  g_assert_true (gexiv2_metadata_open_path (writer, path, &error));
  g_assert_no_error (error);
  set_tag (writer, "Xmp.dc.description", "lang=\"x-default\" Divers check the breakwater after the storm");
  set_tag (writer, "Exif.Image.Artist", "Tomas Sample");
  set_tag (writer, "Exif.Image.Copyright", "Copyright 2023 Harbour Gazette. All rights reserved.");
  g_assert_true (gexiv2_metadata_save_file (writer, path, &error));
  g_assert_no_error (error);

  metadata = read_file_metadata (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->creator, ==, "Tomas Sample");
  g_assert_null (metadata->credit_line);
  g_assert_cmpstr (metadata->description, ==, "Divers check the breakwater after the storm");
  g_assert_null (metadata->alt_text);
  g_assert_cmpint (metadata->year, ==, 0);

  credit = byline_image_metadata_suggest_credit (metadata);
  caption = byline_image_metadata_suggest_caption (metadata);
  alt = byline_image_metadata_suggest_alt (metadata);
  /* The agency from the copyright notice, the year from it too */
  g_assert_cmpstr (credit, ==, "© Harbour Gazette 2023 / Tomas Sample");
  g_assert_cmpstr (caption, ==, "Divers check the breakwater after the storm");
  /* The caption is never offered as alt text */
  g_assert_null (alt);
}

static void
test_metadata_none (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *path = write_picture (dir, "plain.png", "png", 9);
  g_autoptr(BylineImageMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  metadata = read_file_metadata (path, &error);
  g_assert_no_error (error);
  g_assert_true (byline_image_metadata_is_empty (metadata));
  g_assert_null (byline_image_metadata_suggest_credit (metadata));
  g_assert_null (byline_image_metadata_suggest_caption (metadata));
  g_assert_null (byline_image_metadata_suggest_alt (metadata));
}

static void
test_metadata_bad (void)
{
  g_autofree char *dir = test_dir ("photos");
  g_autofree char *path = write_picture (dir, "broken.jpg", "jpeg", 10);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) broken = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BylineImageMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  /* An APP1 "Exif" segment whose TIFF header points far outside it */
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x1c, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f,
    0x05, 0x00, 0x0e, 0x01, 0x02, 0x00, 0xff, 0xff, 0xff, 0x7f, 0x10, 0x00,
  };
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_byte_array_append (broken, (const guint8 *) contents, 2);
  g_byte_array_append (broken, app1, sizeof app1);
  g_byte_array_append (broken, (const guint8 *) contents + 2, len - 2);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&broken));

  /* Nothing useful comes out, and nothing crashes */
  metadata = byline_image_metadata_read_bytes (bytes, &error);
  if (metadata != NULL)
    {
      g_assert_no_error (error);
      g_assert_null (byline_image_metadata_suggest_caption (metadata));
    }
  else
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_clear_pointer (&metadata, byline_image_metadata_free);

  /* Not an image at all: an error that says so */
  pdf = g_bytes_new_static ("%PDF-1.4\n%%EOF\n", 15);
  metadata = byline_image_metadata_read_bytes (pdf, &error);
  g_assert_null (metadata);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/media/dedup", test_media_dedup);
  g_test_add_func ("/media/pasted-bytes", test_media_pasted_bytes);
  g_test_add_func ("/media/refuses-pdf", test_media_refuses_pdf);
  g_test_add_func ("/media/refuses-corrupt", test_media_refuses_corrupt);
  g_test_add_func ("/media/survives-original", test_media_survives_original);
  g_test_add_func ("/metadata/iptc", test_metadata_iptc);
  g_test_add_func ("/metadata/xmp-exif", test_metadata_xmp_exif);
  g_test_add_func ("/metadata/none", test_metadata_none);
  g_test_add_func ("/metadata/bad", test_metadata_bad);

  return g_test_run ();
}
