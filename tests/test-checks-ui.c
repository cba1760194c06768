/* test-checks-ui.c: the checks and headline panels, driven in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "byline-ui-test-utils.h"
#include "byline-window.h"

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = byline_ui_test_store_new ("byline-checks-XXXXXX", &fixture->dir);
}

static gboolean
autosave_settled (gpointer data)
{
  BylineArticleEditor *editor = data;
  BylineAutosave *autosave = byline_article_editor_get_autosave (editor);

  return autosave == NULL || byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_SAVED;
}

static void
close_window (Fixture *fixture)
{
  if (fixture->window == NULL)
    return;
  byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  byline_ui_test_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture);
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static void
show_page (Fixture    *fixture,
           const char *page)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (byline_window_get_checks_panel (fixture->window)),
                                              GTK_TYPE_STACK);

  gtk_stack_set_visible_child_name (GTK_STACK (stack), page);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* A window showing @id with the sidebar on page @page */
static void
start_window (Fixture    *fixture,
              const char *id,
              const char *page)
{
  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, id);
  byline_ui_test_wait_until (editor_has_article, byline_window_get_editor (fixture->window), "the article");
  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  show_page (fixture, page);
}

static char *
store_article (BylineStore *store,
               const char  *headline,
               const char  *standfirst,
               const char  *paragraph)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (paragraph);

  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, standfirst);
  byline_article_append_block (article, block);
  byline_store_save_article_sync (store, article, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (byline_article_get_id (article));
}

static gboolean
checks_current (gpointer data)
{
  return byline_checks_panel_is_current (data);
}

/* Waits for the checks of the article as it is now */
static GListModel *
wait_for_checks (Fixture *fixture)
{
  BylineChecksPanel *panel = byline_window_get_checks_panel (fixture->window);

  byline_ui_test_wait_until (checks_current, panel, "the checks");
  return byline_checks_panel_get_items (panel);
}

static BylineCheckItem *
find_item (GListModel      *items,
           BylineCheckKind  kind)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BylineCheckItem) item = g_list_model_get_item (items, i);

      if (byline_check_item_get_kind (item) == kind)
        return item;   /* the list keeps it alive */
    }
  return NULL;
}

static void
type_into (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
}

static char *
selection_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return g_strdup ("");
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Typing a doubled word into the body brings an item; fixing it takes it
 * away; activating it selects the words in the body. */
static void
test_check_appears_and_goes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store, "Ferry returns to winter hours",
                                       "Storm damage means fewer crossings.",
                                       "The operator said the last crossing leaves at 18:30.");
  BylineArticleEditor *editor;
  GtkTextView *body;
  GtkTextBuffer *buffer;
  GListModel *items;
  BylineCheckItem *item;
  g_autofree char *selected = NULL;
  GtkTextIter end;

  start_window (fixture, id, "checks");
  editor = byline_window_get_editor (fixture->window);
  body = byline_article_editor_get_body_view (editor);
  buffer = gtk_text_view_get_buffer (body);

  items = wait_for_checks (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "checks-panel-empty.png");

  /* A second paragraph, with a doubled word and a bracket left open */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  type_into (body, "\nRepairs start on Monday and the the pier (north side reopens in May.");
  items = wait_for_checks (fixture);
  item = find_item (items, BYLINE_CHECK_DOUBLED_WORD);
  g_assert_nonnull (item);
  g_assert_nonnull (find_item (items, BYLINE_CHECK_UNBALANCED));
  g_assert_nonnull (strstr (byline_check_item_get_message (item), "Paragraph 2"));

  /* Some words of its own, a target, an image without a credit: a full list */
  {
    BylineArticle *article = byline_article_editor_get_article (editor);
    g_autoptr(BylineImage) image = byline_image_new ();

    byline_image_set_caption (image, "The damaged landing stage at the north pier.");
    byline_image_set_alt (image, "Broken planks beside a moored ferry.");
    byline_article_set_lead_image (article, image);
    byline_article_set_word_target (article, 400);
  }
  items = wait_for_checks (fixture);
  item = find_item (items, BYLINE_CHECK_DOUBLED_WORD);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "checks-panel.png");

  /* Going there selects the words */
  byline_checks_panel_activate_item (byline_window_get_checks_panel (fixture->window), item);
  selected = selection_of (body);
  g_assert_cmpstr (selected, ==, "the the");
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (body)));

  /* Fixed: the item goes */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "the", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  items = wait_for_checks (fixture);
  g_assert_null (find_item (items, BYLINE_CHECK_DOUBLED_WORD));
  g_assert_nonnull (find_item (items, BYLINE_CHECK_UNBALANCED));
}

/* Checks read the whole story again on a worker: while another panel is
 * shown they wait, and run once the checks are on screen */
