/* byline-json-text.c: whether parsed JSON holds only UTF-8 text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "byline-json-text.h"

gboolean
byline_json_node_is_text (JsonNode *node)
{
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        if (!g_utf8_validate (member, -1, NULL) || !byline_json_node_is_text (value))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!byline_json_node_is_text (json_array_get_element (array, i)))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);

  return TRUE;
}
