/* test-window.c: the main window's paths, driven like a journalist would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "byline-import.h"
#include "byline-resources.h"
#include "byline-window.h"

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails the test after 10 s */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
after_paint (GdkFrameClock *clock,
             gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* One full frame drawn after everything queued so far */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  gtk_test_widget_wait_for_draw (window);
  drain ();
  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  wait_until (is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
  drain ();
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  if (g_getenv ("BYLINE_SCREENSHOT_DIR") != NULL)
    dir = g_strdup (g_getenv ("BYLINE_SCREENSHOT_DIR"));
  else
    dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  wait_for_frame (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("byline-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = byline_store_new (fixture->dir);
  byline_store_open_sync (fixture->store, NULL, &error);
  g_assert_no_error (error);
}

static void
start_window (Fixture    *fixture,
              const char *open_id,
              int         width,
              int         height)
{
  fixture->window = byline_window_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  byline_window_start (fixture->window, open_id);
  wait_for_frame (GTK_WIDGET (fixture->window));
}

static gboolean
autosave_settled (gpointer data)
{
  BylineArticleEditor *editor = data;
  BylineAutosave *autosave = byline_article_editor_get_autosave (editor);

  return autosave == NULL || byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_SAVED;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      drain ();
    }
  byline_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static BylineArticle *
store_article (BylineStore *store,
               const char  *headline)
{
  g_autoptr(GError) error = NULL;
  BylineArticle *article = byline_article_new ();

  byline_article_set_headline (article, headline);
  byline_store_save_article_sync (store, article, NULL, &error);
  g_assert_no_error (error);
  return article;
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
wait_for_list (BylineWindow *window,
               guint         n)
{
  CountWait wait = { byline_window_get_list_model (window), n };

  wait_until (has_n_items, &wait, "the article list");
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

static void
type_into (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
}

static void
test_new_article (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor;
  BylineArticle *article;
  GtkTextView *headline, *body;
  g_autoptr(BylineStore) other = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticleSummary) summary = NULL;
  g_autofree char *id = NULL;

  start_window (fixture, NULL, 1200, 800);
  wait_for_list (fixture->window, 0);
  editor = byline_window_get_editor (fixture->window);
  g_assert_null (byline_article_editor_get_article (editor));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), "Byline"));

  /* Ctrl+N: a new article, the cursor in its headline */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  wait_until (editor_has_article, editor, "the new article");
  article = byline_article_editor_get_article (editor);
  id = g_strdup (byline_article_get_id (article));
  headline = byline_article_editor_get_headline_view (editor);
  body = byline_article_editor_get_body_view (editor);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (headline));

  /* Typing reaches the model at once */
  type_into (headline, "Harbour lights return to Saltmere");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Harbour lights return to Saltmere");
  gtk_widget_grab_focus (GTK_WIDGET (body));
  type_into (body, "The lamps along the quay were lit again tonight.");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)),
                   ==, "The lamps along the quay were lit again tonight.");
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 9);

  /* and the store soon after, as another process would read it */
  wait_until (autosave_settled, editor, "the autosave");
  other = byline_store_new (fixture->dir);
  byline_store_open_sync (other, NULL, &error);
  g_assert_no_error (error);
  stored = byline_store_load_sync (other, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Harbour lights return to Saltmere");
  g_assert_cmpuint (byline_article_get_n_blocks (stored), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 0)),
                   ==, "The lamps along the quay were lit again tonight.");
  byline_store_close (other);

  /* The list shows it under its headline */
  wait_for_list (fixture->window, 1);
  summary = g_list_model_get_item (byline_window_get_list_model (fixture->window), 0);
  wait_for_frame (GTK_WIDGET (fixture->window));
  g_clear_object (&summary);
  summary = g_list_model_get_item (byline_window_get_list_model (fixture->window), 0);
  g_assert_cmpstr (byline_article_summary_get_id (summary), ==, id);
  g_assert_cmpstr (byline_article_summary_get_headline (summary), ==, "Harbour lights return to Saltmere");

  /* Undo in the headline */
  g_assert_true (gtk_text_buffer_get_can_undo (gtk_text_view_get_buffer (headline)));
  gtk_text_buffer_undo (gtk_text_view_get_buffer (headline));
  g_assert_cmpstr (byline_article_get_headline (article), ==, "");
}

