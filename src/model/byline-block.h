/* byline-block.h: one block of a story's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-types.h"
#include "byline-image.h"
#include "byline-story-ref.h"

G_BEGIN_DECLS

/* A run of inline formatting inside a block's text.  Offsets count Unicode
 * characters (not bytes) from the start of the text; @end is exclusive.
 * @href is set for BYLINE_MARK_LINK only.
 */
typedef struct
{
  BylineMarkKind  kind;
  guint           start;
  guint           end;
  char           *href;
} BylineMark;

#define BYLINE_TYPE_BLOCK (byline_block_get_type())

G_DECLARE_FINAL_TYPE (BylineBlock, byline_block, BYLINE, BLOCK, GObject)

/* A block has a kind, fixed at construction:
 * - paragraph: text with marks (bold, italic, links);
 * - subheading: text (marks allowed);
 * - quote: text (marks allowed) and an attribution ("Jane Doe, minister");
 * - image: a BylineImage;
 * - card: an inline related-story card, a BylineStoryRef;
 * - raw: a CMS block Byline does not understand, kept verbatim: its "text"
 *   is the markup (set with byline_block_set_text()); no marks, no words,
 *   and byline_block_has_text() is FALSE for it.
 *
 * Properties: "kind" (construct-only), "text", "attribution", "image",
 * "story-ref", "word-count" (read-only).  The "changed" signal is emitted once
 * after any change, including changes of the image's or story ref's texts.
 */
BylineBlock      *byline_block_new                (BylineBlockKind  kind);
BylineBlock      *byline_block_new_paragraph      (const char      *text);
BylineBlock      *byline_block_copy               (BylineBlock     *self);
gboolean          byline_block_equal              (BylineBlock     *a,
                                                   BylineBlock     *b);
BylineBlockKind   byline_block_get_kind           (BylineBlock     *self);
gboolean          byline_block_has_text           (BylineBlock     *self);

const char       *byline_block_get_text           (BylineBlock     *self);
void              byline_block_set_text           (BylineBlock     *self,
                                                   const char      *text);
/* The marks, sorted by start then kind; never NULL when *n_marks > 0. */
const BylineMark *byline_block_get_marks          (BylineBlock     *self,
                                                   guint           *n_marks);
/* Replaces text and marks at once (one "changed").  Marks are copied,
 * clamped to the text, sorted and merged; empty marks are dropped. */
void              byline_block_set_text_and_marks (BylineBlock      *self,
                                                   const char       *text,
                                                   const BylineMark *marks,
                                                   guint             n_marks);
void              byline_block_add_mark           (BylineBlock     *self,
                                                   BylineMarkKind   kind,
                                                   guint            start,
                                                   guint            end,
                                                   const char      *href);

const char       *byline_block_get_attribution    (BylineBlock     *self);
void              byline_block_set_attribution    (BylineBlock     *self,
                                                   const char      *attribution);
BylineImage      *byline_block_get_image          (BylineBlock     *self);
void              byline_block_set_image          (BylineBlock     *self,
                                                   BylineImage     *image);
BylineStoryRef   *byline_block_get_story_ref      (BylineBlock     *self);
void              byline_block_set_story_ref      (BylineBlock     *self,
                                                   BylineStoryRef  *story_ref);

/* Words in the block's text (and a quote's attribution is not counted).
 * Cached: recomputed only when the text changes. */
guint             byline_block_get_word_count     (BylineBlock     *self);

/* Counts words the way Byline does everywhere: runs of letters, digits and
 * joining punctuation (don't, state-of-the-art, 3.5) separated by anything
 * else. */
guint             byline_count_words              (const char      *text,
                                                   gssize           len);

G_END_DECLS
