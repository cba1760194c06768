/* test-sync-ui.c: sync as the window shows it (toast, row states, conflicts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_SETTINGS_ENABLE_BACKEND

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gsettingsbackend.h>
#include <adwaita.h>

#include "byline-article-row.h"
#include "byline-conflict-window.h"
#include "byline-sync-controller.h"
#include "byline-ui-test-utils.h"
#include "byline-window.h"
#include "model/byline-article-format.h"
#include "model/byline-block.h"

#define SCHEMA_ID "io.github.byline.Byline"

typedef struct
{
  char                 *dir;
  BylineStore          *store;
  BylineWindow         *window;
  GSettings            *settings;
  BylineAccounts       *accounts;
  SoupSession          *session;
  BylineSyncController *sync;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  fixture->store = byline_ui_test_store_new ("byline-sync-ui-XXXXXX", &fixture->dir);

  fixture->settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  fixture->accounts = byline_accounts_new (fixture->settings);
  fixture->session = soup_session_new ();
  fixture->sync = byline_sync_controller_new (fixture->store, fixture->accounts, fixture->session, NULL);
  byline_sync_controller_start (fixture->sync);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
    }
  byline_sync_controller_stop (fixture->sync);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->accounts);
  g_clear_object (&fixture->settings);
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
editor_has_article (gpointer data)
{
  return byline_article_editor_get_article (data) != NULL;
}

static BylineArticle *
store_article (BylineStore     *store,
               const char      *headline,
               BylineSyncState  state)
{
  g_autoptr(GError) error = NULL;
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph ("The ferry leaves at nine.");

  byline_article_set_headline (article, headline);
  byline_article_append_block (article, block);
  byline_store_save_article_sync (store, article, NULL, &error);
  g_assert_no_error (error);
  byline_store_set_sync_state_sync (store, byline_article_get_id (article), state, NULL, &error);
  g_assert_no_error (error);
  return article;
}

static void
start_window (Fixture    *fixture,
              int         width,
              int         height)
{
  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  byline_window_set_sync_controller (fixture->window, fixture->sync);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, NULL);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_wait_until (editor_has_article, byline_window_get_editor (fixture->window), "the article");
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  byline_ui_test_drain ();
}

/* Finding widgets the way a person does: by what they say */

static gboolean
find_label_cb (GtkWidget  *widget,
               const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
find_button_cb (GtkWidget  *widget,
                const char *label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *, const char *),
             const char *data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* (a) No account: Sync says how to get one */

static void
test_sync_without_account (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwToast *toast;

  g_object_unref (store_article (fixture->store, "Ferry timetable", BYLINE_SYNC_STATE_LOCAL));
  start_window (fixture, 1000, 700);
  g_assert_null (byline_sync_controller_dup_default_account (fixture->sync));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync", NULL));
  toast = byline_window_get_last_toast (fixture->window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Add a WordPress account in Preferences to sync");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Preferences");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "app.preferences");

  /* Nothing was queued */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) outbox = byline_store_list_outbox_sync (fixture->store, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (outbox->len, ==, 0);
  }

  /* Without any controller (no settings schema) it says the same */
  byline_window_set_sync_controller (fixture->window, NULL);
  g_object_ref (toast);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync", NULL));
  g_assert_true (byline_window_get_last_toast (fixture->window) != toast);
  g_assert_cmpstr (adw_toast_get_title (byline_window_get_last_toast (fixture->window)), ==,
                   "Add a WordPress account in Preferences to sync");
  g_object_unref (toast);
}

/* (b) The conflict window */

static BylineArticle *
make_article (const char *id,
              const char *standfirst,
              const char *first,
              const char *second)
{
  BylineArticle *article = byline_article_new_with_id (id);
  g_autoptr(BylineBlock) a = byline_block_new_paragraph (first);
  g_autoptr(BylineBlock) b = byline_block_new_paragraph (second);

  byline_article_set_headline (article, "Ferry timetable changes in May");
  byline_article_set_standfirst (article, standfirst);
  byline_article_append_block (article, a);
  byline_article_append_block (article, b);
  return article;
}

