/* test-remote-list.c: the site's articles beside the local ones
 *
 * An in-process SoupServer over TLS (the test certificate in tests/cert/,
 * trusted explicitly by the test's session) plays a WordPress site with
 * three posts: a draft, one pending review and a published one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-remote-list"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "byline-cms-item.h"
#include "byline-remote-list.h"
#include "byline-resources.h"
#include "byline-sync-engine.h"
#include "byline-window.h"
#include "byline-wp-cms.h"

#define ACCOUNT  "desk"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

typedef struct
{
  gint64      id;
  const char *title;
  const char *status;
  guint       modified;   /* seconds after a fixed start */
} Post;

static const Post posts[] = {
  { 100, "Harbour ferry timetable changes", "draft",   10 },
  { 101, "Council votes on the new pier",   "pending", 20 },
  { 102, "Storm closes the coast road",     "publish", 30 },
};

typedef struct
{
  SoupServer       *server;
  char             *url;
  SoupSession      *session;
  BylineWpCms      *cms;
  BylineStore      *store;
  char             *store_dir;
  BylineSyncEngine *engine;
  BylineWindow     *window;
  gboolean          fail;       /* answer 500 to everything */
} Fixture;

/* The server */

static char *
post_json (Fixture    *f,
           const Post *post)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 5, 1, 8, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_seconds (start, post->modified);
  g_autofree char *modified = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"status\":\"%s\",\"modified_gmt\":\"%s\","
                          "\"date_gmt\":null,\"link\":\"%s/?p=%" G_GINT64_FORMAT "\","
                          "\"title\":{\"raw\":\"%s\"},"
                          "\"content\":{\"raw\":\"<!-- wp:paragraph -->\\n<p>The ferry leaves at nine.</p>\\n<!-- /wp:paragraph -->\"},"
                          "\"excerpt\":{\"raw\":\"\"},\"featured_media\":0,\"categories\":[],\"tags\":[]}",
                          post->id, post->status, modified, f->url, post->id, post->title);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  const char *route = g_str_has_prefix (path, "/wp-json") ? path + strlen ("/wp-json") : NULL;

  if (f->fail)
    reply (msg, 500, "{\"code\":\"internal_server_error\",\"message\":\"The database is down for maintenance.\",\"data\":{\"status\":500}}");
  else if (route == NULL)
    reply (msg, 404, "{}");
  else if (*route == '\0' || strcmp (route, "/") == 0)
    reply (msg, 200, "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"wp/v2\"]}");
  else if (strcmp (route, "/wp/v2/posts") == 0)
    {
      const char *page = query ? g_hash_table_lookup (query, "page") : NULL;
      g_autoptr(GString) body = g_string_new ("[");

      /* Newest first, one page */
      if (page == NULL || atoi (page) <= 1)
        for (int i = G_N_ELEMENTS (posts) - 1; i >= 0; i--)
          {
            g_autofree char *json = post_json (f, &posts[i]);
            g_string_append_printf (body, "%s%s", body->len > 1 ? "," : "", json);
          }
      g_string_append_c (body, ']');
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-Total", "3");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-TotalPages", "1");
      reply (msg, 200, body->str);
    }
  else if (g_str_has_prefix (route, "/wp/v2/posts/"))
    {
      gint64 id = g_ascii_strtoll (route + strlen ("/wp/v2/posts/"), NULL, 10);

      for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
        if (posts[i].id == id)
          {
            g_autofree char *json = post_json (f, &posts[i]);
            reply (msg, 200, json);
            return;
          }
      reply (msg, 404, "{\"code\":\"rest_post_invalid_id\",\"message\":\"Invalid post ID.\",\"data\":{\"status\":404}}");
    }
  else if (g_str_has_prefix (route, "/wp/v2/categories") || g_str_has_prefix (route, "/wp/v2/tags") ||
           g_str_has_prefix (route, "/wp/v2/media"))
    reply (msg, 200, "[]");
  else
    reply (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route.\",\"data\":{\"status\":404}}");
}

