/* test-window.c: the main window's paths, driven like a journalist would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "byline-import.h"
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
  fixture->store = byline_ui_test_store_new ("byline-window-XXXXXX", &fixture->dir);
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
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
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
      byline_ui_test_wait_until (autosave_settled, byline_window_get_editor (fixture->window), "the last save");
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      byline_ui_test_drain ();
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

  byline_ui_test_wait_until (has_n_items, &wait, "the article list");
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

/* The editor's two scrolled areas: the header's (section, headline,
 * standfirst, byline, lead image) and the body's */
static GtkWidget *
header_scroller (BylineArticleEditor *editor)
{
  return gtk_widget_get_ancestor (GTK_WIDGET (byline_article_editor_get_headline_view (editor)),
                                  GTK_TYPE_SCROLLED_WINDOW);
}

static GtkWidget *
body_scroller (BylineArticleEditor *editor)
{
  return gtk_widget_get_ancestor (GTK_WIDGET (byline_article_editor_get_body_view (editor)),
                                  GTK_TYPE_SCROLLED_WINDOW);
}

static void
bounds_in (GtkWidget       *widget,
           GtkWidget       *target,
           graphene_rect_t *bounds)
{
  g_assert_true (gtk_widget_compute_bounds (widget, target, bounds));
}

/* What bug 1 looked like: the header drawn over the body, a lead image box
 * cut in half, a body squeezed to a strip.  @size names the case. */
static void
assert_editor_layout (BylineArticleEditor *editor,
                      const char          *size)
{
  GtkWidget *header = header_scroller (editor);
  GtkWidget *body = body_scroller (editor);
  GtkWidget *fields = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (byline_article_editor_get_headline_view (editor))));
  graphene_rect_t h, b, overlap;
  double editor_height = gtk_widget_get_height (GTK_WIDGET (editor));
  double value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (header)));

  g_test_message ("Layout at %s: editor %d×%d", size,
                  gtk_widget_get_width (GTK_WIDGET (editor)), (int) editor_height);
  g_assert_true (header != body);
  bounds_in (header, GTK_WIDGET (editor), &h);
  bounds_in (body, GTK_WIDGET (editor), &b);
  g_test_message ("header %g+%g, body %g+%g", h.origin.y, h.size.height, b.origin.y, b.size.height);

  /* Side by side in height, never on top of each other */
  g_assert_false (graphene_rect_intersection (&h, &b, &overlap) && overlap.size.height > 0.5);
  g_assert_cmpfloat (h.origin.y + h.size.height, <=, b.origin.y);
  /* and the header clips what it scrolls */
  g_assert_cmpint (gtk_widget_get_overflow (header), ==, GTK_OVERFLOW_HIDDEN);

  /* The body keeps a useful height */
  g_assert_cmpfloat (b.size.height, >=, 0.45 * editor_height);
  g_assert_cmpfloat (h.size.height, <=, 0.41 * editor_height);

  /* Nothing in the header is cut in half at its lower edge while the
   * header is at its top */
  if (value == 0)
    for (GtkWidget *child = gtk_widget_get_first_child (fields);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        graphene_rect_t c;

        if (!gtk_widget_get_visible (child))
          continue;
        bounds_in (child, header, &c);
        if (c.origin.y < h.size.height)
          g_assert_cmpfloat (c.origin.y + c.size.height, <=, h.size.height + 0.5);
      }
}

static gboolean summary_headline_is (gpointer data);

