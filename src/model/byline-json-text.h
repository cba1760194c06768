/* byline-json-text.h: whether parsed JSON holds only UTF-8 text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE when every string and member name under @node is valid UTF-8.
 * Valid JSON can still give text that is not: json-glib reads a lone
 * surrogate escape ("\udc00") into the bytes of the surrogate, which
 * the model refuses.  Readers of outside JSON check it once at the
 * door rather than at every member. */
gboolean byline_json_node_is_text (JsonNode *node);

G_END_DECLS
