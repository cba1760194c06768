/* test-history.c: an article's earlier versions, listed, previewed and
 * restored from the main window, as a journalist would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "byline-history-window.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

/* The three versions of one story, oldest first */
static const struct
{
  const char *headline;
  const char *lead;
  guint       n_filler;
  int         hour, minute;
} versions[] = {
  { "Harbour lights to return",
    "First draft: the council says the harbour lamps will be lit again.", 0, 9, 5 },
  { "Lights & music return to Saltmere harbour",
    "Second draft: the lamps along the quay were lit again tonight.", 12, 10, 30 },
  { "Harbour lights return to Saltmere",
    "Final copy: Saltmere’s harbour lamps shone again on Friday night.", 25, 11, 45 },
};

#define FILLER "Crowds gathered on the harbour wall to watch the first lamp glow."

/* Light and dark, once the window has settled */
static void
save_screenshots (GtkWidget  *window,
                  const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, dark ? "dark" : "light");

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      byline_ui_test_wait_for_frame (window);
      byline_ui_test_spin (100);
      byline_ui_test_save_screenshot (window, file);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = byline_ui_test_store_new ("byline-history-XXXXXX", &fixture->dir);
}

static gboolean
autosave_settled (gpointer data)
{
  BylineArticleEditor *editor = data;
  BylineAutosave *autosave = byline_article_editor_get_autosave (editor);

  return autosave == NULL || byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_SAVED;
}

/* The history window open over @window, if any */
static BylineHistoryWindow *
history_window_of (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (BYLINE_IS_HISTORY_WINDOW (toplevel)
          && gtk_window_get_transient_for (toplevel) == window
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return BYLINE_HISTORY_WINDOW (toplevel);
    }
  return NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      BylineHistoryWindow *history = history_window_of (GTK_WINDOW (fixture->window));

      if (history != NULL)
        gtk_window_destroy (GTK_WINDOW (history));
      byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
    }
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static void
append_paragraph (BylineArticle *article,
                  const char    *text)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);

  byline_article_append_block (article, block);
}

static void
set_body (BylineArticle *article,
          const char    *lead,
          guint          n_filler)
{
  byline_article_remove_blocks (article, 0, byline_article_get_n_blocks (article));
  append_paragraph (article, lead);
  for (guint i = 0; i < n_filler; i++)
    append_paragraph (article, FILLER);
}

static GDateTime *
version_time (guint i)
{
  return g_date_time_new_local (2024, 3, 14, versions[i].hour, versions[i].minute, 0);
}

/* Saves the story in its three versions through the store: each save
 * changes the word count by 100 or more, so the store keeps the version it
 * replaces (its history rule).  Returns the article as last saved; the word
 * counts of the versions go to @words. */
static BylineArticle *
store_three_versions (BylineStore *store,
                      guint        words[3])
{
  BylineArticle *article = byline_article_new ();

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(GDateTime) when = version_time (i);
      g_autoptr(GError) error = NULL;

      byline_article_set_headline (article, versions[i].headline);
      set_body (article, versions[i].lead, versions[i].n_filler);
      byline_article_set_modified (article, when);
      words[i] = byline_article_get_word_count (article);
      if (i > 0)
        g_assert_cmpuint (words[i] - words[i - 1], >=, 100);
      byline_store_save_article_sync (store, article, NULL, &error);
      g_assert_no_error (error);
    }
  return article;
}

static void
start_window (Fixture    *fixture,
              const char *open_id)
{
  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, open_id);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @text is drawn by a label somewhere inside @widget (what the
 * journalist sees, after any markup was parsed) */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
has_history_window (gpointer data)
{
  return history_window_of (data) != NULL;
}

/* win.history, as the menu item does; returns the history window */
static BylineHistoryWindow *
open_history (Fixture *fixture)
{
  BylineHistoryWindow *history;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.history", NULL));
  byline_ui_test_wait_until (has_history_window, fixture->window, "the history window");
  history = history_window_of (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (history)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (history)), ==, "History");
  return history;
}

typedef struct
{
  GtkListBox *list;
  int         n;
} RowsWait;

static gboolean
has_n_rows (gpointer data)
{
  RowsWait *wait = data;

  return gtk_list_box_get_row_at_index (wait->list, wait->n - 1) != NULL
         && gtk_list_box_get_row_at_index (wait->list, wait->n) == NULL;
}

