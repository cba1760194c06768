/* byline-related-panel.c: the sidebar's related-stories panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-related-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "byline-a11y.h"
#include "byline-related-panel.h"
#include "byline-image-loader.h"
#include "byline-ref-check.h"
#include "byline-thumbnail.h"

struct _BylineRelatedPanel
{
  GtkWidget parent_instance;

  BylineStore *store;
  BylineArticle *article;
  BylineCms *cms;
  BylineRelatedSearch *search;
  GListStore *suggestions;
  GCancellable *cancellable;          /* the panel's lifetime */
  GCancellable *suggest_cancellable;  /* the suggestion in flight */
  guint suggest_source;
  /* The article changed while the panel was hidden: suggest when shown */
  gboolean suggestions_stale;

  /* Site images of results and suggestions: URL → the GFile kept in the
   * media store, or NULL when it could not be had (not asked again while
   * the panel lives); a keystroke brings new rows, an image is fetched
   * once.  And URL → the GtkImages waiting for it. */
  GHashTable *thumbnails;
  GHashTable *thumbnail_waiters;
  /* Decoded thumbnails: file URI → GdkTexture, and URI → the GtkImages
   * waiting for a decode in flight.  A keystroke brings new rows (the
   * stories new to the results); decoding each row's picture again kept
   * both cores busy. */
  GHashTable *textures;
  GHashTable *texture_waiters;
  /* Rows of results gone, to show the next new ones (create_result_row) */
  GPtrArray *spare_rows;

  /* The last removed related story, for the toast's Undo */
  BylineStoryRef *removed;
  guint removed_position;

  AdwToastOverlay *toast_overlay;
  GtkSearchEntry *search_entry;
  GtkLabel *status_label;
  GtkListBox *results_list;
  GtkListBox *attached_list;
  GtkListBox *suggestions_list;
  GtkWidget *check_button;
};

G_DEFINE_FINAL_TYPE (BylineRelatedPanel, byline_related_panel, GTK_TYPE_WIDGET)

enum {
  INSERT_CARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
source_name (BylineStorySource source)
{
  switch (source)
    {
    case BYLINE_STORY_SOURCE_LOCAL:
      return _("Local");
    case BYLINE_STORY_SOURCE_SITE:
      return _("Site");
    case BYLINE_STORY_SOURCE_CACHED:
    default:
      return _("Cached");
    }
}

static char *
format_date (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (usec == 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: a story's date in the related-stories panel */
  return g_date_time_format (local, _("%e %b %Y"));
}

typedef struct
{
  BylineRelatedPanel *self;
  char *url;
} ThumbnailFetch;

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* At most this many decoded thumbnails are kept (about 25 KB each). */
#define MAX_TEXTURES 200

static void
texture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  ThumbnailFetch *fetch = data;
  g_autoptr(BylineRelatedPanel) self = fetch->self;
  g_autofree char *uri = fetch->url;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  gpointer key = NULL;

  g_free (fetch);
  texture = byline_texture_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No thumbnail: %s", error->message);
  if (!g_hash_table_steal_extended (self->texture_waiters, uri, &key, (gpointer *) &waiters))
    return;
  for (guint i = 0; texture != NULL && i < waiters->len; i++)
    gtk_image_set_from_paintable (g_ptr_array_index (waiters, i), GDK_PAINTABLE (texture));
  if (g_hash_table_size (self->textures) >= MAX_TEXTURES)
    g_hash_table_remove_all (self->textures);
  g_hash_table_replace (self->textures, key, texture != NULL ? g_object_ref (texture) : NULL);
}

static void
show_thumbnail (BylineRelatedPanel *self,
                GtkWidget          *image,
                GFile              *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  gpointer texture = NULL;
  GPtrArray *waiters;
  ThumbnailFetch *fetch;

  gtk_widget_remove_css_class (image, "dim-label");
  if (g_hash_table_lookup_extended (self->textures, uri, NULL, &texture))
    {
      if (texture != NULL)
        gtk_image_set_from_paintable (GTK_IMAGE (image), texture);
      return;
    }
  if ((waiters = g_hash_table_lookup (self->texture_waiters, uri)) != NULL)
    {
      g_ptr_array_add (waiters, g_object_ref (image));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_object_ref (image));
  g_hash_table_insert (self->texture_waiters, g_strdup (uri), waiters);
  fetch = g_new0 (ThumbnailFetch, 1);
  fetch->self = g_object_ref (self);
  fetch->url = g_strdup (uri);
  byline_texture_load_async (file, 96, self->cancellable, texture_loaded_cb, fetch);
}

static void
thumbnail_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  ThumbnailFetch *fetch = data;
  g_autoptr(BylineRelatedPanel) self = fetch->self;
  g_autofree char *url = fetch->url;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  gpointer key = NULL;

