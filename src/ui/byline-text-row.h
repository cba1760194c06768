/* byline-text-row.h: a boxed-list row that edits one paragraph of text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_TEXT_ROW (byline_text_row_get_type())

G_DECLARE_FINAL_TYPE (BylineTextRow, byline_text_row, BYLINE, TEXT_ROW, AdwPreferencesRow)

/* Looks and behaves like an AdwEntryRow (the row's title above the text,
 * the edit icon, suffix widgets, Tab straight into the text), but edits
 * with a wrapping GtkTextView, so a BylineSpellChecker can underline its
 * words: GtkText in GTK 4.8 has no way to show them.
 *
 * The text is one paragraph: Enter moves the focus on, as Tab does
 * (Shift+Enter back), and each run of line breaks typed, pasted or dropped
 * becomes one space (none where the text beside it already has a space or
 * ends).  A text given with set_text() is shown as it is, so showing a
 * value never changes it.  An empty field shows only its title until it
 * has the focus, as an entry row does.
 *
 * Properties:
 *   "text" — the whole text; notified once per change, never for a value
 *     it already has, and what set_text() does is not an undo step. */
GtkWidget   *byline_text_row_new           (void);
const char  *byline_text_row_get_text      (BylineTextRow *self);
void         byline_text_row_set_text      (BylineTextRow *self,
                                            const char    *text);
GtkTextView *byline_text_row_get_text_view (BylineTextRow *self);
void         byline_text_row_add_suffix    (BylineTextRow *self,
                                            GtkWidget     *widget);

G_END_DECLS
