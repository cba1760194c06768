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
#include "byline-sync-engine.h"
#include "byline-ui-test-utils.h"
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

  f->store = byline_ui_test_store_new ("byline-remote-list-XXXXXX", &f->store_dir);

  f->engine = byline_sync_engine_new (f->store, BYLINE_CMS (f->cms), ACCOUNT, NULL);

  f->window = byline_window_new (NULL, f->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 640);
  gtk_window_present (GTK_WINDOW (f->window));
  byline_window_start (f->window, NULL);
  byline_ui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  byline_ui_test_drain ();
  byline_sync_engine_stop (f->engine);
  g_clear_object (&f->engine);
  /* Let workers finish before the store closes */
  for (guint i = 0; i < 20; i++)
    {
      byline_ui_test_drain ();
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
  byline_ui_test_drain ();
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
cond_listed (gpointer data)
{
  Fixture *f = data;

  return !byline_remote_list_get_loading (remote_list (f)) &&
         g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))) == 3;
}

static gboolean
cond_failed (gpointer data)
{
  Fixture *f = data;

  return byline_remote_list_get_error (remote_list (f)) != NULL;
}

static gboolean
cond_local_shown (gpointer data)
{
  Fixture *f = data;
  BylineArticle *article = byline_article_editor_get_article (byline_window_get_editor (f->window));

  return article != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (source_stack (f)), "local") == 0;
}

static gboolean
cond_one_listed_locally (gpointer data)
{
  Fixture *f = data;

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
  byline_ui_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))), ==, 0);

  show_remote (f);
  g_assert_true (byline_remote_list_get_loading (remote_list (f)));
  byline_ui_test_wait_until (cond_listed, f, "the site's articles");
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
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "remote-list-light.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "remote-list-dark.png");
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  BylineArticle *article;
  g_autofree char *id = NULL;

  byline_remote_list_set_engine (remote_list (f), f->engine);
  show_remote (f);
  byline_ui_test_wait_until (cond_listed, f, "the site's articles");

  /* The pending one: a local copy, opened, and the list shows local again */
  activate_row (f, 1);
  byline_ui_test_wait_until (cond_local_shown, f, "the local copy");
  article = byline_article_editor_get_article (byline_window_get_editor (f->window));
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Council votes on the new pier");
  g_assert_cmpint (byline_article_get_status (article), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  id = g_strdup (byline_article_get_id (article));
  g_assert_cmpuint (n_stored (f), ==, 1);
  byline_ui_test_wait_until (cond_one_listed_locally, f, "the local list");

  /* Again: the same local article, no second copy */
  show_remote (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (source_stack (f)), ==, "remote");
  activate_row (f, 1);
  byline_ui_test_wait_until (cond_local_shown, f, "the local copy again");
  article = byline_article_editor_get_article (byline_window_get_editor (f->window));
  g_assert_cmpstr (byline_article_get_id (article), ==, id);
  byline_ui_test_spin (100);
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
  byline_ui_test_wait_until (cond_failed, f, "the error");
  g_test_message ("Error: %s", byline_remote_list_get_error (remote_list (f)));
  g_assert_false (byline_remote_list_get_loading (remote_list (f)));
  g_assert_cmpuint (g_list_model_get_n_items (byline_remote_list_get_items (remote_list (f))), ==, 0);

  /* Shown in place, with the server's message, and the window still works */
  collect_labels (GTK_WIDGET (remote_list (f)), shown);
  g_assert_nonnull (strstr (shown->str, byline_remote_list_get_error (remote_list (f))));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  byline_ui_test_save_screenshot (GTK_WIDGET (f->window), "remote-list-error.png");

  /* The site is back: Try Again lists the articles */
  f->fail = FALSE;
  byline_remote_list_refresh (remote_list (f));
  byline_ui_test_wait_until (cond_listed, f, "the site's articles after the error");
  g_assert_null (byline_remote_list_get_error (remote_list (f)));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", FALSE);

  byline_ui_test_isolate_dirs ("remote-list", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!byline_ui_test_init_gtk (TRUE))
    return g_test_run ();

  g_test_add ("/remote-list/lists", Fixture, NULL, fixture_setup, test_lists, fixture_teardown);
  g_test_add ("/remote-list/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  g_test_add ("/remote-list/error", Fixture, NULL, fixture_setup, test_error, fixture_teardown);

  return g_test_run ();
}
