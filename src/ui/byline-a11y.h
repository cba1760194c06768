/* byline-a11y.h: accessible names GTK 4.8 gets wrong by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A button with a mnemonic ("_Attach") gets from GTK 4.8 both a "label"
 * property holding the raw label, underscore included, and a
 * "labelled-by" relation to the label it shows; AT-SPI joins the two, so a
 * screen reader says "underscore Attach Attach".  This drops the property
 * (now and whenever the label changes), leaving the shown text as the
 * name.  Call it before giving the button a name of its own. */
void byline_a11y_fix_mnemonic_button  (GtkWidget *button);

/* The same for every such button in @root's tree (call it right after
 * gtk_widget_init_template ()) */
void byline_a11y_fix_mnemonic_buttons (GtkWidget *root);

G_END_DECLS
