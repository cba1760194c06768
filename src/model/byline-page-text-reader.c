/* byline-page-text-reader.c: a story from the text a browser copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/import.md says what is recognised and how; keep the two in step.
 */
#define G_LOG_DOMAIN "byline-page-text"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "byline-page-text-reader.h"
#include "byline-page-text-private.h"

/* Line shapes */

guint
byline_text_count_words (const char *line)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean space = g_unichar_isspace (c) || c == 0x00A0;

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

static gunichar
last_char (const char *line)
{
  const char *end = line + strlen (line);

  if (end == line)
    return 0;
  return g_utf8_get_char (g_utf8_find_prev_char (line, end));
}

/* Ends like a sentence (closing quotes count) */
static gboolean
ends_sentence (const char *line)
{
  gunichar c = last_char (line);

  return (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':' || c == ';'
             || c == 0x00BB || c == '"' || c == 0x201D || c == 0x2019 || c == ')');
}

static gboolean
starts_upper (const char *line)
{
  gunichar c = g_utf8_get_char (line);

  /* Quotes may open a headline */
  if (c == '"' || c == 0x00AB || c == 0x201C || c == 0x201E || c == '\'')
    c = g_utf8_get_char (g_utf8_next_char (line));
  return g_unichar_isupper (c) || g_unichar_istitle (c) || g_unichar_isdigit (c)
         || (g_unichar_isalpha (c) && !g_unichar_islower (c));
}

