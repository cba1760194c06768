/* test-find.c: find and replace in the whole article, in the real window:
 * headline, body, quotes' attributions and images' captions; one Ctrl+Z
 * takes back the body's part of Replace All; a long story is searched
 * without blocking the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "byline-text-row.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"
#include "byline-find-bar.h"

typedef struct
{
  char          *dir;
  BylineStore   *store;
  BylineWindow  *window;
  BylineArticle *article;
} Fixture;

static BylineImage *
image_new (const char *caption,
           const char *credit,
           const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

static void
open_window (Fixture       *fixture,
             BylineArticle *article)
{
  g_autoptr(GError) error = NULL;

  fixture->article = g_object_ref (article);
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);

  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, byline_article_get_id (article));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* A short story with "harbour" in the headline, the body (once in bold),
 * a quote's attribution, the lead image's caption and an inline image's
 * caption */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineImage) lead = image_new ("Boats in the harbour at dawn", "© Test Agency 2026 / Ola Nord",
                                           "Fishing boats moored at a quay");
  g_autoptr(BylineImage) inline_image = image_new ("The old harbour crane", "Photo: Kari Vik", "A yellow crane");
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("The harbour reopens on Monday after a year of work.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("Fees at the Harbour office fall by half.");
  g_autoptr(BylineBlock) picture = byline_block_new (BYLINE_BLOCK_IMAGE);
  g_autoptr(BylineBlock) quote = byline_block_new (BYLINE_BLOCK_QUOTE);
  g_autoptr(BylineBlock) last = byline_block_new_paragraph ("Ferries return in May.");

  fixture->store = byline_ui_test_store_new ("byline-find-XXXXXX", &fixture->dir);

  byline_article_set_headline (article, "Harbour reopens after a year");
  byline_article_set_standfirst (article, "Ships and ferries return to the north.");
  byline_article_set_byline (article, "Test Desk");
  byline_article_set_lead_image (article, lead);
  /* "harbour" in bold */
  byline_block_add_mark (first, BYLINE_MARK_BOLD, 4, 11, NULL);
  byline_article_append_block (article, first);
  byline_article_append_block (article, second);
  byline_block_set_image (picture, inline_image);
  byline_article_append_block (article, picture);
  byline_block_set_text (quote, "We waited a long time for this.");
  byline_block_set_attribution (quote, "Lin Berg, harbour master");
  byline_article_append_block (article, quote);
  byline_article_append_block (article, last);

  open_window (fixture, article);
}

static gboolean
autosave_settled (gpointer data)
{
  BylineAutosave *autosave = byline_article_editor_get_autosave (data);

  return autosave == NULL || byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_SAVED;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  byline_ui_test_drain ();
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->article);
  g_free (fixture->dir);
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static BylineArticle *
open_article (Fixture *fixture)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);

  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  return byline_article_editor_get_article (editor);
}

static BylineFindBar *
find_bar (Fixture *fixture)
{
  return BYLINE_FIND_BAR (byline_article_editor_get_find_bar (byline_window_get_editor (fixture->window)));
}

static gboolean
search_done (gpointer data)
{
  return !byline_find_bar_get_busy (data);
}

/* Types @query as the journalist would and waits for the answer (the
 * entry reports 150 ms after the last keystroke) */
static void
search_for (BylineFindBar *bar,
            const char    *query)
{
  gtk_editable_set_text (byline_find_bar_get_search_entry (bar), query);
  byline_ui_test_spin (200);
  byline_ui_test_wait_until (search_done, bar, "the search");
}

