/* byline-article.h: a news article, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-types.h"
#include "byline-block.h"
#include "byline-image.h"
#include "byline-story-ref.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE (byline_article_get_type())

G_DECLARE_FINAL_TYPE (BylineArticle, byline_article, BYLINE, ARTICLE, GObject)

/* Properties, each notified on its own so a widget can bind to one field:
 *   "id" (UUID string, construct-only; a new one when NULL), "language"
 *   (BCP 47 tag, default "en"), "section", "headline", "seo-title",
 *   "social-headline", "standfirst", "byline", "tags" (GStrv), "status"
 *   (BylineArticleStatus), "created", "modified" (GDateTime, UTC),
 *   "lead-image" (BylineImage or NULL), "word-count", "reading-time"
 *   (minutes, read-only), "revision" (guint64, read-only: +1 on every change),
 *   "slug" (the URL's last part as set by hand; "" = made from the
 *   headline, see below),
 *   "word-target" (words the desk asked for, 0 = none), "dismissed-checks"
 *   (GStrv: ids of BylineCheckItems the journalist dismissed for this
 *   article, see byline-checks.h), "scheduled-for" (GDateTime, UTC, or
 *   NULL: when a scheduled story should be published; kept whatever the
 *   status, only a scheduled story needs it).
 *
 * The slug follows the headline: while "slug" is empty the story's address
 * is byline_slug_from_text (headline), made when asked for; a slug set by
 * hand stays as it is whatever the headline becomes (until it is cleared).
 *
 * The body is a GListModel of BylineBlock; the related stories a GListModel
 * of BylineStoryRef.  Change them only through the functions below, so the
 * article can keep its word count and revision up to date.
 *
 * Signals:
 *   "changed" — after any change at all (a field, a block, an image's text, the
 *   related list).  "modified" is set to now before it is emitted, unless the
 *   change was to "modified" itself.  Autosave listens to this.
 *
 * Word count and reading time cover the standfirst and the text of the
 * body's blocks; they are kept incrementally (a keystroke recounts only the
 * block it changed).
 */
BylineArticle       *byline_article_new                 (void);
BylineArticle       *byline_article_new_with_id         (const char          *id);
/* A deep copy with the same id. */
BylineArticle       *byline_article_copy                (BylineArticle       *self);
/* Field by field, block by block; ignores "revision". */
gboolean             byline_article_equal               (BylineArticle       *a,
                                                         BylineArticle       *b);

const char          *byline_article_get_id              (BylineArticle       *self);
const char          *byline_article_get_language        (BylineArticle       *self);
void                 byline_article_set_language        (BylineArticle       *self,
                                                         const char          *language);
const char          *byline_article_get_section         (BylineArticle       *self);
void                 byline_article_set_section         (BylineArticle       *self,
                                                         const char          *section);
const char          *byline_article_get_headline        (BylineArticle       *self);
void                 byline_article_set_headline        (BylineArticle       *self,
                                                         const char          *headline);
const char          *byline_article_get_seo_title       (BylineArticle       *self);
void                 byline_article_set_seo_title       (BylineArticle       *self,
                                                         const char          *seo_title);
const char          *byline_article_get_social_headline (BylineArticle       *self);
void                 byline_article_set_social_headline (BylineArticle       *self,
                                                         const char          *social_headline);
const char          *byline_article_get_slug            (BylineArticle       *self);
void                 byline_article_set_slug            (BylineArticle       *self,
                                                         const char          *slug);
/* Whether the slug still follows the headline (see above). */
gboolean             byline_article_get_slug_follows_headline (BylineArticle *self);
/* The slug the story is published under: the one set by hand, or the one
 * the headline makes. */
char                *byline_article_dup_effective_slug  (BylineArticle       *self);
guint                byline_article_get_word_target     (BylineArticle       *self);
void                 byline_article_set_word_target     (BylineArticle       *self,
                                                         guint                word_target);
const char * const  *byline_article_get_dismissed_checks (BylineArticle      *self);
void                 byline_article_set_dismissed_checks (BylineArticle      *self,
                                                          const char * const *ids);