static gboolean
has_digit (const char *line)
{
  for (const char *p = line; *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

/* Words a site prints around every story; matched at word starts, in a
 * short line only. */
static GRegex *
furniture_regex (void)
{
  static gsize once;
  static GRegex *regex;

  if (g_once_init_enter (&once))
    {
      regex = g_regex_new (
        "(?i)(?<!\\w)("
        /* English */
        "subscribe|subscription|sign up|sign in|log in|newsletter|cookies?|comments?\\b|share\\b|"
        "share this|skip to|advertisement|follow us|read more|related stories|most read|"
        "read also|see also|privacy|all rights reserved|download (?:the|our) app|accept all|"
        "listen to this|print this|"
        /* Russian */
        "подпис|рассылк|куки|коммент|поделит|войти|реклама|читайте также|самое читаемое|"
        "все права защищены|главная|читать далее|"
        /* German, French, Spanish */
        "abonnieren|anmelden|kommentare|teilen|s'abonner|abonnez|commentaires|partager|"
        "se connecter|suscr[ií]b|comentarios|compartir|iniciar sesi[oó]n"
        ")", G_REGEX_OPTIMIZE, 0, NULL);

      g_once_init_leave (&once, 1);
    }
  return regex;
}

gboolean
byline_text_is_furniture_phrase (const char *line)
{
  guint words = byline_text_count_words (line);

  /* A cookie notice runs long; a paragraph about cookies runs longer */
  if (words > 40)
    return FALSE;
  if (words > 10 && !g_regex_match_simple ("(?i)cookie|куки|newsletter|рассылк|подпишитесь|subscribe", line, 0, 0))
    return FALSE;
  return g_regex_match (furniture_regex (), line, 0, NULL);
}

char *
byline_text_match_byline (const char *line)
{
  g_autoptr(GRegex) regex = g_regex_new (
    "^\\s*(?:by|от|автор[ыи]?:?|текст:|von|par|por|door|av)\\s+(.+?)\\s*$",
    G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *names = NULL;
  char *cut;

  if (!g_regex_match (regex, line, 0, &match))
    return NULL;

  names = g_match_info_fetch (match, 1);
  /* "By Jane Doe, 14 March 2024" or "By Jane Doe | Coast" */
  for (cut = names; *cut; cut++)
    if (*cut == '|' || g_str_has_prefix (cut, "•") || (*cut == ',' && has_digit (cut)))
      {
        *cut = '\0';
        break;
      }
  g_strstrip (names);

  /* A name is a few capitalised words, not a sentence */
  if (*names == '\0' || byline_text_count_words (names) > 8 || !starts_upper (names) || ends_sentence (names))
    return NULL;
  return g_steal_pointer (&names);
}

static int
month_from_name (const char *name)
{
  static const struct { const char *stem; int month; } stems[] = {
    { "jan", 1 }, { "feb", 2 }, { "févr", 2 }, { "fév", 2 }, { "mär", 3 }, { "mar", 3 },
    { "apr", 4 }, { "avr", 4 }, { "abr", 4 }, { "may", 5 }, { "mai", 5 },
    { "juin", 6 }, { "juil", 7 }, { "jun", 6 }, { "jul", 7 }, { "aug", 8 }, { "août", 8 },
    { "ago", 8 }, { "sep", 9 }, { "oct", 10 }, { "okt", 10 }, { "nov", 11 }, { "dec", 12 },
    { "dez", 12 }, { "déc", 12 }, { "dic", 12 }, { "ene", 1 },
    { "январ", 1 }, { "феврал", 2 }, { "март", 3 }, { "апрел", 4 }, { "мая", 5 },
    { "май", 5 }, { "июн", 6 }, { "июл", 7 }, { "август", 8 }, { "сентябр", 9 },
    { "октябр", 10 }, { "ноябр", 11 }, { "декабр", 12 },
  };
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
    if (g_str_has_prefix (lower, stems[i].stem))
      return stems[i].month;
  return 0;
}

static int
fetch_named_int (GMatchInfo *match,
                 const char *name)
{
  g_autofree char *text = g_match_info_fetch_named (match, name);

  return text != NULL && *text ? atoi (text) : 0;
}

char *
byline_text_match_date (const char *line)
{
  static const char * const patterns[] = {
    /* 2024-03-14 10:15 */
    "(?<y>\\d{4})-(?<m>\\d{2})-(?<d>\\d{2})(?:[T ]+(?<H>\\d{1,2}):(?<M>\\d{2}))?",
    /* 14.03.2024, 10:15 (day first, as everywhere but the US) */
    "(?<d>\\d{1,2})[./](?<m>\\d{1,2})[./](?<y>\\d{4})(?:[,\\s]+(?<H>\\d{1,2}):(?<M>\\d{2}))?",
    /* 14 March 2024, 10:15 · 14 марта 2024 в 10:15 */
    "(?<d>\\d{1,2})\\.?\\s+(?<n>\\p{L}{3,})\\.?\\s+(?<y>\\d{4})(?:\\s*г\\.)?(?:[,\\s]+(?:at\\s+|в\\s+|um\\s+|à\\s+)?(?<H>\\d{1,2})[:.](?<M>\\d{2}))?",
    /* March 14, 2024 10:15 */
    "(?<n>\\p{L}{3,})\\.?\\s+(?<d>\\d{1,2}),?\\s+(?<y>\\d{4})(?:[,\\s]+(?:at\\s+)?(?<H>\\d{1,2}):(?<M>\\d{2}))?",
  };

  if (byline_text_count_words (line) > 12)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (patterns[i], G_REGEX_DUPNAMES, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;
      g_autoptr(GDateTime) time = NULL;
      g_autofree char *month_name = NULL;
      int year, month, day, hour, minute;

      if (!g_regex_match (regex, line, 0, &match))
        continue;

      year = fetch_named_int (match, "y");
      day = fetch_named_int (match, "d");
      month_name = g_match_info_fetch_named (match, "n");
      if (month_name != NULL && *month_name)
        month = month_from_name (month_name);
      else
        month = fetch_named_int (match, "m");
      hour = fetch_named_int (match, "H");
      minute = fetch_named_int (match, "M");

      if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200 || hour > 23 || minute > 59)
        continue;
      /* The page rarely says its zone: taken as UTC, to the minute */
      time = g_date_time_new_utc (year, month, day, hour, minute, 0);
      if (time == NULL)
        continue;
      return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
    }
  return NULL;
}

gboolean
byline_text_match_credit (const char  *line,
                          char       **caption,
                          char       **credit)
{
  g_autoptr(GRegex) prefix = g_regex_new (
    "^\\s*(?:photo(?:graph)?|picture|image|credit|illustration|фото(?:графия)?|иллюстрация|"
    "снимок|foto|bild|crédit|crédito)\\s*:\\s*(.+)$", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *copyright;

  *caption = NULL;
  *credit = NULL;

  if (byline_text_count_words (line) > 40)
    return FALSE;

  if (g_regex_match (prefix, line, 0, &match))
    {
      *credit = g_strstrip (g_match_info_fetch (match, 1));
      return TRUE;
    }

  copyright = strstr (line, "©");
  if (copyright == NULL)
    copyright = strstr (line, "(c) ");
  if (copyright == NULL)
    return FALSE;

  if (copyright != line)
    {
      g_autofree char *before = g_strstrip (g_strndup (line, copyright - line));

      /* A caption and its credit on one line */
      if (byline_text_count_words (before) < 3)
        return FALSE;
      *caption = g_steal_pointer (&before);
    }
  *credit = g_strstrip (g_strdup (copyright));
  return TRUE;
}

static gboolean
counts_as_script (GUnicodeScript script)
{
  return script != G_UNICODE_SCRIPT_COMMON && script != G_UNICODE_SCRIPT_INHERITED
         && script != G_UNICODE_SCRIPT_UNKNOWN;
}

GUnicodeScript
byline_text_dominant_script (const char *text)
{
  guint counts[256] = { 0 };
  guint best = 0;
  GUnicodeScript dominant = G_UNICODE_SCRIPT_LATIN;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script;

      if (!g_unichar_isalpha (c))
        continue;
      script = g_unichar_get_script (c);
      if (counts_as_script (script) && (guint) script < G_N_ELEMENTS (counts))
        counts[script]++;
    }

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (counts[i] > best)
      {
        best = counts[i];
        dominant = (GUnicodeScript) i;
      }
  return dominant;
}

gboolean
byline_text_in_other_script (const char     *line,
                             GUnicodeScript  script)
{
  guint same = 0, other = 0;

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript found;

      if (!g_unichar_isalpha (c))
        continue;
      found = g_unichar_get_script (c);
      if (!counts_as_script (found))
        continue;
      if (found == script)
        same++;
      else
        other++;
    }
  return other >= 2 && other > same;
}

static guint
count_common_words (const char         *text,
                    const char * const *words)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_auto(GStrv) tokens = g_regex_split_simple ("[^\\p{L}']+", lower, 0, 0);
  guint n = 0;

  for (guint i = 0; tokens[i]; i++)
    if (g_strv_contains (words, tokens[i]))
      n++;
  return n;
}

