/* byline-html-reader.c: pasted HTML and plain text as body blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-html-reader"

#include "config.h"

#include "byline-html-reader.h"

#include <string.h>

#include <glib/gi18n.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "byline-block-private.h"
#include "byline-limits-private.h"

/* What an element means to the reader.  Anything not listed is inline: its
 * text is read, its tag forgotten. */
enum {
  EL_SKIP       = 1 << 0,   /* dropped with everything inside */
  EL_BLOCK      = 1 << 1,   /* starts and ends a paragraph */
  EL_HEADING    = 1 << 2,
  EL_BOLD       = 1 << 3,
  EL_ITALIC     = 1 << 4,
  EL_LINK       = 1 << 5,
  EL_QUOTE      = 1 << 6,
  EL_FIGURE     = 1 << 7,
  EL_FIGCAPTION = 1 << 8,
  EL_IMG        = 1 << 9,
  EL_BREAK      = 1 << 10,
  EL_PRE        = 1 << 11,
  EL_FOOTER     = 1 << 12,
  EL_CITE       = 1 << 13,
  /* Void in HTML5 but not to libxml2's HTML 4 parser, which may hang the
   * elements after one under it: those are read as its siblings */
  EL_VOID       = 1 << 14,
};

static const struct {
  const char *name;
  guint       flags;
} element_table[] = {
  /* Code, plugins, forms, media and page furniture: never text of a story,
   * and the only places pasted markup could run or fetch anything */
  { "script", EL_SKIP }, { "style", EL_SKIP }, { "iframe", EL_SKIP },
  { "frame", EL_SKIP }, { "frameset", EL_SKIP }, { "object", EL_SKIP },
  { "embed", EL_SKIP | EL_VOID }, { "applet", EL_SKIP }, { "param", EL_SKIP | EL_VOID },
  { "form", EL_SKIP }, { "input", EL_SKIP | EL_VOID }, { "button", EL_SKIP },
  { "select", EL_SKIP }, { "option", EL_SKIP }, { "textarea", EL_SKIP },
  { "noscript", EL_SKIP }, { "template", EL_SKIP }, { "svg", EL_SKIP },
  { "math", EL_SKIP }, { "canvas", EL_SKIP }, { "video", EL_SKIP },
  { "audio", EL_SKIP }, { "source", EL_SKIP | EL_VOID }, { "track", EL_SKIP | EL_VOID },
  { "map", EL_SKIP }, { "area", EL_SKIP | EL_VOID }, { "head", EL_SKIP },
  { "title", EL_SKIP }, { "meta", EL_SKIP | EL_VOID }, { "link", EL_SKIP | EL_VOID },
  { "base", EL_SKIP | EL_VOID }, { "nav", EL_SKIP }, { "dialog", EL_SKIP },
  { "xml", EL_SKIP }, { "wbr", EL_SKIP | EL_VOID }, { "keygen", EL_SKIP | EL_VOID },
  { "col", EL_SKIP | EL_VOID },

  { "html", EL_BLOCK }, { "body", EL_BLOCK }, { "p", EL_BLOCK },
  { "div", EL_BLOCK }, { "section", EL_BLOCK }, { "article", EL_BLOCK },
  { "header", EL_BLOCK }, { "main", EL_BLOCK }, { "aside", EL_BLOCK },
  { "address", EL_BLOCK }, { "li", EL_BLOCK }, { "ul", EL_BLOCK },
  { "ol", EL_BLOCK }, { "dl", EL_BLOCK }, { "dt", EL_BLOCK },
  { "dd", EL_BLOCK }, { "table", EL_BLOCK }, { "thead", EL_BLOCK },
  { "tbody", EL_BLOCK }, { "tfoot", EL_BLOCK }, { "tr", EL_BLOCK },
  { "td", EL_BLOCK }, { "th", EL_BLOCK }, { "caption", EL_BLOCK },
  { "hr", EL_BLOCK | EL_VOID }, { "center", EL_BLOCK }, { "details", EL_BLOCK },
  { "summary", EL_BLOCK }, { "fieldset", EL_BLOCK }, { "legend", EL_BLOCK },

  { "h1", EL_BLOCK | EL_HEADING }, { "h2", EL_BLOCK | EL_HEADING },
  { "h3", EL_BLOCK | EL_HEADING }, { "h4", EL_BLOCK | EL_HEADING },
  { "h5", EL_BLOCK | EL_HEADING }, { "h6", EL_BLOCK | EL_HEADING },

  { "b", EL_BOLD }, { "strong", EL_BOLD },
  { "i", EL_ITALIC }, { "em", EL_ITALIC },
  { "a", EL_LINK },
  { "blockquote", EL_BLOCK | EL_QUOTE },
  { "figure", EL_BLOCK | EL_FIGURE },
  { "figcaption", EL_BLOCK | EL_FIGCAPTION },
  { "img", EL_IMG | EL_VOID },
  { "br", EL_BREAK | EL_VOID },
  { "pre", EL_BLOCK | EL_PRE },
  { "footer", EL_BLOCK | EL_FOOTER },
  { "cite", EL_CITE },
};

