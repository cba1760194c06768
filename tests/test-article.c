/* test-article.c: the article model, its notifications and word counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-article"

#include <string.h>

#include "byline-article.h"
#include "byline-article-format.h"
#include "byline-article-snapshot.h"
#include "byline-block-private.h"
#include "byline-image-flags.h"
#include "byline-limits-private.h"

typedef struct
{
  guint count;
} Counter;

static void
count_cb (gpointer  instance,
          Counter  *counter)
{
  counter->count++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Counter    *counter)
{
  counter->count++;
}

static gulong
count_signal (gpointer    instance,
              const char *signal,
              Counter    *counter)
{
  if (g_str_has_prefix (signal, "notify::"))
    return g_signal_connect (instance, signal, G_CALLBACK (count_notify_cb), counter);
  return g_signal_connect (instance, signal, G_CALLBACK (count_cb), counter);
}

/* Sets @prop to @value twice: exactly one notify of @prop, one "changed"
 * and one revision for the real change, nothing for the repeat. */
static void
check_string_property (BylineArticle *article,
                       const char    *prop,
                       const char    *value)
{
  g_autofree char *signal = g_strdup_printf ("notify::%s", prop);
  g_autofree char *read_back = NULL;
  Counter notified = { 0 }, changed = { 0 }, other = { 0 };
  guint64 revision = byline_article_get_revision (article);
  gulong id1, id2, id3;

  id1 = count_signal (article, signal, &notified);
  id2 = count_signal (article, "changed", &changed);
  /* A field that was not touched must stay quiet. */
  id3 = count_signal (article, g_str_equal (prop, "section") ? "notify::headline" : "notify::section", &other);

  g_object_set (article, prop, value, NULL);
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (other.count, ==, 0);
  g_assert_cmpuint (byline_article_get_revision (article), ==, revision + 1);
  g_object_get (article, prop, &read_back, NULL);
  g_assert_cmpstr (read_back, ==, value);

  g_object_set (article, prop, value, NULL);
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (byline_article_get_revision (article), ==, revision + 1);

  g_signal_handler_disconnect (article, id1);
  g_signal_handler_disconnect (article, id2);
  g_signal_handler_disconnect (article, id3);
}

static void
test_article_defaults (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) other = byline_article_new ();
  g_autoptr(BylineArticle) with_id = byline_article_new_with_id ("0b6f3c1e-52a4-4e0c-9a57-4c1d2e3f4a5b");

  g_assert_true (g_uuid_string_is_valid (byline_article_get_id (article)));
  g_assert_cmpstr (byline_article_get_id (article), !=, byline_article_get_id (other));
  g_assert_cmpstr (byline_article_get_id (with_id), ==, "0b6f3c1e-52a4-4e0c-9a57-4c1d2e3f4a5b");
  g_assert_cmpstr (byline_article_get_language (article), ==, "en");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "");
  g_assert_nonnull (byline_article_get_tags (article));
  g_assert_null (byline_article_get_tags (article)[0]);
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_DRAFT);
  g_assert_nonnull (byline_article_get_created (article));
  g_assert_nonnull (byline_article_get_modified (article));
  g_assert_cmpint (g_date_time_get_utc_offset (byline_article_get_created (article)), ==, 0);
  g_assert_null (byline_article_get_lead_image (article));
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 0);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 0);
  g_assert_cmpuint (byline_article_get_reading_time (article), ==, 0);
  g_assert_cmpuint (byline_article_get_revision (article), ==, 0);
}

