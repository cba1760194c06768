/* byline-thumbnail.c: a story's image from its site, kept in the media store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-thumbnail"

#include "config.h"

#include "byline-media.h"
#include "byline-thumbnail.h"

typedef struct
{
  BylineStore *store;
  BylineCms   *cms;
  char        *url;
  GBytes      *bytes;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_clear_object (&fetch->store);
  g_clear_object (&fetch->cms);
  g_free (fetch->url);
  g_clear_pointer (&fetch->bytes, g_bytes_unref);
  g_free (fetch);
}

static GFile *
file_of (BylineStore *store,
         const char  *src)
{
  return g_file_new_build_filename (byline_store_get_directory (store), src, NULL);
}

/* Worker: the copy kept earlier, or NULL (no error) when there is none. */
static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autofree char *src = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  src = byline_store_lookup_remote_media_sync (fetch->store, fetch->url, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (src != NULL)
    file = file_of (fetch->store, src);
  /* A media folder emptied by hand: fetch it again. */
  if (file != NULL && !g_file_query_exists (file, cancellable))
    g_clear_object (&file);
  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

/* Worker: check the bytes, store them, remember the URL. */
static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autofree char *src = NULL;
  GError *error = NULL;

  if (!byline_media_check_bytes (fetch->bytes, fetch->url, &error) ||
      !(src = byline_store_add_media_sync (fetch->store, fetch->bytes, fetch->url, cancellable, &error)) ||
      !byline_store_remember_remote_media_sync (fetch->store, fetch->url, src, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, file_of (fetch->store, src), g_object_unref);
}

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->bytes = byline_cms_fetch_image_finish (BYLINE_CMS (object), result, &error);
  if (fetch->bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, keep_thread);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  file = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (file != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
      return;
    }
  if (fetch->cms == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               "No site to fetch %s from", fetch->url);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  byline_cms_fetch_image_async (fetch->cms, fetch->url, cancellable, image_cb, g_steal_pointer (&task));
}

void
byline_thumbnail_fetch_async (BylineStore         *store,
                              BylineCms           *cms,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) lookup = NULL;
  Fetch *fetch;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail (cms == NULL || BYLINE_IS_CMS (cms));
  g_return_if_fail (url != NULL);

  fetch = g_new0 (Fetch, 1);
  fetch->store = g_object_ref (store);
  fetch->cms = cms != NULL ? g_object_ref (cms) : NULL;
  fetch->url = g_strdup (url);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_thumbnail_fetch_async);
  g_task_set_task_data (task, fetch, fetch_free);

  lookup = g_task_new (NULL, cancellable, lookup_cb, g_steal_pointer (&task));
  g_task_set_task_data (lookup, fetch, NULL);
  g_task_run_in_thread (lookup, lookup_thread);
}

GFile *
byline_thumbnail_fetch_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_thumbnail_fetch_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