static void
on_resolved (BylineConflictWindow  *window,
             BylineArticle         *merged,
             BylineArticle        **out)
{
  g_set_object (out, merged);
}

static void
test_conflict_window (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *id = "c0ffee00-0000-4000-8000-000000000001";
  g_autoptr(BylineArticle) base = make_article (id, "Fewer crossings from May.",
                                                "The ferry will leave at nine.",
                                                "Tickets stay at three euros.");
  g_autoptr(BylineArticle) mine = make_article (id, "Fewer crossings from May.",
                                                "The ferry will leave at a quarter past nine.",
                                                "Tickets stay at three euros.");
  g_autoptr(BylineArticle) theirs = make_article (id, "Fewer crossings from 1 May, the operator says.",
                                                  "The ferry will leave at half past nine.",
                                                  "Tickets stay at three euros.");
  g_autoptr(BylineArticle) result = NULL;
  GtkWidget *window;
  GtkWidget *button;
  gpointer weak;

  window = byline_conflict_window_new (NULL, base, mine, theirs);
  g_signal_connect (window, "resolved", G_CALLBACK (on_resolved), &result);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 560);
  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);

  g_assert_cmpuint (byline_conflict_window_get_n_conflicts (BYLINE_CONFLICT_WINDOW (window)), ==, 1);
  g_assert_nonnull (find_widget (window, find_label_cb, "Paragraph 1"));

  set_dark (FALSE);
  byline_ui_test_save_screenshot (window, "conflict-window-light.png");
  set_dark (TRUE);
  byline_ui_test_save_screenshot (window, "conflict-window-dark.png");
  set_dark (FALSE);

  /* Narrow: the three versions stack */
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 700);
  byline_ui_test_wait_for_frame (window);
  byline_ui_test_wait_for_frame (window);
  byline_ui_test_save_screenshot (window, "conflict-window-narrow.png");
  {
    GtkWidget *mine_caption = find_widget (window, find_label_cb, "Mine");
    GtkWidget *columns = gtk_widget_get_parent (gtk_widget_get_parent (mine_caption));

    g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (columns)), ==, GTK_ORIENTATION_VERTICAL);
  }

  button = find_widget (window, find_button_cb, "Use _Theirs");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  button = find_widget (window, find_button_cb, "_Save and Sync");
  g_assert_nonnull (button);

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_signal_emit_by_name (button, "clicked");
  byline_ui_test_drain ();

  g_assert_nonnull (result);
  g_assert_null (weak);   /* the window went */
  g_assert_cmpstr (byline_article_get_id (result), ==, id);
  g_assert_cmpuint (byline_article_get_n_blocks (result), ==, 2);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (result, 0)), ==,
                   "The ferry will leave at half past nine.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (result, 1)), ==,
                   "Tickets stay at three euros.");
  /* Changed on the site only: merged without asking */
  g_assert_cmpstr (byline_article_get_standfirst (result), ==, "Fewer crossings from 1 May, the operator says.");
}

/* An edited merged text is the journalist's own */
static void
test_conflict_window_custom (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *id = "c0ffee00-0000-4000-8000-000000000002";
  g_autoptr(BylineArticle) base = make_article (id, "S", "The ferry will leave at nine.", "T");
  g_autoptr(BylineArticle) mine = make_article (id, "S", "The ferry will leave at ten.", "T");
  g_autoptr(BylineArticle) theirs = make_article (id, "S", "The ferry will leave at eleven.", "T");
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = byline_conflict_window_new (NULL, base, mine, theirs);
  GtkWidget *merged_caption;
  GtkWidget *view;

  gtk_window_present (GTK_WINDOW (window));
  byline_ui_test_wait_for_frame (window);

  merged_caption = find_widget (window, find_label_cb, "Merged");
  view = gtk_frame_get_child (GTK_FRAME (gtk_widget_get_next_sibling (merged_caption)));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "The ferry will leave at ten or eleven.", -1);

  result = byline_conflict_window_build_result (BYLINE_CONFLICT_WINDOW (window), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (result, 0)), ==,
                   "The ferry will leave at ten or eleven.");
  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