  g_free (fetch);
  file = byline_thumbnail_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No thumbnail for %s: %s", url, error->message);

  if (!g_hash_table_steal_extended (self->thumbnail_waiters, url, &key, (gpointer *) &waiters))
    return;
  for (guint i = 0; i < waiters->len && file != NULL; i++)
    show_thumbnail (self, g_ptr_array_index (waiters, i), file);
  g_hash_table_replace (self->thumbnails, key, file != NULL ? g_object_ref (file) : NULL);
}

/* A site image: from the store, or fetched once through the site. */
static void
load_remote_thumbnail (BylineRelatedPanel *self,
                       GtkWidget          *image,
                       const char         *url)
{
  gpointer file = NULL;
  GPtrArray *waiters;

  if (g_hash_table_lookup_extended (self->thumbnails, url, NULL, &file))
    {
      if (file != NULL)
        show_thumbnail (self, image, file);
      return;
    }
  if ((waiters = g_hash_table_lookup (self->thumbnail_waiters, url)) != NULL)
    {
      g_ptr_array_add (waiters, g_object_ref (image));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_object_ref (image));
  g_hash_table_insert (self->thumbnail_waiters, g_strdup (url), waiters);
  {
    ThumbnailFetch *fetch = g_new0 (ThumbnailFetch, 1);

    fetch->self = g_object_ref (self);
    fetch->url = g_strdup (url);
    byline_thumbnail_fetch_async (self->store, self->cms, url, self->cancellable,
                                  thumbnail_fetched_cb, fetch);
  }
}

