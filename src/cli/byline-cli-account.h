/* byline-cli-account.h: "byline-cli account …"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs "account add|list|remove" with @argv starting at "account".
 * Returns the process exit code: 0 done, 1 failed, 2 wrong usage. */
int byline_cli_account (int    argc,
                        char **argv);

G_END_DECLS
