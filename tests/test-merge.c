/* test-merge.c: three-way merge of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-merge"

#include <string.h>

#include "byline-article.h"
#include "byline-merge.h"

/* A small story used as the base of most tests: five paragraphs. */
static BylineArticle *
make_base (void)
{
  BylineArticle *article = byline_article_new ();
  static const char * const paragraphs[] = {
    "The harbour ferry will stop running in March, the council said on Tuesday.",
    "Commuters on the north shore have used the boat since 1958.",
    "A replacement bus will take twice as long, according to the operator.",
    "Councillors voted six to three after a two-hour debate.",
    "A petition against the closure has gathered four thousand names.",
  };
  const char *tags[] = { "transport", "council", NULL };
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 3, 1, 9, 0, 0);

  byline_article_set_section (article, "Local");
  byline_article_set_headline (article, "Harbour ferry to stop in March");
  byline_article_set_standfirst (article, "Council votes to end a service that ran for 66 years");
  byline_article_set_byline (article, "Mara Quell");
  byline_article_set_tags (article, tags);
  byline_article_set_created (article, created);

  for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    {
      g_autoptr(BylineBlock) block = byline_block_new_paragraph (paragraphs[i]);
      byline_article_append_block (article, block);
    }

  return article;
}

static const char *
block_text (BylineArticle *article,
            guint          position)
{
  return byline_block_get_text (byline_article_get_block (article, position));
}

static void
set_block_text (BylineArticle *article,
                guint          position,
                const char    *text)
{
  byline_block_set_text (byline_article_get_block (article, position), text);
}

static void
insert_paragraph (BylineArticle *article,
                  guint          position,
                  const char    *text)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);
  byline_article_insert_block (article, position, block);
}

static BylineMergeConflict *
conflict_at (BylineMerge *merge,
             guint        position)
{
  /* The list model hands out a reference; the merge keeps its own. */
  g_autoptr(BylineMergeConflict) conflict =
    g_list_model_get_item (byline_merge_get_conflicts (merge), position);
  return conflict;
}

static guint
n_conflicts (BylineMerge *merge)
{
  return g_list_model_get_n_items (byline_merge_get_conflicts (merge));
}

/* Text fields */

