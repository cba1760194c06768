/* byline-article-format.h: Byline's JSON document format for one article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

/* The version this build writes; documents with a larger version are
 * refused with BYLINE_FORMAT_ERROR_NEWER_VERSION. */
#define BYLINE_FORMAT_VERSION 1

#define BYLINE_FORMAT_ERROR (byline_format_error_quark ())

typedef enum
{
  BYLINE_FORMAT_ERROR_INVALID_JSON,   /* not JSON at all, or truncated */
  BYLINE_FORMAT_ERROR_INVALID_UTF8,
  BYLINE_FORMAT_ERROR_NOT_AN_ARTICLE, /* "format" missing or not "byline-article" */
  BYLINE_FORMAT_ERROR_NEWER_VERSION,
  BYLINE_FORMAT_ERROR_MISSING_FIELD,
  BYLINE_FORMAT_ERROR_WRONG_TYPE,
  BYLINE_FORMAT_ERROR_INVALID_VALUE,
  BYLINE_FORMAT_ERROR_TOO_LARGE,      /* a string, the document or a list over its limit */
  BYLINE_FORMAT_ERROR_TOO_DEEP,       /* nesting deeper than any article needs */
} BylineFormatError;

GQuark         byline_format_error_quark   (void);

/* Serialises @article: a compact UTF-8 JSON document. */
char          *byline_article_to_json      (BylineArticle  *article,
                                            gsize          *length);

/* Parses a whole document.  On any problem returns NULL and an error whose
 * message names the field (as a JSON path, e.g. "body[3].text") and the
 * problem; never a partial article. @length may be -1 for NUL-terminated. */
BylineArticle *byline_article_new_from_json (const char    *data,
                                             gssize         length,
                                             GError       **error);

G_END_DECLS