static GtkWidget *
thumbnail_for (BylineRelatedPanel *self,
               const char         *src)
{
  GtkWidget *image = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  g_autoptr(GFile) file = NULL;

  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_widget_set_size_request (image, 48, 48);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_widget_add_css_class (image, "thumbnail");
  gtk_widget_add_css_class (image, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Story image"), -1);
  if (src != NULL && *src != '\0')
    file = byline_image_resolve_src (src, byline_store_get_directory (self->store));
  if (file != NULL)
    show_thumbnail (self, image, file);
  else if (src != NULL && (g_str_has_prefix (src, "https://") || g_str_has_prefix (src, "http://")))
    load_remote_thumbnail (self, image, src);
  return image;
}

/* A result or a suggestion: thumbnail, section, headline, date and
 * source, and its buttons.  A result's row stays while its story is found
 * again and follows the story's "changed" (story_row_update). */
static void button_clicked_cb (GtkButton          *button,
                               BylineRelatedPanel *self);

typedef struct
{
  BylineCachedStory *story;
  gulong changed_id;
  GtkWidget *box;
  GtkWidget *buttons;
  GtkWidget *thumbnail;
  GtkWidget *section;
  GtkWidget *headline;
  GtkWidget *badge;
  GtkWidget *date;
  char *image_src;
} StoryRow;

static void
story_row_free (StoryRow *parts)
{
  if (parts->story != NULL)
    g_signal_handler_disconnect (parts->story, parts->changed_id);
  g_clear_object (&parts->story);
  g_free (parts->image_src);
  g_free (parts);
}

static void
story_row_update (BylineRelatedPanel *self,
                  GtkWidget          *row,
                  BylineCachedStory  *story)
{
  StoryRow *parts = g_object_get_data (G_OBJECT (row), "story-row");
  const char *section_text = byline_cached_story_get_section (story);
  const char *image_src = byline_cached_story_get_image_src (story);
  BylineStorySource source = byline_cached_story_get_source (story);
  g_autofree char *date_text = format_date (byline_cached_story_get_date (story));
  g_autofree char *a11y = NULL;

  /* A new picture gets a new image: a load still running for the old one
   * then lands on the image that left the row */
  if (parts->thumbnail == NULL || g_strcmp0 (parts->image_src, image_src) != 0)
    {
      GtkWidget *thumbnail = thumbnail_for (self, image_src);

      gtk_box_insert_child_after (GTK_BOX (parts->box), thumbnail, parts->thumbnail);
      if (parts->thumbnail != NULL)
        gtk_box_remove (GTK_BOX (parts->box), parts->thumbnail);
      parts->thumbnail = thumbnail;
      g_free (parts->image_src);
      parts->image_src = g_strdup (image_src);
    }

  gtk_label_set_text (GTK_LABEL (parts->section), *section_text ? section_text : _("No section"));
  gtk_label_set_text (GTK_LABEL (parts->headline), byline_cached_story_get_headline (story));
  gtk_label_set_text (GTK_LABEL (parts->badge), source_name (source));
  gtk_widget_remove_css_class (parts->badge, source == BYLINE_STORY_SOURCE_SITE ? "dim-label" : "accent");
  gtk_widget_add_css_class (parts->badge, source == BYLINE_STORY_SOURCE_SITE ? "accent" : "dim-label");
  gtk_label_set_text (GTK_LABEL (parts->date), date_text);

  a11y = g_strdup_printf (_("%s, %s, %s"), byline_cached_story_get_headline (story),
                          *section_text ? section_text : _("No section"),
                          source_name (source));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
story_changed_cb (BylineCachedStory *story,
                  GtkWidget         *row)
{
  GtkWidget *panel = gtk_widget_get_ancestor (row, BYLINE_TYPE_RELATED_PANEL);

  /* A row that left the panel has nothing to show */
  if (panel != NULL)
    story_row_update (BYLINE_RELATED_PANEL (panel), row, story);
}

/* Makes @row show @story (a new row, or a spare one taken again) */
static void
story_row_bind (BylineRelatedPanel *self,
                GtkWidget          *row,
                BylineCachedStory  *story)
{
  StoryRow *parts = g_object_get_data (G_OBJECT (row), "story-row");

  if (parts->story != NULL)
    g_signal_handler_disconnect (parts->story, parts->changed_id);
  g_set_object (&parts->story, story);
  parts->changed_id = g_signal_connect (story, "changed", G_CALLBACK (story_changed_cb), row);
  /* Each button carries its story */
  for (GtkWidget *button = gtk_widget_get_first_child (parts->buttons); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    g_object_set_data_full (G_OBJECT (button), "story", g_object_ref (story), g_object_unref);
  story_row_update (self, row, story);
}

static GtkWidget *
story_row (BylineRelatedPanel *self,
           BylineCachedStory  *story,
           gboolean            with_card)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *meta, *buttons, *attach, *card;
  StoryRow *parts = g_new0 (StoryRow, 1);

  g_object_set_data_full (G_OBJECT (row), "story-row", parts, (GDestroyNotify) story_row_free);
  parts->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_start (parts->box, 8);
  gtk_widget_set_margin_end (parts->box, 8);
  gtk_widget_set_margin_top (parts->box, 8);
  gtk_widget_set_margin_bottom (parts->box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), parts->box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  /* The thumbnail goes first (story_row_update) */
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (parts->box), text);

  parts->section = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (parts->section), 0);
  gtk_widget_add_css_class (parts->section, "caption-heading");
  gtk_widget_add_css_class (parts->section, "dim-label");
  gtk_box_append (GTK_BOX (text), parts->section);

  parts->headline = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (parts->headline), 0);
  gtk_label_set_wrap (GTK_LABEL (parts->headline), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (parts->headline), 28);
  gtk_widget_add_css_class (parts->headline, "heading");
  gtk_box_append (GTK_BOX (text), parts->headline);

  meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (text), meta);
  parts->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (parts->badge, "caption");
  gtk_widget_add_css_class (parts->badge, "source-badge");
  gtk_box_append (GTK_BOX (meta), parts->badge);
  parts->date = gtk_label_new (NULL);
  gtk_widget_add_css_class (parts->date, "caption");
  gtk_widget_add_css_class (parts->date, "dim-label");
  gtk_box_append (GTK_BOX (meta), parts->date);

  buttons = parts->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (text), buttons);
  attach = gtk_button_new_with_mnemonic (_("_Attach"));
  byline_a11y_fix_mnemonic_button (attach);
  gtk_widget_add_css_class (attach, "small");
  gtk_widget_set_tooltip_text (attach, _("Add to the related stories"));
  gtk_box_append (GTK_BOX (buttons), attach);
  if (with_card)
    {
      card = gtk_button_new_with_mnemonic (_("Insert _Card"));
      byline_a11y_fix_mnemonic_button (card);
      gtk_widget_add_css_class (card, "small");
      gtk_widget_set_tooltip_text (card, _("Put a card for this story in the body, at the cursor"));
      gtk_box_append (GTK_BOX (buttons), card);
      g_object_set_data (G_OBJECT (card), "action", (gpointer) "insert-card");
    }
  g_object_set_data (G_OBJECT (attach), "action", (gpointer) "attach");

  story_row_bind (self, row, story);
  return row;
}

