/* byline-page-reader.c: a story from a web page's HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/import.md says what is recognised and how; keep the two in step.
 */
#define G_LOG_DOMAIN "byline-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>

#include "byline-page-reader.h"
#include "byline-article-format.h"
#include "byline-article-format-private.h"
#include "byline-page-text-private.h"
#include "byline-xml-private.h"

#include "byline-html-reader.h"
#include "byline-json-text.h"

/* What the page says about itself, from every source */
typedef struct
{
  char *language;
  /* JSON-LD */
  char *ld_headline, *ld_description, *ld_author, *ld_section, *ld_date, *ld_keywords;
  char *ld_image, *ld_image_caption, *ld_image_credit;
  /* Open Graph and meta */
  char *og_title, *og_description, *og_image, *og_image_alt, *og_site, *og_section, *og_date;
  char *meta_author, *meta_description, *meta_keywords, *title;
  GPtrArray *og_tags;
  /* Seen on the page */
  char *h1, *standfirst, *byline, *section, *date;
  char *lead_src, *lead_alt, *lead_caption, *lead_credit;
  gboolean have_lead;
} Page;

static void
page_clear (Page *page)
{
  char **fields[] = {
    &page->language, &page->ld_headline, &page->ld_description, &page->ld_author, &page->ld_section,
    &page->ld_date, &page->ld_keywords, &page->ld_image, &page->ld_image_caption, &page->ld_image_credit,
    &page->og_title, &page->og_description, &page->og_image, &page->og_image_alt, &page->og_site,
    &page->og_section, &page->og_date, &page->meta_author, &page->meta_description, &page->meta_keywords,
    &page->title, &page->h1, &page->standfirst, &page->byline, &page->section, &page->date,
    &page->lead_src, &page->lead_alt, &page->lead_caption, &page->lead_credit,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
  g_clear_pointer (&page->og_tags, g_ptr_array_unref);
}

static void
set_once (char       **field,
          const char  *value)
{
  if (*field == NULL && value != NULL && *value)
    *field = g_strstrip (g_strdup (value));
}

/* JSON-LD */

static const char *
ld_string (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* A name, a list of names or objects with a "name": "A, B" */
static char *
ld_names (JsonNode *node)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (ld_string (json_node_get_object (node), "name"));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *name = ld_names (json_array_get_element (array, i));

          if (name != NULL && *name)
            g_string_append_printf (out, "%s%s", out->len ? ", " : "", name);
        }
      return out->len ? g_strdup (out->str) : NULL;
    }
  return NULL;
}

static gboolean
ld_is_article (JsonObject *object)
{
  static const char * const types[] = {
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "ReviewNewsArticle", NULL
  };
  JsonNode *type = json_object_get_member (object, "@type");

  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    return g_strv_contains (types, json_node_get_string (type));
  if (JSON_NODE_HOLDS_ARRAY (type))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (type)); i++)
      {
        const char *name = json_array_get_string_element (json_node_get_array (type), i);
        if (name != NULL && g_strv_contains (types, name))
          return TRUE;
      }
  return FALSE;
}

static JsonObject *
ld_find_article (JsonNode *node,
                 guint     depth)
{
  if (node == NULL || depth > 4)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *found = ld_find_article (json_array_get_element (array, i), depth + 1);
          if (found)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (ld_is_article (object))
        return object;
      return ld_find_article (json_object_get_member (object, "@graph"), depth + 1);
    }
  return NULL;
}

