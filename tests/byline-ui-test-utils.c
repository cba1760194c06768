/* byline-ui-test-utils.c: set-up, main loop and screenshot helpers shared
 * by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-ui-test"

#include "config.h"

#include <glib/gstdio.h>

#include "byline-resources.h"
#include "byline-ui-test-utils.h"

/* Like G_TEST_OPTION_ISOLATE_DIRS, but only the user's folders: that
 * option also hides the system data folders, and with them the icon
 * theme and the MIME database GTK needs to draw icons.  HOME and the XDG
 * folders go to a new byline-test-@name-XXXXXX; XDG_RUNTIME_DIR too when
 * @runtime_dir (the keyring tests keep the one with-keyring.sh gave them).
 * Call before g_test_init(). */
void
byline_ui_test_isolate_dirs (const char *name,
                             gboolean    runtime_dir)
{
  const char *vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
  const char *names[] = { "config", "data", "cache", "state", "runtime" };
  g_autofree char *tmpl = g_strdup_printf ("byline-test-%s-XXXXXX", name);
  g_autofree char *home = g_dir_make_tmp (tmpl, NULL);
  guint n = runtime_dir ? G_N_ELEMENTS (vars) : G_N_ELEMENTS (vars) - 1;

  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *dir = g_build_filename (home, names[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }
}

/* After g_test_init(): GTK and libadwaita, animations off (screenshots of
 * the end state, not of a transition) and the app's resources, with its
 * style sheet when @load_style (the app loads it through AdwApplication).
 * Without a display, skips and returns FALSE: return g_test_run() then. */
gboolean
byline_ui_test_init_gtk (gboolean load_style)
{
  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return FALSE;
    }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Compiled with --manual-register: this also registers it */
  byline_register_resource ();
  if (load_style)
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (css, "/io/github/byline/Byline/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
  return TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; fails the test after 30 s
 * (work done on worker threads, such as Russian spelling suggestions
 * under the sanitizers on a busy machine, took more than 10) */
void
byline_ui_test_wait_until (BylineUiTestCondition  condition,
                           gpointer               data,
                           const char            *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

/* Runs the main loop for @ms milliseconds */
void
byline_ui_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Dispatches whatever the main context has pending, without blocking */
void
byline_ui_test_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Conditions for byline_ui_test_wait_until() */
gboolean
byline_ui_test_is_true (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
byline_ui_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
after_paint (GdkFrameClock *clock,
             gboolean      *painted)
{
  *painted = TRUE;
}

/* One full frame drawn after everything queued so far */
void
byline_ui_test_wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  gtk_test_widget_wait_for_draw (window);
  byline_ui_test_drain ();
  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  byline_ui_test_wait_until (byline_ui_test_is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
  byline_ui_test_drain ();
}

/* Saves @window, once a frame is drawn, as the PNG @name in
 * $BYLINE_SCREENSHOT_DIR (or <build>/tests/screenshots) */
void
byline_ui_test_save_screenshot (GtkWidget  *window,
                                const char *name)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = 0, height = 0;

  if (g_getenv ("BYLINE_SCREENSHOT_DIR") != NULL)
    dir = g_strdup (g_getenv ("BYLINE_SCREENSHOT_DIR"));
  else
    dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  paintable = gtk_widget_paintable_new (window);
  /* A window that has just been presented (a dialog) may not be drawable
   * for a frame or two yet: its paintable then gives no node. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      byline_ui_test_wait_for_frame (window);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        byline_ui_test_spin (20);
    }
  if (node == NULL)
    g_error ("Screenshot %s: the window drew nothing in 50 frames", name);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/* An open store in a new temporary folder made from @tmpl (for
 * g_dir_make_tmp()); the folder goes to @dir, for the caller to free */
BylineStore *
byline_ui_test_store_new (const char  *tmpl,
                          char       **dir)
{
  g_autoptr(GError) error = NULL;
  BylineStore *store;
  gboolean opened;

  *dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  store = byline_store_new (*dir);
  opened = byline_store_open_sync (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (opened);
  return store;
}

char *
byline_ui_test_underlined_words (BylineSpellChecker *checker,
                                 GtkTextView        *view)
{
  GtkTextTag *tag = byline_spell_checker_get_tag (checker, view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GString) words = g_string_new (NULL);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_starts_tag (&iter, tag) || gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    {
      GtkTextIter end = iter;
      g_autofree char *word = NULL;

      if (gtk_text_iter_is_end (&iter))
        break;
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      word = gtk_text_iter_get_slice (&iter, &end);
      if (words->len > 0)
        g_string_append_c (words, ' ');
      g_string_append (words, word);
      iter = end;
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

void
byline_ui_test_place_cursor_in (GtkTextView *view,
                                const char  *word)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, match;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, word, 0, &match, NULL, NULL));
  gtk_text_iter_forward_char (&match);
  gtk_text_buffer_place_cursor (buffer, &match);
}

GMenuModel *
byline_ui_test_suggestions_section (GtkTextView *view)
{
  GMenuModel *extra = gtk_text_view_get_extra_menu (view);

  g_assert_nonnull (extra);
  g_assert_cmpint (g_menu_model_get_n_items (extra), >=, 2);
  return g_menu_model_get_item_link (extra, 0, G_MENU_LINK_SECTION);
}
