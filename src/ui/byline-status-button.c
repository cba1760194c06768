/* byline-status-button.c: "Status: Draft", and a menu to change it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-status-button"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-article-row.h"
#include "byline-status-button.h"

struct _BylineStatusButton
{
  GtkWidget      parent_instance;

  BylineArticle *article;
  GtkWidget     *box;
  GtkMenuButton *button;
  GtkLabel      *label;
  GSimpleAction *set_action;
};

G_DEFINE_FINAL_TYPE (BylineStatusButton, byline_status_button, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SCHEDULE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (BylineStatusButton *self)
{
  BylineArticleStatus status = BYLINE_ARTICLE_STATUS_DRAFT;
  g_autofree char *label = NULL;

  if (self->article != NULL)
    status = byline_article_get_status (self->article);

  gtk_label_set_text (self->label, byline_article_status_label (status));
  /* TRANSLATORS: the status button's name for screen readers: "Status: Draft" */
  label = g_strdup_printf (_("Status: %s"), byline_article_status_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_simple_action_set_state (self->set_action,
                             g_variant_new_string (byline_article_status_to_string (status)));
  gtk_widget_set_visible (GTK_WIDGET (self), self->article != NULL);
}

void
byline_status_button_choose (BylineStatusButton  *self,
                             BylineArticleStatus  status)
{
  g_return_if_fail (BYLINE_IS_STATUS_BUTTON (self));

  if (self->article == NULL)
    return;

  if (status == BYLINE_ARTICLE_STATUS_PENDING_REVIEW)
    {
      /* The checks first; the checks panel sets the status on Submit */
      if (byline_article_get_status (self->article) != status)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.submit-for-review", NULL);
      return;
    }

  byline_article_set_status (self->article, status);
  if (status == BYLINE_ARTICLE_STATUS_SCHEDULED)
    g_signal_emit (self, signals[SIGNAL_SCHEDULE_CHOSEN], 0);
}

static void
on_change_state (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       user_data)
{
  BylineStatusButton *self = user_data;
  BylineArticleStatus status;

  /* The state follows the article (update()), not the click: a submit
   * the journalist cancels leaves the status as it was */
  if (byline_article_status_from_string (g_variant_get_string (value, NULL), &status))
    byline_status_button_choose (self, status);
}

static void
byline_status_button_dispose (GObject *object)
{
  BylineStatusButton *self = BYLINE_STATUS_BUTTON (object);

  byline_status_button_set_article (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->button = NULL;

  G_OBJECT_CLASS (byline_status_button_parent_class)->dispose (object);
}

static void
byline_status_button_finalize (GObject *object)
{
  BylineStatusButton *self = BYLINE_STATUS_BUTTON (object);

  g_clear_object (&self->set_action);

  G_OBJECT_CLASS (byline_status_button_parent_class)->finalize (object);
}

static void
byline_status_button_class_init (BylineStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_status_button_dispose;
  object_class->finalize = byline_status_button_finalize;

  signals[SIGNAL_SCHEDULE_CHOSEN] =
    g_signal_new ("schedule-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbutton");
}

static void
add_item (GMenu               *menu,
          const char          *label,
          BylineArticleStatus  status)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "status.set",
                                           g_variant_new_string (byline_article_status_to_string (status)));
  g_menu_append_item (menu, item);
}

static void
byline_status_button_init (BylineStatusButton *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *title, *box;

  add_item (menu, _("_Draft"), BYLINE_ARTICLE_STATUS_DRAFT);
  add_item (menu, _("Pending _Review…"), BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  add_item (menu, _("_Scheduled"), BYLINE_ARTICLE_STATUS_SCHEDULED);
  add_item (menu, _("_Published"), BYLINE_ARTICLE_STATUS_PUBLISHED);

  /* The status, and the arrow of a menu */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("pan-down-symbolic"));

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, box);
  gtk_menu_button_set_menu_model (self->button, G_MENU_MODEL (menu));
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Change the Article’s Status"));

  /* "Status  Draft ▾", laid out like "Publish at" under it */
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  title = gtk_label_new (_("Status"));
  gtk_widget_add_css_class (title, "dim-label");
  gtk_box_append (GTK_BOX (self->box), title);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->button));
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  /* A radio list: the state is the article's status */
  self->set_action = g_simple_action_new_stateful ("set", G_VARIANT_TYPE_STRING, g_variant_new_string ("draft"));
  g_signal_connect_object (self->set_action, "change-state", G_CALLBACK (on_change_state), self, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->set_action));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "status", G_ACTION_GROUP (group));

  update (self);
}

GtkWidget *
byline_status_button_new (void)
{
  return g_object_new (BYLINE_TYPE_STATUS_BUTTON, NULL);
}

void
byline_status_button_set_article (BylineStatusButton *self,
                                  BylineArticle      *article)
{
  g_return_if_fail (BYLINE_IS_STATUS_BUTTON (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_set_object (&self->article, article);
  if (article != NULL)
    g_signal_connect_object (article, "notify::status", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  if (self->button != NULL)
    update (self);
}

BylineArticle *
byline_status_button_get_article (BylineStatusButton *self)
{
  g_return_val_if_fail (BYLINE_IS_STATUS_BUTTON (self), NULL);
  return self->article;
}

const char *
byline_status_button_get_label (BylineStatusButton *self)
{
  g_return_val_if_fail (BYLINE_IS_STATUS_BUTTON (self), NULL);
  return gtk_label_get_text (self->label);
}

GtkMenuButton *
byline_status_button_get_menu_button (BylineStatusButton *self)
{
  g_return_val_if_fail (BYLINE_IS_STATUS_BUTTON (self), NULL);
  return self->button;
}
