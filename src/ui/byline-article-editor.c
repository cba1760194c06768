/* byline-article-editor.c: the fields and body of one article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-editor"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "byline-article-editor.h"
#include "byline-schedule-row.h"
#include "byline-status-button.h"
#include "byline-body-buffer.h"
#include "byline-body-images.h"
#include "byline-find-bar.h"
#include "byline-image-loader.h"
#include "model/byline-html-reader.h"
#include "model/byline-limits-private.h"
#include "byline-language-button.h"
#include "byline-spell-checker.h"
#include "byline-spell-dictionary.h"
#include "byline-related-card.h"
#include "byline-text-row.h"
#include "byline-text-view-fit.h"

struct _BylineArticleEditor
{
  GtkWidget         parent_instance;

  BylineStore      *store;
  BylineCms        *cms;          /* for the body cards' site images, or NULL */
  BylineArticle    *article;
  BylineAutosave   *autosave;
  GCancellable     *cancellable;
  GPtrArray        *bindings;
  BylineImage      *lead_image;
  BylineBodyBuffer *body_buffer;
  BylineSpellChecker *spell_checker;
  GSettings        *settings;
  BylineBodyImages *body_images;
  GtkWidget        *find_bar;

  /* Template widgets */
  GtkScrolledWindow *header_scroller;
  GtkWidget         *header_separator;
  GtkWidget         *fields_box;
  GtkEntry          *section_entry;
  GtkTextView       *headline_view;
  GtkLabel          *headline_placeholder;
  GtkTextView       *standfirst_view;
  GtkLabel          *standfirst_placeholder;
  GtkEntry          *byline_entry;
  GtkWidget         *schedule_row;   /* BylineScheduleRow, after the byline */
  GtkWidget         *status_button;  /* BylineStatusButton, between the two */
  GtkWidget         *lead_image_box;
  AdwExpanderRow    *lead_image_row;
  GtkImage          *lead_picture;
  GtkWidget         *caption_entry;
  GtkWidget         *credit_entry;
  GtkWidget         *alt_entry;
  GtkScrolledWindow *body_scroller;
  GtkTextView       *body_view;
  GtkWidget         *status_line;
  GtkInscription    *count_label;
  BylineLanguageButton *language_button;

  int                last_width;
  guint              relayout_source;
  guint              relayout_tries;
  guint              compact_source;
  guint              header_check_source;
  guint              reveal_source;
  int                header_natural;
  guint              syncing : 1;
  guint              compact : 1;
  guint              color_queued : 1;
};

/* The header (section, headline, standfirst, byline, lead image) gets at
 * most this share of the height, in percent, and less on a small screen;
 * the body always keeps the rest. */
#define HEADER_SHARE         40
#define HEADER_SHARE_COMPACT 32
/* Below these sizes the header turns compact: smaller headline type, the
 * lead image folded to its one row */
#define COMPACT_WIDTH        500
#define COMPACT_HEIGHT       560

G_DEFINE_FINAL_TYPE (BylineArticleEditor, byline_article_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ARTICLE,
  PROP_AUTOSAVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Loading text is not an edit the journalist could undo */
static void
set_buffer_text (GtkTextBuffer *buffer,
                 const char    *text)
{
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

static void
update_placeholders (BylineArticleEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->headline_placeholder),
                          gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->headline_view)) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->standfirst_placeholder),
                          gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->standfirst_view)) == 0);
}

static void
on_text_buffer_changed (BylineArticleEditor *self,
                        GtkTextBuffer       *buffer)
{
  const char *property = g_object_get_data (G_OBJECT (buffer), "byline-property");
  g_autofree char *text = NULL;

  update_placeholders (self);

  if (self->syncing || self->article == NULL)
    return;

  text = buffer_text (buffer);
  /* A headline is one line, whatever was pasted into it */
  if (g_str_equal (property, "headline"))
    g_strdelimit (text, "\r\n", ' ');

  self->syncing = TRUE;
  g_object_set (self->article, property, text, NULL);
  self->syncing = FALSE;
}

static void
on_article_text_notify (BylineArticleEditor *self,
                        GParamSpec          *pspec,
                        BylineArticle       *article)
{
  GtkTextBuffer *buffer;
  g_autofree char *value = NULL;
  g_autofree char *current = NULL;

  if (self->syncing)
    return;

  if (g_str_equal (pspec->name, "headline"))
    buffer = gtk_text_view_get_buffer (self->headline_view);
  else
    buffer = gtk_text_view_get_buffer (self->standfirst_view);

  g_object_get (article, pspec->name, &value, NULL);
  current = buffer_text (buffer);
  if (g_strcmp0 (value ? value : "", current) != 0)
    {
      self->syncing = TRUE;
      set_buffer_text (buffer, value);
      self->syncing = FALSE;
    }
}

static void
update_counts (BylineArticleEditor *self)
{
  g_autofree char *words = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *text = NULL;
  guint n_words, n_minutes, target;

  if (self->article == NULL)
    {
      gtk_inscription_set_text (self->count_label, "");
      return;
    }

  n_words = byline_article_get_word_count (self->article);
  n_minutes = byline_article_get_reading_time (self->article);
  target = byline_article_get_word_target (self->article);
  if (target > 0)
    words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u word", "%'u of %'u words", target),
                             n_words, target);
  else
    words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", n_words), n_words);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute read", "%u minutes read", n_minutes),
                             n_minutes);
  /* TRANSLATORS: word count · reading time */
  text = g_strdup_printf (_("%s · %s"), words, minutes);
  gtk_inscription_set_text (self->count_label, text);
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

