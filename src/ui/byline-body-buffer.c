/* byline-body-buffer.c: the text buffer behind an article's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-body-buffer"

#include "config.h"

#include "byline-body-buffer.h"

#define OBJECT_CHAR 0xFFFC

/* A quote's attribution is text at the end of the quote's line, "  — Name,
 * role", tagged "attribution" and left out of the quote's text.  It starts
 * with an invisible WORD JOINER so that it is still known as an attribution
 * when undo puts it back as plain text (GTK's undo keeps no tags); text
 * typed or pasted never brings that character in. */
#define ATTRIBUTION_JOINER "\xe2\x81\xa0"
#define ATTRIBUTION_LEAD   "  \xe2\x80\x94 "
#define ATTRIBUTION_PREFIX ATTRIBUTION_JOINER ATTRIBUTION_LEAD

struct _BylineBodyBuffer
{
  GtkTextBuffer  parent_instance;

  BylineArticle *article;

  GtkTextTag    *bold;
  GtkTextTag    *italic;
  GtkTextTag    *subheading;
  GtkTextTag    *quote;
  GtkTextTag    *object;
  GtkTextTag    *attribution;
  GHashTable    *link_tags;    /* href -> GtkTextTag */

  /* A delete that was checked before the buffer changed */
  guint          del_start_line;
  guint          del_end_line;
  guint          del_start_offset;

  /* Bold / italic for the next typed text: -1 nothing pending, 0 off, 1 on */
  int            pending[2];

  guint          loading : 1;
  guint          in_edit : 1;
  /* Undo or redo is replaying GTK's history: every insert and delete must
   * happen exactly as recorded, or the history's offsets go wrong */
  guint          replaying;
};

G_DEFINE_FINAL_TYPE (BylineBodyBuffer, byline_body_buffer, GTK_TYPE_TEXT_BUFFER)

enum {
  PROP_0,
  PROP_ARTICLE,
  N_PROPS
};

enum {
  ANCHOR_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
kind_is_object (BylineBlockKind kind)
{
  /* A raw CMS block is kept verbatim: shown, never edited here */
  return kind == BYLINE_BLOCK_IMAGE || kind == BYLINE_BLOCK_CARD || kind == BYLINE_BLOCK_RAW;
}

static BylineBlock *
block_at (BylineBodyBuffer *self,
          guint             line)
{
  if (self->article == NULL || line >= byline_article_get_n_blocks (self->article))
    return NULL;
  return byline_article_get_block (self->article, line);
}

static gboolean
line_is_object (BylineBodyBuffer *self,
                guint             line)
{
  BylineBlock *block = block_at (self, line);

  return block != NULL && kind_is_object (byline_block_get_kind (block));
}

static void
get_line_bounds (GtkTextBuffer *buffer,
                 guint          line,
                 gboolean       with_newline,
                 GtkTextIter   *start,
                 GtkTextIter   *end)
{
  gtk_text_buffer_get_iter_at_line (buffer, start, line);
  *end = *start;
  if (with_newline)
    {
      if (!gtk_text_iter_forward_line (end))
        gtk_text_iter_forward_to_end (end);
    }
  else if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
}

static GtkTextTag *
link_tag_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "byline-href") != NULL)
      return l->data;
  return NULL;
}

static GtkTextTag *
get_link_tag (BylineBodyBuffer *self,
              const char       *href)
{
  GtkTextTag *tag = g_hash_table_lookup (self->link_tags, href);

  if (tag == NULL)
    {
      tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self), NULL,
                                        "underline", PANGO_UNDERLINE_SINGLE,
                                        NULL);
      g_object_set_data_full (G_OBJECT (tag), "byline-href", g_strdup (href), g_free);
      g_hash_table_insert (self->link_tags, g_strdup (href), tag);
    }
  return tag;
}

static void
push_mark (GArray         *marks,
           BylineMarkKind  kind,
           guint           start,
           guint           end,
           const char     *href)
{
  BylineMark mark = { kind, start, end, (char *) href };

  if (end > start)
    g_array_append_val (marks, mark);
}

/* Where line @line's attribution starts (a line offset), or -1.  Only the
 * last one counts: nothing follows an attribution on its line. */
static int
find_attribution (GtkTextBuffer *buffer,
                  guint          line)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *at;

  get_line_bounds (buffer, line, FALSE, &start, &end);
  text = gtk_text_iter_get_slice (&start, &end);
  at = g_strrstr (text, ATTRIBUTION_PREFIX);
  return at != NULL ? (int) g_utf8_pointer_to_offset (text, at) : -1;
}

