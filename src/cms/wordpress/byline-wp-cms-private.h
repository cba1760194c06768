/* byline-wp-cms-private.h: the WordPress backend's readers of the site's
 * answers, one per kind of answer, without the network
 *
 * The backend calls these on every answer; the fuzz targets (tests/fuzz/)
 * call them on made-up answers.  Each checks every member's type and
 * gives an error naming what was wrong, never a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "byline-wp-cms.h"

G_BEGIN_DECLS

/* A post (GET /wp/v2/posts/ID, context=edit) as read, before the terms,
 * media and related stories it names are fetched. */
typedef struct
{
  const char          *title;            /* these point into the JSON node */
  const char          *content;
  const char          *excerpt;
  const char          *modified_gmt;
  const char          *date_gmt;         /* or NULL */
  const char          *slug;             /* or NULL when the site sent none */
  JsonObject          *meta;             /* the companion's meta, or NULL */
  BylineArticleStatus  status;
  gint64               featured;
  GArray              *categories;       /* of gint64 */
  GArray              *tags;             /* of gint64 */
  GArray              *related_ids;      /* companion meta, or NULL */
  GPtrArray           *blocks;           /* of BylineBlock */
  GPtrArray           *content_related;  /* of BylineStoryRef, or NULL */
  GHashTable          *media_ids;        /* image URL -> media id */
} BylineWpPost;

void         byline_wp_post_clear          (BylineWpPost        *post);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BylineWpPost, byline_wp_post_clear)

/* The answer to any request, after the transport: HTTP status, headers and
 * body.  Returns: (transfer full): the JSON, or NULL with @error set (a
 * redirect, an HTTP error with WordPress's error object in *@error_body
 * when there was one, a web page, or not JSON). */
JsonNode    *byline_wp_cms_read_answer     (BylineWpCms         *self,
                                            guint                status,
                                            SoupMessageHeaders  *response_headers,
                                            GBytes              *body,
                                            JsonNode           **error_body,
                                            GError             **error);
/* GET /wp/v2/posts: a GPtrArray of BylineCmsItem. */
GPtrArray   *byline_wp_cms_parse_post_list (BylineWpCms         *self,
                                            JsonNode            *root,
                                            GError             **error);
/* GET /wp/v2/posts/ID.  @post stays valid while @root lives. */
gboolean     byline_wp_cms_parse_post      (BylineWpCms         *self,
                                            JsonNode            *root,
                                            BylineWpPost        *post,
                                            GError             **error);
/* GET /wp/v2/media/ID.  Also remembers the media id of its URL. */
BylineImage *byline_wp_cms_parse_media     (BylineWpCms         *self,
                                            JsonNode            *root,
                                            gint64               media_id,
                                            GError             **error);
/* GET /wp/v2/categories or /wp/v2/tags: term id (gint64 *) -> name. */
GHashTable  *byline_wp_cms_parse_terms     (BylineWpCms         *self,
                                            JsonNode            *root,
                                            const char          *taxonomy,
                                            GError             **error);

/* As if discovery had found the companion plugin (or not): the readers of
 * a post look at its "meta" only with the plugin. */
void         byline_wp_cms_set_companion_for_testing (BylineWpCms *self,
                                                      gboolean     companion);

G_END_DECLS
