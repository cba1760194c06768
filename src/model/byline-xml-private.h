/* byline-xml-private.h: small libxml2 helpers the importers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

static inline gboolean
byline_xml_is (xmlNode    *node,
               const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static inline char *
byline_xml_get (xmlNode    *node,
                const char *attribute)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) attribute);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static inline gboolean
byline_xml_has_class (xmlNode    *node,
                      const char *name)
{
  g_autofree char *classes = byline_xml_get (node, "class");
  g_auto(GStrv) list = NULL;

  if (classes == NULL)
    return FALSE;
  list = g_strsplit_set (classes, " \t\n", -1);
  return g_strv_contains ((const char * const *) list, name);
}

static inline void
byline_xml_collect_text (xmlNode *node,
                         GString *out)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        {
          for (const char *p = (const char *) child->content; p && *p; p++)
            {
              if (g_ascii_isspace (*p))
                {
                  if (out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
                    g_string_append_c (out, ' ');
                }
              else
                g_string_append_c (out, *p);
            }
        }
      else if (byline_xml_is (child, "br"))
        {
          if (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          g_string_append_c (out, '\n');
        }
      else if (child->type == XML_ELEMENT_NODE && !byline_xml_is (child, "script")
               && !byline_xml_is (child, "style") && !byline_xml_is (child, "noscript")
               && !byline_xml_is (child, "template"))
        {
          /* Block elements break words apart, as a browser shows them */
          gboolean block = byline_xml_is (child, "p") || byline_xml_is (child, "div") || byline_xml_is (child, "li");

          if (block && out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
          byline_xml_collect_text (child, out);
        }
    }
}

/* Plain text of a node as a browser shows it: spaces collapsed, <br> a
 * line break, no script. */
static inline char *
byline_xml_text (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  byline_xml_collect_text (node, out);
  return g_strstrip (g_string_free (out, FALSE));
}

G_END_DECLS
