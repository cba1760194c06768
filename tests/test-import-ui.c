/* test-import-ui.c: File → Import and its review window, Export as ninjs,
 * the status menu and Empty Trash, in the real window over a real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "model/byline-ninjs.h"
#include "byline-checks-panel.h"
#include "byline-import-review.h"
#include "byline-schedule-row.h"
#include "byline-status-button.h"
#include "byline-ui-test-utils.h"
#include "byline-window-files.h"
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
  fixture->store = byline_ui_test_store_new ("byline-import-ui-XXXXXX", &fixture->dir);
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
  if (fixture->window != NULL)
    {
      byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
    }
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static gboolean
window_listed (gpointer data)
{
  BylineWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window));
}

static void
open_window (Fixture    *fixture,
             const char *article_id)
{
  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, article_id);
  byline_ui_test_wait_until (window_listed, fixture->window, "the window");
}

static char *
import_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "import", name, NULL);
}

static GPtrArray *
list_articles (Fixture  *fixture,
               gboolean  trashed)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = byline_store_list_sync (fixture->store, trashed, NULL, &error);

  g_assert_no_error (error);
  return list;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
review_shown (gpointer data)
{
  return find_toplevel (BYLINE_TYPE_IMPORT_REVIEW) != NULL;
}

static BylineImportReview *
wait_for_review (void)
{
  byline_ui_test_wait_until (review_shown, NULL, "the review window");
  return BYLINE_IMPORT_REVIEW (find_toplevel (BYLINE_TYPE_IMPORT_REVIEW));
}

typedef struct
{
  BylineWindow *window;
  AdwToast     *before;
} ToastWait;

static gboolean
new_toast (gpointer data)
{
  ToastWait *wait = data;
  AdwToast *toast = byline_window_get_last_toast (wait->window);

  return toast != NULL && toast != wait->before;
}

/* Runs until a toast other than the one shown now appears; its title */
static const char *
wait_for_toast (BylineWindow *window,
                AdwToast     *before)
{
  ToastWait wait = { window, before };

  byline_ui_test_wait_until (new_toast, &wait, "a toast");
  return adw_toast_get_title (byline_window_get_last_toast (window));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of the uncertain list whose subtitle quotes @text */
static AdwActionRow *
uncertain_row_quoting (BylineImportReview *review,
                       const char         *text)
{
  GtkListBox *list = byline_import_review_get_uncertain_list (review);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), text) != NULL)
      return ADW_ACTION_ROW (row);
  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n++;
  return n;
}

