/* fuzz-html-reader.c: pasted HTML -> body blocks (byline-html-reader.c)
 *
 * Any input: blocks or a clear error.  The rules the reader promises for
 * hostile pages are checked on every block it makes: no link other than
 * http, https or mailto; no image source other than an absolute http or
 * https URL (nothing local, nothing inline); and every block fits into an
 * article that the store can write and read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "byline-article-format.h"
#include "byline-html-reader.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  byline_fuzz_init ();
  return 0;
}

static gboolean
allowed_link (const char *href)
{
  /* Schemes are case-insensitive ("HTTPS:" is https). */
  return g_ascii_strncasecmp (href, "http://", 7) == 0 || g_ascii_strncasecmp (href, "https://", 8) == 0 ||
         g_ascii_strncasecmp (href, "mailto:", 7) == 0;
}

static void
check_block (BylineBlock *block)
{
  BylineImage *image = byline_block_get_image (block);
  guint n_marks = 0;
  const BylineMark *marks = byline_block_get_marks (block, &n_marks);

  for (guint i = 0; i < n_marks; i++)
    if (marks[i].kind == BYLINE_MARK_LINK &&
        (marks[i].href == NULL || !allowed_link (marks[i].href)))
      {
        fprintf (stderr, "a link to “%s” survived\n", marks[i].href ? marks[i].href : "(null)");
        abort ();
      }
  if (image != NULL)
    {
      const char *src = byline_image_get_src (image);

      if (src != NULL && *src != '\0' &&
          g_ascii_strncasecmp (src, "http://", 7) != 0 && g_ascii_strncasecmp (src, "https://", 8) != 0)
        {
          fprintf (stderr, "an image source “%s” survived\n", src);
          abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = byline_html_read_blocks ((const char *) data, size, &error);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) again = NULL;
  g_autofree char *json = NULL;
  gsize len;

  if (blocks == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }

  for (guint i = 0; i < blocks->len; i++)
    check_block (g_ptr_array_index (blocks, i));

  article = byline_article_new ();
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);
  json = byline_article_to_json (article, &len);
  again = byline_article_new_from_json (json, len, &error);
  if (again == NULL)
    {
      fprintf (stderr, "pasted blocks make an article that cannot be read back: %s\n", error->message);
      abort ();
    }
  return 0;
}
