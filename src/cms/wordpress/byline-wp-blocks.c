/* byline-wp-blocks.c: a story's body <-> WordPress block markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-wp-blocks"

#include "byline-wp-blocks.h"

#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "byline-cms-error.h"
#include "byline-json-text.h"

/* The markup written here is what WordPress 6.1's block editor saves for
 * the same attributes (block-library's save() functions), so the editor
 * validates it.  Reading works the other way round and is deliberately
 * strict: a known block is only turned into a Byline block when writing
 * that block back gives exactly the bytes we read.  Anything else is kept
 * as raw markup, so nothing a WordPress user wrote is ever lost. */

#define CARD_CLASS         "byline-card"
#define CARD_POST_PREFIX   "byline-card-post-"
#define CARD_SECTION_CLASS "byline-card-section"
#define CARD_HEADLINE_CLASS "byline-card-headline"
#define CARD_IMAGE_CLASS   "byline-card-image"
#define RELATED_CLASS      "byline-related"
#define DECORATIVE_CLASS   "byline-decorative"
#define CREDIT_CLASS       "byline-credit"

/* Deeper inline nesting than this is not something Byline writes. */
#define MAX_INLINE_DEPTH 32

/* ------------------------------------------------------------------ */
/* Escaping                                                             */

/* As @wordpress/escape-html's escapeHTML: text content. */
static void
append_text_escaped (GString    *out,
                     const char *text,
                     gssize      len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;

  for (const char *p = text; p < end; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '\n': g_string_append (out, "<br>"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* As escapeAttribute: attribute values. */
static void
append_attr_escaped (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* A JSON string as the block serializer writes attributes: JSON.stringify,
 * then "--", "<", ">", "&" and "\"" as \u escapes so the comment
 * delimiter can never be broken by an attribute value. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '-' && p[1] == '-')
        {
          g_string_append (out, "\\u002d\\u002d");
          p++;
        }
      else if (c == '"')
        g_string_append (out, "\\u0022");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '<')
        g_string_append (out, "\\u003c");
      else if (c == '>')
        g_string_append (out, "\\u003e");
      else if (c == '&')
        g_string_append (out, "\\u0026");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

typedef struct
{
  BylineMarkKind  kind;
  const char     *href;
  guint           end;
  guint           index;
} OpenMark;

static const char *
mark_tag (BylineMarkKind kind)
{
  switch (kind)
    {
    case BYLINE_MARK_BOLD: return "strong";
    case BYLINE_MARK_ITALIC: return "em";
    case BYLINE_MARK_LINK: return "a";
    default: return "span";
    }
}

static void
open_mark (GString          *out,
           const BylineMark *mark)
{
  if (mark->kind == BYLINE_MARK_LINK)
    {
      g_string_append (out, "<a href=\"");
      append_attr_escaped (out, mark->href != NULL ? mark->href : "");
      g_string_append (out, "\">");
    }
  else
    g_string_append_printf (out, "<%s>", mark_tag (mark->kind));
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Marks may overlap; HTML must nest.  Walk the text from boundary to
 * boundary keeping a stack of open tags: when a mark ends, close down to it
 * and reopen the ones above it that go on.  Tags opened at the same place
 * open longest first, so "<strong><em>x</em> y</strong>" comes back as
 * written. */
static void
append_inline (GString          *out,
               const char       *text,
               const BylineMark *marks,
               guint             n_marks)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *is_open = g_new0 (gboolean, MAX (n_marks, 1));
  guint n_chars = g_utf8_strlen (text, -1);
  const char *p = text;
  guint pos = 0;

  for (guint i = 0; i < n_marks; i++)
    {
      guint s = MIN (marks[i].start, n_chars), e = MIN (marks[i].end, n_chars);

      g_array_append_val (bounds, s);
      g_array_append_val (bounds, e);
    }
  g_array_append_val (bounds, n_chars);
  g_array_sort (bounds, compare_uint);

  for (guint b = 0; b < bounds->len; b++)
    {
      guint next = g_array_index (bounds, guint, b);
      const char *seg_end;
      int lowest_closing = -1;

      if (b > 0 && next == g_array_index (bounds, guint, b - 1))
        continue;

      /* Text up to this boundary. */
      seg_end = g_utf8_offset_to_pointer (p, next - pos);
      append_text_escaped (out, p, seg_end - p);
      p = seg_end;
      pos = next;

      /* Close what ends here, and everything opened after it. */
      for (guint s = 0; s < stack->len; s++)
        {
          const BylineMark *m = &marks[g_array_index (stack, guint, s)];

          if (MIN (m->end, n_chars) <= pos)
            {
              lowest_closing = (int) s;
              break;
            }
        }
      if (lowest_closing >= 0)
        {
          while (stack->len > (guint) lowest_closing)
            {
              guint idx = g_array_index (stack, guint, stack->len - 1);

              g_string_append_printf (out, "</%s>", mark_tag (marks[idx].kind));
              is_open[idx] = FALSE;
              g_array_set_size (stack, stack->len - 1);
            }
        }

      if (pos >= n_chars)
        break;

      /* Open what covers the next segment, longest first. */
      for (;;)
        {
          int best = -1;

          for (guint i = 0; i < n_marks; i++)
            {
              guint e = MIN (marks[i].end, n_chars);

              if (is_open[i] || marks[i].start > pos || e <= pos)
                continue;
              if (best < 0 ||
                  e > MIN (marks[best].end, n_chars) ||
                  (e == MIN (marks[best].end, n_chars) && marks[i].kind > marks[best].kind))
                best = (int) i;
            }
          if (best < 0)
            break;

          open_mark (out, &marks[best]);
          is_open[best] = TRUE;
          {
            guint idx = (guint) best;
            g_array_append_val (stack, idx);
          }
        }
    }

  while (stack->len > 0)
    {
      guint idx = g_array_index (stack, guint, stack->len - 1);

      g_string_append_printf (out, "</%s>", mark_tag (marks[idx].kind));
      g_array_set_size (stack, stack->len - 1);
    }
}

static void
append_text_block (GString    *out,
                   const char *block_name,
                   const char *tag,
                   const char *class_name,
                   const char *text,
                   const BylineMark *marks,
                   guint       n_marks)
{
  g_string_append_printf (out, "<!-- wp:%s ", block_name);
  if (class_name != NULL)
    {
      g_string_append (out, "{\"className\":");
      append_json_string (out, class_name);
      g_string_append (out, "} ");
    }
  g_string_append_printf (out, "-->\n<%s", tag);
  if (class_name != NULL)
    {
      g_string_append (out, " class=\"");
      append_attr_escaped (out, class_name);
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '>');
  append_inline (out, text != NULL ? text : "", marks, n_marks);
  g_string_append_printf (out, "</%s>\n<!-- /wp:%s -->", tag, block_name);
}

static gboolean
resolve_media (BylineImage        *image,
               BylineWpMediaFunc   media_func,
               gpointer            user_data,
               gint64             *media_id,
               char              **url,
               GError            **error)
{
  *media_id = 0;
  *url = NULL;

  if (media_func != NULL)
    {
      if (!media_func (image, media_id, url, user_data, error))
        return FALSE;
    }
  else
    *url = g_strdup (byline_image_get_src (image));

  if (*url == NULL)
    *url = g_strdup ("");

  return TRUE;
}

static void append_caption_html (GString    *out,
                                 const char *caption,
                                 const char *credit);

static gboolean
append_image (GString           *out,
              BylineImage       *image,
              const char        *extra_class,
              BylineWpMediaFunc  media_func,
              gpointer           user_data,
              GError           **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GString) classes = g_string_new (NULL);
  const char *caption = byline_image_get_caption (image);
  const char *credit = byline_image_get_credit (image);
  const char *alt = byline_image_get_alt (image);
  gboolean has_caption = caption != NULL && *caption != '\0';
  gboolean has_credit = credit != NULL && *credit != '\0';
  gint64 media_id = 0;
  gboolean has_attrs;

  if (!resolve_media (image, media_func, user_data, &media_id, &url, error))
    return FALSE;

  if (extra_class != NULL)
    g_string_append (classes, extra_class);
  if (byline_image_get_decorative (image))
    {
      if (classes->len > 0)
        g_string_append_c (classes, ' ');
      g_string_append (classes, DECORATIVE_CLASS);
    }

  /* Attributes in block.json order: id first, className (added by the
   * custom class name support) last. */
  has_attrs = media_id > 0 || classes->len > 0;
  g_string_append (out, "<!-- wp:image ");
  if (has_attrs)
    {
      g_string_append_c (out, '{');
      if (media_id > 0)
        g_string_append_printf (out, "\"id\":%" G_GINT64_FORMAT, media_id);
      if (classes->len > 0)
        {
          if (media_id > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "\"className\":");
          append_json_string (out, classes->str);
        }
      g_string_append (out, "} ");
    }
  g_string_append (out, "-->\n<figure class=\"wp-block-image");
  if (classes->len > 0)
    {
      g_string_append_c (out, ' ');
      append_attr_escaped (out, classes->str);
    }
  g_string_append (out, "\"><img src=\"");
  append_attr_escaped (out, url);
  g_string_append (out, "\" alt=\"");
  /* A decorative image has an empty alt by definition. */
  if (!byline_image_get_decorative (image) && alt != NULL)
    append_attr_escaped (out, alt);
  g_string_append_c (out, '"');
  if (media_id > 0)
    g_string_append_printf (out, " class=\"wp-image-%" G_GINT64_FORMAT "\"", media_id);
  g_string_append (out, "/>");

  /* WordPress has no credit field: it rides in the caption, in its own
   * span, where editors see it and Byline can read it back. */
  if (has_caption || has_credit)
    {
      g_string_append (out, "<figcaption class=\"wp-element-caption\">");
      append_caption_html (out, caption, credit);
      g_string_append (out, "</figcaption>");
    }
  g_string_append (out, "</figure>\n<!-- /wp:image -->");

  return TRUE;
}

static gboolean
is_all_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* A card is a core/group of ordinary blocks: every theme renders it as a
 * small link card and the block editor opens it as blocks it knows, with
 * no plugin installed.  The class names let Byline find its parts again. */
static gboolean
append_card (GString           *out,
             BylineStoryRef    *ref,
             BylineWpMediaFunc  media_func,
             gpointer           user_data,
             GError           **error)
{
  g_autoptr(GString) classes = g_string_new (CARD_CLASS);
  const char *cms_id = byline_story_ref_get_cms_id (ref);
  const char *section = byline_story_ref_get_section (ref);
  const char *headline = byline_story_ref_get_headline (ref);
  const char *url = byline_story_ref_get_url (ref);
  BylineImage *image = byline_story_ref_get_image (ref);
  gboolean first = TRUE;

  if (is_all_digits (cms_id))
    g_string_append_printf (classes, " " CARD_POST_PREFIX "%s", cms_id);

  g_string_append (out, "<!-- wp:group {\"className\":");
  append_json_string (out, classes->str);
  g_string_append (out, "} -->\n<div class=\"wp-block-group ");
  append_attr_escaped (out, classes->str);
  g_string_append (out, "\">");

  if (section != NULL && *section != '\0')
    {
      append_text_block (out, "paragraph", "p", CARD_SECTION_CLASS, section, NULL, 0);
      first = FALSE;
    }

  if (!first)
    g_string_append (out, "\n\n");
  {
    g_autofree char *text = g_strdup (headline != NULL ? headline : "");
    BylineMark link = { BYLINE_MARK_LINK, 0, g_utf8_strlen (text, -1), (char *) url };
    gboolean linked = url != NULL && *url != '\0' && link.end > 0;

    append_text_block (out, "paragraph", "p", CARD_HEADLINE_CLASS, text,
                       linked ? &link : NULL, linked ? 1 : 0);
  }

  if (image != NULL)
    {
      g_string_append (out, "\n\n");
      if (!append_image (out, image, CARD_IMAGE_CLASS, media_func, user_data, error))
        return FALSE;
    }

  g_string_append (out, "</div>\n<!-- /wp:group -->");

  return TRUE;
}

static gboolean
append_block (GString           *out,
              BylineBlock       *block,
              BylineWpMediaFunc  media_func,
              gpointer           user_data,
              GError           **error)
{
  const BylineMark *marks;
  guint n_marks = 0;

  switch (byline_block_get_kind (block))
    {
    case BYLINE_BLOCK_PARAGRAPH:
      marks = byline_block_get_marks (block, &n_marks);
      append_text_block (out, "paragraph", "p", NULL,
                         byline_block_get_text (block), marks, n_marks);
      return TRUE;

    case BYLINE_BLOCK_SUBHEADING:
      marks = byline_block_get_marks (block, &n_marks);
      append_text_block (out, "heading", "h2", NULL,
                         byline_block_get_text (block), marks, n_marks);
      return TRUE;

    case BYLINE_BLOCK_QUOTE:
      {
        const char *attribution = byline_block_get_attribution (block);

        /* WordPress 6.1's editor saves quotes with inner paragraph blocks
         * (the older <p>-inside form is only read as a deprecation). */
        marks = byline_block_get_marks (block, &n_marks);
        g_string_append (out, "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\">");
        append_text_block (out, "paragraph", "p", NULL,
                           byline_block_get_text (block), marks, n_marks);
        if (attribution != NULL && *attribution != '\0')
          {
            g_string_append (out, "<cite>");
            append_text_escaped (out, attribution, -1);
            g_string_append (out, "</cite>");
          }
        g_string_append (out, "</blockquote>\n<!-- /wp:quote -->");
        return TRUE;
      }

    case BYLINE_BLOCK_IMAGE:
      if (byline_block_get_image (block) == NULL)
        {
          g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               "An image block has no image");
          return FALSE;
        }
      return append_image (out, byline_block_get_image (block), NULL,
                           media_func, user_data, error);

    case BYLINE_BLOCK_CARD:
      if (byline_block_get_story_ref (block) == NULL)
        {
          g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               "A related-story card refers to no story");
          return FALSE;
        }
      return append_card (out, byline_block_get_story_ref (block),
                          media_func, user_data, error);

    case BYLINE_BLOCK_RAW:
      {
        const char *markup = byline_block_get_text (block);

        g_string_append (out, markup != NULL ? markup : "");
        return TRUE;
      }

    default:
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   "A block of unknown kind %d cannot be sent to WordPress",
                   byline_block_get_kind (block));
      return FALSE;
    }
}

