/* test-sync-integration.c: the sync engine against a real WordPress 6.1
 *
 * Starts a private WordPress + MariaDB on loopback with
 * tests/wordpress/wp-server.sh (needs root, mariadbd and php; skipped
 * otherwise) and runs the engine as the app does, while a second user
 * edits the same post over REST: edits of different fields both survive,
 * edits of the same paragraph become a conflict that leaves the server
 * alone, and a PHP server stopped mid-sync gets the article exactly once
 * after it comes back.  Once without the companion plugin, once with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync-integration"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "byline-autosave.h"
#include "byline-ref-check.h"
#include "byline-store.h"
#include "byline-story-cache.h"
#include "byline-sync-engine.h"
#include "byline-wp-cms.h"

#define ACCOUNT "newsroom"

typedef struct
{
  char        *dir;
  char        *script;
  char        *port;
  char        *url;
  char        *user;
  char        *password;
  char        *user2;
  char        *password2;
  SoupSession *session;
} Site;

static Site site;

typedef struct
{
  BylineStore      *store;
  BylineWpCms      *cms;
  BylineSyncEngine *engine;
  BylineSyncState   last_state;
  char             *last_id;
  guint             n_merged;
} Run;

/* ------------------------------------------------------------------ */
/* The site                                                             */

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  g_autofree char *sbin = g_build_filename ("/usr/sbin", name, NULL);

  return path != NULL || g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
start_site (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "bash", site.script, "start", site.dir, site.port, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("wp-server.sh failed: %s", err);
      return FALSE;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      const char *value;

      if (eq == NULL)
        continue;
      *eq = '\0';
      value = eq + 1;
      if (strcmp (lines[i], "WP_URL") == 0) site.url = g_strdup (value);
      else if (strcmp (lines[i], "WP_USER") == 0) site.user = g_strdup (value);
      else if (strcmp (lines[i], "WP_APP_PASSWORD") == 0) site.password = g_strdup (value);
      else if (strcmp (lines[i], "WP_USER2") == 0) site.user2 = g_strdup (value);
      else if (strcmp (lines[i], "WP_APP_PASSWORD2") == 0) site.password2 = g_strdup (value);
    }

  return site.url != NULL && site.password != NULL && site.password2 != NULL;
}