static void
bind_entry (BylineArticleEditor *self,
            gpointer             source,
            const char          *property,
            gpointer             entry)
{
  GBinding *binding;

  binding = g_object_bind_property_full (source, property, entry, "text",
                                         G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                         null_to_empty, NULL, NULL, NULL);
  g_ptr_array_add (self->bindings, g_object_ref (binding));
}

static void
unbind_all (BylineArticleEditor *self)
{
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
}

/* The folded lead image row shows the caption, on one line */
static void
update_lead_image_subtitle (BylineArticleEditor *self)
{
  const char *caption = self->lead_image ? byline_image_get_caption (self->lead_image) : NULL;
  g_autofree char *escaped = NULL;

  if (caption == NULL || caption[0] == '\0')
    {
      adw_expander_row_set_subtitle (self->lead_image_row, _("No caption"));
      return;
    }

  /* The row's subtitle is markup */
  escaped = g_markup_escape_text (caption, -1);
  g_strdelimit (escaped, "\r\n", ' ');
  adw_expander_row_set_subtitle (self->lead_image_row, escaped);
}

static void
show_lead_image (BylineArticleEditor *self)
{
  BylineImage *image = self->article ? byline_article_get_lead_image (self->article) : NULL;
  g_autoptr(GFile) file = NULL;

  if (image == self->lead_image)
    return;

  /* Only the lead image's own bindings: drop the three entries' ones */
  for (guint i = self->bindings->len; i > 0; i--)
    {
      GBinding *binding = g_ptr_array_index (self->bindings, i - 1);
      GObject *source = g_binding_dup_source (binding);

      if (source != NULL && (gpointer) source == (gpointer) self->lead_image)
        {
          g_binding_unbind (binding);
          g_ptr_array_remove_index (self->bindings, i - 1);
        }
      g_clear_object (&source);
    }
  if (self->lead_image != NULL)
    g_signal_handlers_disconnect_by_func (self->lead_image, update_lead_image_subtitle, self);
  g_set_object (&self->lead_image, image);

  gtk_widget_set_visible (self->lead_image_box, image != NULL);
  gtk_image_set_from_icon_name (self->lead_picture, "image-x-generic-symbolic");
  update_lead_image_subtitle (self);
  if (image == NULL)
    return;

  g_signal_connect_object (image, "notify::caption",
                           G_CALLBACK (update_lead_image_subtitle), self, G_CONNECT_SWAPPED);

  bind_entry (self, image, "caption", self->caption_entry);
  bind_entry (self, image, "credit", self->credit_entry);
  bind_entry (self, image, "alt", self->alt_entry);

  file = byline_image_resolve_src (byline_image_get_src (image),
                                   self->store ? byline_store_get_directory (self->store) : NULL);
  if (file != NULL)
    byline_picture_load_async (GTK_WIDGET (self->lead_picture), file, 0, self->cancellable);
}

static GtkWidget *
card_block_widget (BylineArticleEditor *self,
                   BylineStoryRef      *ref)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *section, *headline;
  const char *s = ref ? byline_story_ref_get_section (ref) : NULL;
  const char *h = ref ? byline_story_ref_get_headline (ref) : NULL;
  g_autofree char *a11y = NULL;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "story-card");
  /* Children of a text view get their minimum width */
  gtk_widget_set_size_request (box, 300, -1);

  section = gtk_label_new (s && *s ? s : _("Related story"));
  gtk_label_set_xalign (GTK_LABEL (section), 0);
  gtk_widget_add_css_class (section, "caption-heading");
  gtk_widget_add_css_class (section, "accent");
  gtk_box_append (GTK_BOX (box), section);

  headline = gtk_label_new (h && *h ? h : _("Untitled story"));
  gtk_label_set_xalign (GTK_LABEL (headline), 0);
  gtk_label_set_wrap (GTK_LABEL (headline), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (headline), 40);
  gtk_widget_add_css_class (headline, "heading");
  gtk_box_append (GTK_BOX (box), headline);

  a11y = g_strdup_printf (_("Related story: %s"), h ? h : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
  return box;
}

static int
card_index (BylineArticleEditor *self,
            GtkWidget           *card)
{
  GtkTextChildAnchor *anchor = g_object_get_data (G_OBJECT (card), "byline-anchor");

  return anchor != NULL ? byline_body_buffer_get_anchor_index (self->body_buffer, anchor) : -1;
}

static void
on_card_remove (BylineArticleEditor *self,
                GtkWidget           *card)
{
  int index = card_index (self, card);

  if (index >= 0)
    byline_body_buffer_remove_object (self->body_buffer, index);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

/* Moving a card is taking it out and putting it in one line further, as
 * one user action. */
static void
on_card_move (BylineArticleEditor *self,
              int                  direction,
              GtkWidget           *card)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->body_buffer);
  g_autoptr(BylineStoryRef) ref = NULL;
  int index = card_index (self, card);
  int n = self->article ? (int) byline_article_get_n_blocks (self->article) : 0;
  GtkTextIter after;
  BylineBlock *block;

  /* Up needs a line above the one it goes in after; down a line below */
  if (index < 0 || (direction < 0 && index < 2) || (direction > 0 && index + 1 >= n))
    return;

  block = byline_article_get_block (self->article, index);
  ref = g_object_ref (byline_block_get_story_ref (block));

  gtk_text_buffer_begin_user_action (buffer);
  byline_body_buffer_remove_object (self->body_buffer, index);
  gtk_text_buffer_get_iter_at_line (buffer, &after, direction < 0 ? index - 2 : index);
  index = byline_body_buffer_insert_card (self->body_buffer, &after, ref);
  gtk_text_buffer_end_user_action (buffer);

  /* The new card widget takes the focus, so Alt+Up can go on */
  {
    GtkTextIter at;
    GtkTextChildAnchor *anchor;

    gtk_text_buffer_get_iter_at_line (buffer, &at, index);
    anchor = gtk_text_iter_get_child_anchor (&at);
    if (anchor != NULL)
      {
        guint n_widgets = 0;
        GtkWidget **widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);

        if (n_widgets > 0)
          gtk_widget_grab_focus (widgets[0]);
        g_free (widgets);
      }
  }
}