static void
test_find_everywhere (Fixture       *fixture,
                      gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  BylineFindBar *bar = find_bar (fixture);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (body);
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  GtkRoot *root = GTK_ROOT (fixture->window);
  guint n;

  g_assert_nonnull (article);
  g_assert_false (byline_find_bar_is_open (bar));

  /* Ctrl+F from the body */
  gtk_widget_grab_focus (GTK_WIDGET (body));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (body), "editor.find", NULL));
  g_assert_true (byline_find_bar_is_open (bar));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), GTK_WIDGET (bar)));

  search_for (bar, "harbour");
  /* headline, lead caption, body ×2, inline caption, attribution */
  n = byline_find_bar_get_n_matches (bar);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (byline_find_bar_get_match (bar, 0)->field, ==, BYLINE_SEARCH_FIELD_HEADLINE);
  g_assert_cmpint (byline_find_bar_get_match (bar, 1)->field, ==, BYLINE_SEARCH_FIELD_CAPTION);
  g_assert_cmpint (byline_find_bar_get_match (bar, 1)->image, ==, 0);
  g_assert_cmpint (byline_find_bar_get_match (bar, 2)->field, ==, BYLINE_SEARCH_FIELD_BODY);
  g_assert_cmpint (byline_find_bar_get_match (bar, 4)->field, ==, BYLINE_SEARCH_FIELD_CAPTION);
  g_assert_cmpint (byline_find_bar_get_match (bar, 4)->block, ==, 2);
  g_assert_cmpint (byline_find_bar_get_match (bar, 5)->field, ==, BYLINE_SEARCH_FIELD_ATTRIBUTION);

  /* The caret was at the top of the body: the first match from there is
   * selected in the body */
  g_assert_cmpint (byline_find_bar_get_current (bar), ==, 2);
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "3 of 6");
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (selected, ==, "harbour");
  g_assert_cmpint (gtk_text_iter_get_line (&start), ==, 0);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-body.png");

  /* Next: the body's second, then the inline image's caption */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "4 of 6");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "5 of 6, in the caption of image 1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "6 of 6, in a quote’s attribution");
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-attribution.png");

  /* Wraps to the headline; back again to the last */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_cmpint (byline_find_bar_get_current (bar), ==, 0);
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "1 of 6, in the headline");
  {
    GtkTextBuffer *headline = gtk_text_view_get_buffer (byline_article_editor_get_headline_view (editor));
    g_autofree char *text = NULL;

    g_assert_true (gtk_text_buffer_get_selection_bounds (headline, &start, &end));
    text = gtk_text_iter_get_text (&start, &end);
    g_assert_cmpstr (text, ==, "Harbour");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-previous", NULL));
  g_assert_cmpint (byline_find_bar_get_current (bar), ==, 5);

  /* The lead image's caption: its row unfolds and the field holds the
   * match selected */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "editor.find-next", NULL));
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "2 of 6, in the caption of the lead image");
  {
    GtkWidget *caption = byline_article_editor_get_lead_image_entry (editor, "caption");
    GtkWidget *row = gtk_widget_get_ancestor (caption, ADW_TYPE_EXPANDER_ROW);
    GtkTextBuffer *field = gtk_text_view_get_buffer (byline_text_row_get_text_view (BYLINE_TEXT_ROW (caption)));
    GtkTextIter sel_start, sel_end;

    g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
    g_assert_true (gtk_text_buffer_get_selection_bounds (field, &sel_start, &sel_end));
    g_assert_cmpint (gtk_text_iter_get_offset (&sel_start), ==, 13);
    g_assert_cmpint (gtk_text_iter_get_offset (&sel_end), ==, 20);
  }
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-lead-caption.png");

  /* Escape: the bar closes, and the focus goes to that match's field */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "find-bar.close", NULL));
  g_assert_false (byline_find_bar_is_open (bar));
  g_assert_true (gtk_root_get_focus (root) == byline_article_editor_get_lead_image_entry (editor, "caption")
                 || gtk_widget_is_ancestor (gtk_root_get_focus (root),
                                            byline_article_editor_get_lead_image_entry (editor, "caption")));
}

/* Escape without going anywhere gives the focus back where it was */
static void
test_find_escape_returns_focus (Fixture       *fixture,
                                gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  GtkTextView *standfirst = byline_article_editor_get_standfirst_view (editor);
  BylineFindBar *bar = find_bar (fixture);
  GtkRoot *root = GTK_ROOT (fixture->window);

  open_article (fixture);
  gtk_widget_grab_focus (GTK_WIDGET (standfirst));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (standfirst), "editor.find-replace", NULL));
  g_assert_true (byline_find_bar_is_open (bar));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (byline_find_bar_get_replace_entry (bar)))));

  search_for (bar, "lighthouse");
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 0);
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "No matches");
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-no-matches.png");

  g_signal_emit_by_name (byline_find_bar_get_search_entry (bar), "stop-search");
  g_assert_false (byline_find_bar_is_open (bar));
  g_assert_true (gtk_root_get_focus (root) == GTK_WIDGET (standfirst));
}