static void
stop_site (void)
{
  const char *argv[] = { "bash", site.script, "stop", site.dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Kills PHP's server and all its workers, as a crash or a restart would. */
static void
kill_php (void)
{
  g_autofree char *pidfile = g_build_filename (site.dir, "php.pid", NULL);
  g_autofree char *contents = NULL;
  pid_t pid;

  g_assert_true (g_file_get_contents (pidfile, &contents, NULL, NULL));
  pid = (pid_t) g_ascii_strtoll (contents, NULL, 10);
  g_assert_cmpint (pid, >, 1);
  g_assert_cmpint (kill (-pid, SIGKILL), ==, 0);
  for (guint i = 0; i < 100 && kill (pid, 0) == 0; i++)
    g_usleep (20000);
}

/* Starts PHP's server again the way wp-server.sh does. */
static void
restart_php (void)
{
  g_autofree char *command = g_strdup_printf (
    /* A plain command in the background, so $! is PHP itself (the
     * leader of its own process group after setsid). */
    "cd '%s' || exit 1; BYLINE_WP_CONTENT='%s/content' PHP_CLI_SERVER_WORKERS=4 setsid php "
    "-d post_max_size=64M -d upload_max_filesize=64M -d display_errors=0 "
    "-S 127.0.0.1:%s -t site site/router.php </dev/null >>php.log 2>&1 & echo $! > php.pid; "
    "for i in $(seq 200); do curl -s -m 2 -o /dev/null 'http://127.0.0.1:%s/?rest_route=/' && break; sleep 0.05; done",
    site.dir, site.dir, site.port, site.port);
  const char *argv[] = { "bash", "-c", command, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* The server must not inherit the test's output (the TAP pipe). */
  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
install_companion (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "wordpress",
                                                   "byline-companion.php", NULL);
  g_autofree char *target = g_build_filename (site.dir, "content", "mu-plugins",
                                              "byline-companion.php", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, len, &error);
  g_assert_no_error (error);
}

/* A plain REST call as another client would make it. */
static JsonNode *
rest (const char *method,
      const char *user,
      const char *password,
      const char *route_and_query,
      JsonNode   *body_node)
{
  g_autofree char *url = g_strdup_printf ("%s/wp-json%s", site.url, route_and_query);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *credentials = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strdup_printf ("Basic %s", encoded);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body_node != NULL)
    {
      g_autofree char *json = json_to_string (body_node, FALSE);
      g_autoptr(GBytes) request = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (site.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
get_post (const char *remote_id,
          JsonNode  **keep)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s?context=edit", remote_id);

  *keep = rest ("GET", site.user, site.password, route, NULL);
  return json_node_get_object (*keep);
}

static const char *
raw_of (JsonObject *object,
        const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), "raw");
}

/* The second user changes the post in WordPress. */
static void
edit_as_second_user (const char *remote_id,
                     const char *title,
                     const char *from,
                     const char *to)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", remote_id);
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonObject *post = get_post (remote_id, &current);

  /* modified_gmt has whole seconds: without the companion plugin an edit
   * in the same second as Byline's write could not be told apart. */
  g_usleep (1100 * 1000);

  json_builder_begin_object (builder);
  if (title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
    }
  if (from != NULL)
    {
      g_autoptr(GString) content = g_string_new (raw_of (post, "content"));

      g_assert_nonnull (strstr (content->str, from));
      g_string_replace (content, from, to, 1);
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, content->str);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = rest ("POST", site.user2, site.password2, route, body);
}

/* ------------------------------------------------------------------ */
/* The engine                                                           */

static void
on_state (BylineSyncEngine *engine,
          const char       *id,
          guint             state,
          const char       *message,
          Run              *run)
{
  g_test_message ("%s: %s %s", id, byline_sync_state_to_string (state), message ? message : "");
  run->last_state = state;
}

static void
on_merged (BylineSyncEngine *engine,
           const char       *id,
           Run              *run)
{
  run->n_merged++;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_state (Run             *run,
                BylineSyncState  state)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &expired);

  while (!expired)
    {
      g_autoptr(GPtrArray) entries = NULL;

      g_main_context_iteration (NULL, TRUE);
      if (run->last_state != state || byline_sync_engine_get_busy (run->engine))
        continue;
      if (state != BYLINE_SYNC_STATE_SYNCED)
        break;
      entries = byline_store_list_outbox_sync (run->store, ACCOUNT, NULL, NULL);
      if (entries != NULL && entries->len == 0)
        break;
    }
  if (expired)
    g_error ("Timed out waiting for the state “%s”", byline_sync_state_to_string (state));
  g_source_remove (id);
}

static void
save_and_enqueue (Run           *run,
                  BylineArticle *article)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save_and_enqueue_sync (run->store, snapshot, ACCOUNT, NULL, &error));
  g_assert_no_error (error);
  run->last_state = G_MAXUINT;
  byline_sync_engine_kick (run->engine);
}

static char *
remote_id_of (Run           *run,
              BylineArticle *article)
{
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_get_link_sync (run->store, byline_article_get_id (article), ACCOUNT,
                                             &link, NULL, &error));
  g_assert_nonnull (link);
  return g_strdup (link->remote_id);
}

static void
replace_block (BylineArticle *article,
               guint          position,
               const char    *text)
{
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (text);

  byline_article_splice_body (article, position, 1, (BylineBlock * const []) { block }, 1);
}

/* The open article's autosave took a sync write in */
static void
on_editor_merged (BylineAutosave *autosave,
                  gboolean        conflict,
                  const char     *message,
                  guint          *n_merged)
{
  g_assert_false (conflict);
  (*n_merged)++;
}

