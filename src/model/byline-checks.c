/* byline-checks.c: the questions an editor asks before a story goes to the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-checks"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "byline-article-format.h"
#include "byline-article-snapshot.h"
#include "byline-checks.h"
#include "byline-story-ref.h"
#include "byline-image-flags.h"

/* Quoted passages and brackets are looked for in these code points. */
#define LEFT_DOUBLE   0x201C   /* “ */
#define RIGHT_DOUBLE  0x201D   /* ” */
#define LOW_DOUBLE    0x201E   /* „ opens, “ closes (Russian inner, German) */
#define LEFT_GUILL    0x00AB   /* « */
#define RIGHT_GUILL   0x00BB   /* » */
#define LEFT_SINGLE   0x2018   /* ‘ */
#define RIGHT_SINGLE  0x2019   /* ’ also the apostrophe */

/* Doubled words that are grammatical far more often than they are typos
 * in edited copy ("he said that that was wrong", "she had had enough"):
 * never flagged. */
static const char * const allowed_doubles[] = { "that", "had", NULL };

/* Words that attribute speech in a paragraph ("…,” she said).  English
 * and Russian, lowercase. */
static const char * const attribution_words[] = {
  "said", "says", "say", "told", "tells", "asked", "asks", "added", "adds",
  "explained", "explains", "according", "wrote", "writes", "replied",
  "stated", "states", "insisted", "argued", "noted", "warned", "recalled",
  "admitted", "claimed", "commented", "quoted", "announced", "confirmed",
  "сказал", "сказала", "сказали", "говорит", "говорят", "заявил",
  "заявила", "заявили", "отметил", "отметила", "словам", "сообщил",
  "сообщила", "добавил", "добавила", "пояснил", "пояснила", "рассказал",
  "рассказала", "считает", "уверен", "уверена",
  NULL
};

typedef struct
{
  BylineArticle            *article;
  const BylineCheckOptions *options;
  GPtrArray                *items;
} Run;

/* A block's text as code points, so offsets are the model's. */
typedef struct
{
  gunichar *chars;
  glong     n;
} Text;

static void
text_init (Text       *text,
           const char *utf8)
{
  text->chars = g_utf8_to_ucs4_fast (utf8, -1, &text->n);
}

static void
text_clear (Text *text)
{
  g_clear_pointer (&text->chars, g_free);
  text->n = 0;
}

/* "kind:hash": what the check is and a stable hash of what it is about. */
static char *
make_id (BylineCheckKind  kind,
         const char      *suffix,
         const char      *subject)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, subject, -1);

  return g_strdup_printf ("%s%s%s:%.12s", byline_check_kind_to_string (kind),
                          suffix != NULL ? "-" : "", suffix != NULL ? suffix : "", sum);
}

