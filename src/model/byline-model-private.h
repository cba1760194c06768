/* byline-model-private.h: helpers shared by the model's classes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *@field (never NULL: "" stands for unset) with a copy of @value
 * (NULL means "").  Returns TRUE only when the text really changed, so
 * setters notify only then. */
static inline gboolean
byline_set_string (char       **field,
                   const char  *value)
{
  if (value == NULL)
    value = "";

  /* Everything the model holds ends up in a JSON document; text that is
   * not UTF-8 would make that document unreadable. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_critical ("Refusing text that is not valid UTF-8");
      return FALSE;
    }

  if (*field != NULL && strcmp (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

G_END_DECLS