static void
on_pulled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = byline_sync_engine_pull_finish (BYLINE_SYNC_ENGINE (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_autosave_flush_finish (BYLINE_AUTOSAVE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
wait_for_flag (const gboolean *flag,
               const char     *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static guint
count_posts_titled (const char *title)
{
  g_autofree char *escaped = g_uri_escape_string (title, NULL, FALSE);
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts?context=edit&status=draft,pending,future,publish"
                                            "&per_page=100&search=%s", escaped);
  g_autoptr(JsonNode) list = rest ("GET", site.user, site.password, route, NULL);
  JsonArray *array = json_node_get_array (list);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (raw_of (json_array_get_object_element (array, i), "title"), title) == 0)
      n++;
  return n;
}

static void
run_scenario (gboolean companion)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *content_before = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *title = NULL;
  g_autofree char *remote_article_id = NULL;
  JsonObject *post;
  Run run = { 0, };

  if (companion)
    install_companion ();

  store_dir = g_build_filename (site.dir, companion ? "store-companion" : "store-plain", NULL);
  run.store = byline_store_new (store_dir);
  g_assert_true (byline_store_open_sync (run.store, NULL, &error));
  run.cms = byline_wp_cms_new (site.session, site.url, site.user, site.password, &error);
  g_assert_no_error (error);
  run.engine = byline_sync_engine_new (run.store, BYLINE_CMS (run.cms), ACCOUNT, NULL);
  byline_sync_engine_set_base_delay_ms (run.engine, 200);
  byline_sync_engine_set_max_delay_ms (run.engine, 1000);
  g_signal_connect (run.engine, "article-state-changed", G_CALLBACK (on_state), &run);
  g_signal_connect (run.engine, "merged", G_CALLBACK (on_merged), &run);
  byline_sync_engine_start (run.engine);

  /* 1. A draft goes up. */
  headline = g_strdup_printf ("Tram depot plans go to a vote%s", companion ? " (with plugin)" : "");
  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, "Residents have until Friday to comment.");
  {
    g_autoptr(BylineBlock) a = byline_block_new_paragraph ("The council published the depot drawings on Tuesday.");
    g_autoptr(BylineBlock) b = byline_block_new_paragraph ("Neighbours worry about night-time noise from the yard.");
    byline_article_append_block (article, a);
    byline_article_append_block (article, b);
  }
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
  remote_id = remote_id_of (&run, article);
  remote_article_id = g_strdup (byline_article_get_id (article));
  post = get_post (remote_id, &keep);
  g_assert_cmpstr (raw_of (post, "title"), ==, headline);

  /* 2. The desk chief retitles it in WordPress while the reporter edits
   * the second paragraph: both edits survive. */
  g_free (title);
  title = g_strdup_printf ("Depot plans face a council vote%s", companion ? " (with plugin)" : "");
  edit_as_second_user (remote_id, title, NULL, NULL);
  replace_block (article, 1, "Neighbours worry about night-time noise and lorries in the yard.");
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
  g_assert_cmpuint (run.n_merged, ==, 1);
  g_clear_pointer (&keep, json_node_unref);
  post = get_post (remote_id, &keep);
  g_assert_cmpstr (raw_of (post, "title"), ==, title);
  g_assert_nonnull (strstr (raw_of (post, "content"), "lorries in the yard"));
  stored = byline_store_load_sync (run.store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, title);

  /* 3. Both rewrite the first paragraph: a conflict, and the server keeps
   * the desk chief's text. */
  g_clear_object (&article);
  article = g_steal_pointer (&stored);
  edit_as_second_user (remote_id, NULL, "published the depot drawings", "released the depot drawings");
  g_clear_pointer (&keep, json_node_unref);
  post = get_post (remote_id, &keep);
  content_before = g_strdup (raw_of (post, "content"));
  replace_block (article, 0, "The council put the depot drawings online on Tuesday.");
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_CONFLICT);
  g_clear_pointer (&keep, json_node_unref);
  post = get_post (remote_id, &keep);
  g_assert_cmpstr (raw_of (post, "content"), ==, content_before);

  /* The reporter keeps their own wording. */
  run.last_state = G_MAXUINT;
  byline_sync_engine_resolve_conflict_async (run.engine, article, NULL, NULL, NULL);
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
  g_clear_pointer (&keep, json_node_unref);
  post = get_post (remote_id, &keep);
  g_assert_nonnull (strstr (raw_of (post, "content"), "put the depot drawings online"));
  /* The resolution replaced the stored text: an editor takes it in (its
   * autosave does), here by opening it again */
  g_clear_object (&article);
  article = byline_store_load_sync (run.store, remote_article_id, NULL, &error);
  g_assert_no_error (error);

  /* 4. PHP goes away mid-sync: the article waits, then goes out once. */
  kill_php ();
  g_clear_pointer (&headline, g_free);
  headline = g_strdup_printf ("Depot vote delayed to March%s", companion ? " (with plugin)" : "");
  byline_article_set_headline (article, headline);
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_PENDING);
  restart_php ();
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
  g_assert_cmpuint (count_posts_titled (headline), ==, 1);

  /* 5. The article is open in an editor and the reporter is typing in the
   * second paragraph (not saved yet) when a pull brings the desk chief's
   * new title: the editor takes the title in place, keeps the typing, and
   * the next sync sends both. */
  {
    g_autoptr(BylineArticle) editor = byline_store_load_sync (run.store, remote_article_id, NULL, &error);
    g_autoptr(BylineAutosave) autosave = NULL;
    BylineBlock *typed_in;
    guint n_editor_merged = 0;
    gboolean pulled = FALSE, flushed = FALSE;

    g_assert_no_error (error);
    autosave = byline_autosave_new (run.store, editor);
    byline_autosave_set_delay (autosave, 60000);
    g_signal_connect (autosave, "merged", G_CALLBACK (on_editor_merged), &n_editor_merged);

    g_clear_pointer (&title, g_free);
    title = g_strdup_printf ("Depot vote moves to March%s", companion ? " (with plugin)" : "");
    edit_as_second_user (remote_id, title, NULL, NULL);
    typed_in = byline_article_get_block (editor, 1);
    byline_block_set_text (typed_in, "Neighbours worry about noise, lorries and floodlights in the yard.");

    byline_sync_engine_pull_async (run.engine, NULL, on_pulled, &pulled);
    wait_for_flag (&pulled, "the pull");
    while (n_editor_merged == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (byline_article_get_headline (editor), ==, title);
    g_assert_true (byline_article_get_block (editor, 1) == typed_in);
    g_assert_cmpstr (byline_block_get_text (typed_in), ==,
                     "Neighbours worry about noise, lorries and floodlights in the yard.");

    byline_autosave_flush_async (autosave, NULL, on_flushed, &flushed);
    wait_for_flag (&flushed, "the editor's save");
    g_assert_null (byline_autosave_get_error (autosave));
    save_and_enqueue (&run, editor);
    wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
    g_clear_pointer (&keep, json_node_unref);
    post = get_post (remote_id, &keep);
    g_assert_cmpstr (raw_of (post, "title"), ==, title);
    g_assert_nonnull (strstr (raw_of (post, "content"), "lorries and floodlights"));
  }

  /* 6. Deleting for good.  The desk edits the post while the reporter
   * empties it from the trash: the site keeps it (and the SEO title the
   * reporter set stays, with or without the plugin); restored, it merges
   * the desk's edit; emptied again, the post goes to WordPress's trash. */
  {
    g_autoptr(BylineArticle) current = byline_store_load_sync (run.store, remote_article_id, NULL, &error);
    g_autoptr(BylineArticle) restored = NULL;
    g_autoptr(BylineRemoteLink) link = NULL;
    g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s?context=edit", remote_id);
    g_autofree char *document = NULL;

    g_assert_no_error (error);
    byline_article_set_seo_title (current, "Tram depot vote: what changes for residents");
    save_and_enqueue (&run, current);
    wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
    g_clear_pointer (&keep, json_node_unref);
    post = get_post (remote_id, &keep);
    if (companion)
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (post, "meta"), "byline_seo_title"),
                       ==, "Tram depot vote: what changes for residents");

    g_clear_pointer (&title, g_free);
    title = g_strdup_printf ("Depot vote set for 4 March%s", companion ? " (with plugin)" : "");
    edit_as_second_user (remote_id, title, NULL, NULL);
    g_assert_true (byline_store_trash_sync (run.store, remote_article_id, NULL, &error));
    g_assert_cmpuint (byline_store_purge_trash_sync (run.store, NULL, NULL, &error), ==, 1);
    run.last_state = G_MAXUINT;
    byline_sync_engine_kick (run.engine);
    wait_for_state (&run, BYLINE_SYNC_STATE_ERROR);
    g_clear_pointer (&keep, json_node_unref);
    post = get_post (remote_id, &keep);
    g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "draft");
    g_assert_true (byline_store_get_link_sync (run.store, remote_article_id, ACCOUNT, &link, NULL, &error));
    g_assert_nonnull (link);

    g_assert_true (byline_store_untrash_sync (run.store, remote_article_id, NULL, &error));
    run.last_state = G_MAXUINT;
    byline_sync_engine_kick (run.engine);
    wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
    restored = byline_store_load_sync (run.store, remote_article_id, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (byline_article_get_headline (restored), ==, title);
    g_assert_cmpstr (byline_article_get_seo_title (restored), ==, "Tram depot vote: what changes for residents");

    g_assert_true (byline_store_trash_sync (run.store, remote_article_id, NULL, &error));
    g_assert_cmpuint (byline_store_purge_trash_sync (run.store, NULL, NULL, &error), ==, 1);
    run.last_state = G_MAXUINT;
    byline_sync_engine_kick (run.engine);
    wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
    document = byline_store_get_document_sync (run.store, remote_article_id, NULL, &error);
    g_assert_null (document);
    g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_clear_pointer (&keep, json_node_unref);
    keep = rest ("GET", site.user, site.password, route, NULL);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (keep), "status"), ==, "trash");
  }

  byline_sync_engine_stop (run.engine);
  g_clear_object (&run.engine);
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_clear_object (&run.cms);
  byline_store_close (run.store);
  g_clear_object (&run.store);
}