gboolean             byline_article_is_check_dismissed  (BylineArticle       *self,
                                                         const char          *check_id);
/* Adds @check_id to "dismissed-checks" (once). */
void                 byline_article_dismiss_check       (BylineArticle       *self,
                                                         const char          *check_id);
const char          *byline_article_get_standfirst      (BylineArticle       *self);
void                 byline_article_set_standfirst      (BylineArticle       *self,
                                                         const char          *standfirst);
const char          *byline_article_get_byline          (BylineArticle       *self);
void                 byline_article_set_byline          (BylineArticle       *self,
                                                         const char          *byline);
const char * const  *byline_article_get_tags            (BylineArticle       *self);
void                 byline_article_set_tags            (BylineArticle       *self,
                                                         const char * const  *tags);
BylineArticleStatus  byline_article_get_status          (BylineArticle       *self);
void                 byline_article_set_status          (BylineArticle       *self,
                                                         BylineArticleStatus  status);
GDateTime           *byline_article_get_created         (BylineArticle       *self);
void                 byline_article_set_created         (BylineArticle       *self,
                                                         GDateTime           *created);
GDateTime           *byline_article_get_scheduled_for  (BylineArticle       *self);
void                 byline_article_set_scheduled_for  (BylineArticle       *self,
                                                        GDateTime           *scheduled_for);
GDateTime           *byline_article_get_modified        (BylineArticle       *self);
void                 byline_article_set_modified        (BylineArticle       *self,
                                                         GDateTime           *modified);
BylineImage         *byline_article_get_lead_image      (BylineArticle       *self);
void                 byline_article_set_lead_image      (BylineArticle       *self,
                                                         BylineImage         *image);
guint                byline_article_get_word_count      (BylineArticle       *self);
guint                byline_article_get_reading_time    (BylineArticle       *self);
guint64              byline_article_get_revision        (BylineArticle       *self);
/* Which stored version of the article this object stands on: the one it
 * was loaded from, or the one a merge brought it up to.  The store refuses
 * a save made from an older version than it holds, so an editor's text
 * never silently replaces what sync wrote meanwhile (docs/store.md,
 * "Stored versions").  Bookkeeping, not content: not in the document, no
 * "changed", ignored by byline_article_equal() and byline_article_copy(). */
guint64              byline_article_get_stored_version  (BylineArticle       *self);
void                 byline_article_set_stored_version  (BylineArticle       *self,
                                                         guint64              version);

/* The body */
GListModel          *byline_article_get_body            (BylineArticle       *self);
guint                byline_article_get_n_blocks        (BylineArticle       *self);
BylineBlock         *byline_article_get_block           (BylineArticle       *self,
                                                         guint                position);
void                 byline_article_insert_block        (BylineArticle       *self,
                                                         guint                position,
                                                         BylineBlock         *block);
void                 byline_article_append_block        (BylineArticle       *self,
                                                         BylineBlock         *block);
void                 byline_article_remove_blocks       (BylineArticle       *self,
                                                         guint                position,
                                                         guint                n_blocks);
/* Removes @n_removals blocks at @position and inserts @additions there, as
 * one change (one "items-changed", one "changed"). */
void                 byline_article_splice_body         (BylineArticle       *self,
                                                         guint                position,
                                                         guint                n_removals,
                                                         BylineBlock * const *additions,
                                                         guint                n_additions);

/* Related stories (the sidebar list) */
GListModel          *byline_article_get_related         (BylineArticle       *self);
void                 byline_article_insert_related      (BylineArticle       *self,
                                                         guint                position,
                                                         BylineStoryRef      *ref);
void                 byline_article_remove_related      (BylineArticle       *self,
                                                         guint                position);
void                 byline_article_move_related        (BylineArticle       *self,
                                                         guint                from,
                                                         guint                to);

/* A cheap, immutable copy for writing on another thread (see
 * byline-article-snapshot.h).  O(number of blocks) pointer copies on the
 * calling thread; text is shared, not copied. */
BylineArticleSnapshot *byline_article_snapshot          (BylineArticle       *self);

G_END_DECLS