char *
byline_text_guess_language (const char *text)
{
  static const char * const en[] = { "the", "and", "of", "to", "in", "is", "was", "said", "for", "with", NULL };
  static const char * const de[] = { "der", "die", "und", "das", "nicht", "mit", "ist", "sich", "auf", "dem", NULL };
  static const char * const fr[] = { "le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui", NULL };
  static const char * const es[] = { "el", "los", "las", "y", "que", "del", "una", "por", "con", "para", NULL };
  static const struct { const char *tag; const char * const *words; } latin[] = {
    { "en", en }, { "de", de }, { "fr", fr }, { "es", es },
  };
  GUnicodeScript script = byline_text_dominant_script (text);
  const char *best = NULL;
  guint best_count = 0;

  switch (script)
    {
    case G_UNICODE_SCRIPT_CYRILLIC:
      /* Letters only Ukrainian uses */
      if (g_regex_match_simple ("[іїєґІЇЄҐ]", text, 0, 0))
        return g_strdup ("uk");
      return g_strdup ("ru");
    case G_UNICODE_SCRIPT_GREEK:
      return g_strdup ("el");
    case G_UNICODE_SCRIPT_ARABIC:
      return g_strdup ("ar");
    case G_UNICODE_SCRIPT_HEBREW:
      return g_strdup ("he");
    case G_UNICODE_SCRIPT_GEORGIAN:
      return g_strdup ("ka");
    case G_UNICODE_SCRIPT_LATIN:
      for (guint i = 0; i < G_N_ELEMENTS (latin); i++)
        {
          guint n = count_common_words (text, latin[i].words);
          if (n > best_count)
            {
              best_count = n;
              best = latin[i].tag;
            }
        }
      return best_count >= 3 ? g_strdup (best) : NULL;
    default:
      return NULL;
    }
}

