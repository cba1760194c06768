/* bench-text.h: made-up news text for the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

/* A random whole number in [low, high] from the fixed-seed generator. */
guint  bench_rng_range    (guint          low,
                           guint          high);
/* @n_words words of running text in sentences, ending with a full stop. */
char  *bench_make_text    (guint          n_words);
/* Gives @article a headline, standfirst, section, byline, tags, a status
 * picked by @index, and a body of @n_words words.  When @plain is given,
 * appends the same words to it as plain text (paragraphs separated by an
 * empty line). */
void   bench_fill_article (BylineArticle *article,
                           guint          n_words,
                           guint          index,
                           GString       *plain);

G_END_DECLS