static gboolean
has_paragraph (BylineArticle *article,
               const char    *text)
{
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);

      if (byline_block_get_kind (block) == BYLINE_BLOCK_PARAGRAPH
          && g_strcmp0 (byline_block_get_text (block), text) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountWait;

static gboolean
stored_count_is (gpointer data)
{
  CountWait *wait = data;
  g_autoptr(GPtrArray) list = list_articles (wait->fixture, FALSE);

  return list->len == wait->n;
}

static gboolean
editor_shows_headline (gpointer data)
{
  BylineWindow *window = data;
  BylineArticle *article = byline_article_editor_get_article (byline_window_get_editor (window));

  return article != NULL
         && g_strcmp0 (byline_article_get_headline (article), "Kestrel Bay votes to raise its sea wall before winter") == 0;
}

static gboolean
something_selected (gpointer data)
{
  return gtk_single_selection_get_selected_item (data) != NULL;
}

/* Page text: the review lists the uncertain parts and the dropped lines;
 * the switches change what is made; Import stores, opens and selects it */
static void
test_import_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = import_path ("harbour-wall.en.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  BylineImportReview *review;
  AdwActionRow *caption_row;
  AdwExpanderRow *dropped;
  GtkWidget *toggle, *other_script = NULL;
  CountWait one = { fixture, 1 };
  BylineImage *lead;
  GtkSingleSelection *selection;
  BylineArticleSummary *selected;
  const char *toast;

  open_window (fixture, NULL);
  byline_window_import_file (fixture->window, file);
  review = wait_for_review ();

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (review)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (review)) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (review)), ==, "Review Import");
  g_assert_cmpstr (gtk_label_get_text (byline_import_review_get_preview_headline (review)),
                   ==, "Kestrel Bay votes to raise its sea wall before winter");

  /* The section, the caption, a card and a related story are uncertain */
  g_assert_cmpuint (count_rows (byline_import_review_get_uncertain_list (review)), ==, 4);
  caption_row = uncertain_row_quoting (review, "Volunteers stack sandbags");
  g_assert_nonnull (caption_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (caption_row)),
                   ==, "We think this is the lead image caption");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (caption_row), "the line beside the photo credit"));
  g_assert_nonnull (uncertain_row_quoting (review, "Coast"));

  /* Every dropped line is listed, with its words */
  dropped = byline_import_review_get_dropped_row (review);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dropped)), ==, "Dropped lines (19)");
  other_script = find_row_titled (GTK_WIDGET (dropped), "Читать на русском");
  g_assert_nonnull (other_script);
  g_assert_nonnull (find_row_titled (GTK_WIDGET (dropped), "We use cookies to improve your experience on our site."));

  adw_expander_row_set_expanded (dropped, TRUE);
  byline_ui_test_wait_for_frame (GTK_WIDGET (review));
  byline_ui_test_save_screenshot (GTK_WIDGET (review), "import-review.png");
  {
    /* And the dropped lines, further down */
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (review), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.5);
    byline_ui_test_wait_for_frame (GTK_WIDGET (review));
    byline_ui_test_save_screenshot (GTK_WIDGET (review), "import-review-dropped.png");
  }

  /* No, that is not the caption; and keep the line in Russian */
  toggle = find_descendant (GTK_WIDGET (caption_row), GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_widget_activate (GTK_WIDGET (caption_row));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  toggle = find_descendant (other_script, GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dropped)), ==, "Dropped lines (18)");

  /* Nothing is stored before Import */
  list = list_articles (fixture, FALSE);
  g_assert_cmpuint (list->len, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (review), "review.import", NULL);
  byline_ui_test_wait_until (stored_count_is, &one, "the imported article");
  g_assert_null (find_toplevel (BYLINE_TYPE_IMPORT_REVIEW));

  g_clear_pointer (&list, g_ptr_array_unref);
  list = list_articles (fixture, FALSE);
  stored = byline_store_load_sync (fixture->store,
                                   byline_article_summary_get_id (g_ptr_array_index (list, 0)),
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Kestrel Bay votes to raise its sea wall before winter");
  g_assert_cmpstr (byline_article_get_section (stored), ==, "Coast");
  g_assert_cmpstr (byline_article_get_byline (stored), ==, "Mara Lindqvist");
  /* The caption said no to: a paragraph; the credit stays with the image */
  lead = byline_article_get_lead_image (stored);
  g_assert_nonnull (lead);
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Northsea Photo Agency 2024 / Jonas Feld");
  g_assert_true (byline_image_get_caption (lead) == NULL || *byline_image_get_caption (lead) == '\0');
  g_assert_true (has_paragraph (stored, "Volunteers stack sandbags along the harbour front of Kestrel Bay on Monday."));
  g_assert_true (has_paragraph (stored, "Читать на русском"));
  g_assert_false (has_paragraph (stored, "Subscribe"));

  /* Opened, selected, and said so */
  byline_ui_test_wait_until (editor_shows_headline, fixture->window, "the imported article in the editor");
  toast = adw_toast_get_title (byline_window_get_last_toast (fixture->window));
  g_assert_cmpstr (toast, ==, "Imported “Kestrel Bay votes to raise its sea wall before winter”");
  selection = GTK_SINGLE_SELECTION (byline_window_get_list_model (fixture->window));
  byline_ui_test_wait_until (something_selected, selection, "the article selected in the list");
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_cmpstr (byline_article_summary_get_id (selected), ==, byline_article_get_id (stored));
}

