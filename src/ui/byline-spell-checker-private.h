/* byline-spell-checker-private.h: test hooks of BylineSpellChecker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-spell-checker.h"

G_BEGIN_DECLS

/* How many words this checker has sent to the dictionary so far */
guint  byline_spell_checker_get_words_checked (BylineSpellChecker *self);

G_END_DECLS