static void
test_field_one_side (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineArticle *result;

  byline_article_set_headline (mine, "Harbour ferry to stop in April");
  byline_article_set_standfirst (theirs, "A service that ran for 66 years ends");
  byline_article_set_status (theirs, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  byline_article_set_section (mine, "City");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (n_conflicts (merge), ==, 0);
  g_assert_cmpstr (byline_article_get_headline (result), ==, "Harbour ferry to stop in April");
  g_assert_cmpstr (byline_article_get_standfirst (result), ==, "A service that ran for 66 years ends");
  g_assert_cmpstr (byline_article_get_section (result), ==, "City");
  g_assert_cmpstr (byline_article_get_byline (result), ==, "Mara Quell");
  g_assert_cmpint (byline_article_get_status (result), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  g_assert_cmpstr (byline_article_get_id (result), ==, byline_article_get_id (mine));
  g_assert_true (result != mine && result != theirs);

  /* The inputs are left as they were. */
  g_assert_cmpstr (byline_article_get_headline (base), ==, "Harbour ferry to stop in March");
  g_assert_cmpstr (byline_article_get_standfirst (mine), ==,
                   "Council votes to end a service that ran for 66 years");
  g_assert_cmpstr (byline_article_get_headline (theirs), ==, "Harbour ferry to stop in March");
}

static void
test_field_both_same (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;

  byline_article_set_headline (mine, "Ferry service ends after 66 years");
  byline_article_set_headline (theirs, "Ferry service ends after 66 years");
  byline_article_set_status (mine, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_set_status (theirs, BYLINE_ARTICLE_STATUS_SCHEDULED);

  merge = byline_merge_new (base, mine, theirs);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpstr (byline_article_get_headline (byline_merge_get_result (merge)), ==,
                   "Ferry service ends after 66 years");
  g_assert_cmpint (byline_article_get_status (byline_merge_get_result (merge)), ==,
                   BYLINE_ARTICLE_STATUS_SCHEDULED);
}

static void
test_field_both_different (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineMergeConflict *headline, *status;
  BylineArticle *result;

  byline_article_set_headline (mine, "Ferry to stop; bus to replace it");
  byline_article_set_headline (theirs, "Council axes the harbour ferry");
  byline_article_set_status (mine, BYLINE_ARTICLE_STATUS_PUBLISHED);
  byline_article_set_status (theirs, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  byline_article_set_byline (theirs, "Mara Quell and Tobin Ashe");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_true (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (n_conflicts (merge), ==, 2);

  headline = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (headline), ==, "headline");
  g_assert_cmpstr (byline_merge_conflict_get_label (headline), ==, "Headline");
  g_assert_cmpstr (byline_merge_conflict_get_base (headline), ==, "Harbour ferry to stop in March");
  g_assert_cmpstr (byline_merge_conflict_get_mine (headline), ==, "Ferry to stop; bus to replace it");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (headline), ==, "Council axes the harbour ferry");
  g_assert_cmpint (byline_merge_conflict_get_choice (headline), ==, BYLINE_MERGE_CHOICE_NONE);

  status = conflict_at (merge, 1);
  g_assert_cmpstr (byline_merge_conflict_get_field (status), ==, "status");

  /* Unresolved: the result holds mine's values; the clean field merged. */
  g_assert_cmpstr (byline_article_get_headline (result), ==, "Ferry to stop; bus to replace it");
  g_assert_cmpint (byline_article_get_status (result), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_cmpstr (byline_article_get_byline (result), ==, "Mara Quell and Tobin Ashe");
}

static void
test_resolve_fields (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  BylineMergeConflict *headline, *standfirst, *status;
  BylineArticle *result;

  byline_article_set_headline (mine, "Mine headline");
  byline_article_set_headline (theirs, "Their headline");
  byline_article_set_standfirst (mine, "Mine standfirst");
  byline_article_set_standfirst (theirs, "Their standfirst");
  byline_article_set_status (mine, BYLINE_ARTICLE_STATUS_PUBLISHED);
  byline_article_set_status (theirs, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);
  g_assert_cmpuint (n_conflicts (merge), ==, 3);
  headline = g_object_ref (conflict_at (merge, 0));
  standfirst = g_object_ref (conflict_at (merge, 1));
  status = g_object_ref (conflict_at (merge, 2));

  byline_merge_resolve (merge, headline, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_cmpstr (byline_article_get_headline (result), ==, "Their headline");
  g_assert_cmpint (byline_merge_conflict_get_choice (headline), ==, BYLINE_MERGE_CHOICE_THEIRS);
  g_assert_cmpuint (n_conflicts (merge), ==, 2);

  byline_merge_resolve (merge, standfirst, BYLINE_MERGE_CHOICE_CUSTOM,
                        "Both of our standfirsts, joined");
  g_assert_cmpstr (byline_article_get_standfirst (result), ==, "Both of our standfirsts, joined");

  /* A status that does not exist is refused and the conflict stays. */
  g_assert_false (byline_merge_try_resolve (merge, status, BYLINE_MERGE_CHOICE_CUSTOM,
                                            "somewhere in between", &error));
  g_assert_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM);
  g_assert_nonnull (strstr (error->message, "somewhere in between"));
  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  g_assert_true (byline_merge_has_conflicts (merge));

  byline_merge_resolve (merge, status, BYLINE_MERGE_CHOICE_MINE, NULL);
  g_assert_cmpint (byline_article_get_status (result), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (n_conflicts (merge), ==, 0);

  g_object_unref (headline);
  g_object_unref (standfirst);
  g_object_unref (status);
}

static void
test_times (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(GDateTime) mine_created = g_date_time_new_utc (2024, 3, 2, 8, 0, 0);
  g_autoptr(GDateTime) older = g_date_time_new_utc (2024, 3, 4, 10, 0, 0);
  g_autoptr(GDateTime) newer = g_date_time_new_utc (2024, 3, 4, 11, 30, 0);

  byline_article_set_created (mine, mine_created);
  byline_article_set_modified (mine, older);
  byline_article_set_modified (theirs, newer);

  merge = byline_merge_new (base, mine, theirs);
  g_assert_true (g_date_time_equal (byline_article_get_created (byline_merge_get_result (merge)),
                                    mine_created));
  g_assert_true (g_date_time_equal (byline_article_get_modified (byline_merge_get_result (merge)),
                                    newer));
}

/* Tags and related stories */

static void
test_tags_set (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  const char *mine_tags[] = { "transport", "ferries", NULL };         /* -council +ferries */
  const char *theirs_tags[] = { "council", "transport", "buses", NULL }; /* +buses */
  const char *expected[] = { "transport", "ferries", "buses", NULL };

  byline_article_set_tags (mine, mine_tags);
  byline_article_set_tags (theirs, theirs_tags);

  merge = byline_merge_new (base, mine, theirs);
  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_true (g_strv_equal (byline_article_get_tags (byline_merge_get_result (merge)), expected));
}

static BylineStoryRef *
make_ref (const char *cms_id,
          const char *headline)
{
  BylineStoryRef *ref = byline_story_ref_new ();
  g_autofree char *url = g_strdup_printf ("https://news.example/%s", cms_id);

  byline_story_ref_set_cms_id (ref, cms_id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_headline (ref, headline);
  return ref;
}

static void
add_ref (BylineArticle *article,
         const char    *cms_id,
         const char    *headline)
{
  g_autoptr(BylineStoryRef) ref = make_ref (cms_id, headline);
  GListModel *related = byline_article_get_related (article);

  byline_article_insert_related (article, g_list_model_get_n_items (related), ref);
}

static char *
related_ids (BylineArticle *article)
{
  GListModel *related = byline_article_get_related (article);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", byline_story_ref_get_cms_id (ref));
    }
  return g_string_free (out, FALSE);
}

static void
test_related_set (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(BylineStoryRef) renamed = NULL;
  BylineArticle *result;

  add_ref (base, "10", "Bridge tolls rise");
  add_ref (base, "11", "Ferry timetable cut");
  add_ref (base, "12", "Bus lanes approved");
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  /* Mine: moves 12 to the front, removes 10, adds 20. */
  byline_article_move_related (mine, 2, 0);
  byline_article_remove_related (mine, 1);
  add_ref (mine, "20", "Night buses return");
  /* Theirs: removes 11, adds 30 then 31, renames 12. */
  byline_article_remove_related (theirs, 1);
  add_ref (theirs, "30", "Harbour walk reopens");
  add_ref (theirs, "31", "Council budget set");
  renamed = g_list_model_get_item (byline_article_get_related (theirs), 1);
  byline_story_ref_set_headline (renamed, "Bus lanes approved on main road");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);
  g_assert_false (byline_merge_has_conflicts (merge));

  ids = related_ids (result);
  g_assert_cmpstr (ids, ==, "12,20,30,31");

  {
    g_autoptr(BylineStoryRef) first = g_list_model_get_item (byline_article_get_related (result), 0);
    g_assert_cmpstr (byline_story_ref_get_headline (first), ==, "Bus lanes approved on main road");
  }
}

/* Lead image */

static BylineImage *
make_image (const char *src,
            const char *caption)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, src);
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, "Ines Varga");
  byline_image_set_alt (image, "A white ferry at a wooden pier");
  return image;
}

static void
test_lead_image (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineImage) image = make_image ("media/ferry.jpg", "The ferry at dusk");
  g_autoptr(BylineMerge) merge = NULL;
  BylineImage *merged;
  BylineMergeConflict *c;

  byline_article_set_lead_image (base, image);
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  /* Different texts of the same image merge; the same text conflicts. */
  byline_image_set_credit (byline_article_get_lead_image (mine), "Ines Varga / Coast Press");
  byline_image_set_alt (byline_article_get_lead_image (theirs), "A white ferry leaving a pier");
  byline_image_set_caption (byline_article_get_lead_image (mine), "The last summer of the ferry");
  byline_image_set_caption (byline_article_get_lead_image (theirs), "The ferry, seen from the pier");

  merge = byline_merge_new (base, mine, theirs);
  merged = byline_article_get_lead_image (byline_merge_get_result (merge));
  g_assert_nonnull (merged);
  g_assert_true (merged != byline_article_get_lead_image (mine));
  g_assert_cmpstr (byline_image_get_credit (merged), ==, "Ines Varga / Coast Press");
  g_assert_cmpstr (byline_image_get_alt (merged), ==, "A white ferry leaving a pier");
  g_assert_cmpstr (byline_image_get_caption (merged), ==, "The last summer of the ferry");

  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "lead_image.caption");
  g_assert_cmpstr (byline_merge_conflict_get_base (c), ==, "The ferry at dusk");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==, "The ferry, seen from the pier");

  byline_merge_resolve (merge, c, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_cmpstr (byline_image_get_caption (merged), ==, "The ferry, seen from the pier");
  g_assert_false (byline_merge_has_conflicts (merge));
}

