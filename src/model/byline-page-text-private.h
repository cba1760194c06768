/* byline-page-text-private.h: what a line of a news page looks like
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the plain-text reader and the HTML page reader: each looks at
 * one line (or one element's text) alone. */

/* Subscribe, newsletter, cookie, comments, share, sign-in prompts… in the
 * languages Byline knows; only for lines short enough to be a prompt. */
gboolean        byline_text_is_furniture_phrase (const char     *line);
/* "By Jane Doe", "Автор: Анна Белова", "Von …": the name(s), else NULL. */
char           *byline_text_match_byline        (const char     *line);
/* A short line that is a date (and time): ISO 8601 in UTC, else NULL. */
char           *byline_text_match_date          (const char     *line);
/* "© Agency 2024 / Name", "Photo: …", "Фото: …": TRUE with the credit
 * (a prefix like "Photo:" removed) and, when the line begins with a
 * caption ("Boats in the bay. © Agency"), that caption. */
gboolean        byline_text_match_credit        (const char     *line,
                                                 char          **caption,
                                                 char          **credit);
/* The script most letters of @text are written in. */
GUnicodeScript  byline_text_dominant_script     (const char     *text);
/* Whether most letters of @line are in another script than @script. */
gboolean        byline_text_in_other_script     (const char     *line,
                                                 GUnicodeScript  script);
/* A BCP 47 tag guessed from letters and common words; NULL if unsure. */
char           *byline_text_guess_language      (const char     *text);
guint           byline_text_count_words         (const char     *line);

G_END_DECLS
