/* bench-text.c: made-up news text for the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words from a list written for this file, strung into sentences of 6–18
 * words, paragraphs of 40–80 words, a subheading every 60 or so paragraphs
 * and a quote every 25.  A fixed seed gives the same text on every machine.
 */
#define G_LOG_DOMAIN "bench-text"

#include <string.h>

#include "bench-text.h"

static const char * const words[] = {
  "harbour", "council", "ferry", "morning", "village", "budget", "report",
  "meeting", "road", "river", "bridge", "school", "teacher", "market",
  "farmer", "weather", "storm", "winter", "summer", "festival", "museum",
  "library", "station", "train", "timetable", "mayor", "minister", "vote",
  "plan", "street", "corner", "bakery", "square", "tower", "clock", "island",
  "coast", "pier", "boat", "fisher", "net", "catch", "price", "rent",
  "house", "garden", "orchard", "apple", "cider", "hill", "valley", "path",
  "walker", "dog", "owner", "neighbour", "letter", "petition", "signature",
  "hall", "evening", "question", "answer", "deadline", "delay", "repair",
  "engineer", "crane", "concrete", "timber", "roof", "window", "door",
  "the", "a", "of", "and", "to", "in", "on", "for", "with", "at", "by",
  "from", "after", "before", "while", "because", "although", "but", "or",
  "said", "asked", "told", "wrote", "agreed", "refused", "promised",
  "expected", "opened", "closed", "moved", "waited", "counted", "built",
  "painted", "carried", "repaired", "measured", "planted", "sold", "bought",
  "new", "old", "small", "large", "quiet", "busy", "early", "late", "long",
  "short", "narrow", "wide", "local", "public", "private", "annual",
  "weekly", "northern", "southern", "eastern", "western", "careful",
  "several", "many", "few", "most", "some", "every", "each", "other",
  "residents", "visitors", "children", "officials", "workers", "drivers",
  "passengers", "volunteers", "members", "families", "shops", "cafés",
  "yesterday", "today", "tomorrow", "again", "still", "already", "soon",
  "twice", "nearly", "almost", "only", "also", "never", "often", "later",
  "three", "four", "seven", "twelve", "forty", "hundred", "thousand",
};

static const char * const sections[] = {
  "Coast", "Town hall", "Schools", "Transport", "Culture", "Weather",
  "Business", "Sport", "Letters", "Science",
};

static const char * const names[] = {
  "Ilse Marwood", "Tomasz Reyes", "Aino Blackwell", "Kofi Lindgren",
  "Priya Castell", "Ruaridh Okafor", "Beatriz Holm", "Sven Adeyemi",
};

static guint32 rng_state = 20240917;

/* xorshift32: the same text on every machine, unlike rand(). */
static guint32
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

guint
bench_rng_range (guint low,
           guint high)
{
  return low + rng () % (high - low + 1);
}

/* A run of @n_words words cut into sentences of 6–18 words. */
char *
bench_make_text (guint n_words)
{
  GString *text = g_string_new (NULL);
  guint in_sentence = 0, sentence_len = bench_rng_range (6, 18);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = words[rng () % G_N_ELEMENTS (words)];

      if (i > 0)
        g_string_append_c (text, ' ');
      if (in_sentence == 0)
        {
          g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (word)));
          g_string_append (text, g_utf8_next_char (word));
        }
      else
        g_string_append (text, word);

      in_sentence++;
      if (in_sentence == sentence_len || i + 1 == n_words)
        {
          g_string_append_c (text, '.');
          in_sentence = 0;
          sentence_len = bench_rng_range (6, 18);
        }
      else if (rng () % 11 == 0)
        g_string_append_c (text, ',');
    }
  return g_string_free (text, FALSE);
}

void
bench_fill_article (BylineArticle *article,
              guint          n_words,
              guint          index,
              GString       *plain)
{
  g_autofree char *headline = bench_make_text (bench_rng_range (6, 11));
  g_autofree char *standfirst = bench_make_text (bench_rng_range (20, 35));
  const char *tags[] = { words[rng () % 60], words[rng () % 60], NULL };
  guint done = 0, paragraphs = 0;

  /* No full stop at the end of a headline. */
  headline[strlen (headline) - 1] = '\0';

  byline_article_set_section (article, sections[index % G_N_ELEMENTS (sections)]);
  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, standfirst);
  byline_article_set_byline (article, names[index % G_N_ELEMENTS (names)]);
  byline_article_set_tags (article, tags);
  byline_article_set_status (article, (BylineArticleStatus) (index % 4));

  if (plain != NULL)
    g_string_append_printf (plain, "%s\n\n%s\n\n", headline, standfirst);

  while (done < n_words)
    {
      g_autoptr(BylineBlock) block = NULL;
      g_autofree char *text = NULL;
      guint n = MIN (bench_rng_range (40, 80), n_words - done);

      paragraphs++;
      if (paragraphs % 60 == 0 && n_words - done > 8)
        {
          n = bench_rng_range (3, 7);
          text = bench_make_text (n);
          text[strlen (text) - 1] = '\0';
          block = byline_block_new (BYLINE_BLOCK_SUBHEADING);
          byline_block_set_text (block, text);
        }
      else if (paragraphs % 25 == 0)
        {
          text = bench_make_text (n);
          block = byline_block_new (BYLINE_BLOCK_QUOTE);
          byline_block_set_text (block, text);
          byline_block_set_attribution (block, names[paragraphs % G_N_ELEMENTS (names)]);
        }
      else
        {
          text = bench_make_text (n);
          block = byline_block_new_paragraph (text);
        }
      byline_article_append_block (article, block);
      done += n;

      if (plain != NULL)
        {
          if (byline_block_get_kind (block) == BYLINE_BLOCK_QUOTE)
            g_string_append_printf (plain, "“%s” — %s\n\n", text,
                                    byline_block_get_attribution (block));
          else
            g_string_append_printf (plain, "%s\n\n", text);
        }
    }
}

