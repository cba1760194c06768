/* bench-images.c: photos in the editor, timed on the main loop
 *
 * Under Xvfb with GSK_RENDERER=cairo (see docs/benchmarks.md):
 *   bench-images [--quick]
 *
 * 1. Inserts a 40-megapixel JPEG (12 with --quick), generated here, into an
 *    open story and reports the longest gap of the main loop (a 1 ms timer
 *    that should fire every millisecond) from the insert to its thumbnail
 *    on screen: every frame stays under 16 ms when that gap does.
 * 2. Opens a story of 200 paragraphs with and without 200 photos between
 *    them, and reports the time to the first frame, the time until the
 *    thumbnails on screen are shown, how many thumbnails were decoded, and
 *    the process's CPU time (main and workers) for the open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "byline-body-images.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"
#include "store/byline-media.h"

static gint64 last_tick;
static gint64 longest_gap;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > longest_gap)
    longest_gap = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
reset_gaps (void)
{
  last_tick = 0;
  longest_gap = 0;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static char *
write_big_jpeg (const char *dir,
                int         width,
                int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *path = g_build_filename (dir, "big.jpg", NULL);

  /* Noise on a gradient: a JPEG as heavy to decode as a real photo */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + (gsize) y * stride + x * 3;
        guint32 r = (guint32) (x * 2654435761u ^ y * 40503u);

        p[0] = (guchar) ((x * 255 / width + (r & 31)) & 255);
        p[1] = (guchar) ((y * 255 / height + ((r >> 5) & 31)) & 255);
        p[2] = (guchar) ((r >> 10) & 255);
      }
  if (!gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL))
    g_error ("Could not write the test photo: %s", error->message);
  return path;
}

static gboolean
inserted_and_shown (gpointer data)
{
  BylineBodyImages *images = data;
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (images), "bench-inserted"));
}

static void
on_inserted (BylineBodyImages *images)
{
  g_object_set_data (G_OBJECT (images), "bench-inserted", GINT_TO_POINTER (1));
}

static gboolean
editor_has (gpointer data)
{
  BylineArticleEditor *editor = data;
  BylineArticle *article = byline_article_editor_get_article (editor);
  const char *want = g_object_get_data (G_OBJECT (editor), "bench-want");

  return article != NULL && g_strcmp0 (byline_article_get_id (article), want) == 0;
}

static gboolean
thumbnails_done (gpointer data)
{
  BylineBodyImages *images = data;

  guint started = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (images), "bench-started"));

  /* Some started since the open, and none left to finish */
  return byline_body_images_get_n_started (images) > started
         && byline_body_images_get_n_pending (images) == 0;
}

static BylineArticle *
story (BylineStore *store,
       const char  *photo,
       guint        n_images)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;
  BylineArticle *article = byline_article_new ();

  if (n_images > 0)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;

      g_file_get_contents (photo, &contents, &len, NULL);
      bytes = g_bytes_new (contents, len);
      src = byline_store_add_media_sync (store, bytes, "photo.jpg", NULL, &error);
      g_assert_no_error (error);
    }

  byline_article_set_headline (article, n_images > 0 ? "With photos" : "Without photos");
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(BylineBlock) p = byline_block_new_paragraph ("The harbour master said the winter timetable "
                                                             "starts on Monday, with the first crossing at a "
                                                             "quarter past six and the last at ten.");
      byline_article_append_block (article, p);
      if (i < n_images)
        {
          g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
          g_autoptr(BylineImage) image = byline_image_new ();

          byline_image_set_src (image, src);
          byline_image_set_caption (image, "The ferry at the pier");
          byline_block_set_image (block, image);
          byline_article_append_block (article, block);
        }
    }
  byline_store_save_article_sync (store, article, NULL, &error);
  g_assert_no_error (error);
  return article;
}

static void
insert_and_time (BylineWindow     *window,
                 BylineBodyImages *images,
                 GFile            *file,
                 double            megapixels,
                 const char       *label)
{
  gint64 start;

  g_object_set_data (G_OBJECT (images), "bench-inserted", NULL);
  byline_ui_test_spin (300);
  reset_gaps ();
  start = g_get_monotonic_time ();
  byline_article_editor_insert_image_file (byline_window_get_editor (window), file);
  byline_ui_test_wait_until (inserted_and_shown, images, "the inserted photo");
  byline_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_print ("insert %.0f-megapixel JPEG into %s: shown after %.0f ms; longest main-loop gap %.1f ms\n",
           megapixels, label, (g_get_monotonic_time () - start) / 1000.0, longest_gap / 1000.0);
}

