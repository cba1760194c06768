/* byline-import.c: bringing an article document into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "model/byline-article-format.h"
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