static void
read_json_ld (Page       *page,
              const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *article;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !byline_json_node_is_text (json_parser_get_root (parser)))
    return;
  article = ld_find_article (json_parser_get_root (parser), 0);
  if (article == NULL)
    return;

  set_once (&page->ld_headline, ld_string (article, "headline"));
  set_once (&page->ld_description, ld_string (article, "description"));
  set_once (&page->ld_date, ld_string (article, "datePublished"));
  set_once (&page->language, ld_string (article, "inLanguage"));
  if (!page->ld_author)
    page->ld_author = ld_names (json_object_get_member (article, "author"));
  if (!page->ld_section)
    page->ld_section = ld_names (json_object_get_member (article, "articleSection"));
  if (!page->ld_keywords)
    {
      node = json_object_get_member (article, "keywords");
      page->ld_keywords = ld_names (node);
    }

  node = json_object_get_member (article, "image");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    node = json_array_get_element (json_node_get_array (node), 0);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    set_once (&page->ld_image, json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *image = json_node_get_object (node);

      set_once (&page->ld_image, ld_string (image, "url"));
      set_once (&page->ld_image_caption, ld_string (image, "caption"));
      set_once (&page->ld_image_credit, ld_string (image, "creditText"));
      set_once (&page->ld_image_credit, ld_string (image, "copyrightNotice"));
    }
}

static void
read_head (Page    *page,
           xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (byline_xml_is (node, "html"))
        {
          g_autofree char *lang = byline_xml_get (node, "lang");
          set_once (&page->language, lang);
        }
      else if (byline_xml_is (node, "title"))
        {
          g_autofree char *title = byline_xml_text (node);
          set_once (&page->title, title);
        }
      else if (byline_xml_is (node, "meta"))
        {
          g_autofree char *key = byline_xml_get (node, "property");
          g_autofree char *content = byline_xml_get (node, "content");

          if (key == NULL)
            key = byline_xml_get (node, "name");
          if (key == NULL || content == NULL)
            continue;
          if (g_str_equal (key, "og:title"))
            set_once (&page->og_title, content);
          else if (g_str_equal (key, "og:description"))
            set_once (&page->og_description, content);
          else if (g_str_equal (key, "og:image") || g_str_equal (key, "og:image:url"))
            set_once (&page->og_image, content);
          else if (g_str_equal (key, "og:image:alt"))
            set_once (&page->og_image_alt, content);
          else if (g_str_equal (key, "og:site_name"))
            set_once (&page->og_site, content);
          else if (g_str_equal (key, "article:section"))
            set_once (&page->og_section, content);
          else if (g_str_equal (key, "article:published_time"))
            set_once (&page->og_date, content);
          else if (g_str_equal (key, "article:tag"))
            g_ptr_array_add (page->og_tags, g_strdup (content));
          else if (g_ascii_strcasecmp (key, "author") == 0 || g_str_equal (key, "article:author"))
            set_once (&page->meta_author, content);
          else if (g_ascii_strcasecmp (key, "description") == 0)
            set_once (&page->meta_description, content);
          else if (g_ascii_strcasecmp (key, "keywords") == 0)
            set_once (&page->meta_keywords, content);
        }
      else if (byline_xml_is (node, "script"))
        {
          g_autofree char *type = byline_xml_get (node, "type");

          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0 && node->children)
            {
              xmlChar *text = xmlNodeGetContent (node);
              read_json_ld (page, (const char *) text);
              xmlFree (text);
            }
          continue;
        }

      read_head (page, node->children);
    }
}

/* The body */

typedef struct
{
  Page               *page;
  BylineImportResult *body;     /* body decisions, in page order */
  xmlDoc             *doc;
  xmlNode            *run;      /* ordinary markup waiting for the HTML reader */
  GUnicodeScript      script;
  guint               n_paragraphs;
} Walker;

static gboolean
class_matches (xmlNode    *node,
               const char *pattern)
{
  g_autofree char *classes = byline_xml_get (node, "class");
  g_autofree char *id = byline_xml_get (node, "id");
  g_autofree char *both = g_strdup_printf ("%s %s", classes ? classes : "", id ? id : "");

  return g_regex_match_simple (pattern, both, G_REGEX_CASELESS, 0);
}