/* Reading */

typedef enum
{
  LINE_TEXT,
  LINE_CREDIT,
  LINE_BYLINE,
  LINE_DATE,
} LineKind;

typedef struct
{
  char       *text;
  LineKind    kind;
  char       *value;      /* the byline's names, the date as ISO, the credit */
  char       *caption;    /* a caption before the credit, on the same line */
  guint       words;
  gboolean    sentence;   /* ends like a sentence */
  gboolean    furniture;
  double      furniture_confidence;
  const char *furniture_reason;
} Line;

static void
line_clear (Line *line)
{
  g_free (line->text);
  g_free (line->value);
  g_free (line->caption);
}

/* A label: a section name, a menu entry */
static gboolean
is_short (const Line *line)
{
  return line->kind == LINE_TEXT && line->words <= 3 && g_utf8_strlen (line->text, -1) <= 30
         && !line->sentence;
}

static gboolean
is_headline_like (const Line *line)
{
  gunichar last = last_char (line->text);

  return line->kind == LINE_TEXT && line->words >= 3 && line->words <= 25
         && starts_upper (line->text)
         && (!line->sentence || last == '?' || last == '!')
         && last != ',' && last != ':';
}

static gboolean
is_paragraph_like (const Line *line)
{
  return line->kind == LINE_TEXT && ((line->sentence && line->words >= 6) || line->words > 25);
}

static gboolean
is_section_like (const Line *line)
{
  return is_short (line) && starts_upper (line->text) && !has_digit (line->text);
}

typedef struct
{
  BylineImportResult *result;
  GArray             *lines;
  guint               i;
  gboolean            have_lead_credit;
  gboolean            caption_next;     /* the line after a credit may be its caption */
  BylineImportDecision *pending_photo;  /* a body photo waiting for its caption */
  guint               n_paragraphs;
  BylineImportDecision *last;           /* the latest body paragraph decision */
} Reader;

static Line *
line_at (Reader *reader,
         guint   i)
{
  return i < reader->lines->len ? &g_array_index (reader->lines, Line, i) : NULL;
}

/* The next line that is not furniture, after @i */
static Line *
next_content (Reader *reader,
              guint   i)
{
  for (guint j = i + 1; j < reader->lines->len; j++)
    if (!g_array_index (reader->lines, Line, j).furniture)
      return &g_array_index (reader->lines, Line, j);
  return NULL;
}

static gboolean
paragraph_follows (Reader *reader,
                   guint   i)
{
  for (guint j = i + 1; j < reader->lines->len; j++)
    {
      Line *line = line_at (reader, j);
      if (!line->furniture && is_paragraph_like (line))
        return TRUE;
    }
  return FALSE;
}

