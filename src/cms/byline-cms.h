/* byline-cms.h: what Byline asks of a CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-article.h"
#include "byline-cms-error.h"
#include "byline-cms-item.h"

G_BEGIN_DECLS

/* Which remote articles a list shows; combine with |. */
typedef enum
{
  BYLINE_CMS_STATUS_DRAFT          = 1 << 0,
  BYLINE_CMS_STATUS_PENDING_REVIEW = 1 << 1,
  BYLINE_CMS_STATUS_SCHEDULED      = 1 << 2,
  BYLINE_CMS_STATUS_PUBLISHED      = 1 << 3,
  BYLINE_CMS_STATUS_ALL            = 0xf,
} BylineCmsStatusFilter;

/* Who the account is, as the CMS sees it (the answer to "Connect"). */
typedef struct
{
  char     *user_id;
  char     *user_name;      /* the login name */
  char     *display_name;
  char     *site_name;
  /* The site runs Byline's companion plugin: writes are checked with an
   * ETag, and related stories have a field of their own. */
  gboolean  has_companion;
} BylineCmsIdentity;

#define BYLINE_TYPE_CMS_IDENTITY (byline_cms_identity_get_type ())

GType              byline_cms_identity_get_type (void) G_GNUC_CONST;
BylineCmsIdentity *byline_cms_identity_copy     (const BylineCmsIdentity *identity);
void               byline_cms_identity_free     (BylineCmsIdentity       *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineCmsIdentity, byline_cms_identity_free)

#define BYLINE_TYPE_CMS (byline_cms_get_type ())

G_DECLARE_INTERFACE (BylineCms, byline_cms, BYLINE, CMS, GObject)

/* Every operation is asynchronous and cancellable and fails with a
 * BYLINE_CMS_ERROR.  A "version token" is opaque: whatever the backend
 * needs to tell whether the remote copy moved since (an ETag, a
 * modification time).  Remote ids are strings ("1234"). */
struct _BylineCmsInterface
{
  GTypeInterface parent_iface;

