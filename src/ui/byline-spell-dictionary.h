/* byline-spell-dictionary.h: one language's spelling dictionary (enchant-2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_SPELL_DICTIONARY (byline_spell_dictionary_get_type())

G_DECLARE_FINAL_TYPE (BylineSpellDictionary, byline_spell_dictionary, BYLINE, SPELL_DICTIONARY, GObject)

/* A misspelt word in a text given to byline_spell_dictionary_check_text():
 * character offsets, end exclusive */
typedef struct
{
  guint start;
  guint end;
} BylineSpellRange;

/* No widget in here, and no main-thread state: every call may come from any
 * thread (one lock per dictionary keeps enchant's dictionary to one caller
 * at a time).  Creating one is cheap and touches nothing on disk; the
 * enchant broker and the hunspell files are loaded by the first call that
 * needs them, which blocks — call it from a worker thread
 * (byline_spell_dictionary_load()).
 *
 * @language is an article's language as Byline keeps it ("en", "en-GB",
 * "ru"); it is matched to an installed dictionary ("en" → en_US, "ru" →
 * ru_RU, "en-GB" → en_GB).  Each dictionary has its own broker, so its
 * "Ignore" words (its session) are its own, and a new dictionary reads the
 * personal word list afresh. */
BylineSpellDictionary *byline_spell_dictionary_new            (const char            *language);
const char            *byline_spell_dictionary_get_language   (BylineSpellDictionary *self);

/* Blocking. TRUE when a dictionary for the language is installed. */
gboolean               byline_spell_dictionary_load           (BylineSpellDictionary *self);
/* The enchant tag in use ("en_US"), or NULL before loading or when none */
char                  *byline_spell_dictionary_dup_tag        (BylineSpellDictionary *self);

/* Blocking, any thread.  Checks every word of @text (a copy the caller
 * owns) that spelling applies to — not URLs, e-mail addresses, words in
 * capitals or words with digits — and appends the misspelt ones to
 * @misspelled.  A word that ends at character @skip_end (the one being
 * typed; -1 for none) is neither checked nor flagged.  Returns how many
 * words were checked. */
guint                  byline_spell_dictionary_check_text     (BylineSpellDictionary *self,
                                                               const char            *text,
                                                               int                    skip_end,
                                                               GArray                *misspelled);
gboolean               byline_spell_dictionary_check_word     (BylineSpellDictionary *self,
                                                               const char            *word);
/* At most @max_suggestions, best first */
char                 **byline_spell_dictionary_suggest        (BylineSpellDictionary *self,
                                                               const char            *word,
                                                               guint                  max_suggestions);
/* The personal word list (enchant writes it under the user's config
 * folder, enchant/<tag>.dic): blocking, it writes a file */
void                   byline_spell_dictionary_add_word       (BylineSpellDictionary *self,
                                                               const char            *word);
/* This dictionary's session only */
void                   byline_spell_dictionary_ignore_word    (BylineSpellDictionary *self,
                                                               const char            *word);

/* Whether spelling applies to the word @word at all (FALSE for words in
 * capitals and words with digits) */
gboolean               byline_spell_word_is_checked           (const char            *word,
                                                               gssize                 len);

/* The installed dictionaries' tags ("en_GB", "en_US", "ru_RU"), sorted;
 * listed on a worker thread once per process */
void                   byline_spell_list_languages_async      (GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
char                 **byline_spell_list_languages_finish     (GAsyncResult          *result,
                                                               GError               **error);
/* A person's name for a language tag ("en_US", "en-GB", "ru"), translated */
char                  *byline_spell_language_name             (const char            *tag);
/* The tag as an article keeps it: "en_US" → "en-US" */
char                  *byline_spell_language_to_article       (const char            *tag);

G_END_DECLS