static void
test_article_properties (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_new_utc (2021, 6, 1, 12, 0, 0.5);
  const char *tags[] = { "harbour", "weather", NULL };
  const char *same_tags[] = { "harbour", "weather", NULL };
  Counter notified = { 0 }, changed = { 0 }, modified = { 0 };

  check_string_property (article, "language", "uk");
  check_string_property (article, "section", "Coast");
  check_string_property (article, "headline", "Ferry timetable returns to winter hours");
  check_string_property (article, "seo-title", "Ferry winter timetable");
  check_string_property (article, "social-headline", "Your ferry leaves earlier");
  check_string_property (article, "standfirst", "Storm damage means fewer crossings.");
  check_string_property (article, "byline", "Mara Lindqvist");

  /* Any change moves "modified" to now. */
  g_assert_cmpint (g_date_time_compare (byline_article_get_modified (article), before), >=, 0);

  /* Tags */
  count_signal (article, "notify::tags", &notified);
  count_signal (article, "changed", &changed);
  byline_article_set_tags (article, tags);
  byline_article_set_tags (article, same_tags);
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpstrv (byline_article_get_tags (article), tags);
  g_signal_handlers_disconnect_by_data (article, &notified);

  /* Status */
  notified.count = 0;
  count_signal (article, "notify::status", &notified);
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_SCHEDULED);
  g_signal_handlers_disconnect_by_data (article, &notified);

  /* Created */
  notified.count = 0;
  count_signal (article, "notify::created", &notified);
  byline_article_set_created (article, past);
  byline_article_set_created (article, past);
  g_assert_cmpuint (notified.count, ==, 1);
  g_assert_true (g_date_time_equal (byline_article_get_created (article), past));
  g_signal_handlers_disconnect_by_data (article, &notified);

  /* Setting "modified" keeps the value given (it does not become now) but
   * still counts as a change. */
  {
    guint64 revision = byline_article_get_revision (article);
    guint changes = changed.count;

    count_signal (article, "notify::modified", &modified);
    byline_article_set_modified (article, past);
    byline_article_set_modified (article, past);
    g_assert_cmpuint (modified.count, ==, 1);
    g_assert_true (g_date_time_equal (byline_article_get_modified (article), past));
    g_assert_cmpuint (byline_article_get_revision (article), ==, revision + 1);
    g_assert_cmpuint (changed.count, ==, changes + 1);

    /* …and another change moves it on again. */
    byline_article_set_headline (article, "Ferry timetable changes again");
    g_assert_cmpuint (modified.count, ==, 2);
    g_assert_cmpint (g_date_time_compare (byline_article_get_modified (article), before), >=, 0);
  }

  /* A time in another zone is stored in UTC. */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3 * 3600);
    g_autoptr(GDateTime) local = g_date_time_new (tz, 2022, 2, 3, 10, 0, 0);

    byline_article_set_created (article, local);
    g_assert_cmpint (g_date_time_get_utc_offset (byline_article_get_created (article)), ==, 0);
    g_assert_cmpint (g_date_time_get_hour (byline_article_get_created (article)), ==, 7);
  }
}

static void
test_image_and_story_ref_notify (void)
{
  g_autoptr(BylineImage) image = byline_image_new ();
  g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
  Counter caption = { 0 }, alt = { 0 }, decorative = { 0 }, image_changed = { 0 };
  Counter headline = { 0 }, ref_changed = { 0 };

  count_signal (image, "notify::caption", &caption);
  count_signal (image, "notify::alt", &alt);
  count_signal (image, "notify::decorative", &decorative);
  count_signal (image, "changed", &image_changed);

  byline_image_set_caption (image, "Fishing boats stay in port.");
  byline_image_set_caption (image, "Fishing boats stay in port.");
  byline_image_set_decorative (image, TRUE);
  byline_image_set_decorative (image, TRUE);
  g_assert_cmpuint (caption.count, ==, 1);
  g_assert_cmpuint (alt.count, ==, 0);
  g_assert_cmpuint (decorative.count, ==, 1);
  g_assert_cmpuint (image_changed.count, ==, 2);
  g_assert_true (byline_image_get_decorative (image));

  count_signal (ref, "notify::headline", &headline);
  count_signal (ref, "changed", &ref_changed);
  byline_story_ref_set_headline (ref, "Council approves pier funding");
  byline_story_ref_set_headline (ref, "Council approves pier funding");
  g_assert_cmpuint (headline.count, ==, 1);
  g_assert_cmpuint (ref_changed.count, ==, 1);

  /* The ref's image's texts are part of the ref. */
  byline_story_ref_set_image (ref, image);
  g_assert_cmpuint (ref_changed.count, ==, 2);
  byline_image_set_alt (image, "Boats moored side by side.");
  g_assert_cmpuint (ref_changed.count, ==, 3);
  g_assert_cmpuint (alt.count, ==, 1);

  /* A replaced image no longer speaks for the ref. */
  byline_story_ref_set_image (ref, NULL);
  g_assert_cmpuint (ref_changed.count, ==, 4);
  byline_image_set_alt (image, "Something else.");
  g_assert_cmpuint (ref_changed.count, ==, 4);
}

static void
test_nested_changes (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) image_block = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) related = byline_story_ref_new ();
  g_autoptr(BylineImage) related_image = byline_image_new ();
  g_autoptr(BylineImage) lead = byline_image_new ();
  g_autoptr(BylineImage) other_lead = byline_image_new ();
  BylineImage *block_image;
  Counter changed = { 0 };
  guint64 revision;

  g_assert_nonnull (byline_block_get_image (image_block));
  g_assert_nonnull (byline_block_get_story_ref (card));

  byline_article_append_block (article, image_block);
  byline_article_append_block (article, card);
  byline_story_ref_set_image (related, related_image);
  byline_article_insert_related (article, 0, related);
  byline_article_set_lead_image (article, lead);

  count_signal (article, "changed", &changed);
  revision = byline_article_get_revision (article);

  /* An image caption inside a block */
  block_image = byline_block_get_image (image_block);
  byline_image_set_caption (block_image, "Engineers inspect the pier.");
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (byline_article_get_revision (article), ==, revision + 1);

  /* A card's story headline */
  byline_story_ref_set_headline (byline_block_get_story_ref (card), "A week of storms");
  g_assert_cmpuint (changed.count, ==, 2);

  /* A related ref's headline and its image */
  byline_story_ref_set_headline (related, "Council approves pier funding");
  g_assert_cmpuint (changed.count, ==, 3);
  byline_image_set_alt (related_image, "The council chamber.");
  g_assert_cmpuint (changed.count, ==, 4);

  /* The lead image's credit */
  byline_image_set_credit (lead, "© Harbour Gazette 2024");
  g_assert_cmpuint (changed.count, ==, 5);
  g_assert_cmpuint (byline_article_get_revision (article), ==, revision + 5);

  /* Setting the same value again changes nothing anywhere. */
  byline_image_set_credit (lead, "© Harbour Gazette 2024");
  g_assert_cmpuint (changed.count, ==, 5);

  /* Once gone from the article, their changes are not the article's. */
  byline_article_set_lead_image (article, other_lead);
  byline_article_remove_blocks (article, 0, 1);
  byline_article_remove_related (article, 0);
  g_assert_cmpuint (changed.count, ==, 8);
  byline_image_set_credit (lead, "someone else");
  byline_image_set_caption (block_image, "another caption");
  byline_story_ref_set_headline (related, "another headline");
  g_assert_cmpuint (changed.count, ==, 8);
}

