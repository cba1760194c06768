/* byline-image-panel.c: the sidebar's image panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "model/byline-image-flags.h"
#include "byline-image-loader.h"
#include "byline-image-panel.h"
#include "byline-image-suggestions.h"
#include "byline-text-row.h"

#define N_FLAGS       5
#define PANEL_THUMB   96

static const char * const text_fields[] = { "caption", "credit", "alt" };
/* Caption and alt text are prose, checked as the story is.  A credit is
 * names and an agency ("© AGENCY YEAR / NAME"): nearly every word of it
 * would be underlined, so it stays a plain entry row */
static const gboolean spell_checked[] = { TRUE, FALSE, TRUE };

/* One image's card: a boxed list of its fields and flags */
typedef struct
{
  BylineImagePanel *panel;
  BylineImage      *image;
  BylineBlock      *block;        /* NULL for the lead image */
  GtkWidget        *group;
  GtkWidget        *show_row;
  GtkWidget        *picture;
  GtkWidget        *entries[3];
  GtkWidget        *accept[3];
  GtkWidget        *decorative;
  GtkWidget        *suggested_row;
  GtkWidget        *flag_rows[N_FLAGS];
  GPtrArray        *bindings;
  GCancellable     *cancellable;
  guint             number;       /* 0: the lead image */
  guint             thumbnail_started : 1;
} Card;

struct _BylineImagePanel
{
  GtkWidget         parent_instance;

  BylineStore      *store;
  BylineSpellChecker *spell_checker;
  BylineArticle    *article;
  GListModel       *images;      /* the body's image blocks */
  Card             *lead;
  GPtrArray        *cards;       /* Card *, the body's images in order */

  GtkScrolledWindow *scroller;
  GtkWidget         *empty_label;
  GtkWidget         *lead_box;
  GtkWidget         *body_box;

  /* Cards are made only while the panel shows: a long story's hundreds
   * of rows cost nothing while the panel is hidden */
  guint              built : 1;
};

