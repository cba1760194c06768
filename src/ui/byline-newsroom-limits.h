/* byline-newsroom-limits.h: the limits one article is held to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "model/byline-article.h"
#include "model/byline-checks.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_NEWSROOM_LIMITS (byline_newsroom_limits_get_type())

G_DECLARE_FINAL_TYPE (BylineNewsroomLimits, byline_newsroom_limits, BYLINE, NEWSROOM_LIMITS, GObject)

/* Follows the Preferences (GSettings "headline-max-chars",
 * "seo-title-max-chars", "seo-title-max-width", "section-limits",
 * "account-limits"), the article's section and the account it syncs with,
 * and picks the article's limits: its section's if set, else its
 * account's, else the defaults (byline_check_options_pick_limits()).
 * Signal "changed" when they changed.  Without settings: the defaults. */
BylineNewsroomLimits     *byline_newsroom_limits_new         (GSettings            *settings);
void                      byline_newsroom_limits_set_article (BylineNewsroomLimits *self,
                                                              BylineArticle        *article);
void                      byline_newsroom_limits_set_account (BylineNewsroomLimits *self,
                                                              const char           *account);
/* The limits (and where they come from); measure is not set. */
const BylineCheckOptions *byline_newsroom_limits_get_options (BylineNewsroomLimits *self);

G_END_DECLS
