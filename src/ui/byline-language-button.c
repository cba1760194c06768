/* byline-language-button.c: picks an article's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-language-button"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-language-button.h"
#include "byline-spell-dictionary.h"

struct _BylineLanguageButton
{
  GtkWidget           parent_instance;

  GtkMenuButton      *button;
  GMenu              *menu;
  GSimpleAction      *set_action;
  GCancellable       *cancellable;
  char               *language;
};

G_DEFINE_FINAL_TYPE (BylineLanguageButton, byline_language_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_label (BylineLanguageButton *self)
{
  g_autofree char *name = NULL;
  g_autofree char *tooltip = NULL;

  name = self->language && self->language[0] ? byline_spell_language_name (self->language)
                                             : g_strdup (_("Language"));
  gtk_menu_button_set_label (self->button, name);
  /* TRANSLATORS: %s is a language, "English (UK)" */
  tooltip = g_strdup_printf (_("Language of This Article: %s"), name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
}

static void
on_set (GSimpleAction *action,
        GVariant      *value,
        gpointer       user_data)
{
  BylineLanguageButton *self = user_data;

  byline_language_button_set_language (self, g_variant_get_string (value, NULL));
}

static void
languages_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BylineLanguageButton *self;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = byline_spell_list_languages_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (tags == NULL)
    {
      g_warning ("Could not list spelling dictionaries: %s", error->message);
      return;
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autofree char *name = byline_spell_language_name (tags[i]);
      g_autofree char *language = byline_spell_language_to_article (tags[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, "language.set", g_variant_new_string (language));
      g_menu_append_item (self->menu, item);
    }
}

static void
byline_language_button_dispose (GObject *object)
{
  BylineLanguageButton *self = (BylineLanguageButton *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (byline_language_button_parent_class)->dispose (object);
}

static void
byline_language_button_finalize (GObject *object)
{
  BylineLanguageButton *self = (BylineLanguageButton *)object;

  g_clear_object (&self->menu);
  g_clear_object (&self->set_action);
  g_clear_object (&self->cancellable);
  g_free (self->language);

  G_OBJECT_CLASS (byline_language_button_parent_class)->finalize (object);
}

static void
byline_language_button_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BylineLanguageButton *self = BYLINE_LANGUAGE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_language_button_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BylineLanguageButton *self = BYLINE_LANGUAGE_BUTTON (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      byline_language_button_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_language_button_class_init (BylineLanguageButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_language_button_dispose;
  object_class->finalize = byline_language_button_finalize;
  object_class->get_property = byline_language_button_get_property;
  object_class->set_property = byline_language_button_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "languagebutton");
}

static void
byline_language_button_init (BylineLanguageButton *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  self->cancellable = g_cancellable_new ();
  self->menu = g_menu_new ();
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_menu_model (self->button, G_MENU_MODEL (self->menu));
  gtk_menu_button_set_direction (self->button, GTK_ARROW_UP);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "language-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article language"),
                                  -1);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  /* A radio list: the state is the article's language */
  self->set_action = g_simple_action_new_stateful ("set", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  g_signal_connect_object (self->set_action, "change-state", G_CALLBACK (on_set), self, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->set_action));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "language", G_ACTION_GROUP (group));

  update_label (self);
  byline_spell_list_languages_async (self->cancellable, languages_listed, self);
}

GtkWidget *
byline_language_button_new (void)
{
  return g_object_new (BYLINE_TYPE_LANGUAGE_BUTTON, NULL);
}

const char *
byline_language_button_get_language (BylineLanguageButton *self)
{
  g_return_val_if_fail (BYLINE_IS_LANGUAGE_BUTTON (self), NULL);

  return self->language;
}

void
byline_language_button_set_language (BylineLanguageButton *self,
                                     const char           *language)
{
  g_return_if_fail (BYLINE_IS_LANGUAGE_BUTTON (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  g_simple_action_set_state (self->set_action, g_variant_new_string (language ? language : ""));
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}
