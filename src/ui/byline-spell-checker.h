/* byline-spell-checker.h: inline spell checking for text views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_SPELL_CHECKER (byline_spell_checker_get_type())

G_DECLARE_FINAL_TYPE (BylineSpellChecker, byline_spell_checker, BYLINE, SPELL_CHECKER, GObject)

/* Underlines misspelt words in every GtkTextView attached to it, with a
 * red wavy line (a text tag of its own in each buffer), and puts
 * suggestions, "Add to Dictionary" and "Ignore" into the view's context
 * menu (GtkTextView:extra-menu, actions "spell.*" on the view).
 *
 * Words are checked on worker threads, on copies of at most a few
 * thousand words at a time; only putting the underlines in place happens
 * on the main thread, a few milliseconds per main-loop turn.  An edit
 * rechecks the words around it (its paragraph, at most a few hundred
 * characters either side), never the whole text.  The word being typed is
 * not underlined until the cursor leaves it.
 *
 * Properties:
 *   "language" — the article's language ("en", "en-GB", "ru"); empty or
 *     NULL means "default-language".
 *   "default-language" — from Preferences.
 *   "enabled" — Preferences' "Check Spelling".
 *   "busy" (read-only) — TRUE while words wait to be checked.
 *
 * Signals:
 *   "dictionary-missing" (const char *language) — no dictionary is
 *     installed for the language; emitted once per language. */
BylineSpellChecker *byline_spell_checker_new                  (void);

/* Checks @view's buffer (the one it has now) from now on */
void                byline_spell_checker_attach               (BylineSpellChecker *self,
                                                               GtkTextView        *view);
void                byline_spell_checker_detach               (BylineSpellChecker *self,
                                                               GtkTextView        *view);

const char         *byline_spell_checker_get_language         (BylineSpellChecker *self);
void                byline_spell_checker_set_language         (BylineSpellChecker *self,
                                                               const char         *language);
const char         *byline_spell_checker_get_default_language (BylineSpellChecker *self);
void                byline_spell_checker_set_default_language (BylineSpellChecker *self,
                                                               const char         *language);
gboolean            byline_spell_checker_get_enabled          (BylineSpellChecker *self);
void                byline_spell_checker_set_enabled          (BylineSpellChecker *self,
                                                               gboolean            enabled);
gboolean            byline_spell_checker_get_busy             (BylineSpellChecker *self);

/* The tag that marks misspelt words in @view's buffer, or NULL */
GtkTextTag         *byline_spell_checker_get_tag              (BylineSpellChecker *self,
                                                               GtkTextView        *view);

G_END_DECLS
