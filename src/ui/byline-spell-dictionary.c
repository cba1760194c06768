/* byline-spell-dictionary.c: one language's spelling dictionary (enchant-2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-spell-dictionary"

#include "config.h"

#include <string.h>

#include <enchant.h>
#include <glib/gi18n.h>

#include "byline-spell-dictionary.h"

/* Hunspell gives up on longer words; nothing a journalist types */
#define MAX_WORD_BYTES 100
/* Words already looked up; emptied when it grows past this */
#define MAX_KNOWN_WORDS 200000
#define KNOWN_CORRECT   GINT_TO_POINTER (1)
#define KNOWN_WRONG     GINT_TO_POINTER (2)

struct _BylineSpellDictionary
{
  GObject        parent_instance;

  /* Guards everything below: enchant's dictionaries are not thread-safe */
  GMutex         lock;
  char          *language;
  char          *tag;
  EnchantBroker *broker;
  EnchantDict   *dict;
  /* word -> KNOWN_CORRECT or KNOWN_WRONG: news text repeats its words, and
   * enchant looks at its personal word list's file for every check */
  GHashTable    *known;
  guint          loaded : 1;
};

G_DEFINE_FINAL_TYPE (BylineSpellDictionary, byline_spell_dictionary, G_TYPE_OBJECT)

static void
byline_spell_dictionary_finalize (GObject *object)
{
  BylineSpellDictionary *self = (BylineSpellDictionary *)object;

  if (self->dict != NULL)
    enchant_broker_free_dict (self->broker, self->dict);
  if (self->broker != NULL)
    enchant_broker_free (self->broker);
  g_free (self->language);
  g_free (self->tag);
  g_hash_table_unref (self->known);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (byline_spell_dictionary_parent_class)->finalize (object);
}

static void
byline_spell_dictionary_class_init (BylineSpellDictionaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_spell_dictionary_finalize;
}

static void
byline_spell_dictionary_init (BylineSpellDictionary *self)
{
  g_mutex_init (&self->lock);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

BylineSpellDictionary *
byline_spell_dictionary_new (const char *language)
{
  BylineSpellDictionary *self = g_object_new (BYLINE_TYPE_SPELL_DICTIONARY, NULL);

  self->language = g_strdup (language ? language : "");
  return self;
}

const char *
byline_spell_dictionary_get_language (BylineSpellDictionary *self)
{
  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), NULL);

  return self->language;
}

/* "en-gb" → language "en", territory "GB" */
static void
split_language (const char  *language,
                char       **lang,
                char       **territory)
{
  g_autofree char *copy = g_strdup (language);
  char *sep;

  g_strdelimit (copy, "-", '_');
  /* "en_US.UTF-8", "sr_RS@latin": only language and territory matter */
  sep = strpbrk (copy, ".@");
  if (sep != NULL)
    *sep = '\0';
  sep = strchr (copy, '_');
  if (sep != NULL)
    {
      *sep = '\0';
      *territory = g_ascii_strup (sep + 1, -1);
    }
  else
    *territory = NULL;
  *lang = g_ascii_strdown (copy, -1);
}

static void
collect_tag (const char * const lang_tag,
             const char * const provider_name,
             const char * const provider_desc,
             const char * const provider_file,
             void              *user_data)
{
  GPtrArray *tags = user_data;

  for (guint i = 0; i < tags->len; i++)
    if (g_str_equal (g_ptr_array_index (tags, i), lang_tag))
      return;
  g_ptr_array_add (tags, g_strdup (lang_tag));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_tags (EnchantBroker *broker)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);

  enchant_broker_list_dicts (broker, collect_tag, tags);
  g_ptr_array_sort (tags, compare_strings);
  return tags;
}