static gboolean
is_furniture_element (xmlNode *node)
{
  static const char * const names[] = {
    "nav", "footer", "form", "button", "select", "input", "textarea", "iframe", "dialog", NULL
  };

  for (guint i = 0; names[i]; i++)
    if (byline_xml_is (node, names[i]))
      return TRUE;
  return class_matches (node, "(^|[\\s_-])(share|sharing|social|newsletter|subscribe|subscription|cookie|consent|"
                              "comments?|advert|ad|ads|promo|paywall|login|signup|popular|most-read|trending|"
                              "breadcrumbs?|menu|toolbar|banner|sidebar|widget|archives?)($|[\\s_-])");
}

static gboolean
is_silent_element (xmlNode *node)
{
  /* Nothing a reader saw: not listed as dropped text */
  return byline_xml_is (node, "script") || byline_xml_is (node, "style") || byline_xml_is (node, "noscript")
         || byline_xml_is (node, "template") || byline_xml_is (node, "svg") || byline_xml_is (node, "link")
         || byline_xml_is (node, "meta") || node->type == XML_COMMENT_NODE;
}

static void
flush_run (Walker *walker)
{
  g_autoptr(GPtrArray) blocks = NULL;

  if (walker->run->children == NULL)
    return;

  /* The HTML reader keeps bold, italic and links and sanitises the rest */
  blocks = byline_html_read_node (walker->run);

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      BylineBlock *block = g_ptr_array_index (blocks, i);

      byline_import_result_add_block (walker->body, BYLINE_IMPORT_ROLE_BODY, block, NULL, 1.0, NULL);
      if (byline_block_get_kind (block) == BYLINE_BLOCK_PARAGRAPH)
        walker->n_paragraphs++;
    }

  xmlFreeNodeList (walker->run->children);
  walker->run->children = walker->run->last = NULL;
}

static void
drop (Walker     *walker,
      xmlNode    *node,
      double      confidence,
      const char *reason)
{
  g_autofree char *text = byline_xml_text (node);

  if (*text == '\0')
    return;
  flush_run (walker);
  byline_import_result_add_text (walker->body, BYLINE_IMPORT_ROLE_FURNITURE, text, NULL, confidence, reason);
}

static void
split_credit (const char  *text,
              char       **caption,
              char       **credit)
{
  g_autofree char *before = NULL;
  g_autofree char *found = NULL;

  if (byline_text_match_credit (text, &before, &found) && found != NULL)
    {
      *caption = g_steal_pointer (&before);
      *credit = g_steal_pointer (&found);
    }
  else
    *caption = g_strdup (text);
}

static void
read_figure (Walker  *walker,
             xmlNode *figure)
{
  g_autofree char *src = NULL;
  g_autofree char *alt = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;
  xmlNode *img = NULL, *figcaption = NULL;

  for (xmlNode *node = figure->children; node != NULL; node = node->next)
    {
      if (byline_xml_is (node, "img"))
        img = node;
      else if (byline_xml_is (node, "picture") || byline_xml_is (node, "a") || byline_xml_is (node, "div"))
        for (xmlNode *inner = node->children; inner && !img; inner = inner->next)
          if (byline_xml_is (inner, "img"))
            img = inner;
      if (byline_xml_is (node, "figcaption"))
        figcaption = node;
    }

  if (img != NULL)
    {
      src = byline_xml_get (img, "src");
      alt = byline_xml_get (img, "alt");
      if (src != NULL && !g_str_has_prefix (src, "http://") && !g_str_has_prefix (src, "https://"))
        g_clear_pointer (&src, g_free);
    }

  if (figcaption != NULL)
    {
      g_autofree char *text = NULL;

      for (xmlNode *part = figcaption->children; part != NULL; part = part->next)
        if (part->type == XML_ELEMENT_NODE && class_matches (part, "credit|copyright|source|author|byline"))
          {
            credit = byline_xml_text (part);
            xmlUnlinkNode (part);
            xmlFreeNode (part);
            break;
          }
      text = byline_xml_text (figcaption);
      if (credit == NULL)
        split_credit (text, &caption, &credit);
      else
        caption = g_steal_pointer (&text);
    }

  if (!walker->page->have_lead && walker->n_paragraphs == 0)
    {
      Page *page = walker->page;

      page->have_lead = TRUE;
      page->lead_src = g_steal_pointer (&src);
      page->lead_alt = g_steal_pointer (&alt);
      page->lead_caption = g_steal_pointer (&caption);
      page->lead_credit = g_steal_pointer (&credit);
      return;
    }

  flush_run (walker);
  {
    g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
    g_autoptr(BylineImage) image = byline_image_new ();
    g_autofree char *text = g_strjoin ("\n", caption ? caption : "", credit ? credit : "", NULL);

    byline_image_set_src (image, src);
    byline_image_set_alt (image, alt);
    byline_image_set_caption (image, caption);
    byline_image_set_credit (image, credit);
    byline_block_set_image (block, image);
    byline_import_result_add_block (walker->body, BYLINE_IMPORT_ROLE_PHOTO, block, g_strstrip (text), 0.9,
                                    _("a <figure> in the story"));
  }
}