static gboolean
append_related (GString           *out,
                BylineStoryRef   **refs,
                guint              n_refs,
                BylineWpMediaFunc  media_func,
                gpointer           user_data,
                GError           **error)
{
  g_string_append (out, "<!-- wp:group {\"className\":\"" RELATED_CLASS "\"} -->\n"
                        "<div class=\"wp-block-group " RELATED_CLASS "\">");
  for (guint i = 0; i < n_refs; i++)
    {
      if (i > 0)
        g_string_append (out, "\n\n");
      if (!append_card (out, refs[i], media_func, user_data, error))
        return FALSE;
    }
  g_string_append (out, "</div>\n<!-- /wp:group -->");

  return TRUE;
}

char *
byline_wp_blocks_serialize (BylineBlock * const *blocks,
                            guint                n_blocks,
                            GListModel          *related,
                            BylineWpMediaFunc    media_func,
                            gpointer             user_data,
                            GError             **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_related;

  g_return_val_if_fail (blocks != NULL || n_blocks == 0, NULL);
  g_return_val_if_fail (related == NULL || G_IS_LIST_MODEL (related), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_blocks; i++)
    {
      g_return_val_if_fail (BYLINE_IS_BLOCK (blocks[i]), NULL);

      if (i > 0)
        g_string_append (out, "\n\n");
      if (!append_block (out, blocks[i], media_func, user_data, error))
        return NULL;
    }

  n_related = related != NULL ? g_list_model_get_n_items (related) : 0;
  if (n_related > 0)
    {
      g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n_related; i++)
        g_ptr_array_add (refs, g_list_model_get_item (related, i));

      if (out->len > 0)
        g_string_append (out, "\n\n");
      if (!append_related (out, (BylineStoryRef **) refs->pdata, refs->len,
                           media_func, user_data, error))
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* Reading: block delimiters                                            */

typedef enum
{
  DELIM_OPENER,
  DELIM_CLOSER,
  DELIM_VOID,
} DelimKind;

typedef struct
{
  DelimKind kind;
  gsize     start;
  gsize     end;
  gsize     name_start;
  gsize     name_len;
  gsize     attrs_start;
  gsize     attrs_len;      /* 0: no attributes */
} Delim;

typedef struct _Node Node;
struct _Node
{
  char      *name;          /* "core/paragraph", "byline/x", … */
  char      *attrs;         /* JSON text or NULL */
  gsize      start;
  gsize      end;
  gsize      inner_start;
  gsize      inner_end;
  GPtrArray *children;      /* Node *, borrowed from the parser's list */
  guint      closed : 1;
};

typedef struct
{
  const char *s;
  gsize       len;
  /* The last search for the end of a JSON attribute object: from
   * attrs_from, the first terminator was at attrs_found (or none when
   * attrs_found is G_MAXSIZE).  Keeps hostile input linear. */
  gsize       attrs_from;
  gsize       attrs_found;
  gboolean    attrs_searched;
  GPtrArray  *nodes;        /* owns every Node */
} Parser;

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->name);
  g_free (node->attrs);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static gboolean
