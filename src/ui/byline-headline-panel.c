/* byline-headline-panel.c: the sidebar's headline panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-headline-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "model/byline-checks.h"
#include "model/byline-slug.h"
#include "byline-headline-panel.h"
#include "byline-newsroom-limits.h"
#include "byline-text-width.h"

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
  GtkWidget     *headline_hint;
  GtkLabel      *headline_hint_label;
  GtkLabel      *seo_width_label;
  GtkLabel      *seo_preview;
  GtkLabel      *seo_preview_url;
  AdwEntryRow   *slug_row;
  GtkWidget     *slug_reset_button;

  BylineNewsroomLimits *limits;
  char          *account;
  BylineCheckOptions options;     /* the limits; measure unused */
  guint          slug_typing : 1;
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
set_style (GtkWidget  *widget,
           const char *style,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, style);
  else
    gtk_widget_remove_css_class (widget, style);
}

static void
update_headline (BylineHeadlinePanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->headline_row));
  guint n = g_utf8_strlen (text, -1);
  gboolean too_long = self->options.headline_max_chars > 0 && n > self->options.headline_max_chars;

  update_count (GTK_EDITABLE (self->headline_row), self->headline_count);
  /* Not colour alone: an icon and a sentence say what is wrong */
  set_style (GTK_WIDGET (self->headline_count), "error", too_long);
  set_style (GTK_WIDGET (self->headline_count), "dim-label", !too_long);
  gtk_widget_set_visible (self->headline_hint, too_long);
  if (too_long)
    {
      g_autofree char *hint = byline_check_options_describe_headline (&self->options, n);

      gtk_label_set_label (self->headline_hint_label, hint);
    }
}

static void
update_seo (BylineHeadlinePanel *self)
{
  const char *seo = gtk_editable_get_text (GTK_EDITABLE (self->seo_title_row));
  const char *headline = gtk_editable_get_text (GTK_EDITABLE (self->headline_row));
  g_autofree char *seo_stripped = g_strstrip (g_strdup (seo));
  gboolean uses_headline = *seo_stripped == '\0';
  const char *text = uses_headline ? headline : seo;
  guint n = g_utf8_strlen (seo, -1);
  gboolean too_many = self->options.seo_title_max_chars > 0 && n > self->options.seo_title_max_chars;
  guint max_width = self->options.seo_title_max_width;
  double width = 0;
  gboolean too_wide = FALSE;
  g_autofree char *width_text = NULL;
  g_autofree char *preview = NULL;

  update_count (GTK_EDITABLE (self->seo_title_row), self->seo_title_count);
  set_style (GTK_WIDGET (self->seo_title_count), "warning", too_many);
  gtk_widget_set_visible (GTK_WIDGET (self->seo_title_hint), too_many);
  if (too_many)
    {
      g_autofree char *hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Longer than %u character: search results will cut it off.",
                                                            "Longer than %u characters: search results will cut it off.",
                                                            self->options.seo_title_max_chars),
                                               self->options.seo_title_max_chars);
      gtk_label_set_label (self->seo_title_hint, hint);
    }

  /* A short text: measuring it costs far less than a frame */
  if (max_width > 0 && *text != '\0')
    {
      width = byline_text_width_measure (text, max_width, NULL, NULL);
      too_wide = width > max_width;
    }

  if (max_width == 0)
    width_text = g_strdup ("");
  else if (uses_headline)
    width_text = g_strdup_printf (too_wide ? _("No SEO title, so the headline is measured: %u px, wider than the %u px search results show")
                                           : _("No SEO title, so the headline is measured: %u of %u px"),
                                  (guint) (width + 0.5), max_width);
  else
    width_text = g_strdup_printf (too_wide ? _("%u px, wider than the %u px search results show")
                                           : _("%u of %u px in search results"),
                                  (guint) (width + 0.5), max_width);
  gtk_label_set_label (self->seo_width_label, width_text);
  set_style (GTK_WIDGET (self->seo_width_label), "warning", too_wide);
  set_style (GTK_WIDGET (self->seo_width_label), "dim-label", !too_wide);

  if (*text == '\0')
    preview = g_strdup (_("The headline shows here"));
  else
    preview = max_width > 0 ? byline_text_width_preview (text, max_width) : g_strdup (text);
  gtk_label_set_label (self->seo_preview, preview);
}