/* Where text goes: the paragraph being read, or a caption, credit or
 * attribution being collected (plain text, no marks). */
typedef struct
{
  GString  *text;
  guint     chars;
  gboolean  space;      /* whitespace seen since the last character */
} Sink;

/* What entering an element changed, put back when leaving it */
typedef struct
{
  guint        flags;
  gboolean     bold;
  gboolean     italic;
  const char  *link;
  Sink        *sink;
  guint        first_block;    /* blocks before a quote or figure began */
  BylineBlock *figure_image;   /* the enclosing figure's image (unowned) */
  Sink        *caption;        /* the enclosing figure's caption and credit */
  Sink        *credit;
  Sink        *attribution;    /* the enclosing quote's attribution */
} Frame;

typedef struct
{
  GPtrArray   *blocks;
  GArray      *frames;         /* of Frame: the open elements */

  Sink         main;           /* the paragraph being read */
  GArray      *marks;          /* of BylineMark, hrefs owned */
  int          last_mark[3];   /* index of the last mark of each kind, or -1 */
  Sink        *sink;

  gboolean     bold;
  gboolean     italic;
  const char  *link;           /* in @hrefs */
  GPtrArray   *hrefs;          /* every allowed link address read */
  guint        heading;
  guint        quote;
  guint        pre;

  BylineBlock *figure_image;
  Sink        *caption;
  Sink        *credit;
  Sink        *attribution;

  gboolean     full;           /* as many blocks as an article may hold */
} Reader;

static GHashTable *
element_flags_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (element_table); i++)
        g_hash_table_insert (t, (gpointer) element_table[i].name,
                             GUINT_TO_POINTER (element_table[i].flags));
      g_once_init_leave (&table, t);
    }
  return table;
}

static guint
element_flags (xmlNode *node)
{
  char name[16];
  gsize len;

  if (node->name == NULL)
    return 0;
  len = strlen ((const char *) node->name);
  if (len >= sizeof name)
    return 0;
  for (gsize i = 0; i <= len; i++)
    name[i] = g_ascii_tolower (node->name[i]);

  return GPOINTER_TO_UINT (g_hash_table_lookup (element_flags_table (), name));
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *ret;

  if (value == NULL)
    return NULL;
  ret = g_strdup ((const char *) value);
  xmlFree (value);
  return ret;
}

static gboolean
has_attr (xmlNode    *node,
          const char *name)
{
  return xmlHasProp (node, BAD_CAST name) != NULL;
}

/* The value of CSS property @property in a style attribute, lower case and
 * trimmed, or NULL.  Whole property names only: Word's
 * "mso-bidi-font-weight:normal" says nothing about "font-weight". */