/* An aside with a section label and one link: a teaser for another story */
static gboolean
read_teaser (Walker  *walker,
             xmlNode *node)
{
  xmlNode *link = NULL;
  guint n_links = 0;
  g_autofree char *label = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, node);
  while (stack->len > 0)
    {
      xmlNode *current = g_ptr_array_steal_index (stack, stack->len - 1);

      for (xmlNode *child = current->last; child != NULL; child = child->prev)
        {
          if (child->type != XML_ELEMENT_NODE)
            continue;
          if (byline_xml_is (child, "a"))
            {
              link = child;
              n_links++;
            }
          else
            {
              if (label == NULL && class_matches (child, "section|rubric|kicker|label|category|tag"))
                label = byline_xml_text (child);
              g_ptr_array_add (stack, child);
            }
        }
    }

  if (n_links != 1)
    return FALSE;

  flush_run (walker);
  {
    g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_CARD);
    g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
    g_autofree char *href = byline_xml_get (link, "href");
    g_autofree char *headline = byline_xml_text (link);
    g_autofree char *text = byline_xml_text (node);

    /* The label may sit inside the link */
    if (label != NULL && g_str_has_prefix (headline, label))
      {
        char *rest = g_strstrip (g_strdup (headline + strlen (label)));
        g_free (headline);
        headline = rest;
      }
    byline_story_ref_set_section (ref, label);
    byline_story_ref_set_headline (ref, headline);
    if (href != NULL && (g_str_has_prefix (href, "https://") || g_str_has_prefix (href, "http://")))
      byline_story_ref_set_url (ref, href);
    byline_block_set_story_ref (block, ref);
    byline_import_result_add_block (walker->body, BYLINE_IMPORT_ROLE_CARD, block, text,
                                    label != NULL ? 0.85 : 0.7,
                                    _("a box with one link to another story"));
  }
  return TRUE;
}

static gboolean
has_block_children (xmlNode *node)
{
  static const char * const blocks[] = {
    "p", "div", "section", "header", "figure", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "ul", "ol", "article", "main", "nav", "footer", "table", "time", "address", NULL
  };

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    for (guint i = 0; blocks[i]; i++)
      if (byline_xml_is (child, blocks[i]))
        return TRUE;
  return FALSE;
}

