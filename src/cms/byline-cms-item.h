/* byline-cms-item.h: one remote article in a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_CMS_ITEM (byline_cms_item_get_type ())

G_DECLARE_FINAL_TYPE (BylineCmsItem, byline_cms_item, BYLINE, CMS_ITEM, GObject)

/* Immutable; properties (construct-only): "remote-id", "headline",
 * "status" (BylineArticleStatus as guint), "modified" (GDateTime, UTC),
 * "url", "version" (the version token the list reported). */
BylineCmsItem       *byline_cms_item_new           (const char          *remote_id,
                                                    const char          *headline,
                                                    BylineArticleStatus  status,
                                                    GDateTime           *modified,
                                                    const char          *url,
                                                    const char          *version);
const char          *byline_cms_item_get_remote_id (BylineCmsItem       *self);
const char          *byline_cms_item_get_headline  (BylineCmsItem       *self);
BylineArticleStatus  byline_cms_item_get_status    (BylineCmsItem       *self);
GDateTime           *byline_cms_item_get_modified  (BylineCmsItem       *self);
const char          *byline_cms_item_get_url       (BylineCmsItem       *self);
const char          *byline_cms_item_get_version   (BylineCmsItem       *self);

/* What a story card shows (section, excerpt, image URL, first published),
 * for the story cache; "" and NULL when the list did not carry it.  Set
 * by the backend before it returns the item, never after. */
void                 byline_cms_item_set_story     (BylineCmsItem       *self,
                                                    const char          *section,
                                                    const char          *excerpt,
                                                    const char          *image_src,
                                                    GDateTime           *published);
const char          *byline_cms_item_get_section   (BylineCmsItem       *self);
const char          *byline_cms_item_get_excerpt   (BylineCmsItem       *self);
const char          *byline_cms_item_get_image_src (BylineCmsItem       *self);
GDateTime           *byline_cms_item_get_published (BylineCmsItem       *self);

G_END_DECLS