void
byline_article_editor_set_cms (BylineArticleEditor *self,
                               BylineCms           *cms)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (cms == NULL || BYLINE_IS_CMS (cms));

  if (!g_set_object (&self->cms, cms))
    return;
  /* The body's cards are the text view's children */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->body_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (BYLINE_IS_RELATED_CARD (child))
      byline_related_card_set_cms (BYLINE_RELATED_CARD (child), cms);
}

gboolean
byline_article_editor_insert_card (BylineArticleEditor *self,
                                   BylineStoryRef      *ref)
{
  GtkTextIter cursor;

  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), FALSE);
  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), FALSE);

  if (self->article == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self->body_buffer), &cursor,
                                    gtk_text_buffer_get_insert (GTK_TEXT_BUFFER (self->body_buffer)));
  byline_body_buffer_insert_card (self->body_buffer, &cursor, ref);
  return TRUE;
}

static void
on_anchor_added (BylineArticleEditor *self,
                 GtkTextChildAnchor  *anchor,
                 BylineBlock         *block)
{
  GtkWidget *child = NULL;

  switch (byline_block_get_kind (block))
    {
    case BYLINE_BLOCK_IMAGE:
      if (self->body_images != NULL)
        byline_body_images_attach (self->body_images, anchor, block);
      return;
    case BYLINE_BLOCK_CARD:
      if (byline_block_get_story_ref (block) != NULL)
        {
          child = byline_related_card_new (byline_block_get_story_ref (block), self->store, self->cms);
          g_object_set_data_full (G_OBJECT (child), "byline-anchor", g_object_ref (anchor), g_object_unref);
          g_signal_connect_object (child, "remove", G_CALLBACK (on_card_remove), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (child, "move", G_CALLBACK (on_card_move), self, G_CONNECT_SWAPPED);
        }
      else
        child = card_block_widget (self, NULL);
      break;
    case BYLINE_BLOCK_RAW:
      child = gtk_label_new (_("A block from the website, kept as it is"));
      gtk_widget_add_css_class (child, "card");
      gtk_widget_add_css_class (child, "raw-block");
      gtk_widget_add_css_class (child, "dim-label");
      break;
    case BYLINE_BLOCK_QUOTE:
    case BYLINE_BLOCK_PARAGRAPH:
    case BYLINE_BLOCK_SUBHEADING:
    default:
      return;
    }

  gtk_text_view_add_child_at_anchor (self->body_view, child, anchor);
}


/* Paste
 *
 * Ctrl+V in the body reads the clipboard asynchronously: HTML when it has
 * some (a browser, a word processor), plain text otherwise.  Either is read
 * into blocks on a worker thread (a long page must not stall typing) and
 * inserted at the cursor as one undoable step.  Nothing pasted is fetched
 * or run; docs/paste.md has the rules. */

typedef struct
{
  char    *data;
  gsize    length;
  gboolean html;
} PasteData;

static void
paste_data_free (gpointer data)
{
  PasteData *paste = data;

  g_free (paste->data);
  g_free (paste);
}

static void
show_toast (BylineArticleEditor *self,
            const char          *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
  else
    g_warning ("%s", message);
}

static void
paste_failed (BylineArticleEditor *self,
              const GError        *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Translators: %s says what was wrong with the pasted text */
  message = g_strdup_printf (_("Nothing was pasted: %s"), error->message);
  show_toast (self, message);
}

/* The clipboard holds no text at all: a picture, if anything */
static gboolean
paste_image_from_clipboard (BylineArticleEditor *self,
                            GdkClipboard        *clipboard)
{
  return byline_body_images_paste_clipboard (self->body_images, clipboard);
}

static void
read_paste_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PasteData *paste = task_data;
  GError *error = NULL;
  GPtrArray *blocks;

  if (paste->html)
    blocks = byline_html_read_blocks (paste->data, paste->length, &error);
  else if (paste->length > BYLINE_MAX_DOCUMENT_BYTES)
    {
      g_autofree char *size = g_format_size (paste->length);

      blocks = NULL;
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("The pasted text is too large (%s)"), size);
    }
  else
    blocks = byline_text_read_blocks (paste->data, paste->length);

  if (blocks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, blocks, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_paste_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (source);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->body_buffer);
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter iter;

  blocks = g_task_propagate_pointer (G_TASK (result), &error);
  if (blocks == NULL)
    {
      paste_failed (self, error);
      return;
    }
  if (blocks->len == 0 || self->article == NULL)
    return;

  /* What was selected is replaced, in the same undoable step */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (self->body_view));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  byline_body_buffer_insert_blocks (self->body_buffer, &iter, blocks);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (self->body_view, gtk_text_buffer_get_insert (buffer));
}

