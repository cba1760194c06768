/* byline-body-buffer.c: the text buffer behind an article's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-body-buffer"

#include "config.h"

#include "byline-body-buffer.h"

#define OBJECT_CHAR 0xFFFC
#define OBJECT_UTF8 "\xef\xbf\xbc"

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

  /* What deletes took away that GTK's history cannot give back (tags,
   * block kinds, image and card blocks): newest last, matched by offset and
   * text when undo or redo puts that text back.  Undo puts back what edits
   * and redo took (@removed); redo puts back what undo took (@undone).
   * One list for both would let what an undo took hide, at the same offset
   * and with the same text, what an older edit took. */
  GPtrArray     *removed;
  GPtrArray     *undone;
  /* What the line was that blocks were pasted into (see Inserted) */
  GPtrArray     *inserted;

  guint          loading : 1;
  guint          in_edit : 1;
  /* The buffer itself is changing the body: its own splices are already
   * in the text.  Anything else changing the body (sync merging the
   * site's changes in) is shown by on_body_items_changed() */
  guint          own_changes;
  /* insert_blocks() is writing: the edit handlers let its edits through */
  guint          raw : 1;
  /* Undo or redo is replaying GTK's history: every insert and delete must
   * happen exactly as recorded, or the history's offsets go wrong */
  guint          replaying;
  guint          undoing : 1;
  /* The last step of history was a redo, which GTK leaves open: the next
   * edit must not join it (see byline_body_buffer_begin_user_action()) */
  guint          redone : 1;
  guint          in_user_action : 1;
  /* The Backspaces GTK's history may be joining (see keep_backspaces_short()):
   * where the last one began, or NO_BACKSPACE / ANY_BACKSPACE, and their bytes */
  guint          backspaces_at;
  gsize          backspace_bytes;
};

#define NO_BACKSPACE  G_MAXUINT
#define ANY_BACKSPACE (G_MAXUINT - 1)

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

static void on_body_items_changed (BylineBodyBuffer *self,
                                   guint             position,
                                   guint             removed,
                                   guint             added,
                                   GListModel       *body);

/* The buffer changes the body to match its own text: on_body_items_changed()
 * must not show that change a second time */
static void
splice_own (BylineBodyBuffer    *self,
            guint                position,
            guint                n_removals,
            BylineBlock * const *additions,
            guint                n_additions)
{
  self->own_changes++;
  byline_article_splice_body (self->article, position, n_removals, additions, n_additions);
  self->own_changes--;
}

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

/* Whether @tag covers all of [@start, @end) (@whole) or any of it */
static gboolean
range_has_tag (const GtkTextIter *start,
               const GtkTextIter *end,
               GtkTextTag        *tag,
               gboolean           whole)
{
  GtkTextIter toggle = *start;
  gboolean at_start = gtk_text_iter_has_tag (start, tag);
  gboolean toggles = gtk_text_iter_forward_to_tag_toggle (&toggle, tag)
                     && gtk_text_iter_compare (&toggle, end) < 0;

  return whole ? at_start && !toggles : at_start || toggles;
}

/* Block-level look (subheading, quote) covers the whole line, so text typed
 * at its start looks like the rest of it.  GTK lays a line out again for
 * every size-changing tag applied to or taken from it, even one that
 * changes nothing: on a keystroke the tags are only looked at. */
static void
apply_kind_tags (BylineBodyBuffer *self,
                 guint             line,
                 BylineBlockKind   kind)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end;

  get_line_bounds (buffer, line, TRUE, &start, &end);
  if (gtk_text_iter_equal (&start, &end))
    return;
  if (kind != BYLINE_BLOCK_SUBHEADING && range_has_tag (&start, &end, self->subheading, FALSE))
    gtk_text_buffer_remove_tag (buffer, self->subheading, &start, &end);
  if (kind != BYLINE_BLOCK_QUOTE && range_has_tag (&start, &end, self->quote, FALSE))
    gtk_text_buffer_remove_tag (buffer, self->quote, &start, &end);
  if (kind == BYLINE_BLOCK_SUBHEADING && !range_has_tag (&start, &end, self->subheading, TRUE))
    gtk_text_buffer_apply_tag (buffer, self->subheading, &start, &end);
  else if (kind == BYLINE_BLOCK_QUOTE && !range_has_tag (&start, &end, self->quote, TRUE))
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


/* Structural undo.  GTK's history knows text only: undoing a delete puts
 * back the text (an image or card as U+FFFC), without tags, block kinds or
 * the image's texts.  So every delete keeps what it took here (plain
 * text just as plain), and undo or redo that inserts the same text at
 * the same offset gets it all back: the very same image or card block
 * (caption, credit, alt text and all) on a new anchor, the kinds and the
 * marks.
 *
 * GTK's history does not record a child anchor either.  insert_blocks()
 * therefore inserts an object as the text U+FFFC and then swaps that
 * character for an anchor: history records the character going in and
 * then out again.  Such an anchor is "phantom" (history believes nothing
 * is there): when undo puts the character back at its place, the anchor
 * takes it as its own and stops being phantom; when redo takes it out
 * again, the anchor stays and becomes phantom again.  Offsets in history
 * stay right throughout. */
#define MAX_REMOVED 4096

typedef struct
{
  GtkTextTag *tag;
  guint       start;          /* characters from the record's offset */
  guint       end;
} Run;

/* Blocks pasted into a line can take its place: pasted at the start of
 * an empty quote, the first pasted block is the line.  Undo takes the
 * pasted text away and the line left must be that quote again, which
 * nothing in the buffer says any more: so each paste keeps here what the
 * line was, matched by offset and text when undo takes that text away. */
typedef struct
{
  guint        offset;
  char        *text;
  BylineBlock *like;
} Inserted;

static void
inserted_free (gpointer data)
{
  Inserted *inserted = data;

  g_free (inserted->text);
  g_object_unref (inserted->like);
  g_free (inserted);
}

typedef struct
{
  guint      offset;
  char      *text;            /* as GTK's history holds it */
  GArray    *runs;            /* of Run */
  GPtrArray *lines;           /* the blocks of the lines touched, first line first */
  GArray    *phantom;         /* gboolean per U+FFFC in @text */
  Inserted  *inserted;        /* undo took a paste away: for redo to keep again */
  gboolean   plain;           /* text only, without marks: nothing to give back */
} Removed;

static void
removed_free (gpointer data)
{
  Removed *removed = data;

  g_free (removed->text);
  g_array_unref (removed->runs);
  g_ptr_array_unref (removed->lines);
  g_array_unref (removed->phantom);
  g_clear_pointer (&removed->inserted, inserted_free);
  g_free (removed);
}

static void
keep_inserted (BylineBodyBuffer *self,
               Inserted         *inserted)
{
  if (self->inserted->len >= MAX_REMOVED)
    g_ptr_array_remove_index (self->inserted, 0);
  g_ptr_array_add (self->inserted, inserted);
}

