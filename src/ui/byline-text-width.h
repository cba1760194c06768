/* byline-text-width.h: how wide a title is on a search results page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Search engines show titles in a sans face at about 20 px and cut them
 * at about 600 px.  Whichever of these fontconfig has is used: the point
 * is width, not the exact font. */
#define BYLINE_SEARCH_RESULTS_FONT "Arial, Liberation Sans, Sans 20px"

/* A BylineTextMeasureFunc (byline-checks.h): the width of @text in pixels;
 * *@fit_chars is how many characters fit in @max_width.  Safe on any
 * thread (each thread gets Pango's own per-thread font map). */
double  byline_text_width_measure (const char *text,
                                   double      max_width,
                                   guint      *fit_chars,
                                   gpointer    user_data);
/* @text as a results page would show it in @max_width: whole when it fits,
 * otherwise cut at a word (when one ends late enough) and ended with "…". */
char   *byline_text_width_preview (const char *text,
                                   double      max_width);

G_END_DECLS