static void
test_new_article (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor;
  BylineArticle *article;
  GtkTextView *headline, *body;
  GtkWidget *list_pane;
  int list_width;
  g_autoptr(BylineStore) other = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticleSummary) summary = NULL;
  g_autofree char *id = NULL;

  start_window (fixture, NULL, 1200, 800);
  wait_for_list (fixture->window, 0);
  /* Nothing open: the editor and its panels are not made yet, the first
   * frame does not wait for them */
  g_assert_null (adw_flap_get_content (byline_window_get_flap (fixture->window)));
  list_pane = GTK_WIDGET (byline_window_get_search_entry (fixture->window));
  while (gtk_widget_get_parent (list_pane) != GTK_WIDGET (byline_window_get_leaflet (fixture->window)))
    list_pane = gtk_widget_get_parent (list_pane);
  list_width = gtk_widget_get_width (list_pane);
  g_assert_cmpint (list_width, >=, 300);
  editor = byline_window_get_editor (fixture->window);
  g_assert_null (byline_article_editor_get_article (editor));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), "Byline"));

  /* Ctrl+N: a new article, the cursor in its headline */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  byline_ui_test_wait_until (editor_has_article, editor, "the new article");
  article = byline_article_editor_get_article (editor);
  id = g_strdup (byline_article_get_id (article));
  headline = byline_article_editor_get_headline_view (editor);
  body = byline_article_editor_get_body_view (editor);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (headline));
  /* The list keeps its width when the editor comes in beside it */
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (list_pane), ==, list_width);

  /* Typing reaches the model at once */
  type_into (headline, "Harbour lights return to Saltmere");
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Harbour lights return to Saltmere");
  gtk_widget_grab_focus (GTK_WIDGET (body));
  type_into (body, "The lamps along the quay were lit again tonight.");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)),
                   ==, "The lamps along the quay were lit again tonight.");
  g_assert_cmpuint (byline_article_get_word_count (article), ==, 9);
  /* and the count under the body says so as it is typed */
  g_assert_true (g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (find_by_type (GTK_WIDGET (editor), GTK_TYPE_INSCRIPTION))),
                                   "9 words"));

  /* and the store soon after, as another process would read it */
  byline_ui_test_wait_until (autosave_settled, editor, "the autosave");
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
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_clear_object (&summary);
  summary = g_list_model_get_item (byline_window_get_list_model (fixture->window), 0);
  g_assert_cmpstr (byline_article_summary_get_id (summary), ==, id);
  g_assert_cmpstr (byline_article_summary_get_headline (summary), ==, "Harbour lights return to Saltmere");

  /* Undo in the headline */
  g_assert_true (gtk_text_buffer_get_can_undo (gtk_text_view_get_buffer (headline)));
  gtk_text_buffer_undo (gtk_text_view_get_buffer (headline));
  g_assert_cmpstr (byline_article_get_headline (article), ==, "");

  /* and the list follows once it is saved: the row the save changed is
   * read again (it alone, as the store says which one it was) */
  {
    gpointer args[] = { byline_window_get_list_model (fixture->window), "" };

    byline_ui_test_wait_until (summary_headline_is, args, "the list row to lose its headline");
  }
  g_assert_cmpuint (g_list_model_get_n_items (byline_window_get_list_model (fixture->window)), ==, 1);
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

  /* Ctrl+F outside the editor goes to the search (inside, it finds in
   * the article).  The window may still be putting the focus into the
   * article it opened: let it, then take the focus out of the editor. */
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_drain ();
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-article", NULL));
  byline_ui_test_drain ();
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->window)),
                                         GTK_WIDGET (search))
                 || gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (search));
}

static GtkWidget *
find_by_css_name (GtkWidget  *widget,
                  const char *name)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An AdwPreferencesRow by its title */