static void
test_lead_image_removed (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineImage) image = make_image ("media/ferry.jpg", "The ferry at dusk");
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineMerge) merge2 = NULL;
  g_autoptr(GError) error = NULL;
  BylineMergeConflict *c;
  BylineArticle *result;

  byline_article_set_lead_image (base, image);
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  /* Removed on one side only: gone. */
  byline_article_set_lead_image (theirs, NULL);
  merge = byline_merge_new (base, mine, theirs);
  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_null (byline_article_get_lead_image (byline_merge_get_result (merge)));

  /* Removed on one side, recaptioned on the other: a conflict over the
   * whole image, which keeps mine's until resolved. */
  byline_image_set_caption (byline_article_get_lead_image (mine), "The ferry in its last week");
  merge2 = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge2);
  g_assert_cmpuint (n_conflicts (merge2), ==, 1);
  c = conflict_at (merge2, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "lead_image");
  g_assert_null (byline_merge_conflict_get_theirs (c));
  g_assert_nonnull (strstr (byline_merge_conflict_get_mine (c), "The ferry in its last week"));
  g_assert_nonnull (byline_article_get_lead_image (result));

  g_assert_false (byline_merge_try_resolve (merge2, c, BYLINE_MERGE_CHOICE_CUSTOM, "x", &error));
  g_assert_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM);

  byline_merge_resolve (merge2, c, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_null (byline_article_get_lead_image (result));
  g_assert_false (byline_merge_has_conflicts (merge2));
}

/* Body */

