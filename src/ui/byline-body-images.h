/* byline-body-images.h: the images of an article's body, in its text view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/byline-store.h"
#include "byline-body-buffer.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_BODY_IMAGES (byline_body_images_get_type())

G_DECLARE_FINAL_TYPE (BylineBodyImages, byline_body_images, BYLINE, BODY_IMAGES, GObject)

/* Everything about photos in the body of the editor's text view @view
 * (whose buffer is a BylineBodyBuffer):
 * - the widget of each image block, its caption and alt text following
 *   every edit, with a button that asks for the image panel;
 * - thumbnails decoded on worker threads at thumbnail size, only for the
 *   images on screen or a screen away, cancelled when they scroll far off;
 * - inserting a photo from a file (the file chooser, drag and drop) or the
 *   clipboard, or making one the lead image: copied into the store,
 *   its empty texts prefilled from its metadata.
 *
 * Signals:
 *   "message" (const char *text) — something the journalist must read (a
 *   file that could not be inserted); the window shows it as a toast.
 *   "show-in-panel" (BylineImage *image) — the journalist asked for the
 *   image's texts in the image panel.
 *   "inserted" (BylineImage *image, gboolean lead) — an image went in.
 */
BylineBodyImages *byline_body_images_new            (GtkTextView      *view,
                                                     BylineStore      *store);
/* Gives the image block's @anchor its widget: at once, or, while a story
 * opens (set_opening), when the view comes near it after the first few. */
void              byline_body_images_attach         (BylineBodyImages   *self,
                                                     GtkTextChildAnchor *anchor,
                                                     BylineBlock        *block);
void              byline_body_images_set_opening    (BylineBodyImages   *self,
                                                     gboolean            opening);
/* Inserts the photo in @file at the cursor (as a line of its own,
 * undoable); or, with @bytes, a pasted picture. */
void              byline_body_images_insert_file    (BylineBodyImages *self,
                                                     GFile            *file);
void              byline_body_images_insert_bytes   (BylineBodyImages *self,
                                                     GBytes           *bytes);
/* Pastes the picture on @clipboard (when it holds one) at the cursor;
 * FALSE when there is no picture.  The editor calls it when the clipboard
 * holds no text. */
gboolean          byline_body_images_paste_clipboard (BylineBodyImages *self,
                                                      GdkClipboard     *clipboard);
/* Makes the photo in @file the lead image; texts the journalist already
 * gave the lead image stay. */
void              byline_body_images_set_lead_file  (BylineBodyImages *self,
                                                     GFile            *file);
/* Scrolls the body to @block and puts the cursor after it. */
void              byline_body_images_scroll_to      (BylineBodyImages *self,
                                                     BylineBlock      *block);
/* Drops what belongs to the previous article. */
void              byline_body_images_reset          (BylineBodyImages *self);
/* For tests and benchmarks: image widgets made so far. */
guint             byline_body_images_get_n_widgets  (BylineBodyImages *self);
/* For tests and benchmarks: thumbnails started and finished so far. */
guint             byline_body_images_get_n_started  (BylineBodyImages *self);
guint             byline_body_images_get_n_loaded   (BylineBodyImages *self);
/* Thumbnails being decoded now */
guint             byline_body_images_get_n_pending  (BylineBodyImages *self);

G_END_DECLS
