/* byline-article-private.h: what the format reader needs of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

/* Called by a loader once it has set every field: puts back the document's
 * @modified time (which building the article moved to now) and starts the
 * revision counter again from 0, without any signal.  Only for an article
 * nobody has seen yet. */
void byline_article_finish_loading (BylineArticle *self,
                                    GDateTime     *modified);

G_END_DECLS