/* The newest paste of @text at @offset, taken out of the list, or NULL */
static Inserted *
take_inserted (BylineBodyBuffer *self,
               guint             offset,
               const char       *text)
{
  for (guint i = self->inserted->len; i > 0; i--)
    {
      Inserted *inserted = g_ptr_array_index (self->inserted, i - 1);

      if (inserted->offset == offset && strcmp (inserted->text, text) == 0)
        return g_ptr_array_steal_index (self->inserted, i - 1);
    }
  return NULL;
}

static gboolean
anchor_is_phantom (GtkTextChildAnchor *anchor)
{
  return anchor != NULL && g_object_get_data (G_OBJECT (anchor), "byline-phantom") != NULL;
}

static void
anchor_set_phantom (GtkTextChildAnchor *anchor,
                    gboolean            phantom)
{
  g_object_set_data (G_OBJECT (anchor), "byline-phantom", GINT_TO_POINTER (phantom));
}

static gboolean
is_look_tag (BylineBodyBuffer *self,
             GtkTextTag       *tag)
{
  return tag == self->bold || tag == self->italic ||
         g_object_get_data (G_OBJECT (tag), "byline-href") != NULL;
}

/* Keeps what deleting [@start, @end) takes that its text does not say,
 * and returns the record.  With @keep it keeps the lines' blocks even for
 * plain text. */
static Removed *
remember_removed (BylineBodyBuffer  *self,
                  const GtkTextIter *start,
                  const GtkTextIter *end,
                  gboolean           keep)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  guint ls = gtk_text_iter_get_line (start);
  guint le = gtk_text_iter_get_line (end);
  GtkTextIter iter = *start;
  Removed *removed;
  gboolean structural = ls != le;
  guint base = gtk_text_iter_get_offset (start);

  removed = g_new0 (Removed, 1);
  removed->offset = base;
  removed->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  removed->lines = g_ptr_array_new_with_free_func (g_object_unref);
  removed->phantom = g_array_new (FALSE, FALSE, sizeof (gboolean));

  /* Tag runs and anchors, one pass over the range */
  {
    GHashTable *open = g_hash_table_new (NULL, NULL);   /* tag -> start + 1 */
    GHashTableIter hi;
    gpointer key, value;

    while (gtk_text_iter_compare (&iter, end) < 0)
      {
        GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);
        guint at = gtk_text_iter_get_offset (&iter) - base;
        g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);

        if (anchor != NULL)
          {
            gboolean phantom = anchor_is_phantom (anchor);

            g_array_append_val (removed->phantom, phantom);
            structural = TRUE;
          }

        /* Runs that end here */
        g_hash_table_iter_init (&hi, open);
        while (g_hash_table_iter_next (&hi, &key, &value))
          if (g_slist_find (tags, key) == NULL)
            {
              Run run = { key, GPOINTER_TO_UINT (value) - 1, at };

              g_array_append_val (removed->runs, run);
              g_hash_table_iter_remove (&hi);
            }
        for (GSList *l = tags; l != NULL; l = l->next)
          if (is_look_tag (self, l->data) && !g_hash_table_contains (open, l->data))
            g_hash_table_insert (open, l->data, GUINT_TO_POINTER (at + 1));

        gtk_text_iter_forward_char (&iter);
      }

    g_hash_table_iter_init (&hi, open);
    while (g_hash_table_iter_next (&hi, &key, &value))
      {
        Run run = { key, GPOINTER_TO_UINT (value) - 1, gtk_text_iter_get_offset (end) - base };

        g_array_append_val (removed->runs, run);
      }
    g_hash_table_unref (open);
  }

  /* Plain text is kept too, as plain: else undo or redo putting it back
   * would take an older record of the same text at the same offset */
  removed->text = gtk_text_buffer_get_slice (buffer, start, end, TRUE);
  removed->plain = !structural && removed->runs->len == 0 && !keep;
  for (guint l = ls; l <= le && !removed->plain; l++)
    {
      BylineBlock *block = block_at (self, l);

      if (block == NULL)
        g_ptr_array_add (removed->lines, byline_block_new (BYLINE_BLOCK_PARAGRAPH));
      else if (kind_is_object (byline_block_get_kind (block)))
        g_ptr_array_add (removed->lines, g_object_ref (block));   /* the very block */
      else
        g_ptr_array_add (removed->lines, byline_block_copy (block));
    }

  {
    GPtrArray *list = self->replaying && self->undoing ? self->undone : self->removed;

    if (list->len >= MAX_REMOVED)
      g_ptr_array_remove_index (list, 0);
    g_ptr_array_add (list, removed);
  }
  return removed;
}

/* The records that what is being replayed puts back */
static GPtrArray *
records_to_put_back (BylineBodyBuffer *self)
{
  return self->replaying && !self->undoing ? self->undone : self->removed;
}

/* The newest record of text @text taken away at @offset, taken out of
 * the list (owned by the caller), or NULL */
static Removed *
take_removed (BylineBodyBuffer *self,
              guint             offset,
              const char       *text,
              int               len)
{
  GPtrArray *list = records_to_put_back (self);

  for (guint i = list->len; i > 0; i--)
    {
      Removed *removed = g_ptr_array_index (list, i - 1);

      if (removed->offset == offset && strlen (removed->text) == (gsize) len &&
          memcmp (removed->text, text, len) == 0)
        return g_ptr_array_steal_index (list, i - 1);
    }
  return NULL;
}

/* GTK's history joins deletes in a row (Backspace after Backspace, Delete
 * after Delete), across user actions too: undo then puts all their text
 * back in one insert, which matches no single record.  Such an insert is
 * put back the way the deletes were made, newest first: one piece for the
 * newest record found in it, the rest around it, so that each record's
 * text goes back at its own offset.  After Backspaces (the newest piece
 * leftmost of the rest, at its offset) the pieces go in left to right;
 * after Deletes (all at one offset, the newest piece last) right to left.
 * FALSE when no record is in @text: it is plain text. */