/* Attaching */

static gboolean
already_attached (BylineRelatedPanel *self,
                  BylineStoryRef     *ref)
{
  GListModel *related = byline_article_get_related (self->article);
  const char *id = byline_story_ref_get_cms_id (ref);

  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(BylineStoryRef) other = g_list_model_get_item (related, i);

      if (*id != '\0' ? g_str_equal (id, byline_story_ref_get_cms_id (other))
                      : g_str_equal (byline_story_ref_get_headline (ref), byline_story_ref_get_headline (other)))
        return TRUE;
    }
  return FALSE;
}

static void
toast (BylineRelatedPanel *self,
       const char         *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
attach_story (BylineRelatedPanel *self,
              BylineCachedStory  *story)
{
  g_autoptr(BylineStoryRef) ref = NULL;

  if (self->article == NULL)
    return;

  ref = byline_cached_story_to_ref (story);
  if (already_attached (self, ref))
    {
      toast (self, _("Already a related story"));
      return;
    }
  byline_article_insert_related (self->article,
                                 g_list_model_get_n_items (byline_article_get_related (self->article)),
                                 ref);
}

static void
button_clicked_cb (GtkButton          *button,
                   BylineRelatedPanel *self)
{
  BylineCachedStory *story = g_object_get_data (G_OBJECT (button), "story");
  const char *action = g_object_get_data (G_OBJECT (button), "action");

  if (story == NULL || action == NULL)
    return;

  if (g_str_equal (action, "attach"))
    attach_story (self, story);
  else
    {
      g_autoptr(BylineStoryRef) ref = byline_cached_story_to_ref (story);
      g_signal_emit (self, signals[INSERT_CARD], 0, ref);
    }
}

static GtkWidget *
story_row_wired (BylineRelatedPanel *self,
                 BylineCachedStory  *story)
{
  GtkWidget *row = story_row (self, story, TRUE);
  StoryRow *parts = g_object_get_data (G_OBJECT (row), "story-row");

  for (GtkWidget *button = gtk_widget_get_first_child (parts->buttons); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      /* Each button carries its story and what it does */
      g_signal_connect_object (button, "clicked", G_CALLBACK (button_clicked_cb), self, 0);
    }
  return row;
}

static GtkWidget *
create_row_wired (gpointer item,
                  gpointer data)
{
  return story_row_wired (data, item);
}

/* The results' rows: a row the list lets go of (its story gone) is kept
 * spare and shows the next new story, so a new query's first letter does
 * not build every row again (a row is some fifteen widgets, each with
 * its style and accessible). */
#define MAX_SPARE_ROWS (2 * BYLINE_RELATED_SEARCH_LIMIT)

static void
results_changing_cb (GListModel         *results,
                     guint               position,
                     guint               removed,
                     guint               added,
                     BylineRelatedPanel *self)
{
  if (self->spare_rows == NULL || self->results_list == NULL)
    return;
  /* Runs before the list box's own handler: these rows are still there */
  for (guint i = 0; i < removed && self->spare_rows->len < MAX_SPARE_ROWS; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list, position + i);

      if (row != NULL)
        g_ptr_array_add (self->spare_rows, g_object_ref (row));
    }
}

