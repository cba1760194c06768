/* byline-related-card.c: an inline related-story card inside the body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-related-card"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-related-card.h"
#include "byline-image-loader.h"
#include "byline-thumbnail.h"

struct _BylineRelatedCard
{
  GtkWidget parent_instance;

  BylineStoryRef *ref;
  BylineStore *store;
  BylineCms *cms;
  GCancellable *cancellable;
  /* The image source shown (or being fetched), so a change of the
   * headline does not load the picture again */
  char *shown_src;
  gboolean showing_placeholder;
  /* The site image was asked for with the current site: a placeholder
   * is fetched for again only once the site changes */
  gboolean fetch_tried;

  GtkWidget *box;
  GtkWidget *section;
  GtkWidget *headline;
  GtkWidget *picture;
  GtkWidget *caption;
  GtkWidget *notice_box;
  GtkWidget *notice;
  GtkWidget *refresh_button;
  GtkWidget *menu_button;
};

G_DEFINE_FINAL_TYPE (BylineRelatedCard, byline_related_card, GTK_TYPE_WIDGET)

enum {
  REMOVE,
  MOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  BylineRelatedCard *card;
  char              *src;
} Fetch;

static void
thumbnail_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(BylineRelatedCard) self = fetch->card;
  g_autofree char *src = fetch->src;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = byline_thumbnail_fetch_finish (result, &error);

  g_free (fetch);
  /* Gone, or showing another story's image by now */
  if (self->cancellable == NULL || g_strcmp0 (src, self->shown_src) != 0)
    return;
  if (file == NULL)
    {
      /* Offline or no site yet: the placeholder stays, set_cms retries */
      g_debug ("No thumbnail for %s: %s", src, error->message);
      return;
    }
  self->showing_placeholder = FALSE;
  byline_picture_load_async (self->picture, file, 240, self->cancellable);
}

static gboolean
is_site_image (const char *src)
{
  return g_str_has_prefix (src, "https://") || g_str_has_prefix (src, "http://");
}

static void
show_picture (BylineRelatedCard *self,
              const char        *src)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (src, self->shown_src) == 0 &&
      (!self->showing_placeholder || self->fetch_tried))
    return;
  /* @src may be self->shown_src itself (a retry) */
  if (src != self->shown_src)
    {
      g_free (self->shown_src);
      self->shown_src = g_strdup (src);
    }
  src = self->shown_src;

  file = byline_image_resolve_src (src, self->store ? byline_store_get_directory (self->store) : NULL);
  if (file != NULL)
    {
      self->showing_placeholder = FALSE;
      byline_picture_load_async (self->picture, file, 240, self->cancellable);
      return;
    }

  self->showing_placeholder = TRUE;
  gtk_image_set_from_icon_name (GTK_IMAGE (self->picture), "image-x-generic-symbolic");
  self->fetch_tried = TRUE;
  if (self->store != NULL && is_site_image (src))
    {
      Fetch *fetch = g_new0 (Fetch, 1);

      fetch->card = g_object_ref (self);
      fetch->src = g_strdup (src);
      byline_thumbnail_fetch_async (self->store, self->cms, src, self->cancellable,
                                    thumbnail_fetched_cb, fetch);
    }
}

static void
update (BylineRelatedCard *self)
{
  const char *section = byline_story_ref_get_section (self->ref);
  const char *headline = byline_story_ref_get_headline (self->ref);
  BylineImage *image = byline_story_ref_get_image (self->ref);
  const char *notice = byline_story_ref_describe_target (self->ref);
  BylineTargetState state = byline_story_ref_get_target_state (self->ref);
  g_autofree char *a11y = NULL;

  gtk_label_set_text (GTK_LABEL (self->section), *section ? section : _("Related story"));
  gtk_label_set_text (GTK_LABEL (self->headline), *headline ? headline : _("Untitled story"));

  gtk_widget_set_visible (self->picture, image != NULL);
  gtk_widget_set_visible (self->caption, image != NULL && *byline_image_get_caption (image) != '\0');
  if (image != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->caption), byline_image_get_caption (image));
      show_picture (self, byline_image_get_src (image));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      *byline_image_get_alt (image) ? byline_image_get_alt (image)
                                                                    : _("Story image"),
                                      -1);
    }

  gtk_widget_set_visible (self->notice_box, notice != NULL);
  gtk_widget_set_visible (self->refresh_button, state == BYLINE_TARGET_STATE_UPDATED);
  if (notice != NULL)
    gtk_label_set_text (GTK_LABEL (self->notice), notice);
  if (state == BYLINE_TARGET_STATE_UPDATED)
    {
      gtk_widget_remove_css_class (self->notice, "error");
      gtk_widget_add_css_class (self->notice, "warning");
    }
  else
    {
      gtk_widget_remove_css_class (self->notice, "warning");
      gtk_widget_add_css_class (self->notice, "error");
    }

  a11y = notice != NULL
         ? g_strdup_printf (_("Related story card: %s. %s"), headline, notice)
         : g_strdup_printf (_("Related story card: %s"), headline);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  byline_story_ref_refresh (BYLINE_RELATED_CARD (widget)->ref);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, g_variant_get_int32 (parameter));
}

