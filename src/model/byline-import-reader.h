/* byline-import-reader.h: any file a story may arrive in, read the right way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-import-result.h"

G_BEGIN_DECLS

/* What @data is: Byline's JSON document, a ninjs item, HTML or plain
 * text.  @name (a file name, may be NULL) helps only where the content
 * does not say: a ".html" file that holds no tag is still read as HTML. */
BylineImportKind    byline_import_detect (const char  *data,
                                          gsize        length,
                                          const char  *name);

/* Reads @data by its kind.  @media_base: see byline_article_new_from_ninjs().
 * JSON that is neither Byline's nor ninjs is an error (BYLINE_FORMAT_ERROR)
 * that says so. */
BylineImportResult *byline_import_read   (const char  *data,
                                          gsize        length,
                                          const char  *name,
                                          const char  *media_base,
                                          GError     **error);

G_END_DECLS
