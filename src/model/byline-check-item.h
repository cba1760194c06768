/* byline-check-item.h: one thing to look at before the story goes to the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a check is about.  The names (byline_check_kind_to_string()) start
 * every check id, so they must never change. */
typedef enum
{
  BYLINE_CHECK_HEADLINE_LENGTH,       /* "headline-length" */
  BYLINE_CHECK_SEO_TITLE_LENGTH,      /* "seo-title-length": characters or width */
  BYLINE_CHECK_NO_STANDFIRST,         /* "no-standfirst" */
  BYLINE_CHECK_IMAGE,                 /* "image-<flag>": one per BylineImageFlags bit */
  BYLINE_CHECK_QUOTE_UNATTRIBUTED,    /* "quote-unattributed" */
  BYLINE_CHECK_UNBALANCED,            /* "unbalanced": quotation marks, brackets */
  BYLINE_CHECK_PLAIN_HTTP,            /* "plain-http" */
  BYLINE_CHECK_DOUBLED_WORD,          /* "doubled-word" */
  BYLINE_CHECK_REPEATED_PARAGRAPH,    /* "repeated-paragraph" */
  BYLINE_CHECK_WORD_TARGET,           /* "word-target" */
  /* A related card (inline or in the related list) whose target story
   * changed or was deleted on the site (byline-checks.c, check_related()). */
  BYLINE_CHECK_RELATED_TARGET,        /* "related-target" */
} BylineCheckKind;

typedef enum
{
  BYLINE_CHECK_SEVERITY_INFO,
  BYLINE_CHECK_SEVERITY_WARNING,
  BYLINE_CHECK_SEVERITY_ERROR,
} BylineCheckSeverity;

#define BYLINE_TYPE_CHECK_ITEM (byline_check_item_get_type())

G_DECLARE_FINAL_TYPE (BylineCheckItem, byline_check_item, BYLINE, CHECK_ITEM, GObject)

/* Where the item points: @field is the article property it is about
 * ("headline", "seo-title", "standfirst", "lead-image", "body",
 * "related"); for the body, @block is the block's position, for "related"
 * the story's position in the related list (else -1); @start and @end are a
 * range of Unicode characters in that field's or block's text (equal when
 * there is nothing to select); @image_index is 0 for the lead image, n for
 * the body's n-th image, -1 when it is not about an image.
 *
 * @id is stable while the text it is about stays the same: the kind's name
 * and a hash of that text ("doubled-word:3f2a9c01b7d4"), so a dismissal
 * (BylineArticle "dismissed-checks") survives edits elsewhere. */
BylineCheckItem     *byline_check_item_new             (BylineCheckKind      kind,
                                                        BylineCheckSeverity  severity,
                                                        const char          *id,
                                                        const char          *message,
                                                        const char          *field,
                                                        int                  block,
                                                        guint                start,
                                                        guint                end,
                                                        int                  image_index);
BylineCheckKind      byline_check_item_get_kind        (BylineCheckItem *self);
BylineCheckSeverity  byline_check_item_get_severity    (BylineCheckItem *self);
const char          *byline_check_item_get_id          (BylineCheckItem *self);
const char          *byline_check_item_get_message     (BylineCheckItem *self);
const char          *byline_check_item_get_field       (BylineCheckItem *self);
int                  byline_check_item_get_block       (BylineCheckItem *self);
guint                byline_check_item_get_start       (BylineCheckItem *self);
guint                byline_check_item_get_end         (BylineCheckItem *self);
int                  byline_check_item_get_image_index (BylineCheckItem *self);
gboolean             byline_check_item_get_dismissed   (BylineCheckItem *self);
void                 byline_check_item_set_dismissed   (BylineCheckItem *self,
                                                        gboolean         dismissed);

const char          *byline_check_kind_to_string       (BylineCheckKind  kind);

G_END_DECLS
