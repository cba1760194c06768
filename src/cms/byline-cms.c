/* byline-cms.c: what Byline asks of a CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-cms.h"

G_DEFINE_INTERFACE (BylineCms, byline_cms, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (BylineCmsIdentity, byline_cms_identity,
                     byline_cms_identity_copy, byline_cms_identity_free)

static void
byline_cms_default_init (BylineCmsInterface *iface)
{
}

BylineCmsIdentity *
byline_cms_identity_copy (const BylineCmsIdentity *identity)
{
  BylineCmsIdentity *copy;

  g_return_val_if_fail (identity != NULL, NULL);

  copy = g_new0 (BylineCmsIdentity, 1);
  copy->user_id = g_strdup (identity->user_id);
  copy->user_name = g_strdup (identity->user_name);
  copy->display_name = g_strdup (identity->display_name);
  copy->site_name = g_strdup (identity->site_name);
  copy->has_companion = identity->has_companion;

  return copy;
}

void
byline_cms_identity_free (BylineCmsIdentity *identity)
{
  if (identity == NULL)
    return;

  g_free (identity->user_id);
  g_free (identity->user_name);
  g_free (identity->display_name);
  g_free (identity->site_name);
  g_free (identity);
}

void
byline_cms_verify_account_async (BylineCms           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->verify_account_async (self, cancellable, callback, user_data);
}

BylineCmsIdentity *
byline_cms_verify_account_finish (BylineCms     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return BYLINE_CMS_GET_IFACE (self)->verify_account_finish (self, result, error);
}

void
byline_cms_list_async (BylineCms             *self,
                       BylineCmsStatusFilter  statuses,
                       guint                  page,
                       guint                  per_page,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (page >= 1);
  g_return_if_fail (per_page >= 1);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->list_async (self, NULL, statuses, page, per_page,
                                           cancellable, callback, user_data);
}

GPtrArray *
byline_cms_list_finish (BylineCms     *self,
                        GAsyncResult  *result,
                        guint         *total,
                        guint         *total_pages,
                        GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return BYLINE_CMS_GET_IFACE (self)->list_finish (self, result, total, total_pages, error);
}

void
byline_cms_search_async (BylineCms             *self,
                         const char            *query,
                         BylineCmsStatusFilter  statuses,
                         guint                  page,
                         guint                  per_page,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (page >= 1);
  g_return_if_fail (per_page >= 1);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->list_async (self, query, statuses, page, per_page,
                                           cancellable, callback, user_data);
}

GPtrArray *
byline_cms_search_finish (BylineCms     *self,
                          GAsyncResult  *result,
                          guint         *total,
                          guint         *total_pages,
                          GError       **error)
{
  return byline_cms_list_finish (self, result, total, total_pages, error);
}

void
byline_cms_fetch_async (BylineCms           *self,
                        const char          *remote_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->fetch_async (self, remote_id, cancellable, callback, user_data);
}

BylineArticle *
byline_cms_fetch_finish (BylineCms     *self,
                         GAsyncResult  *result,
                         char         **version,
                         GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return BYLINE_CMS_GET_IFACE (self)->fetch_finish (self, result, version, error);
}

void
byline_cms_push_async (BylineCms           *self,
                       BylineArticle       *article,
                       const char          *remote_id,
                       const char          *version,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (BYLINE_IS_ARTICLE (article));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->push_async (self, article, remote_id, version,
                                           cancellable, callback, user_data);
}

gboolean
byline_cms_push_finish (BylineCms     *self,
                        GAsyncResult  *result,
                        char         **remote_id,
                        char         **version,
                        GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return BYLINE_CMS_GET_IFACE (self)->push_finish (self, result, remote_id, version, error);
}

void
byline_cms_upload_media_async (BylineCms           *self,
                               BylineImage         *image,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (BYLINE_IS_IMAGE (image));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->upload_media_async (self, image, cancellable, callback, user_data);
}

gboolean
byline_cms_upload_media_finish (BylineCms     *self,
                                GAsyncResult  *result,
                                char         **media_id,
                                char         **url,
                                GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return BYLINE_CMS_GET_IFACE (self)->upload_media_finish (self, result, media_id, url, error);
}

void
byline_cms_delete_async (BylineCms           *self,
                         const char          *remote_id,
                         const char          *version,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (remote_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BYLINE_CMS_GET_IFACE (self)->delete_async (self, remote_id, version, cancellable, callback, user_data);
}

gboolean
byline_cms_delete_finish (BylineCms     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return BYLINE_CMS_GET_IFACE (self)->delete_finish (self, result, error);
}

/* What a CMS without its own answer keeps: none of the article's extras. */
static const char * const default_local_fields[] = {
  "language", "seo-title", "social-headline", "byline",
  "word-target", "dismissed-checks", "created", "scheduled-for",
  NULL
};

const char * const *
byline_cms_get_local_fields (BylineCms *self)
{
  BylineCmsInterface *iface;

  g_return_val_if_fail (BYLINE_IS_CMS (self), default_local_fields);

  iface = BYLINE_CMS_GET_IFACE (self);
  if (iface->get_local_fields == NULL)
    return default_local_fields;
  return iface->get_local_fields (self);
}

void
byline_cms_lookup_stories_async (BylineCms           *self,
                                 const char * const  *remote_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BylineCmsInterface *iface;

  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (remote_ids != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = BYLINE_CMS_GET_IFACE (self);
  if (iface->lookup_stories_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, byline_cms_lookup_stories_async,
                               BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               _("This site cannot check related stories."));
      return;
    }

  iface->lookup_stories_async (self, remote_ids, cancellable, callback, user_data);
}

GPtrArray *
byline_cms_lookup_stories_finish (BylineCms     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (g_async_result_is_tagged (result, byline_cms_lookup_stories_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return BYLINE_CMS_GET_IFACE (self)->lookup_stories_finish (self, result, error);
}

void
byline_cms_fetch_image_async (BylineCms           *self,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  BylineCmsInterface *iface;

  g_return_if_fail (BYLINE_IS_CMS (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = BYLINE_CMS_GET_IFACE (self);
  if (iface->fetch_image_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, byline_cms_fetch_image_async,
                               BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               "This site cannot send images");
      return;
    }

  iface->fetch_image_async (self, url, cancellable, callback, user_data);
}

GBytes *
byline_cms_fetch_image_finish (BylineCms     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_CMS (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  if (g_async_result_is_tagged (result, byline_cms_fetch_image_async))
    return g_task_propagate_pointer (G_TASK (result), error);

  return BYLINE_CMS_GET_IFACE (self)->fetch_image_finish (self, result, error);
}
