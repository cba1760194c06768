/* byline-ref-check.c: live references — is each linked story still as
 * the article shows it?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-ref-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-ref-check.h"

/* Every reference of the article with a CMS id: related first, then cards. */
static GPtrArray *
collect_refs (BylineArticle *article)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *related = byline_article_get_related (article);
  guint n = g_list_model_get_n_items (related);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);

      if (*byline_story_ref_get_cms_id (ref) != '\0')
        g_ptr_array_add (refs, g_steal_pointer (&ref));
    }

  n = byline_article_get_n_blocks (article);
  for (guint i = 0; i < n; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineStoryRef *ref;

      if (byline_block_get_kind (block) != BYLINE_BLOCK_CARD)
        continue;
      ref = byline_block_get_story_ref (block);
      if (ref != NULL && *byline_story_ref_get_cms_id (ref) != '\0')
        g_ptr_array_add (refs, g_object_ref (ref));
    }

  return refs;
}

static const char *
image_src (BylineStoryRef *ref)
{
  BylineImage *image = byline_story_ref_get_image (ref);

  return image != NULL ? byline_image_get_src (image) : "";
}

BylineTargetState
byline_ref_check_compare (BylineStoryRef *ref,
                          BylineStoryRef *fresh)
{
  BylineTargetState state;

  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), BYLINE_TARGET_STATE_UNKNOWN);

  if (fresh == NULL)
    return BYLINE_TARGET_STATE_DELETED;

  state = byline_story_ref_get_target_state (fresh);
  if (state != BYLINE_TARGET_STATE_OK)
    return state;

  /* What the card shows: the headline and the picture. */
  if (g_strcmp0 (byline_story_ref_get_headline (ref), byline_story_ref_get_headline (fresh)) != 0 ||
      g_strcmp0 (image_src (ref), image_src (fresh)) != 0)
    return BYLINE_TARGET_STATE_UPDATED;

  return BYLINE_TARGET_STATE_OK;
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  BylineArticle *article = g_task_get_task_data (task);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;
  guint n_flagged = 0;

  found = byline_cms_lookup_stories_finish (BYLINE_CMS (object), result, &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  for (guint i = 0; i < found->len; i++)
    {
      BylineStoryRef *fresh = g_ptr_array_index (found, i);
      g_hash_table_insert (by_id, (gpointer) byline_story_ref_get_cms_id (fresh), fresh);
    }

  /* The article as it is now: the journalist may have edited meanwhile. */
  refs = collect_refs (article);
  for (guint i = 0; i < refs->len; i++)
    {
      BylineStoryRef *ref = g_ptr_array_index (refs, i);
      BylineStoryRef *fresh = g_hash_table_lookup (by_id, byline_story_ref_get_cms_id (ref));
      BylineTargetState state = byline_ref_check_compare (ref, fresh);

      byline_story_ref_set_target (ref, state, fresh);
      if (byline_story_ref_needs_attention (ref))
        n_flagged++;
    }

  g_task_return_int (task, n_flagged);
}

void
byline_check_references_async (BylineCms           *cms,
                               BylineArticle       *article,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (BYLINE_IS_CMS (cms));
  g_return_if_fail (BYLINE_IS_ARTICLE (article));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_check_references_async);
  g_task_set_task_data (task, g_object_ref (article), g_object_unref);

  refs = collect_refs (article);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < refs->len; i++)
    {
      const char *id = byline_story_ref_get_cms_id (g_ptr_array_index (refs, i));

      if (g_hash_table_add (seen, (gpointer) id))
        g_ptr_array_add (ids, g_strdup (id));
    }
  if (ids->len == 0)
    {
      g_task_return_int (task, 0);
      return;
    }
  g_ptr_array_add (ids, NULL);

  byline_cms_lookup_stories_async (cms, (const char * const *) ids->pdata, cancellable,
                                   lookup_done_cb, g_steal_pointer (&task));
}

gboolean
byline_check_references_finish (GAsyncResult  *result,
                                guint         *n_flagged,
                                GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_flagged != NULL)
    *n_flagged = (guint) n;
  return TRUE;
}