static void
test_body_different_paragraphs (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineArticle *result;

  set_block_text (mine, 1, "Commuters on the north shore have relied on the boat since 1958.");
  set_block_text (theirs, 3, "Councillors voted six to three after a debate of two hours.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 5);
  g_assert_cmpstr (block_text (result, 0), ==, block_text (base, 0));
  g_assert_cmpstr (block_text (result, 1), ==,
                   "Commuters on the north shore have relied on the boat since 1958.");
  g_assert_cmpstr (block_text (result, 2), ==, block_text (base, 2));
  g_assert_cmpstr (block_text (result, 3), ==,
                   "Councillors voted six to three after a debate of two hours.");
  g_assert_cmpstr (block_text (result, 4), ==, block_text (base, 4));

  /* The result's blocks are its own. */
  g_assert_true (byline_article_get_block (result, 1) != byline_article_get_block (mine, 1));
  g_assert_cmpstr (block_text (base, 1), ==, "Commuters on the north shore have used the boat since 1958.");
}

/* One side edited two neighbouring paragraphs, the other one of them the
 * same way and nothing else: the first side's diff is one stretch of two
 * paragraphs, and still nothing conflicts. */
static void
test_body_neighbours_one_shared (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineArticle *result;

  set_block_text (mine, 1, "Commuters on the north shore have relied on the boat since 1958.");
  set_block_text (mine, 2, "The crossing takes eleven minutes in calm weather.");
  set_block_text (theirs, 1, "Commuters on the north shore have relied on the boat since 1958.");
  set_block_text (theirs, 3, "Councillors voted six to three after a debate of two hours.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 5);
  g_assert_cmpstr (block_text (result, 1), ==,
                   "Commuters on the north shore have relied on the boat since 1958.");
  g_assert_cmpstr (block_text (result, 2), ==, "The crossing takes eleven minutes in calm weather.");
  g_assert_cmpstr (block_text (result, 3), ==,
                   "Councillors voted six to three after a debate of two hours.");

  /* The same neighbours edited differently on both sides still conflict */
  g_clear_object (&merge);
  set_block_text (theirs, 2, "The crossing takes a quarter of an hour.");
  merge = byline_merge_new (base, mine, theirs);
  g_assert_true (byline_merge_has_conflicts (merge));
}

static void
test_body_same_paragraph (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineMergeConflict *c;
  BylineArticle *result;

  set_block_text (mine, 2, "A replacement bus will take twice as long, the operator admitted.");
  set_block_text (theirs, 2, "The replacement bus takes 40 minutes, against 20 by boat.");
  /* An edit elsewhere still merges. */
  set_block_text (theirs, 0, "The harbour ferry will stop running in March, the council said.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[2]");
  g_assert_cmpstr (byline_merge_conflict_get_label (c), ==, "Paragraph 3");
  g_assert_cmpstr (byline_merge_conflict_get_base (c), ==,
                   "A replacement bus will take twice as long, according to the operator.");
  g_assert_cmpstr (byline_merge_conflict_get_mine (c), ==,
                   "A replacement bus will take twice as long, the operator admitted.");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==,
                   "The replacement bus takes 40 minutes, against 20 by boat.");

  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 5);
  g_assert_cmpstr (block_text (result, 0), ==, "The harbour ferry will stop running in March, the council said.");
  g_assert_cmpstr (block_text (result, 2), ==,
                   "A replacement bus will take twice as long, the operator admitted.");
}

static void
test_body_resolve (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineMergeConflict *first, *second;
  BylineArticle *result;

  set_block_text (mine, 1, "Mine: the boat has run since 1958.");
  set_block_text (theirs, 1, "Theirs: the boat has carried commuters since 1958.");
  set_block_text (mine, 3, "Mine: the vote was six to three.");
  set_block_text (theirs, 3, "Theirs: six councillors voted for the closure.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);
  g_assert_cmpuint (n_conflicts (merge), ==, 2);
  first = g_object_ref (conflict_at (merge, 0));
  second = g_object_ref (conflict_at (merge, 1));
  g_assert_cmpstr (byline_merge_conflict_get_field (first), ==, "body[1]");
  g_assert_cmpstr (byline_merge_conflict_get_field (second), ==, "body[3]");

  /* CUSTOM with two paragraphs: the first region grows by one block, and
   * the second region is still found where it moved to. */
  byline_merge_resolve (merge, first, BYLINE_MERGE_CHOICE_CUSTOM,
                        "The boat has carried commuters since 1958.\n\n  \nIt was the last ferry on the coast.\n");
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 6);
  g_assert_cmpstr (block_text (result, 1), ==, "The boat has carried commuters since 1958.");
  g_assert_cmpstr (block_text (result, 2), ==, "It was the last ferry on the coast.");
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (result, 2)), ==, BYLINE_BLOCK_PARAGRAPH);

  byline_merge_resolve (merge, second, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 6);
  g_assert_cmpstr (block_text (result, 4), ==, "Theirs: six councillors voted for the closure.");
  g_assert_cmpstr (block_text (result, 3), ==, block_text (base, 2));
  g_assert_cmpstr (block_text (result, 5), ==, block_text (base, 4));
  g_assert_false (byline_merge_has_conflicts (merge));

  /* Changing one's mind: back to mine for the first region. */
  byline_merge_resolve (merge, first, BYLINE_MERGE_CHOICE_MINE, NULL);
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 5);
  g_assert_cmpstr (block_text (result, 1), ==, "Mine: the boat has run since 1958.");
  g_assert_cmpstr (block_text (result, 3), ==, "Theirs: six councillors voted for the closure.");

  g_object_unref (first);
  g_object_unref (second);
}

static void
test_body_insert_and_edit (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineArticle *result;

  /* Mine inserts right before the paragraph theirs edits. */
  insert_paragraph (mine, 2, "The operator declined to comment further.");
  set_block_text (theirs, 2, "A replacement bus will take 40 minutes, twice as long as the boat.");
  /* And a heading at the top on their side. */
  {
    g_autoptr(BylineBlock) heading = byline_block_new (BYLINE_BLOCK_SUBHEADING);
    byline_block_set_text (heading, "What changes");
    byline_article_insert_block (theirs, 0, heading);
  }

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 7);
  g_assert_cmpstr (block_text (result, 0), ==, "What changes");
  g_assert_cmpint (byline_block_get_kind (byline_article_get_block (result, 0)), ==, BYLINE_BLOCK_SUBHEADING);
  g_assert_cmpstr (block_text (result, 1), ==, block_text (base, 0));
  g_assert_cmpstr (block_text (result, 2), ==, block_text (base, 1));
  g_assert_cmpstr (block_text (result, 3), ==, "The operator declined to comment further.");
  g_assert_cmpstr (block_text (result, 4), ==,
                   "A replacement bus will take 40 minutes, twice as long as the boat.");
  g_assert_cmpstr (block_text (result, 5), ==, block_text (base, 3));
}

