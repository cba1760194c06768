/* byline-cached-story.h: one story a search or a suggestion found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "model/byline-types.h"
#include "model/byline-story-ref.h"

G_BEGIN_DECLS

/* Where a result came from: a local article, the store's cache of CMS
 * stories (offline), or the connected site just now. */
typedef enum
{
  BYLINE_STORY_SOURCE_LOCAL,
  BYLINE_STORY_SOURCE_CACHED,
  BYLINE_STORY_SOURCE_SITE,
} BylineStorySource;

#define BYLINE_TYPE_CACHED_STORY (byline_cached_story_get_type())

G_DECLARE_FINAL_TYPE (BylineCachedStory, byline_cached_story, BYLINE, CACHED_STORY, GObject)

/* A plain record: the setters are for whoever builds it (the store, the
 * search, a CMS result); once handed on, it is not changed any more and
 * may be read on any thread — except a result shown in a list, which its
 * list's owner (BylineRelatedSearch) refreshes in place on the main
 * thread with byline_cached_story_update(), so the row showing it stays
 * and follows "changed".  Strings are never NULL ("" when unknown);
 * "date" is UTC microseconds since 1970 (0: unknown), "score" the rank
 * (lower is better, as FTS5's bm25()). */
BylineCachedStory *byline_cached_story_new               (BylineStorySource  source);
BylineCachedStory *byline_cached_story_copy              (BylineCachedStory *self);
BylineStorySource  byline_cached_story_get_source        (BylineCachedStory *self);
void               byline_cached_story_set_source        (BylineCachedStory *self,
                                                          BylineStorySource  source);
/* The local article's id (source local), or "". */
const char        *byline_cached_story_get_article_id    (BylineCachedStory *self);
const char        *byline_cached_story_get_account       (BylineCachedStory *self);
const char        *byline_cached_story_get_cms_id        (BylineCachedStory *self);
const char        *byline_cached_story_get_url           (BylineCachedStory *self);
const char        *byline_cached_story_get_section       (BylineCachedStory *self);
const char        *byline_cached_story_get_headline      (BylineCachedStory *self);
const char        *byline_cached_story_get_excerpt       (BylineCachedStory *self);
const char        *byline_cached_story_get_status        (BylineCachedStory *self);
const char        *byline_cached_story_get_image_src     (BylineCachedStory *self);
const char        *byline_cached_story_get_image_caption (BylineCachedStory *self);
/* Text used for ranking (the start of the body), not shown. */
const char        *byline_cached_story_get_text          (BylineCachedStory *self);
gint64             byline_cached_story_get_date          (BylineCachedStory *self);
double             byline_cached_story_get_score         (BylineCachedStory *self);

void               byline_cached_story_set_article_id    (BylineCachedStory *self,
                                                          const char        *article_id);
void               byline_cached_story_set_account       (BylineCachedStory *self,
                                                          const char        *account);
void               byline_cached_story_set_cms_id        (BylineCachedStory *self,
                                                          const char        *cms_id);
void               byline_cached_story_set_url           (BylineCachedStory *self,
                                                          const char        *url);
void               byline_cached_story_set_section       (BylineCachedStory *self,
                                                          const char        *section);
void               byline_cached_story_set_headline      (BylineCachedStory *self,
                                                          const char        *headline);
void               byline_cached_story_set_excerpt       (BylineCachedStory *self,
                                                          const char        *excerpt);
void               byline_cached_story_set_status        (BylineCachedStory *self,
                                                          const char        *status);
void               byline_cached_story_set_image         (BylineCachedStory *self,
                                                          const char        *src,
                                                          const char        *caption);
void               byline_cached_story_set_text          (BylineCachedStory *self,
                                                          const char        *text);
void               byline_cached_story_set_date          (BylineCachedStory *self,
                                                          gint64             date);
void               byline_cached_story_set_score         (BylineCachedStory *self,
                                                          double             score);

/* Takes every value of @from.  Emits "changed" (no arguments) when one
 * other than the score differed; returns whether it did. */
gboolean           byline_cached_story_update            (BylineCachedStory *self,
                                                          BylineCachedStory *from);

/* A new reference to this story (for "Attach" and "Insert Card"). */
BylineStoryRef    *byline_cached_story_to_ref            (BylineCachedStory *self);
/* The key that says two results are the same story: "cms:<id>" when it
 * has a CMS id, else "local:<article id>". */
char              *byline_cached_story_dedup_key         (BylineCachedStory *self);

G_END_DECLS
