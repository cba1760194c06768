/* byline-import-review.c: what an import recognised, checked before the article is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import-review"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-import-review.h"

/* A row shows this much of a long part; the preview shows the article */
#define ROW_TEXT_CHARS 160

struct _BylineImportReview
{
  AdwWindow           parent_instance;

  BylineImportResult *result;
  char               *file_name;

  /* Template widgets */
  AdwWindowTitle     *window_title;
  GtkWidget          *import_button;
  GtkLabel           *section_label;
  GtkLabel           *headline_label;
  GtkLabel           *standfirst_label;
  GtkLabel           *details_label;
  GtkWidget          *uncertain_group;
  GtkListBox         *uncertain_list;
  GtkWidget          *dropped_group;
  AdwExpanderRow     *dropped_row;
};

G_DEFINE_FINAL_TYPE (BylineImportReview, byline_import_review, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RESULT,
  PROP_FILE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One line, at most ROW_TEXT_CHARS characters */
static char *
shorten (const char *text)
{
  g_autoptr(GString) line = g_string_new (NULL);
  glong n = 0;

  for (const char *p = text ? text : ""; *p != '\0' && n <= ROW_TEXT_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (line->len > 0 && line->str[line->len - 1] != ' ')
            g_string_append_c (line, ' ');
        }
      else
        g_string_append_unichar (line, c);
    }
  if (n > ROW_TEXT_CHARS)
    g_string_append (line, "…");

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* What the article will say, as the answers stand now */
static void
update_preview (BylineImportReview *self)
{
  g_autoptr(BylineArticle) article = byline_import_result_build_article (self->result);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *headline = byline_article_get_headline (article);
  guint n_paragraphs = 0, n_photos = 0, n_related;

  set_label (self->section_label, byline_article_get_section (article));

  if (headline != NULL && *headline != '\0')
    {
      gtk_label_set_text (self->headline_label, headline);
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->headline_label, _("No headline"));
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_label), "dim-label");
    }
  set_label (self->standfirst_label, byline_article_get_standfirst (article));

  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlockKind kind = byline_block_get_kind (byline_article_get_block (article, i));

      if (kind == BYLINE_BLOCK_IMAGE)
        n_photos++;
      else if (kind == BYLINE_BLOCK_PARAGRAPH || kind == BYLINE_BLOCK_QUOTE)
        n_paragraphs++;
    }
  n_related = g_list_model_get_n_items (byline_article_get_related (article));

  if (byline_article_get_byline (article) != NULL && *byline_article_get_byline (article) != '\0')
    g_ptr_array_add (details, g_strdup (byline_article_get_byline (article)));
  g_ptr_array_add (details, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u paragraph", "%u paragraphs", n_paragraphs),
                                             n_paragraphs));
  if (n_photos > 0)
    g_ptr_array_add (details, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", n_photos),
                                               n_photos));
  if (byline_article_get_lead_image (article) != NULL)
    g_ptr_array_add (details, g_strdup (_("lead image")));
  if (n_related > 0)
    g_ptr_array_add (details, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u related story", "%u related stories", n_related),
                                               n_related));
  g_ptr_array_add (details, NULL);
  /* TRANSLATORS: between the parts of "By Ana Ruiz · 12 paragraphs · lead image" */
  joined = g_strjoinv (_(" · "), (char **) details->pdata);
  gtk_label_set_text (self->details_label, joined);
}

static gboolean
is_dropped_line (BylineImportDecision *decision)
{
  return byline_import_decision_get_role (decision) == BYLINE_IMPORT_ROLE_FURNITURE
         && !byline_import_decision_is_uncertain (decision);
}

/* "Dropped lines (12)": how many are left out now */
static void
update_dropped_title (BylineImportReview *self)
{
  GPtrArray *decisions = byline_import_result_get_decisions (self->result);
  g_autofree char *title = NULL;
  guint n_dropped = 0;

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (is_dropped_line (decision) && byline_import_decision_get_accepted (decision))
        n_dropped++;
    }

  title = g_strdup_printf (_("Dropped lines (%u)"), n_dropped);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dropped_row), title);
}

static void
on_answer_changed (BylineImportReview *self)
{
  update_preview (self);
  update_dropped_title (self);
}