static void
test_body_delete_and_edit (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineMergeConflict *c;
  BylineArticle *result;

  byline_article_remove_blocks (mine, 3, 1);
  set_block_text (theirs, 3, "Councillors voted six to three after a heated debate.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[3]");
  g_assert_cmpstr (byline_merge_conflict_get_base (c), ==, "Councillors voted six to three after a two-hour debate.");
  g_assert_null (byline_merge_conflict_get_mine (c));
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==,
                   "Councillors voted six to three after a heated debate.");

  /* Unresolved, the result follows mine: the paragraph is gone. */
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 4);

  byline_merge_resolve (merge, c, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 5);
  g_assert_cmpstr (block_text (result, 3), ==, "Councillors voted six to three after a heated debate.");
  g_assert_cmpstr (block_text (result, 4), ==, block_text (base, 4));
}

static void
test_body_delete_one_side (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineArticle *result;

  byline_article_remove_blocks (theirs, 1, 2);
  set_block_text (mine, 4, "A petition against the closure has gathered 4,000 names.");

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 3);
  g_assert_cmpstr (block_text (result, 0), ==, block_text (base, 0));
  g_assert_cmpstr (block_text (result, 1), ==, block_text (base, 3));
  g_assert_cmpstr (block_text (result, 2), ==, "A petition against the closure has gathered 4,000 names.");
}

/* Both sides append different paragraphs at the end: both are kept, mine's
 * first, and that is not a conflict (docs/merge.md). */
static void
test_body_both_append (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineMerge) same = NULL;
  BylineArticle *result;
  g_autoptr(BylineBlock) a = byline_block_new_paragraph ("The council meets again on 12 April.");
  g_autoptr(BylineBlock) b = byline_block_new_paragraph ("Campaigners plan a protest at the pier.");
  g_autoptr(BylineBlock) c = byline_block_new_paragraph ("The operator will publish a timetable.");

  byline_article_append_block (mine, a);
  byline_article_append_block (theirs, b);
  byline_article_append_block (theirs, c);

  merge = byline_merge_new (base, mine, theirs);
  result = byline_merge_get_result (merge);

  g_assert_false (byline_merge_has_conflicts (merge));
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 8);
  g_assert_cmpstr (block_text (result, 4), ==, block_text (base, 4));
  g_assert_cmpstr (block_text (result, 5), ==, "The council meets again on 12 April.");
  g_assert_cmpstr (block_text (result, 6), ==, "Campaigners plan a protest at the pier.");
  g_assert_cmpstr (block_text (result, 7), ==, "The operator will publish a timetable.");

  /* The same paragraph appended on both sides appears once. */
  same = byline_merge_new (base, mine, mine);
  g_assert_false (byline_merge_has_conflicts (same));
  g_assert_cmpuint (byline_article_get_n_blocks (byline_merge_get_result (same)), ==, 6);
}

static void
test_body_kinds (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) picture = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineImage) image = make_image ("media/pier.jpg", "The pier at low tide");
  BylineMergeConflict *c;

  byline_block_set_text (quote, "We were not asked.");
  byline_block_set_attribution (quote, "A north-shore commuter");
  byline_article_insert_block (base, 1, quote);
  byline_block_set_image (picture, image);
  byline_article_insert_block (base, 3, picture);
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  byline_block_set_text (byline_article_get_block (mine, 1), "Nobody asked us.");
  byline_block_set_attribution (byline_article_get_block (theirs, 1), "Ana Brisk, a commuter");
  byline_image_set_caption (byline_block_get_image (byline_article_get_block (mine, 3)), "Low tide");
  byline_image_set_caption (byline_block_get_image (byline_article_get_block (theirs, 3)), "The old pier");

  merge = byline_merge_new (base, mine, theirs);
  g_assert_cmpuint (n_conflicts (merge), ==, 2);

  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_label (c), ==, "Quote");
  g_assert_cmpstr (byline_merge_conflict_get_mine (c), ==, "Nobody asked us.\n— A north-shore commuter");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==, "We were not asked.\n— Ana Brisk, a commuter");

  c = conflict_at (merge, 1);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[3]");
  g_assert_cmpstr (byline_merge_conflict_get_label (c), ==, "Image");
  g_assert_true (g_str_has_prefix (byline_merge_conflict_get_theirs (c), "The old pier"));

  byline_merge_resolve (merge, c, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  {
    BylineBlock *block = byline_article_get_block (byline_merge_get_result (merge), 3);
    g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_IMAGE);
    g_assert_cmpstr (byline_image_get_caption (byline_block_get_image (block)), ==, "The old pier");
  }
}

/* Several changed paragraphs in one overlapping region make one conflict
 * whose texts are the region's paragraphs apart by a blank line. */