/* The installed dictionary that best fits @language, or NULL */
static char *
resolve_tag (EnchantBroker *broker,
             const char    *language)
{
  g_autofree char *lang = NULL;
  g_autofree char *territory = NULL;
  g_autofree char *upper = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) installed = NULL;
  g_autofree char *prefix = NULL;

  if (language == NULL || language[0] == '\0')
    return NULL;

  split_language (language, &lang, &territory);
  if (lang[0] == '\0')
    return NULL;

  if (territory != NULL)
    g_ptr_array_add (candidates, g_strdup_printf ("%s_%s", lang, territory));
  /* A plain "en" means American English, as Debian and most newsrooms'
   * tools assume; other languages their own country first ("ru_RU") */
  if (g_str_equal (lang, "en"))
    g_ptr_array_add (candidates, g_strdup ("en_US"));
  upper = g_ascii_strup (lang, -1);
  g_ptr_array_add (candidates, g_strdup_printf ("%s_%s", lang, upper));
  g_ptr_array_add (candidates, g_strdup (lang));

  for (guint i = 0; i < candidates->len; i++)
    if (enchant_broker_dict_exists (broker, g_ptr_array_index (candidates, i)))
      return g_strdup (g_ptr_array_index (candidates, i));

  /* Any dictionary of the language ("de_AT" for "de") */
  installed = list_tags (broker);
  prefix = g_strconcat (lang, "_", NULL);
  for (guint i = 0; i < installed->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (installed, i), prefix))
      return g_strdup (g_ptr_array_index (installed, i));

  return NULL;
}

static gboolean
ensure_loaded_locked (BylineSpellDictionary *self)
{
  if (self->loaded)
    return self->dict != NULL;

  self->loaded = TRUE;
  self->broker = enchant_broker_init ();
  if (self->broker == NULL)
    return FALSE;
  self->tag = resolve_tag (self->broker, self->language);
  if (self->tag != NULL)
    self->dict = enchant_broker_request_dict (self->broker, self->tag);
  if (self->dict == NULL)
    g_clear_pointer (&self->tag, g_free);

  return self->dict != NULL;
}

gboolean
byline_spell_dictionary_load (BylineSpellDictionary *self)
{
  gboolean found;

  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), FALSE);

  g_mutex_lock (&self->lock);
  found = ensure_loaded_locked (self);
  g_mutex_unlock (&self->lock);
  return found;
}

char *
byline_spell_dictionary_dup_tag (BylineSpellDictionary *self)
{
  char *tag;

  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), NULL);

  g_mutex_lock (&self->lock);
  tag = g_strdup (self->tag);
  g_mutex_unlock (&self->lock);
  return tag;
}

gboolean
byline_spell_word_is_checked (const char *word,
                              gssize      len)
{
  const char *end = word + (len < 0 ? (gssize) strlen (word) : len);
  guint letters = 0, lower = 0;

  if (end - word > MAX_WORD_BYTES)
    return FALSE;

  for (const char *p = word; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        return FALSE;
      if (g_unichar_isalpha (c))
        {
          letters++;
          if (!g_unichar_isupper (c) && !g_unichar_istitle (c))
            lower++;
        }
    }

  /* "NASA", "BBC": acronyms are not in dictionaries */
  return letters > 0 && !(letters > 1 && lower == 0);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

/* Web and mail addresses are not words: "https://…", "www.…", "a@b.org" */
static gboolean
is_address (const char *start,
            const char *end)
{
  const char *at;

  if (g_strstr_len (start, end - start, "://") != NULL)
    return TRUE;
  if (end - start > 4 && g_ascii_strncasecmp (start, "www.", 4) == 0)
    return TRUE;
  at = memchr (start, '@', end - start);
  return at != NULL && memchr (at, '.', end - at) != NULL;
}

static gboolean
check_word_locked (BylineSpellDictionary *self,
                   const char            *word,
                   gssize                 len)
{
  g_autofree char *copy = NULL;
  gpointer known;
  gboolean correct;

  if (self->dict == NULL)
    return TRUE;

  copy = g_strndup (word, len < 0 ? strlen (word) : (gsize) len);
  known = g_hash_table_lookup (self->known, copy);
  if (known != NULL)
    return known == KNOWN_CORRECT;

  correct = enchant_dict_check (self->dict, copy, -1) <= 0;
  if (g_hash_table_size (self->known) >= MAX_KNOWN_WORDS)
    g_hash_table_remove_all (self->known);
  g_hash_table_insert (self->known, g_steal_pointer (&copy), correct ? KNOWN_CORRECT : KNOWN_WRONG);
  return correct;
}

guint
byline_spell_dictionary_check_text (BylineSpellDictionary *self,
                                    const char            *text,
                                    int                    skip_end,
                                    GArray                *misspelled)
{
  const char *p = text;
  guint offset = 0;
  guint checked = 0;

  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!byline_spell_dictionary_load (self))
    return 0;

  while (*p != '\0')
    {
      const char *run_start, *run_end, *q;
      guint run_offset, q_offset;

      /* Whitespace-separated runs first: a run that is an address is
       * skipped whole */
      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      if (*p == '\0')
        break;
      run_start = p;
      run_offset = offset;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      run_end = p;
      if (is_address (run_start, run_end))
        continue;

      /* Then the words in it: letters, digits and marks, with apostrophes
       * inside ("don't", "it’s"); a hyphen separates two words */
      q = run_start;
      q_offset = run_offset;
      while (q < run_end)
        {
          const char *word_start, *word_end;
          guint word_offset;

          while (q < run_end && !is_word_char (g_utf8_get_char (q)))
            {
              q = g_utf8_next_char (q);
              q_offset++;
            }
          if (q >= run_end)
            break;
          word_start = q;
          word_offset = q_offset;
          while (q < run_end)
            {
              gunichar c = g_utf8_get_char (q);
              const char *next = g_utf8_next_char (q);

              if (is_word_char (c)
                  || (is_apostrophe (c) && next < run_end && is_word_char (g_utf8_get_char (next))))
                {
                  q = next;
                  q_offset++;
                }
              else
                break;
            }
          word_end = q;

          if ((int) q_offset == skip_end
              || !byline_spell_word_is_checked (word_start, word_end - word_start))
            continue;

          checked++;
          /* One word at a time under the lock: a suggestion asked for
           * meanwhile waits for one word, not for the whole text */
          g_mutex_lock (&self->lock);
          if (!check_word_locked (self, word_start, word_end - word_start))
            {
              BylineSpellRange range = { word_offset, q_offset };

              g_array_append_val (misspelled, range);
            }
          g_mutex_unlock (&self->lock);
        }
    }

  return checked;
}

