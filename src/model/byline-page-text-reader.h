/* byline-page-text-reader.h: a story from the text a browser copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-import-result.h"

G_BEGIN_DECLS

/* Reads plain text copied from a news page — one line per paragraph, as
 * browsers copy it — and recognises from the shape of the lines the
 * section, headline, standfirst, byline, date, the lead photo's credit
 * (“© AGENCY YEAR / NAME”, “Photo: …”) and the caption beside it,
 * paragraphs, subheadings, related-story teasers between paragraphs (a
 * section name, then a headline), and site furniture (prompts, navigation
 * lists, lines in another script, stray link lines), which is dropped but
 * listed.  Never fails: text it cannot place is body text. */
BylineImportResult *byline_page_text_read (const char *text,
                                           gssize      length);

G_END_DECLS