/* An HTML page: the review shows; Cancel makes nothing */
static void
test_import_page_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = import_path ("news-jsonld.html");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) list = NULL;
  BylineImportReview *review;
  AdwExpanderRow *dropped;

  open_window (fixture, NULL);
  byline_window_import_file (fixture->window, file);
  review = wait_for_review ();

  /* The page's furniture is listed, not silently gone */
  dropped = byline_import_review_get_dropped_row (review);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dropped)), "Dropped lines ("));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dropped)), !=, "Dropped lines (0)");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_descendant (GTK_WIDGET (review), ADW_TYPE_WINDOW_TITLE))),
                   ==, "news-jsonld.html");

  gtk_widget_activate_action (GTK_WIDGET (review), "window.close", NULL);
  byline_ui_test_drain ();
  g_assert_null (find_toplevel (BYLINE_TYPE_IMPORT_REVIEW));
  byline_ui_test_spin (200);

  list = list_articles (fixture, FALSE);
  g_assert_cmpuint (list->len, ==, 0);
}

/* A ninjs item recognised with confidence: no window, a toast */
static void
test_import_confident (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = import_path ("agency-story.ninjs.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) list = NULL;
  CountWait one = { fixture, 1 };
  const char *toast;

  open_window (fixture, NULL);
  byline_window_import_file (fixture->window, file);
  toast = wait_for_toast (fixture->window, NULL);
  g_assert_true (g_str_has_prefix (toast, "Imported “"));
  g_assert_null (find_toplevel (BYLINE_TYPE_IMPORT_REVIEW));
  byline_ui_test_wait_until (stored_count_is, &one, "the imported article");

  /* Imported twice: a second article, never a replaced one */
  byline_window_import_file (fixture->window, file);
  one.n = 2;
  byline_ui_test_wait_until (stored_count_is, &one, "the second copy");
  list = list_articles (fixture, FALSE);
  g_assert_cmpstr (byline_article_summary_get_headline (g_ptr_array_index (list, 0)),
                   ==, byline_article_summary_get_headline (g_ptr_array_index (list, 1)));
  g_assert_cmpstr (byline_article_summary_get_id (g_ptr_array_index (list, 0)),
                   !=, byline_article_summary_get_id (g_ptr_array_index (list, 1)));
}

/* Files that are no story: a toast names the file and what was wrong */
static void
test_import_broken (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *json = g_build_filename (fixture->dir, "broken-story.json", NULL);
  g_autofree char *binary = g_build_filename (fixture->dir, "photo.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "gone.html", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json);
  g_autoptr(GFile) binary_file = g_file_new_for_path (binary);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GPtrArray) list = NULL;
  static const char png_start[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  AdwToast *before;
  const char *toast;

  g_assert_true (g_file_set_contents (json, "{\"format\": \"byline-article\", \"headline\": ", -1, NULL));
  g_assert_true (g_file_set_contents (binary, png_start, sizeof png_start, NULL));
  open_window (fixture, NULL);

  byline_window_import_file (fixture->window, json_file);
  toast = wait_for_toast (fixture->window, NULL);
  g_assert_nonnull (strstr (toast, "broken-story.json"));
  g_test_message ("broken JSON: %s", toast);

  before = byline_window_get_last_toast (fixture->window);
  byline_window_import_file (fixture->window, binary_file);
  toast = wait_for_toast (fixture->window, before);
  g_assert_nonnull (strstr (toast, "photo.txt"));
  g_assert_nonnull (strstr (toast, "not text"));

  before = byline_window_get_last_toast (fixture->window);
  byline_window_import_file (fixture->window, missing_file);
  toast = wait_for_toast (fixture->window, before);
  g_assert_nonnull (strstr (toast, "gone.html"));

  g_assert_null (find_toplevel (BYLINE_TYPE_IMPORT_REVIEW));
  list = list_articles (fixture, FALSE);
  g_assert_cmpuint (list->len, ==, 0);
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static BylineArticle *
store_story (Fixture    *fixture,
             const char *headline)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("The council met on a wet Tuesday evening.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("Nobody voted against the plan.");
  g_autoptr(GError) error = NULL;

  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, "A short summary of the evening.");
  byline_article_set_section (article, "Local");
  byline_article_append_block (article, first);
  byline_article_append_block (article, second);
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);
  return article;
}

/* Export as ninjs writes what the ninjs reader reads back */
static void
test_export_ninjs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(BylineArticle) article = store_story (fixture, "Council backs the new harbour plan");
  g_autofree char *path = g_build_filename (fixture->dir, "exported story.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  const char *toast;

  open_window (fixture, byline_article_get_id (article));
  byline_ui_test_wait_until (editor_has_article, byline_window_get_editor (fixture->window), "the article");

  byline_window_export_ninjs_file (fixture->window, file);
  toast = wait_for_toast (fixture->window, NULL);
  g_assert_cmpstr (toast, ==, "Exported as ninjs to “exported story.json”");

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  back = byline_article_new_from_ninjs (contents, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (back), ==, "Council backs the new harbour plan");
  g_assert_cmpstr (byline_article_get_standfirst (back), ==, "A short summary of the evening.");
  g_assert_cmpstr (byline_article_get_section (back), ==, "Local");
  g_assert_cmpuint (byline_article_get_n_blocks (back), ==, 2);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (back, 1)), ==, "Nobody voted against the plan.");
}