gboolean
byline_spell_dictionary_check_word (BylineSpellDictionary *self,
                                    const char            *word)
{
  gboolean correct;

  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  g_mutex_lock (&self->lock);
  ensure_loaded_locked (self);
  correct = check_word_locked (self, word, -1);
  g_mutex_unlock (&self->lock);
  return correct;
}

char **
byline_spell_dictionary_suggest (BylineSpellDictionary *self,
                                 const char            *word,
                                 guint                  max_suggestions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BYLINE_IS_SPELL_DICTIONARY (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (ensure_loaded_locked (self))
    {
      size_t n = 0;
      char **found = enchant_dict_suggest (self->dict, word, -1, &n);

      for (size_t i = 0; i < n && i < max_suggestions; i++)
        g_strv_builder_add (builder, found[i]);
      if (found != NULL)
        enchant_dict_free_string_list (self->dict, found);
    }
  g_mutex_unlock (&self->lock);

  return g_strv_builder_end (builder);
}

void
byline_spell_dictionary_add_word (BylineSpellDictionary *self,
                                  const char            *word)
{
  g_return_if_fail (BYLINE_IS_SPELL_DICTIONARY (self));
  g_return_if_fail (word != NULL);

  g_mutex_lock (&self->lock);
  if (ensure_loaded_locked (self))
    enchant_dict_add (self->dict, word, -1);
  g_hash_table_remove_all (self->known);
  g_mutex_unlock (&self->lock);
}

void
byline_spell_dictionary_ignore_word (BylineSpellDictionary *self,
                                     const char            *word)
{
  g_return_if_fail (BYLINE_IS_SPELL_DICTIONARY (self));
  g_return_if_fail (word != NULL);

  g_mutex_lock (&self->lock);
  if (ensure_loaded_locked (self))
    enchant_dict_add_to_session (self->dict, word, -1);
  g_hash_table_remove_all (self->known);
  g_mutex_unlock (&self->lock);
}

/* Listing what is installed */

static char **installed_languages;

static void
list_languages_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  EnchantBroker *broker = enchant_broker_init ();
  g_autoptr(GPtrArray) tags = NULL;

  if (broker == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The spelling library could not start"));
      return;
    }
  tags = list_tags (broker);
  enchant_broker_free (broker);
  g_ptr_array_add (tags, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&tags), FALSE),
                         (GDestroyNotify) g_strfreev);
}

