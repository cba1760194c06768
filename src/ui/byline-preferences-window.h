/* byline-preferences-window.h: Byline's preferences (general, accounts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <libsoup/soup.h>

#include "byline-accounts.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_PREFERENCES_WINDOW (byline_preferences_window_get_type())

G_DECLARE_FINAL_TYPE (BylinePreferencesWindow, byline_preferences_window,
                      BYLINE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The General page edits @settings (schema io.github.byline.Byline); the
 * Accounts page lists @accounts and adds one after checking it with the
 * site through @session.  Properties: "settings", "accounts", "session"
 * (construct-only), "busy" (read-only: a site is being asked).  Closing the
 * window cancels what it is waiting for. */
GtkWidget *byline_preferences_window_new (GtkWindow      *parent,
                                          GSettings      *settings,
                                          BylineAccounts *accounts,
                                          SoupSession    *session);
gboolean   byline_preferences_window_get_busy (BylinePreferencesWindow *self);
/* Gives @section limits of its own, starting from the newsroom's (as
 * "Add Limits for a Section" does); nothing when it has some. */
void       byline_preferences_window_add_section_limits (BylinePreferencesWindow *self,
                                                         const char              *section);

/* For tests */
GtkLabel  *byline_preferences_window_get_status_label (BylinePreferencesWindow *self);

G_END_DECLS
