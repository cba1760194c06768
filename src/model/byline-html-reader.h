/* byline-html-reader.h: pasted HTML and plain text as body blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-types.h"
#include "byline-block.h"

G_BEGIN_DECLS

/* Errors are in G_IO_ERROR: G_IO_ERROR_MESSAGE_TOO_LARGE for input over
 * the document limit (or that would make more blocks than an article may
 * hold), G_IO_ERROR_INVALID_DATA for input that is not text.  Messages
 * name what was wrong in words a journalist can act on. */

/* Reads an HTML fragment or page (as pasted from a browser or a word
 * processor) into body blocks: p/div text → paragraphs with bold (b,
 * strong), italic (i, em) and link marks; h1–h6 → subheadings; blockquote
 * (with a cite/footer/last short "— Name" line) → quote + attribution;
 * li → paragraphs; figure/img → image blocks keeping alt text, and the
 * figcaption as caption (src kept as given; nothing is fetched).
 * Dropped: script, style, iframe, object, embed, form, event attributes,
 * tracking pixels (1×1 or display:none images), comments; links keep only
 * http, https and mailto hrefs (others become plain text).  Whitespace is
 * collapsed as a browser would.  Returns a GPtrArray of BylineBlock
 * (owned, element free func set); never NULL unless @error is set (input
 * that is not text, over the size limit).
 *
 * An image's src is kept as given when it is an absolute http or https
 * URL (a lazy-loading page's data-src counts); any other src (data:,
 * file:, relative) is left empty, and the image block is kept only when
 * it has alt text or a caption to keep.  docs/paste.md lists every rule. */
GPtrArray *byline_html_read_blocks (const char  *html,
                                    gssize       length,
                                    GError     **error);
/* A libxml2 node walker for callers that already hold a parsed document
 * (the page importer): reads the children of @node the same way.  Stops
 * after the most blocks an article may hold. */
GPtrArray *byline_html_read_node   (gpointer     xml_node /* xmlNode* */);
/* Plain text: paragraphs split on blank lines (or on single newlines when
 * the text has no blank line), each trimmed; empty ones skipped.  Line
 * breaks inside a paragraph become spaces; text that is not UTF-8 is
 * repaired rather than refused. */
GPtrArray *byline_text_read_blocks (const char  *text,
                                    gssize       length);

G_END_DECLS