static char *
style_value (const char *style,
             const char *property)
{
  g_auto(GStrv) decls = NULL;
  char *found = NULL;

  if (style == NULL)
    return NULL;

  decls = g_strsplit (style, ";", -1);
  for (guint i = 0; decls[i] != NULL; i++)
    {
      char *colon = strchr (decls[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      if (g_ascii_strcasecmp (g_strstrip (decls[i]), property) == 0)
        {
          g_free (found);
          found = g_ascii_strdown (g_strstrip (colon + 1), -1);
          /* "!important" does not change what the value means */
          if (g_str_has_suffix (found, "!important"))
            {
              found[strlen (found) - strlen ("!important")] = '\0';
              g_strstrip (found);
            }
        }
    }
  return found;
}

/* TRUE, FALSE or -1 (says nothing) for bold */
static int
style_bold (const char *style)
{
  g_autofree char *weight = style_value (style, "font-weight");
  gint64 number;

  if (weight == NULL)
    return -1;
  if (g_str_equal (weight, "bold") || g_str_equal (weight, "bolder"))
    return TRUE;
  if (g_str_equal (weight, "normal") || g_str_equal (weight, "lighter"))
    return FALSE;
  if (g_ascii_string_to_signed (weight, 10, 1, 1000, &number, NULL))
    return number >= 600;
  return -1;
}

static int
style_italic (const char *style)
{
  g_autofree char *font_style = style_value (style, "font-style");

  if (font_style == NULL)
    return -1;
  if (g_str_has_prefix (font_style, "italic") || g_str_has_prefix (font_style, "oblique"))
    return TRUE;
  if (g_str_equal (font_style, "normal"))
    return FALSE;
  return -1;
}

/* Not shown by a browser: not pasted either */
static gboolean
is_hidden (xmlNode    *node,
           const char *style)
{
  g_autofree char *display = style_value (style, "display");
  g_autofree char *visibility = style_value (style, "visibility");
  g_autofree char *mso_list = style_value (style, "mso-list");
  g_autofree char *mso_hide = style_value (style, "mso-hide");
  g_autofree char *aria_hidden = NULL;

  if (has_attr (node, "hidden"))
    return TRUE;
  if (display != NULL && g_str_equal (display, "none"))
    return TRUE;
  if (visibility != NULL && g_str_equal (visibility, "hidden"))
    return TRUE;
  /* Word's list bullets ("·" and tab stops), written as text */
  if (mso_list != NULL && g_str_equal (mso_list, "ignore"))
    return TRUE;
  if (mso_hide != NULL && g_str_equal (mso_hide, "all"))
    return TRUE;
  aria_hidden = get_attr (node, "aria-hidden");
  return aria_hidden != NULL && g_ascii_strcasecmp (aria_hidden, "true") == 0;
}

/* A length of at most one pixel: "0", "1", "1px", "0.5px" */
static gboolean
is_tiny_length (const char *value)
{
  double number;
  char *end = NULL;

  if (value == NULL)
    return FALSE;
  number = g_ascii_strtod (value, &end);
  if (end == value)
    return FALSE;
  while (*end == ' ')
    end++;
  return number <= 1.0 && (*end == '\0' || g_ascii_strncasecmp (end, "px", 2) == 0);
}

static gboolean
is_tracking_pixel (xmlNode    *node,
                   const char *style)
{
  g_autofree char *width = get_attr (node, "width");
  g_autofree char *height = get_attr (node, "height");
  g_autofree char *css_width = style_value (style, "width");
  g_autofree char *css_height = style_value (style, "height");

  return is_tiny_length (width) || is_tiny_length (height) ||
         is_tiny_length (css_width) || is_tiny_length (css_height);
}

/* Characters that never reach a block: controls, the object replacement
 * character the editor uses for images, byte order marks, and the word
 * joiner that marks an attribution in the editor */
static inline gboolean
is_dropped_char (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n') ||
         (c >= 0x7f && c <= 0x9f) ||
         c == 0xFFFC || c == 0xFEFF || c == 0x2060;
}

static inline gboolean
is_html_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whitespace collapsed and trimmed, as an attribute shown as text */
static char *
collapse_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  if (text == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_html_space (c))
        space = TRUE;
      else if (!is_dropped_char (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

/* An address a link may keep: http, https or mailto, nothing else.  Tabs
 * and line breaks are removed first, as browsers do, so "java&#9;script:"
 * is still seen for what it is. */
static char *
allowed_href (const char *href,
              gboolean    mailto_ok)
{
  g_autofree char *clean = NULL;
  const char *scheme_end;
  g_autofree char *scheme = NULL;
  GString *s;

  if (href == NULL)
    return NULL;

  s = g_string_new (NULL);
  for (const char *p = href; *p != '\0'; p++)
    if (*p != '\t' && *p != '\n' && *p != '\r')
      g_string_append_c (s, *p);
  clean = g_strstrip (g_string_free (s, FALSE));

  if (strlen (clean) > BYLINE_MAX_URI_CHARS)
    return NULL;

  scheme_end = strchr (clean, ':');
  if (scheme_end == NULL)
    return NULL;
  scheme = g_ascii_strdown (clean, scheme_end - clean);

  if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"))
    {
      g_autoptr(GUri) uri = g_uri_parse (clean, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return NULL;
      return g_steal_pointer (&clean);
    }
  if (mailto_ok && g_str_equal (scheme, "mailto") && clean[strlen ("mailto:")] != '\0')
    return g_steal_pointer (&clean);
  return NULL;
}

/* Blocks */

static void
clear_mark (gpointer data)
{
  BylineMark *mark = data;

  g_clear_pointer (&mark->href, g_free);
}

static void
reset_paragraph (Reader *r)
{
  g_string_truncate (r->main.text, 0);
  r->main.chars = 0;
  r->main.space = FALSE;
  g_array_set_size (r->marks, 0);
  r->last_mark[0] = r->last_mark[1] = r->last_mark[2] = -1;
}

static void
add_block (Reader      *r,
           BylineBlock *block)
{
  if (r->blocks->len >= BYLINE_MAX_BLOCKS)
    {
      r->full = TRUE;
      g_object_unref (block);
      return;
    }
  g_ptr_array_add (r->blocks, block);
}

/* The paragraph read so far becomes a block, trimmed; nothing when it is
 * only whitespace */
static void
flush (Reader *r)
{
  const char *text = r->main.text->str;
  const char *start = text;
  const char *end = text + r->main.text->len;
  guint lead = 0, n_chars;
  g_autofree char *trimmed = NULL;
  BylineBlockKind kind;
  BylineBlock *block;

  while (start < end && g_unichar_isspace (g_utf8_get_char (start)))
    {
      start = g_utf8_next_char (start);
      lead++;
    }
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (start == end)
    {
      reset_paragraph (r);
      return;
    }

  trimmed = g_strndup (start, end - start);
  n_chars = g_utf8_strlen (trimmed, -1);
  for (guint i = 0; i < r->marks->len; i++)
    {
      BylineMark *mark = &g_array_index (r->marks, BylineMark, i);

      mark->start = mark->start > lead ? mark->start - lead : 0;
      mark->end = mark->end > lead ? mark->end - lead : 0;
      mark->end = MIN (mark->end, n_chars);
    }

  if (r->heading > 0)
    kind = BYLINE_BLOCK_SUBHEADING;
  else if (r->quote > 0)
    kind = BYLINE_BLOCK_QUOTE;
  else
    kind = BYLINE_BLOCK_PARAGRAPH;

  block = byline_block_new (kind);
  byline_block_set_text_and_marks (block, trimmed,
                                   (const BylineMark *) (gpointer) r->marks->data,
                                   r->marks->len);
  add_block (r, block);
  reset_paragraph (r);
}

/* A block boundary: the paragraph ends; in a caption, a space */
static void
boundary (Reader *r)
{
  if (r->sink == &r->main)
    flush (r);
  else
    r->sink->space = TRUE;
}

static void
extend_mark (Reader         *r,
             BylineMarkKind  kind,
             guint           start,
             guint           end,
             const char     *href)
{
  int last = r->last_mark[kind];

  if (last >= 0)
    {
      BylineMark *mark = &g_array_index (r->marks, BylineMark, last);

      if (mark->end == start && g_strcmp0 (mark->href, href) == 0)
        {
          mark->end = end;
          return;
        }
    }

  {
    BylineMark mark = { kind, start, end, g_strdup (href) };

    g_array_append_val (r->marks, mark);
    r->last_mark[kind] = r->marks->len - 1;
  }
}

static void
add_text (Reader     *r,
          const char *text)
{
  Sink *sink = r->sink;
  int run_start = -1;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (r->pre > 0 && (c == '\n' || c == '\r'))
        {
          if (c == '\n')
            {
              if (run_start >= 0 && sink == &r->main)
                {
                  if (r->bold)
                    extend_mark (r, BYLINE_MARK_BOLD, run_start, sink->chars, NULL);
                  if (r->italic)
                    extend_mark (r, BYLINE_MARK_ITALIC, run_start, sink->chars, NULL);
                  if (r->link != NULL)
                    extend_mark (r, BYLINE_MARK_LINK, run_start, sink->chars, r->link);
                }
              run_start = -1;
              boundary (r);
            }
          continue;
        }

      if (is_html_space (c) && r->pre == 0)
        {
          sink->space = TRUE;
          continue;
        }
      if (is_dropped_char (c) && c != '\t')
        continue;
      if (c == '\t')
        c = ' ';

      if (sink->space && sink->chars > 0)
        {
          g_string_append_c (sink->text, ' ');
          sink->chars++;
        }
      sink->space = FALSE;
      if (run_start < 0)
        run_start = sink->chars;
      g_string_append_unichar (sink->text, c);
      sink->chars++;
    }

  if (run_start >= 0 && sink == &r->main)
    {
      if (r->bold)
        extend_mark (r, BYLINE_MARK_BOLD, run_start, sink->chars, NULL);
      if (r->italic)
        extend_mark (r, BYLINE_MARK_ITALIC, run_start, sink->chars, NULL);
      if (r->link != NULL)
        extend_mark (r, BYLINE_MARK_LINK, run_start, sink->chars, r->link);
    }
}

static Sink *
sink_new (void)
{
  Sink *sink = g_new0 (Sink, 1);

  sink->text = g_string_new (NULL);
  return sink;
}

static void
sink_free (Sink *sink)
{
  if (sink == NULL)
    return;
  g_string_free (sink->text, TRUE);
  g_free (sink);
}

/* A sink's text without the dashes and spaces a credit line or an
 * attribution starts with ("— Jane Doe") */
static char *
sink_text_undashed (Sink *sink)
{
  const char *p = sink->text->str;

  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2014 || c == 0x2013 || c == 0x2015 || c == '-' || g_unichar_isspace (c))
        p = g_utf8_next_char (p);
      else
        break;
    }
  return g_strstrip (g_strdup (p));
}

/* Images */

static char *
image_src (xmlNode *node)
{
  /* Lazy-loading pages keep the real address in data-src and a
   * placeholder (often a data: URI) in src */
  static const char *const attrs[] = { "src", "data-src", "data-lazy-src", "data-original" };

  for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
    {
      g_autofree char *value = get_attr (node, attrs[i]);
      char *allowed = allowed_href (value, FALSE);

      if (allowed != NULL)
        return allowed;
    }
  return g_strdup ("");
}

static void
read_image (Reader  *r,
            xmlNode *node)
{
  g_autofree char *style = get_attr (node, "style");
  g_autofree char *src = NULL;
  g_autofree char *alt = NULL;
  g_autofree char *raw_alt = NULL;
  BylineBlock *block;
  BylineImage *image;

  if (is_hidden (node, style) || is_tracking_pixel (node, style))
    return;

  src = image_src (node);
  raw_alt = get_attr (node, "alt");
  alt = collapse_text (raw_alt);

  /* An image from nowhere we may name, with nothing to say about it: an
   * empty block would only be noise.  In a figure its caption may still
   * come. */
  if (*src == '\0' && *alt == '\0' && r->caption == NULL)
    return;
  if (r->figure_image != NULL && *src == '\0' && *alt == '\0')
    return;

  /* An image inside a paragraph ends it; the text after it is the next */
  flush (r);

  block = byline_block_new (BYLINE_BLOCK_IMAGE);
  image = byline_block_get_image (block);
  byline_image_set_src (image, src);
  byline_image_set_alt (image, alt);
  add_block (r, block);

  if (r->caption != NULL && r->figure_image == NULL && !r->full)
    r->figure_image = block;
}

/* Walking */

/* Any text after @node before the end of @stop (an ancestor)? */
static gboolean
has_text_after (xmlNode *node,
                xmlNode *stop)
{
  for (xmlNode *n = node; n != NULL && n != stop; n = n->parent)
    for (xmlNode *s = n->next; s != NULL; s = s->next)
      {
        xmlChar *content = xmlNodeGetContent (s);
        gboolean text = FALSE;

        if (content != NULL)
          {
            g_autofree char *collapsed = collapse_text ((const char *) content);

            text = *collapsed != '\0';
            xmlFree (content);
          }
        if (text)
          return TRUE;
      }
  return FALSE;
}

/* Returns TRUE when the element's children are to be read (a frame was
 * pushed and leave_element() will be called) */
static gboolean
enter_element (Reader  *r,
               xmlNode *node,
               xmlNode *quote_node)
{
  guint flags = element_flags (node);
  g_autofree char *style = NULL;
  Frame frame = { 0, };
  int bold, italic;

  if (flags & EL_VOID)
    {
      style = get_attr (node, "style");
      if ((flags & EL_SKIP) == 0 && !is_hidden (node, style))
        {
          if (flags & EL_IMG)
            read_image (r, node);
          else
            boundary (r);
        }
      if (node->children == NULL)
        return FALSE;

      /* What libxml2 hung under it is read as if it came after it */
      frame.bold = r->bold;
      frame.italic = r->italic;
      frame.link = r->link;
      frame.sink = r->sink;
      frame.figure_image = r->figure_image;
      frame.caption = r->caption;
      frame.credit = r->credit;
      frame.attribution = r->attribution;
      g_array_append_val (r->frames, frame);
      return TRUE;
    }

  if (flags & EL_SKIP)
    return FALSE;

  style = get_attr (node, "style");
  if (is_hidden (node, style))
    return FALSE;

  frame.flags = flags;
  frame.bold = r->bold;
  frame.italic = r->italic;
  frame.link = r->link;
  frame.sink = r->sink;
  frame.figure_image = r->figure_image;
  frame.caption = r->caption;
  frame.credit = r->credit;
  frame.attribution = r->attribution;
  frame.first_block = r->blocks->len;

  if (flags & EL_BLOCK)
    boundary (r);

  /* Bold and italic: the tag, unless its style says otherwise (Google
   * Docs wraps a whole copy in <b style="font-weight:normal">); any
   * element's style may say so too */
  bold = style_bold (style);
  italic = style_italic (style);
  if (bold >= 0)
    r->bold = bold;
  else if (flags & EL_BOLD)
    r->bold = TRUE;
  if (italic >= 0)
    r->italic = italic;
  else if (flags & EL_ITALIC)
    r->italic = TRUE;

  if (flags & EL_LINK)
    {
      xmlChar *href = xmlGetProp (node, BAD_CAST "href");
      g_autofree char *allowed = allowed_href ((const char *) href, TRUE);

      /* Kept by the reader, so it lives as long as the walk */
      if (allowed != NULL)
        {
          r->link = allowed;
          g_ptr_array_add (r->hrefs, g_steal_pointer (&allowed));
        }
      else
        r->link = NULL;
      xmlFree (href);
    }

  if (flags & EL_HEADING)
    r->heading++;
  if (flags & EL_PRE)
    r->pre++;

  if (flags & EL_QUOTE)
    {
      r->quote++;
      frame.first_block = r->blocks->len;
      r->attribution = sink_new ();
    }
  else if (((flags & EL_FOOTER) || (flags & EL_CITE)) && r->quote > 0 &&
           r->attribution != NULL && r->sink == &r->main &&
           ((flags & EL_FOOTER) || !has_text_after (node, quote_node)))
    {
      /* Who said it: a quote's footer, or a cite that ends the quote */
      r->sink = r->attribution;
      r->attribution->space = r->attribution->chars > 0;
    }

  if (flags & EL_FIGURE)
    {
      frame.first_block = r->blocks->len;
      r->figure_image = NULL;
      r->caption = sink_new ();
      r->credit = sink_new ();
    }
  else if ((flags & EL_FIGCAPTION) && r->caption != NULL && r->sink == &r->main)
    r->sink = r->caption;
  else if (r->sink == r->caption && r->caption != NULL)
    {
      /* A credit inside a caption, as sites and WordPress mark it */
      g_autofree char *klass = get_attr (node, "class");

      if (klass != NULL && (strstr (klass, "credit") != NULL || strstr (klass, "copyright") != NULL))
        {
          r->sink = r->credit;
          r->credit->space = r->credit->chars > 0;
        }
    }

  g_array_append_val (r->frames, frame);
  return TRUE;
}

static void
finish_quote (Reader *r,
              Frame  *frame)
{
  g_autofree char *attribution = sink_text_undashed (r->attribution);
  BylineBlock *last_quote = NULL;
  guint last_quote_index = 0;

  for (guint i = frame->first_block; i < r->blocks->len; i++)
    if (byline_block_get_kind (g_ptr_array_index (r->blocks, i)) == BYLINE_BLOCK_QUOTE)
      {
        last_quote = g_ptr_array_index (r->blocks, i);
        last_quote_index = i;
      }

  /* No cite or footer: a last short line starting with a dash names the
   * speaker ("— Jane Doe, minister"), when there is a quote before it */
  if (*attribution == '\0' && last_quote != NULL &&
      last_quote_index + 1 == r->blocks->len && last_quote_index > frame->first_block)
    {
      const char *text = byline_block_get_text (last_quote);
      gunichar c = g_utf8_get_char (text);
      gboolean dashed = c == 0x2014 || c == 0x2013 || c == 0x2015 ||
                        g_str_has_prefix (text, "- ") || g_str_has_prefix (text, "--");

      if (dashed && g_utf8_strlen (text, -1) <= 120)
        {
          Sink line = { g_string_new (text), 0, FALSE };

          g_free (attribution);
          attribution = sink_text_undashed (&line);
          g_string_free (line.text, TRUE);
          g_ptr_array_remove_index (r->blocks, last_quote_index);
          last_quote = NULL;
          for (guint i = frame->first_block; i < r->blocks->len; i++)
            if (byline_block_get_kind (g_ptr_array_index (r->blocks, i)) == BYLINE_BLOCK_QUOTE)
              last_quote = g_ptr_array_index (r->blocks, i);
        }
    }

  if (*attribution == '\0')
    return;

  if (last_quote != NULL)
    byline_block_set_attribution (last_quote, attribution);
  else
    {
      /* An attribution with no quote to go with: keep the words */
      g_autofree char *text = g_strconcat ("\xe2\x80\x94 ", attribution, NULL);

      add_block (r, byline_block_new_paragraph (text));
    }
}

static void
finish_figure (Reader *r)
{
  g_autofree char *caption = g_strstrip (g_strdup (r->caption->text->str));
  g_autofree char *credit = sink_text_undashed (r->credit);

  if (r->figure_image != NULL)
    {
      BylineImage *image = byline_block_get_image (r->figure_image);

      byline_image_set_caption (image, caption);
      byline_image_set_credit (image, credit);
    }
  else if (*caption != '\0' || *credit != '\0')
    {
      /* A caption with no image we could keep: keep its words */
      g_autofree char *text = *credit != '\0' ? g_strjoin (" ", caption, credit, NULL)
                                              : g_strdup (caption);

      add_block (r, byline_block_new_paragraph (g_strstrip (text)));
    }
}

static void
leave_element (Reader  *r,
               xmlNode *node)
{
  Frame frame;

  g_assert (r->frames->len > 0);
  frame = g_array_index (r->frames, Frame, r->frames->len - 1);
  g_array_set_size (r->frames, r->frames->len - 1);

  /* The sink first: a footer's text ends in the attribution, not in a
   * paragraph */
  if (r->sink != frame.sink && (frame.flags & EL_BLOCK) == 0)
    r->sink = frame.sink;
  else if (r->sink != frame.sink)
    {
      r->sink = frame.sink;
      boundary (r);
    }
  else if (frame.flags & EL_BLOCK)
    boundary (r);

  if (frame.flags & EL_QUOTE)
    {
      finish_quote (r, &frame);
      sink_free (r->attribution);
      r->quote--;
    }
  if (frame.flags & EL_FIGURE)
    {
      finish_figure (r);
      sink_free (r->caption);
      sink_free (r->credit);
    }
  if (frame.flags & EL_HEADING)
    r->heading--;
  if (frame.flags & EL_PRE)
    r->pre--;

  r->bold = frame.bold;
  r->italic = frame.italic;
  r->link = frame.link;
  /* The figure's image is found anywhere inside it: only the figure's own
   * frame puts back the one around it */
  if (frame.flags & EL_FIGURE)
    {
      r->figure_image = frame.figure_image;
      r->caption = frame.caption;
      r->credit = frame.credit;
    }
  if (frame.flags & EL_QUOTE)
    r->attribution = frame.attribution;
}

static void
reader_init (Reader *r)
{
  memset (r, 0, sizeof *r);
  r->blocks = g_ptr_array_new_with_free_func (g_object_unref);
  r->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  r->hrefs = g_ptr_array_new_with_free_func (g_free);
  r->main.text = g_string_new (NULL);
  r->marks = g_array_new (FALSE, TRUE, sizeof (BylineMark));
  g_array_set_clear_func (r->marks, clear_mark);
  r->last_mark[0] = r->last_mark[1] = r->last_mark[2] = -1;
  r->sink = &r->main;
}

static void
reader_clear (Reader *r)
{
  /* Frames left open by a walk stopped early own their sinks */
  for (guint i = r->frames->len; i > 0; i--)
    {
      Frame *frame = &g_array_index (r->frames, Frame, i - 1);

      if (frame->flags & EL_QUOTE)
        sink_free (r->attribution);
      if (frame->flags & EL_FIGURE)
        {
          sink_free (r->caption);
          sink_free (r->credit);
        }
      r->attribution = frame->attribution;
      r->caption = frame->caption;
      r->credit = frame->credit;
    }
  g_clear_pointer (&r->blocks, g_ptr_array_unref);
  g_array_unref (r->frames);
  g_ptr_array_unref (r->hrefs);
  g_string_free (r->main.text, TRUE);
  g_array_unref (r->marks);
}

/* Reads the children of @container, iteratively: a hostile document
 * nested a million deep costs heap, not stack */
static void
walk (Reader  *r,
      xmlNode *container)
{
  g_autoptr(GPtrArray) quotes = g_ptr_array_new ();   /* open blockquote nodes */
  xmlNode *n = container->children;

  while (n != NULL && !r->full)
    {
      gboolean descend = FALSE;

      if (n->type == XML_ELEMENT_NODE)
        {
          xmlNode *quote = quotes->len > 0 ? g_ptr_array_index (quotes, quotes->len - 1) : NULL;

          descend = enter_element (r, n, quote);
          if (descend && (element_flags (n) & EL_QUOTE))
            g_ptr_array_add (quotes, n);
        }
      else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
        add_text (r, (const char *) n->content);

      if (descend && n->children != NULL)
        {
          n = n->children;
          continue;
        }
      if (descend)
        {
          leave_element (r, n);
          if (quotes->len > 0 && g_ptr_array_index (quotes, quotes->len - 1) == n)
            g_ptr_array_set_size (quotes, quotes->len - 1);
        }

      for (;;)
        {
          if (n->next != NULL)
            {
              n = n->next;
              break;
            }
          n = n->parent;
          if (n == NULL || n == container)
            {
              n = NULL;
              break;
            }
          leave_element (r, n);
          if (quotes->len > 0 && g_ptr_array_index (quotes, quotes->len - 1) == n)
            g_ptr_array_set_size (quotes, quotes->len - 1);
        }
    }

  if (!r->full)
    flush (r);
}

GPtrArray *
byline_html_read_node (gpointer xml_node)
{
  xmlNode *node = xml_node;
  Reader r;
  GPtrArray *blocks;

  reader_init (&r);
  if (node != NULL)
    walk (&r, node);
  blocks = g_steal_pointer (&r.blocks);
  reader_clear (&r);
  return blocks;
}

static void
free_doc (xmlDoc *doc)
{
  if (doc != NULL)
    xmlFreeDoc (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, free_doc)

/* Blocks over a format limit would make the article impossible to save:
 * refuse them now, while nothing has changed */
static gboolean
check_limits (GPtrArray  *blocks,
              GError    **error)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      BylineBlock *block = g_ptr_array_index (blocks, i);
      const BylineLimitViolation *violation;

      g_bytes_unref (byline_block_dup_json (block));
      violation = byline_block_get_limit_violation (block);
      if (violation == NULL)
        continue;

      switch (violation->kind)
        {
        case BYLINE_LIMIT_MARKS:
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("Paragraph %u of the pasted text changes its formatting %" G_GUINT64_FORMAT
                         " times; a paragraph may do so at most %" G_GUINT64_FORMAT " times"),
                       i + 1, violation->found, violation->limit);
          break;
        case BYLINE_LIMIT_LINK:
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("A link in paragraph %u of the pasted text is %" G_GUINT64_FORMAT
                         " characters long; a link may have at most %" G_GUINT64_FORMAT),
                       i + 1, violation->found, violation->limit);
          break;
        case BYLINE_LIMIT_PART:
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The %s of block %u of the pasted text has %" G_GUINT64_FORMAT
                         " characters; it may have at most %" G_GUINT64_FORMAT),
                       violation->part, i + 1, violation->found, violation->limit);
          break;
        case BYLINE_LIMIT_TEXT:
        case BYLINE_LIMIT_OK:
        default:
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("Paragraph %u of the pasted text has %" G_GUINT64_FORMAT
                         " characters; a paragraph may have at most %" G_GUINT64_FORMAT),
                       i + 1, violation->found, violation->limit);
          break;
        }
      return FALSE;
    }
  return TRUE;
}