/* The name shown in line @line's attribution, which starts at @offset */
static char *
read_attribution (GtkTextBuffer *buffer,
                  guint          line,
                  int            offset)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *name;

  get_line_bounds (buffer, line, FALSE, &start, &end);
  gtk_text_iter_set_line_offset (&start, offset);
  text = gtk_text_iter_get_slice (&start, &end);
  name = text + strlen (ATTRIBUTION_PREFIX);
  return name[0] != '\0' ? g_strdup (name) : NULL;
}

/* An attribution as shown: on its line, whatever the CMS sent */
static char *
attribution_display (const char *attribution)
{
  GString *shown = g_string_new (attribution);

  g_string_replace (shown, ATTRIBUTION_JOINER, "", 0);
  g_strdelimit (shown->str, "\r\n", ' ');
  return g_string_free (shown, FALSE);
}

/* The "attribution" tag covers exactly the attribution of line @line (none
 * when @offset is -1), which has no bold, italic or link of its own. */
static void
tag_attribution (BylineBodyBuffer *self,
                 guint             line,
                 int               offset)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end, on, off;
  gboolean tagged;

  get_line_bounds (buffer, line, FALSE, &start, &end);

  /* Already right (typing in a quote, or in any other line) costs a look */
  on = start;
  if (gtk_text_iter_has_tag (&on, self->attribution)
      || (gtk_text_iter_forward_to_tag_toggle (&on, self->attribution)
          && gtk_text_iter_compare (&on, &end) < 0))
    {
      off = on;
      if (!gtk_text_iter_forward_to_tag_toggle (&off, self->attribution))
        gtk_text_iter_forward_to_end (&off);
      tagged = offset >= 0
               && gtk_text_iter_get_line_offset (&on) == offset
               && gtk_text_iter_get_line (&on) == (int) line
               && gtk_text_iter_compare (&off, &end) >= 0;
    }
  else
    tagged = offset < 0;
  if (tagged)
    return;

  gtk_text_buffer_remove_tag (buffer, self->attribution, &start, &end);
  if (offset < 0)
    return;
  on = start;
  gtk_text_iter_set_line_offset (&on, offset);
  gtk_text_buffer_remove_tag (buffer, self->bold, &on, &end);
  gtk_text_buffer_remove_tag (buffer, self->italic, &on, &end);
  gtk_text_buffer_apply_tag (buffer, self->attribution, &on, &end);
}

/* Reads line @line back as a block's text and marks: the whole cost of an
 * edit is proportional to the paragraph it touched.  The text ends where
 * the attribution starts (@stop, a line offset, or -1); child anchors are
 * not part of the text. */
static char *
read_line (BylineBodyBuffer *self,
           guint             line,
           int               stop,
           GArray           *marks)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter iter, end;
  GString *text = g_string_new (NULL);
  int bold_start = -1, italic_start = -1, link_start = -1;
  GtkTextTag *link = NULL;
  guint offset = 0;
  gboolean first = TRUE;

  get_line_bounds (buffer, line, FALSE, &iter, &end);
  if (stop >= 0)
    gtk_text_iter_set_line_offset (&end, stop);

  while (gtk_text_iter_compare (&iter, &end) < 0)
    {
      gunichar c;

      if (first || gtk_text_iter_starts_tag (&iter, NULL) || gtk_text_iter_ends_tag (&iter, NULL))
        {
          gboolean bold = gtk_text_iter_has_tag (&iter, self->bold);
          gboolean italic = gtk_text_iter_has_tag (&iter, self->italic);
          GtkTextTag *here = link_tag_at (&iter);

          if (bold && bold_start < 0)
            bold_start = offset;
          else if (!bold && bold_start >= 0)
            {
              push_mark (marks, BYLINE_MARK_BOLD, bold_start, offset, NULL);
              bold_start = -1;
            }
          if (italic && italic_start < 0)
            italic_start = offset;
          else if (!italic && italic_start >= 0)
            {
              push_mark (marks, BYLINE_MARK_ITALIC, italic_start, offset, NULL);
              italic_start = -1;
            }
          if (here != link)
            {
              if (link != NULL)
                push_mark (marks, BYLINE_MARK_LINK, link_start, offset,
                           g_object_get_data (G_OBJECT (link), "byline-href"));
              link = here;
              link_start = offset;
            }
          first = FALSE;
        }

      c = gtk_text_iter_get_char (&iter);
      if (c != OBJECT_CHAR)
        {
          g_string_append_unichar (text, c);
          offset++;
        }
      gtk_text_iter_forward_char (&iter);
    }

  if (bold_start >= 0)
    push_mark (marks, BYLINE_MARK_BOLD, bold_start, offset, NULL);
  if (italic_start >= 0)
    push_mark (marks, BYLINE_MARK_ITALIC, italic_start, offset, NULL);
  if (link != NULL)
    push_mark (marks, BYLINE_MARK_LINK, link_start, offset,
               g_object_get_data (G_OBJECT (link), "byline-href"));

  return g_string_free (text, FALSE);
}

