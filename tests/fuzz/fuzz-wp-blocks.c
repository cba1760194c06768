/* fuzz-wp-blocks.c: WordPress block markup -> the story's blocks
 * (byline-wp-blocks.c), and the image caption reader
 *
 * The parser promises (byline-wp-blocks.h) that serialising what it read
 * gives back the content; only the blank lines between blocks are the
 * serialiser's own.  Whatever the site stores, a sync must not change it.
 * The target checks, on every input the parser accepts, that writing back
 * keeps every character but that whitespace, and that a second read and
 * write changes nothing more (two syncs in a row write the same bytes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "byline-wp-blocks.h"

static char *
without_whitespace (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      g_string_append_c (out, *s);
  return g_string_free (out, FALSE);
}

/* As the backend does on a push: an image read from the site keeps the
 * media id the parser found for its URL. */
static gboolean
media_from_table (BylineImage  *image,
                  gint64       *media_id,
                  char        **url,
                  gpointer      user_data,
                  GError      **error)
{
  GHashTable *media_ids = user_data;
  const char *src = byline_image_get_src (image);
  const char *id = src != NULL ? g_hash_table_lookup (media_ids, src) : NULL;

  *media_id = id != NULL ? g_ascii_strtoll (id, NULL, 10) : 0;
  *url = g_strdup (src != NULL ? src : "");
  return TRUE;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  byline_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GHashTable) media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *markup = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);

  blocks = byline_wp_blocks_parse ((const char *) data, size, NULL, media_ids, &error);
  if (blocks == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
    }
  else
    {
      markup = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                           NULL, media_from_table, media_ids, &error);
      if (markup == NULL)
        {
          fprintf (stderr, "blocks that were read cannot be written: %s\n", error->message);
          abort ();
        }
      if (memchr (data, '\0', size) == NULL)
        {
          g_autofree char *in = without_whitespace (text);
          g_autofree char *out = without_whitespace (markup);
          g_autoptr(GPtrArray) again = NULL;
          g_autofree char *markup_again = NULL;

          if (strcmp (in, out) != 0)
            {
              fprintf (stderr, "writing back what was read changed the content:\n"
                       "--- read\n%s\n--- written\n%s\n", text, markup);
              abort ();
            }
          again = byline_wp_blocks_parse (markup, -1, NULL, media_ids, &error);
          if (again == NULL)
            abort ();
          markup_again = byline_wp_blocks_serialize ((BylineBlock * const *) again->pdata, again->len,
                                                     NULL, media_from_table, media_ids, &error);
          if (markup_again == NULL || strcmp (markup, markup_again) != 0)
            {
              fprintf (stderr, "a second read and write changed the content:\n"
                       "--- first\n%s\n--- second\n%s\n", markup, markup_again);
              abort ();
            }
        }
    }

  /* A caption as the site stores it: any text may come back. */
  if (g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *caption = NULL;
      g_autofree char *credit = NULL;

      byline_wp_caption_parse (text, &caption, &credit);
      if (caption == NULL || !g_utf8_validate (caption, -1, NULL) ||
          (credit != NULL && !g_utf8_validate (credit, -1, NULL)))
        abort ();
    }
  return 0;
}
