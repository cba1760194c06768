/* byline-text-view-fit.c: a wrapping text view as tall as its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "byline-text-view-fit.h"

void
byline_text_view_refit (GtkTextView *view)
{
  GtkWidget *widget = GTK_WIDGET (view);
  int natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget),
                      NULL, &natural, NULL, NULL);
  if (natural != gtk_widget_get_height (widget))
    gtk_widget_queue_resize (widget);
}