is_name_start (char c)
{
  return c >= 'a' && c <= 'z';
}

static gboolean
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Whether "}" at @pos is followed by \s+ /? --> ; sets *end past "-->". */
static gboolean
attrs_terminator_at (Parser *p,
                     gsize   pos,
                     gsize  *end)
{
  gsize i = pos + 1;

  if (p->s[pos] != '}')
    return FALSE;
  if (i >= p->len || !is_space (p->s[i]))
    return FALSE;
  while (i < p->len && is_space (p->s[i]))
    i++;
  if (i < p->len && p->s[i] == '/')
    i++;
  if (i + 3 > p->len || memcmp (p->s + i, "-->", 3) != 0)
    return FALSE;
  *end = i;
  return TRUE;
}

static gsize
find_attrs_end (Parser *p,
                gsize   from)
{
  gsize dummy;

  if (p->attrs_searched && from >= p->attrs_from &&
      (p->attrs_found == G_MAXSIZE || from <= p->attrs_found))
    return p->attrs_found;

  p->attrs_searched = TRUE;
  p->attrs_from = from;
  p->attrs_found = G_MAXSIZE;
  for (gsize i = from; i < p->len; i++)
    {
      if (p->s[i] == '}' && attrs_terminator_at (p, i, &dummy))
        {
          p->attrs_found = i;
          break;
        }
    }

  return p->attrs_found;
}

