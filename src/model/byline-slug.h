/* byline-slug.h: the address part of a story's URL, made from its headline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WordPress keeps at most this many bytes of a slug. */
#define BYLINE_SLUG_MAX_BYTES 200

/* "Ferry returns to winter hours" → "ferry-returns-to-winter-hours":
 * lowercase ASCII letters and digits joined by single hyphens.  Latin
 * letters lose their accents (g_str_to_ascii: "Zürich" → "zurich", "ß" →
 * "ss"); Cyrillic is transliterated with Byline's own table (a practical
 * GOST/BGN-like one: "Щука" → "shchuka", "Юрий" → "yuriy"); apostrophes
 * vanish ("don't" → "dont"); anything else separates words.  Letters of
 * other scripts are dropped.  Never longer than BYLINE_SLUG_MAX_BYTES, cut
 * at a hyphen when it can be.  Thread-safe. */
char     *byline_slug_from_text (const char *text);

/* Whether @slug is already in that shape (what a hand-edited slug is
 * cleaned to before it is kept). */
gboolean  byline_slug_is_valid  (const char *slug);

G_END_DECLS
