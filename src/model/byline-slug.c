/* byline-slug.c: the address part of a story's URL, made from its headline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-slug"

#include <string.h>

#include "byline-slug.h"

/* Russian, Ukrainian and Belarusian letters, lowercase; uppercase letters
 * are lowered first.  Chosen to read naturally in English-speaking
 * newsrooms (BGN/PCGN-like, as Russian news sites write their URLs):
 * no diacritics, "zh", "kh", "ts", "shch", "yu", "ya"; hard and soft signs
 * are dropped. */
static const struct {
  gunichar    letter;
  const char *latin;
} cyrillic[] = {
  { 0x0430, "a" },  { 0x0431, "b" },  { 0x0432, "v" },  { 0x0433, "g" },
  { 0x0434, "d" },  { 0x0435, "e" },  { 0x0451, "yo" }, { 0x0436, "zh" },
  { 0x0437, "z" },  { 0x0438, "i" },  { 0x0439, "y" },  { 0x043a, "k" },
  { 0x043b, "l" },  { 0x043c, "m" },  { 0x043d, "n" },  { 0x043e, "o" },
  { 0x043f, "p" },  { 0x0440, "r" },  { 0x0441, "s" },  { 0x0442, "t" },
  { 0x0443, "u" },  { 0x0444, "f" },  { 0x0445, "kh" }, { 0x0446, "ts" },
  { 0x0447, "ch" }, { 0x0448, "sh" }, { 0x0449, "shch" }, { 0x044a, "" },
  { 0x044b, "y" },  { 0x044c, "" },   { 0x044d, "e" },  { 0x044e, "yu" },
  { 0x044f, "ya" },
  /* Ukrainian and Belarusian */
  { 0x0454, "ye" }, { 0x0456, "i" },  { 0x0457, "yi" }, { 0x0491, "g" },
  { 0x045e, "u" },
};

static const char *
transliterate_cyrillic (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (cyrillic); i++)
    if (cyrillic[i].letter == c)
      return cyrillic[i].latin;
  return NULL;
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 /* ’ */ || c == 0x02bc /* ʼ */;
}

/* Appends the ASCII letters and digits of @ascii, lowered. */
static void
append_alnum (GString    *out,
              const char *ascii)
{
  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
}

char *
byline_slug_from_text (const char *text)
{
  GString *out;
  gboolean pending_hyphen = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      gsize before = out->len;
      const char *latin;

      if (is_apostrophe (c))
        continue;

      if (c < 0x80)
        {
          if (g_ascii_isalnum (c))
            {
              if (pending_hyphen && out->len > 0)
                g_string_append_c (out, '-');
              g_string_append_c (out, (char) c);
              pending_hyphen = FALSE;
            }
          else
            pending_hyphen = TRUE;
          continue;
        }

      if (!g_unichar_isalnum (c))
        {
          pending_hyphen = TRUE;
          continue;
        }

      if (pending_hyphen && out->len > 0)
        g_string_append_c (out, '-');

      if ((latin = transliterate_cyrillic (c)) != NULL)
        g_string_append (out, latin);
      else
        {
          char utf8[7] = { 0, };
          g_autofree char *ascii = NULL;

          g_unichar_to_utf8 (c, utf8);
          /* "C" so the result does not depend on the journalist's locale */
          ascii = g_str_to_ascii (utf8, "C");
          append_alnum (out, ascii);
        }

      /* A letter that became nothing (a soft sign, a Han character) must
       * not leave a hyphen behind on its own. */
      if (out->len == before + 1 && out->str[before] == '-')
        {
          g_string_truncate (out, before);
          continue;
        }
      pending_hyphen = FALSE;
    }

  if (out->len > BYLINE_SLUG_MAX_BYTES)
    {
      const char *cut;

      g_string_truncate (out, BYLINE_SLUG_MAX_BYTES);
      cut = strrchr (out->str, '-');
      if (cut != NULL && cut - out->str > BYLINE_SLUG_MAX_BYTES / 2)
        g_string_truncate (out, cut - out->str);
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

gboolean
byline_slug_is_valid (const char *slug)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (slug != NULL, FALSE);

  clean = byline_slug_from_text (slug);
  return strcmp (clean, slug) == 0;
}