  void               (*verify_account_async)  (BylineCms             *self,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  BylineCmsIdentity *(*verify_account_finish) (BylineCms             *self,
                                               GAsyncResult          *result,
                                               GError               **error);

  /* @search may be NULL: a plain list, newest first. */
  void               (*list_async)            (BylineCms             *self,
                                               const char            *search,
                                               BylineCmsStatusFilter  statuses,
                                               guint                  page,
                                               guint                  per_page,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  GPtrArray         *(*list_finish)           (BylineCms             *self,
                                               GAsyncResult          *result,
                                               guint                 *total,
                                               guint                 *total_pages,
                                               GError               **error);

  void               (*fetch_async)           (BylineCms             *self,
                                               const char            *remote_id,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  BylineArticle     *(*fetch_finish)          (BylineCms             *self,
                                               GAsyncResult          *result,
                                               char                 **version,
                                               GError               **error);

  void               (*push_async)            (BylineCms             *self,
                                               BylineArticle         *article,
                                               const char            *remote_id,
                                               const char            *version,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  gboolean           (*push_finish)           (BylineCms             *self,
                                               GAsyncResult          *result,
                                               char                 **remote_id,
                                               char                 **version,
                                               GError               **error);

  void               (*upload_media_async)    (BylineCms             *self,
                                               BylineImage           *image,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  gboolean           (*upload_media_finish)   (BylineCms             *self,
                                               GAsyncResult          *result,
                                               char                 **media_id,
                                               char                 **url,
                                               GError               **error);

  void               (*delete_async)          (BylineCms             *self,
                                               const char            *remote_id,
                                               const char            *version,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  gboolean           (*delete_finish)         (BylineCms             *self,
                                               GAsyncResult          *result,
                                               GError               **error);

  /* Optional; see byline_cms_get_local_fields(). */
  const char * const *(*get_local_fields)     (BylineCms             *self);
  /* Optional (live references): see byline_cms_lookup_stories_async(). */
  void               (*lookup_stories_async)  (BylineCms             *self,
                                               const char * const    *remote_ids,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  GPtrArray         *(*lookup_stories_finish) (BylineCms             *self,
                                               GAsyncResult          *result,
                                               GError               **error);
  /* Optional (thumbnails): see byline_cms_fetch_image_async(). */
  void               (*fetch_image_async)     (BylineCms             *self,
                                               const char            *url,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
  GBytes            *(*fetch_image_finish)    (BylineCms             *self,
                                               GAsyncResult          *result,
                                               GError               **error);
};

/* Checks the credentials; the identity says who they belong to. */
void               byline_cms_verify_account_async  (BylineCms             *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
BylineCmsIdentity *byline_cms_verify_account_finish (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* One page (1-based) of remote articles, newest first.  Returns a
 * GPtrArray of BylineCmsItem; *total and *total_pages as the CMS counts. */
void               byline_cms_list_async            (BylineCms             *self,
                                                     BylineCmsStatusFilter  statuses,
                                                     guint                  page,
                                                     guint                  per_page,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *byline_cms_list_finish           (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     guint                 *total,
                                                     guint                 *total_pages,
                                                     GError               **error);

/* Like list, for articles matching @query. */
void               byline_cms_search_async          (BylineCms             *self,
                                                     const char            *query,
                                                     BylineCmsStatusFilter  statuses,
                                                     guint                  page,
                                                     guint                  per_page,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *byline_cms_search_finish         (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     guint                 *total,
                                                     guint                 *total_pages,
                                                     GError               **error);

/* The remote article as a new BylineArticle, and its version token. */
void               byline_cms_fetch_async           (BylineCms             *self,
                                                     const char            *remote_id,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
BylineArticle     *byline_cms_fetch_finish          (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     char                 **version,
                                                     GError               **error);

/* Creates (@remote_id NULL) or updates an article.  An update is written
 * only if the remote copy still has @version; otherwise it fails with
 * BYLINE_CMS_ERROR_STALE and nothing is written.  The article is read on
 * the calling thread; the caller must not change it until this finishes
 * (pass a copy).  Gives back the remote id and the new version token. */
void               byline_cms_push_async            (BylineCms             *self,
                                                     BylineArticle         *article,
                                                     const char            *remote_id,
                                                     const char            *version,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           byline_cms_push_finish           (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     char                 **remote_id,
                                                     char                 **version,
                                                     GError               **error);

/* Uploads an image (once: the same bytes give the same media) with its
 * caption, credit and alt text. */
void               byline_cms_upload_media_async    (BylineCms             *self,
                                                     BylineImage           *image,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           byline_cms_upload_media_finish   (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     char                 **media_id,
                                                     char                 **url,
                                                     GError               **error);

/* Moves the remote article to the CMS's trash (not for good: it can be
 * restored there), only if the remote copy still has @version; otherwise
 * it fails with BYLINE_CMS_ERROR_STALE and nothing changes.  A copy that
 * is gone already (BYLINE_CMS_ERROR_NOT_FOUND) is for the caller to judge. */
void               byline_cms_delete_async          (BylineCms             *self,
                                                     const char            *remote_id,
                                                     const char            *version,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           byline_cms_delete_finish         (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* The article properties ("seo-title", …) this CMS does not keep, as a
 * NULL-terminated list: a copy fetched from it holds their defaults, which
 * sync must not take for an edit made on the site.  It may change once
 * the backend has seen the site (WordPress keeps the SEO title and the
 * others only with Byline's companion plugin): ask after a fetch.  Safe on
 * any thread.  Without an implementation: every field the format has
 * beyond the core ones below. */
const char * const *byline_cms_get_local_fields     (BylineCms             *self);
/* What the site has now for each of @remote_ids, in few requests
 * (WordPress: one include= query): a GPtrArray of BylineStoryRef with its
 * cms-id, url, section, headline and image, and a target state of OK
 * (published or scheduled), NOT_PUBLIC (draft, pending, private) or
 * DELETED (in the site's trash).  An id the site does not know at all
 * (deleted for good) is simply absent.  A backend without it fails with
 * BYLINE_CMS_ERROR_INVALID_REQUEST. */
void               byline_cms_lookup_stories_async  (BylineCms             *self,
                                                     const char * const    *remote_ids,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *byline_cms_lookup_stories_finish (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* The bytes at @url, an image on the site (a story's featured image),
 * fetched off the main thread through the backend's session.  The
 * backend fetches only from its own site and never follows a redirect;
 * the caller checks that the bytes are an image.  A backend without it
 * fails with BYLINE_CMS_ERROR_INVALID_REQUEST. */
void               byline_cms_fetch_image_async     (BylineCms             *self,
                                                     const char            *url,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GBytes            *byline_cms_fetch_image_finish    (BylineCms             *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