static void
test_body_region (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) merge = NULL;
  BylineMergeConflict *c;
  g_autofree char *expected_base = NULL;

  set_block_text (mine, 1, "M1");
  set_block_text (mine, 2, "M2");
  set_block_text (theirs, 2, "T2");
  set_block_text (theirs, 3, "T3");

  merge = byline_merge_new (base, mine, theirs);
  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  expected_base = g_strjoin ("\n\n", block_text (base, 1), block_text (base, 2), block_text (base, 3), NULL);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[1]");
  g_assert_cmpstr (byline_merge_conflict_get_base (c), ==, expected_base);
  g_assert_cmpstr (byline_merge_conflict_get_mine (c), ==, "M1\n\nM2\n\nCouncillors voted six to three after a two-hour debate.");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==, "Commuters on the north shore have used the boat since 1958.\n\nT2\n\nT3");
}

static void
test_unknown_conflict (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = byline_article_copy (base);
  g_autoptr(BylineArticle) theirs = byline_article_copy (base);
  g_autoptr(BylineMerge) one = NULL;
  g_autoptr(BylineMerge) other = NULL;
  g_autoptr(GError) error = NULL;

  byline_article_set_headline (mine, "One");
  byline_article_set_headline (theirs, "Two");
  one = byline_merge_new (base, mine, theirs);
  other = byline_merge_new (base, mine, theirs);

  g_assert_false (byline_merge_try_resolve (other, conflict_at (one, 0),
                                            BYLINE_MERGE_CHOICE_THEIRS, NULL, &error));
  g_assert_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_UNKNOWN_CONFLICT);
  g_assert_cmpstr (byline_article_get_headline (byline_merge_get_result (other)), ==, "One");
  g_assert_true (byline_merge_has_conflicts (other));
}

/* A long body with edits at both ends on both sides. */
static void
test_body_large (void)
{
  g_autoptr(BylineArticle) base = byline_article_new ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  BylineArticle *result;
  BylineMergeConflict *c;
  gint64 start;
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Paragraph number %u of the long read, "
                                               "about the harbour and its boats.", i);
      g_ptr_array_add (blocks, byline_block_new_paragraph (text));
    }
  byline_article_splice_body (base, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  /* Mine: edits block 3, inserts one after block 10, edits near the end. */
  set_block_text (mine, 3, "Mine changed the fourth paragraph.");
  insert_paragraph (mine, 11, "Mine added a paragraph after the eleventh.");
  set_block_text (mine, n - 2 + 1, "Mine changed the second to last paragraph.");
  /* Theirs: edits block 5, deletes block 4990, edits the same block as mine
   * near the end, and appends one. */
  set_block_text (theirs, 5, "Theirs changed the sixth paragraph.");
  byline_article_remove_blocks (theirs, 4990, 1);
  set_block_text (theirs, n - 3, "Theirs changed the second to last paragraph.");
  insert_paragraph (theirs, n - 1, "Theirs added a last paragraph.");

  start = g_get_monotonic_time ();
  merge = byline_merge_new (base, mine, theirs);
  g_test_message ("merged %u blocks in %.1f ms", n,
                  (g_get_monotonic_time () - start) / 1000.0);
  result = byline_merge_get_result (merge);

  /* n + 1 (mine's insert) - 1 (theirs' delete) + 1 (theirs' append). */
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, n + 1);
  g_assert_cmpstr (block_text (result, 3), ==, "Mine changed the fourth paragraph.");
  g_assert_cmpstr (block_text (result, 5), ==, "Theirs changed the sixth paragraph.");
  g_assert_cmpstr (block_text (result, 11), ==, "Mine added a paragraph after the eleventh.");
  g_assert_cmpstr (block_text (result, 12), ==, block_text (base, 11));
  g_assert_cmpstr (block_text (result, 4990), ==, block_text (base, 4989));
  g_assert_cmpstr (block_text (result, 4991), ==, block_text (base, 4991));
  g_assert_cmpstr (block_text (result, n), ==, "Theirs added a last paragraph.");

  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[4998]");
  g_assert_cmpstr (byline_merge_conflict_get_label (c), ==, "Paragraph 4999");
  g_assert_cmpstr (byline_merge_conflict_get_mine (c), ==, "Mine changed the second to last paragraph.");
  g_assert_cmpstr (byline_merge_conflict_get_theirs (c), ==, "Theirs changed the second to last paragraph.");
  g_assert_cmpstr (block_text (result, 4998), ==, "Mine changed the second to last paragraph.");
  g_assert_cmpstr (block_text (result, 4999), ==, block_text (base, n - 1));
}

static BylineArticle *
random_article (GRand *rand,
                guint  n)
{
  BylineArticle *article = byline_article_new ();

  for (guint i = 0; i < n; i++)
    {
      /* Few distinct texts, so the same paragraph repeats: the hard case
       * for aligning blocks. */
      g_autofree char *text = g_strdup_printf ("Line %d", g_rand_int_range (rand, 0, 6));
      insert_paragraph (article, i, text);
    }
  return article;
}

