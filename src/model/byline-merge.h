/* byline-merge.h: three-way merge of an article (base, mine, theirs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

typedef enum
{
  BYLINE_MERGE_CHOICE_NONE,    /* not resolved yet */
  BYLINE_MERGE_CHOICE_MINE,
  BYLINE_MERGE_CHOICE_THEIRS,
  BYLINE_MERGE_CHOICE_CUSTOM,  /* the journalist edited the merged text */
} BylineMergeChoice;

#define BYLINE_TYPE_MERGE_CONFLICT (byline_merge_conflict_get_type())
G_DECLARE_FINAL_TYPE (BylineMergeConflict, byline_merge_conflict, BYLINE, MERGE_CONFLICT, GObject)

#define BYLINE_TYPE_MERGE (byline_merge_get_type())
G_DECLARE_FINAL_TYPE (BylineMerge, byline_merge, BYLINE, MERGE, GObject)

/* Merges field by field and, inside the body, block by block: a field or
 * block changed on one side only takes that side's value; changed on both
 * sides to the same value is clean; changed on both sides differently is a
 * conflict.  Block alignment follows the blocks' content (a diff of base
 * to each side), so inserts, deletes and edits of different paragraphs on
 * the two sides merge cleanly.  None of the three articles is modified. */
BylineMerge         *byline_merge_new                  (BylineArticle       *base,
                                                        BylineArticle       *mine,
                                                        BylineArticle       *theirs);
gboolean             byline_merge_has_conflicts        (BylineMerge         *self);
/* Conflicts not yet resolved, as a GListModel of BylineMergeConflict. */
GListModel          *byline_merge_get_conflicts        (BylineMerge         *self);
/* The merged article (a new object with mine's id).  Where a conflict is
 * unresolved it holds mine's value; resolving updates it. */
BylineArticle       *byline_merge_get_result           (BylineMerge         *self);

/* A conflict: "field" is a stable name ("headline", "standfirst",
 * "lead_image.caption", "body[4]", "tags" …), "label" a translated
 * description for people ("Headline", "Paragraph 5"), and the three
 * versions as display text (NULL when the side deleted it). */
const char          *byline_merge_conflict_get_field   (BylineMergeConflict *self);
const char          *byline_merge_conflict_get_label   (BylineMergeConflict *self);
const char          *byline_merge_conflict_get_base    (BylineMergeConflict *self);
const char          *byline_merge_conflict_get_mine    (BylineMergeConflict *self);
const char          *byline_merge_conflict_get_theirs  (BylineMergeConflict *self);
BylineMergeChoice    byline_merge_conflict_get_choice  (BylineMergeConflict *self);

/* Resolves one conflict; @custom_text is used with BYLINE_MERGE_CHOICE_CUSTOM
 * (for text fields and text blocks). */
void                 byline_merge_resolve              (BylineMerge         *self,
                                                        BylineMergeConflict *conflict,
                                                        BylineMergeChoice    choice,
                                                        const char          *custom_text);

/* Added: the same as byline_merge_resolve(), but a custom text that cannot
 * stand for the field (a status or a yes/no that is neither, a whole lead
 * image) is refused with a BYLINE_MERGE_ERROR instead of a warning, and the
 * conflict stays unresolved. */
#define BYLINE_MERGE_ERROR (byline_merge_error_quark ())

typedef enum
{
  BYLINE_MERGE_ERROR_INVALID_CUSTOM,
  BYLINE_MERGE_ERROR_UNKNOWN_CONFLICT,
} BylineMergeError;

GQuark               byline_merge_error_quark          (void);
gboolean             byline_merge_try_resolve          (BylineMerge         *self,
                                                        BylineMergeConflict *conflict,
                                                        BylineMergeChoice    choice,
                                                        const char          *custom_text,
                                                        GError             **error);

/* Changes @article in place until it holds what @wanted holds, touching
 * only what differs: each field through its setter (which does nothing
 * when the value is equal), the lead image's texts on the same photo, and
 * the body hunk by hunk (the same block diff as the merge, one
 * byline_article_splice_body() per changed stretch), so the blocks nobody
 * changed stay the same objects.  "created", "modified" and the id are
 * left alone.  For an article open in an editor that a merge brought up
 * to date. */
void                 byline_merge_update_article       (BylineArticle       *article,
                                                        BylineArticle       *wanted);

G_END_DECLS