static void
start_paste_read (BylineArticleEditor *self,
                  char                *data,
                  gsize                length,
                  gboolean             html)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_paste_read, NULL);
  PasteData *paste = g_new0 (PasteData, 1);

  paste->data = data;
  paste->length = length;
  paste->html = html;
  g_task_set_source_tag (task, start_paste_read);
  g_task_set_task_data (task, paste, paste_data_free);
  g_task_run_in_thread (task, read_paste_thread);
}

static void
on_html_spliced (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BylineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (source);

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) < 0)
    {
      paste_failed (self, error);
      return;
    }
  start_paste_read (self, g_memory_output_stream_steal_data (memory),
                    g_memory_output_stream_get_data_size (memory), TRUE);
}

static void
on_html_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  if (stream == NULL)
    {
      paste_failed (self, error);
      return;
    }

  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->cancellable,
                                on_html_spliced, g_object_ref (self));
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *text;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (text == NULL)
    {
      if (error != NULL)
        paste_failed (self, error);
      return;
    }
  start_paste_read (self, text, strlen (text), FALSE);
}

static void
on_body_paste (BylineArticleEditor *self,
               GtkTextView         *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  /* Not GTK's paste: it knows neither HTML nor blocks */
  g_signal_stop_emission_by_name (view, "paste-clipboard");

  if (self->article == NULL || !gtk_text_view_get_editable (view))
    return;

  if (gdk_content_formats_contain_mime_type (formats, "text/html"))
    {
      static const char *mime_types[] = { "text/html", NULL };

      gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT,
                                self->cancellable, on_html_read, g_object_ref (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) ||
           gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") ||
           gdk_content_formats_contain_mime_type (formats, "text/plain"))
    gdk_clipboard_read_text_async (clipboard, self->cancellable, on_text_read, g_object_ref (self));
  else
    paste_image_from_clipboard (self, clipboard);
}

/* Headline and standfirst are one line each: pasted text too */
static void
on_line_text_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkTextView) view = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (text == NULL)
    return;

  g_strdelimit (text, "\r\n\t", ' ');
  line = g_strstrip (g_utf8_make_valid (text, -1));

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view));
  gtk_text_buffer_insert_interactive_at_cursor (buffer, line, -1, gtk_text_view_get_editable (view));
  gtk_text_buffer_end_user_action (buffer);
}

static void
on_line_paste (GtkTextView *view,
               gpointer     user_data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));

  g_signal_stop_emission_by_name (view, "paste-clipboard");
  gdk_clipboard_read_text_async (clipboard, NULL, on_line_text_read, g_object_ref (view));
}

/* A quote's attribution is dimmed like a .dim-label, in the body's own
 * colour: a text tag has no CSS, so follow the style by hand */
static void
update_attribution_color (BylineArticleEditor *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (self->body_buffer));
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "attribution");
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self->body_view)), &color);
  color.alpha *= 0.55f;
  g_object_set (tag, "foreground-rgba", &color, NULL);
}

/* A new colour scheme reaches the body's style in the next frame: read it
 * after that frame is painted */
static void
on_restyled_frame (BylineArticleEditor *self,
                   GdkFrameClock       *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_restyled_frame, self);
  self->color_queued = FALSE;
  update_attribution_color (self);
}

static void
queue_attribution_color (BylineArticleEditor *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->body_view));

  if (clock == NULL)
    {
      update_attribution_color (self);
      return;
    }
  if (self->color_queued)
    return;
  self->color_queued = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_restyled_frame), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self->body_view));
}

/* Said once per language (the checker sees to that), over the editor */
static void
on_dictionary_missing (BylineArticleEditor *self,
                       const char          *language)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *name = byline_spell_language_name (language);
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;

  /* TRANSLATORS: %s is a language, "Russian" */
  message = g_strdup_printf (_("No spelling dictionary for %s is installed"), name);
  g_debug ("%s", message);
  if (overlay == NULL)
    return;
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
flush_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!byline_autosave_flush_finish (BYLINE_AUTOSAVE (object), result, &error))
    g_warning ("Could not save an article being closed: %s", error->message);
}

