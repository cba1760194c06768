/* byline-headline-panel.c: the sidebar's headline panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-headline-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "byline-headline-panel.h"

struct _BylineHeadlinePanel
{
  GtkWidget      parent_instance;

  BylineArticle *article;
  GPtrArray     *bindings;

  AdwEntryRow   *headline_row;
  GtkLabel      *headline_count;
  AdwEntryRow   *seo_title_row;
  GtkLabel      *seo_title_count;
  GtkLabel      *seo_title_hint;
  AdwEntryRow   *social_headline_row;
  GtkLabel      *social_headline_count;
};

G_DEFINE_FINAL_TYPE (BylineHeadlinePanel, byline_headline_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_count (GtkEditable *editable,
              GtkLabel    *label)
{
  const char *text = gtk_editable_get_text (editable);
  guint n = text ? g_utf8_strlen (text, -1) : 0;
  g_autofree char *count = NULL;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", n), n);
  gtk_label_set_label (label, count);
}

static void
on_text_notify (BylineHeadlinePanel *self,
                GParamSpec          *pspec,
                GtkEditable         *editable)
{
  if (editable == GTK_EDITABLE (self->headline_row))
    update_count (editable, self->headline_count);
  else if (editable == GTK_EDITABLE (self->social_headline_row))
    update_count (editable, self->social_headline_count);
  else
    {
      const char *text = gtk_editable_get_text (editable);
      gboolean too_long = text && g_utf8_strlen (text, -1) > BYLINE_SEO_TITLE_MAX;

      update_count (editable, self->seo_title_count);
      gtk_widget_set_visible (GTK_WIDGET (self->seo_title_hint), too_long);
      if (too_long)
        gtk_widget_add_css_class (GTK_WIDGET (self->seo_title_count), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->seo_title_count), "warning");
    }
}

static gboolean
null_to_empty (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *s = g_value_get_string (from);

  g_value_set_string (to, s ? s : "");
  return TRUE;
}

void
byline_headline_panel_set_article (BylineHeadlinePanel *self,
                                   BylineArticle       *article)
{
  struct { const char *property; AdwEntryRow *row; } fields[] = {
    { "headline", self->headline_row },
    { "seo-title", self->seo_title_row },
    { "social-headline", self->social_headline_row },
  };

  g_return_if_fail (BYLINE_IS_HEADLINE_PANEL (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);

  g_set_object (&self->article, article);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (article != NULL)
        g_ptr_array_add (self->bindings,
                         g_object_ref (g_object_bind_property_full (article, fields[i].property,
                                                                    fields[i].row, "text",
                                                                    G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                                                    null_to_empty, NULL, NULL, NULL)));
      else
        gtk_editable_set_text (GTK_EDITABLE (fields[i].row), "");
      on_text_notify (self, NULL, GTK_EDITABLE (fields[i].row));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

BylineArticle *
byline_headline_panel_get_article (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);

  return self->article;
}

const char *
byline_headline_panel_get_count_text (BylineHeadlinePanel *self,
                                      const char          *property)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  if (g_str_equal (property, "headline"))
    return gtk_label_get_label (self->headline_count);
  if (g_str_equal (property, "seo-title"))
    return gtk_label_get_label (self->seo_title_count);
  if (g_str_equal (property, "social-headline"))
    return gtk_label_get_label (self->social_headline_count);
  return NULL;
}

static void
byline_headline_panel_dispose (GObject *object)
{
  BylineHeadlinePanel *self = (BylineHeadlinePanel *)object;
  GtkWidget *child;

  if (self->bindings != NULL)
    for (guint i = 0; i < self->bindings->len; i++)
      g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_clear_pointer (&self->bindings, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_HEADLINE_PANEL);
  /* GTK 4.8 leaves a template's top-level children to us */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->article);

  G_OBJECT_CLASS (byline_headline_panel_parent_class)->dispose (object);
}

static void
byline_headline_panel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BylineHeadlinePanel *self = BYLINE_HEADLINE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_headline_panel_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BylineHeadlinePanel *self = BYLINE_HEADLINE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      byline_headline_panel_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_headline_panel_class_init (BylineHeadlinePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_headline_panel_dispose;
  object_class->get_property = byline_headline_panel_get_property;
  object_class->set_property = byline_headline_panel_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         BYLINE_TYPE_ARTICLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-headline-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, headline_row);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, headline_count);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_title_row);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_title_count);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_title_hint);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, social_headline_row);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, social_headline_count);
}

static void
byline_headline_panel_init (BylineHeadlinePanel *self)
{
  g_type_ensure (ADW_TYPE_PREFERENCES_GROUP);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_object (self->headline_row, "notify::text",
                           G_CALLBACK (on_text_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seo_title_row, "notify::text",
                           G_CALLBACK (on_text_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->social_headline_row, "notify::text",
                           G_CALLBACK (on_text_notify), self, G_CONNECT_SWAPPED);

  on_text_notify (self, NULL, GTK_EDITABLE (self->headline_row));
  on_text_notify (self, NULL, GTK_EDITABLE (self->seo_title_row));
  on_text_notify (self, NULL, GTK_EDITABLE (self->social_headline_row));
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
byline_headline_panel_new (void)
{
  return g_object_new (BYLINE_TYPE_HEADLINE_PANEL, NULL);
}