static void
test_checks_when_shown (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store, "Ferry returns to winter hours",
                                       "Storm damage.", "The the operator said so.");
  BylineChecksPanel *panel;
  GListModel *items;

  start_window (fixture, id, "headline");
  panel = byline_window_get_checks_panel (fixture->window);
  type_into (byline_article_editor_get_body_view (byline_window_get_editor (fixture->window)), "Then ");

  /* Well past the pause after typing that starts a check (300 ms) */
  byline_ui_test_spin (1000);
  g_assert_false (byline_checks_panel_is_current (panel));
  g_assert_cmpuint (g_list_model_get_n_items (byline_checks_panel_get_items (panel)), ==, 0);

  show_page (fixture, "checks");
  items = wait_for_checks (fixture);
  g_assert_nonnull (find_item (items, BYLINE_CHECK_DOUBLED_WORD));
}

/* The headline's overflow is selected in the headline view */
static void
test_activate_headline (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store,
                                       "Island ferry operator confirms that the winter timetable starts two weeks early",
                                       "Storm damage.", "The operator said so.");
  GListModel *items;
  BylineCheckItem *item;
  g_autofree char *selected = NULL;
  const char *hint;

  start_window (fixture, id, "checks");
  items = wait_for_checks (fixture);
  item = find_item (items, BYLINE_CHECK_HEADLINE_LENGTH);
  g_assert_nonnull (item);

  /* Marked in the headline panel: an error in words, not colour only */
  show_page (fixture, "headline");
  hint = byline_headline_panel_get_headline_hint (byline_window_get_headline_panel (fixture->window));
  g_assert_nonnull (hint);
  g_assert_nonnull (strstr (hint, "over the newsroom’s limit of 70"));
  g_assert_nonnull (strstr (byline_headline_panel_get_seo_width_text (byline_window_get_headline_panel (fixture->window)),
                            "headline is measured"));
  g_assert_true (g_str_has_suffix (byline_headline_panel_get_seo_preview (byline_window_get_headline_panel (fixture->window)),
                                   "…"));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "headline-panel.png");

  byline_checks_panel_activate_item (byline_window_get_checks_panel (fixture->window), item);
  selected = selection_of (byline_article_editor_get_headline_view (byline_window_get_editor (fixture->window)));
  /* What is past the 70 characters */
  g_assert_cmpstr (selected, ==, "eks early");
}

/* The slug follows the headline until edited by hand */
static void
test_slug (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store, "Щука в Неве", "Storm damage.", "The operator said so.");
  BylineHeadlinePanel *panel;
  GtkEditable *slug;
  BylineArticle *article;

  start_window (fixture, id, "headline");
  panel = byline_window_get_headline_panel (fixture->window);
  slug = byline_headline_panel_get_slug_editable (panel);
  article = byline_article_editor_get_article (byline_window_get_editor (fixture->window));
  g_assert_cmpstr (gtk_editable_get_text (slug), ==, "shchuka-v-neve");

  byline_article_set_headline (article, "Щука в Неве весной");
  g_assert_cmpstr (gtk_editable_get_text (slug), ==, "shchuka-v-neve-vesnoy");

  /* Typed by hand: kept, cleaned, and no longer following */
  gtk_editable_set_text (slug, "Pike in the Neva");
  g_assert_cmpstr (byline_article_get_slug (article), ==, "pike-in-the-neva");
  byline_article_set_headline (article, "Щука");
  {
    g_autofree char *effective = byline_article_dup_effective_slug (article);
    g_assert_cmpstr (effective, ==, "pike-in-the-neva");
  }
}

/* A dismissed item stays dismissed after the article is opened again */
static void
test_dismiss_persists (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store, "Ferry returns", "",
                                       "The ferry left the the pier.");
  BylineChecksPanel *panel;
  GListModel *items;
  BylineCheckItem *item;
  g_autofree char *item_id = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  start_window (fixture, id, "checks");
  panel = byline_window_get_checks_panel (fixture->window);
  items = wait_for_checks (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);   /* standfirst, doubled word */
  item = find_item (items, BYLINE_CHECK_DOUBLED_WORD);
  item_id = g_strdup (byline_check_item_get_id (item));

  byline_checks_panel_dismiss_item (panel, item);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  items = wait_for_checks (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  close_window (fixture);

  /* In the store, and again in a new window */
  loaded = byline_store_load_sync (fixture->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_is_check_dismissed (loaded, item_id));

  start_window (fixture, id, "checks");
  items = wait_for_checks (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_assert_null (find_item (items, BYLINE_CHECK_DOUBLED_WORD));
}

static gboolean
has_dialog (gpointer data)
{
  return byline_checks_panel_get_submit_dialog (data) != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return byline_checks_panel_get_submit_dialog (data) == NULL;
}

static void
test_submit_for_review (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = store_article (fixture->store, "Ferry returns", "",
                                       "“We will not reopen it before the spring.”");
  BylineChecksPanel *panel;
  BylineArticle *article;
  GtkWindow *dialog;
  g_autofree char *heading = NULL;

  start_window (fixture, id, "checks");
  panel = byline_window_get_checks_panel (fixture->window);
  article = byline_article_editor_get_article (byline_window_get_editor (fixture->window));

  /* From the window's action, before the checks have even run */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.submit-for-review", NULL);
  byline_ui_test_wait_until (has_dialog, panel, "the submit dialog");
  dialog = byline_checks_panel_get_submit_dialog (panel);
  g_object_get (dialog, "heading", &heading, NULL);
  g_assert_cmpstr (heading, ==, "2 Things to Check Before the Desk");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Standfirst"));
  byline_ui_test_wait_for_frame (GTK_WIDGET (dialog));
  byline_ui_test_save_screenshot (GTK_WIDGET (dialog), "submit-for-review.png");

  /* "Review" changes nothing (a click both responds and closes) */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "review");
  gtk_window_destroy (dialog);
  byline_ui_test_drain ();
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_DRAFT);
  byline_ui_test_wait_until (no_dialog, panel, "the dialog to close");

  /* "Submit Anyway" sends it to the desk */
  byline_checks_panel_submit_for_review (panel);
  byline_ui_test_wait_until (has_dialog, panel, "the submit dialog");
  dialog = byline_checks_panel_get_submit_dialog (panel);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  gtk_window_destroy (dialog);
  byline_ui_test_drain ();
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
}