/* Text, marks and (for a quote) attribution of @block from line @line,
 * whose attribution starts at @stop (or -1) */
static void
update_block_from_line (BylineBodyBuffer *self,
                        BylineBlock      *block,
                        guint             line,
                        int               stop)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (BylineMark));
  g_autofree char *text = read_line (self, line, stop, marks);

  byline_block_set_text_and_marks (block, text,
                                   (const BylineMark *) (gpointer) marks->data,
                                   marks->len);

  if (byline_block_get_kind (block) == BYLINE_BLOCK_QUOTE)
    {
      g_autofree char *attribution = stop >= 0 ? read_attribution (buffer, line, stop) : NULL;
      const char *current = byline_block_get_attribution (block);
      g_autofree char *shown = current != NULL ? attribution_display (current) : NULL;

      /* The model keeps what it had when that is what is shown */
      if (g_strcmp0 (shown && *shown ? shown : NULL, attribution) != 0)
        byline_block_set_attribution (block, attribution);
    }
}

/* Block-level look (subheading, quote) covers the whole line, so text typed
 * at its start looks like the rest of it. */
static void
apply_kind_tags (BylineBodyBuffer *self,
                 guint             line,
                 BylineBlockKind   kind)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end;

  get_line_bounds (buffer, line, TRUE, &start, &end);
  if (kind != BYLINE_BLOCK_SUBHEADING)
    gtk_text_buffer_remove_tag (buffer, self->subheading, &start, &end);
  if (kind != BYLINE_BLOCK_QUOTE)
    gtk_text_buffer_remove_tag (buffer, self->quote, &start, &end);
  if (kind == BYLINE_BLOCK_SUBHEADING)
    gtk_text_buffer_apply_tag (buffer, self->subheading, &start, &end);
  else if (kind == BYLINE_BLOCK_QUOTE)
    gtk_text_buffer_apply_tag (buffer, self->quote, &start, &end);
}

/* A new block for line @line, like @like (a paragraph when NULL).  A line
 * that shows an attribution is a quote: undo can put a deleted quote back
 * as plain text, its attribution with it. */
static BylineBlock *
block_from_line (BylineBodyBuffer *self,
                 BylineBlock      *like,
                 guint             line)
{
  int stop = find_attribution (GTK_TEXT_BUFFER (self), line);
  BylineBlockKind kind = like ? byline_block_get_kind (like) : BYLINE_BLOCK_PARAGRAPH;
  BylineBlock *block;

  if (stop >= 0 && kind != BYLINE_BLOCK_QUOTE)
    block = byline_block_new (BYLINE_BLOCK_QUOTE);
  else if (like != NULL)
    block = byline_block_copy (like);
  else
    block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);

  tag_attribution (self, line, stop);
  apply_kind_tags (self, line, byline_block_get_kind (block));
  update_block_from_line (self, block, line, stop);
  return block;
}

/* Brings block @index in step with line @line after an edit in it */
static void
sync_block (BylineBodyBuffer *self,
            guint             index,
            guint             line)
{
  BylineBlock *block = byline_article_get_block (self->article, index);
  int stop;

  /* An image or card line has no text to read */
  if (kind_is_object (byline_block_get_kind (block)))
    return;

  stop = find_attribution (GTK_TEXT_BUFFER (self), line);

  if (stop >= 0 && byline_block_get_kind (block) != BYLINE_BLOCK_QUOTE)
    {
      g_autoptr(BylineBlock) quote = block_from_line (self, block, line);

      byline_article_splice_body (self->article, index, 1, &quote, 1);
      return;
    }

  tag_attribution (self, line, stop);
  update_block_from_line (self, block, line, stop);
}