/* The grammar of WordPress's block parser:
 *   <!--\s+(/)?wp:(ns/)?name\s+({json}\s+)?(/)?-->
 * Anything else starting with "<!--" is ordinary HTML. */
static gboolean
match_delimiter (Parser *p,
                 gsize   start,
                 Delim  *d)
{
  gsize i = start + 4;
  gboolean closer = FALSE;

  memset (d, 0, sizeof *d);
  d->start = start;

  if (i >= p->len || !is_space (p->s[i]))
    return FALSE;
  while (i < p->len && is_space (p->s[i]))
    i++;
  if (i < p->len && p->s[i] == '/')
    {
      closer = TRUE;
      i++;
    }
  if (i + 3 > p->len || memcmp (p->s + i, "wp:", 3) != 0)
    return FALSE;
  i += 3;

  d->name_start = i;
  if (i >= p->len || !is_name_start (p->s[i]))
    return FALSE;
  while (i < p->len && is_name_char (p->s[i]))
    i++;
  if (i < p->len && p->s[i] == '/')
    {
      i++;
      if (i >= p->len || !is_name_start (p->s[i]))
        return FALSE;
      while (i < p->len && is_name_char (p->s[i]))
        i++;
    }
  d->name_len = i - d->name_start;

  if (i >= p->len || !is_space (p->s[i]))
    return FALSE;
  while (i < p->len && is_space (p->s[i]))
    i++;

  if (i < p->len && p->s[i] == '{')
    {
      gsize brace = find_attrs_end (p, i);

      if (brace == G_MAXSIZE)
        return FALSE;
      d->attrs_start = i;
      d->attrs_len = brace + 1 - i;
      i = brace + 1;
      while (i < p->len && is_space (p->s[i]))
        i++;
    }

  if (i < p->len && p->s[i] == '/')
    {
      if (closer)
        return FALSE;
      d->kind = DELIM_VOID;
      i++;
    }
  else
    d->kind = closer ? DELIM_CLOSER : DELIM_OPENER;

  if (i + 3 > p->len || memcmp (p->s + i, "-->", 3) != 0)
    return FALSE;
  d->end = i + 3;

  return TRUE;
}

static gboolean
next_delimiter (Parser *p,
                gsize   from,
                Delim  *d)
{
  while (from + 4 <= p->len)
    {
      const char *hit = memchr (p->s + from, '<', p->len - from);
      gsize at;

      if (hit == NULL)
        return FALSE;
      at = hit - p->s;
      if (at + 4 > p->len || memcmp (hit, "<!--", 4) != 0)
        {
          from = at + 1;
          continue;
        }
      if (match_delimiter (p, at, d))
        return TRUE;
      from = at + 4;
    }

  return FALSE;
}

static char *
delimiter_name (Parser      *p,
                const Delim *d)
{
  g_autofree char *name = g_strndup (p->s + d->name_start, d->name_len);

  if (strchr (name, '/') == NULL)
    return g_strconcat ("core/", name, NULL);
  return g_steal_pointer (&name);
}

static Node *
node_new (Parser      *p,
          const Delim *d)
{
  Node *node = g_new0 (Node, 1);

  node->name = delimiter_name (p, d);
  if (d->attrs_len > 0)
    node->attrs = g_strndup (p->s + d->attrs_start, d->attrs_len);
  node->start = d->start;
  node->inner_start = d->end;
  node->children = g_ptr_array_new ();
  g_ptr_array_add (p->nodes, node);

  return node;
}

/* A top-level item: a block, or the HTML between blocks. */
typedef struct
{
  Node  *node;       /* NULL for freeform HTML */
  gsize  start;
  gsize  end;
} Item;

/* Builds the block tree the way WordPress's parser does (a closer closes
 * the innermost open block, whatever its name; a block left open runs to
 * the end), without recursion, so any nesting depth is fine. */
static GArray *
parse_items (Parser *p)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  gsize pos = 0;
  gsize freeform_start = 0;
  Delim d;

  while (next_delimiter (p, pos, &d))
    {
      pos = d.end;

      if (stack->len == 0)
        {
          Node *node;

          if (d.kind == DELIM_CLOSER)
            continue; /* a stray closer is just HTML */

          if (d.start > freeform_start)
            {
              Item item = { NULL, freeform_start, d.start };
              g_array_append_val (items, item);
            }

          node = node_new (p, &d);
          if (d.kind == DELIM_VOID)
            {
              Item item = { node, d.start, d.end };

              node->end = node->inner_end = d.end;
              node->inner_start = d.end;
              node->closed = TRUE;
              g_array_append_val (items, item);
              freeform_start = d.end;
            }
          else
            g_ptr_array_add (stack, node);
          continue;
        }

      if (d.kind == DELIM_OPENER)
        {
          g_ptr_array_add (stack, node_new (p, &d));
        }
      else if (d.kind == DELIM_VOID)
        {
          Node *node = node_new (p, &d);
          Node *parent = g_ptr_array_index (stack, stack->len - 1);

          node->end = node->inner_end = node->inner_start = d.end;
          node->closed = TRUE;
          g_ptr_array_add (parent->children, node);
        }
      else
        {
          Node *node = g_ptr_array_steal_index (stack, stack->len - 1);

          node->inner_end = d.start;
          node->end = d.end;
          node->closed = TRUE;
          if (stack->len > 0)
            {
              Node *parent = g_ptr_array_index (stack, stack->len - 1);
              g_ptr_array_add (parent->children, node);
            }
          else
            {
              Item item = { node, node->start, node->end };
              g_array_append_val (items, item);
              freeform_start = d.end;
            }
        }
    }

  if (stack->len > 0)
    {
      /* Unclosed: the outermost block takes the rest of the document. */
      Node *node = g_ptr_array_index (stack, 0);
      Item item = { node, node->start, p->len };

      node->end = node->inner_end = p->len;
      g_array_append_val (items, item);
    }
  else if (freeform_start < p->len)
    {
      Item item = { NULL, freeform_start, p->len };
      g_array_append_val (items, item);
    }

  return g_steal_pointer (&items);
}

