/* byline-image-flags.c: what an editor would say about a photo's texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-flags"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-image-flags.h"

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static guint
count_words (const char *text)
{
  gboolean in_word = FALSE;
  guint words = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean word_char = g_unichar_isalnum (g_utf8_get_char (p));

      if (word_char && !in_word)
        words++;
      in_word = word_char;
    }
  return words;
}

/* Compares two texts as a reader would: case and surrounding space aside */
static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *a_stripped = g_strstrip (g_strdup (a));
  g_autofree char *b_stripped = g_strstrip (g_strdup (b));
  g_autofree char *a_folded = g_utf8_casefold (a_stripped, -1);
  g_autofree char *b_folded = g_utf8_casefold (b_stripped, -1);

  return g_strcmp0 (a_folded, b_folded) == 0;
}

gboolean
byline_credit_looks_like_credit (const char *credit)
{
  static const char * const markers[] = {
    "\xc2\xa9", "(c)", "photo", "foto", "\xd1\x84\xd0\xbe\xd1\x82\xd0\xbe", /* фото */
    "credit", "courtesy", "/",
  };
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) words = NULL;
  guint n_words;
  guint capitalised = 0;

  if (is_blank (credit))
    return FALSE;

  folded = g_utf8_casefold (credit, -1);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (folded, markers[i]) != NULL)
      return TRUE;

  /* Otherwise only a name or an agency: a few words, each capitalised (or
   * all in capitals), no sentence. */
  trimmed = g_strstrip (g_strdup (credit));
  words = g_strsplit_set (trimmed, " \t", -1);
  n_words = 0;
  for (guint i = 0; words[i] != NULL; i++)
    {
      gunichar first;

      if (words[i][0] == '\0')
        continue;
      n_words++;
      first = g_utf8_get_char (words[i]);
      if (g_unichar_isupper (first) || g_unichar_isdigit (first))
        capitalised++;
    }
  if (n_words == 0 || n_words > 5 || g_str_has_suffix (trimmed, "."))
    return FALSE;
  return capitalised == n_words;
}

BylineImageFlags
byline_image_get_flags (BylineImage *image)
{
  BylineImageFlags flags = BYLINE_IMAGE_FLAG_NONE;
  const char *caption;
  const char *credit;
  const char *alt;

  g_return_val_if_fail (BYLINE_IS_IMAGE (image), BYLINE_IMAGE_FLAG_NONE);

  caption = byline_image_get_caption (image);
  credit = byline_image_get_credit (image);
  alt = byline_image_get_alt (image);

  if (is_blank (alt) && !byline_image_get_decorative (image))
    flags |= BYLINE_IMAGE_FLAG_NO_ALT;
  if (is_blank (credit))
    flags |= BYLINE_IMAGE_FLAG_NO_CREDIT;
  else if (!byline_credit_looks_like_credit (credit))
    flags |= BYLINE_IMAGE_FLAG_CREDIT_SUSPICIOUS;
  if (!is_blank (alt) && !is_blank (caption) && same_text (alt, caption))
    flags |= BYLINE_IMAGE_FLAG_ALT_IS_CAPTION;
  if (count_words (caption != NULL ? caption : "") < BYLINE_CAPTION_MIN_WORDS)
    flags |= BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT;

  return flags;
}

const char *
byline_image_flag_describe (BylineImageFlags flag)
{
  switch (flag)
    {
    case BYLINE_IMAGE_FLAG_NO_ALT:
      return _("No alt text: screen reader users will not know what the photo shows");
    case BYLINE_IMAGE_FLAG_NO_CREDIT:
      return _("No credit");
    case BYLINE_IMAGE_FLAG_ALT_IS_CAPTION:
      return _("The alt text repeats the caption: describe what the photo shows instead");
    case BYLINE_IMAGE_FLAG_CREDIT_SUSPICIOUS:
      return _("The credit does not look like a credit (for example “© Agency 2026 / Name”)");
    case BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT:
      return _("The caption is only a few words");
    case BYLINE_IMAGE_FLAG_NONE:
    default:
      return NULL;
    }
}