static gboolean
replay_in_pieces (BylineBodyBuffer *self,
                  GtkTextIter      *pos,
                  const char       *text,
                  int               len)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  guint offset = gtk_text_iter_get_offset (pos);
  glong n_chars = g_utf8_strlen (text, len);
  GPtrArray *list = records_to_put_back (self);

  for (guint i = list->len; i > 0; i--)
    {
      Removed *removed = g_ptr_array_index (list, i - 1);
      gsize piece = strlen (removed->text);
      const char *at;
      GtkTextIter iter;

      if (piece == 0 || piece >= (gsize) len
          || removed->offset < offset || removed->offset > offset + n_chars)
        continue;

      /* Backspaces: the record's text at its own offset */
      at = g_utf8_offset_to_pointer (text, removed->offset - offset);
      if (at + piece <= text + len && memcmp (at, removed->text, piece) == 0)
        {
          gsize head = at - text;

          gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
          if (head > 0)
            gtk_text_buffer_insert (buffer, &iter, text, head);
          gtk_text_buffer_insert (buffer, &iter, at, piece);
          if (head + piece < (gsize) len)
            gtk_text_buffer_insert (buffer, &iter, at + piece, len - head - piece);
          gtk_text_buffer_get_iter_at_offset (buffer, pos, offset + n_chars);
          return TRUE;
        }

      /* Deletes: the record's text last, all at one offset */
      if (removed->offset == offset && memcmp (text + len - piece, removed->text, piece) == 0)
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
          gtk_text_buffer_insert (buffer, &iter, text + len - piece, piece);
          gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
          gtk_text_buffer_insert (buffer, &iter, text, len - piece);
          gtk_text_buffer_get_iter_at_offset (buffer, pos, offset + n_chars);
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts a new anchor for @block in place of the character at @iter (a
 * U+FFFC), its line an object line, and tells the view */
static GtkTextChildAnchor *
swap_in_anchor (BylineBodyBuffer *self,
                GtkTextIter      *iter,
                BylineBlock      *block,
                gboolean          phantom)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GtkTextChildAnchor) anchor = gtk_text_child_anchor_new ();
  GtkTextMark *mark = gtk_text_buffer_create_mark (buffer, NULL, iter, TRUE);
  GtkTextIter end = *iter, start;
  guint line = gtk_text_iter_get_line (iter);

  gtk_text_iter_forward_char (&end);
  self->raw++;
  gtk_text_buffer_delete (buffer, iter, &end);
  gtk_text_buffer_get_iter_at_mark (buffer, iter, mark);
  gtk_text_buffer_insert_child_anchor (buffer, iter, anchor);
  self->raw--;
  anchor_set_phantom (anchor, phantom);

  gtk_text_buffer_get_iter_at_mark (buffer, iter, mark);
  gtk_text_buffer_delete_mark (buffer, mark);

  /* The newline too, so Backspace after it cannot join a line in */
  get_line_bounds (buffer, line, TRUE, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, self->object, &start, &end);
  return anchor;
}

static void
remove_look_tags (BylineBodyBuffer  *self,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GHashTableIter hi;
  gpointer tag;

  gtk_text_buffer_remove_tag (buffer, self->bold, start, end);
  gtk_text_buffer_remove_tag (buffer, self->italic, start, end);
  g_hash_table_iter_init (&hi, self->link_tags);
  while (g_hash_table_iter_next (&hi, NULL, &tag))
    gtk_text_buffer_remove_tag (buffer, tag, start, end);
}

static void
apply_runs (BylineBodyBuffer *self,
            guint             offset,
            GArray           *runs)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_offset (buffer, &a, offset + run->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, offset + run->end);
      gtk_text_buffer_apply_tag (buffer, run->tag, &a, &b);
    }
}

static BylineBlock *block_from_line (BylineBodyBuffer *self,
                                     BylineBlock      *like,
                                     guint             line);

static gboolean
body_holds (BylineBodyBuffer *self,
            BylineBlock      *block)
{
  guint n = byline_article_get_n_blocks (self->article);

  for (guint i = 0; i < n; i++)
    if (byline_article_get_block (self->article, i) == block)
      return TRUE;
  return FALSE;
}

/* Undo or redo puts back text that a delete took: with @removed, which
 * says what it was.  The lines from @line on are rebuilt from it as one
 * splice of the body. */