/* ------------------------------------------------------------------ */
/* Reading: inner HTML                                                  */

static void
free_html_doc (xmlDoc *doc)
{
  if (doc != NULL)
    xmlFreeDoc (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, free_html_doc)

static gboolean
is_blank (const char *s,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!is_space (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
node_is_blank_text (xmlNode *node)
{
  return node->type == XML_TEXT_NODE &&
         (node->content == NULL || is_blank ((const char *) node->content,
                                             strlen ((const char *) node->content)));
}

/* Parses an HTML fragment with libxml2 and returns its only top-level
 * element (in *root), or NULL when it is not exactly one element. */
static htmlDocPtr
parse_fragment (const char  *html,
                gsize        len,
                xmlNode    **root)
{
  htmlDocPtr doc;
  xmlNode *html_el, *body = NULL, *found = NULL;

  *root = NULL;
  if (len == 0 || len > G_MAXINT)
    return NULL;

  doc = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET);
  if (doc == NULL)
    return NULL;

  html_el = xmlDocGetRootElement (doc);
  if (html_el != NULL)
    for (xmlNode *n = html_el->children; n != NULL; n = n->next)
      if (n->type == XML_ELEMENT_NODE && xmlStrcmp (n->name, BAD_CAST "body") == 0)
        body = n;

  if (body != NULL)
    {
      for (xmlNode *n = body->children; n != NULL; n = n->next)
        {
          if (node_is_blank_text (n))
            continue;
          if (n->type != XML_ELEMENT_NODE || found != NULL)
            {
              found = NULL;
              break;
            }
          found = n;
        }
    }

  *root = found;
  return doc;
}

static gboolean
element_is (xmlNode    *node,
            const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         xmlStrcasecmp (node->name, BAD_CAST name) == 0;
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
collect_inline (xmlNode *first,
                GString *text,
                guint   *n_chars,
                GArray  *marks,
                guint    depth)
{
  if (depth > MAX_INLINE_DEPTH)
    return FALSE;

  for (xmlNode *n = first; n != NULL; n = n->next)
    {
      if (n->type == XML_TEXT_NODE)
        {
          const char *content = (const char *) n->content;

          if (content != NULL)
            {
              g_string_append (text, content);
              *n_chars += g_utf8_strlen (content, -1);
            }
        }
      else if (n->type == XML_ELEMENT_NODE)
        {
          BylineMark mark = { 0, };
          gboolean is_mark = TRUE;

          if (element_is (n, "br"))
            {
              g_string_append_c (text, '\n');
              *n_chars += 1;
              continue;
            }
          else if (marks == NULL)
            return FALSE;
          else if (element_is (n, "strong"))
            mark.kind = BYLINE_MARK_BOLD;
          else if (element_is (n, "em"))
            mark.kind = BYLINE_MARK_ITALIC;
          else if (element_is (n, "a"))
            {
              mark.kind = BYLINE_MARK_LINK;
              mark.href = get_attr (n, "href");
              if (mark.href == NULL)
                return FALSE;
            }
          else
            is_mark = FALSE;

          if (!is_mark)
            return FALSE;

          mark.start = *n_chars;
          if (!collect_inline (n->children, text, n_chars, marks, depth + 1))
            {
              g_free (mark.href);
              return FALSE;
            }
          mark.end = *n_chars;
          g_array_append_val (marks, mark);
        }
      else
        return FALSE;
    }

  return TRUE;
}

static void
clear_mark (gpointer data)
{
  BylineMark *mark = data;

  g_clear_pointer (&mark->href, g_free);
}

static GArray *
new_mark_array (void)
{
  GArray *marks = g_array_new (FALSE, TRUE, sizeof (BylineMark));

  g_array_set_clear_func (marks, clear_mark);
  return marks;
}

/* Text (and marks, when @marks is not NULL) of the only element of @html,
 * which must be <@tag> with the given class (or none). */
static gboolean
read_text_element (const char  *html,
                   gsize        len,
                   const char  *tag,
                   char       **text_out,
                   GArray      *marks)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  xmlNode *root;
  guint n_chars = 0;

  doc = parse_fragment (html, len, &root);
  if (!element_is (root, tag))
    return FALSE;
  if (!collect_inline (root->children, text, &n_chars, marks, 0))
    return FALSE;

  *text_out = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading: blocks                                                      */

typedef struct
{
  Parser     *parser;
  GHashTable *media_ids;    /* url -> id string */
  GHashTable *image_urls;   /* every image URL read, with an id or not */
} Reader;

static JsonObject *
parse_attrs (const Node *node)
{
  g_autoptr(JsonNode) root = NULL;

  if (node->attrs == NULL)
    return NULL;

  root = json_from_string (node->attrs, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !byline_json_node_is_text (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* The className attribute, or NULL; *ok is FALSE when attributes other
 * than those in @allowed (NULL-terminated) are present or mistyped. */
static char *
get_class_name (const Node  *node,
                gint64      *media_id,
                gboolean    *ok)
{
  g_autoptr(JsonObject) attrs = parse_attrs (node);
  g_autoptr(GList) members = NULL;
  char *class_name = NULL;

  *ok = TRUE;
  if (media_id != NULL)
    *media_id = 0;
  if (node->attrs == NULL)
    return NULL;
  if (attrs == NULL)
    {
      *ok = FALSE;
      return NULL;
    }

  members = json_object_get_members (attrs);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *value = json_object_get_member (attrs, member);

      if (strcmp (member, "className") == 0 &&
          JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        {
          g_free (class_name);
          class_name = g_strdup (json_node_get_string (value));
        }
      else if (media_id != NULL && strcmp (member, "id") == 0 &&
               JSON_NODE_HOLDS_VALUE (value) &&
               json_node_get_value_type (value) == G_TYPE_INT64)
        *media_id = json_node_get_int (value);
      else
        *ok = FALSE;
    }

  return class_name;
}

static BylineBlock *
read_paragraph (Reader     *r,
                const Node *node,
                const char *want_class)
{
  g_autofree char *class_name = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GArray) marks = new_mark_array ();
  BylineBlock *block;
  gboolean ok;

  class_name = get_class_name (node, NULL, &ok);
  if (!ok || g_strcmp0 (class_name, want_class) != 0 || node->children->len > 0)
    return NULL;
  if (!read_text_element (r->parser->s + node->inner_start,
                          node->inner_end - node->inner_start, "p", &text, marks))
    return NULL;

  block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  byline_block_set_text_and_marks (block, text, (const BylineMark *) marks->data, marks->len);
  return block;
}

static BylineBlock *
read_heading (Reader     *r,
              const Node *node)
{
  g_autofree char *text = NULL;
  g_autoptr(GArray) marks = new_mark_array ();
  BylineBlock *block;

  if (node->attrs != NULL || node->children->len > 0)
    return NULL;
  if (!read_text_element (r->parser->s + node->inner_start,
                          node->inner_end - node->inner_start, "h2", &text, marks))
    return NULL;

  block = byline_block_new (BYLINE_BLOCK_SUBHEADING);
  byline_block_set_text_and_marks (block, text, (const BylineMark *) marks->data, marks->len);
  return block;
}

static BylineBlock *
read_quote (Reader     *r,
            const Node *node)
{
  g_autoptr(BylineBlock) para = NULL;
  g_autoptr(GString) html = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GString) attribution = g_string_new (NULL);
  const Node *child;
  xmlNode *root;
  BylineBlock *block;
  const BylineMark *marks;
  guint n_marks = 0;
  gboolean seen_cite = FALSE;

  if (node->attrs != NULL || node->children->len != 1)
    return NULL;
  child = g_ptr_array_index (node->children, 0);
  if (strcmp (child->name, "core/paragraph") != 0 ||
      (para = read_paragraph (r, child, NULL)) == NULL)
    return NULL;

  /* The quote's own HTML, without its inner block. */
  html = g_string_new_len (r->parser->s + node->inner_start, child->start - node->inner_start);
  g_string_append_len (html, r->parser->s + child->end, node->inner_end - child->end);
  doc = parse_fragment (html->str, html->len, &root);
  if (!element_is (root, "blockquote"))
    return NULL;

  for (xmlNode *n = root->children; n != NULL; n = n->next)
    {
      guint n_chars = 0;

      if (node_is_blank_text (n))
        continue;
      if (!element_is (n, "cite") || seen_cite)
        return NULL;
      if (!collect_inline (n->children, attribution, &n_chars, NULL, 0))
        return NULL;
      seen_cite = TRUE;
    }

  block = byline_block_new (BYLINE_BLOCK_QUOTE);
  marks = byline_block_get_marks (para, &n_marks);
  byline_block_set_text_and_marks (block, byline_block_get_text (para), marks, n_marks);
  byline_block_set_attribution (block, attribution->str);
  return block;
}

static gboolean
has_class (const char *classes,
           const char *wanted)
{
  g_auto(GStrv) parts = NULL;

  if (classes == NULL)
    return FALSE;
  parts = g_strsplit_set (classes, " \t\n", -1);
  return g_strv_contains ((const char * const *) parts, wanted);
}

static BylineImage *
read_image (Reader     *r,
            const Node *node,
            const char *want_class)
{
  g_autofree char *class_name = NULL;
  g_autofree char *src = NULL;
  g_autofree char *alt = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GString) caption = g_string_new (NULL);
  g_autoptr(GString) credit = g_string_new (NULL);
  g_autoptr(BylineImage) image = NULL;
  xmlNode *root, *img = NULL, *figcaption = NULL;
  gint64 media_id = 0;
  gboolean decorative;
  gboolean ok;

  if (node->children->len > 0)
    return NULL;
  class_name = get_class_name (node, &media_id, &ok);
  if (!ok)
    return NULL;
  decorative = has_class (class_name, DECORATIVE_CLASS);
  if (want_class != NULL && !has_class (class_name, want_class))
    return NULL;
  if (want_class == NULL && class_name != NULL &&
      g_strcmp0 (class_name, DECORATIVE_CLASS) != 0)
    return NULL;

  doc = parse_fragment (r->parser->s + node->inner_start,
                        node->inner_end - node->inner_start, &root);
  if (!element_is (root, "figure"))
    return NULL;

  for (xmlNode *n = root->children; n != NULL; n = n->next)
    {
      if (node_is_blank_text (n))
        continue;
      if (element_is (n, "img") && img == NULL && figcaption == NULL)
        img = n;
      else if (element_is (n, "figcaption") && img != NULL && figcaption == NULL)
        figcaption = n;
      else
        return NULL;
    }
  if (img == NULL)
    return NULL;

  src = get_attr (img, "src");
  alt = get_attr (img, "alt");
  if (src == NULL)
    return NULL;

  if (figcaption != NULL)
    {
      for (xmlNode *n = figcaption->children; n != NULL; n = n->next)
        {
          guint n_chars = 0;

          if (n->type == XML_TEXT_NODE)
            {
              if (credit->len > 0)
                return NULL; /* text after the credit: not ours */
              g_string_append (caption, (const char *) n->content);
            }
          else if (element_is (n, "span") && credit->len == 0)
            {
              g_autofree char *span_class = get_attr (n, "class");

              if (g_strcmp0 (span_class, CREDIT_CLASS) != 0)
                return NULL;
              if (!collect_inline (n->children, credit, &n_chars, NULL, 0))
                return NULL;
            }
          else
            return NULL;
        }
      /* The space written between caption and credit is not part of
       * either. */
      if (credit->len > 0 && caption->len > 0 && caption->str[caption->len - 1] == ' ')
        g_string_truncate (caption, caption->len - 1);
    }

  /* Writing back looks the media id up by URL, so within a post one URL
   * must name one media item.  Hand-edited content can give one URL two
   * ids, or an id once and none once: such an image is not read, and its
   * block stays exactly as the site wrote it. */
  if (r->media_ids != NULL)
    {
      const char *known = g_hash_table_lookup (r->media_ids, src);
      gint64 known_id = known != NULL ? g_ascii_strtoll (known, NULL, 10) : 0;

      if (g_hash_table_contains (r->image_urls, src) && known_id != media_id)
        return NULL;
      g_hash_table_add (r->image_urls, g_strdup (src));
    }

  image = byline_image_new ();
  byline_image_set_src (image, src);
  byline_image_set_alt (image, alt != NULL ? alt : "");
  byline_image_set_caption (image, caption->str);
  byline_image_set_credit (image, credit->str);
  byline_image_set_decorative (image, decorative);

  if (media_id > 0 && r->media_ids != NULL)
    g_hash_table_replace (r->media_ids, g_strdup (src),
                          g_strdup_printf ("%" G_GINT64_FORMAT, media_id));

  return g_steal_pointer (&image);
}

static BylineStoryRef *
read_card (Reader     *r,
           const Node *node)
{
  g_autofree char *class_name = NULL;
  g_autoptr(BylineStoryRef) ref = NULL;
  g_auto(GStrv) classes = NULL;
  guint i = 0;
  gboolean ok;

  class_name = get_class_name (node, NULL, &ok);
  if (!ok || !has_class (class_name, CARD_CLASS))
    return NULL;

  ref = byline_story_ref_new ();
  classes = g_strsplit (class_name, " ", -1);
  for (guint c = 0; classes[c] != NULL; c++)
    if (g_str_has_prefix (classes[c], CARD_POST_PREFIX))
      byline_story_ref_set_cms_id (ref, classes[c] + strlen (CARD_POST_PREFIX));

  if (i < node->children->len)
    {
      const Node *child = g_ptr_array_index (node->children, i);
      g_autoptr(BylineBlock) para = NULL;

      if (strcmp (child->name, "core/paragraph") == 0 &&
          (para = read_paragraph (r, child, CARD_SECTION_CLASS)) != NULL)
        {
          byline_story_ref_set_section (ref, byline_block_get_text (para));
          i++;
        }
    }

  if (i < node->children->len)
    {
      const Node *child = g_ptr_array_index (node->children, i);
      g_autoptr(BylineBlock) para = NULL;
      const BylineMark *marks;
      guint n_marks = 0;

      if (strcmp (child->name, "core/paragraph") != 0 ||
          (para = read_paragraph (r, child, CARD_HEADLINE_CLASS)) == NULL)
        return NULL;

      byline_story_ref_set_headline (ref, byline_block_get_text (para));
      marks = byline_block_get_marks (para, &n_marks);
      if (n_marks == 1 && marks[0].kind == BYLINE_MARK_LINK)
        byline_story_ref_set_url (ref, marks[0].href);
      i++;
    }
  else
    return NULL;

  if (i < node->children->len)
    {
      const Node *child = g_ptr_array_index (node->children, i);
      g_autoptr(BylineImage) image = NULL;

      if (strcmp (child->name, "core/image") != 0 ||
          (image = read_image (r, child, CARD_IMAGE_CLASS)) == NULL)
        return NULL;
      byline_story_ref_set_image (ref, image);
      i++;
    }

  if (i != node->children->len)
    return NULL;

  return g_steal_pointer (&ref);
}

static gboolean
media_from_table (BylineImage  *image,
                  gint64       *media_id,
                  char        **url,
                  gpointer      user_data,
                  GError      **error)
{
  GHashTable *media_ids = user_data;
  const char *src = byline_image_get_src (image);
  const char *id = src != NULL ? g_hash_table_lookup (media_ids, src) : NULL;

  *url = g_strdup (src);
  *media_id = id != NULL ? g_ascii_strtoll (id, NULL, 10) : 0;
  return TRUE;
}

/* Writing @block back must give exactly @node's bytes. */
static gboolean
writes_back_same (Reader      *r,
                  const Node  *node,
                  BylineBlock *block)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!append_block (out, block, media_from_table, r->media_ids, NULL))
    return FALSE;

  return out->len == node->end - node->start &&
         memcmp (out->str, r->parser->s + node->start, out->len) == 0;
}

static BylineBlock *
read_block (Reader     *r,
            const Node *node)
{
  g_autoptr(BylineBlock) block = NULL;

  if (!node->closed)
    return NULL;

  if (strcmp (node->name, "core/paragraph") == 0)
    block = read_paragraph (r, node, NULL);
  else if (strcmp (node->name, "core/heading") == 0)
    block = read_heading (r, node);
  else if (strcmp (node->name, "core/quote") == 0)
    block = read_quote (r, node);
  else if (strcmp (node->name, "core/image") == 0)
    {
      g_autoptr(BylineImage) image = read_image (r, node, NULL);

      if (image != NULL)
        {
          block = byline_block_new (BYLINE_BLOCK_IMAGE);
          byline_block_set_image (block, image);
        }
    }
  else if (strcmp (node->name, "core/group") == 0)
    {
      g_autoptr(BylineStoryRef) ref = read_card (r, node);

      if (ref != NULL)
        {
          block = byline_block_new (BYLINE_BLOCK_CARD);
          byline_block_set_story_ref (block, ref);
        }
    }

  if (block != NULL && !writes_back_same (r, node, block))
    g_clear_object (&block);

  return g_steal_pointer (&block);
}

static GPtrArray *
read_related (Reader     *r,
              const Node *node)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *class_name = NULL;
  gboolean ok;

  if (!node->closed || strcmp (node->name, "core/group") != 0)
    return NULL;
  class_name = get_class_name (node, NULL, &ok);
  if (!ok || g_strcmp0 (class_name, RELATED_CLASS) != 0)
    return NULL;

  for (guint i = 0; i < node->children->len; i++)
    {
      const Node *child = g_ptr_array_index (node->children, i);
      BylineStoryRef *ref;

      if (strcmp (child->name, "core/group") != 0 || (ref = read_card (r, child)) == NULL)
        return NULL;
      g_ptr_array_add (refs, ref);
    }

  if (!append_related (out, (BylineStoryRef **) refs->pdata, refs->len,
                       media_from_table, r->media_ids, NULL))
    return NULL;
  if (out->len != node->end - node->start ||
      memcmp (out->str, r->parser->s + node->start, out->len) != 0)
    return NULL;

  return g_steal_pointer (&refs);
}

