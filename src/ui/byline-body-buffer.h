/* byline-body-buffer.h: the text buffer behind an article's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_BODY_BUFFER (byline_body_buffer_get_type())

G_DECLARE_FINAL_TYPE (BylineBodyBuffer, byline_body_buffer, BYLINE, BODY_BUFFER, GtkTextBuffer)

/* Keeps an article's body and a GtkTextBuffer in step, one line per block:
 * line n of the buffer is block n of the body.  Text blocks (paragraph,
 * subheading, quote) are their text, with "bold", "italic" and link tags for
 * their marks; image and card blocks are a line holding one child anchor that
 * typing cannot touch.  A quote's attribution is text at the end of the
 * quote's line ("  — Name, role") in the "attribution" tag: it is not part
 * of the quote's text, typing goes in front of it, deleting leaves it whole
 * or takes it with its quote, and undo brings it back as it was.  (Not a
 * child widget: GTK 4.8 lays a long text out again for every child it
 * sizes.)  The view colours the "attribution" tag.
 *
 * Every edit updates only the blocks of the lines it touched and reaches the
 * article at once.  Undo and redo are GTK's (Ctrl+Z, Ctrl+Shift+Z), and
 * cover structure too: what a delete takes beyond plain text (marks, block
 * kinds, images and cards with their texts) is kept and comes back when
 * undo puts that text back (see "Structural undo" in the .c file).
 *
 * Signals:
 *   "anchor-added" (GtkTextChildAnchor *anchor, BylineBlock *block) — while
 *   an article is loaded, for each anchor that needs a widget (an image or a
 *   card), so the view can put one there.
 */
BylineBodyBuffer *byline_body_buffer_new              (void);
BylineArticle    *byline_body_buffer_get_article      (BylineBodyBuffer *self);
/* Fills the buffer from @article's body; not undoable. */
void              byline_body_buffer_set_article      (BylineBodyBuffer *self,
                                                       BylineArticle    *article);
/* Toggles bold or italic on the selection, or for the next typed text when
 * nothing is selected. */
void              byline_body_buffer_toggle_mark      (BylineBodyBuffer *self,
                                                       BylineMarkKind    kind);
/* Inserts @blocks (of BylineBlock; copied, not taken) at @iter as one user
 * action that undo takes back whole: a pasted paragraph joins the line it
 * lands in (the first at the cursor, the last in front of what followed
 * it); other blocks get lines of their own, splitting the line when the
 * cursor is in the middle of one.  Into an image's or card's line, the
 * blocks go after it; into an attribution, in front of it.  The article's
 * body is updated at once; @iter ends after the inserted blocks, where the
 * cursor is placed.  Undo and redo bring back the blocks' kinds, marks,
 * images and cards (with their texts), like any other structural edit. */
void              byline_body_buffer_insert_blocks    (BylineBodyBuffer *self,
                                                       GtkTextIter      *iter,
                                                       GPtrArray        *blocks);
/* Deletes block @index (its whole line) as one user action: the way to
 * take an image or card out of the body (a "Remove" button); undo brings
 * back the same block with all its texts. */
void              byline_body_buffer_delete_block     (BylineBodyBuffer *self,
                                                       guint             index);
/* Gives an empty body its first paragraph so there is a line to type in. */
void              byline_body_buffer_ensure_paragraph (BylineBodyBuffer *self);
/* Puts @block (an image or a card) on a line of its own at the cursor: in
 * front of the cursor's line when the cursor starts it, else after it;
 * one user action, which undo takes back whole and redo brings back (the
 * same block).  Returns its index in the body. */
guint             byline_body_buffer_insert_object_block (BylineBodyBuffer *self,
                                                          BylineBlock      *block);
/* The line (= index in the body) of @block, or -1; walks the body. */
gint              byline_body_buffer_get_block_line   (BylineBodyBuffer *self,
                                                       BylineBlock      *block);

/* Puts an inline related-story card (a copy of @ref) on a new line after
 * the line of @where, as one undoable action: undo takes the card's line
 * away again.  Returns the new block's index in the body. */
guint             byline_body_buffer_insert_card      (BylineBodyBuffer  *self,
                                                       const GtkTextIter *where,
                                                       BylineStoryRef    *ref);
/* Removes the image or card block at @index with its line (one undoable
 * action).  FALSE when that block is not an image or card. */
gboolean          byline_body_buffer_remove_object    (BylineBodyBuffer  *self,
                                                       guint              index);
/* The body index of the block whose widget sits at @anchor, or -1. */
int               byline_body_buffer_get_anchor_index (BylineBodyBuffer   *self,
                                                       GtkTextChildAnchor *anchor);

G_END_DECLS