static void
classify_lines (Reader         *reader,
                GUnicodeScript  script)
{
  guint run_start = 0, run_length = 0;

  for (guint i = 0; i < reader->lines->len; i++)
    {
      Line *line = line_at (reader, i);
      g_autofree char *caption = NULL;
      g_autofree char *credit = NULL;

      line->words = byline_text_count_words (line->text);
      line->sentence = ends_sentence (line->text);

      if (byline_text_match_credit (line->text, &caption, &credit))
        {
          line->kind = LINE_CREDIT;
          line->value = g_steal_pointer (&credit);
          line->caption = g_steal_pointer (&caption);
        }
      else if ((line->value = byline_text_match_byline (line->text)))
        line->kind = LINE_BYLINE;
      else if ((line->value = byline_text_match_date (line->text)))
        line->kind = LINE_DATE;
      else if (byline_text_is_furniture_phrase (line->text))
        {
          line->furniture = TRUE;
          line->furniture_confidence = 0.9;
          line->furniture_reason = N_("a site’s prompt (subscribe, share, comments, cookies…)");
        }
      else if (byline_text_in_other_script (line->text, script))
        {
          line->furniture = TRUE;
          line->furniture_confidence = 0.85;
          line->furniture_reason = N_("in another script than the article");
        }
    }

  /* Navigation: three or more labels in a row.  The last label before a
   * headline is a section name, not a menu entry. */
  for (guint i = 0; i <= reader->lines->len; i++)
    {
      Line *line = line_at (reader, i);

      if (line != NULL && (is_short (line) || (line->furniture && line->words <= 4)))
        {
          if (run_length++ == 0)
            run_start = i;
          continue;
        }

      if (run_length >= 3)
        {
          guint end = run_start + run_length;
          Line *after = line_at (reader, end);

          if (after != NULL && is_headline_like (after) && !line_at (reader, end - 1)->furniture)
            end--;
          for (guint j = run_start; j < end; j++)
            {
              Line *member = line_at (reader, j);
              if (!member->furniture)
                {
                  member->furniture = TRUE;
                  member->furniture_confidence = 0.85;
                  member->furniture_reason = N_("part of a list of short links (navigation)");
                }
            }
        }
      run_length = 0;
    }
}

static void
add_paragraph (Reader     *reader,
               const char *text)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);

  reader->last = byline_import_result_add_block (reader->result, BYLINE_IMPORT_ROLE_BODY, block, text, 1.0, NULL);
  reader->n_paragraphs++;
}

/* The paragraph just read turns out to be a caption: take it back */
static char *
take_back_last_paragraph (Reader *reader)
{
  GPtrArray *decisions = byline_import_result_get_decisions (reader->result);
  char *text;

  if (reader->last == NULL || decisions->len == 0
      || g_ptr_array_index (decisions, decisions->len - 1) != reader->last
      || byline_text_count_words (byline_import_decision_get_text (reader->last)) > 30)
    return NULL;

  text = g_strdup (byline_import_decision_get_text (reader->last));
  g_ptr_array_remove_index (decisions, decisions->len - 1);
  reader->last = NULL;
  reader->n_paragraphs--;
  return text;
}

static void
read_credit (Reader *reader,
             Line   *line)
{
  g_autofree char *caption = line->caption ? g_strdup (line->caption) : take_back_last_paragraph (reader);
  double confidence = g_str_has_prefix (line->value, "©") ? 0.95 : 0.85;

  if (!reader->have_lead_credit && reader->n_paragraphs <= 1)
    {
      reader->have_lead_credit = TRUE;
      if (caption != NULL)
        byline_import_result_add_text (reader->result, BYLINE_IMPORT_ROLE_CAPTION, caption, NULL,
                                       line->caption ? 0.85 : 0.7,
                                       _("the line beside the photo credit"));
      byline_import_result_add_text (reader->result, BYLINE_IMPORT_ROLE_CREDIT, line->text, line->value,
                                     confidence, _("has the shape of a photo credit"));
      reader->caption_next = caption == NULL;
      return;
    }

  /* A photo inside the story: its caption and credit, without the photo
   * (the journalist attaches it) */
  {
    g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_IMAGE);
    g_autoptr(BylineImage) image = byline_image_new ();
    g_autofree char *text = caption ? g_strconcat (caption, "\n", line->text, NULL) : g_strdup (line->text);

    byline_image_set_caption (image, caption);
    byline_image_set_credit (image, line->value);
    byline_block_set_image (block, image);
    reader->pending_photo = byline_import_result_add_block (reader->result, BYLINE_IMPORT_ROLE_PHOTO, block, text, 0.7,
                                                            _("a photo credit between paragraphs"));
    reader->caption_next = caption == NULL;
  }
}