static void
restore_removed (BylineBodyBuffer *self,
                 Removed          *removed,
                 guint             line,
                 guint             n_newlines)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) anchors = g_ptr_array_new_with_free_func (g_object_unref);
  BylineBlock *current = block_at (self, line);
  guint n_anchor = 0;
  GtkTextIter iter;

  if (removed->inserted != NULL)
    keep_inserted (self, g_steal_pointer (&removed->inserted));

  /* The characters U+FFFC become anchors for the blocks they stood for */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, removed->offset);
  for (guint i = 0; i <= n_newlines; i++)
    {
      guint l = line + i;
      BylineBlock *was = i < removed->lines->len ? g_ptr_array_index (removed->lines, i) : NULL;
      GtkTextIter start, end, scan;
      GtkTextChildAnchor *anchor = NULL;
      gboolean fresh = FALSE;

      get_line_bounds (buffer, l, FALSE, &start, &end);
      for (scan = start; gtk_text_iter_compare (&scan, &end) < 0; gtk_text_iter_forward_char (&scan))
        {
          if (gtk_text_iter_get_child_anchor (&scan) != NULL)
            anchor = gtk_text_iter_get_child_anchor (&scan);
          else if (gtk_text_iter_get_char (&scan) == OBJECT_CHAR)
            {
              gboolean phantom = n_anchor < removed->phantom->len
                                 && g_array_index (removed->phantom, gboolean, n_anchor);
              BylineBlock *object = (was != NULL && kind_is_object (byline_block_get_kind (was)))
                                    ? was : NULL;

              n_anchor++;
              if (object == NULL)
                continue;   /* a stray character: left as text, not read */
              if (body_holds (self, object))
                {
                  /* (never expected: history is replayed in order) */
                  g_ptr_array_index (removed->lines, i) = byline_block_copy (object);
                  g_object_unref (object);
                  was = object = g_ptr_array_index (removed->lines, i);
                }
              anchor = swap_in_anchor (self, &scan, object, phantom);
              g_ptr_array_add (anchors, g_object_ref (anchor));
              fresh = TRUE;
              break;
            }
        }

      if (anchor != NULL && fresh)
        g_ptr_array_add (blocks, g_object_ref (was));
      else if (anchor != NULL && current != NULL && kind_is_object (byline_block_get_kind (current)))
        g_ptr_array_add (blocks, g_object_ref (current));
      else
        {
          if (was != NULL && kind_is_object (byline_block_get_kind (was)))
            was = NULL;
          g_ptr_array_add (blocks, NULL);   /* read below, once tags are back */
        }
    }

  /* Text put back in the middle of a bold word is not bold for that: it
   * has the looks it had */
  {
    GtkTextIter a, b;

    gtk_text_buffer_get_iter_at_offset (buffer, &a, removed->offset);
    gtk_text_buffer_get_iter_at_offset (buffer, &b, removed->offset + g_utf8_strlen (removed->text, -1));
    remove_look_tags (self, &a, &b);
  }
  apply_runs (self, removed->offset, removed->runs);

  for (guint i = 0; i <= n_newlines; i++)
    if (g_ptr_array_index (blocks, i) == NULL)
      {
        BylineBlock *was = i < removed->lines->len ? g_ptr_array_index (removed->lines, i) : NULL;

        if (was != NULL && kind_is_object (byline_block_get_kind (was)))
          was = NULL;
        g_ptr_array_index (blocks, i) = block_from_line (self, was, line + i);
      }

  splice_own (self, line, current != NULL ? 1 : 0,
                              (BylineBlock * const *) blocks->pdata, blocks->len);

  for (guint i = 0, a = 0; i < blocks->len && a < anchors->len; i++)
    {
      GtkTextIter at;
      GtkTextChildAnchor *anchor;

      gtk_text_buffer_get_iter_at_line (buffer, &at, line + i);
      anchor = gtk_text_iter_get_child_anchor (&at);
      if (anchor != NULL && anchor == g_ptr_array_index (anchors, a))
        {
          g_signal_emit (self, signals[ANCHOR_ADDED], 0, anchor, g_ptr_array_index (blocks, i));
          a++;
        }
    }
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

      splice_own (self, index, 1, &quote, 1);
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

  if (self->loading || self->article == NULL || self->raw)
    {
      GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->insert_text (buffer, pos, text, len);
      return;
    }

  if (len < 0)
    len = strlen (text);

  if (self->replaying)
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (pos);
      Removed *removed;

      /* History puts back the character a phantom anchor stands for: the
       * anchor is that character now */
      if (len == 3 && memcmp (text, OBJECT_UTF8, 3) == 0 && anchor_is_phantom (anchor))
        {
          anchor_set_phantom (anchor, FALSE);
          gtk_text_iter_forward_char (pos);
          return;
        }

      removed = take_removed (self, gtk_text_iter_get_offset (pos), text, len);
      if (removed == NULL && replay_in_pieces (self, pos, text, len))
        return;
      if (removed != NULL && removed->plain)
        g_clear_pointer (&removed, removed_free);
      if (removed != NULL)
        {
          GtkTextMark *end_mark;

          line = gtk_text_iter_get_line (pos);
          for (int i = 0; i < len; i++)
            if (text[i] == '\n')
              n_newlines++;
          if (byline_article_get_n_blocks (self->article) == 0)
            {
              g_autoptr(BylineBlock) first = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
              byline_article_append_block (self->article, first);
            }

          self->in_edit = TRUE;
          GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->insert_text (buffer, pos, text, len);
          self->in_edit = FALSE;
          end_mark = gtk_text_buffer_create_mark (buffer, NULL, pos, FALSE);
          restore_removed (self, removed, line, n_newlines);
          gtk_text_buffer_get_iter_at_mark (buffer, pos, end_mark);
          gtk_text_buffer_delete_mark (buffer, end_mark);
          removed_free (removed);
          return;
        }
    }
  else if (g_strstr_len (text, len, OBJECT_UTF8) != NULL)
    {
      /* Only the buffer makes objects: a copied one is not text to paste */
      GString *plain = g_string_new_len (text, len);

      g_string_replace (plain, OBJECT_UTF8, "", 0);
      len = plain->len;
      g_free (clean);
      text = clean = g_string_free (plain, FALSE);
      if (len == 0)
        return;
    }

  /* Only the buffer writes attributions (and undo puts them back): a
   * copied one comes back as plain text */
  if (!self->replaying && g_strstr_len (text, len, ATTRIBUTION_PREFIX) != NULL)
    {
      GString *plain = g_string_new_len (text, len);

      g_string_replace (plain, ATTRIBUTION_PREFIX, ATTRIBUTION_LEAD, 0);
      len = plain->len;
      g_free (clean);
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

  /* GTK gives inserted text the tags around it.  Text that history puts
   * back without a record had no bold, italic or link when it was taken
   * away (remember_removed() keeps any it had) */
  if (self->replaying)
    remove_look_tags (self, &start, pos);

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
    splice_own (self,
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

/* GTK 4.8's history joins a Backspace with the Backspaces before it
 * (the delete that ends where the cursor is, next to the one before) by
 * putting its text in front of theirs.  Once the joined text is longer
 * than 22 bytes it puts it behind instead, or garbles it, and undo puts
 * back the wrong text (or nothing).  A delete that would make such a
 * step too long is made a selection's instead, which GTK never joins:
 * it is a step of its own, and undo brings its text back selected.
 * After undo or redo nobody knows what the last step was. */
#define MAX_JOINED_BYTES 22

static void
keep_backspaces_short (BylineBodyBuffer *self,
                       GtkTextIter      *start,
                       GtkTextIter      *end)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  guint from = gtk_text_iter_get_offset (start);
  guint to = gtk_text_iter_get_offset (end);
  g_autofree char *text = gtk_text_iter_get_slice (start, end);
  gsize bytes = strlen (text);
  GtkTextIter cursor, a, b;
  gboolean joined;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (gtk_text_buffer_get_selection_bounds (buffer, &a, &b) || (guint) gtk_text_iter_get_offset (&cursor) != to)
    {
      /* Not a Backspace: the next one is not joined to anything */
      self->backspaces_at = NO_BACKSPACE;
      return;
    }

  joined = self->backspaces_at == to || self->backspaces_at == ANY_BACKSPACE;
  if (joined && (self->backspaces_at == ANY_BACKSPACE
                 || self->backspace_bytes + bytes > MAX_JOINED_BYTES))
    {
      gtk_text_buffer_select_range (buffer, end, start);
      gtk_text_buffer_get_iter_at_offset (buffer, start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, end, to);
      self->backspaces_at = NO_BACKSPACE;
      return;
    }

  self->backspace_bytes = joined ? self->backspace_bytes + bytes : bytes;
  self->backspaces_at = from;
}

static void
byline_body_buffer_delete_range (GtkTextBuffer *buffer,
                                 GtkTextIter   *start,
                                 GtkTextIter   *end)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;
  guint ls, le, os, oe;
  gboolean start_object, end_object, head_empty, tail_empty, whole_lines, next_lines;
  GtkTextIter line_end;
  Inserted *pasted_into = NULL;

  if (self->loading || self->article == NULL || self->raw
      || byline_article_get_n_blocks (self->article) == 0)
    {
      GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->delete_range (buffer, start, end);
      return;
    }

  gtk_text_iter_order (start, end);

  /* History takes out the character a swapped-in anchor stands for: the
   * anchor stays, and history now believes nothing is there (see "Structural
   * undo") */
  if (self->replaying && gtk_text_iter_get_offset (end) == gtk_text_iter_get_offset (start) + 1)
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (start);

      if (anchor != NULL && !anchor_is_phantom (anchor))
        {
          anchor_set_phantom (anchor, TRUE);
          return;
        }
    }

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
  /* Whole lines (from a line's start to a later line's start), or the
   * lines after one (from a line's end to a later line's end): blocks
   * go whole, images and cards too */
  whole_lines = ls != le && head_empty && oe == 0;
  next_lines = ls != le && gtk_text_iter_ends_line (start) && tail_empty;

  /* Images and cards cannot be cut in half or joined with text; undo and
   * redo replay exactly what was done before, which is never refused */
  if (!self->replaying)
    {
      if (ls == le && start_object)
        return;
      if (ls != le && (start_object || end_object) && !whole_lines && !next_lines)
        return;
    }

  if (!self->replaying)
    keep_backspaces_short (self, start, end);

  /* Undo taking a paste away: what the line was is what is left.  Redo
   * puts the paste back with the record, which then keeps this again. */
  if (self->replaying && self->undoing)
    {
      g_autofree char *text = gtk_text_iter_get_slice (start, end);

      pasted_into = take_inserted (self, gtk_text_iter_get_offset (start), text);
    }

  {
    Removed *removed = remember_removed (self, start, end, pasted_into != NULL);

    if (pasted_into != NULL)
      removed->inserted = pasted_into;
  }

  self->in_edit = TRUE;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->delete_range (buffer, start, end);
  self->in_edit = FALSE;

  if (ls == le && pasted_into != NULL && !line_is_object (self, ls)
      && !kind_is_object (byline_block_get_kind (pasted_into->like)))
    {
      /* A subheading pasted into an empty line was that line */
      g_autoptr(BylineBlock) was = block_from_line (self, pasted_into->like, ls);

      splice_own (self, ls, 1, &was, 1);
    }
  else if (ls == le)
    {
      sync_block (self, ls, ls);
    }
  /* What is left is one line: the head of line ls and the tail of line
   * le.  An image or card stays only if its anchor is left in it: at the
   * start of the tail (oe == 0) or as the whole head (os == 1, the end of
   * its line); whatever else is left is text. */
  else if (whole_lines)
    {
      byline_article_remove_blocks (self->article, ls, le - ls);
      if (!line_is_object (self, ls))
        sync_block (self, ls, ls);
    }
  else if (next_lines || (start_object && !head_empty))
    {
      byline_article_remove_blocks (self->article, ls + 1, le - ls);
      if (!line_is_object (self, ls))
        sync_block (self, ls, ls);
    }
  else if (end_object && oe == 0)
    {
      /* (only replayed: text left in front of an object's line) */
      byline_article_remove_blocks (self->article, ls, le - ls);
    }
  else
    {
      /* Joining lines: the first block keeps its kind, unless nothing of it
       * is left, then the last one does; an attribution left at the end
       * makes it a quote.  An image or card whose anchor went leaves
       * nothing: then the line is a paragraph.  One splice, one
       * "changed". */
      BylineBlock *keep = pasted_into != NULL ? pasted_into->like : block_at (self, head_empty ? le : ls);
      g_autoptr(BylineBlock) merged = NULL;

      if (keep != NULL && kind_is_object (byline_block_get_kind (keep)))
        keep = NULL;
      merged = block_from_line (self, keep, ls);
      splice_own (self, ls, le - ls + 1, &merged, 1);
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
  self->undoing = TRUE;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->undo (buffer);
  self->undoing = FALSE;
  self->replaying--;
  self->backspaces_at = ANY_BACKSPACE;
  /* Undo leaves the step before it closed */
  self->redone = FALSE;
}