static BylineArticle *
random_edit (GRand         *rand,
             BylineArticle *base)
{
  BylineArticle *copy = byline_article_copy (base);
  guint edits = g_rand_int_range (rand, 0, 8);

  for (guint e = 0; e < edits; e++)
    {
      guint n = byline_article_get_n_blocks (copy);
      guint at = g_rand_int_range (rand, 0, n + 1);
      g_autofree char *text = g_strdup_printf ("New %u", g_rand_int (rand) % 4);

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          insert_paragraph (copy, at, text);
          break;
        case 1:
          if (at < n)
            byline_article_remove_blocks (copy, at, 1);
          break;
        default:
          if (at < n)
            set_block_text (copy, at, text);
          break;
        }
    }
  return copy;
}

static gboolean
same_body (BylineArticle *a,
           BylineArticle *b)
{
  if (byline_article_get_n_blocks (a) != byline_article_get_n_blocks (b))
    return FALSE;
  for (guint i = 0; i < byline_article_get_n_blocks (a); i++)
    if (!byline_block_equal (byline_article_get_block (a, i), byline_article_get_block (b, i)))
      return FALSE;
  return TRUE;
}

/* Whatever one side did to the body, merging it with an untouched other
 * side (or with itself) gives exactly that side's body, without conflict. */
static void
test_body_one_side_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240304);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(BylineArticle) base = random_article (rand, g_rand_int_range (rand, 0, 25));
      g_autoptr(BylineArticle) changed = random_edit (rand, base);
      g_autoptr(BylineMerge) theirs_only = byline_merge_new (base, base, changed);
      g_autoptr(BylineMerge) mine_only = byline_merge_new (base, changed, base);
      g_autoptr(BylineMerge) both = byline_merge_new (base, changed, changed);

      g_assert_false (byline_merge_has_conflicts (theirs_only));
      g_assert_false (byline_merge_has_conflicts (mine_only));
      g_assert_false (byline_merge_has_conflicts (both));
      g_assert_true (same_body (byline_merge_get_result (theirs_only), changed));
      g_assert_true (same_body (byline_merge_get_result (mine_only), changed));
      g_assert_true (same_body (byline_merge_get_result (both), changed));
    }
}

/* Whatever both sides did: the same regions conflict whichever side is
 * called mine, and resolving every region as THEIRS and then every one
 * as MINE again gives back the unresolved result, so each region is found
 * where the resolutions before it moved it. */
static void
test_body_both_sides_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint total_conflicts = 0;

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(BylineArticle) base = random_article (rand, g_rand_int_range (rand, 0, 25));
      g_autoptr(BylineArticle) mine = random_edit (rand, base);
      g_autoptr(BylineArticle) theirs = random_edit (rand, base);
      g_autoptr(BylineMerge) merge = byline_merge_new (base, mine, theirs);
      g_autoptr(BylineMerge) swapped = byline_merge_new (base, theirs, mine);
      g_autoptr(BylineArticle) unresolved = byline_article_copy (byline_merge_get_result (merge));
      g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func (g_object_unref);
      GListModel *conflicts = byline_merge_get_conflicts (merge);

      g_assert_cmpuint (n_conflicts (merge), ==, n_conflicts (swapped));
      total_conflicts += n_conflicts (merge);

      for (guint i = 0; i < g_list_model_get_n_items (conflicts); i++)
        g_ptr_array_add (regions, g_list_model_get_item (conflicts, i));
      for (guint i = 0; i < regions->len; i++)
        byline_merge_resolve (merge, regions->pdata[i], BYLINE_MERGE_CHOICE_THEIRS, NULL);
      g_assert_false (byline_merge_has_conflicts (merge));
      for (guint i = regions->len; i > 0; i--)
        byline_merge_resolve (merge, regions->pdata[i - 1], BYLINE_MERGE_CHOICE_MINE, NULL);
      g_assert_true (same_body (byline_merge_get_result (merge), unresolved));
    }

  /* The rounds did exercise conflicts. */
  g_assert_cmpuint (total_conflicts, >, 50);
}

/* Two rewrites of a long body: slower paths, still a sane answer. */
static void
test_body_rewritten (void)
{
  g_autoptr(BylineArticle) base = byline_article_new ();
  g_autoptr(BylineArticle) mine = byline_article_new ();
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(GPtrArray) a = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) b = g_ptr_array_new_with_free_func (g_object_unref);
  BylineMergeConflict *c;
  gint64 start;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *old_text = g_strdup_printf ("Old paragraph %u", i);
      g_autofree char *new_text = g_strdup_printf ("Rewritten paragraph %u", i);
      g_ptr_array_add (a, byline_block_new_paragraph (old_text));
      g_ptr_array_add (b, byline_block_new_paragraph (new_text));
    }
  byline_article_splice_body (base, 0, 0, (BylineBlock * const *) a->pdata, a->len);
  byline_article_splice_body (mine, 0, 0, (BylineBlock * const *) b->pdata, b->len);
  theirs = byline_article_copy (base);
  set_block_text (theirs, 2500, "Theirs touched the middle.");

  start = g_get_monotonic_time ();
  merge = byline_merge_new (base, mine, theirs);
  g_test_message ("merged two rewrites in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Mine rewrote everything and theirs changed one paragraph of it: one
   * conflict over the rewritten body, and until resolved it is mine's. */
  g_assert_cmpuint (n_conflicts (merge), ==, 1);
  c = conflict_at (merge, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (c), ==, "body[0]");
  g_assert_true (same_body (byline_merge_get_result (merge), mine));
  byline_merge_resolve (merge, c, BYLINE_MERGE_CHOICE_THEIRS, NULL);
  g_assert_true (same_body (byline_merge_get_result (merge), theirs));
}

