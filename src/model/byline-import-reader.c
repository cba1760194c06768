/* byline-import-reader.c: any file a story may arrive in, read the right way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "byline-import-reader.h"
#include "byline-article-format.h"
#include "byline-ninjs.h"
#include "byline-page-reader.h"
#include "byline-page-text-reader.h"

static const char *
skip_space (const char *data,
            const char *end)
{
  /* A byte order mark, then white space */
  if (end - data >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3;
  while (data < end && g_ascii_isspace (*data))
    data++;
  return data;
}

static gboolean
has_suffix (const char *name,
            const char *suffix)
{
  g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, suffix);
}

BylineImportKind
byline_import_detect (const char *data,
                      gsize       length,
                      const char *name)
{
  const char *end = data + length;
  const char *start = skip_space (data, end);
  gsize head_length = MIN ((gsize) (end - start), 4096);
  g_autofree char *head = g_ascii_strdown (start, head_length);

  if (start < end && *start == '{')
    {
      if (g_strstr_len (head, -1, "\"byline-article\"") != NULL)
        return BYLINE_IMPORT_KIND_BYLINE;
      if (byline_ninjs_sniff (start, end - start))
        return BYLINE_IMPORT_KIND_NINJS;
      /* JSON of another kind: let the Byline reader say what is wrong */
      return BYLINE_IMPORT_KIND_BYLINE;
    }

  if (g_str_has_prefix (head, "<!doctype html") || g_str_has_prefix (head, "<html")
      || strstr (head, "<body") || strstr (head, "<article") || strstr (head, "<p>") || strstr (head, "<p ")
      || strstr (head, "<div") || strstr (head, "<h1"))
    return BYLINE_IMPORT_KIND_HTML;

  if (has_suffix (name, ".html") || has_suffix (name, ".htm") || has_suffix (name, ".xhtml"))
    return BYLINE_IMPORT_KIND_HTML;

  return BYLINE_IMPORT_KIND_TEXT;
}

BylineImportResult *
byline_import_read (const char  *data,
                    gsize        length,
                    const char  *name,
                    const char  *media_base,
                    GError     **error)
{
  g_autoptr(BylineArticle) article = NULL;
  BylineImportKind kind;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;

  kind = byline_import_detect (data, length, name);
  switch (kind)
    {
    case BYLINE_IMPORT_KIND_BYLINE:
      if (!(article = byline_article_new_from_json (data, length, error)))
        return NULL;
      return byline_import_result_new_for_article (kind, article);

    case BYLINE_IMPORT_KIND_NINJS:
      if (!(article = byline_article_new_from_ninjs (data, length, media_base, error)))
        return NULL;
      return byline_import_result_new_for_article (kind, article);

    case BYLINE_IMPORT_KIND_HTML:
      return byline_page_read (data, length, error);

    case BYLINE_IMPORT_KIND_TEXT:
    case BYLINE_IMPORT_KIND_UNKNOWN:
    default:
      if (skip_space (data, data + length) == data + length)
        {
          g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                               _("The file is empty"));
          return NULL;
        }
      return byline_page_text_read (data, length);
    }
}