static gboolean
summary_headline_is (gpointer data)
{
  gpointer *args = data;
  g_autoptr(BylineArticleSummary) summary = NULL;

  if (g_list_model_get_n_items (args[0]) == 0)
    return FALSE;
  summary = g_list_model_get_item (args[0], 0);
  return g_strcmp0 (byline_article_summary_get_headline (summary), args[1]) == 0;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkEditable *search;
  GListModel *list;

  g_object_unref (store_article (fixture->store, "Harbour lights return"));
  g_object_unref (store_article (fixture->store, "Island school reopens"));
  g_object_unref (store_article (fixture->store, "Storm closes the harbour road"));
  start_window (fixture, NULL, 1200, 800);
  wait_for_list (fixture->window, 3);
  list = byline_window_get_list_model (fixture->window);

  /* Newest first */
  {
    g_autoptr(BylineArticleSummary) first = g_list_model_get_item (list, 0);
    g_assert_cmpstr (byline_article_summary_get_headline (first), ==, "Storm closes the harbour road");
  }

  search = GTK_EDITABLE (byline_window_get_search_entry (fixture->window));
  gtk_editable_set_text (search, "HARBOUR");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  gtk_editable_set_text (search, "school");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  gtk_editable_set_text (search, "no such story");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  gtk_editable_set_text (search, "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);

  /* Ctrl+F goes to the search */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-article", NULL));
  drain ();
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->window)),
                                         GTK_WIDGET (search))
                 || gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (search));
}

static gboolean
has_toast (gpointer data)
{
  return byline_window_get_last_toast (data) != NULL;
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) b = NULL;
  BylineArticleEditor *editor;
  AdwToast *toast;
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GError) error = NULL;
  gpointer args[2];

  g_object_unref (store_article (fixture->store, "Ferry fares to rise"));
  b = store_article (fixture->store, "Lighthouse keeper retires");
  start_window (fixture, NULL, 1200, 800);
  wait_for_list (fixture->window, 2);
  editor = byline_window_get_editor (fixture->window);
  /* The newest opens by itself */
  wait_until (editor_has_article, editor, "the newest article");
  g_assert_cmpstr (byline_article_get_id (byline_article_editor_get_article (editor)),
                   ==, byline_article_get_id (b));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL));
  wait_until (has_toast, fixture->window, "the trash toast");
  wait_for_list (fixture->window, 1);
  toast = byline_window_get_last_toast (fixture->window);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Lighthouse keeper retires” moved to trash");
  g_assert_nonnull (adw_toast_get_button_label (toast));
  g_assert_null (byline_article_editor_get_article (editor));

  trashed = byline_store_list_sync (fixture->store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trashed->len, ==, 1);
  g_clear_pointer (&trashed, g_ptr_array_unref);

  /* Undo brings it back and opens it */
  save_screenshot (GTK_WIDGET (fixture->window), "trash-toast.png");
  g_signal_emit_by_name (toast, "button-clicked");
  wait_for_list (fixture->window, 2);
  args[0] = byline_window_get_list_model (fixture->window);
  args[1] = (gpointer) "Lighthouse keeper retires";
  wait_until (summary_headline_is, args, "the restored article");
  wait_until (editor_has_article, editor, "the restored article to open");
  trashed = byline_store_list_sync (fixture->store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trashed->len, ==, 0);
}