G_DEFINE_FINAL_TYPE (BylineImagePanel, byline_image_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

enum {
  SHOW_IMAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
card_free (Card *card)
{
  if (card == NULL)
    return;
  g_cancellable_cancel (card->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (spell_checked[i] && card->panel->spell_checker != NULL)
      byline_spell_checker_detach (card->panel->spell_checker,
                                   byline_text_row_get_text_view (BYLINE_TEXT_ROW (card->entries[i])));
  for (guint i = 0; i < card->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (card->bindings, i));
  g_ptr_array_unref (card->bindings);
  if (card->image != NULL)
    g_signal_handlers_disconnect_by_data (card->image, card);
  g_clear_object (&card->image);
  g_clear_object (&card->block);
  g_clear_object (&card->cancellable);
  if (card->group != NULL)
    {
      GtkWidget *parent = gtk_widget_get_parent (card->group);

      if (parent != NULL)
        gtk_box_remove (GTK_BOX (parent), card->group);
      g_object_unref (card->group);
    }
  g_free (card);
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

static const char *
field_title (guint field)
{
  switch (field)
    {
    case 0: return _("Caption");
    case 1: return _("Credit");
    default: return _("Alt text");
    }
}

/* What a screen reader says for each control: which field of which image */
static void
label_card (Card *card)
{
  g_autofree char *which = NULL;
  g_autofree char *title = NULL;

  if (card->number == 0)
    which = g_strdup (_("the lead image"));
  else
    /* TRANSLATORS: "image 2", as in "Caption of image 2" */
    which = g_strdup_printf (_("image %u"), card->number);

  title = card->number == 0 ? g_strdup (_("Lead Image"))
                            : g_strdup_printf (_("Image %u"), card->number);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (card->group), title);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *accept = NULL;
      GtkWidget *field = spell_checked[i]
                         ? GTK_WIDGET (byline_text_row_get_text_view (BYLINE_TEXT_ROW (card->entries[i])))
                         : GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (card->entries[i])));

      switch (i)
        {
        case 0: label = g_strdup_printf (_("Caption of %s"), which); break;
        case 1: label = g_strdup_printf (_("Credit of %s"), which); break;
        default: label = g_strdup_printf (_("Alt text of %s"), which); break;
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (card->entries[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      if (field != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      accept = g_strdup_printf (_("Keep the photo’s text as the %s"), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (card->accept[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accept, -1);
    }

  {
    g_autofree char *label = g_strdup_printf (_("Decorative: %s"), which);
    g_autofree char *show = g_strdup_printf (_("Show %s in the story"), which);

    gtk_accessible_update_property (GTK_ACCESSIBLE (card->decorative),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (card->show_row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, show, -1);
  }
}

static void
update_card (Card *card)
{
  BylineImageFlags flags = byline_image_get_flags (card->image);
  const char *caption = byline_image_get_caption (card->image);
  guint n_flags = 0;
  gboolean any_suggested = FALSE;

  for (guint i = 0; i < N_FLAGS; i++)
    {
      gboolean on = (flags & (1u << i)) != 0;

      gtk_widget_set_visible (card->flag_rows[i], on);
      n_flags += on;
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      gboolean suggested = byline_image_is_suggested (card->image, text_fields[i]);
      g_autofree char *title = NULL;

      if (suggested)
        /* TRANSLATORS: "Caption · from the photo", a text the photo's own
         * metadata suggested */
        title = g_strdup_printf (_("%s · from the photo"), field_title (i));
      else
        title = g_strdup (field_title (i));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (card->entries[i]), title);
      gtk_widget_set_visible (card->accept[i], suggested);
      any_suggested |= suggested;
    }
  gtk_widget_set_visible (card->suggested_row, any_suggested);

  {
    g_autofree char *escaped = g_markup_escape_text (caption && *caption ? caption : _("No caption"), -1);
    g_autofree char *subtitle = NULL;

    g_strdelimit (escaped, "\r\n", ' ');
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (card->show_row), escaped);
    if (n_flags == 0)
      subtitle = g_strdup (_("Ready"));
    else
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thing to check", "%u things to check", n_flags),
                                  n_flags);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (card->show_row), subtitle);
  }
}

static void
on_show_activated (Card *card)
{
  g_signal_emit (card->panel, signals[SHOW_IMAGE], 0, card->image, card->block);
}

static void
on_accept_clicked (GtkButton *button,
                   Card      *card)
{
  const char *field = g_object_get_data (G_OBJECT (button), "byline-field");

  byline_image_confirm_suggestion (card->image, field);
  update_card (card);
}

/* Thumbnails only once the card is on screen: a long story's cards cost
 * nothing until the panel shows them */
static void
on_picture_map (Card *card)
{
  g_autoptr(GFile) file = NULL;

  if (card->thumbnail_started)
    return;
  card->thumbnail_started = TRUE;
  file = byline_image_resolve_src (byline_image_get_src (card->image),
                                   card->panel->store ? byline_store_get_directory (card->panel->store) : NULL);
  if (file != NULL)
    byline_picture_load_async (card->picture, file, PANEL_THUMB, card->cancellable);
}

static Card *
card_new (BylineImagePanel *self,
          BylineImage      *image,
          BylineBlock      *block,
          guint             number)
{
  Card *card = g_new0 (Card, 1);
  GtkWidget *row;

  card->panel = self;
  card->image = g_object_ref (image);
  card->block = block ? g_object_ref (block) : NULL;
  card->number = number;
  card->bindings = g_ptr_array_new_with_free_func (g_object_unref);
  card->cancellable = g_cancellable_new ();
  card->group = g_object_ref_sink (adw_preferences_group_new ());

  /* The thumbnail and caption: activating it shows the image in the story */
  card->show_row = adw_action_row_new ();
  adw_action_row_set_title_lines (ADW_ACTION_ROW (card->show_row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (card->show_row), TRUE);
  card->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (card->picture), TRUE);
  gtk_widget_set_size_request (card->picture, PANEL_THUMB, PANEL_THUMB * 2 / 3);
  gtk_widget_set_valign (card->picture, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (card->picture, 6);
  gtk_widget_set_margin_bottom (card->picture, 6);
  gtk_widget_add_css_class (card->picture, "image-panel-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (card->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thumbnail"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (card->show_row), card->picture);
  {
    GtkWidget *jump = gtk_image_new_from_icon_name ("go-next-symbolic");

    gtk_widget_set_tooltip_text (card->show_row, _("Show in the story"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (card->show_row), jump);
  }
  g_signal_connect_swapped (card->show_row, "activated", G_CALLBACK (on_show_activated), card);
  g_signal_connect_swapped (card->picture, "map", G_CALLBACK (on_picture_map), card);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (card->group), card->show_row);

  /* Says once what "from the photo" means and how to accept it */
  card->suggested_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (card->suggested_row),
                                 _("Some texts came from the photo’s metadata"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (card->suggested_row),
                               _("Check them, then keep each with ✓ or edit it"));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (card->suggested_row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (card->suggested_row),
                             gtk_image_new_from_icon_name ("camera-photo-symbolic"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (card->group), card->suggested_row);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GtkWidget *accept = gtk_button_new_from_icon_name ("object-select-symbolic");

      card->entries[i] = spell_checked[i] ? byline_text_row_new () : adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (card->entries[i]), field_title (i));
      gtk_widget_set_tooltip_text (accept, _("Keep the text from the photo’s metadata"));
      gtk_widget_set_valign (accept, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (accept, "flat");
      g_object_set_data (G_OBJECT (accept), "byline-field", (gpointer) text_fields[i]);
      g_signal_connect (accept, "clicked", G_CALLBACK (on_accept_clicked), card);
      if (spell_checked[i])
        byline_text_row_add_suffix (BYLINE_TEXT_ROW (card->entries[i]), accept);
      else
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (card->entries[i]), accept);
      card->accept[i] = accept;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (card->group), card->entries[i]);
      g_ptr_array_add (card->bindings,
                       g_object_ref (g_object_bind_property_full (image, text_fields[i],
                                                                  card->entries[i], "text",
                                                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                                                  null_to_empty, NULL, NULL, NULL)));
      /* After the binding: the first check sees the image's text */
      if (spell_checked[i] && self->spell_checker != NULL)
        byline_spell_checker_attach (self->spell_checker,
                                     byline_text_row_get_text_view (BYLINE_TEXT_ROW (card->entries[i])));
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Decorative"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Screen readers skip it; no alt text needed"));
  card->decorative = gtk_switch_new ();
  gtk_widget_set_valign (card->decorative, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), card->decorative);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), card->decorative);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (card->group), row);
  g_ptr_array_add (card->bindings,
                   g_object_ref (g_object_bind_property (image, "decorative", card->decorative, "active",
                                                         G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));

  for (guint i = 0; i < N_FLAGS; i++)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), byline_image_flag_describe (1u << i));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "image-flag");
      card->flag_rows[i] = row;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (card->group), row);
    }

  /* Any edit, from here, the body or the lead image row: flags and marks
   * follow at once (the flags look at one image's three short texts) */
  g_signal_connect_swapped (image, "changed", G_CALLBACK (update_card), card);

  label_card (card);
  update_card (card);
  return card;
}

