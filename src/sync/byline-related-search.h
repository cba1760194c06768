/* byline-related-search.h: one query → local, cached and site stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-cms.h"
#include "byline-store.h"
#include "byline-story-cache.h"

G_BEGIN_DECLS

/* How the connected site's part of a search went. */
typedef enum
{
  BYLINE_SITE_SEARCH_NONE,         /* no site connected */
  BYLINE_SITE_SEARCH_RUNNING,
  BYLINE_SITE_SEARCH_DONE,
  BYLINE_SITE_SEARCH_UNREACHABLE,  /* failed: results are local and cached only */
} BylineSiteSearchState;

#define BYLINE_RELATED_SEARCH_LIMIT 20

#define BYLINE_TYPE_RELATED_SEARCH (byline_related_search_get_type())

G_DECLARE_FINAL_TYPE (BylineRelatedSearch, byline_related_search, BYLINE, RELATED_SEARCH, GObject)

/* Searches local articles and the store's cache of CMS stories (FTS5, on
 * a worker thread) and, when a CMS is set, the site
 * (byline_cms_search_async), all at once.  Results go into one list
 * (byline_related_search_get_results(): a GListModel of BylineCachedStory)
 * as each part arrives, each saying where it came from; a story found
 * in the cache and on the site is one result, with the site's fresh
 * values.  Site results are written to the cache, so the next search
 * finds them offline.  A new run cancels the one before: nothing from a
 * stale query ever reaches the list.  What the run before found stays in
 * the list until the new run's first answer, which replaces it by a diff:
 * a story found again keeps its item (its values refreshed in place,
 * BylineCachedStory::changed), the others are removed and inserted with
 * the fewest items-changed, so a list view keeps the rows that stay.
 *
 * Properties: "store", "cms" (may be NULL), "account" (construct-only
 * store; the others settable), "site-state" (BylineSiteSearchState),
 * "status" (a sentence for the journalist, or NULL), "running" (some part
 * has not answered yet).
 */
BylineRelatedSearch   *byline_related_search_new            (BylineStore         *store,
                                                             BylineCms           *cms,
                                                             const char          *account);
void                   byline_related_search_set_cms        (BylineRelatedSearch *self,
                                                             BylineCms           *cms,
                                                             const char          *account);
/* The article being written: never offered as its own result. */
void                   byline_related_search_set_exclude_article_id (BylineRelatedSearch *self,
                                                                     const char          *article_id);
/* How long the site's part of a run waits for the next run (typing on)
 * before it asks the site; 0 (the default) asks at once.  The local and
 * cached part never waits. */
void                   byline_related_search_set_site_delay (BylineRelatedSearch *self,
                                                             guint                delay_ms);
void                   byline_related_search_run            (BylineRelatedSearch *self,
                                                             const char          *text);
void                   byline_related_search_cancel         (BylineRelatedSearch *self);
GListModel            *byline_related_search_get_results    (BylineRelatedSearch *self);
BylineSiteSearchState  byline_related_search_get_site_state (BylineRelatedSearch *self);
const char            *byline_related_search_get_status     (BylineRelatedSearch *self);
gboolean               byline_related_search_get_running    (BylineRelatedSearch *self);

/* A CMS list item as a cache record (source site). */
BylineCachedStory     *byline_cached_story_new_from_cms_item (BylineCmsItem     *item,
                                                              const char        *account);

G_END_DECLS
