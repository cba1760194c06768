/* byline-headline-panel.h: the sidebar's headline panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "model/byline-article.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_HEADLINE_PANEL (byline_headline_panel_get_type())

G_DECLARE_FINAL_TYPE (BylineHeadlinePanel, byline_headline_panel, BYLINE, HEADLINE_PANEL, GtkWidget)

/* Headline, SEO title and social headline of "article", each with a live
 * character count; the SEO title warns past BYLINE_SEO_TITLE_MAX. */
#define BYLINE_SEO_TITLE_MAX 70

GtkWidget     *byline_headline_panel_new         (void);
BylineArticle *byline_headline_panel_get_article (BylineHeadlinePanel *self);
void           byline_headline_panel_set_article (BylineHeadlinePanel *self,
                                                  BylineArticle       *article);
/* The count shown under field @property ("headline", "seo-title",
 * "social-headline"), for tests. */
const char    *byline_headline_panel_get_count_text (BylineHeadlinePanel *self,
                                                     const char          *property);

G_END_DECLS