void
byline_article_editor_set_article (BylineArticleEditor *self,
                                   BylineArticle       *article)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  /* What was open is written out first; the flush keeps its autosave alive */
  if (self->autosave != NULL)
    {
      byline_autosave_flush_async (self->autosave, NULL, flush_done, NULL);
      g_clear_object (&self->autosave);
    }

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->lead_image != NULL)
    g_signal_handlers_disconnect_by_data (self->lead_image, self);
  unbind_all (self);
  g_clear_object (&self->lead_image);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->article, article);
  if (self->body_images != NULL)
    byline_body_images_reset (self->body_images);

  self->syncing = TRUE;
  set_buffer_text (gtk_text_view_get_buffer (self->headline_view),
                   article ? byline_article_get_headline (article) : NULL);
  set_buffer_text (gtk_text_view_get_buffer (self->standfirst_view),
                   article ? byline_article_get_standfirst (article) : NULL);
  self->syncing = FALSE;
  if (self->body_images != NULL)
    byline_body_images_set_opening (self->body_images, TRUE);
  byline_body_buffer_set_article (self->body_buffer, article);
  if (self->body_images != NULL)
    byline_body_images_set_opening (self->body_images, FALSE);

  if (article != NULL)
    {
      bind_entry (self, article, "section", self->section_entry);
      bind_entry (self, article, "byline", self->byline_entry);
      g_ptr_array_add (self->bindings,
                       g_object_ref (g_object_bind_property (article, "language", self->spell_checker, "language",
                                                             G_BINDING_SYNC_CREATE)));
      g_ptr_array_add (self->bindings,
                       g_object_ref (g_object_bind_property (article, "language", self->language_button, "language",
                                                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));

      g_signal_connect_object (article, "notify::headline",
                               G_CALLBACK (on_article_text_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::standfirst",
                               G_CALLBACK (on_article_text_notify), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::word-count",
                               G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::reading-time",
                               G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::word-target",
                               G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (article, "notify::lead-image",
                               G_CALLBACK (show_lead_image), self, G_CONNECT_SWAPPED);

      if (self->store != NULL)
        self->autosave = byline_autosave_new (self->store, article);
    }

  byline_schedule_row_set_article (BYLINE_SCHEDULE_ROW (self->schedule_row), article);
  byline_status_button_set_article (BYLINE_STATUS_BUTTON (self->status_button), article);
  show_lead_image (self);
  update_counts (self);
  update_placeholders (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), article != NULL);

  /* A new article starts at the top, its lead image folded */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->header_scroller), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->body_scroller), 0);
  adw_expander_row_set_expanded (self->lead_image_row, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE]);
}

static gboolean
is_enter (guint           keyval,
          GdkModifierType state)
{
  return (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
         && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0;
}

static void
focus_text_view_start (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_view_scroll_to_iter (view, &start, 0, FALSE, 0, 0);
}

static gboolean
on_headline_key (BylineArticleEditor   *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  if (!is_enter (keyval, state))
    return FALSE;

  focus_text_view_start (self->standfirst_view);
  return TRUE;
}

static gboolean
on_standfirst_key (BylineArticleEditor   *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  if (!is_enter (keyval, state))
    return FALSE;

  byline_body_buffer_ensure_paragraph (self->body_buffer);
  focus_text_view_start (self->body_view);
  return TRUE;
}

static void
add_enter_handler (BylineArticleEditor *self,
                   GtkTextView         *view,
                   GCallback            callback)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", callback, self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (widget);
  BylineFindBar *bar = BYLINE_FIND_BAR (self->find_bar);

  if (g_str_equal (action_name, "editor.find"))
    byline_find_bar_open (bar, FALSE);
  else if (g_str_equal (action_name, "editor.find-replace"))
    byline_find_bar_open (bar, TRUE);
  else if (g_str_equal (action_name, "editor.find-next"))
    byline_find_bar_next (bar);
  else
    byline_find_bar_previous (bar);
}

static void
toggle_mark_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (widget);

  byline_body_buffer_toggle_mark (self->body_buffer,
                                  g_str_equal (action_name, "editor.bold")
                                  ? BYLINE_MARK_BOLD : BYLINE_MARK_ITALIC);
}