static void
byline_body_buffer_insert_text (GtkTextBuffer *buffer,
                                GtkTextIter   *pos,
                                const char    *text,
                                int            len)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;
  g_autoptr(GPtrArray) added = NULL;
  g_autofree char *clean = NULL;
  GtkTextIter start;
  BylineBlock *block;
  guint line, offset, n_chars, n_newlines = 0, survivor;
  gboolean move_cursor = FALSE;

  if (self->loading || self->article == NULL)
    {
      GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->insert_text (buffer, pos, text, len);
      return;
    }

  if (len < 0)
    len = strlen (text);

  /* Only the buffer writes attributions (and undo puts them back): a
   * copied one comes back as plain text */
  if (!self->replaying && g_strstr_len (text, len, ATTRIBUTION_PREFIX) != NULL)
    {
      GString *plain = g_string_new_len (text, len);

      g_string_replace (plain, ATTRIBUTION_PREFIX, ATTRIBUTION_LEAD, 0);
      len = plain->len;
      text = clean = g_string_free (plain, FALSE);
    }

  line = gtk_text_iter_get_line (pos);

  /* An empty body has one empty line and no block yet */
  if (byline_article_get_n_blocks (self->article) == 0)
    {
      g_autoptr(BylineBlock) first = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
      byline_article_append_block (self->article, first);
    }

  block = block_at (self, line);
  g_return_if_fail (block != NULL);

  if (kind_is_object (byline_block_get_kind (block)))
    {
      offset = gtk_text_iter_get_line_offset (pos);
      /* Only Enter before or after an image or card: a new paragraph (undo
       * may put back whole lines there) */
      if (!self->replaying
          && (len != 1 || text[0] != '\n' || (offset != 0 && !gtk_text_iter_ends_line (pos))))
        return;
    }
  else if (!self->replaying && len > 0)
    {
      /* Nothing is typed into an attribution: text goes at the end of the
       * quote's text, and Enter there starts a new line below the
       * attribution, which stays with its quote */
      int stop = find_attribution (buffer, line);

      if (stop >= 0 && gtk_text_iter_get_line_offset (pos) >= stop)
        {
          GtkTextIter cursor;

          gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
          move_cursor = gtk_text_iter_equal (&cursor, pos);
          if (text[0] == '\n')
            {
              if (!gtk_text_iter_ends_line (pos))
                gtk_text_iter_forward_to_line_end (pos);
            }
          else
            gtk_text_iter_set_line_offset (pos, stop);
        }
    }

  for (int i = 0; i < len; i++)
    if (text[i] == '\n')
      n_newlines++;
  n_chars = g_utf8_strlen (text, len);
  offset = gtk_text_iter_get_line_offset (pos);

  self->in_edit = TRUE;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->insert_text (buffer, pos, text, len);
  if (move_cursor)
    gtk_text_buffer_place_cursor (buffer, pos);
  self->in_edit = FALSE;

  start = *pos;
  gtk_text_iter_backward_chars (&start, n_chars);

  for (guint i = 0; i < G_N_ELEMENTS (self->pending); i++)
    {
      GtkTextTag *tag = i == 0 ? self->bold : self->italic;

      if (self->pending[i] == 1)
        gtk_text_buffer_apply_tag (buffer, tag, &start, pos);
      else if (self->pending[i] == 0)
        gtk_text_buffer_remove_tag (buffer, tag, &start, pos);
      self->pending[i] = -1;
    }

  /* Enter at the very start of a block pushes the block down whole */
  survivor = (offset == 0 && n_newlines > 0 && text[len - 1] == '\n') ? line + n_newlines : line;
  added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint l = line; l <= line + n_newlines; l++)
    if (l != survivor)
      g_ptr_array_add (added, block_from_line (self, NULL, l));

  /* The block keeps its look on its line; split in the middle, a quote's
   * attribution goes with the line it ends up on, which is a quote too */
  if (!kind_is_object (byline_block_get_kind (block)))
    apply_kind_tags (self, survivor, byline_block_get_kind (block));
  if (survivor == line || offset != 0)
    sync_block (self, line, survivor);

  if (added->len > 0)
    byline_article_splice_body (self->article,
                                survivor == line ? line + 1 : line,
                                0,
                                (BylineBlock * const *) added->pdata,
                                added->len);
}

/* A quote's attribution is not typed over: a delete that starts in one (or
 * right after it) leaves it where it is, and may then only take an empty
 * line after it; one that ends inside one takes the rest of that line too,
 * or within one line stops at the attribution.  FALSE when nothing is left
 * to delete. */
static gboolean
clip_to_attributions (BylineBodyBuffer *self,
                      GtkTextIter      *start,
                      GtkTextIter      *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  guint ls = gtk_text_iter_get_line (start);
  guint le = gtk_text_iter_get_line (end);
  int stop;

  stop = find_attribution (buffer, ls);
  if (stop >= 0 && gtk_text_iter_get_line_offset (start) >= stop)
    {
      GtkTextIter tail = *end;

      if (ls == le)
        return FALSE;
      if (!gtk_text_iter_ends_line (start))
        gtk_text_iter_forward_to_line_end (start);
      if (!gtk_text_iter_ends_line (&tail))
        gtk_text_iter_forward_to_line_end (&tail);
      if (!gtk_text_iter_equal (&tail, end))
        return FALSE;
    }

  stop = find_attribution (buffer, le);
  if (stop >= 0 && gtk_text_iter_get_line_offset (end) > stop)
    {
      if (ls == le)
        gtk_text_iter_set_line_offset (end, stop);
      else if (!gtk_text_iter_ends_line (end))
        gtk_text_iter_forward_to_line_end (end);
    }

  return !gtk_text_iter_equal (start, end);
}

