/* byline-types.h: forward declarations and the model's enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _BylineArticle         BylineArticle;
typedef struct _BylineArticleSnapshot BylineArticleSnapshot;
typedef struct _BylineBlock           BylineBlock;
typedef struct _BylineImage           BylineImage;
typedef struct _BylineStoryRef        BylineStoryRef;

/* Where a story stands in the newsroom's workflow. */
typedef enum
{
  BYLINE_ARTICLE_STATUS_DRAFT,
  BYLINE_ARTICLE_STATUS_PENDING_REVIEW,
  BYLINE_ARTICLE_STATUS_SCHEDULED,
  BYLINE_ARTICLE_STATUS_PUBLISHED,
} BylineArticleStatus;

/* The kinds of block a story's body is made of. */
typedef enum
{
  BYLINE_BLOCK_PARAGRAPH,
  BYLINE_BLOCK_SUBHEADING,
  BYLINE_BLOCK_QUOTE,
  BYLINE_BLOCK_IMAGE,
  BYLINE_BLOCK_CARD,
  /* A block from a CMS that Byline does not understand (e.g. a WordPress
   * "core/columns"): its text holds the verbatim markup, kept and sent
   * back untouched.  Format name "raw", member "markup". */
  BYLINE_BLOCK_RAW,
} BylineBlockKind;

/* Inline formatting inside a paragraph, quote or subheading. */
typedef enum
{
  BYLINE_MARK_BOLD,
  BYLINE_MARK_ITALIC,
  BYLINE_MARK_LINK,
} BylineMarkKind;

/* How far an article is in step with its CMS. */
typedef enum
{
  BYLINE_SYNC_STATE_LOCAL,
  BYLINE_SYNC_STATE_PENDING,
  BYLINE_SYNC_STATE_SYNCING,
  BYLINE_SYNC_STATE_SYNCED,
  BYLINE_SYNC_STATE_CONFLICT,
  BYLINE_SYNC_STATE_ERROR,
} BylineSyncState;

/* What Byline last learned about the story a reference (a related story,
 * an inline card) points to, when it checked the CMS. */
typedef enum
{
  BYLINE_TARGET_STATE_UNKNOWN,     /* never checked */
  BYLINE_TARGET_STATE_OK,          /* as the reference shows it */
  BYLINE_TARGET_STATE_UPDATED,     /* its headline or image changed on the site */
  BYLINE_TARGET_STATE_DELETED,     /* deleted (or in the site's trash) */
  BYLINE_TARGET_STATE_NOT_PUBLIC,  /* unpublished or made private */
} BylineTargetState;

/* Stable names used in the file format, the store and the CLI. */
const char          *byline_article_status_to_string (BylineArticleStatus  status);
gboolean             byline_article_status_from_string (const char        *str,
                                                        BylineArticleStatus *status);
const char          *byline_block_kind_to_string     (BylineBlockKind      kind);
gboolean             byline_block_kind_from_string   (const char          *str,
                                                      BylineBlockKind     *kind);
const char          *byline_sync_state_to_string     (BylineSyncState      state);
gboolean             byline_sync_state_from_string   (const char          *str,
                                                      BylineSyncState     *state);

const char          *byline_target_state_to_string   (BylineTargetState    state);
gboolean             byline_target_state_from_string (const char          *str,
                                                      BylineTargetState   *state);

G_END_DECLS