static void
on_image_chooser_response (GtkNativeDialog *dialog,
                           int              response,
                           gpointer         user_data)
{
  BylineArticleEditor *self = user_data;
  gboolean lead = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "byline-lead"));

  if (response == GTK_RESPONSE_ACCEPT && self->body_images != NULL)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          if (lead)
            byline_article_editor_set_lead_image_file (self, file);
          else
            byline_article_editor_insert_image_file (self, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* Through the file chooser portal inside Flatpak: Byline sees only the
 * files chosen */
static void
choose_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (widget);
  gboolean lead = g_str_equal (action_name, "editor.choose-lead-image");
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->article == NULL)
    return;

  chooser = gtk_file_chooser_native_new (lead ? _("Choose the Lead Image") : _("Insert Image"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         lead ? _("_Choose") : _("_Insert"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG, WebP)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), !lead);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "byline-lead", GINT_TO_POINTER (lead));
  g_signal_connect (chooser, "response", G_CALLBACK (on_image_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
relayout_fields (gpointer data)
{
  BylineArticleEditor *self = data;

  /* The fields' text views grew or shrank: let them fit their text */
  byline_text_view_refit (self->headline_view);
  byline_text_view_refit (self->standfirst_view);

  /* Re-wrapping happens in the background: look a few times in the next
   * half second (two small fields, so this costs nothing) */
  if (++self->relayout_tries < 10)
    return G_SOURCE_CONTINUE;

  self->relayout_source = 0;
  return G_SOURCE_REMOVE;
}

static void
restart_relayout (BylineArticleEditor *self)
{
  self->relayout_tries = 0;
  if (self->relayout_source == 0)
    self->relayout_source = g_timeout_add (50, relayout_fields, self);
}

static int
measure_height (GtkWidget *widget,
                int        width,
                int       *natural)
{
  int minimum = 0;

  if (!gtk_widget_should_layout (widget))
    {
      if (natural != NULL)
        *natural = 0;
      return 0;
    }
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &minimum, natural, NULL, NULL);
  return minimum;
}

/* The fields re-wrap in the background and grow as the journalist types;
 * a text view's new height does not always reach our size_allocate, so
 * look again whenever the header's content changes height. */
static gboolean
check_header_height (gpointer data)
{
  BylineArticleEditor *self = data;
  int natural = 0;

  self->header_check_source = 0;
  measure_height (GTK_WIDGET (self->header_scroller), gtk_widget_get_width (GTK_WIDGET (self)), &natural);
  if (natural != self->header_natural)
    gtk_widget_queue_allocate (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/* Opened, the lead image's fields come into view inside the header */
static gboolean
reveal_lead_image (gpointer data)
{
  BylineArticleEditor *self = data;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->header_scroller);
  graphene_rect_t bounds;

  self->reveal_source = 0;
  if (adw_expander_row_get_expanded (self->lead_image_row)
      && gtk_widget_compute_bounds (self->lead_image_box, GTK_WIDGET (self->header_scroller), &bounds))
    {
      double top = bounds.origin.y + gtk_adjustment_get_value (vadjustment);

      gtk_adjustment_clamp_page (vadjustment, top, top + bounds.size.height);
    }

  return G_SOURCE_REMOVE;
}

static void
on_lead_image_expanded (BylineArticleEditor *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  if (adw_expander_row_get_expanded (self->lead_image_row) && self->reveal_source == 0)
    self->reveal_source = g_timeout_add (50, reveal_lead_image, self);
}

static void
on_header_upper_changed (BylineArticleEditor *self)
{
  if (self->header_check_source == 0)
    self->header_check_source = g_idle_add (check_header_height, self);
}

static gboolean
apply_compact (gpointer data)
{
  BylineArticleEditor *self = data;

  self->compact_source = 0;
  if (self->compact)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
      /* Its three fields would fill the header: fold them away */
      adw_expander_row_set_expanded (self->lead_image_row, FALSE);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");

  /* New type sizes: the fields re-wrap */
  restart_relayout (self);

  return G_SOURCE_REMOVE;
}

/* The header's height, at most @cap: where possible the lower edge falls
 * between two fields (in the header's own coordinates, so it does not move
 * as the header scrolls), so nothing shows cut in half. */
static int
snap_header_height (BylineArticleEditor *self,
                    int                  cap)
{
  double offset = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->header_scroller));
  int best = -1;

  for (GtkWidget *child = gtk_widget_get_first_child (self->fields_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      int bottom;

      if (!gtk_widget_should_layout (child)
          || !gtk_widget_compute_bounds (child, GTK_WIDGET (self->header_scroller), &bounds))
        continue;

      /* A little room under the field, as between two fields */
      bottom = (int) ceil (bounds.origin.y + bounds.size.height + offset) + 6;
      if (bottom <= cap)
        best = MAX (best, bottom);
    }

  /* One field taller than the whole share (a very long headline) simply
   * scrolls */
  return best >= cap / 2 ? best : cap;
}

static void
byline_article_editor_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (widget);
  gboolean compact = width < COMPACT_WIDTH || height < COMPACT_HEIGHT;
  int status_height, separator_height, header_min, header_natural;
  int available, cap, header_height, body_height, find_height;

  /* A class change restyles and resizes: not in the middle of allocating */
  if (compact != self->compact)
    {
      self->compact = compact;
      if (self->compact_source == 0)
        self->compact_source = g_idle_add (apply_compact, self);
    }

  if (width != self->last_width)
    {
      self->last_width = width;
      restart_relayout (self);
    }

  /* The find bar (when open) sits on top; the rest shares what is left */
  find_height = measure_height (self->find_bar, width, NULL);
  gtk_widget_allocate (self->find_bar, width, find_height, -1, NULL);
  height -= find_height;

  status_height = measure_height (self->status_line, width, NULL);
  separator_height = measure_height (self->header_separator, width, NULL);
  header_min = measure_height (GTK_WIDGET (self->header_scroller), width, &header_natural);
  self->header_natural = header_natural;
  available = MAX (0, height - status_height - separator_height);

  cap = available * (height < COMPACT_HEIGHT ? HEADER_SHARE_COMPACT : HEADER_SHARE) / 100;
  header_height = MAX (header_min, MIN (header_natural, cap));
  body_height = available - header_height;

  gtk_widget_allocate (GTK_WIDGET (self->header_scroller), width, header_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, find_height)));
  /* The open lead image fills the header's share and scrolls in it */
  if (header_natural > cap && !adw_expander_row_get_expanded (self->lead_image_row))
    {
      /* Now that the fields have their places, end between two of them */
      int snapped = MAX (header_min, snap_header_height (self, cap));

      if (snapped != header_height)
        {
          header_height = snapped;
          body_height = available - header_height;
          gtk_widget_allocate (GTK_WIDGET (self->header_scroller), width, header_height, -1,
                               gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, find_height)));
        }
    }

  gtk_widget_allocate (self->header_separator, width, separator_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, find_height + header_height)));
  gtk_widget_allocate (GTK_WIDGET (self->body_scroller), width, body_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, find_height + header_height + separator_height)));
  gtk_widget_allocate (self->status_line, width, status_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, find_height + height - status_height)));
}

static void
byline_article_editor_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          *minimum += child_min;
          *natural += child_nat;
        }
    }
}

static void
byline_article_editor_dispose (GObject *object)
{
  BylineArticleEditor *self = (BylineArticleEditor *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->relayout_source, g_source_remove);
  g_clear_handle_id (&self->compact_source, g_source_remove);
  g_clear_handle_id (&self->header_check_source, g_source_remove);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->lead_image != NULL)
    g_signal_handlers_disconnect_by_data (self->lead_image, self);
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_data (self->article, self);
  if (self->bindings != NULL)
    unbind_all (self);
  /* Takes its tags, menus and controllers off the views */
  if (self->spell_checker != NULL)
    g_object_run_dispose (G_OBJECT (self->spell_checker));
  g_clear_object (&self->spell_checker);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_ARTICLE_EDITOR);
  /* GTK 4.8 leaves a template's top-level children to us */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->autosave);
  g_clear_object (&self->article);
  g_clear_object (&self->lead_image);
  g_clear_object (&self->store);
  g_clear_object (&self->cms);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->body_images);
  g_clear_object (&self->body_buffer);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_article_editor_parent_class)->dispose (object);
}