static void
add_item (Run                 *run,
          BylineCheckKind      kind,
          const char          *id_suffix,
          BylineCheckSeverity  severity,
          const char          *subject,
          const char          *message,
          const char          *field,
          int                  block,
          guint                start,
          guint                end,
          int                  image_index)
{
  g_autofree char *id = make_id (kind, id_suffix, subject);
  BylineCheckItem *item = byline_check_item_new (kind, severity, id, message, field,
                                                 block, start, end, image_index);

  byline_check_item_set_dismissed (item, byline_article_is_check_dismissed (run->article, id));
  g_ptr_array_add (run->items, item);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The start of @text on one line, at most @max_chars, "…" when cut. */
static char *
excerpt (const char *text,
         guint       max_chars)
{
  const char *end = text;
  GString *out;

  for (guint n = 0; *end != '\0' && n < max_chars; n++)
    end = g_utf8_next_char (end);

  out = g_string_new_len (text, end - text);
  for (gsize i = 0; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20)
      out->str[i] = ' ';
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (*end != '\0')
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* How the journalist finds a block: "Paragraph 3 (“The minister…”)". */
static char *
block_where (BylineBlockKind  kind,
             guint            number,
             const char      *text)
{
  g_autofree char *start = NULL;

  /* Without its own opening quotation mark: it goes inside “…” */
  if (text != NULL)
    while (g_utf8_get_char (text) == LEFT_DOUBLE || g_utf8_get_char (text) == LEFT_GUILL ||
           g_utf8_get_char (text) == LOW_DOUBLE || *text == '"')
      text = g_utf8_next_char (text);
  if (text != NULL && !is_blank (text))
    start = excerpt (text, 28);

  switch (kind)
    {
    case BYLINE_BLOCK_QUOTE:
      return start ? g_strdup_printf (_("Quote %u (“%s”)"), number, start)
                   : g_strdup_printf (_("Quote %u"), number);
    case BYLINE_BLOCK_SUBHEADING:
      return start ? g_strdup_printf (_("Subheading %u (“%s”)"), number, start)
                   : g_strdup_printf (_("Subheading %u"), number);
    case BYLINE_BLOCK_IMAGE:
      return start ? g_strdup_printf (_("Image %u (“%s”)"), number, start)
                   : g_strdup_printf (_("Image %u"), number);
    case BYLINE_BLOCK_PARAGRAPH:
    default:
      return start ? g_strdup_printf (_("Paragraph %u (“%s”)"), number, start)
                   : g_strdup_printf (_("Paragraph %u"), number);
    }
}

/* Headline and SEO title */

/* "Headline: 75 characters, 5 over the Sport desk’s limit of 70" */
static char *
headline_message (const BylineCheckOptions *options,
                  guint                     n,
                  gboolean                  hint)
{
  guint max = options->headline_max_chars;
  const char *name = options->limits_name;

  switch (name != NULL ? options->limits_from : BYLINE_LIMITS_FROM_DEFAULT)
    {
    case BYLINE_LIMITS_FROM_SECTION:
      /* Translators: %3$s is a section ("Sport"), %4$u its limit */
      return hint ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Too long: %1$u character, %2$u over the %3$s desk’s limit of %4$u",
                                                  "Too long: %1$u characters, %2$u over the %3$s desk’s limit of %4$u",
                                                  n),
                                     n, n - max, name, max)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Headline: %1$u character, %2$u over the %3$s desk’s limit of %4$u",
                                                  "Headline: %1$u characters, %2$u over the %3$s desk’s limit of %4$u",
                                                  n),
                                     n, n - max, name, max);
    case BYLINE_LIMITS_FROM_ACCOUNT:
      /* Translators: %3$s is an account's name ("Desk"), %4$u its limit */
      return hint ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Too long: %1$u character, %2$u over the limit of %4$u for the account “%3$s”",
                                                  "Too long: %1$u characters, %2$u over the limit of %4$u for the account “%3$s”",
                                                  n),
                                     n, n - max, name, max)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Headline: %1$u character, %2$u over the limit of %4$u for the account “%3$s”",
                                                  "Headline: %1$u characters, %2$u over the limit of %4$u for the account “%3$s”",
                                                  n),
                                     n, n - max, name, max);
    case BYLINE_LIMITS_FROM_DEFAULT:
    default:
      return hint ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Too long: %u character, %u over the newsroom’s limit of %u",
                                                  "Too long: %u characters, %u over the newsroom’s limit of %u",
                                                  n),
                                     n, n - max, max)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Headline: %u character, %u over the limit of %u",
                                                  "Headline: %u characters, %u over the limit of %u",
                                                  n),
                                     n, n - max, max);
    }
}

static void
check_headline (Run *run)
{
  const char *headline = byline_article_get_headline (run->article);
  guint max = run->options->headline_max_chars;
  guint n = g_utf8_strlen (headline, -1);
  g_autofree char *message = NULL;

  if (max == 0 || n <= max)
    return;

  message = headline_message (run->options, n, FALSE);
  add_item (run, BYLINE_CHECK_HEADLINE_LENGTH, NULL, BYLINE_CHECK_SEVERITY_ERROR,
            headline, message, "headline", -1, max, n, -1);
}