static GtkWidget *
decision_switch (BylineImportReview   *self,
                 BylineImportDecision *decision,
                 const char           *accessible_label)
{
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_object_bind_property (decision, "accepted", toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect_object (decision, "notify::accepted",
                           G_CALLBACK (on_answer_changed), self, G_CONNECT_SWAPPED);
  return toggle;
}

/* "We think this is the lead image caption", the words and the reason */
static GtkWidget *
uncertain_row (BylineImportReview   *self,
               BylineImportDecision *decision)
{
  GtkWidget *row = adw_action_row_new ();
  const char *role = byline_import_role_describe (byline_import_decision_get_role (decision));
  g_autofree char *text = shorten (byline_import_decision_get_text (decision));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *toggle;

  /* TRANSLATORS: %s is a part of a story, "the lead image caption" */
  title = g_markup_printf_escaped (_("We think this is %s"), role);
  /* TRANSLATORS: the words found, then why: "“Boats at dawn.” — next to the photo credit" */
  subtitle = g_markup_printf_escaped (_("“%s” — %s"), text, byline_import_decision_get_reason (decision));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* TRANSLATORS: a switch's name for screen readers: "Use as the headline: “…”" */
  accessible = g_strdup_printf (_("Use as %s: “%s”"), role, text);
  toggle = decision_switch (self, decision, accessible);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

/* A dropped line: switched on it stays out, off it is kept */
static GtkWidget *
dropped_line_row (BylineImportReview   *self,
                  BylineImportDecision *decision)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = shorten (byline_import_decision_get_text (decision));
  g_autofree char *title = g_markup_escape_text (text, -1);
  g_autofree char *subtitle = g_markup_escape_text (byline_import_decision_get_reason (decision), -1);
  g_autofree char *accessible = NULL;
  GtkWidget *toggle;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* TRANSLATORS: a switch's name for screen readers */
  accessible = g_strdup_printf (_("Leave out: “%s”"), text);
  toggle = decision_switch (self, decision, accessible);
  gtk_widget_set_tooltip_text (toggle, _("Leave this line out of the story"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

static void
fill (BylineImportReview *self)
{
  GPtrArray *decisions = byline_import_result_get_decisions (self->result);
  guint n_uncertain = 0, n_dropped = 0;

  for (guint i = 0; i < decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (decisions, i);

      if (byline_import_decision_is_uncertain (decision))
        {
          gtk_list_box_append (self->uncertain_list, uncertain_row (self, decision));
          n_uncertain++;
        }
      else if (is_dropped_line (decision))
        {
          adw_expander_row_add_row (self->dropped_row, dropped_line_row (self, decision));
          n_dropped++;
        }
    }

  gtk_widget_set_visible (self->uncertain_group, n_uncertain > 0);
  gtk_widget_set_visible (self->dropped_group, n_dropped > 0);
  update_dropped_title (self);
  update_preview (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (widget);
  g_autoptr(BylineArticle) article = byline_import_result_build_article (self->result);

  g_signal_emit (self, signals[SIGNAL_IMPORT], 0, article);
  gtk_window_close (GTK_WINDOW (self));
}

static void
byline_import_review_constructed (GObject *object)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (object);

  G_OBJECT_CLASS (byline_import_review_parent_class)->constructed (object);

  adw_window_title_set_subtitle (self->window_title, self->file_name ? self->file_name : "");
  if (self->result != NULL)
    fill (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->import_button);
}

static void
byline_import_review_dispose (GObject *object)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_IMPORT_REVIEW);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (byline_import_review_parent_class)->dispose (object);
}

static void
byline_import_review_finalize (GObject *object)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (object);

  g_free (self->file_name);

  G_OBJECT_CLASS (byline_import_review_parent_class)->finalize (object);
}

static void
byline_import_review_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_import_review_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BylineImportReview *self = BYLINE_IMPORT_REVIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      self->result = g_value_dup_object (value);
      break;
    case PROP_FILE_NAME:
      self->file_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_import_review_class_init (BylineImportReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = byline_import_review_constructed;
  object_class->dispose = byline_import_review_dispose;
  object_class->finalize = byline_import_review_finalize;
  object_class->get_property = byline_import_review_get_property;
  object_class->set_property = byline_import_review_set_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL,
                         BYLINE_TYPE_IMPORT_RESULT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_IMPORT] =
    g_signal_new ("import",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BYLINE_TYPE_ARTICLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-import-review.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, window_title);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, import_button);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, section_label);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, headline_label);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, standfirst_label);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, details_label);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, uncertain_group);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, uncertain_list);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, dropped_group);
  gtk_widget_class_bind_template_child (widget_class, BylineImportReview, dropped_row);

  gtk_widget_class_install_action (widget_class, "review.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
byline_import_review_init (BylineImportReview *self)
{
  g_type_ensure (ADW_TYPE_EXPANDER_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));
}

GtkWidget *
byline_import_review_new (GtkWindow          *parent,
                          BylineImportResult *result,
                          const char         *file_name)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BYLINE_IS_IMPORT_RESULT (result), NULL);

  return g_object_new (BYLINE_TYPE_IMPORT_REVIEW,
                       "transient-for", parent,
                       "result", result,
                       "file-name", file_name,
                       NULL);
}

BylineImportResult *
byline_import_review_get_result (BylineImportReview *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_REVIEW (self), NULL);
  return self->result;
}

GtkListBox *
byline_import_review_get_uncertain_list (BylineImportReview *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_REVIEW (self), NULL);
  return self->uncertain_list;
}

AdwExpanderRow *
byline_import_review_get_dropped_row (BylineImportReview *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_REVIEW (self), NULL);
  return self->dropped_row;
}

GtkLabel *
byline_import_review_get_preview_headline (BylineImportReview *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_REVIEW (self), NULL);
  return self->headline_label;
}
