/* byline-window-files.c: the window's File → Import, Export as ninjs and Empty Trash
 *
 * Part of BylineWindow, in its own file: it only uses the window's public
 * API (its store, editor, toasts and cancellable).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-window-files"

#include "config.h"

#include <glib/gi18n.h>

#include "model/byline-ninjs.h"
#include "byline-import.h"
#include "byline-import-review.h"
#include "byline-window-files.h"

/* Where relative image paths ("media/…") point for ninjs: the store's folder */
static char *
media_base_uri (BylineWindow *self)
{
  const char *directory = byline_store_get_directory (byline_window_get_store (self));
  g_autofree char *absolute = g_canonicalize_filename (directory, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);

  return uri ? g_strconcat (uri, "/", NULL) : NULL;
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

static void
show_toast_printf (BylineWindow *self,
                   const char   *format,
                   ...) G_GNUC_PRINTF (2, 3);

static void
show_toast_printf (BylineWindow *self,
                   const char   *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  byline_window_show_toast (self, message);
}

/* Import */

typedef struct
{
  BylineWindow *self;
  char         *name;       /* the file's name, for messages */
  char         *headline;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data->headline);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = byline_import_store_article_finish (BYLINE_STORE (object), result, &error);

  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* TRANSLATORS: the file's name, then why */
        show_toast_printf (data->self, _("Could not import “%s”: %s"), data->name, error->message);
      return;
    }

  /* Opening it selects it in the list once the list has it */
  byline_window_open_article_id (data->self, id);
  show_toast_printf (data->self, _("Imported “%s”"),
                     data->headline && *data->headline ? data->headline : data->name);
}

static void
store_article (ImportData    *data,
               BylineArticle *article)
{
  BylineWindow *self = data->self;

  g_free (data->headline);
  data->headline = g_strdup (byline_article_get_headline (article));
  byline_import_store_article_async (byline_window_get_store (self), article,
                                     byline_window_get_cancellable (self), stored, data);
}

static void
on_review_import (ImportData    *data,
                  BylineArticle *article)
{
  ImportData *copy = g_new0 (ImportData, 1);

  copy->self = g_object_ref (data->self);
  copy->name = g_strdup (data->name);
  store_article (copy, article);
}

/* Something to ask about, or furniture the journalist should see left out */
static gboolean
needs_review (BylineImportResult *result)
{
  GPtrArray *decisions = byline_import_result_get_decisions (result);

  if (byline_import_result_count_uncertain (result) > 0)
    return TRUE;
  for (guint i = 0; i < decisions->len; i++)
    if (byline_import_decision_get_role (g_ptr_array_index (decisions, i)) == BYLINE_IMPORT_ROLE_FURNITURE)
      return TRUE;
  return FALSE;
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  g_autoptr(BylineImportResult) import = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *review;

  import = byline_import_read_file_finish (result, &error);
  if (import == NULL)
    {
      /* The message names the file and says what was wrong */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (data->self, error->message);
      return;
    }

  if (!needs_review (import))
    {
      article = byline_import_result_build_article (import);
      store_article (g_steal_pointer (&data), article);
      return;
    }

  review = byline_import_review_new (GTK_WINDOW (data->self), import, data->name);
  g_signal_connect_data (review, "import", G_CALLBACK (on_review_import),
                         g_steal_pointer (&data), (GClosureNotify) (void (*) (void)) import_data_free,
                         G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (review));
}

void
byline_window_import_file (BylineWindow *self,
                           GFile        *file)
{
  g_autofree char *base = NULL;
  ImportData *data;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  base = media_base_uri (self);
  data = g_new0 (ImportData, 1);
  data->self = g_object_ref (self);
  data->name = file_display_name (file);
  byline_import_read_file_async (file, base, byline_window_get_cancellable (self), read_done, data);
}

