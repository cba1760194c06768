/* byline-article-format-private.h: building pieces of the JSON document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "byline-article.h"

G_BEGIN_DECLS

/* Each returns a new node, written exactly as docs/article-format.md says.
 * NULL @image / @ref give a JSON null. */
JsonNode *byline_image_to_json_node     (BylineImage    *image);
JsonNode *byline_story_ref_to_json_node (BylineStoryRef *ref);
JsonNode *byline_block_to_json_node     (BylineBlock    *block);
/* The top-level object with every key before "body" ("format" …
 * "lead_image"). */
JsonNode *byline_article_header_to_json_node  (BylineArticle *article);
/* The "related" array. */
JsonNode *byline_article_related_to_json_node (BylineArticle *article);

/* Compact text of @node, as the whole document is written. */
GBytes   *byline_json_node_to_bytes     (JsonNode       *node);

/* "2024-10-02T08:41:12Z", or with ".ffffff" when there is a fraction. */
char     *byline_format_time            (GDateTime      *time);

G_END_DECLS