static void
test_related_list (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  const char *names[] = { "one", "two", "three" };
  Counter changed = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
      byline_story_ref_set_headline (ref, names[i]);
      byline_article_insert_related (article, i, ref);
    }

  count_signal (article, "changed", &changed);
  byline_article_move_related (article, 0, 2);
  g_assert_cmpuint (changed.count, ==, 1);

  {
    GListModel *related = byline_article_get_related (article);
    const char *expected[] = { "two", "three", "one" };

    g_assert_cmpuint (g_list_model_get_n_items (related), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
        g_assert_cmpstr (byline_story_ref_get_headline (ref), ==, expected[i]);
      }
  }
}

static void
test_count_words (void)
{
  static const struct { const char *text; guint words; } cases[] = {
    { "", 0 },
    { "   ", 0 },
    { "Harbour", 1 },
    { "The ferry leaves at dawn.", 5 },
    { "Don't stop the state-of-the-art boat", 5 },
    { "It rose 3.5 per cent to 1,200 tonnes", 8 },
    { "The last crossing leaves at 18:30.", 6 },
    { "end.Next", 2 },
    { " — a dash — ", 2 },
    { "Привет, мир!", 2 },
    { "Погода 😀 хорошая", 2 },
    { "we’re here", 2 },
    { "'quoted' words", 2 },
    { "line\nbreaks\tand  spaces", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpuint (byline_count_words (cases[i].text, -1), ==, cases[i].words);
    }

  /* A length stops counting mid-text. */
  g_assert_cmpuint (byline_count_words ("one two three", 7), ==, 2);
}

static void
test_reading_time (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("");
  g_autoptr(GString) text = g_string_new (NULL);
  Counter reading = { 0 };

  byline_article_append_block (article, block);
  g_assert_cmpuint (byline_article_get_reading_time (article), ==, 0);
  count_signal (article, "notify::reading-time", &reading);

  byline_block_set_text (block, "word");
  g_assert_cmpuint (byline_article_get_reading_time (article), ==, 1);
  g_assert_cmpuint (reading.count, ==, 1);

  for (guint i = 0; i < 230; i++)
    g_string_append (text, "word ");
  byline_block_set_text (block, text->str);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 230);
  g_assert_cmpuint (byline_article_get_reading_time (article), ==, 1);
  g_assert_cmpuint (reading.count, ==, 1);   /* still one minute: no notify */

  byline_article_set_standfirst (article, "one more");
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 232);
  g_assert_cmpuint (byline_article_get_reading_time (article), ==, 2);
  g_assert_cmpuint (reading.count, ==, 2);
}

/* What the word count must be, counted the slow way. */
static guint
full_recount (BylineArticle *article)
{
  guint words = byline_count_words (byline_article_get_standfirst (article), -1);

  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      if (byline_block_has_text (block))
        words += byline_count_words (byline_block_get_text (block), -1);
    }

  return words;
}

static BylineBlock *
random_block (GRand *rand)
{
  static const char *words[] = { "pier", "ferry", "storm", "вітер", "don't", "3.5", "—", "😀" };
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 30);
  BylineBlockKind kind = g_rand_int_range (rand, 0, BYLINE_BLOCK_RAW + 1);
  BylineBlock *block = byline_block_new (kind);

  if (kind == BYLINE_BLOCK_RAW)
    byline_block_set_text (block, "<!-- wp:spacer --><div style=\"height:20px\"></div><!-- /wp:spacer -->");
  if (!byline_block_has_text (block))
    return block;

  for (guint i = 0; i < n; i++)
    {
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append_c (text, ' ');
    }
  byline_block_set_text (block, text->str);

  return block;
}