static void
test_sidebar_and_panel (Fixture       *fixture,
                        gconstpointer  data)
{
  BylineArticleEditor *editor;
  BylineHeadlinePanel *panel;
  BylineArticle *article;
  AdwFlap *flap;
  gboolean revealed;

  g_object_unref (store_article (fixture->store, "Tide tables"));
  start_window (fixture, NULL, 1200, 800);
  editor = byline_window_get_editor (fixture->window);
  wait_until (editor_has_article, editor, "the article");
  article = byline_article_editor_get_article (editor);
  panel = byline_window_get_headline_panel (fixture->window);
  flap = byline_window_get_flap (fixture->window);

  /* F9 */
  revealed = adw_flap_get_reveal_flap (flap);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_cmpint (adw_flap_get_reveal_flap (flap), ==, !revealed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_cmpint (adw_flap_get_reveal_flap (flap), ==, revealed);

  /* The panel counts as the headline is typed */
  g_assert_cmpstr (byline_headline_panel_get_count_text (panel, "headline"), ==, "11 characters");
  type_into (byline_article_editor_get_headline_view (editor), " for the week");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Tide tables for the week");
  g_assert_cmpstr (byline_headline_panel_get_count_text (panel, "headline"), ==, "24 characters");

  /* and what is typed in the panel reaches the article and the editor */
  byline_article_set_seo_title (article, "Saltmere tide tables: high and low water for every day of the coming week");
  g_assert_cmpstr (byline_headline_panel_get_count_text (panel, "seo-title"), ==, "73 characters");
  byline_article_set_headline (article, "Tides");
  {
    g_autofree char *shown = text_of (byline_article_editor_get_headline_view (editor));
    g_assert_cmpstr (shown, ==, "Tides");
  }
  g_assert_cmpstr (byline_headline_panel_get_count_text (panel, "headline"), ==, "5 characters");
}

static gboolean
imported (gpointer data)
{
  return *(char **) data != NULL;
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(char **) user_data = byline_import_file_finish (BYLINE_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_sample_and_screenshots (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GFile) sample = g_file_new_for_uri ("resource:///io/github/byline/Byline/sample/welcome.json");
  g_autofree char *id = NULL;
  g_autofree char *media = NULL;
  g_autofree char *headline = NULL;
  BylineArticleEditor *editor;
  BylineArticle *article;
  BylineImage *lead;
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* First start: the sample goes into the store as the app does it */
  byline_import_file_async (fixture->store, sample, TRUE, NULL, import_done, &id);
  wait_until (imported, &id, "the sample import");

  start_window (fixture, id, 1280, 800);
  editor = byline_window_get_editor (fixture->window);
  wait_until (editor_has_article, editor, "the sample article");
  article = byline_article_editor_get_article (editor);
  headline = text_of (byline_article_editor_get_headline_view (editor));
  g_assert_cmpstr (headline, ==, byline_article_get_headline (article));
  g_assert_cmpstr (headline, !=, "");

  /* Its picture was copied into the store, named by its content */
  lead = byline_article_get_lead_image (article);
  g_assert_nonnull (lead);
  g_assert_true (g_str_has_prefix (byline_image_get_src (lead), "media/"));
  media = g_build_filename (fixture->dir, byline_image_get_src (lead), NULL);
  g_assert_true (g_file_test (media, G_FILE_TEST_IS_REGULAR));

  /* Leave time for the thumbnails to decode */
  g_usleep (200 * 1000);
  drain ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_screenshot (GTK_WIDGET (fixture->window), "window-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (fixture->window), "window-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Further down: quotes with their attribution, images and cards */
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    if (byline_block_get_kind (byline_article_get_block (article, i)) == BYLINE_BLOCK_CARD)
      {
        GtkTextView *body = byline_article_editor_get_body_view (editor);
        GtkTextIter iter;

        gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (body), &iter, i);
        gtk_text_view_scroll_to_iter (body, &iter, 0, TRUE, 0, 0.1);
        spin (300);
        save_screenshot (GTK_WIDGET (fixture->window), "window-body.png");
        break;
      }

  /* 360 px wide: the list and editor fold into one */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  /* Let the text re-wrap at the new width */
  wait_for_frame (GTK_WIDGET (fixture->window));
  spin (500);
  g_assert_true (adw_leaflet_get_folded (byline_window_get_leaflet (fixture->window)));
  g_assert_true (adw_flap_get_folded (byline_window_get_flap (fixture->window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 400);
  {
    /* The headline re-wrapped: all of it is shown */
    GtkWidget *headline_view = GTK_WIDGET (byline_article_editor_get_headline_view (editor));
    int natural;

    gtk_widget_measure (headline_view, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (headline_view),
                        NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (headline_view), ==, natural);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "window-narrow.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  save_screenshot (GTK_WIDGET (fixture->window), "window-narrow-list.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  /* Like G_TEST_OPTION_ISOLATE_DIRS, but only the user's folders: that
   * option also hides the system data folders, and with them the icon
   * theme and the MIME database GTK needs to draw icons. */
  home = g_dir_make_tmp ("byline-test-window-XXXXXX", NULL);
  g_assert_nonnull (home);
  {
    const char *vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                           "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
    const char *names[] = { "config", "data", "cache", "state", "runtime" };

    g_setenv ("HOME", home, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *dir = g_build_filename (home, names[i], NULL);

        g_mkdir_with_parents (dir, 0700);
        g_setenv (vars[i], dir, TRUE);
      }
  }

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }
  adw_init ();
  /* Screenshots of the end state, not of a transition */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Compiled with --manual-register: this also registers it */
  byline_register_resource ();
  {
    /* The app loads its style sheet through AdwApplication; do it here */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/io/github/byline/Byline/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/window/new-article", Fixture, NULL, fixture_set_up, test_new_article, fixture_tear_down);
  g_test_add ("/window/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/window/delete-and-undo", Fixture, NULL, fixture_set_up, test_delete_and_undo, fixture_tear_down);
  g_test_add ("/window/sidebar-and-headline-panel", Fixture, NULL, fixture_set_up,
              test_sidebar_and_panel, fixture_tear_down);
  g_test_add ("/window/sample-and-screenshots", Fixture, NULL, fixture_set_up,
              test_sample_and_screenshots, fixture_tear_down);

  return g_test_run ();
}