static void
check_seo_title (Run *run)
{
  const BylineCheckOptions *options = run->options;
  const char *seo_title = byline_article_get_seo_title (run->article);
  gboolean uses_headline = is_blank (seo_title);
  const char *text = uses_headline ? byline_article_get_headline (run->article) : seo_title;
  const char *field = uses_headline ? "headline" : "seo-title";
  const char *what = uses_headline ? _("SEO title (the headline, as there is no SEO title)")
                                   : _("SEO title");
  guint n = g_utf8_strlen (text, -1);
  g_autofree char *message = NULL;

  if (is_blank (text))
    return;

  if (options->measure != NULL && options->seo_title_max_width > 0)
    {
      guint fit = n;
      double width = options->measure (text, options->seo_title_max_width, &fit,
                                       options->measure_data);

      if (width > options->seo_title_max_width)
        {
          const char *cut = g_utf8_offset_to_pointer (text, MIN (fit, n));
          g_autofree char *shown = g_strndup (text, cut - text);

          message = g_strdup_printf (_("%s: %u px wide, more than the %u px search results show; "
                                       "it will be cut to “%s…”"),
                                     what, (guint) (width + 0.5), options->seo_title_max_width,
                                     g_strchomp (shown));
          add_item (run, BYLINE_CHECK_SEO_TITLE_LENGTH, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                    text, message, field, -1, MIN (fit, n), n, -1);
          return;
        }
    }

  if (options->seo_title_max_chars > 0 && n > options->seo_title_max_chars)
    {
      /* Translators: the first %s is "SEO title" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s: %u character, more than the %u search results show",
                                              "%s: %u characters, more than the %u search results show",
                                              n),
                                 what, n, options->seo_title_max_chars);
      add_item (run, BYLINE_CHECK_SEO_TITLE_LENGTH, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                text, message, field, -1, options->seo_title_max_chars, n, -1);
    }
}

static void
check_standfirst (Run *run)
{
  if (!is_blank (byline_article_get_standfirst (run->article)))
    return;

  add_item (run, BYLINE_CHECK_NO_STANDFIRST, NULL, BYLINE_CHECK_SEVERITY_WARNING,
            "", _("Standfirst: missing; it is also the summary search results and social cards show"),
            "standfirst", -1, 0, 0, -1);
}

/* Images */

static const char *
image_flag_name (BylineImageFlags flag)
{
  switch (flag)
    {
    case BYLINE_IMAGE_FLAG_NO_ALT: return "no-alt";
    case BYLINE_IMAGE_FLAG_NO_CREDIT: return "no-credit";
    case BYLINE_IMAGE_FLAG_ALT_IS_CAPTION: return "alt-is-caption";
    case BYLINE_IMAGE_FLAG_CREDIT_SUSPICIOUS: return "credit-suspicious";
    case BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT: return "caption-too-short";
    case BYLINE_IMAGE_FLAG_NONE:
    default: return "none";
    }
}

static void
check_image (Run         *run,
             BylineImage *image,
             const char  *where,
             const char  *field,
             int          block,
             int          image_index)
{
  BylineImageFlags flags = byline_image_get_flags (image);

  for (guint bit = 0; bit < 5; bit++)
    {
      BylineImageFlags flag = 1 << bit;
      g_autofree char *message = NULL;
      g_autofree char *subject = NULL;

      if (!(flags & flag))
        continue;

      message = g_strdup_printf ("%s: %s", where, byline_image_flag_describe (flag));
      /* The photo and the text the flag is about */
      subject = g_strdup_printf ("%s\n%s\n%s\n%s", byline_image_get_src (image),
                                 byline_image_get_caption (image),
                                 byline_image_get_credit (image),
                                 byline_image_get_alt (image));
      add_item (run, BYLINE_CHECK_IMAGE, image_flag_name (flag),
                flag == BYLINE_IMAGE_FLAG_NO_ALT ? BYLINE_CHECK_SEVERITY_ERROR
                                                 : BYLINE_CHECK_SEVERITY_WARNING,
                subject, message, field, block, 0, 0, image_index);
    }
}

/* Words */

static gboolean
is_word_char (const Text *text,
              glong       i)
{
  gunichar c = text->chars[i];

  if (g_unichar_isalnum (c) || g_unichar_ismark (c))
    return TRUE;
  /* don't, state-of-the-art: joining marks between two letters */
  return (c == '\'' || c == RIGHT_SINGLE || c == '-') &&
         i > 0 && i + 1 < text->n &&
         g_unichar_isalnum (text->chars[i - 1]) && g_unichar_isalnum (text->chars[i + 1]);
}

/* The next word at or after *@pos: [*start, *end). */
static gboolean
next_word (const Text *text,
           glong      *pos,
           glong      *start,
           glong      *end)
{
  glong i = *pos;

  while (i < text->n && !is_word_char (text, i))
    i++;
  if (i >= text->n)
    return FALSE;
  *start = i;
  while (i < text->n && is_word_char (text, i))
    i++;
  *end = i;
  *pos = i;
  return TRUE;
}

static char *
word_lower (const Text *text,
            glong       start,
            glong       end)
{
  g_autofree char *utf8 = g_ucs4_to_utf8 (text->chars + start, end - start, NULL, NULL, NULL);

  return g_utf8_strdown (utf8, -1);
}

static guint
count_words_between (const Text *text,
                     glong       from,
                     glong       to)
{
  Text part = { text->chars + from, to - from };
  glong pos = 0, s, e;
  guint n = 0;

  while (next_word (&part, &pos, &s, &e))
    n++;
  return n;
}

static void
check_doubled_words (Run        *run,
                     const char *utf8,
                     const Text *text,
                     const char *where,
                     int         block)
{
  glong pos = 0, start, end;
  glong prev_start = -1, prev_end = -1;

  while (next_word (text, &pos, &start, &end))
    {
      gboolean only_space = prev_end >= 0;
      gboolean same;

      for (glong i = prev_end; only_space && i < start; i++)
        only_space = g_unichar_isspace (text->chars[i]);

      same = only_space && end - start == prev_end - prev_start;
      for (glong i = 0; same && i < end - start; i++)
        same = g_unichar_tolower (text->chars[start + i]) ==
               g_unichar_tolower (text->chars[prev_start + i]);

      if (same && !g_unichar_isdigit (text->chars[start]))
        {
          g_autofree char *word = word_lower (text, start, end);

          if (!g_strv_contains (allowed_doubles, word))
            {
              g_autofree char *message = NULL;
              g_autofree char *subject = g_strdup_printf ("%s\n%ld", utf8, start);
              g_autofree char *shown = g_ucs4_to_utf8 (text->chars + prev_start, end - prev_start,
                                                       NULL, NULL, NULL);

              message = g_strdup_printf (_("%s: “%s”, the same word twice"), where, shown);
              add_item (run, BYLINE_CHECK_DOUBLED_WORD, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                        subject, message, "body", block, prev_start, end, -1);
            }
        }

      prev_start = start;
      prev_end = end;
    }
}

/* Quotation marks and brackets */

typedef struct
{
  gunichar open;
  gunichar close;
} Pair;

/* The first mark without a partner in @text, or -1; *@missing says which
 * mark it would need. */
static glong
find_unbalanced (const Text *text,
                 Pair        pair,
                 gboolean   *is_opener)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (glong));

  for (glong i = 0; i < text->n; i++)
    {
      if (text->chars[i] == pair.open)
        g_array_append_val (open, i);
      else if (text->chars[i] == pair.close)
        {
          if (open->len == 0)
            {
              *is_opener = FALSE;
              return i;
            }
          g_array_set_size (open, open->len - 1);
        }
    }

  if (open->len > 0)
    {
      *is_opener = TRUE;
      return g_array_index (open, glong, 0);
    }
  return -1;
}