static GtkWidget *
create_result_row (gpointer item,
                   gpointer data)
{
  BylineRelatedPanel *self = data;
  GtkWidget *row;

  if (self->spare_rows == NULL || self->spare_rows->len == 0)
    return story_row_wired (self, item);
  /* The list box takes this reference */
  row = g_ptr_array_steal_index (self->spare_rows, self->spare_rows->len - 1);
  story_row_bind (self, row, item);
  return row;
}

/* The related list */

static void
move_related (BylineRelatedPanel *self,
              guint               from,
              int                 direction)
{
  guint n = g_list_model_get_n_items (byline_article_get_related (self->article));
  GtkListBoxRow *row;
  int to = (int) from + direction;

  if (to < 0 || to >= (int) n)
    return;
  byline_article_move_related (self->article, from, to);

  /* Keep the keyboard on the row that moved */
  row = gtk_list_box_get_row_at_index (self->attached_list, to);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
undo_clicked_cb (AdwToast           *toast,
                 BylineRelatedPanel *self)
{
  byline_related_panel_undo_remove (self);
}

void
byline_related_panel_remove_related (BylineRelatedPanel *self,
                                     guint               position)
{
  g_autoptr(BylineStoryRef) ref = NULL;
  g_autofree char *title = NULL;
  AdwToast *t;

  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  if (self->article == NULL ||
      position >= g_list_model_get_n_items (byline_article_get_related (self->article)))
    return;

  ref = g_list_model_get_item (byline_article_get_related (self->article), position);
  byline_article_remove_related (self->article, position);
  g_set_object (&self->removed, ref);
  self->removed_position = position;

  title = g_strdup_printf (_("“%s” removed"), byline_story_ref_get_headline (ref));
  t = adw_toast_new (title);
  adw_toast_set_button_label (t, _("_Undo"));
  g_signal_connect_object (t, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

void
byline_related_panel_undo_remove (BylineRelatedPanel *self)
{
  guint n;

  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  if (self->removed == NULL || self->article == NULL)
    return;
  n = g_list_model_get_n_items (byline_article_get_related (self->article));
  byline_article_insert_related (self->article, MIN (self->removed_position, n), self->removed);
  g_clear_object (&self->removed);
}

static void
remove_clicked_cb (GtkButton          *button,
                   BylineRelatedPanel *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    byline_related_panel_remove_related (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

/* The related story whose row has the keyboard focus, or -1 */
static int
focused_related (BylineRelatedPanel *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->attached_list)))
    return -1;
  row = GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

/* Alt+Up / Alt+Down on a related story's row */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BylineRelatedPanel *self = BYLINE_RELATED_PANEL (widget);
  int index = focused_related (self);

  if (index >= 0 && self->article != NULL)
    move_related (self, index, g_variant_get_int32 (parameter));
}

/* Delete on a related story's row */
static void
remove_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BylineRelatedPanel *self = BYLINE_RELATED_PANEL (widget);
  int index = focused_related (self);

  if (index >= 0)
    byline_related_panel_remove_related (self, index);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  return gdk_content_provider_new_typed (G_TYPE_INT, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         BylineRelatedPanel *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  int from = g_value_get_int (value);
  int to = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  guint n;

  if (self->article == NULL)
    return FALSE;
  n = g_list_model_get_n_items (byline_article_get_related (self->article));
  if (from < 0 || to < 0 || (guint) from >= n || (guint) to >= n || from == to)
    return FALSE;
  byline_article_move_related (self->article, from, to);
  return TRUE;
}

static GtkWidget *
create_related_row (gpointer item,
                    gpointer data)
{
  BylineRelatedPanel *self = data;
  BylineStoryRef *ref = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *handle, *text, *section, *headline, *remove;
  const char *notice = byline_story_ref_describe_target (ref);
  const char *section_text = byline_story_ref_get_section (ref);
  GtkDragSource *drag;
  GtkDropTarget *drop;
  g_autofree char *a11y = NULL;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_set_tooltip_text (handle, _("Drag to reorder, or Alt+Up and Alt+Down"));
  gtk_box_append (GTK_BOX (box), handle);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  section = gtk_label_new (*section_text ? section_text : _("No section"));
  gtk_label_set_xalign (GTK_LABEL (section), 0);
  gtk_widget_add_css_class (section, "caption-heading");
  gtk_widget_add_css_class (section, "dim-label");
  gtk_box_append (GTK_BOX (text), section);
  headline = gtk_label_new (byline_story_ref_get_headline (ref));
  gtk_label_set_xalign (GTK_LABEL (headline), 0);
  gtk_label_set_wrap (GTK_LABEL (headline), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (headline), 28);
  gtk_box_append (GTK_BOX (text), headline);
  if (notice != NULL)
    {
      GtkWidget *label = gtk_label_new (notice);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, byline_story_ref_get_target_state (ref) == BYLINE_TARGET_STATE_UPDATED
                                       ? "warning" : "error");
      gtk_box_append (GTK_BOX (text), label);
    }

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove From Related Stories"));
  {
    /* TRANSLATORS: accessible name of the button that removes one related
     * story; %s is its headline */
    g_autofree char *remove_a11y = g_strdup_printf (_("Remove “%s” from related stories"),
                                                    byline_story_ref_get_headline (ref));

    gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    remove_a11y, -1);
  }
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), remove);

  /* Keyboard: the row itself takes focus (the panel's bindings move it) */
  gtk_widget_set_focusable (row, TRUE);

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  drop = gtk_drop_target_new (G_TYPE_INT, GDK_ACTION_MOVE);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));

  a11y = notice != NULL
         ? g_strdup_printf (_("Related story: %s. %s"), byline_story_ref_get_headline (ref), notice)
         : g_strdup_printf (_("Related story: %s"), byline_story_ref_get_headline (ref));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  return row;
}

