/* byline-page-reader.h: a story from a web page's HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-import-result.h"

G_BEGIN_DECLS

/* Reads a whole page (or a story's HTML) with libxml2's HTML parser:
 * headline, standfirst, byline, section, date, tags, language and the lead
 * image from schema.org NewsArticle JSON-LD, Open Graph and meta tags and
 * the page's own structure (<article>, <h1>, <figure>/<figcaption>, <time>,
 * class names); the body from the <article> (or <main>, or <body>) through
 * the HTML reader, which sanitises it; teasers (asides with a section
 * label and one link) as cards; furniture (nav, share, newsletter, cookie,
 * comments, link lists, text in another script) dropped and listed.
 * Fails only when there is no HTML to read. */
BylineImportResult *byline_page_read (const char  *html,
                                      gssize       length,
                                      GError     **error);

G_END_DECLS
