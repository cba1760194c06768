/* byline-body-images.c: the images of an article's body, in its text view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-body-images"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-body-images.h"
#include "byline-image-import.h"
#include "byline-image-loader.h"

/* While a story opens, the first images get their widgets at once (they
 * are what the first screen shows) and the rest when the view comes near
 * them: GTK 4.8's text view lays much of the text out again for every
 * child widget it sizes, and 200 photos made opening a story 0.2-1.2 s
 * slower (docs/benchmarks.md, "Photos"). */
#define EAGER_WIDGETS 8

/* One image of the body: its anchor, its widget once made, and its
 * thumbnail's state */
typedef struct
{
  GtkTextChildAnchor *anchor;
  BylineBlock        *block;
  GtkWidget          *picture;       /* NULL until the widget is made */
  GFile              *file;
  GCancellable       *cancellable;   /* set while loading */
  guint               attached : 1;
  guint               loaded : 1;
} Thumb;

struct _BylineBodyImages
{
  GObject           parent_instance;

  GtkTextView      *view;           /* unowned: the view owns us */
  BylineBodyBuffer *buffer;
  BylineStore      *store;
  GCancellable     *cancellable;    /* imports of the open article */
  GPtrArray        *thumbs;         /* Thumb * */
  GtkAdjustment    *vadjustment;
  guint             scan_source;
  guint             n_opening;      /* widgets made at once while opening */
  guint             opening : 1;
  guint             n_started;
  guint             n_loaded;
};

G_DEFINE_FINAL_TYPE (BylineBodyImages, byline_body_images, G_TYPE_OBJECT)

enum {
  MESSAGE,
  SHOW_IN_PANEL,
  INSERTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
thumb_free (Thumb *thumb)
{
  if (thumb->cancellable != NULL)
    g_cancellable_cancel (thumb->cancellable);
  g_clear_object (&thumb->cancellable);
  g_clear_object (&thumb->anchor);
  g_clear_object (&thumb->block);
  g_clear_object (&thumb->picture);
  g_clear_object (&thumb->file);
  g_free (thumb);
}

typedef struct
{
  BylineBodyImages *self;
  Thumb            *thumb;
} LoadCall;

static void
thumbnail_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree LoadCall *call = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = byline_thumbnail_load_finish (result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      /* A cancelled call's thumb and controller may be gone */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_clear_object (&call->thumb->cancellable);
      return;
    }

  gtk_picture_set_paintable (GTK_PICTURE (call->thumb->picture), GDK_PAINTABLE (texture));
  g_clear_object (&call->thumb->cancellable);
  call->thumb->loaded = TRUE;
  call->self->n_loaded++;
}

static void attach_widget (BylineBodyImages *self,
                           Thumb            *thumb);

/* Widgets and thumbnails for the images within a screen of the visible
 * part; thumbnails further away that are still loading are cancelled.
 * Walks the images (not the text), after a scroll or a change, at most
 * once a frame. */
static gboolean
scan_thumbnails (gpointer user_data)
{
  BylineBodyImages *self = user_data;
  GdkRectangle visible;
  GtkTextIter first, last;
  int first_line, last_line, margin;

  self->scan_source = 0;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->view)))
    return G_SOURCE_REMOVE;

  /* Near is counted in lines, not pixels: lines GTK has not laid out yet
   * have no height, so far-off images would look near. */
  gtk_text_view_get_visible_rect (self->view, &visible);
  gtk_text_view_get_line_at_y (self->view, &first, visible.y, NULL);
  gtk_text_view_get_line_at_y (self->view, &last, visible.y + visible.height, NULL);
  first_line = gtk_text_iter_get_line (&first);
  last_line = gtk_text_iter_get_line (&last);
  margin = MAX (last_line - first_line, 10);

  for (guint i = self->thumbs->len; i > 0; i--)
    {
      Thumb *thumb = g_ptr_array_index (self->thumbs, i - 1);
      GtkTextIter iter;
      int line;
      gboolean near;

      if (gtk_text_child_anchor_get_deleted (thumb->anchor))
        {
          /* Undo may bring the block back, with a new anchor and widget */
          g_ptr_array_remove_index (self->thumbs, i - 1);
          continue;
        }
      if (thumb->attached && (thumb->loaded || thumb->file == NULL))
        continue;

      gtk_text_buffer_get_iter_at_child_anchor (GTK_TEXT_BUFFER (self->buffer), &iter, thumb->anchor);
      line = gtk_text_iter_get_line (&iter);
      near = line >= first_line - margin && line <= last_line + margin;

      if (!thumb->attached)
        {
          if (!near)
            continue;
          attach_widget (self, thumb);
          if (thumb->loaded || thumb->file == NULL)
            continue;
        }

      if (near && thumb->cancellable == NULL)
        {
          LoadCall *call = g_new0 (LoadCall, 1);

          call->self = self;
          call->thumb = thumb;
          thumb->cancellable = g_cancellable_new ();
          self->n_started++;
          byline_thumbnail_load_async (thumb->file, BYLINE_THUMBNAIL_WIDTH, thumb->cancellable,
                                       thumbnail_loaded, call);
        }
      else if (!near && thumb->cancellable != NULL)
        {
          g_cancellable_cancel (thumb->cancellable);
          g_clear_object (&thumb->cancellable);
        }
    }
  return G_SOURCE_REMOVE;
}

