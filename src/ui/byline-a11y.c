/* byline-a11y.c: accessible names GTK 4.8 gets wrong by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-a11y"

#include <string.h>

#include "byline-a11y.h"

/* Only when the property is exactly the raw label: a name of Byline's own
 * (an <accessibility> label in a .ui file) stays.  GTK 4.8 has no getter
 * for an accessible property but the one in its testing API, which
 * reads the property of any AT context. */
static void
drop_raw_label (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  g_autofree char *differs = NULL;

  if (!gtk_button_get_use_underline (button) || label == NULL || strchr (label, '_') == NULL)
    return;
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (differs == NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
on_label_changed (GtkButton  *button,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  drop_raw_label (button);
}

void
byline_a11y_fix_mnemonic_button (GtkWidget *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  if (g_object_get_data (G_OBJECT (button), "byline-a11y-mnemonic") == NULL)
    {
      g_object_set_data (G_OBJECT (button), "byline-a11y-mnemonic", GINT_TO_POINTER (TRUE));
      g_signal_connect (button, "notify::label", G_CALLBACK (on_label_changed), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (on_label_changed), NULL);
    }
  drop_raw_label (GTK_BUTTON (button));
}

void
byline_a11y_fix_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    byline_a11y_fix_mnemonic_button (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    byline_a11y_fix_mnemonic_buttons (child);
}
