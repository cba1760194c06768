/* byline-window-files.h: the window's File → Import, Export as ninjs and Empty Trash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "byline-window.h"

G_BEGIN_DECLS

/* Installs win.import (Ctrl+O), win.export-ninjs and win.empty-trash on
 * the window's class (called from byline_window_class_init()). */
void byline_window_files_class_init   (GtkWidgetClass *widget_class);

/* What the file choosers do with the file chosen (tests call them
 * directly).  Import: read and recognised on a worker thread; anything
 * uncertain or dropped is shown in the review window first; the new
 * article is stored, opened and selected; a file that cannot be read
 * gives a toast naming it and creates nothing. */
void byline_window_import_file        (BylineWindow   *self,
                                       GFile          *file);
/* Writes the open article as an IPTC ninjs item (worker thread), with a
 * toast when done or failed. */
void byline_window_export_ninjs_file  (BylineWindow   *self,
                                       GFile          *file);

G_END_DECLS
