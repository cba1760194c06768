/* byline-image-import.c: a photo from a file or the clipboard into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-import"

#include "config.h"

#include <glib/gi18n.h>

#include "store/byline-media.h"
#include "byline-image-import.h"
#include "byline-image-suggestions.h"

typedef struct
{
  GFile               *file;
  GBytes              *bytes;
  char                *name;
  /* Results */
  char                *src;
  BylineImageMetadata *metadata;
  GdkTexture          *thumbnail;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->name);
  g_free (data->src);
  g_clear_pointer (&data->metadata, byline_image_metadata_free);
  g_clear_object (&data->thumbnail);
  g_free (data);
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  int max_width = GPOINTER_TO_INT (user_data);

  /* The JPEG loader then decodes at 1/2, 1/4 or 1/8 scale: a 40-megapixel
   * photo never exists whole in memory */
  if (width > max_width && width > 0)
    gdk_pixbuf_loader_set_size (loader, max_width,
                                MAX (1, (int) ((gint64) height * max_width / width)));
}

/* Decoding is the real test of a picture; by its sniffed type, never by
 * name or MIME guess */
GdkTexture *
byline_image_decode_thumbnail (GBytes      *bytes,
                               const char  *name,
                               int          max_width,
                               GError     **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const char *type = byline_media_sniff_type (data, size);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  if (type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a JPEG, PNG or WebP image"), name);
      return NULL;
    }

  loader = gdk_pixbuf_loader_new_with_type (g_str_equal (type, "jpg") ? "jpeg" : type, &local_error);
  if (loader != NULL)
    {
      g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), GINT_TO_POINTER (max_width));
      if (gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error))
        gdk_pixbuf_loader_close (loader, &local_error);
      else
        gdk_pixbuf_loader_close (loader, NULL);
    }

  pixbuf = loader != NULL && local_error == NULL ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (pixbuf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” cannot be shown: %s"), name,
                   local_error ? local_error->message : _("the picture is damaged"));
      return NULL;
    }
  return gdk_texture_new_for_pixbuf (pixbuf);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BylineStore *store = source_object;
  ImportData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) metadata_error = NULL;
  GError *error = NULL;

  if (data->bytes != NULL)
    bytes = g_bytes_ref (data->bytes);
  else if ((bytes = g_file_load_bytes (data->file, cancellable, NULL, &error)) == NULL)
    {
      g_prefix_error (&error, _("Could not read “%s”: "), data->name);
      g_task_return_error (task, error);
      return;
    }

  if (!byline_media_check_bytes (bytes, data->name, &error)
      || (data->thumbnail = byline_image_decode_thumbnail (bytes, data->name,
                                                             BYLINE_THUMBNAIL_WIDTH, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Metadata is a bonus: a photo whose metadata is broken still goes in */
  data->metadata = byline_image_metadata_read_bytes (bytes, &metadata_error);
  if (data->metadata == NULL)
    g_debug ("No metadata from %s: %s", data->name, metadata_error->message);

  data->src = byline_store_add_media_sync (store, bytes, data->name, cancellable, &error);
  if (data->src == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
byline_image_import_async (BylineStore         *store,
                           GFile               *file,
                           GBytes              *bytes,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail ((file == NULL) != (bytes == NULL));

  data = g_new0 (ImportData, 1);
  data->file = file ? g_object_ref (file) : NULL;
  data->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  data->name = file ? g_file_get_basename (file) : g_strdup (_("The pasted picture"));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_image_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

BylineImage *
byline_image_import_finish (BylineStore          *store,
                            GAsyncResult         *result,
                            BylineImageMetadata **metadata,
                            GdkTexture          **thumbnail,
                            GError              **error)
{
  ImportData *data;
  BylineImage *image;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  image = byline_image_new ();
  byline_image_set_src (image, data->src);
  byline_image_take_suggestions (image, data->metadata);

  if (metadata != NULL)
    *metadata = data->metadata ? byline_image_metadata_copy (data->metadata) : NULL;
  if (thumbnail != NULL)
    *thumbnail = data->thumbnail ? g_object_ref (data->thumbnail) : NULL;
  return image;
}

GBytes *
byline_texture_to_png (GdkTexture *texture)
{
  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  return gdk_texture_save_to_png_bytes (texture);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);
  GError *error = NULL;
  GdkTexture *texture;

  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  texture = byline_image_decode_thumbnail (bytes, name,
                                           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "max-width")),
                                           &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

void
byline_thumbnail_load_async (GFile               *file,
                             int                  max_width,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_thumbnail_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "max-width", GINT_TO_POINTER (max_width));
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkTexture *
byline_thumbnail_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