/* Search */

static void
on_search_changed (GtkSearchEntry     *entry,
                   BylineRelatedPanel *self)
{
  byline_related_search_run (self->search, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
update_status (BylineRelatedPanel *self)
{
  const char *status = byline_related_search_get_status (self->search);

  gtk_label_set_text (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
}

static void
update_results_visible (BylineRelatedPanel *self)
{
  GListModel *results = byline_related_search_get_results (self->search);

  gtk_widget_set_visible (GTK_WIDGET (self->results_list), g_list_model_get_n_items (results) > 0);
}

/* Suggestions: a second after the last change, on a snapshot, in the
 * store's worker; a keystroke only re-arms a timer. */

static void
suggest_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(BylineRelatedPanel) self = data;
  g_autoptr(GPtrArray) stories = NULL;
  g_autoptr(GError) error = NULL;

  stories = byline_store_suggest_finish (BYLINE_STORE (object), result, &error);
  if (stories == NULL)
    {
      /* Suggestions are a help, never in the way: a closed store (the
       * window going away) or a busy one just means none this time */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Suggesting related stories failed: %s", error->message);
      return;
    }
  g_list_store_splice (self->suggestions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->suggestions)),
                       stories->pdata, stories->len);
}

static gboolean
suggest_cb (gpointer data)
{
  BylineRelatedPanel *self = data;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;

  self->suggest_source = 0;
  if (self->article == NULL)
    return G_SOURCE_REMOVE;
  /* Nobody sees them: for a long story they cost a worker's second and
   * tens of megabytes, on every pause in typing.  Made when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->suggestions_stale = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->suggestions_stale = FALSE;

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  self->suggest_cancellable = g_cancellable_new ();

  snapshot = byline_article_snapshot (self->article);
  byline_store_suggest_async (self->store, snapshot, 6, self->suggest_cancellable,
                              suggest_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_suggestions (BylineRelatedPanel *self)
{
  g_clear_handle_id (&self->suggest_source, g_source_remove);
  self->suggest_source = g_timeout_add (BYLINE_RELATED_PANEL_SUGGEST_DELAY_MS, suggest_cb, self);
}

/* Live references */

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(BylineRelatedPanel) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_flagged = 0;

  if (!byline_check_references_finish (result, &n_flagged, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Could not check the links: the site is unreachable"));
      return;
    }
  if (n_flagged == 0)
    toast (self, _("All linked stories are as shown"));
  else
    {
      message = g_strdup_printf (g_dngettext (NULL, "%u linked story changed on the site",
                                              "%u linked stories changed on the site", n_flagged),
                                 n_flagged);
      toast (self, message);
    }
}

void
byline_related_panel_check_links (BylineRelatedPanel *self)
{
  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  if (self->cms == NULL || self->article == NULL)
    return;
  byline_check_references_async (self->cms, self->article, self->cancellable,
                                 check_done_cb, g_object_ref (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  byline_related_panel_check_links (BYLINE_RELATED_PANEL (widget));
}

/* Object */

static void
byline_related_panel_dispose (GObject *object)
{
  BylineRelatedPanel *self = (BylineRelatedPanel *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->suggest_cancellable != NULL)
    g_cancellable_cancel (self->suggest_cancellable);
  g_clear_handle_id (&self->suggest_source, g_source_remove);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->search != NULL)
    byline_related_search_cancel (self->search);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_RELATED_PANEL);
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_object (&self->article);
  g_clear_object (&self->cms);
  g_clear_object (&self->search);
  g_clear_object (&self->suggestions);
  g_clear_object (&self->removed);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_related_panel_parent_class)->dispose (object);
}