static gboolean
could_be_caption (const Line *line)
{
  return line->kind == LINE_TEXT && line->words >= 3 && line->words <= 30 && line->sentence;
}

/* Right after a credit without a caption before it */
static gboolean
read_caption_after_credit (Reader *reader,
                           Line   *line)
{
  reader->caption_next = FALSE;
  if (!could_be_caption (line))
    return FALSE;

  if (reader->pending_photo != NULL)
    {
      BylineBlock *block = byline_import_decision_get_block (reader->pending_photo);
      g_autofree char *text = g_strconcat (byline_import_decision_get_text (reader->pending_photo), "\n", line->text, NULL);
      g_autoptr(BylineImportDecision) replacement = NULL;
      GPtrArray *decisions = byline_import_result_get_decisions (reader->result);
      guint index;

      byline_image_set_caption (byline_block_get_image (block), line->text);
      replacement = byline_import_decision_new_block (BYLINE_IMPORT_ROLE_PHOTO, block, text, 0.7,
                                                      byline_import_decision_get_reason (reader->pending_photo));
      if (g_ptr_array_find (decisions, reader->pending_photo, &index))
        {
          g_object_unref (g_ptr_array_index (decisions, index));
          g_ptr_array_index (decisions, index) = g_steal_pointer (&replacement);
        }
      reader->pending_photo = NULL;
      return TRUE;
    }

  byline_import_result_add_text (reader->result, BYLINE_IMPORT_ROLE_CAPTION, line->text, NULL, 0.7,
                                 _("the line after the photo credit"));
  return TRUE;
}