static void
test_without_companion (void)
{
  run_scenario (FALSE);
}

static void
test_with_companion (void)
{
  run_scenario (TRUE);
}


/* ------------------------------------------------------------------ */
/* Live references (docs/related.md)                                    */

static char *
create_post (const char *title,
             const char *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, "<!-- wp:paragraph -->\n<p>A story to link to.</p>\n<!-- /wp:paragraph -->");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = rest ("POST", site.user2, site.password2, "/wp/v2/posts", body);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (answer), "id"));
}

static void
set_post_status (const char *remote_id,
                 const char *status)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", remote_id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  answer = rest ("POST", site.user2, site.password2, route, body);
}

static BylineStoryRef *
ref_to (const char *remote_id,
        const char *headline)
{
  BylineStoryRef *ref = byline_story_ref_new ();
  g_autofree char *url = g_strdup_printf ("%s/?p=%s", site.url, remote_id);

  byline_story_ref_set_cms_id (ref, remote_id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_headline (ref, headline);
  return ref;
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  guint *n_flagged = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_check_references_finish (result, n_flagged, &error));
  g_assert_no_error (error);
}

static guint
check_references (Run           *run,
                  BylineArticle *article)
{
  guint n_flagged = G_MAXUINT;

  byline_check_references_async (BYLINE_CMS (run->cms), article, NULL, check_done_cb, &n_flagged);
  while (n_flagged == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  return n_flagged;
}

/* The article's text, with the references' target data left out: what
 * a check must never change. */
static char *
article_text (BylineArticle *article)
{
  GString *out = g_string_new (byline_article_get_headline (article));

  g_string_append_printf (out, "\n%s", byline_article_get_standfirst (article));
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineStoryRef *ref = byline_block_get_story_ref (block);

      g_string_append_printf (out, "\n%s|%s", byline_block_get_text (block) ?: "",
                              ref ? byline_story_ref_get_headline (ref) : "");
    }
  return g_string_free (out, FALSE);
}

