/* byline-history-window.c: earlier versions of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-a11y.h"
#include "byline-history-window.h"
#include "byline-article-row.h"

struct _BylineHistoryWindow
{
  AdwWindow     parent_instance;

  BylineStore  *store;
  char         *article_id;
  GCancellable *cancellable;
  gint64        selected_entry;
  guint         restoring : 1;

  GtkListBox   *list;
  GtkStack     *stack;
  AdwStatusPage *empty_page;
  GtkTextView  *preview;
  GtkButton    *restore_button;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (BylineHistoryWindow, byline_history_window, ADW_TYPE_WINDOW)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (BylineHistoryWindow *self,
            const char          *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* Runs on a worker thread: the preview text of one version */
static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BylineStore *store = source_object;
  gint64 entry_id = *(gint64 *) task_data;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  GString *text;

  article = byline_store_load_history_sync (store, entry_id, cancellable, &error);
  if (article == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The headline is the first line (preview_done styles it), then the
   * standfirst and the body's paragraphs, a blank line between them */
  text = g_string_new (byline_article_get_headline (article) ?: "");
  if (byline_article_get_standfirst (article) != NULL && *byline_article_get_standfirst (article))
    g_string_append_printf (text, "\n\n%s", byline_article_get_standfirst (article));
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);

      if (byline_block_has_text (block) && byline_block_get_text (block) != NULL)
        g_string_append_printf (text, "\n\n%s", byline_block_get_text (block));
    }
  g_task_return_pointer (task, g_string_free (text, FALSE), g_free);
}

static void
preview_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (text == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  /* Another version was selected meanwhile: its preview is on the way */
  if (*(gint64 *) g_task_get_task_data (G_TASK (result)) != self->selected_entry)
    return;

  buffer = gtk_text_view_get_buffer (self->preview);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, "headline", &start, &end);
}

static void
on_row_selected (BylineHistoryWindow *self,
                 GtkListBoxRow       *row,
                 GtkListBox          *list)
{
  g_autoptr(GTask) task = NULL;
  gint64 *entry_id;

  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), row != NULL);
  if (row == NULL)
    return;

  self->selected_entry = *(gint64 *) g_object_get_data (G_OBJECT (row), "entry-id");
  entry_id = g_new (gint64, 1);
  *entry_id = self->selected_entry;

  task = g_task_new (self->store, self->cancellable, preview_done, g_object_ref (self));
  g_task_set_source_tag (task, on_row_selected);
  g_task_set_task_data (task, entry_id, g_free);
  g_task_run_in_thread (task, preview_thread);
}

/* One version: when it was saved, its word count beside that, its headline
 * below (up to two lines, so a long headline never hides the count) */