static void
byline_related_panel_finalize (GObject *object)
{
  BylineRelatedPanel *self = (BylineRelatedPanel *) object;

  /* Not in dispose: a fetch's callback holds the panel until it ran. */
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_pointer (&self->thumbnail_waiters, g_hash_table_unref);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  g_clear_pointer (&self->texture_waiters, g_hash_table_unref);

  G_OBJECT_CLASS (byline_related_panel_parent_class)->finalize (object);
}

static void
byline_related_panel_map (GtkWidget *widget)
{
  BylineRelatedPanel *self = BYLINE_RELATED_PANEL (widget);

  GTK_WIDGET_CLASS (byline_related_panel_parent_class)->map (widget);

  if (self->suggestions_stale && self->suggest_source == 0)
    suggest_cb (self);
}

static void
byline_related_panel_class_init (BylineRelatedPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_related_panel_dispose;
  object_class->finalize = byline_related_panel_finalize;
  widget_class->map = byline_related_panel_map;

  signals[INSERT_CARD] = g_signal_new ("insert-card", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, BYLINE_TYPE_STORY_REF);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-related-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, results_list);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, attached_list);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, BylineRelatedPanel, check_button);
  gtk_widget_class_install_action (widget_class, "related.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "related.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "related.remove-focused", NULL, remove_focused_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "related.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "related.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "related.remove-focused", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
byline_related_panel_init (BylineRelatedPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_a11y_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_if_set);
  self->thumbnail_waiters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_if_set);
  self->texture_waiters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_ptr_array_unref);
  self->suggestions = g_list_store_new (BYLINE_TYPE_CACHED_STORY);
  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_search_entry_set_search_delay (self->search_entry, BYLINE_RELATED_PANEL_SEARCH_DELAY_MS);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
  gtk_list_box_set_placeholder (self->attached_list,
                                placeholder (_("No related stories yet: search, then Attach")));
  gtk_list_box_set_placeholder (self->suggestions_list,
                                placeholder (_("Suggestions appear as the story takes shape")));
  gtk_list_box_bind_model (self->suggestions_list, G_LIST_MODEL (self->suggestions),
                           create_row_wired, self, NULL);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed), self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "related.check", FALSE);
}