static void
walk (Walker  *walker,
      xmlNode *container)
{
  for (xmlNode *node = container->children; node != NULL;)
    {
      xmlNode *next = node->next;
      Page *page = walker->page;

      if (node->type == XML_TEXT_NODE)
        {
          g_autofree char *text = g_strstrip (g_strdup ((const char *) node->content));

          if (*text)
            {
              xmlUnlinkNode (node);
              xmlAddChild (walker->run, node);
            }
        }
      else if (node->type != XML_ELEMENT_NODE || is_silent_element (node))
        ;
      else if (byline_xml_is (node, "h1"))
        {
          g_autofree char *text = byline_xml_text (node);

          if (page->h1 == NULL)
            page->h1 = g_steal_pointer (&text);
          else
            {
              xmlUnlinkNode (node);
              xmlAddChild (walker->run, node);
            }
        }
      else if (is_furniture_element (node))
        drop (walker, node, 0.9, _("site furniture (navigation, sharing, newsletter, comments…)"));
      else if (byline_xml_is (node, "figure"))
        read_figure (walker, node);
      else if (byline_xml_is (node, "time") && page->date == NULL && walker->n_paragraphs == 0)
        {
          g_autofree char *datetime = byline_xml_get (node, "datetime");
          g_autofree char *text = byline_xml_text (node);
          g_autoptr(GDateTime) time = datetime ? g_date_time_new_from_iso8601 (datetime, NULL) : NULL;

          if (time != NULL)
            page->date = byline_format_time (time);
          else
            page->date = byline_text_match_date (text);
        }
      else if (walker->n_paragraphs == 0 && page->byline == NULL
               && (byline_xml_is (node, "address") || class_matches (node, "(^|\\s)(byline|author|authors)")))
        {
          g_autofree char *text = byline_xml_text (node);
          g_autofree char *names = byline_text_match_byline (text);

          page->byline = names ? g_steal_pointer (&names) : g_steal_pointer (&text);
        }
      else if (walker->n_paragraphs == 0 && page->standfirst == NULL
               && class_matches (node, "standfirst|(^|[\\s_-])(dek|lede|lead|summary|subtitle|intro|description|excerpt)"))
        {
          page->standfirst = byline_xml_text (node);
        }
      else if (walker->n_paragraphs == 0 && page->section == NULL
               && class_matches (node, "(^|[\\s_-])(section|rubric|kicker|category|eyebrow)($|[\\s_-])")
               && !has_block_children (node))
        {
          page->section = byline_xml_text (node);
        }
      else if (byline_xml_is (node, "aside") || class_matches (node, "related|teaser|read-also|see-also|more-on|card"))
        {
          if (!read_teaser (walker, node))
            drop (walker, node, 0.85, _("a box of links beside the story"));
        }
      else if ((byline_xml_is (node, "div") || byline_xml_is (node, "section") || byline_xml_is (node, "header")
                || byline_xml_is (node, "main") || byline_xml_is (node, "article") || byline_xml_is (node, "span"))
               && has_block_children (node))
        walk (walker, node);
      else
        {
          g_autofree char *text = byline_xml_text (node);

          g_autofree char *date = NULL;
          g_autofree char *names = NULL;

          if (*text == '\0' && !byline_xml_is (node, "img"))
            ;
          else if (walker->n_paragraphs == 0 && page->date == NULL && (date = byline_text_match_date (text)))
            page->date = g_steal_pointer (&date);
          else if (walker->n_paragraphs == 0 && page->byline == NULL && (names = byline_text_match_byline (text)))
            page->byline = g_steal_pointer (&names);
          else if (byline_text_is_furniture_phrase (text))
            drop (walker, node, 0.85, _("a site’s prompt (subscribe, share, comments, cookies…)"));
          else if (byline_text_in_other_script (text, walker->script))
            drop (walker, node, 0.85, _("in another script than the article"));
          else
            {
              xmlUnlinkNode (node);
              xmlAddChild (walker->run, node);
              if (byline_xml_is (node, "p"))
                walker->n_paragraphs++;
            }
        }

      node = next;
    }
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name,
              const char *role)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (byline_xml_is (node, name))
        return node;
      if (role != NULL && node->type == XML_ELEMENT_NODE)
        {
          g_autofree char *value = byline_xml_get (node, "role");
          if (g_strcmp0 (value, role) == 0)
            return node;
        }
      if ((found = find_element (node->children, name, role)))
        return found;
    }
  return NULL;
}

