/* byline-import-decision.h: one thing an importer recognised, and whether to use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-types.h"
#include "byline-block.h"

G_BEGIN_DECLS

/* What a piece of an imported page was recognised as. */
typedef enum
{
  BYLINE_IMPORT_ROLE_BODY,        /* a body block: always kept */
  BYLINE_IMPORT_ROLE_HEADLINE,
  BYLINE_IMPORT_ROLE_STANDFIRST,
  BYLINE_IMPORT_ROLE_BYLINE,
  BYLINE_IMPORT_ROLE_SECTION,
  BYLINE_IMPORT_ROLE_DATE,        /* value: ISO 8601; sets "created" */
  BYLINE_IMPORT_ROLE_LANGUAGE,
  BYLINE_IMPORT_ROLE_TAGS,        /* value: tags, one per line */
  BYLINE_IMPORT_ROLE_IMAGE,       /* the lead image's address */
  BYLINE_IMPORT_ROLE_CAPTION,     /* the lead image's caption */
  BYLINE_IMPORT_ROLE_CREDIT,      /* the lead image's credit */
  BYLINE_IMPORT_ROLE_ALT,         /* the lead image's alt text */
  BYLINE_IMPORT_ROLE_PHOTO,       /* a photo in the body (block: an image block) */
  BYLINE_IMPORT_ROLE_SUBHEADING,  /* block: a subheading */
  BYLINE_IMPORT_ROLE_CARD,        /* block: an inline related-story card */
  BYLINE_IMPORT_ROLE_RELATED,     /* block: a card whose story goes to the related list */
  BYLINE_IMPORT_ROLE_FURNITURE,   /* site furniture: accepted means dropped */
} BylineImportRole;

/* What happens to the text when the journalist says "no". */
typedef enum
{
  BYLINE_IMPORT_FALLBACK_PARAGRAPH, /* kept as a body paragraph, in its place */
  BYLINE_IMPORT_FALLBACK_NONE,      /* metadata nobody saw on the page: left out */
} BylineImportFallback;

/* At or above this a decision is taken without asking. */
#define BYLINE_IMPORT_CONFIDENT 0.8

#define BYLINE_TYPE_IMPORT_DECISION (byline_import_decision_get_type())

G_DECLARE_FINAL_TYPE (BylineImportDecision, byline_import_decision, BYLINE, IMPORT_DECISION, GObject)

/* @text: the text as it stood in the source (shown to the journalist and
 * used by the fallback); @value: what goes into the article when accepted
 * (NULL: @text).  Accepted by default when @confidence >= 0.5.
 * Property "accepted" is notified on change. */
BylineImportDecision *byline_import_decision_new            (BylineImportRole      role,
                                                             const char           *text,
                                                             const char           *value,
                                                             double                confidence,
                                                             const char           *reason);
/* For BODY, PHOTO, SUBHEADING, CARD and RELATED: the block (a reference is taken). */
BylineImportDecision *byline_import_decision_new_block      (BylineImportRole      role,
                                                             BylineBlock          *block,
                                                             const char           *text,
                                                             double                confidence,
                                                             const char           *reason);
BylineImportRole      byline_import_decision_get_role       (BylineImportDecision *self);
const char           *byline_import_decision_get_text       (BylineImportDecision *self);
const char           *byline_import_decision_get_value      (BylineImportDecision *self);
BylineBlock          *byline_import_decision_get_block      (BylineImportDecision *self);
double                byline_import_decision_get_confidence (BylineImportDecision *self);
/* Why the importer thought so, in a few translated words. */
const char           *byline_import_decision_get_reason     (BylineImportDecision *self);
BylineImportFallback  byline_import_decision_get_fallback   (BylineImportDecision *self);
void                  byline_import_decision_set_fallback   (BylineImportDecision *self,
                                                             BylineImportFallback  fallback);
gboolean              byline_import_decision_get_accepted   (BylineImportDecision *self);
void                  byline_import_decision_set_accepted   (BylineImportDecision *self,
                                                             gboolean              accepted);
/* Below BYLINE_IMPORT_CONFIDENT, and not a body block. */
gboolean              byline_import_decision_is_uncertain   (BylineImportDecision *self);

/* "the headline", "the lead image caption", … (translated), for
 * "We think this is %s". */
const char           *byline_import_role_describe           (BylineImportRole      role);
/* A stable English name for scripts: "headline", "caption", "furniture". */
const char           *byline_import_role_to_string          (BylineImportRole      role);

G_END_DECLS
