/* byline-image-loader.c: thumbnails loaded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-loader"

#include "config.h"

#include "byline-image-loader.h"

GFile *
byline_image_resolve_src (const char *src,
                          const char *store_directory)
{
  g_autofree char *scheme = NULL;

  if (src == NULL || src[0] == '\0')
    return NULL;

  scheme = g_uri_parse_scheme (src);
  if (scheme != NULL)
    {
      if (g_str_equal (scheme, "file") || g_str_equal (scheme, "resource"))
        return g_file_new_for_uri (src);
      return NULL;
    }

  if (g_path_is_absolute (src))
    return g_file_new_for_path (src);

  if (store_directory == NULL)
    return NULL;

  {
    g_autofree char *path = g_build_filename (store_directory, src, NULL);
    return g_file_new_for_path (path);
  }
}

typedef struct
{
  GFile *file;
  int    max_width;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = NULL;

  if (data->max_width <= 0)
    texture = gdk_texture_new_from_file (data->file, &error);
  else
    {
      /* A small copy: a body with many large photos stays light */
      g_autoptr(GFileInputStream) stream = g_file_read (data->file, cancellable, &error);
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      if (stream != NULL)
        pixbuf = gdk_pixbuf_new_from_stream_at_scale (G_INPUT_STREAM (stream), data->max_width, -1,
                                                      TRUE, cancellable, &error);
      if (pixbuf != NULL)
        texture = gdk_texture_new_for_pixbuf (pixbuf);
    }
  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GtkWidget *widget = GTK_WIDGET (object);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }

  if (GTK_IS_PICTURE (widget))
    gtk_picture_set_paintable (GTK_PICTURE (widget), GDK_PAINTABLE (texture));
  else if (GTK_IS_IMAGE (widget))
    gtk_image_set_from_paintable (GTK_IMAGE (widget), GDK_PAINTABLE (texture));
}

void
byline_picture_load_async (GtkWidget    *picture,
                           GFile        *file,
                           int           max_width,
                           GCancellable *cancellable)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (GTK_IS_PICTURE (picture) || GTK_IS_IMAGE (picture));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (picture, cancellable, load_done, NULL);
  g_task_set_source_tag (task, byline_picture_load_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->max_width = max_width;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

void
byline_texture_load_async (GFile               *file,
                           int                  max_width,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_texture_load_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->max_width = max_width;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
byline_texture_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