static void
run_live_references (gboolean companion)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineStoryRef) related = NULL;
  g_autoptr(BylineStoryRef) card_ref = NULL;
  g_autoptr(BylineStoryRef) private_ref = NULL;
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autofree char *suffix = g_strdup (companion ? " (refs, with plugin)" : " (refs)");
  g_autofree char *title_a = g_strconcat ("Lighthouse keeper retires", suffix, NULL);
  g_autofree char *title_b = g_strconcat ("Harbour crane sold", suffix, NULL);
  g_autofree char *title_c = g_strconcat ("Ferry fares frozen", suffix, NULL);
  g_autofree char *renamed = g_strconcat ("Lighthouse keeper retires after forty years", suffix, NULL);
  g_autofree char *id_a = NULL, *id_b = NULL, *id_c = NULL;
  g_autofree char *text_before = NULL;
  g_autofree char *text_after = NULL;
  Run run = { 0, };

  if (companion)
    install_companion ();

  store_dir = g_build_filename (site.dir, companion ? "store-refs-companion" : "store-refs", NULL);
  run.store = byline_store_new (store_dir);
  g_assert_true (byline_store_open_sync (run.store, NULL, &error));
  run.cms = byline_wp_cms_new (site.session, site.url, site.user, site.password, &error);
  g_assert_no_error (error);
  run.engine = byline_sync_engine_new (run.store, BYLINE_CMS (run.cms), ACCOUNT, NULL);
  g_signal_connect (run.engine, "article-state-changed", G_CALLBACK (on_state), &run);
  byline_sync_engine_start (run.engine);

  /* Three published stories to link to */
  id_a = create_post (title_a, "publish");
  id_b = create_post (title_b, "publish");
  id_c = create_post (title_c, "publish");

  /* A pull puts them in the story cache, the first in its section:
   * offline search finds them as a card would show them. */
  {
    g_autofree char *section = g_strconcat ("Coast", suffix, NULL);
    g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", id_a);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonBuilder) filing = json_builder_new ();
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(JsonNode) category = NULL;
    g_autoptr(JsonNode) answer = NULL;
    g_autoptr(GPtrArray) found = NULL;
    gboolean pulled = FALSE;
    BylineCachedStory *story;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, section);
    json_builder_end_object (builder);
    body = json_builder_get_root (builder);
    category = rest ("POST", site.user2, site.password2, "/wp/v2/categories", body);
    g_clear_pointer (&body, json_node_unref);
    json_builder_begin_object (filing);
    json_builder_set_member_name (filing, "categories");
    json_builder_begin_array (filing);
    json_builder_add_int_value (filing, json_object_get_int_member (json_node_get_object (category), "id"));
    json_builder_end_array (filing);
    json_builder_end_object (filing);
    body = json_builder_get_root (filing);
    answer = rest ("POST", site.user2, site.password2, route, body);

    byline_sync_engine_pull_async (run.engine, NULL, on_pulled, &pulled);
    wait_for_flag (&pulled, "the pull");
    found = byline_store_search_stories_sync (run.store, title_a, NULL, 20, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    story = g_ptr_array_index (found, 0);
    g_assert_cmpint (byline_cached_story_get_source (story), ==, BYLINE_STORY_SOURCE_CACHED);
    g_assert_cmpstr (byline_cached_story_get_cms_id (story), ==, id_a);
    g_assert_cmpstr (byline_cached_story_get_headline (story), ==, title_a);
    g_assert_cmpstr (byline_cached_story_get_section (story), ==, section);
    /* The post's permalink, as WordPress answered the filing. */
    g_assert_cmpstr (byline_cached_story_get_url (story), ==,
                     json_object_get_string_member (json_node_get_object (answer), "link"));
    g_assert_cmpint (byline_cached_story_get_date (story), >, 0);
    g_clear_pointer (&found, g_ptr_array_unref);
    found = byline_store_search_stories_sync (run.store, title_c, NULL, 20, NULL, &error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  /* Attach one, a card for another, attach the third; sync */
  byline_article_set_headline (article, companion ? "Coast week in review (plugin)" : "Coast week in review");
  byline_article_set_standfirst (article, "Seven days on the shore.");
  {
    g_autoptr(BylineBlock) p = byline_block_new_paragraph ("The keeper handed over the keys on Monday.");
    byline_article_append_block (article, p);
  }
  related = ref_to (id_a, title_a);
  byline_article_insert_related (article, 0, related);
  private_ref = ref_to (id_c, title_c);
  byline_article_insert_related (article, 1, private_ref);
  card_ref = ref_to (id_b, title_b);
  byline_block_set_story_ref (card, card_ref);
  byline_article_append_block (article, card);
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);

  g_assert_cmpuint (check_references (&run, article), ==, 0);
  g_assert_cmpint (byline_story_ref_get_target_state (related), ==, BYLINE_TARGET_STATE_OK);
  g_assert_cmpint (byline_story_ref_get_target_state (card_ref), ==, BYLINE_TARGET_STATE_OK);
  text_before = article_text (article);

  /* The desk renames the related story in WordPress: flagged, with the new
   * headline ready for "Refresh card?" */
  edit_as_second_user (id_a, renamed, NULL, NULL);
  g_assert_cmpuint (check_references (&run, article), ==, 1);
  g_assert_cmpint (byline_story_ref_get_target_state (related), ==, BYLINE_TARGET_STATE_UPDATED);
  g_assert_cmpstr (byline_story_ref_get_fresh_headline (related), ==, renamed);
  g_assert_cmpstr (byline_story_ref_get_headline (related), ==, title_a);

  /* The card's target is deleted, the third made private */
  {
    g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", id_b);
    g_autoptr(JsonNode) answer = rest ("DELETE", site.user2, site.password2, route, NULL);
  }
  set_post_status (id_c, "private");
  g_assert_cmpuint (check_references (&run, article), ==, 3);
  g_assert_cmpint (byline_story_ref_get_target_state (card_ref), ==, BYLINE_TARGET_STATE_DELETED);
  g_assert_cmpint (byline_story_ref_get_target_state (private_ref), ==, BYLINE_TARGET_STATE_NOT_PUBLIC);

  /* Nothing else in the article changed */
  text_after = article_text (article);
  g_assert_cmpstr (text_after, ==, text_before);
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (article)), ==, 2);

  /* The flags are the article's own data: they sync like any change */
  save_and_enqueue (&run, article);
  wait_for_state (&run, BYLINE_SYNC_STATE_SYNCED);
  {
    g_autoptr(BylineArticle) stored = byline_store_load_sync (run.store, byline_article_get_id (article),
                                                              NULL, &error);
    BylineStoryRef *stored_card;

    g_assert_no_error (error);
    stored_card = byline_block_get_story_ref (byline_article_get_block (stored, 1));
    g_assert_cmpint (byline_story_ref_get_target_state (stored_card), ==, BYLINE_TARGET_STATE_DELETED);
  }

  byline_sync_engine_stop (run.engine);
  g_clear_object (&run.engine);
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_clear_object (&run.cms);
  byline_store_close (run.store);
  g_clear_object (&run.store);
}