/* UTF-8 text from what a clipboard or a file gave: a byte order mark says
 * UTF-16 (Firefox's text/html), trailing NULs are a C writer's leftovers */
static char *
to_utf8 (const char  *data,
         gsize        length,
         gsize       *out_length,
         GError     **error)
{
  const guchar *bytes = (const guchar *) data;
  char *utf8;

  if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      const char *charset = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      gsize written = 0;

      utf8 = g_convert (data + 2, (length - 2) & ~(gsize) 1, "UTF-8", charset, NULL, &written, NULL);
      if (utf8 == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The pasted HTML is damaged: it says it is UTF-16 text but is not"));
          return NULL;
        }
      length = written;
    }
  else
    {
      if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
          data += 3;
          length -= 3;
        }
      /* (not g_strndup, which would stop at a NUL) */
      utf8 = g_malloc (length + 1);
      memcpy (utf8, data, length);
      utf8[length] = '\0';
    }

  while (length > 0 && utf8[length - 1] == '\0')
    length--;

  if (memchr (utf8, '\0', length) != NULL || !g_utf8_validate (utf8, length, NULL))
    {
      g_free (utf8);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The pasted HTML is not text (it is not valid UTF-8)"));
      return NULL;
    }

  *out_length = length;
  return utf8;
}