static gboolean
is_letter_at (const Text *text,
              glong       i)
{
  return i >= 0 && i < text->n && g_unichar_isalnum (text->chars[i]);
}

static void
check_unbalanced (Run        *run,
                  const char *utf8,
                  const Text *text,
                  const char *where,
                  int         block)
{
  gboolean has_low = FALSE;
  Pair pairs[4];
  guint n_straight = 0;
  glong last_straight = -1;
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;
  glong found = -1;

  for (glong i = 0; i < text->n; i++)
    {
      if (text->chars[i] == LOW_DOUBLE)
        has_low = TRUE;
      else if (text->chars[i] == '"')
        {
          n_straight++;
          last_straight = i;
        }
    }

  /* „…“ (Russian inner quotes, German) pairs „ with “; otherwise “…”. */
  pairs[0] = has_low ? (Pair) { LOW_DOUBLE, LEFT_DOUBLE } : (Pair) { LEFT_DOUBLE, RIGHT_DOUBLE };
  pairs[1] = (Pair) { LEFT_GUILL, RIGHT_GUILL };
  pairs[2] = (Pair) { '(', ')' };
  pairs[3] = (Pair) { '[', ']' };

  for (guint p = 0; p < G_N_ELEMENTS (pairs) && found < 0; p++)
    {
      gboolean is_opener = FALSE;
      char open[8] = { 0, }, close[8] = { 0, };

      found = find_unbalanced (text, pairs[p], &is_opener);
      if (found < 0)
        continue;

      g_unichar_to_utf8 (pairs[p].open, open);
      g_unichar_to_utf8 (pairs[p].close, close);
      message = is_opener
        ? g_strdup_printf (_("%s: an opening %s with no closing %s"), where, open, close)
        : g_strdup_printf (_("%s: a closing %s with no opening %s"), where, close, open);
    }

  if (found < 0 && n_straight % 2 == 1)
    {
      found = last_straight;
      message = g_strdup_printf (_("%s: an odd number of \" marks, one has no partner"), where);
    }

  /* ‘ opening a quotation (at a word's start, not an apostrophe) needs a
   * ’ after it that is not an apostrophe inside a word.  Straight ' marks
   * are left alone: they are apostrophes far too often. */
  for (glong i = 0; found < 0 && i < text->n; i++)
    {
      gboolean closed = FALSE;

      if (text->chars[i] != LEFT_SINGLE || is_letter_at (text, i - 1))
        continue;
      for (glong j = i + 1; j < text->n && !closed; j++)
        closed = text->chars[j] == RIGHT_SINGLE &&
                 !(is_letter_at (text, j - 1) && is_letter_at (text, j + 1));
      if (!closed)
        {
          found = i;
          message = g_strdup_printf (_("%s: an opening ‘ with no closing ’"), where);
        }
    }

  if (found < 0)
    return;

  subject = g_strdup_printf ("%s\n%ld", utf8, found);
  add_item (run, BYLINE_CHECK_UNBALANCED, NULL, BYLINE_CHECK_SEVERITY_WARNING,
            subject, message, "body", block, found, found + 1, -1);
}

