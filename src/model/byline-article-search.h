/* byline-article-search.h: find text anywhere a reader of the article sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "byline-types.h"

G_BEGIN_DECLS

/* The texts of an article that find and replace cover: what a reader of the
 * published story sees.  Not the SEO title, social headline, slug or tags
 * (the headline panel edits those), not a card's texts (they belong to the
 * other story) and not a raw CMS block's markup. */
typedef enum
{
  BYLINE_SEARCH_FIELD_HEADLINE,
  BYLINE_SEARCH_FIELD_STANDFIRST,
  BYLINE_SEARCH_FIELD_BYLINE,
  BYLINE_SEARCH_FIELD_BODY,          /* a paragraph's, subheading's or quote's text */
  BYLINE_SEARCH_FIELD_ATTRIBUTION,   /* a quote's attribution */
  BYLINE_SEARCH_FIELD_CAPTION,       /* of the lead image or an image block */
  BYLINE_SEARCH_FIELD_CREDIT,
  BYLINE_SEARCH_FIELD_ALT,
} BylineSearchField;

typedef enum /*< flags >*/
{
  BYLINE_SEARCH_NONE       = 0,
  BYLINE_SEARCH_MATCH_CASE = 1 << 0,
} BylineSearchFlags;

/* One place the query was found.  @start and @end (exclusive) count
 * Unicode characters of that field's own text, as the model holds it. */
typedef struct
{
  BylineSearchField field;
  int               block;   /* index in the body, or -1 (headline, …, lead image) */
  int               image;   /* -1: not an image's text; 0: the lead image;
                              * n: the body's nth image block */
  guint             start;
  guint             end;
} BylineSearchMatch;

#define BYLINE_TYPE_SEARCH_SOURCE (byline_search_source_get_type())

/* A frozen copy of the article's searchable texts, safe on any thread.
 * Made on the main thread (a copy of each text, no other work); searching
 * it folds case lazily, once per source, on whichever thread searches. */
typedef struct _BylineSearchSource BylineSearchSource;

GType               byline_search_source_get_type     (void) G_GNUC_CONST;
BylineSearchSource *byline_search_source_new          (BylineArticle       *article);
BylineSearchSource *byline_search_source_ref          (BylineSearchSource  *self);
void                byline_search_source_unref        (BylineSearchSource  *self);
/* The article's "revision" when the source was made: a source can be
 * reused for a new query while the article has not changed since. */
guint64             byline_search_source_get_revision (BylineSearchSource  *self);
/* How many bytes of text the source holds in all (for benchmarks) */
gsize               byline_search_source_get_n_chars  (BylineSearchSource  *self);

/* Every match of @query, in the order the article reads (headline,
 * standfirst, byline, lead image's caption, credit and alt text, then the
 * body block by block: a block's text, a quote's attribution, an image's
 * caption, credit and alt text).  Matches do not overlap.  Without
 * BYLINE_SEARCH_MATCH_CASE, case is folded (g_utf8_casefold(): "STRASSE"
 * finds "Straße") and compatibility forms are equal ("ﬁ" and "fi"); either
 * way text is compared decomposed, so a precomposed "é" and "e" + combining
 * accent find each other; a match always starts and ends between two
 * characters of the field, and never leaves a combining accent behind.  Returns an
 * array of BylineSearchMatch (empty for an empty query), or NULL with
 * G_IO_ERROR_CANCELLED once @cancellable is cancelled.  Any thread. */
GArray             *byline_search_source_find         (BylineSearchSource  *self,
                                                       const char          *query,
                                                       BylineSearchFlags    flags,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
/* The same on a worker thread. */
void                byline_search_source_find_async   (BylineSearchSource  *self,
                                                       const char          *query,
                                                       BylineSearchFlags    flags,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GArray             *byline_search_source_find_finish  (GAsyncResult        *result,
                                                       GError             **error);

/* The text of @match's field in @article now (NULL when the article no
 * longer has that field, e.g. the block went away or changed kind). */
const char         *byline_article_search_get_text    (BylineArticle           *article,
                                                       const BylineSearchMatch *match);
/* Sets the text of @match's field through the model's own setters (so
 * "changed" and autosave follow).  For the body's text and attributions,
 * an editor goes through its text buffer instead (see the find bar). */
void                byline_article_search_set_text    (BylineArticle           *article,
                                                       const BylineSearchMatch *match,
                                                       const char              *text);
/* @text with the characters [@start, @end) replaced by @replacement. */
char               *byline_search_replace_range       (const char              *text,
                                                       guint                    start,
                                                       guint                    end,
                                                       const char              *replacement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineSearchSource, byline_search_source_unref)

G_END_DECLS