GtkWidget *
byline_related_panel_new (BylineStore *store)
{
  BylineRelatedPanel *self;
  GListModel *results;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  self = g_object_new (BYLINE_TYPE_RELATED_PANEL, NULL);
  self->store = g_object_ref (store);
  self->search = byline_related_search_new (store, NULL, NULL);
  byline_related_search_set_site_delay (self->search, BYLINE_RELATED_PANEL_SITE_DELAY_MS);
  results = byline_related_search_get_results (self->search);
  /* Before the list box's handler (results_changing_cb) */
  g_signal_connect_object (results, "items-changed", G_CALLBACK (results_changing_cb), self, 0);
  gtk_list_box_bind_model (self->results_list, results, create_result_row, self, NULL);
  g_signal_connect_object (results, "items-changed", G_CALLBACK (update_results_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "notify::status", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
byline_related_panel_set_article (BylineRelatedPanel *self,
                                  BylineArticle      *article)
{
  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));
  g_return_if_fail (article == NULL || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  g_set_object (&self->article, article);
  g_clear_object (&self->removed);
  g_list_store_remove_all (self->suggestions);

  byline_related_search_set_exclude_article_id (self->search, article ? byline_article_get_id (article) : NULL);
  gtk_list_box_bind_model (self->attached_list, article ? byline_article_get_related (article) : NULL,
                           create_related_row, self, NULL);

  if (article != NULL)
    {
      g_signal_connect_object (article, "changed", G_CALLBACK (schedule_suggestions), self,
                               G_CONNECT_SWAPPED);
      schedule_suggestions (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "related.check", article != NULL && self->cms != NULL);
}

void
byline_related_panel_set_cms (BylineRelatedPanel *self,
                              BylineCms          *cms,
                              const char         *account)
{
  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  /* Images that could not be had without a site may come with this one. */
  if (self->cms != cms)
    g_hash_table_remove_all (self->thumbnails);
  g_set_object (&self->cms, cms);
  byline_related_search_set_cms (self->search, cms, account);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "related.check", self->article != NULL && cms != NULL);
}

BylineRelatedSearch *
byline_related_panel_get_search (BylineRelatedPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_PANEL (self), NULL);
  return self->search;
}

GtkWidget *
byline_related_panel_get_entry (BylineRelatedPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_PANEL (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

GtkListBox *
byline_related_panel_get_results_list (BylineRelatedPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_PANEL (self), NULL);
  return self->results_list;
}

GtkListBox *
byline_related_panel_get_attached_list (BylineRelatedPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_PANEL (self), NULL);
  return self->attached_list;
}

GtkListBox *
byline_related_panel_get_suggestions_list (BylineRelatedPanel *self)
{
  g_return_val_if_fail (BYLINE_IS_RELATED_PANEL (self), NULL);
  return self->suggestions_list;
}

void
byline_related_panel_attach_result (BylineRelatedPanel *self,
                                    guint               position)
{
  g_autoptr(BylineCachedStory) story = NULL;

  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  story = g_list_model_get_item (byline_related_search_get_results (self->search), position);
  if (story != NULL)
    attach_story (self, story);
}

void
byline_related_panel_insert_card_result (BylineRelatedPanel *self,
                                         guint               position)
{
  g_autoptr(BylineCachedStory) story = NULL;

  g_return_if_fail (BYLINE_IS_RELATED_PANEL (self));

  story = g_list_model_get_item (byline_related_search_get_results (self->search), position);
  if (story != NULL)
    {
      g_autoptr(BylineStoryRef) ref = byline_cached_story_to_ref (story);
      g_signal_emit (self, signals[INSERT_CARD], 0, ref);
    }
}