static void
byline_body_buffer_redo (GtkTextBuffer *buffer)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  self->replaying++;
  GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->redo (buffer);
  self->replaying--;
  self->backspaces_at = ANY_BACKSPACE;
  self->redone = TRUE;
}

/* GTK 4.8's history closes a step of several edits with a marker that
 * undo moves in front of the step and redo then leaves behind: after a
 * redo, that step is open again, and the next user action becomes part
 * of it.  One Ctrl+Z then takes back both (say the Remove of an image and
 * the insert that brought it), and the step in between can never be
 * reached again.  So the first user action after a redo closes the
 * redone step first: it ends the action GTK has just begun (which puts
 * the marker after the step) and begins a new one.  GTK ends every user
 * action by dropping what could be redone, so nothing redoable is lost
 * that this action would not drop anyway.  Nobody else sees the extra
 * end and begin. */
static void
byline_body_buffer_begin_user_action (GtkTextBuffer *buffer)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  self->in_user_action = TRUE;
  if (self->redone)
    {
      self->redone = FALSE;
      g_signal_handlers_block_matched (buffer, G_SIGNAL_MATCH_ID,
                                       g_signal_lookup ("begin-user-action", GTK_TYPE_TEXT_BUFFER),
                                       0, NULL, NULL, NULL);
      g_signal_handlers_block_matched (buffer, G_SIGNAL_MATCH_ID,
                                       g_signal_lookup ("end-user-action", GTK_TYPE_TEXT_BUFFER),
                                       0, NULL, NULL, NULL);
      gtk_text_buffer_end_user_action (buffer);
      gtk_text_buffer_begin_user_action (buffer);
      g_signal_handlers_unblock_matched (buffer, G_SIGNAL_MATCH_ID,
                                         g_signal_lookup ("end-user-action", GTK_TYPE_TEXT_BUFFER),
                                         0, NULL, NULL, NULL);
      g_signal_handlers_unblock_matched (buffer, G_SIGNAL_MATCH_ID,
                                         g_signal_lookup ("begin-user-action", GTK_TYPE_TEXT_BUFFER),
                                         0, NULL, NULL, NULL);
      return;
    }

  if (GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->begin_user_action != NULL)
    GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->begin_user_action (buffer);
}

static void
byline_body_buffer_end_user_action (GtkTextBuffer *buffer)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  self->in_user_action = FALSE;
  if (GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->end_user_action != NULL)
    GTK_TEXT_BUFFER_CLASS (byline_body_buffer_parent_class)->end_user_action (buffer);
}

/* An edit outside any user action after a redo would join the redone step
 * too: it gets a step of its own */
static void
close_redone_step (BylineBodyBuffer *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);

  if (!self->redone || self->replaying || self->loading || self->in_user_action)
    return;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_end_user_action (buffer);
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

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (byline_article_get_body (self->article),
                                          on_body_items_changed, self);
  g_clear_object (&self->article);

  G_OBJECT_CLASS (byline_body_buffer_parent_class)->dispose (object);
}

static void
byline_body_buffer_finalize (GObject *object)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)object;

  g_clear_pointer (&self->link_tags, g_hash_table_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->undone, g_ptr_array_unref);
  g_clear_pointer (&self->inserted, g_ptr_array_unref);

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

/* Every edit typed (or undone) goes through these two: the body changes
 * they make are the buffer's own */
static void
own_insert_text (GtkTextBuffer *buffer,
                 GtkTextIter   *pos,
                 const char    *text,
                 int            len)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;
  int before = gtk_text_buffer_get_char_count (buffer);

  close_redone_step (self);
  self->own_changes++;
  byline_body_buffer_insert_text (buffer, pos, text, len);
  self->own_changes--;
  /* What is typed after Backspaces is not joined to them */
  if (!self->replaying && gtk_text_buffer_get_char_count (buffer) != before)
    self->backspaces_at = NO_BACKSPACE;
}