static GtkWidget *
entry_row (BylineHistoryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *count;
  g_autoptr(GDateTime) local = g_date_time_to_local (byline_history_entry_get_saved_at (entry));
  /* Translators: when an earlier version was saved, in g_date_time_format() notation */
  g_autofree char *when = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
  g_autofree char *words_text = NULL;
  const char *headline = byline_history_entry_get_headline (entry);
  guint words = byline_history_entry_get_word_count (entry);
  gint64 *id = g_new (gint64, 1);

  words_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", words), words);
  /* Headlines are plain text: "Fish & chips" is not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               headline && *headline ? headline : _("Untitled article"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  count = gtk_label_new (words_text);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "caption");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
  *id = byline_history_entry_get_entry_id (entry);
  g_object_set_data_full (G_OBJECT (row), "entry-id", id, g_free);
  return row;
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(BylineHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = byline_store_list_history_finish (BYLINE_STORE (object), result, &error);
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  if (entries->len == 0)
    {
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->empty_page));
      gtk_widget_set_visible (GTK_WIDGET (self->restore_button), FALSE);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, entry_row (g_ptr_array_index (entries, i)));
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  BylineArticle *article;

  article = byline_store_restore_history_sync (source_object, *(gint64 *) task_data, cancellable, &error);
  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

static void
restore_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = g_task_propagate_pointer (G_TASK (result), &error);

  self->restoring = FALSE;
  if (article == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), TRUE);
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[RESTORED], 0, article);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_restore_clicked (BylineHistoryWindow *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 *entry_id = g_new (gint64, 1);

  *entry_id = self->selected_entry;
  self->restoring = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);

  task = g_task_new (self->store, self->cancellable, restore_done, g_object_ref (self));
  g_task_set_source_tag (task, on_restore_clicked);
  g_task_set_task_data (task, entry_id, g_free);
  g_task_run_in_thread (task, restore_thread);
}

/* The store makes the version current whatever happens to this window: it
 * stays until the editor has been told */
static gboolean
byline_history_window_close_request (GtkWindow *window)
{
  BylineHistoryWindow *self = BYLINE_HISTORY_WINDOW (window);

  if (self->restoring)
    return TRUE;

  if (GTK_WINDOW_CLASS (byline_history_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (byline_history_window_parent_class)->close_request (window);
  return FALSE;
}

static void
byline_history_window_dispose (GObject *object)
{
  BylineHistoryWindow *self = (BylineHistoryWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Tearing the list down unselects its row: by then the Restore button
   * may be gone already */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, on_row_selected, self);
  self->list = NULL;
  self->restore_button = NULL;
  g_clear_object (&self->store);
  g_clear_pointer (&self->article_id, g_free);

  G_OBJECT_CLASS (byline_history_window_parent_class)->dispose (object);
}

static void
byline_history_window_class_init (BylineHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = byline_history_window_dispose;
  window_class->close_request = byline_history_window_close_request;

  signals[RESTORED] =
    g_signal_new ("restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BYLINE_TYPE_ARTICLE);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
byline_history_window_init (BylineHistoryWindow *self)
{
  GtkWidget *box, *header, *paned, *scroller, *title;

  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 520);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("History"), _("Earlier versions of this article"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  self->restore_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Restore")));
  byline_a11y_fix_mnemonic_button (GTK_WIDGET (self->restore_button));
  gtk_widget_add_css_class (GTK_WIDGET (self->restore_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->restore_button),
                               _("Make the selected version the current one"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
  g_signal_connect_object (self->restore_button, "clicked",
                           G_CALLBACK (on_restore_clicked), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->restore_button));
  gtk_box_append (GTK_BOX (box), header);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));

  self->stack = GTK_STACK (gtk_stack_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_position (GTK_PANED (paned), 280);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  /* The divider takes the focus (F8 moves it): say what it divides */
  gtk_accessible_update_property (GTK_ACCESSIBLE (paned), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Divider between the versions and the preview"), -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saved versions"),
                                  -1);
  g_signal_connect_object (self->list, "row-selected",
                           G_CALLBACK (on_row_selected), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_paned_set_start_child (GTK_PANED (paned), scroller);

  scroller = gtk_scrolled_window_new ();
  self->preview = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->preview, FALSE);
  gtk_text_view_set_cursor_visible (self->preview, FALSE);
  gtk_text_view_set_wrap_mode (self->preview, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->preview, 18);
  gtk_text_view_set_right_margin (self->preview, 18);
  gtk_text_view_set_top_margin (self->preview, 18);
  gtk_text_view_set_bottom_margin (self->preview, 18);
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->preview), "headline",
                              "weight", PANGO_WEIGHT_BOLD,
                              "scale", PANGO_SCALE_LARGE,
                              NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview of the selected version"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->preview));
  gtk_paned_set_end_child (GTK_PANED (paned), scroller);

  gtk_stack_add_child (self->stack, paned);

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "document-open-recent-symbolic");
  adw_status_page_set_title (self->empty_page, _("No Earlier Versions"));
  adw_status_page_set_description (self->empty_page,
                                   _("Byline keeps a version every few minutes while you write."));
  gtk_stack_add_child (self->stack, GTK_WIDGET (self->empty_page));

  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
byline_history_window_new (GtkWindow   *parent,
                           BylineStore *store,
                           const char  *article_id)
{
  BylineHistoryWindow *self;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (article_id != NULL, NULL);

  self = g_object_new (BYLINE_TYPE_HISTORY_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  self->article_id = g_strdup (article_id);

  byline_store_list_history_async (store, article_id, self->cancellable,
                                   list_done, g_object_ref (self));

  return GTK_WIDGET (self);
}