static GtkListBox *
wait_for_rows (BylineHistoryWindow *history,
               int                  n)
{
  RowsWait wait = { GTK_LIST_BOX (find_by_type (GTK_WIDGET (history), GTK_TYPE_LIST_BOX)), n };

  g_assert_nonnull (wait.list);
  byline_ui_test_wait_until (has_n_rows, &wait, "the list of versions");
  return wait.list;
}

typedef struct
{
  GtkTextView *view;
  const char  *text;
} TextWait;

static gboolean
view_contains (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = text_of (wait->view);

  return strstr (text, wait->text) != NULL;
}

static void
wait_for_text (GtkTextView *view,
               const char  *text,
               const char  *what)
{
  TextWait wait = { view, text };

  byline_ui_test_wait_until (view_contains, &wait, what);
}

/* The row of one version: the time it was saved as its title, headline and
 * word count below */
static void
assert_row (GtkListBoxRow *row,
            guint          version,
            guint          words)
{
  g_autoptr(GDateTime) when = version_time (version);
  g_autofree char *title = g_date_time_format (when, "%-d %B %Y, %H:%M");
  g_autofree char *count = g_strdup_printf ("%u words", words);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, versions[version].headline);
  /* and that is what is drawn, an ampersand in the headline included, the
   * word count beside it */
  g_assert_true (shows_text (GTK_WIDGET (row), title));
  g_assert_true (shows_text (GTK_WIDGET (row), versions[version].headline));
  g_assert_true (shows_text (GTK_WIDGET (row), count));
}