static void
open_and_time (BylineWindow  *window,
               BylineArticle *article,
               const char    *label)
{
  BylineArticleEditor *editor = byline_window_get_editor (window);
  BylineBodyImages *images = byline_article_editor_get_body_images (editor);
  guint started_before = byline_body_images_get_n_started (images);
  gint64 start, opened, shown;
  double cpu_start, cpu;

  g_object_set_data_full (G_OBJECT (editor), "bench-want", g_strdup (byline_article_get_id (article)), g_free);
  g_object_set_data (G_OBJECT (images), "bench-started", GUINT_TO_POINTER (started_before));
  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  byline_window_open_article_id (window, byline_article_get_id (article));
  byline_ui_test_wait_until (editor_has, editor, "the story");
  byline_ui_test_wait_for_frame (GTK_WIDGET (window));
  opened = g_get_monotonic_time ();
  if (g_str_equal (label, "200 photos"))
    byline_ui_test_wait_until (thumbnails_done, images, "the thumbnails on screen");
  shown = g_get_monotonic_time ();
  /* Whatever else it would do, it does now */
  byline_ui_test_spin (1500);
  cpu = cpu_seconds () - cpu_start;

  g_print ("open, %-11s  first frame %6.1f ms  thumbnails on screen shown %6.1f ms  "
           "thumbnails decoded %3u  CPU %5.2f s (incl. 1.5 s idle)\n",
           label, (opened - start) / 1000.0, (shown - start) / 1000.0,
           byline_body_images_get_n_started (images) - started_before, cpu);
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  int width = quick ? 4240 : 7744;   /* 12 or 40 megapixels, 3:2 */
  int height = quick ? 2832 : 5163;
  g_autofree char *dir = NULL;
  g_autofree char *photo = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) first = NULL;
  g_autoptr(BylineArticle) with = NULL;
  g_autoptr(BylineArticle) without = NULL;
  g_autoptr(GFile) file = NULL;
  BylineWindow *window;
  BylineArticleEditor *editor;
  BylineBodyImages *images;
  gint64 start;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  byline_ui_test_isolate_dirs ("bench-images", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    {
      g_printerr ("bench-images: no display\n");
      return 77;
    }

  store = byline_ui_test_store_new ("bench-images-XXXXXX", &dir);
  start = g_get_monotonic_time ();
  photo = write_big_jpeg (dir, width, height);
  g_print ("photo: %d × %d (%.1f megapixels), written in %.1f s\n", width, height,
           width * (double) height / 1e6, (g_get_monotonic_time () - start) / 1e6);

  first = story (store, NULL, 0);
  byline_article_remove_blocks (first, 1, 199);
  byline_store_save_article_sync (store, first, NULL, NULL);
  without = story (store, NULL, 0);
  with = story (store, photo, 200);

  window = byline_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  byline_window_start (window, byline_article_get_id (first));
  editor = byline_window_get_editor (window);
  g_object_set_data_full (G_OBJECT (editor), "bench-want", g_strdup (byline_article_get_id (first)), g_free);
  byline_ui_test_wait_until (editor_has, editor, "the first story");
  byline_ui_test_wait_for_frame (GTK_WIDGET (window));
  images = byline_article_editor_get_body_images (editor);
  g_signal_connect (images, "inserted", G_CALLBACK (on_inserted), NULL);

  /* 1. Inserting the big photo, into a one-paragraph story */
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick, NULL, NULL);
  file = g_file_new_for_path (photo);
  insert_and_time (window, images, file, width * (double) height / 1e6, "a 1-paragraph story");

  /* 2. Opening 200 paragraphs, with and without 200 photos */
  open_and_time (window, without, "no photos");
  open_and_time (window, with, "200 photos");
  open_and_time (window, without, "no photos");
  open_and_time (window, with, "200 photos");

  /* The same insert into the 200-paragraph story: the rest is the text
   * view laying its text out again around a new child */
  open_and_time (window, without, "no photos");
  insert_and_time (window, images, file, width * (double) height / 1e6, "a 200-paragraph story");

  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
  byline_store_close (store);
  return 0;
}