BylineImportResult *
byline_page_text_read (const char *text,
                       gssize      length)
{
  g_autoptr(BylineImportResult) result = byline_import_result_new (BYLINE_IMPORT_KIND_TEXT);
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_autofree char *copy = NULL;
  g_autofree char *language = NULL;
  g_auto(GStrv) raw = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("[\\s\\x{00A0}\\x{2007}\\x{202F}]+", 0, 0, NULL);
  GUnicodeScript script;
  Reader reader = { 0 };
  enum { BEFORE_HEADLINE, AFTER_HEADLINE, BODY } state = BEFORE_HEADLINE;
  gboolean have_standfirst = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  copy = g_utf8_make_valid (text, length);

  g_array_set_clear_func (lines, (GDestroyNotify) line_clear);
  raw = g_regex_split_simple ("\\r?\\n|\\r", copy, 0, 0);
  for (guint i = 0; raw[i]; i++)
    {
      Line line = { 0 };

      /* Non-breaking and other spaces as plain spaces */
      line.text = g_strstrip (g_regex_replace_literal (spaces, raw[i], -1, 0, " ", 0, NULL));
      if (*line.text == '\0')
        {
          g_free (line.text);
          continue;
        }
      g_array_append_val (lines, line);
    }

  script = byline_text_dominant_script (copy);
  reader.result = result;
  reader.lines = lines;
  classify_lines (&reader, script);

  language = byline_text_guess_language (copy);
  if (language != NULL)
    byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_LANGUAGE, language, NULL, 0.85,
                                   _("from the letters and common words"));

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = line_at (&reader, i);
      Line *next = next_content (&reader, i);

      if (line->furniture)
        {
          byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_FURNITURE, line->text, NULL,
                                         line->furniture_confidence, _(line->furniture_reason));
          continue;
        }

      if (line->kind == LINE_CREDIT)
        {
          reader.caption_next = FALSE;
          reader.pending_photo = NULL;
          read_credit (&reader, line);
          if (state == AFTER_HEADLINE)
            state = BODY;
          continue;
        }

      if (reader.caption_next)
        {
          gboolean taken = read_caption_after_credit (&reader, line);

          reader.pending_photo = NULL;
          if (taken)
            continue;
        }

      if (line->kind == LINE_BYLINE && reader.n_paragraphs <= 1)
        {
          byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_BYLINE, line->text, line->value, 0.9,
                                         _("starts like a byline (“By …”)"));
          if (state == AFTER_HEADLINE)
            state = BODY;
          continue;
        }

      if (line->kind == LINE_DATE && reader.n_paragraphs <= 1)
        {
          byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_DATE, line->text, line->value, 0.85,
                                         _("a date on a line of its own"));
          if (state == AFTER_HEADLINE)
            state = BODY;
          continue;
        }

      if (state == BEFORE_HEADLINE)
        {
          if (is_section_like (line) && next != NULL && is_headline_like (next))
            {
              byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_SECTION, line->text, NULL, 0.75,
                                             _("a short label above the headline"));
              continue;
            }
          if (is_headline_like (line))
            {
              gboolean followed = next != NULL && (next->kind != LINE_TEXT || is_paragraph_like (next));

              byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_HEADLINE, line->text, NULL,
                                             followed ? 0.85 : 0.7,
                                             _("the first line shaped like a headline"));
              state = AFTER_HEADLINE;
              continue;
            }
          if (!is_paragraph_like (line))
            {
              byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_FURNITURE, line->text, NULL, 0.55,
                                             _("above the headline"));
              continue;
            }
          state = BODY;
        }

      if (state == AFTER_HEADLINE)
        {
          state = BODY;
          if (!have_standfirst && line->sentence && line->words >= 6)
            {
              gboolean before_meta = next != NULL && next->kind != LINE_TEXT;

              have_standfirst = TRUE;
              byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_STANDFIRST, line->text, NULL,
                                             before_meta ? 0.8 : 0.6,
                                             _("the paragraph right under the headline"));
              /* Byline, date and credit may still follow */
              continue;
            }
        }

      /* The body */
      if (is_section_like (line) && next != NULL && is_headline_like (next) && next->words >= 4
          && reader.n_paragraphs > 0)
        {
          g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_CARD);
          g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
          g_autofree char *card_text = g_strconcat (line->text, "\n", next->text, NULL);
          gboolean at_end = !paragraph_follows (&reader, i + 1);
          guint j = i + 1;

          /* Furniture between the two lines is listed before the card */
          for (; j < lines->len && line_at (&reader, j) != next; j++)
            byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_FURNITURE, line_at (&reader, j)->text, NULL,
                                           line_at (&reader, j)->furniture_confidence,
                                           _(line_at (&reader, j)->furniture_reason));

          byline_story_ref_set_section (ref, line->text);
          byline_story_ref_set_headline (ref, next->text);
          byline_block_set_story_ref (block, ref);
          byline_import_result_add_block (result, at_end ? BYLINE_IMPORT_ROLE_RELATED : BYLINE_IMPORT_ROLE_CARD,
                                          block, card_text, at_end ? 0.7 : 0.75,
                                          at_end ? _("a section name and a headline after the story")
                                                 : _("a section name and a headline between paragraphs"));
          i = j;
          continue;
        }

      if (reader.n_paragraphs > 0 && is_headline_like (line) && line->words <= 12 && paragraph_follows (&reader, i))
        {
          g_autoptr(BylineBlock) block = byline_block_new (BYLINE_BLOCK_SUBHEADING);

          byline_block_set_text (block, line->text);
          byline_import_result_add_block (result, BYLINE_IMPORT_ROLE_SUBHEADING, block, line->text, 0.6,
                                          _("a short line between paragraphs"));
          continue;
        }

      if (is_short (line))
        {
          byline_import_result_add_text (result, BYLINE_IMPORT_ROLE_FURNITURE, line->text, NULL, 0.6,
                                         _("a very short line, probably a link"));
          continue;
        }

      add_paragraph (&reader, line->text);
    }

  return g_steal_pointer (&result);
}