/* Quoted speech */

static gboolean
has_attribution (const Text *text)
{
  glong pos = 0, start, end;

  while (next_word (text, &pos, &start, &end))
    {
      g_autofree char *word = word_lower (text, start, end);

      if (g_strv_contains (attribution_words, word))
        return TRUE;
    }
  return FALSE;
}

/* The first quoted passage of at least BYLINE_CHECK_SPEECH_MIN_WORDS words:
 * “…”, «…», „…“ or "…". */
static gboolean
find_speech (const Text *text,
             glong      *quote_start,
             glong      *quote_end)
{
  for (glong i = 0; i < text->n; i++)
    {
      gunichar c = text->chars[i];
      gunichar close = c == LEFT_DOUBLE ? RIGHT_DOUBLE :
                       c == LEFT_GUILL ? RIGHT_GUILL :
                       c == LOW_DOUBLE ? LEFT_DOUBLE :
                       c == '"' ? '"' : 0;
      glong j;

      if (close == 0)
        continue;
      for (j = i + 1; j < text->n && text->chars[j] != close; j++)
        ;
      if (j >= text->n)
        return FALSE;
      if (count_words_between (text, i + 1, j) >= BYLINE_CHECK_SPEECH_MIN_WORDS)
        {
          *quote_start = i;
          *quote_end = j + 1;
          return TRUE;
        }
      i = j;
    }
  return FALSE;
}

/* A paragraph ending in ':' introduces the quotation that follows
 * ("The minister said:"). */
static gboolean
introduces_quote (const char *utf8)
{
  g_autofree char *copy = g_strchomp (g_strdup (utf8));
  gsize len = strlen (copy);

  return len > 0 && copy[len - 1] == ':';
}

static void
check_speech (Run        *run,
              const char *utf8,
              const Text *text,
              const char *previous,
              const char *where,
              int         block)
{
  glong start, end;
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;

  if (!find_speech (text, &start, &end) || has_attribution (text))
    return;
  if (previous != NULL && introduces_quote (previous))
    return;

  message = g_strdup_printf (_("%s: a quotation with no “said” or other attribution nearby"), where);
  subject = g_strdup_printf ("%s\n%ld", utf8, start);
  add_item (run, BYLINE_CHECK_QUOTE_UNATTRIBUTED, NULL, BYLINE_CHECK_SEVERITY_WARNING,
            subject, message, "body", block, start, end, -1);
}

/* Links */

static gboolean
is_plain_http (const char *href)
{
  return href != NULL && g_ascii_strncasecmp (href, "http://", 7) == 0;
}