static void
own_delete_range (GtkTextBuffer *buffer,
                  GtkTextIter   *start,
                  GtkTextIter   *end)
{
  BylineBodyBuffer *self = (BylineBodyBuffer *)buffer;

  close_redone_step (self);
  self->own_changes++;
  byline_body_buffer_delete_range (buffer, start, end);
  self->own_changes--;
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

  buffer_class->insert_text = own_insert_text;
  buffer_class->delete_range = own_delete_range;
  buffer_class->mark_set = byline_body_buffer_mark_set;
  buffer_class->undo = byline_body_buffer_undo;
  buffer_class->redo = byline_body_buffer_redo;
  buffer_class->begin_user_action = byline_body_buffer_begin_user_action;
  buffer_class->end_user_action = byline_body_buffer_end_user_action;

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

/* What undo took is only for redo to put back: when GTK drops what could
 * be redone, those records go too */
static void
on_can_redo_changed (BylineBodyBuffer *self)
{
  if (!gtk_text_buffer_get_can_redo (GTK_TEXT_BUFFER (self)))
    g_ptr_array_set_size (self->undone, 0);
}

static void
byline_body_buffer_init (BylineBodyBuffer *self)
{
  self->link_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed = g_ptr_array_new_with_free_func (removed_free);
  self->undone = g_ptr_array_new_with_free_func (removed_free);
  self->inserted = g_ptr_array_new_with_free_func (inserted_free);
  g_signal_connect (self, "notify::can-redo", G_CALLBACK (on_can_redo_changed), NULL);
  self->pending[0] = self->pending[1] = -1;
  self->backspaces_at = NO_BACKSPACE;
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

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (byline_article_get_body (self->article),
                                          on_body_items_changed, self);
  g_set_object (&self->article, article);
  if (article != NULL)
    g_signal_connect_object (byline_article_get_body (article), "items-changed",
                             G_CALLBACK (on_body_items_changed), self, G_CONNECT_SWAPPED);
  g_ptr_array_set_size (self->removed, 0);
  g_ptr_array_set_size (self->undone, 0);
  g_ptr_array_set_size (self->inserted, 0);
  self->redone = FALSE;
  self->backspaces_at = NO_BACKSPACE;

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

  self->own_changes++;
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
  self->own_changes--;
}

void
byline_body_buffer_ensure_paragraph (BylineBodyBuffer *self)
{
  g_autoptr(BylineBlock) block = NULL;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));

  if (self->article == NULL || byline_article_get_n_blocks (self->article) > 0)
    return;

  block = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
  self->own_changes++;
  byline_article_append_block (self->article, block);
  self->own_changes--;
}

/* The body changed from outside the buffer */

/* Block kind, attribution and inline marks of line @line, which shows
 * @block and has no tags yet */
static void
style_line (BylineBodyBuffer *self,
            guint             line,
            BylineBlock      *block)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  BylineBlockKind kind = byline_block_get_kind (block);
  const BylineMark *marks;
  guint n_marks = 0;
  GtkTextIter start, end;

  if (kind_is_object (kind))
    {
      get_line_bounds (buffer, line, TRUE, &start, &end);
      gtk_text_buffer_apply_tag (buffer, self->object, &start, &end);
      return;
    }

  apply_kind_tags (self, line, kind);
  if (kind == BYLINE_BLOCK_QUOTE)
    {
      const char *attribution = byline_block_get_attribution (block);

      if (attribution != NULL && attribution[0] != '\0')
        {
          const char *text = byline_block_get_text (block);

          tag_attribution (self, line, text ? g_utf8_strlen (text, -1) : 0);
        }
    }

  marks = byline_block_get_marks (block, &n_marks);
  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  for (guint m = 0; m < n_marks; m++)
    {
      GtkTextIter a = start, b = start;
      GtkTextTag *tag;

      if (marks[m].kind == BYLINE_MARK_BOLD)
        tag = self->bold;
      else if (marks[m].kind == BYLINE_MARK_ITALIC)
        tag = self->italic;
      else
        tag = get_link_tag (self, marks[m].href ?: "");
      gtk_text_iter_set_line_offset (&a, marks[m].start);
      gtk_text_iter_set_line_offset (&b, marks[m].end);
      gtk_text_buffer_apply_tag (buffer, tag, &a, &b);
    }
}

/* Inserts what @block shows at @iter (moved past it) */
static void
insert_block (BylineBodyBuffer *self,
              GtkTextIter      *iter,
              BylineBlock      *block)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  BylineBlockKind kind = byline_block_get_kind (block);
  const char *attribution = byline_block_get_attribution (block);

  if (kind_is_object (kind))
    {
      g_autoptr(GtkTextChildAnchor) anchor = gtk_text_child_anchor_new ();

      gtk_text_buffer_insert_child_anchor (buffer, iter, anchor);
      g_signal_emit (self, signals[ANCHOR_ADDED], 0, anchor, block);
      return;
    }

  gtk_text_buffer_insert (buffer, iter, byline_block_get_text (block) ?: "", -1);
  if (kind == BYLINE_BLOCK_QUOTE && attribution != NULL && attribution[0] != '\0')
    {
      g_autofree char *shown = attribution_display (attribution);
      g_autofree char *joined = g_strconcat (ATTRIBUTION_PREFIX, shown, NULL);

      gtk_text_buffer_insert (buffer, iter, joined, -1);
    }
}

/* Sync merged the site's changes into the open article: lines
 * [@position, @position + @removed) make way for the new blocks.  Only
 * those lines change, so the caret and the undo history of the others
 * stay; the change itself is one undoable step. */
static void
on_body_items_changed (BylineBodyBuffer *self,
                       guint             position,
                       guint             removed,
                       guint             added,
                       GListModel       *body)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  guint n_after, n_before;
  GtkTextIter start, end;

  if (self->own_changes > 0 || self->loading || self->article == NULL)
    return;

  n_after = g_list_model_get_n_items (body);
  n_before = n_after - added + removed;

  self->loading = TRUE;
  gtk_text_buffer_begin_user_action (buffer);

  if (removed > 0)
    {
      if (position + removed < n_before)
        {
          gtk_text_buffer_get_iter_at_line (buffer, &start, position);
          gtk_text_buffer_get_iter_at_line (buffer, &end, position + removed);
        }
      else
        {
          /* Up to the end: the newline before the first removed line goes */
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_get_iter_at_line (buffer, &start, position);
          if (position > 0)
            gtk_text_iter_backward_char (&start);
        }
      gtk_text_buffer_delete (buffer, &start, &end);
    }

  if (added > 0)
    {
      gboolean at_end = position + added >= n_after;

      if (at_end)
        gtk_text_buffer_get_end_iter (buffer, &start);
      else
        gtk_text_buffer_get_iter_at_line (buffer, &start, position);

      for (guint i = 0; i < added; i++)
        {
          g_autoptr(BylineBlock) block = g_list_model_get_item (body, position + i);

          if (i > 0 || (at_end && position > 0))
            gtk_text_buffer_insert (buffer, &start, "\n", 1);
          insert_block (self, &start, block);
        }
      if (!at_end)
        gtk_text_buffer_insert (buffer, &start, "\n", 1);

      for (guint i = 0; i < added; i++)
        {
          g_autoptr(BylineBlock) block = g_list_model_get_item (body, position + i);

          get_line_bounds (buffer, position + i, TRUE, &start, &end);
          gtk_text_buffer_remove_all_tags (buffer, &start, &end);
          style_line (self, position + i, block);
        }
    }

  gtk_text_buffer_end_user_action (buffer);
  self->loading = FALSE;
}

/* One line of what insert_blocks() writes */
typedef struct
{
  BylineBlock *block;    /* the pasted block shown on it, or NULL */
  BylineBlock *like;     /* what the line's block is made like */
  guint        shift;    /* where the block's text starts on the line */
} PlannedLine;