static void
byline_body_buffer_delete_range (GtkTextBuffer *buffer,
                                 GtkTextIter   *start,
                                 GtkTextIter   *end)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;
  guint ls, le, os, oe;
  gboolean start_object, end_object, head_empty, tail_empty;
  GtkTextIter line_end;

  if (self->loading || self->article == NULL
      || byline_article_get_n_blocks (self->article) == 0)
    {
      GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->delete_range (buffer, start, end);
      return;
    }

  gtk_text_iter_order (start, end);
  if (!self->replaying)
    {
      /* What is refused leaves the caller's iterators where they were:
       * gtk_text_buffer_delete_interactive() goes on from there */
      GtkTextIter s = *start, e = *end;
      guint first = gtk_text_iter_get_line (&s);

      /* From inside a line to the image or card below it: the line break
       * before an object stays, the rest of the line goes */
      if (gtk_text_iter_get_line (&e) == (int) first + 1 && gtk_text_iter_starts_line (&e)
          && !gtk_text_iter_starts_line (&s)
          && line_is_object (self, first + 1) && !line_is_object (self, first))
        {
          e = s;
          if (!gtk_text_iter_ends_line (&e))
            gtk_text_iter_forward_to_line_end (&e);
        }
      if (!clip_to_attributions (self, &s, &e))
        return;
      *start = s;
      *end = e;
    }

  ls = gtk_text_iter_get_line (start);
  le = gtk_text_iter_get_line (end);
  os = gtk_text_iter_get_line_offset (start);
  oe = gtk_text_iter_get_line_offset (end);
  start_object = line_is_object (self, ls);
  end_object = line_is_object (self, le);
  head_empty = os == 0;
  line_end = *end;
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  tail_empty = gtk_text_iter_equal (&line_end, end);

  /* A whole image or card line, from the end of the line above to its
   * own end: the block goes, the line above stays as it was.  GTK's undo
   * history does not record child anchors, so undoing
   * byline_body_buffer_insert_card() deletes only the line break before
   * the card: the card's line goes with it, as it came. */
  if (le == ls + 1 && end_object && !start_object && gtk_text_iter_ends_line (start)
      && (oe > 0 ? tail_empty : self->replaying > 0))
    {
      if (!gtk_text_iter_ends_line (end))
        gtk_text_iter_forward_to_line_end (end);
      self->in_edit = TRUE;
      GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->delete_range (buffer, start, end);
      self->in_edit = FALSE;
      byline_article_remove_blocks (self->article, le, 1);
      return;
    }

  /* Images and cards cannot be cut in half or joined with text */
  if (ls == le)
    {
      if (start_object)
        return;
    }
  else if (start_object || end_object)
    {
      gboolean keeps_end_object = head_empty && end_object && oe == 0;
      gboolean keeps_start_object = start_object && tail_empty
                                    && gtk_text_iter_ends_line (start);

      if (!keeps_end_object && !keeps_start_object)
        return;
    }

  self->in_edit = TRUE;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->delete_range (buffer, start, end);
  self->in_edit = FALSE;

  if (ls == le)
    {
      sync_block (self, ls, ls);
    }
  else if (start_object || end_object)
    {
      if (end_object && head_empty && oe == 0)
        byline_article_remove_blocks (self->article, ls, le - ls);
      else
        byline_article_remove_blocks (self->article, ls + 1, le - ls);
    }
  else
    {
      /* Joining lines: the first block keeps its kind, unless nothing of it
       * is left, then the last one does; an attribution left at the end
       * makes it a quote.  One splice, one "changed". */
      BylineBlock *keep = block_at (self, head_empty ? le : ls);
      g_autoptr(BylineBlock) merged = block_from_line (self, keep, ls);

      byline_article_splice_body (self->article, ls, le - ls + 1, &merged, 1);
    }
}

/* Undo and redo replay GTK's own history, which knows text but not tags
 * or blocks: the edits go through unchanged and the lines they touch are
 * read back as usual. */
static void
byline_body_buffer_undo (GtkTextBuffer *buffer)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  self->replaying++;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->undo (buffer);
  self->replaying--;
}