/* Main loop helpers */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *f);

static void
wait_until (Fixture    *f,
            Condition   condition,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!condition (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
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
after_paint (GdkFrameClock *clock,
             gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gboolean timed_out = FALSE;
  gulong handler;
  guint id;

  gtk_test_widget_wait_for_draw (window);
  drain ();
  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &painted);
  gtk_widget_queue_draw (window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
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

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "cert", "test-cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "cert", "test-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, server_callback, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();
  soup_session_set_tls_database (f->session, database);
  soup_session_set_timeout (f->session, 5);
  soup_session_set_proxy_resolver (f->session, NULL);

  f->cms = byline_wp_cms_new (f->session, f->url, "editor", PASSWORD, &error);
  g_assert_no_error (error);

  f->store_dir = g_dir_make_tmp ("byline-remote-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = byline_store_new (f->store_dir);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_no_error (error);

  f->engine = byline_sync_engine_new (f->store, BYLINE_CMS (f->cms), ACCOUNT, NULL);

  f->window = byline_window_new (NULL, f->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 640);
  gtk_window_present (GTK_WINDOW (f->window));
  byline_window_start (f->window, NULL);
  wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain ();
  byline_sync_engine_stop (f->engine);
  g_clear_object (&f->engine);
  /* Let workers finish before the store closes */
  for (guint i = 0; i < 20; i++)
    {
      drain ();
      g_usleep (5000);
    }
  g_clear_object (&f->cms);
  g_clear_object (&f->session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  byline_store_close (f->store);
  g_clear_object (&f->store);
  g_free (f->url);
  g_free (f->store_dir);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  drain ();
}

/* Helpers */

static BylineRemoteList *
remote_list (Fixture *f)
{
  return byline_window_get_remote_list (f->window);
}

static GtkStack *
source_stack (Fixture *f)
{
  return GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (remote_list (f))));
}

static void
show_remote (Fixture *f)
{
  gtk_stack_set_visible_child (source_stack (f), GTK_WIDGET (remote_list (f)));
}

static gboolean
cond_listed (Fixture *f)
{
  return !byline_remote_list_get_loading (remote_list (f)) &&
         g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))) == 3;
}

static gboolean
cond_failed (Fixture *f)
{
  return byline_remote_list_get_error (remote_list (f)) != NULL;
}

static gboolean
cond_local_shown (Fixture *f)
{
  BylineArticle *article = byline_article_editor_get_article (byline_window_get_editor (f->window));

  return article != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (source_stack (f)), "local") == 0;
}

static gboolean
cond_one_listed_locally (Fixture *f)
{
  return g_list_model_get_n_items (byline_window_get_list_model (f->window)) == 1;
}

static guint
n_stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = byline_store_list_sync (f->store, FALSE, NULL, &error);

  g_assert_no_error (error);
  return list->len;
}

/* Every label text below @widget, in order, joined by "|" */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
row_text (Fixture *f,
          int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (byline_remote_list_get_list_box (remote_list (f)), index);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (row);
  collect_labels (GTK_WIDGET (row), out);
  return g_string_free (out, FALSE);
}

static void
activate_row (Fixture *f,
              int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (byline_remote_list_get_list_box (remote_list (f)), index);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
}

