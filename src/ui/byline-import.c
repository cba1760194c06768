/* byline-import.c: bringing an article document into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "model/byline-article-format.h"
#include "model/byline-import-reader.h"
#include "store/byline-media.h"
#include "byline-import.h"

typedef struct
{
  GFile    *file;
  gboolean  fresh_times;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

/* The sample's pictures live in resources: the store keeps its own
 * content-addressed copy, so the same picture is stored once */
static gboolean
copy_resource_image (BylineStore  *store,
                     BylineImage  *image,
                     GCancellable *cancellable,
                     GError      **error)
{
  const char *src;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *relative = NULL;

  if (image == NULL)
    return TRUE;

  src = byline_image_get_src (image);
  if (src == NULL || !g_str_has_prefix (src, "resource:///"))
    return TRUE;

  file = g_file_new_for_uri (src);
  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return FALSE;

  name = g_file_get_basename (file);
  relative = byline_store_add_media_sync (store, bytes, name, cancellable, error);
  if (relative == NULL)
    return FALSE;

  byline_image_set_src (image, relative);
  return TRUE;
}

static BylineArticle *
copy_with_new_id (BylineArticle *source,
                  gboolean       fresh_times)
{
  BylineArticle *article = byline_article_new ();
  GListModel *related = byline_article_get_related (source);
  BylineImage *lead = byline_article_get_lead_image (source);

  byline_article_set_language (article, byline_article_get_language (source));
  byline_article_set_section (article, byline_article_get_section (source));
  byline_article_set_headline (article, byline_article_get_headline (source));
  byline_article_set_seo_title (article, byline_article_get_seo_title (source));
  byline_article_set_social_headline (article, byline_article_get_social_headline (source));
  byline_article_set_standfirst (article, byline_article_get_standfirst (source));
  byline_article_set_byline (article, byline_article_get_byline (source));
  byline_article_set_tags (article, byline_article_get_tags (source));
  byline_article_set_status (article, byline_article_get_status (source));
  byline_article_set_scheduled_for (article, byline_article_get_scheduled_for (source));
  if (!byline_article_get_slug_follows_headline (source))
    byline_article_set_slug (article, byline_article_get_slug (source));
  if (lead != NULL)
    {
      g_autoptr(BylineImage) copy = byline_image_copy (lead);
      byline_article_set_lead_image (article, copy);
    }

  for (guint i = 0; i < byline_article_get_n_blocks (source); i++)
    {
      g_autoptr(BylineBlock) block = byline_block_copy (byline_article_get_block (source, i));
      byline_article_append_block (article, block);
    }

  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      g_autoptr(BylineStoryRef) copy = byline_story_ref_copy (ref);
      byline_article_insert_related (article, i, copy);
    }

  if (!fresh_times)
    {
      byline_article_set_created (article, byline_article_get_created (source));
      /* Last: any other change would set it to now */
      byline_article_set_modified (article, byline_article_get_modified (source));
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      byline_article_set_created (article, now);
      byline_article_set_modified (article, now);
    }

  return article;
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
  g_autoptr(BylineArticle) parsed = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autofree char *name = g_file_get_parse_name (data->file);
  GError *error = NULL;
  gsize size = 0;
  const char *contents;

  bytes = g_file_load_bytes (data->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  contents = g_bytes_get_data (bytes, &size);
  parsed = byline_article_new_from_json (contents, size, &error);
  if (parsed == NULL)
    {
      g_prefix_error (&error, _("%s is not a Byline article: "), name);
      g_task_return_error (task, error);
      return;
    }

  article = copy_with_new_id (parsed, data->fresh_times);

  if (!copy_resource_image (store, byline_article_get_lead_image (article), cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineStoryRef *ref = byline_block_get_story_ref (block);

      if (!copy_resource_image (store, byline_block_get_image (block), cancellable, &error)
          || (ref != NULL && !copy_resource_image (store, byline_story_ref_get_image (ref), cancellable, &error)))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  if (data->fresh_times)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      byline_article_set_modified (article, now);
    }

  if (!byline_store_save_article_sync (store, article, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (byline_article_get_id (article)), g_free);
}

void
byline_import_file_async (BylineStore         *store,
                          GFile               *file,
                          gboolean             fresh_times,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->fresh_times = fresh_times;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

char *
byline_import_file_finish (BylineStore   *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading a file to import: pages and ninjs from anywhere */

/* Larger than any story; a bigger file is not one (a video, a disk image) */
#define MAX_IMPORT_SIZE (64 * 1024 * 1024)

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GFile *file = g_task_get_task_data (task);
  const char *media_base = g_object_get_data (G_OBJECT (task), "media-base");
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = NULL;
  BylineImportResult *result;
  GError *error = NULL;
  const char *data;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  display = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_size (info) > MAX_IMPORT_SIZE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("“%s” is larger than %d MB: it is not a story"),
                               display, MAX_IMPORT_SIZE / (1024 * 1024));
      return;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_prefix_error (&error, _("Could not read “%s”: "), display);
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("“%s” is empty"), display);
      return;
    }
  /* A page says its own encoding (libxml2 reads it); anything else must
   * be UTF-8 text, not a picture or a word processor's file */
  if (memchr (data, '\0', MIN (length, 4096)) != NULL
      || (byline_import_detect (data, length, name) == BYLINE_IMPORT_KIND_TEXT
          && !g_utf8_validate (data, length, NULL)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("“%s” is not text: Byline imports its own documents, ninjs, web pages and text"),
                               display);
      return;
    }

  result = byline_import_read (data, length, name, media_base, &error);
  if (result == NULL)
    {
      g_prefix_error (&error, _("Could not import “%s”: "), display);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, g_object_unref);
}

void
byline_import_read_file_async (GFile               *file,
                               const char          *media_base,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_import_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "media-base", g_strdup (media_base), g_free);
  g_task_run_in_thread (task, read_file_thread);
}

BylineImportResult *
byline_import_read_file_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_article_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  BylineStore *store = source_object;
  BylineArticle *article = task_data;
  g_autoptr(BylineArticle) existing = NULL;
  g_autoptr(BylineArticle) renamed = NULL;
  g_autoptr(GError) lookup_error = NULL;
  GError *error = NULL;

  existing = byline_store_load_sync (store, byline_article_get_id (article), cancellable, &lookup_error);
  if (existing != NULL || !g_error_matches (lookup_error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND))
    {
      /* Already there (or unreadable): the import is a new article */
      renamed = copy_with_new_id (article, FALSE);
      article = renamed;
    }

  if (!byline_store_save_article_sync (store, article, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (byline_article_get_id (article)), g_free);
}

void
byline_import_store_article_async (BylineStore         *store,
                                   BylineArticle       *article,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail (BYLINE_IS_ARTICLE (article));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_import_store_article_async);
  /* A copy: the worker thread must be the only one touching it */
  g_task_set_task_data (task, byline_article_copy (article), g_object_unref);
  g_task_run_in_thread (task, store_article_thread);
}

char *
byline_import_store_article_finish (BylineStore   *store,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