static void
check_links (Run         *run,
             BylineBlock *block_obj,
             const char  *utf8,
             const Text  *text,
             const char  *where,
             int          block)
{
  const BylineMark *marks;
  guint n_marks;
  static const gunichar scheme[] = { 'h', 't', 't', 'p', ':', '/', '/' };

  marks = byline_block_get_marks (block_obj, &n_marks);
  for (guint i = 0; i < n_marks; i++)
    {
      g_autofree char *message = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *shown = NULL;

      if (marks[i].kind != BYLINE_MARK_LINK || !is_plain_http (marks[i].href))
        continue;
      shown = excerpt (marks[i].href, 48);
      message = g_strdup_printf (_("%s: a link to %s, not https://"), where, shown);
      subject = g_strdup_printf ("%s\n%s", utf8, marks[i].href);
      add_item (run, BYLINE_CHECK_PLAIN_HTTP, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                subject, message, "body", block, marks[i].start, marks[i].end, -1);
    }

  /* An address typed into the text (not a link mark) */
  for (glong i = 0; i + (glong) G_N_ELEMENTS (scheme) <= text->n; i++)
    {
      gboolean match = TRUE;
      gboolean in_mark = FALSE;
      glong end;
      g_autofree char *url = NULL;
      g_autofree char *message = NULL;
      g_autofree char *subject = NULL;

      for (guint k = 0; match && k < G_N_ELEMENTS (scheme); k++)
        match = g_unichar_tolower (text->chars[i + k]) == scheme[k];
      if (!match)
        continue;
      for (guint m = 0; m < n_marks; m++)
        in_mark |= marks[m].kind == BYLINE_MARK_LINK && marks[m].start <= i && i < marks[m].end;
      for (end = i; end < text->n && !g_unichar_isspace (text->chars[end]); end++)
        ;
      if (in_mark)
        {
          i = end;
          continue;
        }
      url = g_ucs4_to_utf8 (text->chars + i, end - i, NULL, NULL, NULL);
      {
        g_autofree char *shown = excerpt (url, 48);
        message = g_strdup_printf (_("%s: an address starting http://, not https:// (%s)"), where, shown);
      }
      subject = g_strdup_printf ("%s\n%ld", utf8, i);
      add_item (run, BYLINE_CHECK_PLAIN_HTTP, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                subject, message, "body", block, i, end, -1);
      i = end;
    }
}

/* Repeated paragraphs: the same words, whatever the case and spacing. */
static char *
paragraph_key (const char *utf8)
{
  g_autofree char *folded = g_utf8_casefold (utf8, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
check_body (Run *run)
{
  GListModel *body = byline_article_get_body (run->article);
  guint n = g_list_model_get_n_items (body);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint numbers[BYLINE_BLOCK_RAW + 1] = { 0, };
  guint n_images = 0;
  const char *previous = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, i);
      BylineBlockKind kind = byline_block_get_kind (block);
      const char *utf8;
      g_autofree char *where = NULL;
      Text text = { NULL, 0 };

      numbers[kind]++;

      if (kind == BYLINE_BLOCK_IMAGE)
        {
          BylineImage *image = byline_block_get_image (block);

          n_images++;
          if (image != NULL)
            {
              where = block_where (kind, numbers[kind], byline_image_get_caption (image));
              check_image (run, image, where, "body", i, n_images);
            }
          previous = NULL;
          continue;
        }
      if (!byline_block_has_text (block))
        {
          previous = NULL;
          continue;
        }

      utf8 = byline_block_get_text (block);
      where = block_where (kind, numbers[kind], utf8);
      text_init (&text, utf8);

      if (kind == BYLINE_BLOCK_QUOTE && is_blank (byline_block_get_attribution (block)) &&
          !is_blank (utf8))
        {
          g_autofree char *message = g_strdup_printf (_("%s: no attribution; who said it?"), where);

          add_item (run, BYLINE_CHECK_QUOTE_UNATTRIBUTED, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                    utf8, message, "body", i, 0, text.n, -1);
        }
      if (kind == BYLINE_BLOCK_PARAGRAPH)
        check_speech (run, utf8, &text, previous, where, i);

      check_unbalanced (run, utf8, &text, where, i);
      check_links (run, block, utf8, &text, where, i);
      check_doubled_words (run, utf8, &text, where, i);

      if (kind != BYLINE_BLOCK_SUBHEADING &&
          byline_block_get_word_count (block) >= BYLINE_CHECK_REPEAT_MIN_WORDS)
        {
          g_autofree char *key = paragraph_key (utf8);
          const char *first = g_hash_table_lookup (seen, key);

          if (first != NULL)
            {
              g_autofree char *message = g_strdup_printf (_("%s: repeats an earlier block word for word (%s)"),
                                                          where, first);

              add_item (run, BYLINE_CHECK_REPEATED_PARAGRAPH, NULL, BYLINE_CHECK_SEVERITY_WARNING,
                        utf8, message, "body", i, 0, text.n, -1);
            }
          else
            g_hash_table_insert (seen, g_steal_pointer (&key),
                                 block_where (kind, numbers[kind], NULL));
        }

      previous = kind == BYLINE_BLOCK_PARAGRAPH ? utf8 : NULL;
      text_clear (&text);
    }
}