static void
queue_scan (BylineBodyImages *self)
{
  if (self->scan_source == 0)
    self->scan_source = g_timeout_add_full (G_PRIORITY_LOW, 16, scan_thumbnails, self, NULL);
}

static void
update_caption (GtkLabel    *label,
                GParamSpec  *pspec,
                BylineImage *image)
{
  const char *caption = byline_image_get_caption (image);

  gtk_label_set_label (label, caption && *caption ? caption : _("No caption"));
}

static void
update_alt (GtkWidget   *picture,
            GParamSpec  *pspec,
            BylineImage *image)
{
  const char *alt = byline_image_get_alt (image);

  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  alt && *alt ? alt : _("Image"),
                                  -1);
}

static void
on_edit_clicked (GtkButton *button,
                 gpointer   user_data)
{
  BylineBodyImages *self = user_data;
  BylineImage *image = g_object_get_data (G_OBJECT (button), "byline-image");

  g_signal_emit (self, signals[SHOW_IN_PANEL], 0, image);
}

/* Takes the image's line out of the body: one undoable step, and undo
 * brings back the same photo with its texts */
static void
on_remove_clicked (GtkButton *button,
                   gpointer   user_data)
{
  BylineBodyImages *self = user_data;
  BylineBlock *block = g_object_get_data (G_OBJECT (button), "byline-block");
  int line = byline_body_buffer_get_block_line (self->buffer, block);

  if (line >= 0)
    byline_body_buffer_delete_block (self->buffer, (guint) line);
}

/* Makes @thumb's widget and puts it at its anchor in the view */
static void
attach_widget (BylineBodyImages *self,
               Thumb            *thumb)
{
  BylineBlock *block = thumb->block;
  BylineImage *image = byline_block_get_image (block);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *caption;
  GtkWidget *edit;
  GtkWidget *remove;
  GdkTexture *ready;

  thumb->attached = TRUE;
  gtk_widget_add_css_class (box, "body-image");
  /* A text view gives its children their minimum size: make that the
   * thumbnail's (300 px wide once decoded, to fit a 360 px window) */
  gtk_widget_set_size_request (box, BYLINE_THUMBNAIL_WIDTH, -1);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_set_halign (picture, GTK_ALIGN_START);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_box_append (GTK_BOX (box), picture);

  caption = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 48);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (line), caption);

  edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_valign (edit, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (edit, _("Edit caption, credit and alt text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edit caption, credit and alt text"), -1);
  gtk_box_append (GTK_BOX (line), edit);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (remove, _("Remove image from the story"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove image from the story"), -1);
  g_object_set_data_full (G_OBJECT (remove), "byline-block", g_object_ref (block), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);

  gtk_text_view_add_child_at_anchor (self->view, box, thumb->anchor);

  if (image == NULL)
    {
      gtk_label_set_label (GTK_LABEL (caption), _("No caption"));
      gtk_widget_set_visible (edit, FALSE);
      return;
    }

  g_object_set_data_full (G_OBJECT (edit), "byline-image", g_object_ref (image), g_object_unref);
  g_signal_connect (edit, "clicked", G_CALLBACK (on_edit_clicked), self);
  update_caption (GTK_LABEL (caption), NULL, image);
  update_alt (picture, NULL, image);
  g_signal_connect_object (image, "notify::caption", G_CALLBACK (update_caption), caption, G_CONNECT_SWAPPED);
  g_signal_connect_object (image, "notify::alt", G_CALLBACK (update_alt), picture, G_CONNECT_SWAPPED);

  thumb->picture = g_object_ref (picture);
  thumb->file = byline_image_resolve_src (byline_image_get_src (image),
                                          self->store ? byline_store_get_directory (self->store) : NULL);

  /* Just inserted: the import decoded it already */
  ready = g_object_get_data (G_OBJECT (block), "byline-thumbnail");
  if (ready != NULL)
    {
      gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (ready));
      thumb->loaded = TRUE;
      g_object_set_data (G_OBJECT (block), "byline-thumbnail", NULL);
    }
  queue_scan (self);
}

void
byline_body_images_attach (BylineBodyImages   *self,
                           GtkTextChildAnchor *anchor,
                           BylineBlock        *block)
{
  Thumb *thumb;

  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));
  g_return_if_fail (GTK_IS_TEXT_CHILD_ANCHOR (anchor));
  g_return_if_fail (BYLINE_IS_BLOCK (block));

  thumb = g_new0 (Thumb, 1);
  thumb->anchor = g_object_ref (anchor);
  thumb->block = g_object_ref (block);
  g_ptr_array_add (self->thumbs, thumb);

  if (self->opening && self->n_opening >= EAGER_WIDGETS)
    {
      queue_scan (self);
      return;
    }
  if (self->opening)
    self->n_opening++;
  attach_widget (self, thumb);
}