/* (c) Rows say every state */

static void
test_row_states (Fixture       *fixture,
                 gconstpointer  data)
{
  struct { BylineSyncState state; const char *label; } cases[] = {
    { BYLINE_SYNC_STATE_LOCAL, "Local only" },
    { BYLINE_SYNC_STATE_PENDING, "Waiting to sync" },
    { BYLINE_SYNC_STATE_SYNCING, "Syncing…" },
    { BYLINE_SYNC_STATE_SYNCED, "Synced" },
    { BYLINE_SYNC_STATE_CONFLICT, "Conflict" },
    { BYLINE_SYNC_STATE_ERROR, "Sync failed" },
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = byline_article_row_new ();

  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_set_default_size (GTK_WINDOW (window), 320, -1);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BylineArticleSummary) summary =
        byline_article_summary_new ("id", "Ferry timetable changes in May", BYLINE_ARTICLE_STATUS_DRAFT,
                                    cases[i].state, now, 420, NULL);
      GtkWidget *label;

      byline_article_row_set_summary (BYLINE_ARTICLE_ROW (row), summary);
      label = find_widget (row, find_label_cb, cases[i].label);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_has_css_class (label, "warning") == (cases[i].state == BYLINE_SYNC_STATE_CONFLICT));
      g_assert_true (gtk_widget_has_css_class (label, "error") == (cases[i].state == BYLINE_SYNC_STATE_ERROR));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  byline_ui_test_drain ();
}

/* The window: rows and header follow the store; a conflict shows a bar */

static void
test_window_conflict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  GtkWidget *resolve;

  g_object_unref (store_article (fixture->store, "Harbour dredging approved", BYLINE_SYNC_STATE_SYNCED));
  article = store_article (fixture->store, "Ferry timetable changes in May", BYLINE_SYNC_STATE_CONFLICT);
  start_window (fixture, 1100, 700);
  g_assert_cmpstr (byline_article_get_id (byline_article_editor_get_article (byline_window_get_editor (fixture->window))),
                   ==, byline_article_get_id (article));

  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), find_label_cb, "Conflict"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->window), find_label_cb, "Synced"));

  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  resolve = find_widget (GTK_WIDGET (fixture->window), find_button_cb, "_Resolve…");
  g_assert_nonnull (resolve);
  g_assert_true (gtk_widget_is_sensitive (resolve));

  set_dark (FALSE);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-conflict-light.png");
  set_dark (TRUE);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-conflict-dark.png");
  set_dark (FALSE);

  /* The engine says it synced: the bar goes, the header says so */
  g_signal_emit_by_name (fixture->sync, "article-state-changed",
                         byline_article_get_id (article), (guint) BYLINE_SYNC_STATE_PENDING,
                         "Waiting to sync: the site did not answer. Trying again in 8 seconds.");
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_null (find_widget (GTK_WIDGET (fixture->window), find_button_cb, "_Resolve…"));
}

/* Typing in the open article while sync stores the site's changes */

static char *
body_line (GtkTextBuffer *buffer,
           guint          line)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  GtkTextBuffer *buffer;
  guint          line;
  const char    *text;
} LineWait;

static gboolean
line_shows (gpointer data)
{
  LineWait *wait = data;
  g_autofree char *text = body_line (wait->buffer, wait->line);

  return g_strcmp0 (text, wait->text) == 0;
}

static gboolean
shows_conflict (gpointer data)
{
  return find_widget (data, find_button_cb, "_Resolve…") != NULL;
}

/* What sync does after merging the site's version: store it, conditional
 * on the stored text it merged from */
static void
store_as_sync (Fixture       *fixture,
               BylineArticle *site)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (site);
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = byline_store_get_document_sync (fixture->store, byline_article_get_id (site),
                                                            NULL, &error);

  g_assert_no_error (error);
  link = byline_remote_link_new (byline_article_get_id (site), "desk", "41", "2024-05-01T08:00:00", stored);
  g_assert_true (byline_store_save_merged_sync (fixture->store, snapshot, stored, link, NULL, &error));
  g_assert_no_error (error);
}