/* A text block's text as one line: line breaks would make more lines */
static char *
text_for_line (BylineBlock *block)
{
  GString *text = g_string_new (byline_block_get_text (block));
  const char *attribution = byline_block_get_attribution (block);

  g_string_replace (text, OBJECT_UTF8, "", 0);
  g_strdelimit (text->str, "\r\n", ' ');
  if (byline_block_get_kind (block) == BYLINE_BLOCK_QUOTE && attribution != NULL && *attribution != '\0')
    {
      g_autofree char *shown = attribution_display (attribution);

      g_string_append (text, ATTRIBUTION_PREFIX);
      g_string_append (text, shown);
    }
  return g_string_free (text, FALSE);
}

static GtkTextTag *
tag_for_mark (BylineBodyBuffer *self,
              const BylineMark *mark)
{
  switch (mark->kind)
    {
    case BYLINE_MARK_BOLD:
      return self->bold;
    case BYLINE_MARK_ITALIC:
      return self->italic;
    case BYLINE_MARK_LINK:
    default:
      return get_link_tag (self, mark->href ?: "");
    }
}

static gboolean
all_objects (GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    if (!kind_is_object (byline_block_get_kind (g_ptr_array_index (blocks, i))))
      return FALSE;
  return TRUE;
}

void
byline_body_buffer_insert_blocks (BylineBodyBuffer *self,
                                  GtkTextIter      *iter,
                                  GPtrArray        *blocks)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GArray) plan = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(BylineBlock) current = NULL;
  g_autofree char *head_text = NULL;
  GtkTextIter line_start, line_end, at;
  GtkTextMark *start_mark, *end_mark;
  guint line, head_chars, first_line;
  gboolean tail_empty, head_empty, object_line;
  int stop;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));
  g_return_if_fail (iter != NULL);
  g_return_if_fail (blocks != NULL);

  if (self->article == NULL || blocks->len == 0)
    return;

  gtk_text_buffer_begin_user_action (buffer);

  /* An empty body has one empty line and no block yet */
  if (byline_article_get_n_blocks (self->article) == 0)
    {
      g_autoptr(BylineBlock) first = byline_block_new (BYLINE_BLOCK_PARAGRAPH);
      byline_article_append_block (self->article, first);
    }

  line = gtk_text_iter_get_line (iter);
  current = g_object_ref (block_at (self, line));
  object_line = kind_is_object (byline_block_get_kind (current));
  get_line_bounds (buffer, line, FALSE, &line_start, &line_end);

  /* Nothing goes into an image's line or an attribution: after the image,
   * and text in front of the attribution.  Images and cards put at the
   * end of a quote's text or in its attribution go after the whole quote,
   * as Enter there starts a paragraph below it: split there, the quote
   * lost its attribution to a second, empty quote below them. */
  at = *iter;
  stop = object_line ? -1 : find_attribution (buffer, line);
  if (object_line)
    at = line_end;
  else if (stop >= 0 && gtk_text_iter_get_line_offset (&at) > 0
           && gtk_text_iter_get_line_offset (&at) >= stop && all_objects (blocks))
    at = line_end;
  else if (stop >= 0 && gtk_text_iter_get_line_offset (&at) > stop)
    gtk_text_iter_set_line_offset (&at, stop);

  head_text = gtk_text_iter_get_slice (&line_start, &at);
  head_chars = gtk_text_iter_get_line_offset (&at);
  head_empty = head_chars == 0;
  tail_empty = gtk_text_iter_equal (&at, &line_end);

  plan = g_array_new (FALSE, TRUE, sizeof (PlannedLine));
  text = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      BylineBlock *block = g_ptr_array_index (blocks, i);
      BylineBlockKind kind = byline_block_get_kind (block);
      gboolean merges = kind == BYLINE_BLOCK_PARAGRAPH;
      PlannedLine planned = { block, block, 0 };

      if (i == 0)
        {
          if (merges && !object_line)
            {
              /* A pasted paragraph joins the line it is pasted into */
              planned.like = current;
              planned.shift = head_chars;
            }
          else if (!head_empty)
            {
              PlannedLine head = { NULL, current, 0 };

              g_array_append_val (plan, head);
              g_string_append_c (text, '\n');
            }
        }
      else
        g_string_append_c (text, '\n');

      if (kind_is_object (kind))
        g_string_append (text, OBJECT_UTF8);
      else
        {
          g_autofree char *line_text = text_for_line (block);

          g_string_append (text, line_text);
        }

      /* What follows on the line stays on it after a pasted paragraph */
      if (i == blocks->len - 1 && !tail_empty && merges && !object_line)
        {
          if (i > 0)
            planned.like = current;
        }
      else if (i == blocks->len - 1 && !tail_empty)
        {
          PlannedLine tail = { NULL, current, 0 };

          g_array_append_val (plan, planned);
          g_string_append_c (text, '\n');
          planned = tail;
        }
      else if (i == blocks->len - 1 && kind_is_object (kind) && strchr (text->str, '\n') == NULL)
        {
          /* An object always ends its own line; the paragraph after it is
           * where typing goes on */
          PlannedLine after = { NULL, current, 0 };

          g_array_append_val (plan, planned);
          g_string_append_c (text, '\n');
          planned = after;
        }
      g_array_append_val (plan, planned);
    }

  /* One insert, recorded by GTK's history as text */
  start_mark = gtk_text_buffer_create_mark (buffer, NULL, &at, TRUE);
  end_mark = gtk_text_buffer_create_mark (buffer, NULL, &at, FALSE);
  {
    Inserted *inserted = g_new0 (Inserted, 1);

    inserted->offset = gtk_text_iter_get_offset (&at);
    inserted->text = g_strdup (text->str);
    inserted->like = byline_block_copy (current);
    keep_inserted (self, inserted);
  }
  self->raw++;
  gtk_text_buffer_insert (buffer, &at, text->str, text->len);
  self->raw--;
  gtk_text_buffer_get_iter_at_mark (buffer, &at, start_mark);
  first_line = gtk_text_iter_get_line (&at);
  g_assert (first_line == line);

  /* Objects: the character becomes an anchor (see "Structural undo") */
  anchors = g_ptr_array_new_with_free_func (g_object_unref);
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < plan->len; i++)
    {
      PlannedLine *planned = &g_array_index (plan, PlannedLine, i);
      GtkTextIter obj;

      if (planned->block == NULL || !kind_is_object (byline_block_get_kind (planned->block)))
        continue;
      gtk_text_buffer_get_iter_at_line (buffer, &obj, line + i);
      g_ptr_array_add (anchors, g_object_ref (swap_in_anchor (self, &obj, planned->block, TRUE)));
    }

  /* Text lines: looks and marks, then their blocks */
  for (guint i = 0; i < plan->len; i++)
    {
      PlannedLine *planned = &g_array_index (plan, PlannedLine, i);
      guint l = line + i;
      BylineBlock *made;

      if (planned->block != NULL && kind_is_object (byline_block_get_kind (planned->block)))
        {
          /* The caller's own block: whoever inserts an image keeps
           * hold of it (the image import marks its suggestions on it) */
          made = g_object_ref (planned->block);
          g_ptr_array_add (added, made);
          continue;
        }
      if (planned->block == NULL && planned->like != NULL
          && kind_is_object (byline_block_get_kind (planned->like)))
        {
          /* The image's or card's own line, when the blocks go after it:
           * it stays the very same block (a copy would be a different
           * image to the panel and to undo) */
          g_assert (planned->like == current && i == 0);
          g_ptr_array_add (added, g_object_ref (current));
          continue;
        }

      if (planned->block != NULL)
        {
          const BylineMark *marks;
          guint n_marks = 0;
          GtkTextIter a, b;

          /* The pasted text has only its own marks */
          get_line_bounds (buffer, l, FALSE, &a, &b);
          gtk_text_iter_set_line_offset (&a, planned->shift);
          b = a;
          gtk_text_iter_forward_chars (&b, g_utf8_strlen (byline_block_get_text (planned->block), -1));
          remove_look_tags (self, &a, &b);

          marks = byline_block_get_marks (planned->block, &n_marks);
          for (guint m = 0; m < n_marks; m++)
            {
              GtkTextIter ma, mb;

              gtk_text_buffer_get_iter_at_line_offset (buffer, &ma, l, planned->shift + marks[m].start);
              gtk_text_buffer_get_iter_at_line_offset (buffer, &mb, l, planned->shift + marks[m].end);
              gtk_text_buffer_apply_tag (buffer, tag_for_mark (self, &marks[m]), &ma, &mb);
            }
        }

      made = block_from_line (self, planned->like, l);
      g_ptr_array_add (added, made);
    }

  splice_own (self, line, 1,
                              (BylineBlock * const *) added->pdata, added->len);

  for (guint i = 0, a = 0; i < plan->len && a < anchors->len; i++)
    {
      GtkTextIter obj;

      gtk_text_buffer_get_iter_at_line (buffer, &obj, line + i);
      if (gtk_text_iter_get_child_anchor (&obj) == g_ptr_array_index (anchors, a))
        {
          g_signal_emit (self, signals[ANCHOR_ADDED], 0,
                         g_ptr_array_index (anchors, a), g_ptr_array_index (added, i));
          a++;
        }
    }

  /* The cursor after what was pasted, where the caller's iterator goes */
  gtk_text_buffer_get_iter_at_mark (buffer, iter, end_mark);
  if (!tail_empty)
    {
      /* before the text that was after it */
      GtkTextIter tail_at;

      gtk_text_buffer_get_iter_at_mark (buffer, &tail_at, end_mark);
      *iter = tail_at;
    }
  gtk_text_buffer_place_cursor (buffer, iter);
  gtk_text_buffer_delete_mark (buffer, start_mark);
  gtk_text_buffer_delete_mark (buffer, end_mark);

  gtk_text_buffer_end_user_action (buffer);
}