static void
test_list_preview_restore (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BylineArticle) saved = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  BylineArticleEditor *editor;
  BylineHistoryWindow *history;
  GtkListBox *list;
  GtkTextView *preview;
  GtkWidget *restore;
  guint words[3];
  gpointer closing;

  saved = store_three_versions (fixture->store, words);
  entries = byline_store_list_history_sync (fixture->store, byline_article_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_clear_pointer (&entries, g_ptr_array_unref);

  start_window (fixture, byline_article_get_id (saved));
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  wait_for_text (byline_article_editor_get_body_view (editor), versions[2].lead, "the final copy");

  /* The two earlier versions, newest first */
  history = open_history (fixture);
  list = wait_for_rows (history, 2);
  preview = GTK_TEXT_VIEW (find_by_type (GTK_WIDGET (history), GTK_TYPE_TEXT_VIEW));
  restore = find_button (GTK_WIDGET (history), "_Restore");
  g_assert_nonnull (preview);
  g_assert_nonnull (restore);
  g_assert_false (gtk_text_view_get_editable (preview));
  assert_row (gtk_list_box_get_row_at_index (list, 0), 1, words[1]);
  assert_row (gtk_list_box_get_row_at_index (list, 1), 0, words[0]);

  /* Screen readers can tell the parts apart */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Saved versions");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (preview), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Preview of the selected version");

  /* The newest is selected and previewed at once */
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 0));
  wait_for_text (preview, versions[1].lead, "the preview of the second draft");
  {
    g_autofree char *text = text_of (preview);

    g_assert_true (g_str_has_prefix (text, versions[1].headline));
    g_assert_null (strstr (text, versions[0].lead));
    g_assert_null (strstr (text, versions[2].lead));
  }
  g_assert_true (gtk_widget_get_sensitive (restore));
  save_screenshots (GTK_WIDGET (history), "history");

  /* Selecting the first draft shows its text */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 1));
  wait_for_text (preview, versions[0].lead, "the preview of the first draft");
  {
    g_autofree char *text = text_of (preview);

    g_assert_true (g_str_has_prefix (text, versions[0].headline));
    g_assert_null (strstr (text, FILLER));
  }
  byline_ui_test_save_screenshot (GTK_WIDGET (history), "history-first-draft.png");

  /* Restore: the history closes, the editor shows the first draft */
  closing = history;
  g_object_add_weak_pointer (G_OBJECT (closing), &closing);
  gtk_widget_activate (restore);
  byline_ui_test_wait_until (byline_ui_test_is_null, &closing, "the history window to close");
  wait_for_text (byline_article_editor_get_body_view (editor), versions[0].lead, "the restored draft");
  {
    g_autofree char *body = text_of (byline_article_editor_get_body_view (editor));
    g_autofree char *headline = text_of (byline_article_editor_get_headline_view (editor));

    g_assert_null (strstr (body, versions[2].lead));
    g_assert_null (strstr (body, FILLER));
    g_assert_cmpstr (headline, ==, versions[0].headline);
    g_assert_cmpuint (byline_article_get_word_count (byline_article_editor_get_article (editor)),
                      ==, words[0]);
    g_assert_nonnull (byline_window_get_last_toast (fixture->window));
    g_assert_cmpstr (adw_toast_get_title (byline_window_get_last_toast (fixture->window)),
                     ==, "Earlier version restored");
  }

  /* The store's current document is the first draft, also once the editor
   * settled (it must not write the final copy back over it) */
  byline_ui_test_wait_until (autosave_settled, editor, "the editor to settle");
  byline_ui_test_spin (600);
  byline_ui_test_wait_until (autosave_settled, editor, "the editor to settle");
  {
    g_autoptr(BylineArticle) current = byline_store_load_sync (fixture->store,
                                                               byline_article_get_id (saved),
                                                               NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (byline_article_get_headline (current), ==, versions[0].headline);
    g_assert_cmpuint (byline_article_get_n_blocks (current), ==, 1);
    g_assert_cmpstr (byline_block_get_text (byline_article_get_block (current, 0)), ==, versions[0].lead);
  }

  /* The final copy it replaced is now the newest earlier version */
  entries = byline_store_list_history_sync (fixture->store, byline_article_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (byline_history_entry_get_headline (g_ptr_array_index (entries, 0)), ==, versions[2].headline);
  g_assert_cmpuint (byline_history_entry_get_word_count (g_ptr_array_index (entries, 0)), ==, words[2]);

  /* so the restore can be undone from the same window */
  history = open_history (fixture);
  list = wait_for_rows (history, 3);
  assert_row (gtk_list_box_get_row_at_index (list, 0), 2, words[2]);
  assert_row (gtk_list_box_get_row_at_index (list, 1), 1, words[1]);
  assert_row (gtk_list_box_get_row_at_index (list, 2), 0, words[0]);
  preview = GTK_TEXT_VIEW (find_by_type (GTK_WIDGET (history), GTK_TYPE_TEXT_VIEW));
  wait_for_text (preview, versions[2].lead, "the preview of the final copy");
  closing = history;
  g_object_add_weak_pointer (G_OBJECT (closing), &closing);
  gtk_widget_activate (find_button (GTK_WIDGET (history), "_Restore"));
  byline_ui_test_wait_until (byline_ui_test_is_null, &closing, "the history window to close");
  wait_for_text (byline_article_editor_get_body_view (editor), versions[2].lead, "the final copy again");
  byline_ui_test_wait_until (autosave_settled, editor, "the editor to settle");
  {
    g_autoptr(BylineArticle) current = byline_store_load_sync (fixture->store,
                                                               byline_article_get_id (saved),
                                                               NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (byline_article_get_headline (current), ==, versions[2].headline);
    g_assert_cmpuint (byline_article_get_word_count (current), ==, words[2]);
  }
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GError) error = NULL;
  BylineArticleEditor *editor;
  BylineHistoryWindow *history;
  AdwStatusPage *empty;
  GtkStack *stack;
  GtkWidget *restore;

  byline_article_set_headline (article, "Ferry timetable changes");
  append_paragraph (article, "The winter timetable starts on Monday.");
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);

  start_window (fixture, byline_article_get_id (article));
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");

  history = open_history (fixture);
  empty = ADW_STATUS_PAGE (find_by_type (GTK_WIDGET (history), ADW_TYPE_STATUS_PAGE));
  stack = GTK_STACK (find_by_type (GTK_WIDGET (history), GTK_TYPE_STACK));
  g_assert_nonnull (empty);
  g_assert_nonnull (stack);
  while (gtk_stack_get_visible_child (stack) != GTK_WIDGET (empty))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "No Earlier Versions");
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (empty)));

  /* Nothing to restore */
  restore = find_button (GTK_WIDGET (history), "_Restore");
  g_assert_nonnull (restore);
  g_assert_false (gtk_widget_get_visible (restore));
  save_screenshots (GTK_WIDGET (history), "history-empty");

  /* Escape closes it */
  {
    gpointer closing = history;

    g_object_add_weak_pointer (G_OBJECT (closing), &closing);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "window.close", NULL));
    byline_ui_test_wait_until (byline_ui_test_is_null, &closing, "the history window to close");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("history", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/history/list-preview-restore", Fixture, NULL, fixture_set_up,
              test_list_preview_restore, fixture_tear_down);
  g_test_add ("/history/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);

  return g_test_run ();
}