static void
check_word_target (Run *run)
{
  guint target = byline_article_get_word_target (run->article);
  guint words = byline_article_get_word_count (run->article);
  guint minutes = byline_article_get_reading_time (run->article);
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;

  /* Within a tenth of the target is on target. */
  if (target == 0 || (words * 10ull >= target * 9ull && words * 10ull <= target * 11ull))
    return;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word, %u min read",
                                        "%'u words, %u min read", words),
                           words, minutes);
  if (words < target)
    /* Translators: %s is "1,234 words, 6 min read"; then how many words
     * short of the target, and the target */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Length: %s; %'u short of the %'u-word target",
                                            "Length: %s; %'u short of the %'u-word target",
                                            target - words),
                               count, target - words, target);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Length: %s; %'u over the %'u-word target",
                                            "Length: %s; %'u over the %'u-word target",
                                            words - target),
                               count, words - target, target);
  subject = g_strdup_printf ("%u\n%s", target, words < target ? "short" : "long");
  add_item (run, BYLINE_CHECK_WORD_TARGET, NULL, BYLINE_CHECK_SEVERITY_WARNING,
            subject, message, "body", -1, 0, 0, -1);
}

/* BYLINE_CHECK_RELATED_TARGET: for each related story (the article's
 * "related" list, field "related", block = its position in the list, and
 * the body's card blocks, field "body"), one item when its target changed,
 * was deleted or went private on the site. */
static void
check_related (Run *run)
{
  GListModel *related = byline_article_get_related (run->article);
  guint n_related = g_list_model_get_n_items (related);

  /* The related list, then the cards in the body: a target that changed,
   * was deleted or is no longer public on the site */
  for (guint i = 0; i < n_related; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      g_autofree char *message = NULL;

      if (!byline_story_ref_needs_attention (ref))
        continue;
      /* Translators: "Related story 2 (“Headline”): Deleted on the site" */
      message = g_strdup_printf (_("Related story %u (“%s”): %s"), i + 1,
                                 byline_story_ref_get_headline (ref) ? byline_story_ref_get_headline (ref) : "",
                                 byline_story_ref_describe_target (ref));
      add_item (run, BYLINE_CHECK_RELATED_TARGET, byline_story_ref_get_cms_id (ref),
                BYLINE_CHECK_SEVERITY_WARNING, byline_story_ref_describe_target (ref),
                message, "related", (int) i, 0, 0, -1);
    }

  for (guint i = 0; i < byline_article_get_n_blocks (run->article); i++)
    {
      BylineBlock *block = byline_article_get_block (run->article, i);
      BylineStoryRef *ref;
      g_autofree char *message = NULL;

      if (byline_block_get_kind (block) != BYLINE_BLOCK_CARD)
        continue;
      ref = byline_block_get_story_ref (block);
      if (ref == NULL || !byline_story_ref_needs_attention (ref))
        continue;
      /* Translators: "Card in paragraph 4 (“Headline”): Deleted on the site" */
      message = g_strdup_printf (_("Card at block %u (“%s”): %s"), i + 1,
                                 byline_story_ref_get_headline (ref) ? byline_story_ref_get_headline (ref) : "",
                                 byline_story_ref_describe_target (ref));
      add_item (run, BYLINE_CHECK_RELATED_TARGET, byline_story_ref_get_cms_id (ref),
                BYLINE_CHECK_SEVERITY_WARNING, byline_story_ref_describe_target (ref),
                message, "body", (int) i, 0, 0, -1);
    }
}

void
byline_check_options_init (BylineCheckOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->headline_max_chars = BYLINE_HEADLINE_MAX_CHARS_DEFAULT;
  options->seo_title_max_chars = BYLINE_SEO_TITLE_MAX_CHARS_DEFAULT;
  options->seo_title_max_width = BYLINE_SEO_TITLE_MAX_WIDTH_DEFAULT;
}

void
byline_check_options_clear (BylineCheckOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->limits_name, g_free);
  options->limits_from = BYLINE_LIMITS_FROM_DEFAULT;
}