void
byline_body_buffer_delete_block (BylineBodyBuffer *self,
                                 guint             index)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  GtkTextIter start, end;

  g_return_if_fail (BYLINE_IS_BODY_BUFFER (self));

  if (self->article == NULL || index >= byline_article_get_n_blocks (self->article))
    return;

  /* The line with its line break; the last line with the one before it */
  if (index + 1 < byline_article_get_n_blocks (self->article))
    get_line_bounds (buffer, index, TRUE, &start, &end);
  else if (index > 0)
    {
      get_line_bounds (buffer, index - 1, FALSE, &start, &end);
      start = end;
      gtk_text_buffer_get_end_iter (buffer, &end);
    }
  else
    gtk_text_buffer_get_bounds (buffer, &start, &end);

  /* Deleted as a selection: GTK's history joins a delete at the cursor
   * with the Backspaces or Deletes next to it into one undo step, never a
   * selection's (and undo selects what it put back) */
  {
    guint from = gtk_text_iter_get_offset (&start);
    guint to = gtk_text_iter_get_offset (&end);

    gtk_text_buffer_select_range (buffer, &end, &start);
    gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
    gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
  }
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_end_user_action (buffer);
}

guint
byline_body_buffer_insert_object_block (BylineBodyBuffer *self,
                                        BylineBlock      *block)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self);
  g_autoptr(GPtrArray) blocks = NULL;
  GtkTextIter at;
  BylineBlock *current;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), 0);
  g_return_val_if_fail (BYLINE_IS_BLOCK (block), 0);
  g_return_val_if_fail (kind_is_object (byline_block_get_kind (block)), 0);
  g_return_val_if_fail (self->article != NULL, 0);

  byline_body_buffer_ensure_paragraph (self);

  /* In front of the cursor's line when the cursor starts a text line,
   * else after the line: never in the middle of a sentence */
  gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
  current = block_at (self, gtk_text_iter_get_line (&at));
  if (current == NULL || kind_is_object (byline_block_get_kind (current))
      || !gtk_text_iter_starts_line (&at))
    {
      if (!gtk_text_iter_ends_line (&at))
        gtk_text_iter_forward_to_line_end (&at);
    }

  blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (blocks, g_object_ref (block));
  byline_body_buffer_insert_blocks (self, &at, blocks);

  return (guint) MAX (byline_body_buffer_get_block_line (self, block), 0);
}

gint
byline_body_buffer_get_block_line (BylineBodyBuffer *self,
                                   BylineBlock      *block)
{
  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), -1);

  if (self->article == NULL)
    return -1;
  for (guint i = 0; i < byline_article_get_n_blocks (self->article); i++)
    if (byline_article_get_block (self->article, i) == block)
      return (gint) i;
  return -1;
}

guint
byline_body_buffer_insert_card (BylineBodyBuffer  *self,
                                const GtkTextIter *where,
                                BylineStoryRef    *ref)
{
  g_autoptr(BylineStoryRef) copy = NULL;
  g_autoptr(BylineBlock) block = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  GtkTextIter at;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), 0);
  g_return_val_if_fail (where != NULL, 0);
  g_return_val_if_fail (BYLINE_IS_STORY_REF (ref), 0);
  g_return_val_if_fail (self->article != NULL, 0);

  copy = byline_story_ref_copy (ref);
  block = byline_block_new (BYLINE_BLOCK_CARD);
  byline_block_set_story_ref (block, copy);

  /* After the line of @where: between paragraphs, never inside one */
  at = *where;
  if (!gtk_text_iter_ends_line (&at))
    gtk_text_iter_forward_to_line_end (&at);

  blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (blocks, g_object_ref (block));
  byline_body_buffer_insert_blocks (self, &at, blocks);

  return (guint) MAX (byline_body_buffer_get_block_line (self, block), 0);
}

gboolean
byline_body_buffer_remove_object (BylineBodyBuffer *self,
                                  guint             index)
{
  BylineBlock *block;

  g_return_val_if_fail (BYLINE_IS_BODY_BUFFER (self), FALSE);

  block = block_at (self, index);
  if (block == NULL)
    return FALSE;
  if (byline_block_get_kind (block) != BYLINE_BLOCK_IMAGE &&
      byline_block_get_kind (block) != BYLINE_BLOCK_CARD)
    return FALSE;

  byline_body_buffer_delete_block (self, index);
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