static void
update_slug (BylineHeadlinePanel *self)
{
  g_autofree char *slug = NULL;
  g_autofree char *url = NULL;
  gboolean follows;

  if (self->article == NULL)
    {
      gtk_widget_set_visible (self->slug_reset_button, FALSE);
      gtk_label_set_label (self->seo_preview_url, "");
      return;
    }

  slug = byline_article_dup_effective_slug (self->article);
  follows = byline_article_get_slug_follows_headline (self->article);
  gtk_widget_set_visible (self->slug_reset_button, !follows);

  /* Not while the journalist types into it: the text stays as typed */
  if (!self->slug_typing && !g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->slug_row)), slug))
    {
      self->slug_typing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->slug_row), slug);
      self->slug_typing = FALSE;
    }

  url = g_strdup_printf ("… › %s", slug);
  gtk_label_set_label (self->seo_preview_url, url);
}

static void
on_text_notify (BylineHeadlinePanel *self,
                GParamSpec          *pspec,
                GtkEditable         *editable)
{
  if (editable == GTK_EDITABLE (self->headline_row))
    {
      update_headline (self);
      update_seo (self);
    }
  else if (editable == GTK_EDITABLE (self->social_headline_row))
    update_count (editable, self->social_headline_count);
  else
    update_seo (self);
}

/* Every keystroke in the slug reaches the article, cleaned; a slug the
 * headline would make anyway keeps following the headline. */
static void
on_slug_text_notify (BylineHeadlinePanel *self)
{
  g_autofree char *clean = NULL;
  g_autofree char *derived = NULL;

  if (self->slug_typing || self->article == NULL)
    return;

  clean = byline_slug_from_text (gtk_editable_get_text (GTK_EDITABLE (self->slug_row)));
  derived = byline_slug_from_text (byline_article_get_headline (self->article));

  self->slug_typing = TRUE;
  byline_article_set_slug (self->article, *clean == '\0' || g_str_equal (clean, derived) ? "" : clean);
  self->slug_typing = FALSE;
}

static void
on_slug_focus_leave (BylineHeadlinePanel *self)
{
  /* Show what was kept, in its clean form */
  update_slug (self);
}

static void
on_slug_reset_clicked (BylineHeadlinePanel *self)
{
  if (self->article != NULL)
    byline_article_set_slug (self->article, "");
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
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update_slug, self);

  g_set_object (&self->article, article);
  if (self->limits != NULL)
    byline_newsroom_limits_set_article (self->limits, article);
  if (article != NULL)
    {
      g_signal_connect_object (article, "notify::slug", G_CALLBACK (update_slug), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::headline", G_CALLBACK (update_slug), self, G_CONNECT_SWAPPED);
    }

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
  update_slug (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

BylineArticle *
byline_headline_panel_get_article (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);

  return self->article;
}

static void
on_limits_changed (BylineHeadlinePanel *self)
{
  byline_check_options_copy (&self->options, byline_newsroom_limits_get_options (self->limits));
  update_headline (self);
  update_seo (self);
}

void
byline_headline_panel_bind_settings (BylineHeadlinePanel *self,
                                     GSettings           *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (BYLINE_IS_HEADLINE_PANEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, "headline-max-chars"))
    return;

  if (self->limits != NULL)
    g_signal_handlers_disconnect_by_data (self->limits, self);
  g_clear_object (&self->limits);
  self->limits = byline_newsroom_limits_new (settings);
  byline_newsroom_limits_set_article (self->limits, self->article);
  byline_newsroom_limits_set_account (self->limits, self->account);
  g_signal_connect_object (self->limits, "changed",
                           G_CALLBACK (on_limits_changed), self, G_CONNECT_SWAPPED);
  on_limits_changed (self);
}