void
byline_check_options_copy (BylineCheckOptions       *dest,
                           const BylineCheckOptions *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;
  g_free (dest->limits_name);
  *dest = *src;
  dest->limits_name = g_strdup (src->limits_name);
}

/* The limits kept for @name in @table (a{s(uuu)}); sections match
 * whatever their case ("sport" is the Sport desk). */
static gboolean
lookup_limits (GVariant   *table,
               const char *name,
               gboolean    any_case,
               guint      *headline,
               guint      *seo_chars,
               guint      *seo_width,
               char      **found_name)
{
  g_autofree char *folded = NULL;
  GVariantIter iter;
  const char *key;
  guint a, b, c;

  if (table == NULL || name == NULL || *name == '\0' ||
      !g_variant_is_of_type (table, G_VARIANT_TYPE ("a{s(uuu)}")))
    return FALSE;

  folded = any_case ? g_utf8_casefold (name, -1) : NULL;
  g_variant_iter_init (&iter, table);
  while (g_variant_iter_next (&iter, "{&s(uuu)}", &key, &a, &b, &c))
    {
      g_autofree char *key_folded = any_case ? g_utf8_casefold (key, -1) : NULL;

      if (any_case ? !g_str_equal (folded, key_folded) : !g_str_equal (name, key))
        continue;
      *headline = a;
      *seo_chars = b;
      *seo_width = c;
      *found_name = g_strdup (key);
      return TRUE;
    }
  return FALSE;
}

void
byline_check_options_pick_limits (BylineCheckOptions *options,
                                  guint               default_headline_max_chars,
                                  guint               default_seo_title_max_chars,
                                  guint               default_seo_title_max_width,
                                  GVariant           *section_limits,
                                  const char         *section,
                                  GVariant           *account_limits,
                                  const char         *account)
{
  g_return_if_fail (options != NULL);

  byline_check_options_clear (options);
  if (lookup_limits (section_limits, section, TRUE, &options->headline_max_chars,
                     &options->seo_title_max_chars, &options->seo_title_max_width,
                     &options->limits_name))
    options->limits_from = BYLINE_LIMITS_FROM_SECTION;
  else if (lookup_limits (account_limits, account, FALSE, &options->headline_max_chars,
                          &options->seo_title_max_chars, &options->seo_title_max_width,
                          &options->limits_name))
    options->limits_from = BYLINE_LIMITS_FROM_ACCOUNT;
  else
    {
      options->headline_max_chars = default_headline_max_chars;
      options->seo_title_max_chars = default_seo_title_max_chars;
      options->seo_title_max_width = default_seo_title_max_width;
    }
}

char *
byline_check_options_describe_headline (const BylineCheckOptions *options,
                                        guint                     n_chars)
{
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->headline_max_chars > 0 && n_chars > options->headline_max_chars, NULL);

  return headline_message (options, n_chars, TRUE);
}

GPtrArray *
byline_checks_run (BylineArticle            *article,
                   const BylineCheckOptions *options)
{
  BylineCheckOptions defaults;
  BylineImage *lead_image;
  Run run;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  if (options == NULL)
    {
      byline_check_options_init (&defaults);
      options = &defaults;
    }

  run.article = article;
  run.options = options;
  run.items = g_ptr_array_new_with_free_func (g_object_unref);

  check_headline (&run);
  check_seo_title (&run);
  check_standfirst (&run);
  lead_image = byline_article_get_lead_image (article);
  if (lead_image != NULL)
    check_image (&run, lead_image, _("Lead image"), "lead-image", -1, 0);
  check_body (&run);
  check_related (&run);
  check_word_target (&run);

  return run.items;
}

GPtrArray *
byline_checks_run_snapshot (BylineArticleSnapshot     *snapshot,
                            const BylineCheckOptions  *options,
                            GError                   **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(BylineArticle) article = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (snapshot != NULL, NULL);

  json = byline_article_snapshot_to_json (snapshot);
  data = g_bytes_get_data (json, &size);
  article = byline_article_new_from_json (data, size, error);
  if (article == NULL)
    return NULL;

  return byline_checks_run (article, options);
}

guint
byline_checks_count_open (GPtrArray *items)
{
  guint n = 0;

  g_return_val_if_fail (items != NULL, 0);

  for (guint i = 0; i < items->len; i++)
    if (!byline_check_item_get_dismissed (g_ptr_array_index (items, i)))
      n++;
  return n;
}