static GtkWidget *
find_row_titled (GtkWidget  *widget,
                      const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
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
  byline_ui_test_wait_until (editor_has_article, editor, "the newest article");
  g_assert_cmpstr (byline_article_get_id (byline_article_editor_get_article (editor)),
                   ==, byline_article_get_id (b));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL));
  byline_ui_test_wait_until (has_toast, fixture->window, "the trash toast");
  wait_for_list (fixture->window, 1);
  toast = byline_window_get_last_toast (fixture->window);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“Lighthouse keeper retires” moved to trash");
  g_assert_nonnull (adw_toast_get_button_label (toast));
  g_assert_null (byline_article_editor_get_article (editor));

  trashed = byline_store_list_sync (fixture->store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trashed->len, ==, 1);
  g_clear_pointer (&trashed, g_ptr_array_unref);

  /* The toast shows on the editor side, not over the list */
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "trash-toast.png");
  {
    GtkWidget *list_pane = gtk_widget_get_parent (GTK_WIDGET (byline_window_get_search_entry (fixture->window)));
    GtkWidget *toast_widget = find_by_css_name (GTK_WIDGET (byline_window_get_toast_overlay (fixture->window)),
                                                "toast");
    graphene_rect_t list_bounds, toast_bounds;

    g_assert_false (adw_leaflet_get_folded (byline_window_get_leaflet (fixture->window)));
    g_assert_false (gtk_widget_is_ancestor (list_pane, GTK_WIDGET (byline_window_get_toast_overlay (fixture->window))));
    g_assert_nonnull (toast_widget);
    bounds_in (list_pane, GTK_WIDGET (fixture->window), &list_bounds);
    bounds_in (toast_widget, GTK_WIDGET (fixture->window), &toast_bounds);
    g_assert_cmpfloat (toast_bounds.origin.x, >=, list_bounds.origin.x + list_bounds.size.width);
  }

  /* Undo brings it back and opens it */
  g_signal_emit_by_name (toast, "button-clicked");
  wait_for_list (fixture->window, 2);
  args[0] = byline_window_get_list_model (fixture->window);
  args[1] = (gpointer) "Lighthouse keeper retires";
  byline_ui_test_wait_until (summary_headline_is, args, "the restored article");
  byline_ui_test_wait_until (editor_has_article, editor, "the restored article to open");
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
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
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
  AdwExpanderRow *lead_row;
  const struct { int width, height; } sizes[] = { { 1280, 800 }, { 800, 600 }, { 360, 640 } };

  /* First start: the sample goes into the store as the app does it */
  byline_import_file_async (fixture->store, sample, TRUE, NULL, import_done, &id);
  byline_ui_test_wait_until (imported, &id, "the sample import");

  start_window (fixture, id, 1280, 800);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the sample article");
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
  byline_ui_test_drain ();

  /* For the README and the AppStream metadata: wide, light, sidebar open */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  adw_flap_set_reveal_flap (byline_window_get_flap (fixture->window), TRUE);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  assert_editor_layout (editor, "1280×800");
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "main-window.png");

  /* The lead image is one row until opened; opened, its fields scroll
   * inside the header, still above the body */
  lead_row = ADW_EXPANDER_ROW (find_by_type (GTK_WIDGET (editor), ADW_TYPE_EXPANDER_ROW));
  g_assert_nonnull (lead_row);
  g_assert_false (adw_expander_row_get_expanded (lead_row));
  g_assert_cmpstr (adw_expander_row_get_subtitle (lead_row), !=, "");
  adw_expander_row_set_expanded (lead_row, TRUE);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  byline_ui_test_spin (200);
  byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  assert_editor_layout (editor, "1280×800, lead image open");
  {
    /* and shows: the Alt Text row lies inside the header's visible part */
    GtkWidget *header = header_scroller (editor);
    GtkWidget *alt = find_row_titled (GTK_WIDGET (lead_row), "Alt Text");
    graphene_rect_t a;

    g_assert_nonnull (alt);
    bounds_in (alt, header, &a);
    g_assert_cmpfloat (a.origin.y, >=, 0);
    g_assert_cmpfloat (a.origin.y + a.size.height, <=, gtk_widget_get_height (header) + 0.5);
  }
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-lead-image.png");

  /* Further down: quotes with their attribution, images and cards; the
   * header stays above the body, not over it */
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    if (byline_block_get_kind (byline_article_get_block (article, i)) == BYLINE_BLOCK_CARD)
      {
        GtkTextView *body = byline_article_editor_get_body_view (editor);
        GtkAdjustment *vadjustment;
        GtkTextIter iter;

        gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (body), &iter, i);
        gtk_text_view_scroll_to_iter (body, &iter, 0, TRUE, 0, 0.1);
        byline_ui_test_spin (300);
        byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
        vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (body_scroller (editor)));
        g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
        assert_editor_layout (editor, "1280×800, body scrolled");
        byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-body.png");
        gtk_adjustment_set_value (vadjustment, 0);
        break;
      }

  /* A quote with its attribution after it, light and dark */
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    if (byline_block_get_kind (byline_article_get_block (article, i)) == BYLINE_BLOCK_QUOTE)
      {
        GtkTextView *body = byline_article_editor_get_body_view (editor);
        GtkTextIter iter;

        gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (body), &iter, i);
        gtk_text_view_scroll_to_iter (body, &iter, 0, TRUE, 0, 0.3);
        byline_ui_test_spin (300);
        byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
        byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-quote.png");
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
        byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
        byline_ui_test_spin (100);
        byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
        byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-quote-dark.png");
        adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (body_scroller (editor))), 0);
        break;
      }

  /* Every size, light and dark */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *name = g_strdup_printf ("window-%d-%s.png", sizes[i].width,
                                                   dark ? "dark" : "light");
          g_autofree char *what = g_strdup_printf ("%d×%d %s", sizes[i].width, sizes[i].height,
                                                   dark ? "dark" : "light");

          adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                          : ADW_COLOR_SCHEME_FORCE_LIGHT);
          gtk_window_set_default_size (GTK_WINDOW (fixture->window), sizes[i].width, sizes[i].height);
          /* Let the text re-wrap at the new size */
          byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
          byline_ui_test_spin (500);
          byline_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
          /* (less the frame of a window without a window manager) */
          g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (fixture->window)) - sizes[i].width), <=, 20);
          g_assert_cmpint (ABS (gtk_widget_get_height (GTK_WIDGET (fixture->window)) - sizes[i].height), <=, 20);
          assert_editor_layout (editor, what);
          byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), name);
        }
    }

  /* A small window folded the lead image away */
  g_assert_false (adw_expander_row_get_expanded (lead_row));

  /* 360 px wide: the list and editor fold into one */
  g_assert_true (adw_leaflet_get_folded (byline_window_get_leaflet (fixture->window)));
  g_assert_true (adw_flap_get_folded (byline_window_get_flap (fixture->window)));
  {
    /* The headline re-wrapped: all of it is shown */
    GtkWidget *headline_view = GTK_WIDGET (byline_article_editor_get_headline_view (editor));
    int natural;

    gtk_widget_measure (headline_view, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (headline_view),
                        NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_height (headline_view), ==, natural);
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  byline_ui_test_save_screenshot (GTK_WIDGET (fixture->window), "window-narrow-list.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
autosave_failed (gpointer data)
{
  BylineAutosave *autosave = byline_article_editor_get_autosave (data);

  return autosave != NULL && byline_autosave_get_state (autosave) == BYLINE_AUTOSAVE_FAILED;
}

static AdwMessageDialog *
unsaved_dialog_of (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel)
          && gtk_window_get_transient_for (toplevel) == window
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* Clicks the dialog's button, as a journalist would */
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

static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
has_unsaved_dialog (gpointer data)
{
  return unsaved_dialog_of (data) != NULL;
}

static void
test_close_unsaved (Fixture       *fixture,
                    gconstpointer  data)
{
  BylineArticleEditor *editor;
  BylineArticle *article;
  BylineAutosave *autosave;
  AdwMessageDialog *dialog;
  g_autofree char *too_long = NULL;
  gpointer window;

  g_object_unref (store_article (fixture->store, "Pier repairs"));
  start_window (fixture, NULL, 1200, 800);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  article = byline_article_editor_get_article (editor);
  autosave = byline_article_editor_get_autosave (editor);

  /* The delay comes from the settings */
  {
    GSettings *settings = NULL;

    g_object_get (fixture->window, "settings", &settings, NULL);
    if (settings != NULL)
      {
        g_settings_set_uint (settings, "autosave-delay", 250);
        g_assert_cmpuint (byline_autosave_get_delay (autosave), ==, 250);
        g_settings_reset (settings, "autosave-delay");
        g_assert_cmpuint (byline_autosave_get_delay (autosave), ==, 400);
        g_object_unref (settings);
      }
    else
      g_test_message ("No settings schema: the autosave delay stays at its default");
  }

  /* A byline over the format's limit cannot be saved */
  too_long = g_strnfill (100001, 'x');
  byline_article_set_byline (article, too_long);
  byline_ui_test_wait_until (autosave_failed, editor, "the autosave to fail");
  g_assert_nonnull (byline_autosave_get_error (autosave));

  /* Closing is refused and the journalist is asked */
  gtk_window_close (GTK_WINDOW (fixture->window));
  byline_ui_test_wait_until (has_unsaved_dialog, fixture->window, "the unsaved-changes dialog");
  dialog = unsaved_dialog_of (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Your latest changes are not saved");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "too long"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "keep"), ==, "_Keep Editing");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "discard"), ==, "Close _Without Saving");
  byline_ui_test_save_screenshot (GTK_WIDGET (dialog), "close-unsaved.png");

  /* Keep Editing: nothing closes, the text is still there */
  click_response (dialog, "_Keep Editing");
  byline_ui_test_spin (100);
  g_assert_null (unsaved_dialog_of (GTK_WINDOW (fixture->window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_true (byline_article_editor_get_article (editor) == article);

  /* Close Without Saving: it goes */
  gtk_window_close (GTK_WINDOW (fixture->window));
  byline_ui_test_wait_until (has_unsaved_dialog, fixture->window, "the dialog again");
  window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (window), &window);
  fixture->window = NULL;
  /* The autosave warns, as it goes, about what it could not write (a
   * structured log, which g_test_expect_message() does not see in GLib 2.74) */
  {
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

    click_response (unsaved_dialog_of (GTK_WINDOW (window)), "Close _Without Saving");
    byline_ui_test_wait_until (byline_ui_test_is_null, &window, "the window to close");
    g_log_set_always_fatal (fatal);
  }
}

static void
test_close_saved (Fixture       *fixture,
                  gconstpointer  data)
{
  BylineArticleEditor *editor;
  gpointer window;

  g_object_unref (store_article (fixture->store, "Pier repairs"));
  start_window (fixture, NULL, 1200, 800);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  type_into (byline_article_editor_get_headline_view (editor), " begin");

  /* Unsaved but savable: closing writes it and goes, no question asked */
  window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (window), &window);
  fixture->window = NULL;
  gtk_window_close (GTK_WINDOW (window));
  byline_ui_test_wait_until (byline_ui_test_is_null, &window, "the window to close");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) list = byline_store_list_sync (fixture->store, FALSE, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (byline_article_summary_get_headline (g_ptr_array_index (list, 0)), ==, "Pier repairs begin");
  }
}

/* The editor's title: the article's headline, the save state under it,
 * in the header above the editor's toasts */
static AdwWindowTitle *
find_editor_title (BylineWindow *window)
{
  GtkWidget *editor_pane = gtk_widget_get_parent (GTK_WIDGET (byline_window_get_toast_overlay (window)));

  return ADW_WINDOW_TITLE (find_by_type (editor_pane, ADW_TYPE_WINDOW_TITLE));
}

static gboolean
says_saving (gpointer data)
{
  return g_strcmp0 (adw_window_title_get_subtitle (data), "Saving…") == 0;
}

/* The title says "Saved" while autosave keeps up with the typing, and
 * "Saving…" once a change has waited too long for the store (here, another
 * program holding the database), then "Saved" again when it is written */
static void
test_save_state (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BylineArticle) stored = store_article (fixture->store, "Ferry timetable");
  g_autofree char *path = g_build_filename (fixture->dir, "byline.db", NULL);
  BylineArticleEditor *editor;
  AdwWindowTitle *title;
  GtkTextView *body;
  sqlite3 *db = NULL;

  start_window (fixture, NULL, 1200, 800);
  editor = byline_window_get_editor (fixture->window);
  byline_ui_test_wait_until (editor_has_article, editor, "the article");
  title = find_editor_title (fixture->window);
  g_assert_nonnull (title);
  body = byline_article_editor_get_body_view (editor);
  gtk_widget_grab_focus (GTK_WIDGET (body));

  for (guint i = 0; i < 6; i++)
    {
      type_into (body, "The winter boats leave at seven. ");
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Saved");
      byline_ui_test_spin (300);
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Saved");
    }
  byline_ui_test_wait_until (autosave_settled, editor, "the autosave");

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  type_into (body, "Tickets are sold on board.");
  byline_ui_test_wait_until (says_saving, title, "“Saving…” while the store is held");
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  byline_ui_test_wait_until (autosave_settled, editor, "the autosave after the store is free");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Saved");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) again = byline_store_load_sync (fixture->store,
                                                            byline_article_get_id (stored), NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (byline_block_get_text (byline_article_get_block (again, 0)), "Tickets are sold on board."));
  }
}

