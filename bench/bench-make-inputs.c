/* bench-make-inputs.c: the articles the benchmark opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes, from a fixed seed so every run measures the same text:
 *   --store DIR      a Byline store holding --articles N ordinary stories
 *                    (300–900 words each, all sections and statuses);
 *   --big-words W    one more story of W words, saved as the newest in the
 *                    store (Byline opens the newest article on start), and
 *                    also written to --json FILE (Byline's article format)
 *                    and --txt FILE (the same words as plain text, for the
 *                    peer editor).
 *   --images N       puts N image blocks into the big article, spread
 *                    evenly through it, each showing --image-src SRC (a path
 *                    or file:// URI; relative paths are read from the
 *                    store's folder).
 *
 * The text is made up by bench-text.c.
 */
#define G_LOG_DOMAIN "bench-make-inputs"

#include <stdio.h>
#include <stdlib.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-store.h"
#include "bench-text.h"

static gboolean
save (BylineStore    *store,
      BylineArticle  *article,
      GDateTime      *when,
      GError        **error)
{
  /* Set last: any other change moves "modified" to now. */
  byline_article_set_created (article, when);
  byline_article_set_modified (article, when);
  return byline_store_save_article_sync (store, article, NULL, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *txt_path = NULL;
  int n_articles = 1000;
  int big_words = 0;
  int n_images = 0;
  g_autofree char *image_src = NULL;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir, "Store folder to fill", "DIR" },
    { "articles", 0, 0, G_OPTION_ARG_INT, &n_articles, "Ordinary articles (1000)", "N" },
    { "big-words", 0, 0, G_OPTION_ARG_INT, &big_words, "Words in the big article (none)", "W" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Write the big article here as JSON", "FILE" },
    { "txt", 0, 0, G_OPTION_ARG_FILENAME, &txt_path, "Write the big article here as plain text", "FILE" },
    { "images", 0, 0, G_OPTION_ARG_INT, &n_images, "Image blocks in the big article (none)", "N" },
    { "image-src", 0, 0, G_OPTION_ARG_FILENAME, &image_src, "What the image blocks show", "SRC" },
    { NULL }
  };

  context = g_option_context_new ("— make the benchmark's articles");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-make-inputs: %s\n", error->message);
      return 2;
    }
  if (n_articles < 0 || big_words < 0 || n_images < 0 ||
      (store_dir == NULL && json_path == NULL && txt_path == NULL))
    {
      g_printerr ("bench-make-inputs: nothing to do; see --help\n");
      return 2;
    }

  now = g_date_time_new_now_utc ();

  if (store_dir != NULL)
    {
      store = byline_store_new (store_dir);
      if (!byline_store_open_sync (store, NULL, &error))
        {
          g_printerr ("bench-make-inputs: store %s: %s\n", store_dir, error->message);
          return 1;
        }
      for (int i = 0; i < n_articles; i++)
        {
          g_autoptr(BylineArticle) article = byline_article_new ();
          /* Older than the big one, one minute apart, newest last. */
          g_autoptr(GDateTime) when = g_date_time_add_minutes (now, -10 - (n_articles - i));

          bench_fill_article (article, bench_rng_range (300, 900), (guint) i, NULL);
          if (!save (store, article, when, &error))
            {
              g_printerr ("bench-make-inputs: saving article %d: %s\n", i, error->message);
              return 1;
            }
        }
    }

  if (big_words > 0)
    {
      g_autoptr(BylineArticle) article = byline_article_new ();
      g_autoptr(GString) plain = g_string_new (NULL);

      bench_fill_article (article, (guint) big_words, 0, plain);
      if (n_images > 0)
        {
          guint n_blocks = byline_article_get_n_blocks (article);

          /* From the last to the first, so the earlier positions hold */
          for (int i = n_images; i > 0; i--)
            {
              g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
              g_autoptr(BylineImage) image = byline_image_new ();
              g_autofree char *caption = g_strdup_printf ("Picture %d of %d.", i, n_images);

              byline_image_set_src (image, image_src ? image_src : "media/bench.png");
              byline_image_set_caption (image, caption);
              byline_image_set_alt (image, "A made-up picture for the benchmark.");
              byline_block_set_image (block, image);
              byline_article_insert_block (article,
                                           (guint) ((guint64) n_blocks * (guint) i / (guint) (n_images + 1)),
                                           block);
            }
        }
      byline_article_set_created (article, now);
      byline_article_set_modified (article, now);

      if (store != NULL && !save (store, article, now, &error))
        {
          g_printerr ("bench-make-inputs: saving the big article: %s\n", error->message);
          return 1;
        }
      if (json_path != NULL)
        {
          gsize length = 0;
          g_autofree char *json = byline_article_to_json (article, &length);

          if (!g_file_set_contents (json_path, json, (gssize) length, &error))
            {
              g_printerr ("bench-make-inputs: %s\n", error->message);
              return 1;
            }
        }
      if (txt_path != NULL &&
          !g_file_set_contents (txt_path, plain->str, (gssize) plain->len, &error))
        {
          g_printerr ("bench-make-inputs: %s\n", error->message);
          return 1;
        }
      g_print ("big article: %u words (Byline's count), %zu bytes of text\n",
               byline_article_get_word_count (article), plain->len);
    }

  if (store != NULL)
    byline_store_close (store);
  return 0;
}
