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
 * own image, with its caption and alt text), "target-state" (read-only: what
 * the last check of the CMS found, BylineTargetState).  Emits "changed" once
 * after any of them (or the image's texts) changed.
 *
 * Live references: the ref keeps the copy of the other story that the card
 * shows.  A check (src/sync/byline-ref-check.h) sets the target state and,
 * for BYLINE_TARGET_STATE_UPDATED, the site's fresh section, headline and
 * image, which byline_story_ref_refresh() takes over when the journalist
 * agrees.  Nothing else in the article changes on a check.
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


BylineTargetState byline_story_ref_get_target_state  (BylineStoryRef    *self);
/* The site's current values (an updated target), or NULL. */
const char       *byline_story_ref_get_fresh_section  (BylineStoryRef   *self);
const char       *byline_story_ref_get_fresh_headline (BylineStoryRef   *self);
BylineImage      *byline_story_ref_get_fresh_image    (BylineStoryRef   *self);
/* Records what a check found, as one change.  @fresh is the target as the
 * site has it now (for UPDATED), or NULL; only its section, headline and
 * image are kept. */
void              byline_story_ref_set_target         (BylineStoryRef    *self,
                                                       BylineTargetState  state,
                                                       BylineStoryRef    *fresh);
/* "Refresh card": takes over the fresh values and marks the target ok.
 * Does nothing unless the target is UPDATED. */
void              byline_story_ref_refresh            (BylineStoryRef    *self);
/* TRUE for a target that is updated, deleted or no longer public: what the
 * checks panel lists. */
gboolean          byline_story_ref_needs_attention    (BylineStoryRef    *self);
/* A sentence for the journalist about the target ("Deleted on the site"),
 * or NULL when there is nothing to say. */
const char       *byline_story_ref_describe_target    (BylineStoryRef    *self);
/* Every reference of @article that needs attention — related stories
 * first, then the body's cards in order: a GPtrArray of BylineStoryRef. */
GPtrArray        *byline_article_list_flagged_refs    (BylineArticle     *article);

G_END_DECLS