/* A window that never opened an article: the sidebar key, Find and
 * closing work without the editor, which is never made */
static void
test_close_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  gpointer window;

  start_window (fixture, NULL, 1200, 800);
  wait_for_list (fixture->window, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-sidebar", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-article", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->window)),
                                         GTK_WIDGET (byline_window_get_search_entry (fixture->window))));
  g_assert_null (adw_flap_get_content (byline_window_get_flap (fixture->window)));

  window = fixture->window;
  g_object_add_weak_pointer (G_OBJECT (window), &window);
  fixture->window = NULL;
  gtk_window_close (GTK_WINDOW (window));
  byline_ui_test_wait_until (byline_ui_test_is_null, &window, "the window to close");
}

/* Keyboard Shortcuts (Ctrl+?) opens over the window, and the second time
 * it is the same window again: it is made only when first asked for. */
static GtkWindow *
find_shortcuts_window (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (window) && gtk_window_get_transient_for (window) == parent)
        return window;
    }
  return NULL;
}

static void
test_keyboard_shortcuts (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWindow *shortcuts;

  start_window (fixture, NULL, 1200, 800);
  g_assert_null (find_shortcuts_window (GTK_WINDOW (fixture->window)));

  /* GTK 4.8's GtkShortcutsWindow measures a label of its own at -3 px
   * with the Adwaita theme and warns (GTK clamps it to 0; it draws right,
   * screenshots/keyboard-shortcuts.png).  Only criticals stay fatal while
   * it lays itself out. */
  {
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL));
    byline_ui_test_drain ();
    shortcuts = find_shortcuts_window (GTK_WINDOW (fixture->window));
    g_assert_nonnull (shortcuts);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
    byline_ui_test_wait_for_frame (GTK_WIDGET (shortcuts));
    byline_ui_test_save_screenshot (GTK_WIDGET (shortcuts), "keyboard-shortcuts.png");
    g_log_set_always_fatal (fatal);
  }

  /* Closing hides it; asking again shows the same one */
  gtk_window_close (shortcuts);
  byline_ui_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  {
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL));
    byline_ui_test_drain ();
    g_log_set_always_fatal (fatal);
  }
  g_assert_true (find_shortcuts_window (GTK_WINDOW (fixture->window)) == shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("window", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/window/new-article", Fixture, NULL, fixture_set_up, test_new_article, fixture_tear_down);
  g_test_add ("/window/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/window/delete-and-undo", Fixture, NULL, fixture_set_up, test_delete_and_undo, fixture_tear_down);
  g_test_add ("/window/sidebar-and-headline-panel", Fixture, NULL, fixture_set_up,
              test_sidebar_and_panel, fixture_tear_down);
  g_test_add ("/window/close-unsaved", Fixture, NULL, fixture_set_up, test_close_unsaved, fixture_tear_down);
  g_test_add ("/window/close-saved", Fixture, NULL, fixture_set_up, test_close_saved, fixture_tear_down);
  g_test_add ("/window/save-state", Fixture, NULL, fixture_set_up, test_save_state, fixture_tear_down);
  g_test_add ("/window/close-empty", Fixture, NULL, fixture_set_up, test_close_empty, fixture_tear_down);
  g_test_add ("/window/keyboard-shortcuts", Fixture, NULL, fixture_set_up, test_keyboard_shortcuts, fixture_tear_down);
  g_test_add ("/window/sample-and-screenshots", Fixture, NULL, fixture_set_up,
              test_sample_and_screenshots, fixture_tear_down);

  return g_test_run ();
}