static BylineBlock *
raw_block (const char *s,
           gsize       len)
{
  g_autofree char *markup = g_strndup (s, len);
  BylineBlock *block = byline_block_new (BYLINE_BLOCK_RAW);

  byline_block_set_text (block, markup);
  return block;
}

GPtrArray *
byline_wp_blocks_parse (const char  *content,
                        gssize       length,
                        GPtrArray  **related_out,
                        GHashTable  *media_ids,
                        GError     **error)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (node_free);
  g_autoptr(GHashTable) own_media_ids = NULL;
  g_autoptr(GHashTable) image_urls = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GPtrArray) related = NULL;
  Parser parser = { 0, };
  Reader reader = { 0, };
  gsize len;
  gboolean has_blocks = FALSE;

  g_return_val_if_fail (content != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (content) : (gsize) length;
  if (!g_utf8_validate_len (content != NULL ? content : "", len, NULL))
    {
      g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                           "The post's content is not valid UTF-8 text");
      return NULL;
    }

  if (media_ids == NULL)
    media_ids = own_media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  parser.s = content != NULL ? content : "";
  parser.len = len;
  parser.nodes = nodes;
  reader.parser = &parser;
  reader.media_ids = media_ids;
  reader.image_urls = image_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  items = parse_items (&parser);
  for (guint i = 0; i < items->len; i++)
    has_blocks |= g_array_index (items, Item, i).node != NULL;

  /* A classic post, with no blocks at all, is kept exactly as it is. */
  if (!has_blocks)
    {
      if (!is_blank (parser.s, len))
        g_ptr_array_add (blocks, raw_block (parser.s, len));
      goto done;
    }

  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);
      BylineBlock *block;

      if (item->node == NULL)
        {
          gsize start = item->start, end = item->end;

          /* WordPress separates blocks with a blank line; the serialiser
           * writes that back, so it is not content. */
          if (is_blank (parser.s + start, end - start))
            continue;
          if (i > 0 && end - start >= 2 && memcmp (parser.s + start, "\n\n", 2) == 0)
            start += 2;
          if (i + 1 < items->len && end - start >= 2 && memcmp (parser.s + end - 2, "\n\n", 2) == 0)
            end -= 2;
          g_ptr_array_add (blocks, raw_block (parser.s + start, end - start));
          continue;
        }

      if (related_out != NULL && related == NULL &&
          (related = read_related (&reader, item->node)) != NULL)
        continue;

      block = read_block (&reader, item->node);
      if (block == NULL)
        block = raw_block (parser.s + item->start, item->end - item->start);
      g_ptr_array_add (blocks, block);
    }

