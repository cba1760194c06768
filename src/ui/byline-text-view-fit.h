/* byline-text-view-fit.h: a wrapping text view as tall as its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8's GtkTextView outside a scrolled window reports the height of
 * its text wrapped at the width it had before, whatever width it is
 * measured for, and re-wraps at a new width in the background: a view
 * that got a new width (or text while it had none) keeps the old height.
 * Once it has re-wrapped, this asks for a new size when its height is
 * not its text's.  Callers look a few times after the width changed. */
void byline_text_view_refit (GtkTextView *view);

G_END_DECLS
