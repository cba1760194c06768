/* byline-find-bar.h: find and replace in the whole article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article-search.h"
#include "byline-article-editor.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_FIND_BAR (byline_find_bar_get_type())

G_DECLARE_FINAL_TYPE (BylineFindBar, byline_find_bar, BYLINE, FIND_BAR, GtkWidget)

/* The bar above an article editor: a search entry, "3 of 12", previous and
 * next, Match Case, and (Ctrl+H) a replace entry with Replace and Replace
 * All.  It searches everything a reader sees (byline-article-search.h) on
 * a worker thread, 150 ms after the last keystroke, over a frozen copy of
 * the texts; a newer query cancels an older search.  Matches in the text
 * views are highlighted where they are visible; the current one is
 * selected and scrolled to, and one in an image's caption, credit or alt
 * text brings that image into view and says where it is.
 *
 * Replace goes through the same paths as typing: the body through its
 * text buffer (Replace All is one undoable step there), the headline and
 * standfirst through theirs, the byline and the images' texts through the
 * model's setters the entries are bound to.
 *
 * Property "busy" (read-only): a search is on its way. */
GtkWidget  *byline_find_bar_new            (BylineArticleEditor *editor);
/* Shows the bar (with the replace row when @replace), focuses the search
 * entry and remembers where the focus was, to give it back on Escape. */
void        byline_find_bar_open           (BylineFindBar       *self,
                                            gboolean             replace);
void        byline_find_bar_close          (BylineFindBar       *self);
gboolean    byline_find_bar_is_open        (BylineFindBar       *self);
void        byline_find_bar_next           (BylineFindBar       *self);
void        byline_find_bar_previous       (BylineFindBar       *self);
void        byline_find_bar_replace        (BylineFindBar       *self);
void        byline_find_bar_replace_all    (BylineFindBar       *self);

/* For tests */
gboolean    byline_find_bar_get_busy       (BylineFindBar       *self);
guint       byline_find_bar_get_n_matches  (BylineFindBar       *self);
/* The index of the current match, or -1 */
int         byline_find_bar_get_current    (BylineFindBar       *self);
const BylineSearchMatch *
            byline_find_bar_get_match      (BylineFindBar       *self,
                                            guint                index);
const char *byline_find_bar_get_status     (BylineFindBar       *self);
GtkEditable *byline_find_bar_get_search_entry  (BylineFindBar   *self);
GtkEditable *byline_find_bar_get_replace_entry (BylineFindBar   *self);
GtkToggleButton *byline_find_bar_get_case_button (BylineFindBar *self);

G_END_DECLS
