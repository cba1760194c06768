/* byline-text-width.c: how wide a title is on a search results page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-text-width"

#include <string.h>

#include <pango/pangocairo.h>

#include "byline-text-width.h"

static PangoLayout *
layout_for (const char *text)
{
  /* Per thread since Pango 1.32.6, so workers never share it */
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  PangoFontDescription *font = pango_font_description_from_string (BYLINE_SEARCH_RESULTS_FONT);
  PangoLayout *layout = pango_layout_new (context);

  g_object_unref (context);   /* the layout keeps it */

  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);

  return layout;
}

/* Characters of @layout's text that end before @max_width. */
static guint
fit_in (PangoLayout *layout,
        const char  *text,
        double       max_width)
{
  PangoRectangle logical;
  int index = 0, trailing = 0;

  pango_layout_get_extents (layout, NULL, &logical);
  if (logical.width <= max_width * PANGO_SCALE)
    return g_utf8_strlen (text, -1);

  pango_layout_xy_to_index (layout, (int) (max_width * PANGO_SCALE), logical.height / 2,
                            &index, &trailing);
  /* The character under the edge does not fit whole */
  return g_utf8_strlen (text, index);
}

double
byline_text_width_measure (const char *text,
                           double      max_width,
                           guint      *fit_chars,
                           gpointer    user_data)
{
  PangoLayout *layout;
  PangoRectangle logical;

  g_return_val_if_fail (text != NULL, 0);

  layout = layout_for (text);
  pango_layout_get_extents (layout, NULL, &logical);
  if (fit_chars != NULL)
    *fit_chars = fit_in (layout, text, max_width);
  g_object_unref (layout);

  return (double) logical.width / PANGO_SCALE;
}

char *
byline_text_width_preview (const char *text,
                           double      max_width)
{
  guint fit = 0;
  double ellipsis = byline_text_width_measure ("…", max_width, NULL, NULL);
  double width = byline_text_width_measure (text, max_width - ellipsis, &fit, NULL);
  const char *cut;
  const char *space;
  g_autofree char *kept = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (width <= max_width)
    return g_strdup (text);

  cut = g_utf8_offset_to_pointer (text, fit);
  kept = g_strndup (text, cut - text);
  /* Results pages cut between words when a word ends late enough */
  space = strrchr (kept, ' ');
  if (space != NULL && g_utf8_strlen (kept, space - kept) > fit / 2)
    kept[space - kept] = '\0';
  g_strchomp (kept);

  return g_strconcat (kept, "…", NULL);
}
