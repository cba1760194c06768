/* byline-language-button.h: picks an article's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_LANGUAGE_BUTTON (byline_language_button_get_type())

G_DECLARE_FINAL_TYPE (BylineLanguageButton, byline_language_button, BYLINE, LANGUAGE_BUTTON, GtkWidget)

/* A small menu button that shows a language by its name and offers the
 * languages with an installed spelling dictionary.  Property "language":
 * the chosen language as an article keeps it ("en-US", "ru-RU"; any tag
 * set from outside, like "en", is shown by its name too). */
GtkWidget  *byline_language_button_new          (void);
const char *byline_language_button_get_language (BylineLanguageButton *self);
void        byline_language_button_set_language (BylineLanguageButton *self,
                                                 const char           *language);

G_END_DECLS
