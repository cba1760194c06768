/* byline-wp-blocks.h: a story's body <-> WordPress block markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-block.h"

G_BEGIN_DECLS

/* Tells the serialiser where an image lives on the site: its media id (0
 * when it has none) and the URL to show.  Return FALSE with @error set to
 * abort serialising (e.g. an image that could not be uploaded). */
typedef gboolean (*BylineWpMediaFunc) (BylineImage  *image,
                                       gint64       *media_id,
                                       char        **url,
                                       gpointer      user_data,
                                       GError      **error);

/* Writes @blocks as WordPress 6.1 core block markup, the way the block
 * editor itself saves it, so the editor opens it without "invalid block"
 * warnings and parse_blocks() gives back the same blocks.  @related (a
 * GListModel of BylineStoryRef, may be NULL or empty) is appended as a
 * "byline-related" group of cards, for sites without Byline's companion
 * plugin.  With @media_func NULL, an image's src is used as its URL and no
 * media id is written.
 *
 * Returns: (transfer full): the markup, or NULL with @error set. */
char      *byline_wp_blocks_serialize (BylineBlock * const *blocks,
                                       guint                n_blocks,
                                       GListModel          *related,
                                       BylineWpMediaFunc    media_func,
                                       gpointer             user_data,
                                       GError             **error);

/* Reads WordPress post content.  Blocks Byline knows (paragraph, heading,
 * quote, image, Byline cards) become those blocks when writing them back
 * gives exactly the same bytes; everything else -- other blocks, blocks
 * with attributes Byline does not keep, classic HTML between blocks --
 * becomes a BYLINE_BLOCK_RAW block holding the markup verbatim.  So
 * serialising the result reproduces @content byte for byte (blocks are
 * separated by a blank line, as WordPress writes them).
 *
 * @related_out: (nullable): receives the story refs of a "byline-related"
 *   group (a GPtrArray of BylineStoryRef, possibly empty); when NULL such a
 *   group stays in the body as a raw block.
 * @media_ids: (nullable): a string -> string table that receives, for every
 *   image read, its URL -> its media id ("123").
 *
 * Returns: (transfer full): a GPtrArray of BylineBlock, or NULL with @error
 *   set when @content is not valid UTF-8. */
GPtrArray *byline_wp_blocks_parse     (const char          *content,
                                       gssize               length,
                                       GPtrArray          **related_out,
                                       GHashTable          *media_ids,
                                       GError             **error);

/* A media item's caption as Byline writes it to WordPress: the caption
 * text, then the credit in <span class="byline-credit">.  Parsing gives
 * both back; a caption written by hand in WordPress (other markup) gives
 * its plain text and no credit. */
char      *byline_wp_caption_format   (const char          *caption,
                                       const char          *credit);
void       byline_wp_caption_parse    (const char          *html,
                                       char               **caption,
                                       char               **credit);

G_END_DECLS
