/* fuzz-article-json.c: the article JSON reader (byline-article-format.c)
 *
 * Any input: a clear error or an article.  An article that was read must
 * write out and read back to the same document, since that is what the
 * store does with every document it loads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "byline-article-format.h"

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
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) again = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  gsize written_len, rewritten_len;

  article = byline_article_new_from_json ((const char *) data, size, &error);
  if (article == NULL)
    {
      /* Every refusal says why, in valid UTF-8 (it reaches the UI). */
      if (error == NULL || error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();

  written = byline_article_to_json (article, &written_len);
  again = byline_article_new_from_json (written, written_len, &error);
  if (again == NULL)
    {
      fprintf (stderr, "a document that was read cannot be read back once written: %s\n",
               error->message);
      abort ();
    }
  rewritten = byline_article_to_json (again, &rewritten_len);
  if (written_len != rewritten_len || memcmp (written, rewritten, written_len) != 0)
    {
      fprintf (stderr, "writing a document twice gave two different documents\n");
      abort ();
    }
  return 0;
}