static void
update_empty (BylineImagePanel *self)
{
  gtk_widget_set_visible (self->empty_label,
                          self->built && self->lead == NULL && self->cards->len == 0);
  gtk_widget_set_visible (self->lead_box, self->lead != NULL);
}

static void
show_lead (BylineImagePanel *self)
{
  BylineImage *image = self->article ? byline_article_get_lead_image (self->article) : NULL;

  if (!self->built || (self->lead != NULL && self->lead->image == image))
    return;
  g_clear_pointer (&self->lead, card_free);
  if (image != NULL)
    {
      self->lead = card_new (self, image, NULL, 0);
      gtk_box_append (GTK_BOX (self->lead_box), self->lead->group);
    }
  update_empty (self);
}

static void
on_images_changed (BylineImagePanel *self,
                   guint             position,
                   guint             removed,
                   guint             added,
                   GListModel       *model)
{
  GtkWidget *before;

  if (!self->built)
    return;

  g_ptr_array_remove_range (self->cards, position, removed);

  before = position > 0 ? ((Card *) g_ptr_array_index (self->cards, position - 1))->group : NULL;
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (model, position + i);
      Card *card = card_new (self, byline_block_get_image (block), block, position + i + 1);

      g_ptr_array_insert (self->cards, position + i, card);
      gtk_box_insert_child_after (GTK_BOX (self->body_box), card->group, before);
      before = card->group;
    }

  /* The images after the change have new numbers */
  for (guint i = position + added; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);

      if (card->number != i + 1)
        {
          card->number = i + 1;
          label_card (card);
        }
    }
  update_empty (self);
}

static gboolean
is_image_block (gpointer item,
                gpointer user_data)
{
  BylineBlock *block = item;

  return byline_block_get_kind (block) == BYLINE_BLOCK_IMAGE && byline_block_get_image (block) != NULL;
}

static void
build_cards (BylineImagePanel *self)
{
  if (self->built || self->article == NULL)
    return;
  self->built = TRUE;
  show_lead (self);
  on_images_changed (self, 0, 0, g_list_model_get_n_items (self->images), self->images);
}