void
byline_body_images_set_opening (BylineBodyImages *self,
                                gboolean          opening)
{
  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));

  self->opening = !!opening;
  self->n_opening = 0;
  queue_scan (self);
}

guint
byline_body_images_get_n_widgets (BylineBodyImages *self)
{
  guint n = 0;

  g_return_val_if_fail (BYLINE_IS_BODY_IMAGES (self), 0);

  for (guint i = 0; i < self->thumbs->len; i++)
    if (((Thumb *) g_ptr_array_index (self->thumbs, i))->attached)
      n++;
  return n;
}

typedef struct
{
  BylineBodyImages *self;
  gboolean          lead;
  GtkTextMark      *at;      /* where a dropped photo goes */
} InsertCall;

static void
insert_call_free (InsertCall *call)
{
  if (call->at != NULL && !gtk_text_mark_get_deleted (call->at))
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (call->at), call->at);
  g_clear_object (&call->at);
  g_clear_object (&call->self);
  g_free (call);
}

static void
image_imported (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  InsertCall *call = user_data;
  BylineBodyImages *self = call->self;
  g_autoptr(BylineImage) image = NULL;
  g_autoptr(GdkTexture) thumbnail = NULL;
  g_autoptr(GError) error = NULL;
  BylineArticle *article;

  image = byline_image_import_finish (BYLINE_STORE (object), result, NULL, &thumbnail, &error);
  article = self->buffer ? byline_body_buffer_get_article (self->buffer) : NULL;

  if (image == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[MESSAGE], 0, error->message);
      insert_call_free (call);
      return;
    }
  if (article == NULL)
    {
      insert_call_free (call);
      return;
    }

  if (call->lead)
    {
      BylineImage *old = byline_article_get_lead_image (article);

      /* What the journalist wrote for the lead image stays; only what is
       * still empty takes the new photo's metadata */
      if (old != NULL)
        {
          g_autoptr(BylineImage) kept = byline_image_copy (old);
          const char *fields[] = { "caption", "credit", "alt" };

          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              g_autofree char *typed = NULL;

              g_object_get (old, fields[i], &typed, NULL);
              if (typed != NULL && typed[0] != '\0')
                g_object_set (image, fields[i], typed, NULL);
            }
          byline_image_set_decorative (image, byline_image_get_decorative (kept));
        }
      byline_article_set_lead_image (article, image);
    }
  else
    {
      g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
      guint line;

      byline_block_set_image (block, image);
      if (thumbnail != NULL)
        g_object_set_data_full (G_OBJECT (block), "byline-thumbnail",
                                g_object_ref (thumbnail), g_object_unref);
      if (call->at != NULL && !gtk_text_mark_get_deleted (call->at))
        {
          GtkTextIter at;

          gtk_text_buffer_get_iter_at_mark (buffer, &at, call->at);
          gtk_text_buffer_place_cursor (buffer, &at);
        }
      line = byline_body_buffer_insert_object_block (self->buffer, block);
      {
        GtkTextIter iter;

        gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
        gtk_text_view_scroll_to_iter (self->view, &iter, 0.1, FALSE, 0, 0);
      }
    }

  g_signal_emit (self, signals[INSERTED], 0, image, call->lead);
  insert_call_free (call);
}

static void
start_import (BylineBodyImages *self,
              GFile            *file,
              GBytes           *bytes,
              gboolean          lead,
              GtkTextIter      *at)
{
  InsertCall *call;

  if (self->store == NULL || byline_body_buffer_get_article (self->buffer) == NULL)
    return;

  call = g_new0 (InsertCall, 1);
  call->self = g_object_ref (self);
  call->lead = lead;
  if (at != NULL)
    call->at = g_object_ref (gtk_text_buffer_create_mark (GTK_TEXT_BUFFER (self->buffer), NULL, at, TRUE));
  byline_image_import_async (self->store, file, bytes, self->cancellable, image_imported, call);
}

void
byline_body_images_insert_file (BylineBodyImages *self,
                                GFile            *file)
{
  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));
  g_return_if_fail (G_IS_FILE (file));

  start_import (self, file, NULL, FALSE, NULL);
}