GPtrArray *
byline_html_read_blocks (const char  *html,
                         gssize       length,
                         GError     **error)
{
  g_autofree char *utf8 = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  gsize utf8_length = 0;
  Reader r;
  gboolean full;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (html);

  if ((guint64) length > BYLINE_MAX_DOCUMENT_BYTES)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (BYLINE_MAX_DOCUMENT_BYTES);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("The pasted HTML is too large (%s); an article may hold at most %s"),
                   size, limit);
      return NULL;
    }

  utf8 = to_utf8 (html, length, &utf8_length, error);
  if (utf8 == NULL)
    return NULL;

  /* Word's "downlevel-revealed" conditionals (<![if !vml]> … <![endif]>)
   * are not comments to libxml2: it would show them as text */
  if (strstr (utf8, "<![") != NULL)
    {
      static GRegex *conditional;
      char *stripped;

      if (g_once_init_enter (&conditional))
        g_once_init_leave (&conditional,
                           g_regex_new ("<!\\[\\s*(if\\b[^\\]>]*|endif\\s*)\\]>",
                                        G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
      stripped = g_regex_replace_literal (conditional, utf8, utf8_length, 0, "", 0, NULL);
      if (stripped != NULL)
        {
          g_free (utf8);
          utf8 = stripped;
          utf8_length = strlen (utf8);
        }
    }

  if (utf8_length == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  /* No network, no external entities, no error output; recover from
   * whatever a browser would show.  The encoding is fixed: a word
   * processor's <meta charset=windows-1252> is not what the clipboard
   * holds. */
  doc = htmlReadMemory (utf8, (int) utf8_length, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                        HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
  if (doc == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  reader_init (&r);
  walk (&r, (xmlNode *) doc);
  full = r.full;
  blocks = g_steal_pointer (&r.blocks);
  reader_clear (&r);

  if (full)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("The pasted HTML has more than %u paragraphs; an article may hold at most %u blocks"),
                   BYLINE_MAX_BLOCKS, BYLINE_MAX_BLOCKS);
      return NULL;
    }
  if (!check_limits (blocks, error))
    return NULL;

  return g_steal_pointer (&blocks);
}

/* Plain text */

static void
add_text_paragraph (GPtrArray  *blocks,
                    const char *start,
                    const char *end)
{
  GString *text = g_string_new (NULL);
  g_autofree char *paragraph = NULL;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r')
        {
          /* A line break inside a paragraph is where the text wrapped */
          if (text->len > 0 && text->str[text->len - 1] != ' ')
            g_string_append_c (text, ' ');
        }
      else if (c == '\t')
        g_string_append_c (text, ' ');
      else if (!is_dropped_char (c))
        g_string_append_unichar (text, c);
    }

  paragraph = g_strstrip (g_string_free (text, FALSE));
  if (*paragraph != '\0' && blocks->len < BYLINE_MAX_BLOCKS)
    g_ptr_array_add (blocks, byline_block_new_paragraph (paragraph));
}

/* Whether the line from @p to the next newline (or @end) holds only
 * whitespace */
static gboolean
line_is_blank (const char *p,
               const char *end)
{
  for (; p < end && *p != '\n'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

GPtrArray *
byline_text_read_blocks (const char *text,
                         gssize      length)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *valid = NULL;
  const char *p, *end, *para;
  gboolean has_blank = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, blocks);

  if (length < 0)
    length = strlen (text);
  valid = g_utf8_make_valid (text, length);
  p = valid;
  end = valid + strlen (valid);

  /* Is there a blank line between two lines with text? */
  for (const char *nl = memchr (p, '\n', end - p); nl != NULL; nl = memchr (nl + 1, '\n', end - nl - 1))
    if (nl + 1 < end && line_is_blank (nl + 1, end))
      {
        const char *after = memchr (nl + 1, '\n', end - nl - 1);

        if (after != NULL)
          {
            has_blank = TRUE;
            break;
          }
      }

  para = p;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;

      if (!has_blank)
        {
          add_text_paragraph (blocks, p, line_end);
          para = line_end + 1;
        }
      else if (line_is_blank (p, end))
        {
          add_text_paragraph (blocks, para, p);
          para = line_end + 1;
        }
      p = nl != NULL ? nl + 1 : end;
    }
  if (has_blank && para < end)
    add_text_paragraph (blocks, para, end);

  return blocks;
}