/* A related story and a card whose targets changed on the site: activating
 * the related story's item opens the Related page on that story; the
 * card's item selects the card's line in the body. */
static void
test_activate_related (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph ("The ferry returns on Monday.");
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) kept = byline_story_ref_new ();
  g_autoptr(BylineStoryRef) related = byline_story_ref_new ();
  g_autoptr(BylineStoryRef) carded = byline_story_ref_new ();
  BylineChecksPanel *panel;
  BylineArticleEditor *editor;
  BylineRelatedPanel *related_panel;
  GtkTextView *body;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *stack;
  GtkListBoxRow *row;
  GListModel *items;
  BylineCheckItem *related_item = NULL;
  BylineCheckItem *card_item = NULL;

  byline_article_set_headline (article, "Ferry returns to winter hours");
  byline_article_set_standfirst (article, "Storm damage means fewer crossings.");
  byline_story_ref_set_cms_id (kept, "40");
  byline_story_ref_set_headline (kept, "Harbour reopens");
  byline_story_ref_set_target (kept, BYLINE_TARGET_STATE_OK, NULL);
  byline_story_ref_set_cms_id (related, "41");
  byline_story_ref_set_headline (related, "Pier repairs begin");
  byline_story_ref_set_target (related, BYLINE_TARGET_STATE_DELETED, NULL);
  byline_story_ref_set_cms_id (carded, "42");
  byline_story_ref_set_headline (carded, "Ferry fares rise");
  byline_story_ref_set_target (carded, BYLINE_TARGET_STATE_DELETED, NULL);
  byline_article_insert_related (article, 0, kept);
  byline_article_insert_related (article, 1, related);
  byline_article_append_block (article, paragraph);
  byline_block_set_story_ref (card, carded);
  byline_article_append_block (article, card);
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);

  start_window (fixture, byline_article_get_id (article), "checks");
  panel = byline_window_get_checks_panel (fixture->window);
  editor = byline_window_get_editor (fixture->window);
  related_panel = byline_window_get_related_panel (fixture->window);
  body = byline_article_editor_get_body_view (editor);
  buffer = gtk_text_view_get_buffer (body);

  items = wait_for_checks (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(BylineCheckItem) item = g_list_model_get_item (items, i);

      if (byline_check_item_get_kind (item) != BYLINE_CHECK_RELATED_TARGET)
        continue;
      if (g_str_equal (byline_check_item_get_field (item), "related"))
        related_item = item;
      else
        card_item = item;
    }
  g_assert_nonnull (related_item);
  g_assert_nonnull (card_item);

  /* The related story: the Related page, that story's row focused */
  byline_checks_panel_activate_item (panel, related_item);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (panel), GTK_TYPE_STACK);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "related");
  row = gtk_list_box_get_row_at_index (byline_related_panel_get_attached_list (related_panel), 1);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (row)));
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));

  /* The card: its line in the body, selected */
  byline_checks_panel_activate_item (panel, card_item);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (body)));
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_line (&start), ==, 1);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&start), ==, 0);
  g_assert_cmpint (gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start), ==, 1);
  g_assert_nonnull (gtk_text_iter_get_child_anchor (&start));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("checks-ui", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/checks-ui/appears-and-goes", Fixture, NULL, fixture_set_up,
              test_check_appears_and_goes, fixture_tear_down);
  g_test_add ("/checks-ui/activate-related", Fixture, NULL, fixture_set_up,
              test_activate_related, fixture_tear_down);
  g_test_add ("/checks-ui/checks-when-shown", Fixture, NULL, fixture_set_up,
              test_checks_when_shown, fixture_tear_down);
  g_test_add ("/checks-ui/activate-headline", Fixture, NULL, fixture_set_up,
              test_activate_headline, fixture_tear_down);
  g_test_add ("/checks-ui/slug", Fixture, NULL, fixture_set_up, test_slug, fixture_tear_down);
  g_test_add ("/checks-ui/dismiss-persists", Fixture, NULL, fixture_set_up,
              test_dismiss_persists, fixture_tear_down);
  g_test_add ("/checks-ui/submit-for-review", Fixture, NULL, fixture_set_up,
              test_submit_for_review, fixture_tear_down);

  return g_test_run ();
}