void
byline_body_images_insert_bytes (BylineBodyImages *self,
                                 GBytes           *bytes)
{
  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));
  g_return_if_fail (bytes != NULL);

  start_import (self, NULL, bytes, FALSE, NULL);
}

void
byline_body_images_set_lead_file (BylineBodyImages *self,
                                  GFile            *file)
{
  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));
  g_return_if_fail (G_IS_FILE (file));

  start_import (self, file, NULL, TRUE, NULL);
}

void
byline_body_images_scroll_to (BylineBodyImages *self,
                              BylineBlock      *block)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  int line;

  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));

  line = byline_body_buffer_get_block_line (self->buffer, block);
  if (line < 0)
    return;
  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  gtk_text_view_scroll_to_iter (self->view, &iter, 0.05, TRUE, 0.0, 0.1);
  /* The cursor after the image, so typing goes on below it */
  if (!gtk_text_iter_forward_line (&iter))
    gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  queue_scan (self);
}

void
byline_body_images_reset (BylineBodyImages *self)
{
  g_return_if_fail (BYLINE_IS_BODY_IMAGES (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->thumbs, 0);
}

guint
byline_body_images_get_n_started (BylineBodyImages *self)
{
  g_return_val_if_fail (BYLINE_IS_BODY_IMAGES (self), 0);
  return self->n_started;
}

guint
byline_body_images_get_n_loaded (BylineBodyImages *self)
{
  g_return_val_if_fail (BYLINE_IS_BODY_IMAGES (self), 0);
  return self->n_loaded;
}

/* Drag and drop: photos dropped on the body go in where they fall */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  BylineBodyImages *self = user_data;
  GSList *files = NULL;
  GtkTextIter at;
  int bx, by;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->view, &at, bx, by);
  for (GSList *l = files; l != NULL; l = l->next)
    start_import (self, l->data, NULL, FALSE, &at);
  return TRUE;
}

/* A picture on the clipboard (and no text: text and HTML are the body's
 * own paste) becomes an image block */
static void
texture_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineBodyImages) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (texture == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, _("The picture on the clipboard could not be read"));
      return;
    }
  png = byline_texture_to_png (texture);
  byline_body_images_insert_bytes (self, png);
}

gboolean
byline_body_images_paste_clipboard (BylineBodyImages *self,
                                    GdkClipboard     *clipboard)
{
  GdkContentFormats *formats;

  g_return_val_if_fail (BYLINE_IS_BODY_IMAGES (self), FALSE);

  formats = gdk_clipboard_get_formats (clipboard);
  if (!gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    return FALSE;

  gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_read, g_object_ref (self));
  return TRUE;
}

static void
byline_body_images_dispose (GObject *object)
{
  BylineBodyImages *self = (BylineBodyImages *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scan_source, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->thumbs, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->buffer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_body_images_parent_class)->dispose (object);
}

static void
byline_body_images_class_init (BylineBodyImagesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_body_images_dispose;

  signals[MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SHOW_IN_PANEL] =
    g_signal_new ("show-in-panel",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BYLINE_TYPE_IMAGE);
  signals[INSERTED] =
    g_signal_new ("inserted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BYLINE_TYPE_IMAGE, G_TYPE_BOOLEAN);
}

static void
byline_body_images_init (BylineBodyImages *self)
{
  self->thumbs = g_ptr_array_new_with_free_func ((GDestroyNotify) thumb_free);
  self->cancellable = g_cancellable_new ();
}

static void
on_scrollable_ready (BylineBodyImages *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (queue_scan), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (queue_scan), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (queue_scan), self, G_CONNECT_SWAPPED);
    }
  queue_scan (self);
}

BylineBodyImages *
byline_body_images_new (GtkTextView *view,
                        BylineStore *store)
{
  BylineBodyImages *self;
  GtkDropTarget *target;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);
  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (gtk_text_view_get_buffer (view)), NULL);

  self = g_object_new (BYLINE_TYPE_BODY_IMAGES, NULL);
  self->view = view;
  self->buffer = g_object_ref (BYLINE_BODY_BUFFER (gtk_text_view_get_buffer (view)));
  self->store = store ? g_object_ref (store) : NULL;

  g_signal_connect_object (view, "map", G_CALLBACK (queue_scan), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::vadjustment", G_CALLBACK (on_scrollable_ready), self, G_CONNECT_SWAPPED);
  on_scrollable_ready (self);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (target));

  return self;
}

guint
byline_body_images_get_n_pending (BylineBodyImages *self)
{
  guint n = 0;

  g_return_val_if_fail (BYLINE_IS_BODY_IMAGES (self), 0);

  for (guint i = 0; i < self->thumbs->len; i++)
    if (((Thumb *) g_ptr_array_index (self->thumbs, i))->cancellable != NULL)
      n++;
  return n;
}