static void
popup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_menu_button_popup (GTK_MENU_BUTTON (BYLINE_RELATED_CARD (widget)->menu_button));
}

static void
byline_related_card_dispose (GObject *object)
{
  BylineRelatedCard *self = (BylineRelatedCard *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->ref);

  G_OBJECT_CLASS (byline_related_card_parent_class)->dispose (object);
}

static void
byline_related_card_finalize (GObject *object)
{
  BylineRelatedCard *self = BYLINE_RELATED_CARD (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cms);
  g_free (self->shown_src);
  G_OBJECT_CLASS (byline_related_card_parent_class)->finalize (object);
}

static void
byline_related_card_class_init (BylineRelatedCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_related_card_dispose;
  object_class->finalize = byline_related_card_finalize;

  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "card.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "card.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "card.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "card.popup", NULL, popup_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "card.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "card.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "card.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "card.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "card.remove", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "relatedcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
byline_related_card_init (BylineRelatedCard *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *text, *row, *header;

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "story-card");
  /* Children of a text view get their minimum width */
  gtk_widget_set_size_request (GTK_WIDGET (self), 300, -1);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 10);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), header);
  self->section = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->section), 0);
  gtk_widget_set_hexpand (self->section, TRUE);
  gtk_widget_set_valign (self->section, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->section, "caption-heading");
  gtk_widget_add_css_class (self->section, "dim-label");
  gtk_box_append (GTK_BOX (header), self->section);

  g_menu_append (menu, _("_Refresh From Site"), "card.refresh");
  g_menu_append (menu, _("Move _Up"), "card.move(-1)");
  g_menu_append (menu, _("Move _Down"), "card.move(1)");
  g_menu_append (menu, _("_Remove Card"), "card.remove");
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Card Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Related story card menu"),
                                  -1);
  gtk_box_append (GTK_BOX (header), self->menu_button);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->box), row);

  self->picture = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (self->picture), 72);
  gtk_widget_set_size_request (self->picture, 96, 72);
  gtk_widget_set_valign (self->picture, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->picture, "thumbnail");
  gtk_box_append (GTK_BOX (row), self->picture);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (row), text);

  self->headline = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->headline), 0);
  gtk_label_set_wrap (GTK_LABEL (self->headline), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->headline), 40);
  gtk_widget_add_css_class (self->headline, "heading");
  gtk_box_append (GTK_BOX (text), self->headline);

  self->caption = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->caption), 40);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_box_append (GTK_BOX (text), self->caption);

  self->notice_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), self->notice_box);
  self->notice = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->notice), 0);
  gtk_label_set_wrap (GTK_LABEL (self->notice), TRUE);
  gtk_widget_set_hexpand (self->notice, TRUE);
  gtk_widget_add_css_class (self->notice, "caption");
  gtk_box_append (GTK_BOX (self->notice_box), self->notice);
  self->refresh_button = gtk_button_new_with_mnemonic (_("_Refresh Card"));
  byline_a11y_fix_mnemonic_button (self->refresh_button);
  gtk_widget_set_valign (self->refresh_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->refresh_button), "card.refresh");
  gtk_box_append (GTK_BOX (self->notice_box), self->refresh_button);
}

GtkWidget *
byline_related_card_new (BylineStoryRef *ref,
                         BylineStore    *store,
                         BylineCms      *cms)
{
  BylineRelatedCard *self;

  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), NULL);
  g_return_val_if_fail (store == NULL || BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (cms == NULL || BYLINE_IS_CMS (cms), NULL);

  self = g_object_new (BYLINE_TYPE_RELATED_CARD, NULL);
  self->ref = g_object_ref (ref);
  self->store = store ? g_object_ref (store) : NULL;
  self->cms = cms ? g_object_ref (cms) : NULL;
  g_signal_connect_object (ref, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

void
byline_related_card_set_cms (BylineRelatedCard *self,
                             BylineCms         *cms)
{
  g_return_if_fail (BYLINE_IS_RELATED_CARD (self));
  g_return_if_fail (cms == NULL || BYLINE_IS_CMS (cms));

  if (!g_set_object (&self->cms, cms))
    return;
  self->fetch_tried = FALSE;
  if (cms != NULL && self->showing_placeholder && self->shown_src != NULL)
    show_picture (self, self->shown_src);
}

BylineStoryRef *
byline_related_card_get_story_ref (BylineRelatedCard *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_CARD (self), NULL);
  return self->ref;
}

const char *
byline_related_card_get_notice (BylineRelatedCard *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_CARD (self), NULL);
  return gtk_widget_get_visible (self->notice_box) ? gtk_label_get_text (GTK_LABEL (self->notice)) : NULL;
}