static void
test_live_references_without_companion (void)
{
  run_live_references (FALSE);
}

static void
test_live_references_with_companion (void)
{
  run_live_references (TRUE);
}

static void
skip_test (void)
{
  g_test_skip ("needs root, mariadbd, php and Debian's wordpress package");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (getuid () != 0 || !have_program ("mariadbd") || !have_program ("php") ||
      !g_file_test ("/usr/share/wordpress/wp-settings.php", G_FILE_TEST_EXISTS))
    {
      g_test_add_func ("/sync-integration/real-wordpress", skip_test);
      return g_test_run ();
    }

  site.script = g_test_build_filename (G_TEST_DIST, "wordpress", "wp-server.sh", NULL);
  site.dir = g_dir_make_tmp ("byline-sync-wp-XXXXXX", &error);
  g_assert_no_error (error);
  site.port = g_strdup_printf ("%u", free_port ());

  site.session = soup_session_new ();
  soup_session_set_proxy_resolver (site.session, NULL);
  soup_session_set_timeout (site.session, 10);

  if (!start_site ())
    {
      stop_site ();
      g_printerr ("the test WordPress did not start\n");
      return 1;
    }

  g_test_add_func ("/sync-integration/without-companion", test_without_companion);
  /* Before the companion plugin is installed (it stays for the rest) */
  g_test_add_func ("/sync-integration/live-references-without-companion", test_live_references_without_companion);
  g_test_add_func ("/sync-integration/with-companion", test_with_companion);
  g_test_add_func ("/sync-integration/live-references-with-companion", test_live_references_with_companion);

  ret = g_test_run ();

  stop_site ();
  g_clear_object (&site.session);
  {
    const char *rm[] = { "rm", "-rf", site.dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }

  return ret;
}