static void
on_import_response (BylineWindow         *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        byline_window_import_file (self, file);
    }
  g_object_unref (native);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *mime_types,
            const char * const *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const char * const json_types[] = { "application/json", NULL };
  static const char * const json_patterns[] = { "*.json", NULL };
  static const char * const html_types[] = { "text/html", "application/xhtml+xml", NULL };
  static const char * const html_patterns[] = { "*.html", "*.htm", "*.xhtml", NULL };
  static const char * const text_types[] = { "text/plain", NULL };
  static const char * const text_patterns[] = { "*.txt", NULL };
  static const char * const all_types[] = { "application/json", "text/html", "application/xhtml+xml", "text/plain", NULL };
  static const char * const all_patterns[] = { "*.json", "*.html", "*.htm", "*.xhtml", "*.txt", NULL };
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import a Story"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("Stories, Pages and Text"), all_types, all_patterns);
  add_filter (GTK_FILE_CHOOSER (native), _("Byline and ninjs Documents"), json_types, json_patterns);
  add_filter (GTK_FILE_CHOOSER (native), _("Web Pages"), html_types, html_patterns);
  add_filter (GTK_FILE_CHOOSER (native), _("Text Copied from a Page"), text_types, text_patterns);
  g_signal_connect_object (native, "response", G_CALLBACK (on_import_response), widget, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Export as ninjs */

typedef struct
{
  BylineWindow  *self;
  GFile         *file;
  BylineArticle *article;   /* a copy: serialised on the worker thread */
  char          *base;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_clear_object (&data->article);
  g_free (data->base);
  g_free (data);
}

static void
serialise_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportData *data = task_data;
  gsize length = 0;
  char *document = byline_article_to_ninjs (data->article, data->base, &length);

  g_task_return_pointer (task, g_bytes_new_take (document, length), (GDestroyNotify) g_bytes_unref);
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = file_display_name (G_FILE (object));

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast_printf (self, _("Could not write “%s”: %s"), name, error->message);
      return;
    }
  show_toast_printf (self, _("Exported as ninjs to “%s”"), name);
}

static void
serialised (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), NULL);

  if (bytes == NULL)
    return;

  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       byline_window_get_cancellable (data->self),
                                       written, g_object_ref (data->self));
}

void
byline_window_export_ninjs_file (BylineWindow *self,
                                 GFile        *file)
{
  BylineArticle *article;
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  article = byline_article_editor_get_article (byline_window_get_editor (self));
  if (article == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->article = byline_article_copy (article);
  data->base = media_base_uri (self);

  task = g_task_new (NULL, byline_window_get_cancellable (self), serialised, NULL);
  g_task_set_source_tag (task, byline_window_export_ninjs_file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, serialise_thread);
}

static void
on_export_response (BylineWindow         *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        byline_window_export_ninjs_file (self, file);
    }
  g_object_unref (native);
}

static void
export_ninjs_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  static const char * const json_types[] = { "application/json", NULL };
  static const char * const json_patterns[] = { "*.json", NULL };
  BylineWindow *self = BYLINE_WINDOW (widget);
  BylineArticle *article = byline_article_editor_get_article (byline_window_get_editor (self));
  GtkFileChooserNative *native;
  g_autofree char *slug = NULL;
  g_autofree char *name = NULL;

  if (article == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export as ninjs"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filter (GTK_FILE_CHOOSER (native), _("ninjs Documents"), json_types, json_patterns);
  slug = byline_article_dup_effective_slug (article);
  name = g_strdup_printf ("%s.json", slug && *slug ? slug : "article");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response), widget, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Empty Trash */

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  guint removed = byline_store_purge_trash_sync (source_object, NULL, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, removed);
}

static void
purged (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize removed = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast_printf (self, _("Could not empty the trash: %s"), error->message);
      return;
    }
  show_toast_printf (self, g_dngettext (GETTEXT_PACKAGE, "Trash emptied: %u article deleted",
                                        "Trash emptied: %u articles deleted", (gulong) removed),
                     (guint) removed);
}

static void
on_empty_trash_response (BylineWindow     *self,
                         const char       *response,
                         AdwMessageDialog *dialog)
{
  g_autoptr(GTask) task = NULL;
  BylineStore *store = byline_window_get_store (self);

  if (g_strcmp0 (response, "empty") != 0)
    return;

  task = g_task_new (store, byline_window_get_cancellable (self), purged, g_object_ref (self));
  g_task_set_source_tag (task, on_empty_trash_response);
  g_task_run_in_thread (task, purge_thread);
}

static void
trash_listed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  trashed = byline_store_list_finish (BYLINE_STORE (object), result, &error);
  if (trashed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_toast (self, error->message);
      return;
    }
  if (trashed->len == 0)
    {
      byline_window_show_toast (self, _("The trash is empty"));
      return;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u article forever?",
                                          "Delete %u articles forever?", trashed->len),
                             trashed->len);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("Articles on the site go to its trash too.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "empty", _("_Empty Trash"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "empty", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_empty_trash_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
empty_trash_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  /* How many, to say so before anything goes */
  byline_store_list_async (byline_window_get_store (self), TRUE, byline_window_get_cancellable (self),
                           trash_listed, g_object_ref (self));
}

void
byline_window_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-ninjs", NULL, export_ninjs_action);
  gtk_widget_class_install_action (widget_class, "win.empty-trash", NULL, empty_trash_action);

  /* Also without an application (tests); the app sets the same accel */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
}
