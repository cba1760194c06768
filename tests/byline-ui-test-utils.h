/* byline-ui-test-utils.h: set-up, main loop and screenshot helpers shared
 * by the UI tests (test-window, test-history, test-sync-ui,
 * test-preferences, test-remote-list)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/byline-store.h"
#include "byline-spell-checker.h"

G_BEGIN_DECLS

typedef gboolean (*BylineUiTestCondition) (gpointer data);

void         byline_ui_test_isolate_dirs     (const char            *name,
                                              gboolean               runtime_dir);
gboolean     byline_ui_test_init_gtk         (gboolean               load_style);

void         byline_ui_test_wait_until       (BylineUiTestCondition  condition,
                                              gpointer               data,
                                              const char            *what);
void         byline_ui_test_spin             (guint                  ms);
void         byline_ui_test_drain            (void);
gboolean     byline_ui_test_is_true          (gpointer               data);
gboolean     byline_ui_test_is_null          (gpointer               data);

void         byline_ui_test_wait_for_frame   (GtkWidget             *window);
void         byline_ui_test_save_screenshot  (GtkWidget             *window,
                                              const char            *name);

BylineStore *byline_ui_test_store_new        (const char            *tmpl,
                                              char                 **dir);

/* Spelling: the words under @view's misspelling underline, in order,
 * space-separated; the cursor put inside the first @word; the section of
 * @view's context menu that holds the suggestions */
char        *byline_ui_test_underlined_words    (BylineSpellChecker    *checker,
                                                 GtkTextView           *view);
void         byline_ui_test_place_cursor_in     (GtkTextView           *view,
                                                 const char            *word);
GMenuModel  *byline_ui_test_suggestions_section (GtkTextView           *view);

G_END_DECLS