static gboolean
submit_dialog_shown (gpointer data)
{
  return byline_checks_panel_get_submit_dialog (data) != NULL;
}

static gboolean
no_submit_dialog (gpointer data)
{
  return byline_checks_panel_get_submit_dialog (data) == NULL;
}

/* The status menu: Scheduled shows the "Publish at" row and focuses it;
 * Published sets the status; Pending Review goes through the checks */
static void
test_status_menu (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BylineArticle) article = store_story (fixture, "Ferry timetable changes for summer");
  BylineArticleEditor *editor;
  BylineArticle *open;
  GtkWidget *status_button, *menu_button, *row, *focus, *popover;
  GtkWindow *dialog;
  BylineChecksPanel *panel;

  open_window (fixture, byline_article_get_id (article));
  panel = byline_window_get_checks_panel (fixture->window);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  open = byline_article_editor_get_article (editor);

  status_button = find_descendant (GTK_WIDGET (editor), BYLINE_TYPE_STATUS_BUTTON);
  g_assert_nonnull (status_button);
  g_assert_true (gtk_widget_get_visible (status_button));
  menu_button = GTK_WIDGET (byline_status_button_get_menu_button (BYLINE_STATUS_BUTTON (status_button)));
  g_assert_cmpstr (byline_status_button_get_label (BYLINE_STATUS_BUTTON (status_button)), ==, "Draft");
  g_assert_true (gtk_widget_get_focusable (menu_button) || gtk_widget_get_focusable (gtk_widget_get_first_child (menu_button)));
  row = find_descendant (GTK_WIDGET (editor), BYLINE_TYPE_SCHEDULE_ROW);
  g_assert_false (gtk_widget_get_visible (row));

  /* Tab from the byline reaches it */
  {
    GtkWidget *byline = gtk_widget_get_prev_sibling (status_button);

    g_assert_true (GTK_IS_ENTRY (byline));
    byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
    gtk_widget_grab_focus (byline);
    gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD);
    focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, menu_button));
  }

  /* The menu, as the journalist sees it */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  byline_ui_test_wait_for_frame (popover);
  byline_ui_test_save_screenshot (popover, "status-menu.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* Scheduled, through the menu's action */
  gtk_widget_activate_action (status_button, "status.set", "s", "scheduled");
  g_assert_cmpint (byline_article_get_status (open), ==, BYLINE_ARTICLE_STATUS_SCHEDULED);
  g_assert_true (gtk_widget_get_visible (row));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, row));
  g_assert_cmpstr (byline_status_button_get_label (BYLINE_STATUS_BUTTON (status_button)), ==, "Scheduled");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "status-scheduled.png");

  /* Published */
  gtk_widget_activate_action (status_button, "status.set", "s", "published");
  g_assert_cmpint (byline_article_get_status (open), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_cmpstr (byline_status_button_get_label (BYLINE_STATUS_BUTTON (status_button)), ==, "Published");

  /* Pending Review: the checks first (no standfirst: one to show), the
   * status unchanged until the journalist submits */
  byline_article_set_standfirst (open, "");
  gtk_widget_activate_action (status_button, "status.set", "s", "pending-review");
  byline_ui_test_wait_until (submit_dialog_shown, panel, "the submit dialog");
  dialog = byline_checks_panel_get_submit_dialog (panel);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Standfirst"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "review");
  gtk_window_destroy (dialog);
  byline_ui_test_drain ();
  g_assert_cmpint (byline_article_get_status (open), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_cmpstr (byline_status_button_get_label (BYLINE_STATUS_BUTTON (status_button)), ==, "Published");
  byline_ui_test_wait_until (no_submit_dialog, panel, "the dialog to close");

  gtk_widget_activate_action (status_button, "status.set", "s", "pending-review");
  byline_ui_test_wait_until (submit_dialog_shown, panel, "the submit dialog");
  dialog = byline_checks_panel_get_submit_dialog (panel);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  gtk_window_destroy (dialog);
  byline_ui_test_drain ();
  g_assert_cmpint (byline_article_get_status (open), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  g_assert_cmpstr (byline_status_button_get_label (BYLINE_STATUS_BUTTON (status_button)), ==, "Pending review");
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
trash_empty (gpointer data)
{
  g_autoptr(GPtrArray) trashed = list_articles (data, TRUE);

  return trashed->len == 0;
}

/* Empty Trash asks first, then deletes what is in the trash, and only that */
static void
test_empty_trash (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BylineArticle) kept = store_story (fixture, "Still a draft");
  g_autoptr(BylineArticle) first = store_story (fixture, "Old story one");
  g_autoptr(BylineArticle) second = store_story (fixture, "Old story two");
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  const char *toast;

  byline_store_trash_sync (fixture->store, byline_article_get_id (first), NULL, &error);
  g_assert_no_error (error);
  byline_store_trash_sync (fixture->store, byline_article_get_id (second), NULL, &error);
  g_assert_no_error (error);
  open_window (fixture, byline_article_get_id (kept));

  /* Asked, and Cancel deletes nothing */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.empty-trash", NULL);
  byline_ui_test_wait_until (message_dialog_shown, NULL, "the question");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 2 articles forever?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Articles on the site go to its trash too.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "empty"), ==, ADW_RESPONSE_DESTRUCTIVE);
  byline_ui_test_save_screenshot (GTK_WIDGET (dialog), "empty-trash.png");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  byline_ui_test_spin (200);
  trashed = list_articles (fixture, TRUE);
  g_assert_cmpuint (trashed->len, ==, 2);

  /* Asked again, and Empty Trash empties it */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.empty-trash", NULL);
  byline_ui_test_wait_until (message_dialog_shown, NULL, "the question");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "empty");
  byline_ui_test_wait_until (trash_empty, fixture, "the empty trash");
  toast = wait_for_toast (fixture->window, NULL);
  g_assert_cmpstr (toast, ==, "Trash emptied: 2 articles deleted");

  left = list_articles (fixture, FALSE);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (byline_article_summary_get_id (g_ptr_array_index (left, 0)), ==, byline_article_get_id (kept));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("import-ui", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/import-ui/import-text", Fixture, NULL, fixture_set_up, test_import_text, fixture_tear_down);
  g_test_add ("/import-ui/import-page-cancel", Fixture, NULL, fixture_set_up, test_import_page_cancel, fixture_tear_down);
  g_test_add ("/import-ui/import-confident", Fixture, NULL, fixture_set_up, test_import_confident, fixture_tear_down);
  g_test_add ("/import-ui/import-broken", Fixture, NULL, fixture_set_up, test_import_broken, fixture_tear_down);
  g_test_add ("/import-ui/export-ninjs", Fixture, NULL, fixture_set_up, test_export_ninjs, fixture_tear_down);
  g_test_add ("/import-ui/status-menu", Fixture, NULL, fixture_set_up, test_status_menu, fixture_tear_down);
  g_test_add ("/import-ui/empty-trash", Fixture, NULL, fixture_set_up, test_empty_trash, fixture_tear_down);

  return g_test_run ();
}
