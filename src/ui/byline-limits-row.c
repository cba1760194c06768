/* byline-limits-row.c: one section's or account's newsroom limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-limits-row"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-limits-row.h"

#define N_LIMITS 3

struct _BylineLimitsRow
{
  AdwExpanderRow  parent_instance;

  GSettings      *settings;
  char           *key;
  char           *name;
  GtkSpinButton  *spins[N_LIMITS];
  guint           optional : 1;
  guint           updating : 1;
};

G_DEFINE_FINAL_TYPE (BylineLimitsRow, byline_limits_row, ADW_TYPE_EXPANDER_ROW)

/* The defaults (Preferences → Newsroom Limits) are where own limits start */
static const char * const default_keys[N_LIMITS] = {
  "headline-max-chars", "seo-title-max-chars", "seo-title-max-width",
};

static gboolean
lookup (GSettings  *settings,
        const char *key,
        const char *name,
        guint       values[N_LIMITS])
{
  g_autoptr(GVariant) table = g_settings_get_value (settings, key);

  return g_variant_lookup (table, name, "(uuu)", &values[0], &values[1], &values[2]);
}

/* Writes @table without @name, and with @values for it unless NULL */
static void
write_entry (GSettings   *settings,
             const char  *key,
             const char  *name,
             const guint *values)
{
  g_autoptr(GVariant) table = g_settings_get_value (settings, key);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *entry;
  guint a, b, c;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(uuu)}"));
  g_variant_iter_init (&iter, table);
  while (g_variant_iter_next (&iter, "{&s(uuu)}", &entry, &a, &b, &c))
    if (!g_str_equal (entry, name))
      g_variant_builder_add (&builder, "{s(uuu)}", entry, a, b, c);
  if (values != NULL)
    g_variant_builder_add (&builder, "{s(uuu)}", name, values[0], values[1], values[2]);
  g_settings_set_value (settings, key, g_variant_builder_end (&builder));
}

void
byline_limits_remove_entry (GSettings  *settings,
                            const char *key,
                            const char *name)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (key != NULL && name != NULL);

  write_entry (settings, key, name, NULL);
}

/* The settings changed (here or elsewhere): show them */
static void
sync_from_settings (BylineLimitsRow *self)
{
  guint values[N_LIMITS];
  gboolean own = lookup (self->settings, self->key, self->name, values);

  if (!own)
    for (guint i = 0; i < N_LIMITS; i++)
      values[i] = g_settings_get_uint (self->settings, default_keys[i]);

  self->updating = TRUE;
  for (guint i = 0; i < N_LIMITS; i++)
    gtk_spin_button_set_value (self->spins[i], values[i]);
  if (self->optional)
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), own);
  self->updating = FALSE;
}

static void
on_spin_changed (BylineLimitsRow *self)
{
  guint values[N_LIMITS];

  if (self->updating)
    return;
  if (self->optional && !adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    return;

  for (guint i = 0; i < N_LIMITS; i++)
    values[i] = (guint) gtk_spin_button_get_value_as_int (self->spins[i]);
  self->updating = TRUE;
  write_entry (self->settings, self->key, self->name, values);
  self->updating = FALSE;
}

static void
on_enable_changed (BylineLimitsRow *self)
{
  if (self->updating)
    return;

  if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
      on_spin_changed (self);
    }
  else
    {
      self->updating = TRUE;
      write_entry (self->settings, self->key, self->name, NULL);
      self->updating = FALSE;
      sync_from_settings (self);
    }
}

static void
on_settings_changed (BylineLimitsRow *self)
{
  if (!self->updating)
    sync_from_settings (self);
}

static void
on_remove_clicked (BylineLimitsRow *self)
{
  byline_limits_remove_entry (self->settings, self->key, self->name);
}

static GtkWidget *
spin_row (BylineLimitsRow *self,
          guint            index,
          const char      *title,
          const char      *subtitle,
          const char      *label,
          guint            max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);
  g_autofree char *accessible = g_strdup_printf (label, self->name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  self->spins[index] = GTK_SPIN_BUTTON (spin);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_spin_changed), self, G_CONNECT_SWAPPED);
  return row;
}

GtkWidget *
byline_limits_row_new (GSettings  *settings,
                       const char *key,
                       const char *name,
                       gboolean    optional)
{
  BylineLimitsRow *self;
  AdwExpanderRow *expander;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (key != NULL && name != NULL, NULL);

  self = g_object_new (BYLINE_TYPE_LIMITS_ROW, NULL);
  expander = ADW_EXPANDER_ROW (self);
  self->settings = g_object_ref (settings);
  self->key = g_strdup (key);
  self->name = g_strdup (name);
  self->optional = optional;

  /* Names are the journalist's text, not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  if (optional)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Own Limits"));
      adw_expander_row_set_subtitle (expander, _("Otherwise the newsroom’s limits apply"));
      adw_expander_row_set_show_enable_switch (expander, TRUE);
    }
  else
    {
      g_autofree char *remove_label = g_strdup_printf (_("Remove the limits of “%s”"), name);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Limits"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_action (expander, remove);
    }
  /* A screen reader lands on the row: GTK 4.8 does not name it after
   * the title AdwExpanderRow shows */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), -1);

  /* Translators: %s is a section or an account ("Sport") */
  adw_expander_row_add_row (expander, spin_row (self, 0, _("_Headline Length"), _("Characters"),
                                                _("Longest headline in characters for %s"), 1000));
  adw_expander_row_add_row (expander, spin_row (self, 1, _("SEO _Title Length"),
                                                _("Characters search results show"),
                                                _("Longest SEO title in characters for %s"), 1000));
  adw_expander_row_add_row (expander, spin_row (self, 2, _("SEO Title _Width"),
                                                _("Pixels search results show, in a 20 px sans font"),
                                                _("Widest SEO title in pixels for %s"), 2000));

  sync_from_settings (self);
  signal = g_strdup_printf ("changed::%s", key);
  g_signal_connect_object (settings, signal, G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  if (optional)
    g_signal_connect_object (self, "notify::enable-expansion",
                             G_CALLBACK (on_enable_changed), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

const char *
byline_limits_row_get_name (BylineLimitsRow *self)
{
  g_return_val_if_fail (BYLINE_IS_LIMITS_ROW (self), NULL);
  return self->name;
}

GtkSpinButton *
byline_limits_row_get_spin (BylineLimitsRow *self,
                            guint            index)
{
  g_return_val_if_fail (BYLINE_IS_LIMITS_ROW (self), NULL);
  g_return_val_if_fail (index < N_LIMITS, NULL);
  return self->spins[index];
}

static void
byline_limits_row_finalize (GObject *object)
{
  BylineLimitsRow *self = (BylineLimitsRow *) object;

  g_clear_object (&self->settings);
  g_free (self->key);
  g_free (self->name);

  G_OBJECT_CLASS (byline_limits_row_parent_class)->finalize (object);
}

static void
byline_limits_row_class_init (BylineLimitsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_limits_row_finalize;
}

static void
byline_limits_row_init (BylineLimitsRow *self)
{
}
