/* byline-story-ref.h: a live reference to another story in the CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-types.h"
#include "byline-image.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_STORY_REF (byline_story_ref_get_type())

G_DECLARE_FINAL_TYPE (BylineStoryRef, byline_story_ref, BYLINE, STORY_REF, GObject)

/* Properties: "cms-id" (the CMS's id as a string, e.g. "1234"), "url",
 * "section", "headline", "image" (a BylineImage or NULL: the other story's
 * own image, with its caption and alt text).  Emits "changed" once after any
 * of them (or the image's texts) changed.
 */
BylineStoryRef *byline_story_ref_new          (void);
BylineStoryRef *byline_story_ref_copy         (BylineStoryRef *self);
gboolean        byline_story_ref_equal        (BylineStoryRef *a,
                                               BylineStoryRef *b);
const char     *byline_story_ref_get_cms_id   (BylineStoryRef *self);
void            byline_story_ref_set_cms_id   (BylineStoryRef *self,
                                               const char     *cms_id);
const char     *byline_story_ref_get_url      (BylineStoryRef *self);
void            byline_story_ref_set_url      (BylineStoryRef *self,
                                               const char     *url);
const char     *byline_story_ref_get_section  (BylineStoryRef *self);
void            byline_story_ref_set_section  (BylineStoryRef *self,
                                               const char     *section);
const char     *byline_story_ref_get_headline (BylineStoryRef *self);
void            byline_story_ref_set_headline (BylineStoryRef *self,
                                               const char     *headline);
BylineImage    *byline_story_ref_get_image    (BylineStoryRef *self);
void            byline_story_ref_set_image    (BylineStoryRef *self,
                                               BylineImage    *image);

G_END_DECLS
