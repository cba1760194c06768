/* byline-limits-row.h: one section's or account's newsroom limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_LIMITS_ROW (byline_limits_row_get_type())

G_DECLARE_FINAL_TYPE (BylineLimitsRow, byline_limits_row, BYLINE, LIMITS_ROW, AdwExpanderRow)

/* Edits entry @name of GSettings key @key (a{s(uuu)}: "section-limits" or
 * "account-limits"): headline characters, SEO title characters, SEO title
 * width, each a spin row (0 turns one off); every change is written at
 * once.  With @optional, the row's switch says whether @name has limits of
 * its own (on: they start as the defaults; off: the entry goes);
 * otherwise the entry is assumed and a Remove button deletes it. */
GtkWidget  *byline_limits_row_new      (GSettings  *settings,
                                        const char *key,
                                        const char *name,
                                        gboolean    optional);
const char *byline_limits_row_get_name (BylineLimitsRow *self);
/* The spin button of limit @index (0 headline, 1 SEO characters, 2 SEO
 * width), for tests. */
GtkSpinButton *byline_limits_row_get_spin (BylineLimitsRow *self,
                                           guint            index);
/* Removes @name's entry from @key (as the Remove button does). */
void        byline_limits_remove_entry (GSettings  *settings,
                                        const char *key,
                                        const char *name);

G_END_DECLS
