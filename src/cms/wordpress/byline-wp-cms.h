/* byline-wp-cms.h: BylineCms for WordPress's REST API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "byline-cms.h"

G_BEGIN_DECLS

/* Answers larger than this are refused (BYLINE_CMS_ERROR_TOO_LARGE). */
#define BYLINE_WP_CMS_MAX_RESPONSE (16 * 1024 * 1024)
/* Images larger than this are not uploaded. */
#define BYLINE_WP_CMS_MAX_UPLOAD (64 * 1024 * 1024)

#define BYLINE_TYPE_WP_CMS (byline_wp_cms_get_type ())

G_DECLARE_FINAL_TYPE (BylineWpCms, byline_wp_cms, BYLINE, WP_CMS, GObject)

/* Talks to the WordPress site at @site_url (https, or http on a loopback
 * address only) as @user with an application password, through @session
 * (whose TLS database, timeouts and proxy the caller chooses).  Fails with
 * BYLINE_CMS_ERROR_INVALID_REQUEST for a URL Byline will not send a
 * password to.
 *
 * Properties: "session", "site-url", "user" (construct-only), "password"
 * (construct-only, write-only), "media-dir" (GFile: where image paths
 * relative to the store, "media/<hash>.png", are resolved). */
BylineWpCms *byline_wp_cms_new           (SoupSession  *session,
                                          const char   *site_url,
                                          const char   *user,
                                          const char   *password,
                                          GError      **error);
const char  *byline_wp_cms_get_site_url  (BylineWpCms  *self);
const char  *byline_wp_cms_get_user      (BylineWpCms  *self);
/* Returns: (transfer full) (nullable) */
GFile       *byline_wp_cms_get_media_dir (BylineWpCms  *self);
void         byline_wp_cms_set_media_dir (BylineWpCms  *self,
                                          GFile        *media_dir);

/* Whether @url may carry a password: https, or http to 127.0.0.0/8, ::1
 * or localhost.  Sets @error saying why not. */
gboolean     byline_wp_cms_check_url     (const char   *url,
                                          GError      **error);

G_END_DECLS