void
byline_headline_panel_set_account (BylineHeadlinePanel *self,
                                   const char          *account)
{
  g_return_if_fail (BYLINE_IS_HEADLINE_PANEL (self));

  g_free (self->account);
  self->account = g_strdup (account);
  if (self->limits != NULL)
    byline_newsroom_limits_set_account (self->limits, account);
}

void
byline_headline_panel_set_limits (BylineHeadlinePanel *self,
                                  guint                headline_max_chars,
                                  guint                seo_title_max_chars,
                                  guint                seo_title_max_width)
{
  g_return_if_fail (BYLINE_IS_HEADLINE_PANEL (self));

  self->options.headline_max_chars = headline_max_chars;
  self->options.seo_title_max_chars = seo_title_max_chars;
  self->options.seo_title_max_width = seo_title_max_width;
  g_clear_pointer (&self->options.limits_name, g_free);
  self->options.limits_from = BYLINE_LIMITS_FROM_DEFAULT;
  update_headline (self);
  update_seo (self);
}

void
byline_headline_panel_select (BylineHeadlinePanel *self,
                              const char          *property,
                              guint                start,
                              guint                end)
{
  AdwEntryRow *row;

  g_return_if_fail (BYLINE_IS_HEADLINE_PANEL (self));
  g_return_if_fail (property != NULL);

  if (g_str_equal (property, "headline"))
    row = self->headline_row;
  else if (g_str_equal (property, "seo-title"))
    row = self->seo_title_row;
  else if (g_str_equal (property, "social-headline"))
    row = self->social_headline_row;
  else if (g_str_equal (property, "slug"))
    row = self->slug_row;
  else
    return;

  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_editable_select_region (GTK_EDITABLE (row), start, end);
}

const char *
byline_headline_panel_get_seo_preview (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);
  return gtk_label_get_label (self->seo_preview);
}

const char *
byline_headline_panel_get_seo_width_text (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);
  return gtk_label_get_label (self->seo_width_label);
}

const char *
byline_headline_panel_get_headline_hint (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);
  return gtk_widget_get_visible (self->headline_hint) ? gtk_label_get_label (self->headline_hint_label)
                                                      : NULL;
}

GtkEditable *
byline_headline_panel_get_slug_editable (BylineHeadlinePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_HEADLINE_PANEL (self), NULL);
  return GTK_EDITABLE (self->slug_row);
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
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update_slug, self);
  g_clear_object (&self->article);
  if (self->limits != NULL)
    g_signal_handlers_disconnect_by_data (self->limits, self);
  g_clear_object (&self->limits);

  G_OBJECT_CLASS (byline_headline_panel_parent_class)->dispose (object);
}

static void
byline_headline_panel_finalize (GObject *object)
{
  BylineHeadlinePanel *self = (BylineHeadlinePanel *)object;

  byline_check_options_clear (&self->options);
  g_free (self->account);

  G_OBJECT_CLASS (byline_headline_panel_parent_class)->finalize (object);
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
  object_class->finalize = byline_headline_panel_finalize;
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
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, headline_hint);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, headline_hint_label);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_width_label);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_preview);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, seo_preview_url);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, slug_row);
  gtk_widget_class_bind_template_child (widget_class, BylineHeadlinePanel, slug_reset_button);
}

static void
byline_headline_panel_init (BylineHeadlinePanel *self)
{
  g_type_ensure (ADW_TYPE_PREFERENCES_GROUP);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);
  byline_check_options_init (&self->options);

  g_signal_connect_object (self->slug_row, "notify::text",
                           G_CALLBACK (on_slug_text_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->slug_reset_button, "clicked",
                           G_CALLBACK (on_slug_reset_clicked), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_object (focus, "leave", G_CALLBACK (on_slug_focus_leave), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->slug_row), focus);
  }

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