static void
test_word_count_incremental (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  Counter word_notify = { 0 };
  guint recounts;
  guint before;

  for (guint i = 0; i < 5000; i++)
    g_ptr_array_add (blocks, byline_block_new_paragraph ("Five words in this paragraph."));
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 25000);
  g_assert_cmpuint (full_recount (article), ==, 25000);

  /* A keystroke in one block of 5,000 recounts that block only. */
  count_signal (article, "notify::word-count", &word_notify);
  recounts = byline_block_get_recount_calls ();
  byline_block_set_text (byline_article_get_block (article, 2500),
                         "Five words in this paragraph, now seven.");
  g_assert_cmpuint (byline_block_get_recount_calls () - recounts, ==, 1);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 25002);
  g_assert_cmpuint (word_notify.count, ==, 1);

  /* Removing and inserting blocks adjusts the total without recounting. */
  recounts = byline_block_get_recount_calls ();
  byline_article_remove_blocks (article, 100, 1000);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 20002);
  {
    g_autoptr(BylineBlock) moved = g_object_ref (blocks->pdata[0]);
    byline_article_remove_blocks (article, 0, 1);
    byline_article_insert_block (article, 3000, moved);
  }
  g_assert_cmpuint (byline_block_get_recount_calls () - recounts, ==, 0);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, full_recount (article));

  /* Random edits, inserts, removals and splices keep it exact. */
  for (guint step = 0; step < 2000; step++)
    {
      guint n = byline_article_get_n_blocks (article);
      guint op = g_rand_int_range (rand, 0, 6);

      before = byline_article_get_word_count (article);

      if (op == 0 && n > 0)
        {
          guint pos = g_rand_int_range (rand, 0, n);
          guint count = g_rand_int_range (rand, 0, MIN (n - pos, 20) + 1);
          byline_article_remove_blocks (article, pos, count);
        }
      else if (op == 1)
        {
          g_autoptr(BylineBlock) block = random_block (rand);
          byline_article_insert_block (article, g_rand_int_range (rand, 0, n + 1), block);
        }
      else if (op == 2)
        {
          g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);
          guint pos = g_rand_int_range (rand, 0, n + 1);
          guint removals = g_rand_int_range (rand, 0, MIN (n - pos, 10) + 1);
          guint n_add = g_rand_int_range (rand, 0, 10);

          for (guint i = 0; i < n_add; i++)
            g_ptr_array_add (additions, random_block (rand));
          byline_article_splice_body (article, pos, removals,
                                      (BylineBlock * const *) additions->pdata, additions->len);
        }
      else if (op == 3 && n > 0)
        {
          BylineBlock *block = byline_article_get_block (article, g_rand_int_range (rand, 0, n));
          g_autoptr(BylineBlock) source = random_block (rand);

          if (byline_block_has_text (block) && byline_block_has_text (source))
            byline_block_set_text (block, byline_block_get_text (source));
        }
      else if (op == 4)
        {
          g_autoptr(BylineBlock) source = random_block (rand);
          byline_article_set_standfirst (article, byline_block_get_text (source));
        }
      else if (op == 5 && n > 1)
        {
          /* Move a block: remove it and put it back elsewhere in one splice. */
          guint pos = g_rand_int_range (rand, 0, n - 1);
          g_autoptr(BylineBlock) block = g_object_ref (byline_article_get_block (article, pos));
          BylineBlock *additions[] = { byline_article_get_block (article, pos + 1), block };
          g_autoptr(BylineBlock) keep = g_object_ref (additions[0]);

          byline_article_splice_body (article, pos, 2, additions, 2);
          g_assert_true (byline_article_get_block (article, pos) == keep);
          g_assert_true (byline_article_get_block (article, pos + 1) == block);
          g_assert_cmpuint (byline_article_get_word_count (article), ==, before);
        }

      g_assert_cmpuint (byline_article_get_word_count (article), ==, full_recount (article));
      g_assert_cmpuint (byline_article_get_reading_time (article), ==,
                        (byline_article_get_word_count (article) + 229) / 230);
    }

  /* Nothing is left over once the body is gone. */
  byline_article_set_standfirst (article, NULL);
  byline_article_remove_blocks (article, 0, byline_article_get_n_blocks (article));
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 0);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static void
test_splice_single_signal (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  Counter changed = { 0 };
  guint items_changed = 0;

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (first, byline_block_new_paragraph ("old text"));
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (second, byline_block_new_paragraph ("new text here"));
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) first->pdata, first->len);

  count_signal (article, "changed", &changed);
  g_signal_connect (byline_article_get_body (article), "items-changed",
                    G_CALLBACK (items_changed_cb), &items_changed);

  byline_article_splice_body (article, 2, 5, (BylineBlock * const *) second->pdata, second->len);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 8);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 5 * 2 + 3 * 3);
  g_assert_true (byline_article_get_block (article, 2) == second->pdata[0]);

  /* Removed blocks are free again: their edits do not reach the article. */
  byline_block_set_text (first->pdata[3], "changed after removal");
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 19);
}

static void
test_block_in_two_bodies (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BylineArticle) a = byline_article_new ();
      g_autoptr(BylineArticle) b = byline_article_new ();
      g_autoptr(BylineBlock) block = byline_block_new_paragraph ("shared words");

      byline_article_append_block (a, block);
      byline_article_append_block (b, block);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*already belongs to an article*");
}