static void
test_find_match_case (Fixture       *fixture,
                      gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineFindBar *bar = find_bar (fixture);

  open_article (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.find", NULL));

  search_for (bar, "Harbour");
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 6);

  gtk_toggle_button_set_active (byline_find_bar_get_case_button (bar), TRUE);
  byline_ui_test_wait_until (search_done, bar, "the search matching case");
  /* The headline and "Harbour office" */
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 2);
  g_assert_cmpint (byline_find_bar_get_match (bar, 1)->block, ==, 1);

  search_for (bar, "HARBOUR");
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 0);
  g_assert_cmpstr (byline_find_bar_get_status (bar), ==, "No matches");
}

static gboolean
status_is (gpointer data)
{
  BylineFindBar *bar = ((gpointer *) data)[0];

  return g_strcmp0 (byline_find_bar_get_status (bar), ((gpointer *) data)[1]) == 0;
}

static void
test_replace_all (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  GtkTextView *body = byline_article_editor_get_body_view (editor);
  BylineFindBar *bar = find_bar (fixture);
  BylineBlock *block;
  const BylineMark *marks;
  guint n_marks = 0;
  gpointer wait[2] = { bar, (gpointer) "Replaced 6 matches" };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.find-replace", NULL));
  search_for (bar, "harbour");
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 6);

  gtk_editable_set_text (byline_find_bar_get_replace_entry (bar), "port");
  byline_find_bar_replace_all (bar);
  byline_ui_test_wait_until (status_is, wait, "the count of replaced matches");
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-replaced-all.png");

  /* Every field, through the same paths as typing */
  g_assert_cmpstr (byline_article_get_headline (article), ==, "port reopens after a year");
  g_assert_cmpstr (byline_image_get_caption (byline_article_get_lead_image (article)), ==,
                   "Boats in the port at dawn");
  block = byline_article_get_block (article, 0);
  g_assert_cmpstr (byline_block_get_text (block), ==, "The port reopens on Monday after a year of work.");
  /* The replaced word keeps its bold */
  marks = byline_block_get_marks (block, &n_marks);
  g_assert_cmpuint (n_marks, ==, 1);
  g_assert_cmpint (marks[0].kind, ==, BYLINE_MARK_BOLD);
  g_assert_cmpuint (marks[0].start, ==, 4);
  g_assert_cmpuint (marks[0].end, ==, 8);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==,
                   "Fees at the port office fall by half.");
  g_assert_cmpstr (byline_image_get_caption (byline_block_get_image (byline_article_get_block (article, 2))), ==,
                   "The old port crane");
  /* Still a quote, its attribution still an attribution */
  block = byline_article_get_block (article, 3);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_text (block), ==, "We waited a long time for this.");
  g_assert_cmpstr (byline_block_get_attribution (block), ==, "Lin Berg, port master");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 5);
  /* The headline's view shows it too */
  {
    GtkTextBuffer *headline = gtk_text_view_get_buffer (byline_article_editor_get_headline_view (editor));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (headline, &start, &end);
    text = gtk_text_buffer_get_text (headline, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "port reopens after a year");
  }

  /* One Ctrl+Z in the body takes back the body's whole part */
  gtk_widget_grab_focus (GTK_WIDGET (body));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (body), "text.undo", NULL));
  byline_ui_test_drain ();
  block = byline_article_get_block (article, 0);
  g_assert_cmpstr (byline_block_get_text (block), ==, "The harbour reopens on Monday after a year of work.");
  marks = byline_block_get_marks (block, &n_marks);
  g_assert_cmpuint (n_marks, ==, 1);
  g_assert_cmpuint (marks[0].start, ==, 4);
  g_assert_cmpuint (marks[0].end, ==, 11);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 1)), ==,
                   "Fees at the Harbour office fall by half.");
  block = byline_article_get_block (article, 3);
  g_assert_cmpint (byline_block_get_kind (block), ==, BYLINE_BLOCK_QUOTE);
  g_assert_cmpstr (byline_block_get_attribution (block), ==, "Lin Berg, harbour master");
  g_assert_cmpstr (byline_block_get_text (block), ==, "We waited a long time for this.");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 5);
  /* The fields outside the body keep their new text */
  g_assert_cmpstr (byline_image_get_caption (byline_article_get_lead_image (article)), ==,
                   "Boats in the port at dawn");
}

