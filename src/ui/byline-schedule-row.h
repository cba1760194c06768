/* byline-schedule-row.h: when a scheduled story should be published
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "byline-article.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_SCHEDULE_ROW (byline_schedule_row_get_type())

G_DECLARE_FINAL_TYPE (BylineScheduleRow, byline_schedule_row, BYLINE, SCHEDULE_ROW, GtkWidget)

/* A small row, shown only while the article's status is "scheduled": a
 * button with the publication time that opens a calendar and hour and
 * minute spin buttons.  The journalist picks a local time; the article
 * keeps it in UTC ("scheduled-for").  Every pick reaches the article at
 * once (and so the autosave). */
GtkWidget     *byline_schedule_row_new         (void);
void           byline_schedule_row_set_article (BylineScheduleRow *self,
                                                BylineArticle     *article);
BylineArticle *byline_schedule_row_get_article (BylineScheduleRow *self);

G_END_DECLS