static void
test_block_marks (void)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("Бухта closed: read the notice here");
  BylineMark marks[] = {
    { BYLINE_MARK_ITALIC, 20, 30, NULL },
    { BYLINE_MARK_BOLD, 0, 3, NULL },
    { BYLINE_MARK_BOLD, 3, 5, NULL },                     /* touches: merged */
    { BYLINE_MARK_LINK, 22, 28, (char *) "https://example.org/notice" },
    { BYLINE_MARK_BOLD, 9, 9, NULL },                     /* empty: dropped */
    { BYLINE_MARK_ITALIC, 30, 200, NULL },                /* clamped, merged */
  };
  const BylineMark *got;
  guint n;
  Counter changed = { 0 };

  count_signal (block, "changed", &changed);
  byline_block_set_text_and_marks (block, byline_block_get_text (block), marks, G_N_ELEMENTS (marks));
  g_assert_cmpuint (changed.count, ==, 1);

  got = byline_block_get_marks (block, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (got[0].kind, ==, BYLINE_MARK_BOLD);
  g_assert_cmpuint (got[0].start, ==, 0);
  g_assert_cmpuint (got[0].end, ==, 5);
  g_assert_null (got[0].href);
  g_assert_cmpint (got[1].kind, ==, BYLINE_MARK_ITALIC);
  g_assert_cmpuint (got[1].start, ==, 20);
  g_assert_cmpuint (got[1].end, ==, 34);   /* the text is 34 characters */
  g_assert_cmpint (got[2].kind, ==, BYLINE_MARK_LINK);
  g_assert_cmpstr (got[2].href, ==, "https://example.org/notice");

  /* The same marks again: no change. */
  byline_block_set_text_and_marks (block, byline_block_get_text (block), marks, G_N_ELEMENTS (marks));
  g_assert_cmpuint (changed.count, ==, 1);

  /* Adding a mark inside an existing one of the same kind changes nothing. */
  byline_block_add_mark (block, BYLINE_MARK_BOLD, 1, 2, NULL);
  g_assert_cmpuint (changed.count, ==, 1);
  byline_block_add_mark (block, BYLINE_MARK_BOLD, 6, 12, NULL);
  g_assert_cmpuint (changed.count, ==, 2);

  /* Shorter text: marks past the end are cut or dropped. */
  byline_block_set_text (block, "Бухта closed");
  got = byline_block_get_marks (block, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (got[0].end, ==, 5);
  g_assert_cmpuint (got[1].start, ==, 6);
  g_assert_cmpuint (got[1].end, ==, 12);
}

static BylineArticle *
build_rich_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineImage) lead = byline_image_new ();
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("The operator said the last boat leaves at 18:30.");
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) image = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) raw = byline_block_new (BYLINE_BLOCK_RAW);
  g_autoptr(BylineStoryRef) related = byline_story_ref_new ();
  const char *tags[] = { "ferries", "погода", NULL };

  byline_article_set_section (article, "Coast");
  byline_article_set_headline (article, "Ferry timetable returns to winter hours early");
  byline_article_set_standfirst (article, "Storm damage at the north pier means fewer crossings.");
  byline_article_set_tags (article, tags);
  byline_image_set_src (lead, "media/lead.jpg");
  byline_image_set_caption (lead, "The damaged landing stage.");
  byline_article_set_lead_image (article, lead);
  byline_block_add_mark (paragraph, BYLINE_MARK_LINK, 4, 12, "https://example.org/operator");
  byline_block_set_text (quote, "We would rather run fewer boats.");
  byline_block_set_attribution (quote, "Tomas Berg, harbour master");
  byline_image_set_alt (byline_block_get_image (image), "Engineers on the pier.");
  byline_story_ref_set_headline (byline_block_get_story_ref (card), "A week of storms");
  byline_story_ref_set_cms_id (related, "790");
  byline_article_append_block (article, paragraph);
  byline_article_append_block (article, quote);
  byline_article_append_block (article, image);
  byline_article_append_block (article, card);
  byline_block_set_text (raw, "<!-- wp:columns --><div class=\"wp-block-columns\">two columns of words</div><!-- /wp:columns -->");
  byline_article_append_block (article, raw);
  byline_article_insert_related (article, 0, related);

  return article;
}

