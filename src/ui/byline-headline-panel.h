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
 * character count; the headline is marked past the newsroom's limit; the
 * SEO title (or the headline when there is none) is measured in a search
 * results font against the width results pages show, with a preview of
 * how they would cut it; the slug is shown and editable (a hand-edited slug
 * stops following the headline, a button makes it follow again). */

GtkWidget     *byline_headline_panel_new         (void);
BylineArticle *byline_headline_panel_get_article (BylineHeadlinePanel *self);
void           byline_headline_panel_set_article (BylineHeadlinePanel *self,
                                                  BylineArticle       *article);
/* Newsroom limits from @settings ("headline-max-chars",
 * "seo-title-max-chars", "seo-title-max-width"), followed live; or set
 * directly (0 = no limit). */
void           byline_headline_panel_bind_settings (BylineHeadlinePanel *self,
                                                    GSettings           *settings);
/* The account the article syncs with, whose limits apply when its
 * section has none. */
void           byline_headline_panel_set_account (BylineHeadlinePanel *self,
                                                  const char          *account);
void           byline_headline_panel_set_limits  (BylineHeadlinePanel *self,
                                                  guint                headline_max_chars,
                                                  guint                seo_title_max_chars,
                                                  guint                seo_title_max_width);
/* Focuses field @property ("headline", "seo-title", "social-headline",
 * "slug") and selects characters [@start, @end). */
void           byline_headline_panel_select      (BylineHeadlinePanel *self,
                                                  const char          *property,
                                                  guint                start,
                                                  guint                end);
/* For tests: what the panel shows */
const char    *byline_headline_panel_get_seo_preview    (BylineHeadlinePanel *self);
const char    *byline_headline_panel_get_seo_width_text (BylineHeadlinePanel *self);
/* The sentence under a headline over the limit, or NULL */
const char    *byline_headline_panel_get_headline_hint  (BylineHeadlinePanel *self);
GtkEditable   *byline_headline_panel_get_slug_editable  (BylineHeadlinePanel *self);
/* The count shown under field @property ("headline", "seo-title",
 * "social-headline"), for tests. */
const char    *byline_headline_panel_get_count_text (BylineHeadlinePanel *self,
                                                     const char          *property);

G_END_DECLS