void
byline_spell_list_languages_async (GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, byline_spell_list_languages_async);
  /* Dictionaries are installed with the system's packages: listing them
   * once per run is enough */
  if (installed_languages != NULL)
    {
      g_task_return_pointer (task, g_strdupv (installed_languages), (GDestroyNotify) g_strfreev);
      return;
    }
  g_task_run_in_thread (task, list_languages_thread);
}

char **
byline_spell_list_languages_finish (GAsyncResult  *result,
                                    GError       **error)
{
  char **tags;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  tags = g_task_propagate_pointer (G_TASK (result), error);
  if (tags != NULL && installed_languages == NULL)
    installed_languages = g_strdupv (tags);
  return tags;
}

/* Names */

static const struct {
  const char *code;
  const char *name;
} language_names[] = {
  { "ar", N_("Arabic") }, { "bg", N_("Bulgarian") }, { "ca", N_("Catalan") },
  { "cs", N_("Czech") }, { "da", N_("Danish") }, { "de", N_("German") },
  { "el", N_("Greek") }, { "en", N_("English") }, { "es", N_("Spanish") },
  { "et", N_("Estonian") }, { "fi", N_("Finnish") }, { "fr", N_("French") },
  { "ga", N_("Irish") }, { "he", N_("Hebrew") }, { "hr", N_("Croatian") },
  { "hu", N_("Hungarian") }, { "it", N_("Italian") }, { "kk", N_("Kazakh") },
  { "lt", N_("Lithuanian") }, { "lv", N_("Latvian") }, { "nb", N_("Norwegian Bokmål") },
  { "nl", N_("Dutch") }, { "nn", N_("Norwegian Nynorsk") }, { "pl", N_("Polish") },
  { "pt", N_("Portuguese") }, { "ro", N_("Romanian") }, { "ru", N_("Russian") },
  { "sk", N_("Slovak") }, { "sl", N_("Slovenian") }, { "sr", N_("Serbian") },
  { "sv", N_("Swedish") }, { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") },
};

static const struct {
  const char *code;
  const char *name;
} territory_names[] = {
  { "AT", N_("Austria") }, { "AU", N_("Australia") }, { "BE", N_("Belgium") },
  { "BR", N_("Brazil") }, { "CA", N_("Canada") }, { "CH", N_("Switzerland") },
  { "DE", N_("Germany") }, { "ES", N_("Spain") }, { "FR", N_("France") },
  { "GB", N_("UK") }, { "IE", N_("Ireland") }, { "IN", N_("India") },
  { "MX", N_("Mexico") }, { "NZ", N_("New Zealand") }, { "PT", N_("Portugal") },
  { "RU", N_("Russia") }, { "UA", N_("Ukraine") }, { "US", N_("US") },
  { "ZA", N_("South Africa") },
};

char *
byline_spell_language_name (const char *tag)
{
  g_autofree char *lang = NULL;
  g_autofree char *territory = NULL;
  const char *lang_name = NULL, *territory_name = NULL;

  g_return_val_if_fail (tag != NULL, NULL);

  split_language (tag, &lang, &territory);
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_str_equal (language_names[i].code, lang))
      lang_name = _(language_names[i].name);
  if (lang_name == NULL)
    return g_strdup (tag);
  if (territory == NULL)
    return g_strdup (lang_name);

  for (guint i = 0; i < G_N_ELEMENTS (territory_names); i++)
    if (g_str_equal (territory_names[i].code, territory))
      territory_name = _(territory_names[i].name);
  /* A country named once is enough: "Russian", not "Russian (Russia)" —
   * unless the language has other countries' dictionaries, like English */
  if (g_ascii_strcasecmp (lang, territory) == 0 && !g_str_equal (lang, "en"))
    return g_strdup (lang_name);
  /* TRANSLATORS: a language and where it is written, "English (UK)" */
  return g_strdup_printf (_("%s (%s)"), lang_name, territory_name ? territory_name : territory);
}

char *
byline_spell_language_to_article (const char *tag)
{
  char *copy;

  g_return_val_if_fail (tag != NULL, NULL);

  copy = g_strdup (tag);
  g_strdelimit (copy, "_", '-');
  return copy;
}
