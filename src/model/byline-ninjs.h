/* byline-ninjs.h: IPTC ninjs 2.x, the news industry's JSON interchange format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

/* The ninjs version written. */
#define BYLINE_NINJS_VERSION "2.0"

/* Writes @article as one ninjs 2.0 news item (type "text"), with its
 * images and related stories as associations and its body as safe HTML;
 * docs/import.md has the mapping.  Relative image paths
 * ("media/<sha256>.jpg") are written as @media_base + path, so a receiver
 * gets a real address: give the store folder's file:// URI with a final
 * "/" (or NULL to keep them relative). */
char          *byline_article_to_ninjs       (BylineArticle  *article,
                                              const char     *media_base,
                                              gsize          *length);

/* Reads a ninjs 2.x news item (ninjs 1.x's "headline"/"body_html" and an
 * object of associations are understood too).  Image addresses under
 * @media_base become relative again.  Errors are BYLINE_FORMAT_ERROR with
 * a message naming the member.  The article keeps the id of a
 * "urn:uuid:…" uri and gets a new one otherwise. */
BylineArticle *byline_article_new_from_ninjs (const char     *data,
                                              gssize          length,
                                              const char     *media_base,
                                              GError        **error);

/* Whether @data looks like a ninjs item (a JSON object with "uri" and a
 * ninjs member, not a Byline document).  Cheap enough for sniffing. */
gboolean       byline_ninjs_sniff            (const char     *data,
                                              gsize           length);

/* The body's blocks as HTML a receiver can show as is: only p, h2,
 * blockquote, figure, aside, strong, em, a (http, https, mailto and
 * relative links only), br; every text escaped. */
char          *byline_blocks_to_safe_html    (GListModel     *blocks,
                                              const char     *media_base);

G_END_DECLS
