/* byline-cli-sync.h: "byline-cli sync" and "byline-cli pull"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes @argv starting at the command's name and returns the exit
 * code: 0 everything synced (or listed), 1 failed, conflict or error,
 * 2 wrong usage. */
int byline_cli_sync (int    argc,
                     char **argv);
int byline_cli_pull (int    argc,
                     char **argv);

G_END_DECLS