static void
test_copy_and_equal (void)
{
  g_autoptr(BylineArticle) article = build_rich_article ();
  g_autoptr(BylineArticle) copy = byline_article_copy (article);
  g_autoptr(BylineArticle) stranger = byline_article_new ();

  g_assert_true (byline_article_equal (article, copy));
  g_assert_cmpstr (byline_article_get_id (copy), ==, byline_article_get_id (article));
  /* The raw block's markup is not prose: standfirst 9 + paragraph 9 + quote 6. */
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 9 + 9 + 6);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (copy, 4)), ==,
                   byline_block_get_text (byline_article_get_block (article, 4)));
  g_assert_cmpuint (byline_article_get_word_count (copy), ==, byline_article_get_word_count (article));
  g_assert_false (byline_article_equal (article, stranger));

  /* Deep: the copy's parts are its own. */
  g_assert_true (byline_article_get_lead_image (copy) != byline_article_get_lead_image (article));
  g_assert_true (byline_article_get_block (copy, 0) != byline_article_get_block (article, 0));

  byline_image_set_caption (byline_block_get_image (byline_article_get_block (copy, 2)), "A different caption");
  g_assert_false (byline_article_equal (article, copy));
  byline_image_set_caption (byline_block_get_image (byline_article_get_block (copy, 2)), "");
  /* (modified moved on in the copy) */
  byline_article_set_modified (copy, byline_article_get_modified (article));
  g_assert_true (byline_article_equal (article, copy));

  /* A mark is part of equality. */
  byline_block_add_mark (byline_article_get_block (copy, 0), BYLINE_MARK_BOLD, 0, 3, NULL);
  byline_article_set_modified (copy, byline_article_get_modified (article));
  g_assert_false (byline_article_equal (article, copy));

  /* Revision is not. */
  {
    g_autoptr(BylineArticle) again = byline_article_copy (article);
    byline_article_set_headline (again, "x");
    byline_article_set_headline (again, byline_article_get_headline (article));
    byline_article_set_modified (again, byline_article_get_modified (article));
    g_assert_cmpuint (byline_article_get_revision (again), !=, byline_article_get_revision (article));
    g_assert_true (byline_article_equal (article, again));
  }
}

static void
assert_snapshot_matches (BylineArticle *article)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
  g_autoptr(GBytes) bytes = byline_article_snapshot_to_json (snapshot);
  gsize length;
  g_autofree char *json = byline_article_to_json (article, &length);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), json, length);
  g_assert_cmpstr (byline_article_snapshot_get_id (snapshot), ==, byline_article_get_id (article));
  g_assert_cmpstr (byline_article_snapshot_get_headline (snapshot), ==, byline_article_get_headline (article));
  g_assert_cmpuint (byline_article_snapshot_get_word_count (snapshot), ==, byline_article_get_word_count (article));
  g_assert_cmpuint (byline_article_snapshot_get_revision (snapshot), ==, byline_article_get_revision (article));
  g_assert_cmpint (byline_article_snapshot_get_status (snapshot), ==, byline_article_get_status (article));
  g_assert_true (g_date_time_equal (byline_article_snapshot_get_modified (snapshot),
                                    byline_article_get_modified (article)));
}

static gpointer
snapshot_thread (gpointer data)
{
  return byline_article_snapshot_to_json (data);
}

static void
test_snapshot (void)
{
  g_autoptr(BylineArticle) article = build_rich_article ();
  g_autoptr(BylineArticle) empty = byline_article_new ();
  g_autoptr(BylineArticleSnapshot) old = NULL;
  g_autoptr(GBytes) old_json = NULL;
  g_autofree char *old_text = NULL;
  gsize old_length;

  assert_snapshot_matches (empty);
  assert_snapshot_matches (article);

  /* Every kind of edit reaches the next snapshot (no stale cache)… */
  old = byline_article_snapshot (article);
  old_text = byline_article_to_json (article, &old_length);

  byline_block_set_text (byline_article_get_block (article, 0), "Новий текст 😀 with \"quotes\"");
  assert_snapshot_matches (article);
  byline_block_add_mark (byline_article_get_block (article, 0), BYLINE_MARK_ITALIC, 0, 5, NULL);
  assert_snapshot_matches (article);
  byline_block_set_attribution (byline_article_get_block (article, 1), "Someone else");
  assert_snapshot_matches (article);
  byline_image_set_decorative (byline_block_get_image (byline_article_get_block (article, 2)), TRUE);
  assert_snapshot_matches (article);
  byline_image_set_caption (byline_story_ref_get_image (byline_block_get_story_ref (byline_article_get_block (article, 3))) ?
                            byline_story_ref_get_image (byline_block_get_story_ref (byline_article_get_block (article, 3))) :
                            byline_article_get_lead_image (article), "caption");
  assert_snapshot_matches (article);
  byline_story_ref_set_url (byline_block_get_story_ref (byline_article_get_block (article, 3)), "https://example.org/a");
  assert_snapshot_matches (article);
  byline_article_set_headline (article, "A new headline");
  assert_snapshot_matches (article);

  /* …and the old snapshot is frozen: it still writes the old article. */
  old_json = byline_article_snapshot_to_json (old);
  g_assert_cmpmem (g_bytes_get_data (old_json, NULL), g_bytes_get_size (old_json), old_text, old_length);

  /* It writes the same on another thread. */
  {
    g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
    g_autoptr(GBytes) here = byline_article_snapshot_to_json (snapshot);
    GThread *thread = g_thread_new ("snapshot", snapshot_thread, snapshot);
    g_autoptr(GBytes) there = g_thread_join (thread);

    g_assert_true (g_bytes_equal (here, there));
  }

  /* The boxed type works for GValue users. */
  {
    g_auto(GValue) value = G_VALUE_INIT;
    g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);

    g_value_init (&value, BYLINE_TYPE_ARTICLE_SNAPSHOT);
    g_value_set_boxed (&value, snapshot);
    g_assert_true (g_value_get_boxed (&value) == snapshot);
  }
}