/* "Headline | Site" → "Headline" */
static char *
strip_site_name (const char *title,
                 const char *site)
{
  static const char * const separators[] = { " | ", " – ", " — ", " - ", " :: ", NULL };

  for (guint i = 0; separators[i]; i++)
    {
      const char *cut = g_strrstr (title, separators[i]);

      if (cut != NULL && (site == NULL || strstr (cut, site) != NULL || byline_text_count_words (cut) <= 4))
        return g_strndup (title, cut - title);
    }
  return g_strdup (title);
}

static void
add_part (BylineImportResult *result,
          BylineImportRole    role,
          const char         *seen,
          double              seen_confidence,
          const char         *meta,
          double              meta_confidence,
          const char         *meta_reason)
{
  BylineImportDecision *decision;

  if (seen != NULL && *seen)
    {
      gboolean agrees = meta != NULL && g_utf8_collate (seen, meta) == 0;

      byline_import_result_add_text (result, role, seen, NULL, agrees ? 0.95 : seen_confidence,
                                     agrees ? _("on the page and in its metadata") : _("from the page’s structure"));
    }
  else if (meta != NULL && *meta)
    {
      decision = byline_import_result_add_text (result, role, meta, NULL, meta_confidence, meta_reason);
      /* Metadata nobody saw on the page does not become body text */
      byline_import_decision_set_fallback (decision, BYLINE_IMPORT_FALLBACK_NONE);
    }
}

static char *
iso_date (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      time = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  return time ? byline_format_time (time) : NULL;
}