static void
byline_body_buffer_redo (GtkTextBuffer *buffer)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  self->replaying++;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->redo (buffer);
  self->replaying--;
}

static void
byline_body_buffer_mark_set (GtkTextBuffer     *buffer,
                             const GtkTextIter *location,
                             GtkTextMark       *mark)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->mark_set (buffer, location, mark);

  /* A pending bold/italic is for text typed where the cursor was */
  if (!self->in_edit && mark == gtk_text_buffer_get_insert (buffer))
    self->pending[0] = self->pending[1] = -1;
}

static void
byline_body_buffer_dispose (GObject *object)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)object;

  g_clear_object (&self->article);

  G_OBJECT_CLASS (byline_body_buffer_parent_class)->dispose (object);
}

static void
byline_body_buffer_finalize (GObject *object)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)object;

  g_clear_pointer (&self->link_tags, g_hash_table_unref);

  G_OBJECT_CLASS (byline_body_buffer_parent_class)->finalize (object);
}

static void
byline_body_buffer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BylineBodyBuffer *self = BYLINE_BODY_BUFFER (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      g_value_set_object (value, self->article);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_body_buffer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BylineBodyBuffer *self = BYLINE_BODY_BUFFER (object);

  switch (prop_id)
    {
    case PROP_ARTICLE:
      byline_body_buffer_set_article (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_body_buffer_constructed (GObject *object)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)object;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);

  G_OBJECT_CLASS (byline_body_buffer_parent_class)->constructed (object);

  self->bold = gtk_text_buffer_create_tag (buffer, "bold",
                                           "weight", PANGO_WEIGHT_BOLD,
                                           NULL);
  self->italic = gtk_text_buffer_create_tag (buffer, "italic",
                                             "style", PANGO_STYLE_ITALIC,
                                             NULL);
  self->subheading = gtk_text_buffer_create_tag (buffer, "subheading",
                                                 "weight", PANGO_WEIGHT_BOLD,
                                                 "scale", 1.3,
                                                 "pixels-above-lines", 12,
                                                 NULL);
  self->quote = gtk_text_buffer_create_tag (buffer, "quote",
                                            "style", PANGO_STYLE_ITALIC,
                                            "left-margin", 32,
                                            "right-margin", 32,
                                            NULL);
  self->object = gtk_text_buffer_create_tag (buffer, "object",
                                             "editable", FALSE,
                                             NULL);
  /* Not "editable" FALSE: GTK would then delete a selection around it in
   * pieces, leaving it behind when a whole quote goes; the edit handlers
   * keep typing out of it instead.  The view gives it its colour. */
  self->attribution = gtk_text_buffer_create_tag (buffer, "attribution",
                                                  "style", PANGO_STYLE_NORMAL,
                                                  "scale", PANGO_SCALE_SMALL,
                                                  NULL);
}

static void
byline_body_buffer_class_init (BylineBodyBufferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextBufferClass *buffer_class = GTK_TEXT_BUFFER_CLASS (klass);

  object_class->constructed = byline_body_buffer_constructed;
  object_class->dispose = byline_body_buffer_dispose;
  object_class->finalize = byline_body_buffer_finalize;
  object_class->get_property = byline_body_buffer_get_property;
  object_class->set_property = byline_body_buffer_set_property;

  buffer_class->insert_text = byline_body_buffer_insert_text;
  buffer_class->delete_range = byline_body_buffer_delete_range;
  buffer_class->mark_set = byline_body_buffer_mark_set;
  buffer_class->undo = byline_body_buffer_undo;
  buffer_class->redo = byline_body_buffer_redo;

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         BYLINE_TYPE_ARTICLE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ANCHOR_ADDED] =
    g_signal_new ("anchor-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, GTK_TYPE_TEXT_CHILD_ANCHOR, BYLINE_TYPE_BLOCK);
}

static void
byline_body_buffer_init (BylineBodyBuffer *self)
{
  self->link_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending[0] = self->pending[1] = -1;
}

BylineBodyBuffer *
byline_body_buffer_new (void)
{
  return g_object_new (BYLINE_TYPE_BODY_BUFFER, NULL);
}

BylineArticle *
byline_body_buffer_get_article (BylineBodyBuffer *self)
{
  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), NULL);

  return self->article;
}

static void
flush_chunk (GtkTextBuffer *buffer,
             GString       *chunk)
{
  GtkTextIter end;

  if (chunk->len == 0)
    return;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, chunk->str, chunk->len);
  g_string_truncate (chunk, 0);
}