static void
byline_article_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    case PROP_AUTOSAVE:
      g_value_set_object (value, self->autosave);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BylineArticleEditor *self = BYLINE_ARTICLE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ARTICLE:
      byline_article_editor_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_editor_constructed (GObject *object)
{
  BylineArticleEditor *self = (BylineArticleEditor *)object;

  G_OBJECT_CLASS (byline_article_editor_parent_class)->constructed (object);

  /* Photos in the body need the store (for their copies): known now */
  self->body_images = byline_body_images_new (self->body_view, self->store);
}

static void
byline_article_editor_class_init (BylineArticleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = byline_article_editor_constructed;
  object_class->dispose = byline_article_editor_dispose;
  object_class->get_property = byline_article_editor_get_property;
  object_class->set_property = byline_article_editor_set_property;
  widget_class->size_allocate = byline_article_editor_size_allocate;
  widget_class->measure = byline_article_editor_measure;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         BYLINE_TYPE_ARTICLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_AUTOSAVE] =
    g_param_spec_object ("autosave", NULL, NULL,
                         BYLINE_TYPE_AUTOSAVE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/byline/Byline/byline-article-editor.ui");
  /* No layout manager: size_allocate is where the header gets its share */
  gtk_widget_class_set_css_name (widget_class, "articleeditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, header_scroller);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, header_separator);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, fields_box);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, section_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, headline_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, headline_placeholder);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, standfirst_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, standfirst_placeholder);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, byline_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, lead_image_box);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, lead_image_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, lead_picture);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, caption_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, credit_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, alt_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, body_scroller);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, status_line);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleEditor, language_button);

  gtk_widget_class_install_action (widget_class, "editor.bold", NULL, toggle_mark_action);
  gtk_widget_class_install_action (widget_class, "editor.italic", NULL, toggle_mark_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "editor.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "editor.italic", NULL);
  gtk_widget_class_install_action (widget_class, "editor.insert-image", NULL, choose_image_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-lead-image", NULL, choose_image_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "editor.insert-image", NULL);

  /* Find and replace in the whole article (byline-find-bar.c) */
  gtk_widget_class_install_action (widget_class, "editor.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "editor.find-replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "editor.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "editor.find-previous", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "editor.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "editor.find-replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "editor.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.find-previous", NULL);
}

static void
on_schedule_chosen (BylineArticleEditor *self)
{
  byline_schedule_row_focus (BYLINE_SCHEDULE_ROW (self->schedule_row));
}

static void
byline_article_editor_init (BylineArticleEditor *self)
{
  GtkTextBuffer *buffer;

  g_type_ensure (ADW_TYPE_CLAMP);
  g_type_ensure (ADW_TYPE_CLAMP_SCROLLABLE);
  g_type_ensure (ADW_TYPE_EXPANDER_ROW);
  g_type_ensure (ADW_TYPE_ENTRY_ROW);
  g_type_ensure (BYLINE_TYPE_LANGUAGE_BUTTON);
  g_type_ensure (BYLINE_TYPE_TEXT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->schedule_row = byline_schedule_row_new ();
  gtk_box_insert_child_after (GTK_BOX (self->fields_box), self->schedule_row,
                              GTK_WIDGET (self->byline_entry));
  /* Scheduled: the "Publish at" row right under it appears, focused */
  self->status_button = byline_status_button_new ();
  gtk_box_insert_child_after (GTK_BOX (self->fields_box), self->status_button,
                              GTK_WIDGET (self->byline_entry));
  g_signal_connect_object (self->status_button, "schedule-chosen",
                           G_CALLBACK (on_schedule_chosen), self, G_CONNECT_SWAPPED);

  /* libadwaita 1.2 has no AdwExpanderRow:subtitle-lines (1.3): keep the
   * caption preview to one line through the row's own header row */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->lead_image_row));
       child != NULL;
       child = gtk_widget_get_first_child (child))
    {
      GtkWidget *row = child;

      while (row != NULL && !ADW_IS_ACTION_ROW (row))
        row = gtk_widget_get_next_sibling (row);
      if (row != NULL)
        {
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
          break;
        }
    }

  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  self->body_buffer = byline_body_buffer_new ();
  gtk_text_view_set_buffer (self->body_view, GTK_TEXT_BUFFER (self->body_buffer));

  /* First in the focus chain and on top: the find bar */
  self->find_bar = byline_find_bar_new (self);
  gtk_widget_insert_after (self->find_bar, GTK_WIDGET (self), NULL);
  g_signal_connect_object (self->body_buffer, "anchor-added",
                           G_CALLBACK (on_anchor_added), self, G_CONNECT_SWAPPED);
  update_attribution_color (self);
  g_signal_connect_object (self->body_view, "map",
                           G_CALLBACK (queue_attribution_color), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (queue_attribution_color), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (queue_attribution_color), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->body_view, "paste-clipboard",
                           G_CALLBACK (on_body_paste), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->headline_view, "paste-clipboard", G_CALLBACK (on_line_paste), NULL);
  g_signal_connect (self->standfirst_view, "paste-clipboard", G_CALLBACK (on_line_paste), NULL);

  buffer = gtk_text_view_get_buffer (self->headline_view);
  g_object_set_data (G_OBJECT (buffer), "byline-property", (gpointer) "headline");
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_buffer_changed), self, G_CONNECT_SWAPPED);
  buffer = gtk_text_view_get_buffer (self->standfirst_view);
  g_object_set_data (G_OBJECT (buffer), "byline-property", (gpointer) "standfirst");
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_buffer_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->lead_image_row, "notify::expanded",
                           G_CALLBACK (on_lead_image_expanded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->header_scroller), "notify::upper",
                           G_CALLBACK (on_header_upper_changed), self, G_CONNECT_SWAPPED);

  /* Spelling in every text field: the Images panel attaches its captions
   * and alt texts to this checker too (byline-window.c hands it over with
   * byline_article_editor_get_spell_checker()) */
  self->spell_checker = byline_spell_checker_new ();
  byline_spell_checker_attach (self->spell_checker, self->headline_view);
  byline_spell_checker_attach (self->spell_checker, self->standfirst_view);
  byline_spell_checker_attach (self->spell_checker, self->body_view);
  /* The lead image's caption and alt text, as in the Images panel; its
   * credit is names and an agency, left alone */
  byline_spell_checker_attach (self->spell_checker,
                               byline_text_row_get_text_view (BYLINE_TEXT_ROW (self->caption_entry)));
  byline_spell_checker_attach (self->spell_checker,
                               byline_text_row_get_text_view (BYLINE_TEXT_ROW (self->alt_entry)));
  g_signal_connect_object (self->spell_checker, "dictionary-missing",
                           G_CALLBACK (on_dictionary_missing), self, G_CONNECT_SWAPPED);

  add_enter_handler (self, self->headline_view, G_CALLBACK (on_headline_key));
  add_enter_handler (self, self->standfirst_view, G_CALLBACK (on_standfirst_key));

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  update_placeholders (self);
}

