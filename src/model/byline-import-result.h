/* byline-import-result.h: an imported story before it becomes an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"
#include "byline-import-decision.h"

G_BEGIN_DECLS

/* What an import was read from. */
typedef enum
{
  BYLINE_IMPORT_KIND_UNKNOWN,
  BYLINE_IMPORT_KIND_BYLINE,     /* Byline's own JSON document */
  BYLINE_IMPORT_KIND_NINJS,      /* IPTC ninjs 2.x */
  BYLINE_IMPORT_KIND_HTML,       /* a whole web page, or a story's HTML */
  BYLINE_IMPORT_KIND_TEXT,       /* plain text copied from a page */
} BylineImportKind;

#define BYLINE_TYPE_IMPORT_RESULT (byline_import_result_get_type())

G_DECLARE_FINAL_TYPE (BylineImportResult, byline_import_result, BYLINE, IMPORT_RESULT, GObject)

/* A result is either a finished article (Byline, ninjs: nothing to ask) or
 * an ordered list of decisions, one per piece of the source, from which
 * byline_import_result_build_article() makes the article as the
 * journalist's yes/no answers say.  Nothing is lost either way: a piece
 * said "no" to becomes a body paragraph in its place (see
 * BylineImportFallback), and dropped furniture is listed. */
BylineImportResult *byline_import_result_new                (BylineImportKind      kind);
BylineImportResult *byline_import_result_new_for_article    (BylineImportKind      kind,
                                                             BylineArticle        *article);
BylineImportKind    byline_import_result_get_kind           (BylineImportResult   *self);
/* Takes a reference. */
void                byline_import_result_add                (BylineImportResult   *self,
                                                             BylineImportDecision *decision);
/* Convenience: add and return (borrowed) a new decision. */
BylineImportDecision *byline_import_result_add_text         (BylineImportResult   *self,
                                                             BylineImportRole      role,
                                                             const char           *text,
                                                             const char           *value,
                                                             double                confidence,
                                                             const char           *reason);
BylineImportDecision *byline_import_result_add_block        (BylineImportResult   *self,
                                                             BylineImportRole      role,
                                                             BylineBlock          *block,
                                                             const char           *text,
                                                             double                confidence,
                                                             const char           *reason);
/* All decisions, in source order (a borrowed array of BylineImportDecision). */
GPtrArray          *byline_import_result_get_decisions      (BylineImportResult   *self);
/* How many a journalist should look at. */
guint               byline_import_result_count_uncertain    (BylineImportResult   *self);
/* Answers "no" to every uncertain decision: what to do without anyone to
 * ask.  Their text stays in the body, nothing is dropped on a guess. */
void                byline_import_result_reject_uncertain   (BylineImportResult   *self);
/* A new article with a new id (for a finished article: a copy with its
 * id) from the decisions' current answers. */
BylineArticle      *byline_import_result_build_article      (BylineImportResult   *self);

const char         *byline_import_kind_to_string            (BylineImportKind      kind);

G_END_DECLS