void
byline_image_panel_set_article (BylineImagePanel *self,
                                BylineArticle    *article)
{
  g_return_if_fail (BYLINE_IS_IMAGE_PANEL (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_clear_object (&self->images);
  g_ptr_array_set_size (self->cards, 0);
  g_clear_pointer (&self->lead, card_free);
  self->built = FALSE;

  g_set_object (&self->article, article);

  if (article != NULL)
    {
      /* An image block's kind never changes: the filter is evaluated once
       * per block, and only a change that adds or removes an image
       * reaches the panel */
      GtkCustomFilter *filter = gtk_custom_filter_new (is_image_block, NULL, NULL);

      self->images = G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (byline_article_get_body (article)),
                                                              GTK_FILTER (filter)));
      g_signal_connect_object (self->images, "items-changed",
                               G_CALLBACK (on_images_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::lead-image",
                               G_CALLBACK (show_lead), self, G_CONNECT_SWAPPED);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        build_cards (self);
    }

  update_empty (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

BylineArticle *
byline_image_panel_get_article (BylineImagePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE_PANEL (self), NULL);

  return self->article;
}

static Card *
get_card (BylineImagePanel *self,
          guint             index)
{
  if (self->lead != NULL)
    {
      if (index == 0)
        return self->lead;
      index--;
    }
  return index < self->cards->len ? g_ptr_array_index (self->cards, index) : NULL;
}

gboolean
byline_image_panel_focus_image (BylineImagePanel *self,
                                BylineImage      *image)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE_PANEL (self), FALSE);

  build_cards (self);
  for (guint i = 0; i < byline_image_panel_get_n_cards (self); i++)
    {
      Card *card = get_card (self, i);
      graphene_rect_t bounds;

      if (card->image != image)
        continue;

      gtk_widget_grab_focus (card->entries[0]);
      if (gtk_widget_compute_bounds (card->group, gtk_scrolled_window_get_child (self->scroller), &bounds))
        gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (self->scroller),
                                   bounds.origin.y, bounds.origin.y + bounds.size.height);
      return TRUE;
    }
  return FALSE;
}

guint
byline_image_panel_get_n_cards (BylineImagePanel *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE_PANEL (self), 0);

  build_cards (self);
  return self->cards->len + (self->lead != NULL ? 1 : 0);
}

BylineImage *
byline_image_panel_get_card_image (BylineImagePanel *self,
                                   guint             index)
{
  Card *card;

  g_return_val_if_fail (BYLINE_IS_IMAGE_PANEL (self), NULL);

  card = get_card (self, index);
  return card ? card->image : NULL;
}

GtkWidget *
byline_image_panel_get_card_widget (BylineImagePanel *self,
                                    guint             index,
                                    const char       *name)
{
  Card *card;

  g_return_val_if_fail (BYLINE_IS_IMAGE_PANEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  card = get_card (self, index);
  if (card == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *accept = g_strconcat ("accept-", text_fields[i], NULL);

      if (g_str_equal (name, text_fields[i]))
        return card->entries[i];
      if (g_str_equal (name, accept))
        return card->accept[i];
    }
  if (g_str_equal (name, "decorative"))
    return card->decorative;
  if (g_str_equal (name, "show"))
    return card->show_row;
  if (g_str_equal (name, "group"))
    return card->group;
  if (g_str_has_prefix (name, "flag-"))
    {
      guint64 n = g_ascii_strtoull (name + 5, NULL, 10);

      return n < N_FLAGS ? card->flag_rows[n] : NULL;
    }
  return NULL;
}

static void
byline_image_panel_dispose (GObject *object)
{
  BylineImagePanel *self = (BylineImagePanel *)object;
  GtkWidget *child;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->lead, card_free);
  g_clear_object (&self->images);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_IMAGE_PANEL);
  /* GTK 4.8 leaves a template's top-level children to us */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->article);
  g_clear_object (&self->store);
  g_clear_object (&self->spell_checker);

  G_OBJECT_CLASS (byline_image_panel_parent_class)->dispose (object);
}

static void
byline_image_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BylineImagePanel *self = BYLINE_IMAGE_PANEL (object);

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
byline_image_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BylineImagePanel *self = BYLINE_IMAGE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      byline_image_panel_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_image_panel_class_init (BylineImagePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_image_panel_dispose;
  object_class->get_property = byline_image_panel_get_property;
  object_class->set_property = byline_image_panel_set_property;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         BYLINE_TYPE_ARTICLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOW_IMAGE] =
    g_signal_new ("show-image",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BYLINE_TYPE_IMAGE, BYLINE_TYPE_BLOCK);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-image-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, BylineImagePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, BylineImagePanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, BylineImagePanel, lead_box);
  gtk_widget_class_bind_template_child (widget_class, BylineImagePanel, body_box);
}

static void
byline_image_panel_init (BylineImagePanel *self)
{
  g_type_ensure (ADW_TYPE_PREFERENCES_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);
  g_signal_connect (self, "map", G_CALLBACK (build_cards), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  update_empty (self);
}

GtkWidget *
byline_image_panel_new (BylineStore        *store,
                        BylineSpellChecker *spell_checker)
{
  BylineImagePanel *self;

  g_return_val_if_fail (!spell_checker || BYLINE_IS_SPELL_CHECKER (spell_checker), NULL);

  self = g_object_new (BYLINE_TYPE_IMAGE_PANEL, NULL);
  self->store = store ? g_object_ref (store) : NULL;
  self->spell_checker = spell_checker ? g_object_ref (spell_checker) : NULL;
  return GTK_WIDGET (self);
}