static void
test_typing_while_sync_merges (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("The harbour ferry ran its last winter crossing on Sunday.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("Crews will repaint the hull before spring.");
  BylineArticleEditor *editor;
  GtkTextBuffer *body;
  GtkTextIter iter;
  LineWait wait;

  byline_article_set_headline (article, "Ferry ends winter service");
  byline_article_append_block (article, first);
  byline_article_append_block (article, second);
  byline_store_save_article_sync (fixture->store, article, NULL, &error);
  g_assert_no_error (error);
  start_window (fixture, 1100, 700);
  editor = byline_window_get_editor (fixture->window);
  body = gtk_text_view_get_buffer (byline_article_editor_get_body_view (editor));

  /* The reporter types at the end of the second paragraph */
  gtk_text_buffer_get_iter_at_line (body, &iter, 1);
  gtk_text_iter_forward_to_line_end (&iter);
  gtk_text_buffer_place_cursor (body, &iter);
  gtk_text_buffer_begin_user_action (body);
  gtk_text_buffer_insert_interactive_at_cursor (body, " New seats follow in May.", -1, TRUE);
  gtk_text_buffer_end_user_action (body);

  /* Meanwhile sync stores the desk's new headline and first paragraph */
  site = byline_store_load_sync (fixture->store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  byline_article_set_headline (site, "Island ferry ends winter service");
  byline_block_set_text (byline_article_get_block (site, 0),
                         "The harbour ferry made its final winter crossing on Sunday.");
  store_as_sync (fixture, site);

  /* The editor shows both, and the caret is still where the reporter typed */
  wait = (LineWait) { body, 0, "The harbour ferry made its final winter crossing on Sunday." };
  byline_ui_test_wait_until (line_shows, &wait, "the site's paragraph in the editor");
  {
    g_autofree char *typed = body_line (body, 1);

    g_assert_cmpstr (typed, ==, "Crews will repaint the hull before spring. New seats follow in May.");
  }
  gtk_text_buffer_get_iter_at_mark (body, &iter, gtk_text_buffer_get_insert (body));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 1);
  g_assert_true (gtk_text_iter_ends_line (&iter));
  g_assert_cmpstr (byline_article_get_headline (byline_article_editor_get_article (editor)), ==,
                   "Island ferry ends winter service");

  /* Then the same paragraph on both sides: the reporter's text stays, the
   * window says there is a conflict to resolve */
  gtk_text_buffer_begin_user_action (body);
  gtk_text_buffer_insert_interactive_at_cursor (body, " Fares stay the same.", -1, TRUE);
  gtk_text_buffer_end_user_action (body);
  g_clear_object (&site);
  site = byline_store_load_sync (fixture->store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  byline_block_set_text (byline_article_get_block (site, 1), "Volunteers will repaint the hull before spring.");
  store_as_sync (fixture, site);
  byline_ui_test_wait_until (shows_conflict, fixture->window, "the conflict bar");
  {
    g_autofree char *typed = body_line (body, 1);

    g_assert_cmpstr (typed, ==,
                     "Crews will repaint the hull before spring. New seats follow in May. Fares stay the same.");
  }

  set_dark (FALSE);
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-typing-conflict-light.png");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("sync-ui", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/sync-ui/sync-without-account", Fixture, NULL, fixture_set_up, test_sync_without_account, fixture_tear_down);
  g_test_add ("/sync-ui/conflict-window", Fixture, NULL, fixture_set_up, test_conflict_window, fixture_tear_down);
  g_test_add ("/sync-ui/conflict-window-custom", Fixture, NULL, fixture_set_up, test_conflict_window_custom, fixture_tear_down);
  g_test_add ("/sync-ui/row-states", Fixture, NULL, fixture_set_up, test_row_states, fixture_tear_down);
  g_test_add ("/sync-ui/window-conflict", Fixture, NULL, fixture_set_up, test_window_conflict, fixture_tear_down);
  g_test_add ("/sync-ui/typing-while-sync-merges", Fixture, NULL, fixture_set_up,
              test_typing_while_sync_merges, fixture_tear_down);

  return g_test_run ();
}