BylineSpellChecker *
byline_article_editor_get_spell_checker (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->spell_checker;
}

void
byline_article_editor_set_settings (BylineArticleEditor *self,
                                    GSettings           *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (g_settings_schema_has_key (schema, "spell-check"))
    g_settings_bind (settings, "spell-check", self->spell_checker, "enabled", G_SETTINGS_BIND_GET);
  if (g_settings_schema_has_key (schema, "default-language"))
    g_settings_bind (settings, "default-language", self->spell_checker, "default-language", G_SETTINGS_BIND_GET);
}

GtkWidget *
byline_article_editor_new (BylineStore *store)
{
  return g_object_new (BYLINE_TYPE_ARTICLE_EDITOR,
                       "store", store,
                       NULL);
}

BylineArticle *
byline_article_editor_get_article (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);

  return self->article;
}

BylineAutosave *
byline_article_editor_get_autosave (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);

  return self->autosave;
}

void
byline_article_editor_focus_headline (BylineArticleEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));

  buffer = gtk_text_view_get_buffer (self->headline_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->headline_view));
}

GtkTextView *
byline_article_editor_get_headline_view (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->headline_view;
}

GtkTextView *
byline_article_editor_get_standfirst_view (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->standfirst_view;
}

GtkTextView *
byline_article_editor_get_body_view (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->body_view;
}

GtkWidget *
byline_article_editor_get_byline_entry (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return GTK_WIDGET (self->byline_entry);
}

GtkWidget *
byline_article_editor_get_lead_image_entry (BylineArticleEditor *self,
                                            const char          *field)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (self->lead_image_box) || field == NULL)
    return NULL;
  if (g_str_equal (field, "caption"))
    return self->caption_entry;
  if (g_str_equal (field, "credit"))
    return self->credit_entry;
  if (g_str_equal (field, "alt"))
    return self->alt_entry;
  return NULL;
}

GtkWidget *
byline_article_editor_get_find_bar (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->find_bar;
}

void
byline_article_editor_show_lead_image (BylineArticleEditor *self)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));

  if (!gtk_widget_get_visible (self->lead_image_box))
    return;
  adw_expander_row_set_expanded (self->lead_image_row, TRUE);
  gtk_widget_grab_focus (self->alt_entry);
}

static void
editor_flush_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!byline_autosave_flush_finish (BYLINE_AUTOSAVE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
byline_article_editor_flush_async (BylineArticleEditor *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_article_editor_flush_async);

  if (self->autosave == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  byline_autosave_flush_async (self->autosave, cancellable, editor_flush_done, g_steal_pointer (&task));
}

gboolean
byline_article_editor_flush_finish (BylineArticleEditor  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

BylineBodyImages *
byline_article_editor_get_body_images (BylineArticleEditor *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->body_images;
}

void
byline_article_editor_insert_image_file (BylineArticleEditor *self,
                                         GFile               *file)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  byline_body_images_insert_file (self->body_images, file);
}

void
byline_article_editor_set_lead_image_file (BylineArticleEditor *self,
                                           GFile               *file)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  byline_body_images_set_lead_file (self->body_images, file);
}

void
byline_article_editor_show_image (BylineArticleEditor *self,
                                  BylineBlock         *block)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_EDITOR (self));

  if (block != NULL)
    {
      byline_body_images_scroll_to (self->body_images, block);
      return;
    }
  /* The lead image: open its row in the header */
  adw_expander_row_set_expanded (self->lead_image_row, TRUE);
  gtk_widget_grab_focus (self->caption_entry);
}