done:
  if (related_out != NULL)
    *related_out = related != NULL ? g_steal_pointer (&related)
                                   : g_ptr_array_new_with_free_func (g_object_unref);

  return g_steal_pointer (&blocks);
}

/* ------------------------------------------------------------------ */
/* Media captions                                                       */

static void
append_caption_html (GString    *out,
                     const char *caption,
                     const char *credit)
{
  gboolean has_caption = caption != NULL && *caption != '\0';
  gboolean has_credit = credit != NULL && *credit != '\0';

  if (has_caption)
    append_text_escaped (out, caption, -1);
  if (has_caption && has_credit)
    g_string_append_c (out, ' ');
  if (has_credit)
    {
      g_string_append (out, "<span class=\"" CREDIT_CLASS "\">");
      append_text_escaped (out, credit, -1);
      g_string_append (out, "</span>");
    }
}

char *
byline_wp_caption_format (const char *caption,
                          const char *credit)
{
  GString *out = g_string_new (NULL);

  append_caption_html (out, caption, credit);
  return g_string_free (out, FALSE);
}

void
byline_wp_caption_parse (const char  *html,
                         char       **caption,
                         char       **credit)
{
  g_autoptr(GString) wrapped = g_string_new ("<figcaption>");
  g_autoptr(GString) caption_text = g_string_new (NULL);
  g_autoptr(GString) credit_text = g_string_new (NULL);
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  gboolean ok = TRUE;

  g_return_if_fail (caption != NULL);
  g_return_if_fail (credit != NULL);

  *caption = NULL;
  *credit = NULL;
  if (html == NULL || *html == '\0')
    {
      *caption = g_strdup ("");
      *credit = g_strdup ("");
      return;
    }

  g_string_append (wrapped, html);
  g_string_append (wrapped, "</figcaption>");
  doc = parse_fragment (wrapped->str, wrapped->len, &root);
  if (!element_is (root, "figcaption"))
    {
      *caption = g_strdup (html);
      *credit = g_strdup ("");
      return;
    }

  for (xmlNode *n = root->children; n != NULL && ok; n = n->next)
    {
      guint n_chars = 0;

      if (n->type == XML_TEXT_NODE && credit_text->len == 0)
        g_string_append (caption_text, (const char *) n->content);
      else if (element_is (n, "span") && credit_text->len == 0)
        {
          g_autofree char *span_class = get_attr (n, "class");

          ok = g_strcmp0 (span_class, CREDIT_CLASS) == 0 &&
               collect_inline (n->children, credit_text, &n_chars, NULL, 0);
        }
      else if (!node_is_blank_text (n))
        ok = FALSE;
    }

  if (!ok)
    {
      /* Not Byline's shape: keep the words, without the markup. */
      xmlChar *text = xmlNodeGetContent (root);

      *caption = g_strdup (text != NULL ? (const char *) text : "");
      *credit = g_strdup ("");
      xmlFree (text);
      return;
    }

  if (credit_text->len > 0 && caption_text->len > 0 &&
      caption_text->str[caption_text->len - 1] == ' ')
    g_string_truncate (caption_text, caption_text->len - 1);

  *caption = g_string_free (g_steal_pointer (&caption_text), FALSE);
  *credit = g_string_free (g_steal_pointer (&credit_text), FALSE);
}