/* Tests */

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  GListModel *items;
  g_autofree char *row0 = NULL, *row1 = NULL, *row2 = NULL;

  /* No account, no engine: only the local list */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_prev_sibling (GTK_WIDGET (source_stack (f)))));
  byline_remote_list_set_engine (remote_list (f), f->engine);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_prev_sibling (GTK_WIDGET (source_stack (f)))));
  /* Nothing is fetched before the view is shown */
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))), ==, 0);

  show_remote (f);
  g_assert_true (byline_remote_list_get_loading (remote_list (f)));
  wait_until (f, cond_listed, "the site's articles");
  g_assert_null (byline_remote_list_get_error (remote_list (f)));

  items = byline_remote_list_get_items (remote_list (f));
  {
    g_autoptr(BylineCmsItem) first = g_list_model_get_item (items, 0);
    g_autoptr(BylineCmsItem) last = g_list_model_get_item (items, 2);

    g_assert_cmpstr (byline_cms_item_get_remote_id (first), ==, "102");
    g_assert_cmpstr (byline_cms_item_get_remote_id (last), ==, "100");
  }

  /* Newest first, with their badges */
  row0 = row_text (f, 0);
  row1 = row_text (f, 1);
  row2 = row_text (f, 2);
  g_test_message ("Rows: %s / %s / %s", row0, row1, row2);
  g_assert_true (g_str_has_prefix (row0, "Storm closes the coast road|Published|"));
  g_assert_true (g_str_has_prefix (row1, "Council votes on the new pier|Pending review|"));
  g_assert_true (g_str_has_prefix (row2, "Harbour ferry timetable changes|Draft|"));
  g_assert_cmpuint (n_stored (f), ==, 0);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_screenshot (GTK_WIDGET (f->window), "remote-list-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (f->window), "remote-list-dark.png");
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  BylineArticle *article;
  g_autofree char *id = NULL;

  byline_remote_list_set_engine (remote_list (f), f->engine);
  show_remote (f);
  wait_until (f, cond_listed, "the site's articles");

  /* The pending one: a local copy, opened, and the list shows local again */
  activate_row (f, 1);
  wait_until (f, cond_local_shown, "the local copy");
  article = byline_article_editor_get_article (byline_window_get_editor (f->window));
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Council votes on the new pier");
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  id = g_strdup (byline_article_get_id (article));
  g_assert_cmpuint (n_stored (f), ==, 1);
  wait_until (f, cond_one_listed_locally, "the local list");

  /* Again: the same local article, no second copy */
  show_remote (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (source_stack (f)), ==, "remote");
  activate_row (f, 1);
  wait_until (f, cond_local_shown, "the local copy again");
  article = byline_article_editor_get_article (byline_window_get_editor (f->window));
  g_assert_cmpstr (byline_article_get_id (article), ==, id);
  spin (100);
  g_assert_cmpuint (n_stored (f), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (byline_window_get_list_model (f->window)), ==, 1);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  f->fail = TRUE;
  byline_remote_list_set_engine (remote_list (f), f->engine);
  show_remote (f);
  wait_until (f, cond_failed, "the error");
  g_test_message ("Error: %s", byline_remote_list_get_error (remote_list (f)));
  g_assert_false (byline_remote_list_get_loading (remote_list (f)));
  g_assert_cmpuint (g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))), ==, 0);

  /* Shown in place, with the server's message, and the window still works */
  collect_labels (GTK_WIDGET (remote_list (f)), shown);
  g_assert_nonnull (strstr (shown->str, byline_remote_list_get_error (remote_list (f))));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_screenshot (GTK_WIDGET (f->window), "remote-list-error.png");

  /* The site is back: Try Again lists the articles */
  f->fail = FALSE;
  byline_remote_list_refresh (remote_list (f));
  wait_until (f, cond_listed, "the site's articles after the error");
  g_assert_null (byline_remote_list_get_error (remote_list (f)));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  /* Like G_TEST_OPTION_ISOLATE_DIRS, but only the user's folders: that
   * option also hides the icon theme GTK needs (as in test-window.c). */
  home = g_dir_make_tmp ("byline-test-remote-list-XXXXXX", NULL);
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
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  byline_register_resource ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/io/github/byline/Byline/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/remote-list/lists", Fixture, NULL, fixture_setup, test_lists, fixture_teardown);
  g_test_add ("/remote-list/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  g_test_add ("/remote-list/error", Fixture, NULL, fixture_setup, test_error, fixture_teardown);

  return g_test_run ();
}