BylineImportResult *
byline_page_read (const char  *html,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(BylineImportResult) result = byline_import_result_new (BYLINE_IMPORT_KIND_HTML);
  g_autoptr(BylineImportResult) body = byline_import_result_new (BYLINE_IMPORT_KIND_HTML);
  g_autofree char *headline_meta = NULL;
  g_autofree char *language = NULL;
  g_autofree char *ld_date = NULL;
  g_autofree char *og_date = NULL;
  g_autofree char *all_text = NULL;
  Page page = { 0 };
  Walker walker = { 0 };
  htmlDocPtr doc;
  xmlNode *root, *content;
  GPtrArray *body_decisions;

  g_return_val_if_fail (html != NULL, NULL);

  if (length < 0)
    length = strlen (html);
  doc = htmlReadMemory (html, length, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      g_set_error_literal (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_INVALID_VALUE,
                           _("There is no HTML in this file"));
      if (doc)
        xmlFreeDoc (doc);
      return NULL;
    }

  page.og_tags = g_ptr_array_new_with_free_func (g_free);
  read_head (&page, root);

  content = find_element (root, "article", NULL);
  if (content == NULL)
    content = find_element (root, "main", "main");
  if (content == NULL)
    content = find_element (root, "body", NULL);
  if (content == NULL)
    content = root;

  all_text = byline_xml_text (content);
  walker.page = &page;
  walker.body = body;
  walker.doc = doc;
  walker.script = byline_text_dominant_script (all_text);
  walker.run = xmlNewDocNode (doc, NULL, (const xmlChar *) "div", NULL);
  walk (&walker, content);
  flush_run (&walker);
  xmlFreeNode (walker.run);

  /* What the page says about itself first, then the story in order */
  language = page.language ? g_strdup (page.language) : byline_text_guess_language (all_text);
  if (language != NULL)
    byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_LANGUAGE, language, NULL,
                                   page.language ? 0.9 : 0.85, _("the page’s language"));

  add_part (result, BYLINE_IMPORT_ROLE_SECTION, page.section, 0.75,
            page.ld_section ? page.ld_section : page.og_section, 0.85, _("the page’s metadata"));

  if (page.og_title != NULL)
    headline_meta = strip_site_name (page.og_title, page.og_site);
  else if (page.title != NULL)
    headline_meta = strip_site_name (page.title, page.og_site);
  add_part (result, BYLINE_IMPORT_ROLE_HEADLINE, page.h1, 0.85,
            page.ld_headline ? page.ld_headline : headline_meta,
            page.ld_headline ? 0.9 : page.og_title ? 0.8 : 0.6,
            page.ld_headline ? _("the page’s NewsArticle metadata") : _("the page’s title"));
  add_part (result, BYLINE_IMPORT_ROLE_STANDFIRST, page.standfirst, 0.8,
            page.ld_description ? page.ld_description : page.og_description ? page.og_description : page.meta_description,
            page.ld_description ? 0.85 : 0.7, _("the page’s description"));
  add_part (result, BYLINE_IMPORT_ROLE_BYLINE, page.byline, 0.85,
            page.ld_author ? page.ld_author : page.meta_author, 0.85, _("the page’s author metadata"));

  ld_date = iso_date (page.ld_date);
  og_date = iso_date (page.og_date);
  {
    const char *date = page.date ? page.date : ld_date ? ld_date : og_date;
    if (date != NULL)
      byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_DATE, date, NULL, 0.9, _("the publication date"));
  }

  if (page.ld_keywords != NULL || page.meta_keywords != NULL || page.og_tags->len > 0)
    {
      g_autoptr(GString) tags = g_string_new (NULL);
      g_auto(GStrv) split = NULL;

      if (page.og_tags->len > 0)
        for (guint i = 0; i < page.og_tags->len; i++)
          g_string_append_printf (tags, "%s%s", i ? "\n" : "", (char *) g_ptr_array_index (page.og_tags, i));
      else
        {
          split = g_strsplit (page.ld_keywords ? page.ld_keywords : page.meta_keywords, ",", -1);
          for (guint i = 0; split[i]; i++)
            if (*g_strstrip (split[i]))
              g_string_append_printf (tags, "%s%s", tags->len ? "\n" : "", split[i]);
        }
      if (tags->len > 0)
        byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_TAGS, tags->str, NULL, 0.85, _("the page’s keywords"));
    }

  /* The lead image: the first figure before the story, else the metadata's */
  {
    const char *src = page.lead_src ? page.lead_src : page.ld_image ? page.ld_image : page.og_image;
    const char *caption = page.lead_caption ? page.lead_caption : page.ld_image_caption;
    const char *credit = page.lead_credit ? page.lead_credit : page.ld_image_credit;

    if (src != NULL)
      byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_IMAGE, src, NULL, page.have_lead ? 0.9 : 0.8,
                                     page.have_lead ? _("the photo above the story") : _("the page’s sharing image"));
    add_part (result, BYLINE_IMPORT_ROLE_CAPTION, caption, 0.85, NULL, 0.0, NULL);
    add_part (result, BYLINE_IMPORT_ROLE_CREDIT, credit, 0.9, NULL, 0.0, NULL);
    /* Alt text that only repeats the caption is not alt text */
    if (page.have_lead && page.lead_alt != NULL && *page.lead_alt)
      byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_ALT, page.lead_alt, NULL,
                                     g_strcmp0 (page.lead_alt, caption) == 0 ? 0.4 : 0.85,
                                     g_strcmp0 (page.lead_alt, caption) == 0 ? _("the page’s alt text only repeats the caption")
                                                                             : _("the photo’s alt text"));
    else if (!page.have_lead && page.og_image_alt != NULL)
      byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_ALT, page.og_image_alt, NULL, 0.7,
                                     _("the sharing image’s alt text"));
  }

  body_decisions = byline_import_result_get_decisions (body);
  for (guint i = 0; i < body_decisions->len; i++)
    byline_import_result_add (result, g_ptr_array_index (body_decisions, i));

  page_clear (&page);
  xmlFreeDoc (doc);
  return g_steal_pointer (&result);
}