static void
add_anchor (BylineBodyBuffer *self,
            BylineBlock      *block)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GtkTextChildAnchor) anchor = gtk_text_child_anchor_new ();
  GtkTextIter end, before;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_child_anchor (buffer, &end, anchor);
  before = end;
  gtk_text_iter_backward_char (&before);
  gtk_text_buffer_apply_tag (buffer, self->object, &before, &end);
  g_signal_emit (self, signals[ANCHOR_ADDED], 0, anchor, block);
}

void
byline_body_buffer_set_article (BylineBodyBuffer *self,
                                BylineArticle    *article)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GString) chunk = NULL;
  GtkTextIter start, end;
  guint n_blocks;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;

  g_set_object (&self->article, article);

  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);

  n_blocks = article ? byline_article_get_n_blocks (article) : 0;
  chunk = g_string_new (NULL);

  /* All text goes in as few inserts as possible; a long story is one
   * insert between its images. */
  for (guint i = 0; i < n_blocks; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineBlockKind kind = byline_block_get_kind (block);

      if (i > 0)
        g_string_append_c (chunk, '\n');

      if (kind_is_object (kind))
        {
          flush_chunk (buffer, chunk);
          add_anchor (self, block);
        }
      else
        {
          const char *attribution = byline_block_get_attribution (block);

          g_string_append (chunk, byline_block_get_text (block) ?: "");
          /* The attribution is text too: a child widget per quote would
           * make GTK 4.8 lay the long story out again for each one */
          if (kind == BYLINE_BLOCK_QUOTE && attribution != NULL && attribution[0] != '\0')
            {
              g_autofree char *shown = attribution_display (attribution);

              g_string_append (chunk, ATTRIBUTION_PREFIX);
              g_string_append (chunk, shown);
            }
        }
    }
  flush_chunk (buffer, chunk);

  /* Then the looks: block kinds and inline marks */
  for (guint i = 0; i < n_blocks; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineBlockKind kind = byline_block_get_kind (block);
      const BylineMark *marks;
      guint n_marks = 0;

      if (kind == BYLINE_BLOCK_SUBHEADING || kind == BYLINE_BLOCK_QUOTE)
        apply_kind_tags (self, i, kind);
      if (kind == BYLINE_BLOCK_QUOTE)
        {
          const char *attribution = byline_block_get_attribution (block);

          if (attribution != NULL && attribution[0] != '\0')
            {
              const char *text = byline_block_get_text (block);

              tag_attribution (self, i, text ? g_utf8_strlen (text, -1) : 0);
            }
        }
      else if (kind_is_object (kind))
        {
          /* The newline too, so Backspace after it cannot join a line in */
          get_line_bounds (buffer, i, TRUE, &start, &end);
          gtk_text_buffer_apply_tag (buffer, self->object, &start, &end);
          continue;
        }

      marks = byline_block_get_marks (block, &n_marks);
      if (n_marks == 0)
        continue;

      gtk_text_buffer_get_iter_at_line (buffer, &start, i);
      for (guint m = 0; m < n_marks; m++)
        {
          GtkTextTag *tag;

          switch (marks[m].kind)
            {
            case BYLINE_MARK_BOLD:
              tag = self->bold;
              break;
            case BYLINE_MARK_ITALIC:
              tag = self->italic;
              break;
            case BYLINE_MARK_LINK:
            default:
              tag = get_link_tag (self, marks[m].href ?: "");
              break;
            }
          {
            GtkTextIter a = start, b = start;

            gtk_text_iter_set_line_offset (&a, marks[m].start);
            gtk_text_iter_set_line_offset (&b, marks[m].end);
            gtk_text_buffer_apply_tag (buffer, tag, &a, &b);
          }
        }
    }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;
  self->pending[0] = self->pending[1] = -1;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

static void
update_lines (BylineBodyBuffer *self,
              guint             first,
              guint             last)
{
  for (guint l = first; l <= last; l++)
    {
      BylineBlock *block = block_at (self, l);

      if (block != NULL && !kind_is_object (byline_block_get_kind (block)))
        sync_block (self, l, l);
    }
}