/* The publication time of a scheduled story merges like a short field:
 * one side's change is taken, a clash is a conflict the journalist settles
 * with either side or a time of their own. */
static void
test_scheduled_for (void)
{
  g_autoptr(BylineArticle) base = make_base ();
  g_autoptr(BylineArticle) mine = NULL;
  g_autoptr(BylineArticle) theirs = NULL;
  g_autoptr(BylineMerge) merge = NULL;
  g_autoptr(BylineMerge) clash = NULL;
  g_autoptr(GDateTime) nine = g_date_time_new_utc (2031, 6, 2, 9, 0, 0);
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2031, 6, 2, 12, 0, 0);
  g_autoptr(GDateTime) custom = g_date_time_new_utc (2031, 6, 3, 7, 45, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) open_copy = NULL;
  BylineMergeConflict *conflict;
  BylineArticle *result;

  byline_article_set_status (base, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_set_scheduled_for (base, nine);
  mine = byline_article_copy (base);
  theirs = byline_article_copy (base);

  /* The desk moved it to noon; the journalist edited the headline. */
  byline_article_set_scheduled_for (theirs, noon);
  byline_article_set_headline (mine, "Harbour ferry to stop in March, council says");
  merge = byline_merge_new (base, mine, theirs);
  g_assert_false (byline_merge_has_conflicts (merge));
  result = byline_merge_get_result (merge);
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (result), noon));
  g_assert_cmpstr (byline_article_get_headline (result), ==, "Harbour ferry to stop in March, council says");

  /* The journalist unscheduled it while the desk moved it: a conflict. */
  byline_article_set_scheduled_for (mine, NULL);
  clash = byline_merge_new (base, mine, theirs);
  g_assert_cmpuint (n_conflicts (clash), ==, 1);
  conflict = conflict_at (clash, 0);
  g_assert_cmpstr (byline_merge_conflict_get_field (conflict), ==, "scheduled_for");
  g_assert_cmpstr (byline_merge_conflict_get_base (conflict), ==, "2031-06-02 09:00 UTC");
  g_assert_null (byline_merge_conflict_get_mine (conflict));
  g_assert_cmpstr (byline_merge_conflict_get_theirs (conflict), ==, "2031-06-02 12:00 UTC");
  result = byline_merge_get_result (clash);
  /* Unresolved, the result holds mine. */
  g_assert_null (byline_article_get_scheduled_for (result));

  g_assert_false (byline_merge_try_resolve (clash, conflict, BYLINE_MERGE_CHOICE_CUSTOM,
                                            "next Tuesday-ish", &error));
  g_assert_error (error, BYLINE_MERGE_ERROR, BYLINE_MERGE_ERROR_INVALID_CUSTOM);
  g_assert_true (byline_merge_has_conflicts (clash));
  g_clear_error (&error);

  g_assert_true (byline_merge_try_resolve (clash, conflict, BYLINE_MERGE_CHOICE_CUSTOM,
                                           "2031-06-03 07:45 UTC", &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (result), custom));
  g_assert_false (byline_merge_has_conflicts (clash));

  /* An open article brought up to date takes the time too. */
  open_copy = byline_article_copy (base);
  byline_merge_update_article (open_copy, result);
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (open_copy), custom));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/merge/field/one-side", test_field_one_side);
  g_test_add_func ("/merge/field/both-same", test_field_both_same);
  g_test_add_func ("/merge/field/both-different", test_field_both_different);
  g_test_add_func ("/merge/field/resolve", test_resolve_fields);
  g_test_add_func ("/merge/field/times", test_times);
  g_test_add_func ("/merge/field/scheduled-for", test_scheduled_for);
  g_test_add_func ("/merge/tags", test_tags_set);
  g_test_add_func ("/merge/related", test_related_set);
  g_test_add_func ("/merge/lead-image/texts", test_lead_image);
  g_test_add_func ("/merge/lead-image/removed", test_lead_image_removed);
  g_test_add_func ("/merge/body/different-paragraphs", test_body_different_paragraphs);
  g_test_add_func ("/merge/body/neighbours-one-shared", test_body_neighbours_one_shared);
  g_test_add_func ("/merge/body/same-paragraph", test_body_same_paragraph);
  g_test_add_func ("/merge/body/resolve", test_body_resolve);
  g_test_add_func ("/merge/body/insert-and-edit", test_body_insert_and_edit);
  g_test_add_func ("/merge/body/delete-and-edit", test_body_delete_and_edit);
  g_test_add_func ("/merge/body/delete-one-side", test_body_delete_one_side);
  g_test_add_func ("/merge/body/both-append", test_body_both_append);
  g_test_add_func ("/merge/body/kinds", test_body_kinds);
  g_test_add_func ("/merge/body/region", test_body_region);
  g_test_add_func ("/merge/body/large", test_body_large);
  g_test_add_func ("/merge/body/rewritten", test_body_rewritten);
  g_test_add_func ("/merge/body/one-side-random", test_body_one_side_random);
  g_test_add_func ("/merge/body/both-sides-random", test_body_both_sides_random);
  g_test_add_func ("/merge/unknown-conflict", test_unknown_conflict);

  return g_test_run ();
}