static void
test_replace_one (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor = byline_window_get_editor (fixture->window);
  BylineArticle *article = open_article (fixture);
  BylineFindBar *bar = find_bar (fixture);

  gtk_widget_grab_focus (GTK_WIDGET (byline_article_editor_get_body_view (editor)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.find-replace", NULL));
  search_for (bar, "harbour");
  g_assert_cmpint (byline_find_bar_get_current (bar), ==, 2);

  gtk_editable_set_text (byline_find_bar_get_replace_entry (bar), "quay");
  byline_find_bar_replace (bar);
  byline_ui_test_wait_until (search_done, bar, "the search after replacing");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==,
                   "The quay reopens on Monday after a year of work.");
  /* One fewer, and the current one is the next after the replaced text */
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 5);
  g_assert_cmpint (byline_find_bar_get_current (bar), ==, 2);
  g_assert_cmpint (byline_find_bar_get_match (bar, 2)->block, ==, 1);
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Harbour reopens after a year");
}

static gboolean
count_iterations (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* About 50,000 words: the answer comes from a worker thread while the
 * main loop goes on (no timing is asserted: that is what the benchmark
 * measures) */
static void
test_find_long_article (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  BylineArticleEditor *editor;
  BylineFindBar *bar;
  guint iterations = 0, ticker;

  byline_article_set_headline (article, "A very long report");
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(BylineBlock) block = NULL;

      for (guint w = 0; w < 25; w++)
        {
          guint n = i * 25 + w;

          /* Every word different, so the checks panel has nothing to say */
          if (n % 997 == 0)
            g_string_append_printf (text, "%sneedle", w ? " " : "");
          else
            g_string_append_printf (text, "%sword%u", w ? " " : "", n);
        }
      g_string_append_c (text, '.');
      block = byline_block_new_paragraph (text->str);
      byline_article_append_block (article, block);
    }
  g_assert_cmpuint (byline_article_get_word_count (article), >=, 50000);

  /* The short story of the fixture makes way for the long one */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->article);
  byline_ui_test_drain ();
  open_window (fixture, article);
  editor = byline_window_get_editor (fixture->window);
  open_article (fixture);
  bar = find_bar (fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.find", NULL));
  gtk_editable_set_text (byline_find_bar_get_search_entry (bar), "needle");
  /* What the entry does 150 ms after the last keystroke, now */
  g_signal_emit_by_name (byline_find_bar_get_search_entry (bar), "search-changed");

  /* Not answered on the spot: the search runs elsewhere */
  g_assert_true (byline_find_bar_get_busy (bar));
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 0);

  /* At the priority the answer comes back with, so every turn of the
   * loop counts, this one included */
  ticker = g_idle_add_full (G_PRIORITY_DEFAULT, count_iterations, &iterations, NULL);
  byline_ui_test_wait_until (search_done, bar, "the long search");
  g_source_remove (ticker);
  g_test_message ("main loop iterations while searching: %u", iterations);
  g_assert_cmpuint (iterations, >, 0);

  /* (50,000 words, one "needle" every 997) */
  g_assert_cmpuint (byline_find_bar_get_n_matches (bar), ==, 51);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "find-long-article.png");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("find", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/find/everywhere", Fixture, NULL, fixture_set_up, test_find_everywhere, fixture_tear_down);
  g_test_add ("/find/escape-returns-focus", Fixture, NULL, fixture_set_up, test_find_escape_returns_focus, fixture_tear_down);
  g_test_add ("/find/match-case", Fixture, NULL, fixture_set_up, test_find_match_case, fixture_tear_down);
  g_test_add ("/find/replace-all", Fixture, NULL, fixture_set_up, test_replace_all, fixture_tear_down);
  g_test_add ("/find/replace-one", Fixture, NULL, fixture_set_up, test_replace_one, fixture_tear_down);
  g_test_add ("/find/long-article", Fixture, NULL, fixture_set_up, test_find_long_article, fixture_tear_down);

  return g_test_run ();
}