void
byline_body_buffer_toggle_mark (BylineBodyBuffer *self,
                                BylineMarkKind    kind)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end;
  GtkTextTag *tag;
  guint index;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));
  g_return_if_fail (kind == BYLINE_MARK_BOLD || kind == BYLINE_MARK_ITALIC);

  tag = kind == BYLINE_MARK_BOLD ? self->bold : self->italic;
  index = kind == BYLINE_MARK_BOLD ? 0 : 1;

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      GtkTextIter probe = start;
      gboolean all;

      /* Already all bold: take it away; otherwise make it all bold */
      all = gtk_text_iter_has_tag (&probe, tag)
            && (!gtk_text_iter_forward_to_tag_toggle (&probe, tag)
                || gtk_text_iter_compare (&probe, &end) >= 0);

      if (all)
        gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
      else
        gtk_text_buffer_apply_tag (buffer, tag, &start, &end);

      if (self->article != NULL)
        update_lines (self, gtk_text_iter_get_line (&start), gtk_text_iter_get_line (&end));
    }
  else
    {
      gboolean current;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      if (self->pending[index] >= 0)
        current = self->pending[index];
      else if (gtk_text_iter_starts_line (&start))
        current = gtk_text_iter_has_tag (&start, tag);
      else
        {
          GtkTextIter before = start;

          gtk_text_iter_backward_char (&before);
          current = gtk_text_iter_has_tag (&before, tag);
        }
      self->pending[index] = !current;
    }
}

void
byline_body_buffer_ensure_paragraph (BylineBodyBuffer *self)
{
  g_autoptr(BylineBlock) block = NULL;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));

  if (self->article == NULL || byline_article_get_n_blocks (self->article) > 0)
    return;

  block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  byline_article_append_block (self->article, block);
}

guint
byline_body_buffer_insert_card (BylineBodyBuffer  *self,
                                const GtkTextIter *where,
                                BylineStoryRef    *ref)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GtkTextChildAnchor) anchor = NULL;
  g_autoptr(BylineBlock) block = NULL;
  g_autoptr(BylineStoryRef) copy = NULL;
  GtkTextIter iter, start, end;
  guint line;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), 0);
  g_return_val_if_fail (where != NULL, 0);
  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), 0);
  g_return_val_if_fail (self->article != NULL, 0);

  byline_body_buffer_ensure_paragraph (self);

  line = gtk_text_iter_get_line (where);
  copy = byline_story_ref_copy (ref);
  block = byline_block_new (BYLINE_BLOCK_CARD);
  byline_block_set_story_ref (block, copy);

  gtk_text_buffer_begin_user_action (buffer);

  /* The text goes in as it is (no block is made from it); the block is
   * added to the article here, once */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  if (!gtk_text_iter_ends_line (&iter))
    gtk_text_iter_forward_to_line_end (&iter);
  self->loading = TRUE;
  gtk_text_buffer_insert (buffer, &iter, "\n", 1);
  anchor = gtk_text_child_anchor_new ();
  gtk_text_buffer_insert_child_anchor (buffer, &iter, anchor);
  self->loading = FALSE;

  byline_article_insert_block (self->article, line + 1, block);

  get_line_bounds (buffer, line + 1, TRUE, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->object, &start, &end);

  /* Typing goes on below the card */
  if (!gtk_text_buffer_get_iter_at_line (buffer, &iter, line + 2))
    gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);

  gtk_text_buffer_end_user_action (buffer);

  g_signal_emit (self, signals[ANCHOR_ADDED], 0, anchor, block);
  return line + 1;
}

gboolean
byline_body_buffer_remove_object (BylineBodyBuffer *self,
                                  guint             index)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), FALSE);

  if (!line_is_object (self, index))
    return FALSE;

  gtk_text_buffer_begin_user_action (buffer);
  if (index > 0)
    {
      /* From the end of the line above: the shape undo knows */
      gtk_text_buffer_get_iter_at_line (buffer, &start, index - 1);
      if (!gtk_text_iter_ends_line (&start))
        gtk_text_iter_forward_to_line_end (&start);
      gtk_text_buffer_get_iter_at_line (buffer, &end, index);
      gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_delete (buffer, &start, &end);
    }
  else
    {
      /* The first block: its line and its line break go */
      get_line_bounds (buffer, 0, TRUE, &start, &end);
      self->loading = TRUE;
      gtk_text_buffer_delete (buffer, &start, &end);
      self->loading = FALSE;
      byline_article_remove_blocks (self->article, 0, 1);
    }
  gtk_text_buffer_end_user_action (buffer);

  return TRUE;
}

int
byline_body_buffer_get_anchor_index (BylineBodyBuffer   *self,
                                     GtkTextChildAnchor *anchor)
{
  GtkTextIter iter;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), -1);
  g_return_val_if_fail (GTK_IS_TEXT_CHILD_ANCHOR (anchor), -1);

  if (gtk_text_child_anchor_get_deleted (anchor))
    return -1;
  gtk_text_buffer_get_iter_at_child_anchor (GTK_TEXT_BUFFER (self), &iter, anchor);
  return gtk_text_iter_get_line (&iter);
}