static void
test_snapshot_reuses_blocks (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Paragraph number %u of a long story.", i);
      g_ptr_array_add (blocks, byline_block_new_paragraph (text));
    }
  byline_article_splice_body (article, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);

  byline_article_snapshot_unref (byline_article_snapshot (article));
  for (guint i = 0; i < blocks->len; i++)
    g_assert_true (byline_block_has_cached_json (blocks->pdata[i]));

  /* An edit drops the cache of the edited block only. */
  byline_block_set_text (blocks->pdata[1234], "Edited paragraph.");
  for (guint i = 0; i < blocks->len; i++)
    g_assert_true (byline_block_has_cached_json (blocks->pdata[i]) == (i != 1234));

  assert_snapshot_matches (article);
  g_assert_true (byline_block_has_cached_json (blocks->pdata[1234]));
}

/* A snapshot knows, at no cost, whether the reader would take what it
 * writes; the check names what is too long in words a journalist reads. */
static void
assert_check_fails (BylineArticle *article,
                    const char    *message_start,
                    const char    *message_part)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
  g_autoptr(GError) error = NULL;

  g_assert_false (byline_article_snapshot_check (snapshot, &error));
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, message_start) ||
      strstr (error->message, message_part) == NULL)
    g_error ("expected a message starting “%s” with “%s”, got “%s”",
             message_start, message_part, error->message);
}

static void
assert_check_passes_and_reads_back (BylineArticle *article)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
  g_autoptr(GBytes) json = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_article_snapshot_check (snapshot, &error));
  g_assert_no_error (error);

  json = byline_article_snapshot_to_json (snapshot);
  loaded = byline_article_new_from_json (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (byline_article_equal (loaded, article));
}

static void
test_snapshot_check (void)
{
  g_autoptr(BylineArticle) article = build_rich_article ();
  g_autofree char *headline = g_strnfill (BYLINE_MAX_SHORT_CHARS + 50000, 'H');
  g_autofree char *text = g_strnfill (BYLINE_MAX_TEXT_CHARS + 1, 'w');
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  BylineBlock *huge;

  assert_check_passes_and_reads_back (article);

  /* A pasted headline of 150,000 characters */
  byline_article_set_headline (article, headline);
  assert_check_fails (article,
                      "The headline is too long to save: 150,000 characters, at most 100,000.",
                      "nothing has been lost");
  byline_article_set_headline (article, "Back to a real headline");
  assert_check_passes_and_reads_back (article);

  /* A paragraph of 16,000,001 characters among a thousand short ones: the
   * check names it (the twelfth paragraph), and only the blocks that
   * changed are looked at again. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *words = g_strdup_printf ("Paragraph %u, a short one.", i);
      g_ptr_array_add (blocks, byline_block_new_paragraph (words));
    }
  byline_article_splice_body (article, byline_article_get_n_blocks (article), 0,
                              (BylineBlock * const *) blocks->pdata, blocks->len);
  assert_check_passes_and_reads_back (article);

  huge = g_ptr_array_index (blocks, 10);
  byline_block_set_text (huge, text);
  assert_check_fails (article,
                      "Paragraph 12 of the body (“wwwwwwwwww",
                      "is too long to save: 16,000,001 characters, at most 16,000,000.");

  /* Another edit elsewhere: the paragraph is not serialised again (its
   * JSON is the same bytes), yet the problem is still found. */
  {
    g_autoptr(GBytes) before = byline_block_dup_json (huge);
    g_autoptr(GBytes) after = NULL;

    byline_article_set_standfirst (article, "A new standfirst.");
    assert_check_fails (article, "Paragraph 12 of the body", "16,000,001 characters");
    after = byline_block_dup_json (huge);
    g_assert_true (before == after);
  }

  /* A copy shares the blocks' JSON, and with it what is wrong in them. */
  {
    g_autoptr(BylineArticle) copy = byline_article_copy (article);
    assert_check_fails (copy, "Paragraph 12 of the body", "16,000,001 characters");
  }

  /* Shortened by one character: saved, and read back. */
  text[BYLINE_MAX_TEXT_CHARS] = '\0';
  byline_block_set_text (huge, text);
  assert_check_passes_and_reads_back (article);

  /* A quote's attribution, a link, an image's caption inside a card */
  {
    g_autofree char *long_name = g_strnfill (BYLINE_MAX_SHORT_CHARS + 1, 'n');
    g_autofree char *long_href = g_strnfill (BYLINE_MAX_URI_CHARS + 1, 'u');
    g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);

    byline_block_set_text (quote, "“We are ready.”");
    byline_block_set_attribution (quote, long_name);
    byline_article_insert_block (article, 0, quote);
    assert_check_fails (article, "The attribution of quote 1 of the body (““We are ready.””)", "100,001 characters");
    byline_block_set_attribution (quote, "The harbour master");

    byline_block_add_mark (quote, BYLINE_MARK_LINK, 0, 3, long_href);
    assert_check_fails (article, "A link address in quote 1 of the body", "8,193 characters, at most 8,192");
    byline_article_remove_blocks (article, 0, 1);
    assert_check_passes_and_reads_back (article);
  }
}

