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
 * article at once.
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
/* Gives an empty body its first paragraph so there is a line to type in. */
void              byline_body_buffer_ensure_paragraph (BylineBodyBuffer *self);

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