static void
test_enum_strings (void)
{
  BylineArticleStatus status;
  BylineBlockKind kind;
  BylineSyncState state;

  g_assert_cmpstr (byline_article_status_to_string (BYLINE_ARTICLE_STATUS_PENDING_REVIEW), ==, "pending-review");
  g_assert_true (byline_article_status_from_string ("published", &status));
  g_assert_cmpint (status, ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_false (byline_article_status_from_string ("archived", &status));
  g_assert_false (byline_article_status_from_string (NULL, &status));

  g_assert_cmpstr (byline_block_kind_to_string (BYLINE_BLOCK_CARD), ==, "card");
  g_assert_true (byline_block_kind_from_string ("subheading", &kind));
  g_assert_cmpint (kind, ==, BYLINE_BLOCK_SUBHEADING);
  g_assert_false (byline_block_kind_from_string ("Paragraph", &kind));

  for (guint i = BYLINE_SYNC_STATE_LOCAL; i <= BYLINE_SYNC_STATE_ERROR; i++)
    {
      g_assert_true (byline_sync_state_from_string (byline_sync_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_cmpstr (byline_sync_state_to_string (BYLINE_SYNC_STATE_CONFLICT), ==, "conflict");
}

static BylineImage *
image_with (const char *caption,
            const char *credit,
            const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, "media/0.png");
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

/* The image panel's and the checks panel's questions about one photo */
static void
test_image_flags (void)
{
  g_autoptr(BylineImage) good = image_with ("Fishing boats wait for the tide in the harbour",
                                            "\xc2\xa9 Coast Agency 2026 / Mara Lind",
                                            "Three blue boats tied to a stone quay at low tide");
  g_autoptr(BylineImage) bare = image_with (NULL, NULL, NULL);
  g_autoptr(BylineImage) lazy = image_with ("Boats", "nice picture i took.", "boats ");

  g_assert_cmpint (byline_image_get_flags (good), ==, BYLINE_IMAGE_FLAG_NONE);

  g_assert_cmpint (byline_image_get_flags (bare), ==,
                   BYLINE_IMAGE_FLAG_NO_ALT | BYLINE_IMAGE_FLAG_NO_CREDIT |
                   BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT);
  /* A decorative photo needs no alt text */
  byline_image_set_decorative (bare, TRUE);
  g_assert_false (byline_image_get_flags (bare) & BYLINE_IMAGE_FLAG_NO_ALT);

  g_assert_cmpint (byline_image_get_flags (lazy), ==,
                   BYLINE_IMAGE_FLAG_ALT_IS_CAPTION | BYLINE_IMAGE_FLAG_CREDIT_SUSPICIOUS |
                   BYLINE_IMAGE_FLAG_CAPTION_TOO_SHORT);

  g_assert_true (byline_credit_looks_like_credit ("Photo: Ana Ruiz"));
  g_assert_true (byline_credit_looks_like_credit ("Ana Ruiz/Northline"));
  g_assert_true (byline_credit_looks_like_credit ("NORTHLINE"));
  g_assert_true (byline_credit_looks_like_credit ("(c) Harbour Press"));
  g_assert_false (byline_credit_looks_like_credit ("the boats were lovely that morning"));
  g_assert_false (byline_credit_looks_like_credit (""));
  g_assert_nonnull (byline_image_flag_describe (BYLINE_IMAGE_FLAG_NO_CREDIT));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/article/defaults", test_article_defaults);
  g_test_add_func ("/article/properties", test_article_properties);
  g_test_add_func ("/article/image-and-story-ref-notify", test_image_and_story_ref_notify);
  g_test_add_func ("/article/nested-changes", test_nested_changes);
  g_test_add_func ("/article/related-list", test_related_list);
  g_test_add_func ("/article/count-words", test_count_words);
  g_test_add_func ("/article/reading-time", test_reading_time);
  g_test_add_func ("/article/word-count-incremental", test_word_count_incremental);
  g_test_add_func ("/article/splice-single-signal", test_splice_single_signal);
  g_test_add_func ("/article/block-in-two-bodies", test_block_in_two_bodies);
  g_test_add_func ("/article/block-marks", test_block_marks);
  g_test_add_func ("/article/copy-and-equal", test_copy_and_equal);
  g_test_add_func ("/article/snapshot", test_snapshot);
  g_test_add_func ("/article/snapshot-reuses-blocks", test_snapshot_reuses_blocks);
  g_test_add_func ("/article/snapshot-check", test_snapshot_check);
  g_test_add_func ("/article/enum-strings", test_enum_strings);
  g_test_add_func ("/article/image-flags", test_image_flags);

  return g_test_run ();
}
