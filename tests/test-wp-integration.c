/* test-wp-integration.c: the WordPress backend against a real WordPress 6.1
 *
 * Starts a private WordPress + MariaDB on loopback with
 * tests/wordpress/wp-server.sh (needs root, mariadbd and php; skipped
 * otherwise), pushes a complete article, reads it back through REST, through
 * WordPress's own parse_blocks() and through Byline's fetch, and checks that
 * a stale write is refused, first without the companion plugin, then with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-wp-integration"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "byline-cms.h"
#include "byline-wp-cms.h"

/* A 1×1 PNG. */
static const char *png_base64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

typedef struct
{
  char        *dir;
  char        *script;
  char        *url;
  char        *user;
  char        *password;
  char        *user2;
  char        *password2;
  SoupSession *session;
  GFile       *media_dir;
} Site;

static Site site;

/* ------------------------------------------------------------------ */

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
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "bash", site.script, "start", site.dir, port, NULL };
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

static void
install_companion (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "wordpress",
                                                   "byline-companion.php", NULL);
  g_autofree char *target = g_build_filename (site.dir, "content", "mu-plugins",
                                              "byline-companion.php", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, len, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static BylineWpCms *
new_cms (const char *user,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  BylineWpCms *cms = byline_wp_cms_new (site.session, site.url, user, password, &error);

  g_assert_no_error (error);
  byline_wp_cms_set_media_dir (cms, site.media_dir);
  return cms;
}

static gboolean
push (BylineWpCms    *cms,
      BylineArticle  *article,
      const char     *remote_id,
      const char     *version,
      char          **new_id,
      char          **new_version,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_cms_push_async (BYLINE_CMS (cms), article, remote_id, version, NULL, store_result, &result);
  return byline_cms_push_finish (BYLINE_CMS (cms), wait_for (&result), new_id, new_version, error);
}

static BylineArticle *
fetch (BylineWpCms  *cms,
       const char   *remote_id,
       char        **version)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BylineArticle *article;

  byline_cms_fetch_async (BYLINE_CMS (cms), remote_id, NULL, store_result, &result);
  article = byline_cms_fetch_finish (BYLINE_CMS (cms), wait_for (&result), version, &error);
  g_assert_no_error (error);
  return article;
}

/* A plain REST call as another client would make it. */
static JsonNode *
rest (const char *method,
      const char *user,
      const char *password,
      const char *route_and_query,
      const char *json_body)
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
  if (json_body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (json_body, strlen (json_body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  body = soup_session_send_and_read (site.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
raw_of (JsonObject *object,
        const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), "raw");
}

static char *
php_block_names (const char *post_id)
{
  g_autofree char *load = g_build_filename (site.dir, "site", "wp-load.php", NULL);
  g_autofree char *code = g_strdup_printf (
    "$_SERVER['HTTP_HOST'] = '127.0.0.1';"
    "require '%s';"
    "function names($blocks) { $out = array();"
    "  foreach ($blocks as $b) { if ($b['blockName'] === null) continue;"
    "    $n = $b['blockName']; if ($b['innerBlocks']) $n .= '(' . implode(',', names($b['innerBlocks'])) . ')';"
    "    $out[] = $n; } return $out; }"
    "echo implode(' ', names(parse_blocks(get_post(%s)->post_content)));",
    load, post_id);
  const char *argv[] = { "php", "-r", code, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  return out;
}

/* ------------------------------------------------------------------ */

static BylineImage *
local_image (const char *caption,
             const char *credit,
             const char *alt)
{
  BylineImage *image = byline_image_new ();

  byline_image_set_src (image, "media/harbour.png");
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);
  return image;
}

static BylineArticle *
simple_article (const char *headline,
                const char *section)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) para = byline_block_new_paragraph ("A short story used as a related link.");

  byline_article_set_headline (article, headline);
  byline_article_set_section (article, section);
  byline_article_append_block (article, para);
  return article;
}

static BylineStoryRef *
ref_for (const char *id,
         const char *headline)
{
  BylineStoryRef *ref = byline_story_ref_new ();
  g_autofree char *url = g_strdup_printf ("%s/?p=%s", site.url, id);

  byline_story_ref_set_cms_id (ref, id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_headline (ref, headline);
  byline_story_ref_set_section (ref, "Coast");
  return ref;
}

static BylineArticle *
full_article (const char *related1,
              const char *related2)
{
  BylineArticle *article = byline_article_new ();
  const char *tags[] = { "ferries", "weather", NULL };
  g_autoptr(BylineImage) lead = local_image ("The repaired pier at Eastholm on Monday morning.",
                                             "© Coast Press 2024 / Ana Lind",
                                             "A long wooden pier with new planks, calm sea behind");
  g_autoptr(BylineImage) inline_image = local_image ("Volunteers stack sandbags by the harbour office.",
                                                     "© Coast Press 2024 / Tor Berg",
                                                     "Three people carry sandbags along a quay");
  g_autoptr(BylineStoryRef) card = ref_for (related1, "The storm night, hour by hour");
  g_autoptr(BylineStoryRef) r1 = ref_for (related1, "The storm night, hour by hour");
  g_autoptr(BylineStoryRef) r2 = ref_for (related2, "Who pays for the sea wall");
  BylineBlock *block;

  byline_article_set_headline (article, "Eastholm pier reopens after the winter storms");
  byline_article_set_standfirst (article, "Three months of repairs end with a ferry at the quay.");
  byline_article_set_section (article, "Coast");
  byline_article_set_tags (article, tags);
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  byline_article_set_lead_image (article, lead);

  block = byline_block_new_paragraph ("The first ferry since December tied up at 7:40, to applause & horns.");
  byline_block_add_mark (block, BYLINE_MARK_BOLD, 0, 17, NULL);
  byline_block_add_mark (block, BYLINE_MARK_LINK, 45, 53, "https://news.example.org/ferries/");
  byline_article_append_block (article, block);
  g_object_unref (block);

  block = byline_block_new (BYLINE_BLOCK_SUBHEADING);
  byline_block_set_text (block, "What the repairs cost");
  byline_article_append_block (article, block);
  g_object_unref (block);

  block = byline_block_new (BYLINE_BLOCK_QUOTE);
  byline_block_set_text (block, "“We rebuilt it plank by plank.”");
  byline_block_set_attribution (block, "Lena Sund, site foreman");
  byline_article_append_block (article, block);
  g_object_unref (block);

  block = byline_block_new (BYLINE_BLOCK_IMAGE);
  byline_block_set_image (block, inline_image);
  byline_article_append_block (article, block);
  g_object_unref (block);

  block = byline_block_new (BYLINE_BLOCK_CARD);
  byline_block_set_story_ref (block, card);
  byline_article_append_block (article, block);
  g_object_unref (block);

  block = byline_block_new (BYLINE_BLOCK_RAW);
  byline_block_set_text (block, "<!-- wp:separator -->\n<hr class=\"wp-block-separator has-alpha-channel-opacity\"/>\n<!-- /wp:separator -->");
  byline_article_append_block (article, block);
  g_object_unref (block);

  byline_article_insert_related (article, 0, r1);
  byline_article_insert_related (article, 1, r2);

  return article;
}

static void
check_round_trip (BylineWpCms *cms,
                  gboolean     companion)
{
  g_autoptr(BylineArticle) rel1 = simple_article ("The storm night, hour by hour", "Coast");
  g_autoptr(BylineArticle) rel2 = simple_article ("Who pays for the sea wall", "Coast");
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(JsonNode) post_node = NULL;
  g_autoptr(JsonNode) media_node = NULL;
  g_autoptr(JsonNode) cats_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = NULL, *id2 = NULL, *id = NULL, *version = NULL, *fetched_version = NULL;
  g_autofree char *route = NULL;
  g_autofree char *names = NULL;
  JsonObject *post, *media;
  BylineImage *lead;

  g_assert_true (push (cms, rel1, NULL, NULL, &id1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (push (cms, rel2, NULL, NULL, &id2, NULL, &error));
  g_assert_no_error (error);

  article = full_article (id1, id2);
  g_assert_true (push (cms, article, NULL, NULL, &id, &version, &error));
  g_assert_no_error (error);
  if (companion)
    g_assert_true (version[0] == '"');

  /* Through REST, as any other client sees it. */
  route = g_strdup_printf ("/wp/v2/posts/%s?context=edit", id);
  post_node = rest ("GET", site.user, site.password, route, NULL);
  post = json_node_get_object (post_node);
  g_assert_cmpstr (raw_of (post, "title"), ==, "Eastholm pier reopens after the winter storms");
  g_assert_cmpstr (raw_of (post, "excerpt"), ==, "Three months of repairs end with a ferry at the quay.");
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "pending");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (post, "tags")), ==, 2);
  g_assert_cmpint (json_object_get_int_member (post, "featured_media"), >, 0);
  g_assert_nonnull (strstr (raw_of (post, "content"), "<cite>Lena Sund, site foreman</cite>"));
  g_assert_nonnull (strstr (raw_of (post, "content"), "<span class=\"byline-credit\">© Coast Press 2024 / Tor Berg</span>"));
  if (companion)
    {
      JsonArray *related = json_object_get_array_member (json_object_get_object_member (post, "meta"), "byline_related");

      g_assert_cmpuint (json_array_get_length (related), ==, 2);
      g_assert_null (strstr (raw_of (post, "content"), "byline-related"));
    }
  else
    g_assert_nonnull (strstr (raw_of (post, "content"), "byline-related"));

  {
    g_autofree char *cat_route = g_strdup_printf ("/wp/v2/categories/%" G_GINT64_FORMAT,
                                                  json_array_get_int_element (json_object_get_array_member (post, "categories"), 0));
    cats_node = rest ("GET", site.user, site.password, cat_route, NULL);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (cats_node), "name"), ==, "Coast");
  }
  {
    g_autofree char *media_route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT "?context=edit",
                                                    json_object_get_int_member (post, "featured_media"));
    media_node = rest ("GET", site.user, site.password, media_route, NULL);
    media = json_node_get_object (media_node);
    g_assert_cmpstr (raw_of (media, "caption"), ==,
                     "The repaired pier at Eastholm on Monday morning. <span class=\"byline-credit\">© Coast Press 2024 / Ana Lind</span>");
    g_assert_cmpstr (json_object_get_string_member (media, "alt_text"), ==,
                     "A long wooden pier with new planks, calm sea behind");
  }

  /* Through WordPress's own block parser. */
  names = php_block_names (id);
  g_test_message ("parse_blocks: %s", names);
  g_assert_true (g_str_has_prefix (names,
    "core/paragraph core/heading core/quote(core/paragraph) core/image "
    "core/group(core/paragraph,core/paragraph) core/separator"));
  if (!companion)
    g_assert_nonnull (strstr (names, "core/separator core/group(core/group(core/paragraph,core/paragraph),core/group(core/paragraph,core/paragraph))"));

  /* And back into Byline. */
  back = fetch (cms, id, &fetched_version);
  g_assert_cmpstr (fetched_version, ==, version);
  g_assert_cmpstr (byline_article_get_headline (back), ==, byline_article_get_headline (article));
  g_assert_cmpstr (byline_article_get_standfirst (back), ==, byline_article_get_standfirst (article));
  g_assert_cmpstr (byline_article_get_section (back), ==, "Coast");
  g_assert_cmpstrv (byline_article_get_tags (back), byline_article_get_tags (article));
  g_assert_cmpint (byline_article_get_status (back), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  lead = byline_article_get_lead_image (back);
  g_assert_nonnull (lead);
  g_assert_cmpstr (byline_image_get_caption (lead), ==, "The repaired pier at Eastholm on Monday morning.");
  g_assert_cmpstr (byline_image_get_credit (lead), ==, "© Coast Press 2024 / Ana Lind");
  g_assert_cmpstr (byline_image_get_alt (lead), ==, "A long wooden pier with new planks, calm sea behind");
  g_assert_true (g_str_has_prefix (byline_image_get_src (lead), site.url));

  g_assert_cmpuint (byline_article_get_n_blocks (back), ==, byline_article_get_n_blocks (article));
  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    {
      BylineBlock *a = byline_article_get_block (article, i);
      BylineBlock *b = byline_article_get_block (back, i);

      g_assert_cmpint (byline_block_get_kind (b), ==, byline_block_get_kind (a));
      if (byline_block_get_kind (a) == BYLINE_BLOCK_IMAGE)
        {
          BylineImage *ia = byline_block_get_image (a), *ib = byline_block_get_image (b);

          g_assert_cmpstr (byline_image_get_caption (ib), ==, byline_image_get_caption (ia));
          g_assert_cmpstr (byline_image_get_credit (ib), ==, byline_image_get_credit (ia));
          g_assert_cmpstr (byline_image_get_alt (ib), ==, byline_image_get_alt (ia));
        }
      else
        g_assert_true (byline_block_equal (a, b));
    }

  g_assert_cmpuint (g_list_model_get_n_items (byline_article_get_related (back)), ==, 2);
  {
    g_autoptr(BylineStoryRef) first = g_list_model_get_item (byline_article_get_related (back), 0);
    g_autoptr(BylineStoryRef) second = g_list_model_get_item (byline_article_get_related (back), 1);

    g_assert_cmpstr (byline_story_ref_get_cms_id (first), ==, id1);
    g_assert_cmpstr (byline_story_ref_get_cms_id (second), ==, id2);
    g_assert_cmpstr (byline_story_ref_get_headline (second), ==, "Who pays for the sea wall");
  }

  /* The same photo was uploaded once, for the lead and the inline image. */
  {
    g_autoptr(JsonNode) list = rest ("GET", site.user, site.password,
                                     "/wp/v2/media?per_page=100&_fields=id", NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  }

  /* Someone else edits the post; Byline's next write with the old token
   * is refused and their edit stays. */
  {
    g_autoptr(JsonNode) edited = NULL;
    g_autoptr(JsonNode) after = NULL;
    g_autofree char *edit_route = g_strdup_printf ("/wp/v2/posts/%s", id);
    g_autofree char *new_version = NULL;

    g_usleep (1100 * 1000); /* modified_gmt counts whole seconds */
    edited = rest ("POST", site.user2, site.password2, edit_route,
                   "{\"title\":\"Eastholm pier reopens (updated)\"}");

    byline_article_set_standfirst (article, "A different standfirst from Byline.");
    g_assert_false (push (cms, article, id, version, NULL, NULL, &error));
    g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE);
    g_clear_error (&error);

    after = rest ("GET", site.user, site.password, route, NULL);
    g_assert_cmpstr (raw_of (json_node_get_object (after), "title"), ==, "Eastholm pier reopens (updated)");
    g_assert_cmpstr (raw_of (json_node_get_object (after), "excerpt"), ==,
                     "Three months of repairs end with a ferry at the quay.");

    /* With the fresh token the write goes through. */
    g_clear_object (&back);
    back = fetch (cms, id, &new_version);
    g_assert_true (push (cms, article, id, new_version, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_without_companion (void)
{
  g_autoptr(BylineWpCms) cms = new_cms (site.user, site.password);
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, store_result, &result);
  identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->user_name, ==, site.user);
  g_assert_false (identity->has_companion);

  check_round_trip (cms, FALSE);
}

static void
test_with_companion (void)
{
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) media = NULL;

  install_companion ();
  cms = new_cms (site.user, site.password);
  byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, store_result, &result);
  identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (identity->has_companion);

  /* A fresh start for the media count. */
  media = rest ("GET", site.user, site.password, "/wp/v2/media?per_page=100&_fields=id", NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (media)); i++)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT "?force=true",
                                                json_object_get_int_member (json_array_get_object_element (json_node_get_array (media), i), "id"));
      json_node_unref (rest ("DELETE", site.user, site.password, route, NULL));
    }

  check_round_trip (cms, TRUE);
}

static gboolean
delete_post (BylineWpCms  *cms,
             const char   *remote_id,
             const char   *version,
             GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_cms_delete_async (BYLINE_CMS (cms), remote_id, version, NULL, store_result, &result);
  return byline_cms_delete_finish (BYLINE_CMS (cms), wait_for (&result), error);
}

/* The SEO title, social headline, language and byline (post meta with the
 * companion, kept in Byline without it), a scheduled post and its date,
 * and a delete that is conditional like every write. */
static void
check_meta_schedule_delete (BylineWpCms *cms,
                            gboolean     companion)
{
  g_autoptr(BylineArticle) article = simple_article ("Night ferry timetable for the summer", "Coast");
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(BylineArticle) unset = simple_article ("A scheduled story without a time", "Coast");
  g_autoptr(JsonNode) post_node = NULL;
  g_autoptr(JsonNode) trashed = NULL;
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2031, 5, 1, 14, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *version = NULL, *fetched_version = NULL;
  g_autofree char *route = NULL;
  g_autofree char *edit_route = NULL;
  const char * const *local_fields;
  JsonObject *post, *meta;

  byline_article_set_seo_title (article, "Summer night ferry timetable: every crossing");
  byline_article_set_social_headline (article, "Night ferries are back 🌙");
  byline_article_set_language (article, "sv-FI");
  byline_article_set_byline (article, "Ana Lind & Tor Berg");
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  byline_article_set_scheduled_for (article, when);

  /* Scheduled without a time: refused before anything is sent. */
  byline_article_set_status (unset, BYLINE_ARTICLE_STATUS_SCHEDULED);
  g_assert_false (push (cms, unset, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "Set when the story should be published"));
  g_clear_error (&error);

  g_assert_true (push (cms, article, NULL, NULL, &id, &version, &error));
  g_assert_no_error (error);

  route = g_strdup_printf ("/wp/v2/posts/%s?context=edit", id);
  post_node = rest ("GET", site.user, site.password, route, NULL);
  post = json_node_get_object (post_node);
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "future");
  g_assert_cmpstr (json_object_get_string_member (post, "date_gmt"), ==, "2031-05-01T14:30:00");
  /* WordPress sends "meta": [] when nothing is registered. */
  meta = JSON_NODE_HOLDS_OBJECT (json_object_get_member (post, "meta"))
         ? json_object_get_object_member (post, "meta") : NULL;
  if (companion)
    {
      g_assert_nonnull (meta);
      g_assert_cmpstr (json_object_get_string_member (meta, "byline_seo_title"), ==,
                       "Summer night ferry timetable: every crossing");
      g_assert_cmpstr (json_object_get_string_member (meta, "byline_social_headline"), ==, "Night ferries are back 🌙");
      g_assert_cmpstr (json_object_get_string_member (meta, "byline_language"), ==, "sv-FI");
      g_assert_cmpstr (json_object_get_string_member (meta, "byline_author"), ==, "Ana Lind & Tor Berg");
    }
  else
    g_assert_true (meta == NULL || !json_object_has_member (meta, "byline_seo_title"));

  back = fetch (cms, id, &fetched_version);
  g_assert_cmpint (byline_article_get_status (back), ==, BYLINE_ARTICLE_STATUS_SCHEDULED);
  g_assert_nonnull (byline_article_get_scheduled_for (back));
  g_assert_true (g_date_time_equal (byline_article_get_scheduled_for (back), when));
  local_fields = byline_cms_get_local_fields (BYLINE_CMS (cms));
  if (companion)
    {
      g_assert_cmpstr (byline_article_get_seo_title (back), ==, "Summer night ferry timetable: every crossing");
      g_assert_cmpstr (byline_article_get_social_headline (back), ==, "Night ferries are back 🌙");
      g_assert_cmpstr (byline_article_get_language (back), ==, "sv-FI");
      g_assert_cmpstr (byline_article_get_byline (back), ==, "Ana Lind & Tor Berg");
      g_assert_false (g_strv_contains (local_fields, "seo-title"));
    }
  else
    {
      /* Not on the site: sync keeps these fields from the local copy. */
      g_assert_cmpstr (byline_article_get_seo_title (back), ==, "");
      g_assert_true (g_strv_contains (local_fields, "seo-title"));
      g_assert_true (g_strv_contains (local_fields, "social-headline"));
      g_assert_true (g_strv_contains (local_fields, "language"));
      g_assert_true (g_strv_contains (local_fields, "byline"));
    }

  /* Someone edits the post on the site: a delete with the version Byline
   * last saw is refused and the post stays where it was. */
  g_usleep (1100 * 1000); /* modified_gmt counts whole seconds */
  edit_route = g_strdup_printf ("/wp/v2/posts/%s", id);
  edited = rest ("POST", site.user2, site.password2, edit_route,
                 "{\"excerpt\":\"Crossings every hour from June.\"}");
  g_assert_false (delete_post (cms, id, version, &error));
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE);
  g_clear_error (&error);
  g_clear_pointer (&post_node, json_node_unref);
  post_node = rest ("GET", site.user, site.password, route, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (post_node), "status"), ==, "future");

  /* With the current version it goes to the site's trash (not for good). */
  g_clear_object (&back);
  g_clear_pointer (&fetched_version, g_free);
  back = fetch (cms, id, &fetched_version);
  g_assert_true (delete_post (cms, id, fetched_version, &error));
  g_assert_no_error (error);
  trashed = rest ("GET", site.user, site.password, route, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trashed), "status"), ==, "trash");

  /* Already in the trash: nothing more to do, no error. */
  g_assert_true (delete_post (cms, id, fetched_version, &error));
  g_assert_no_error (error);
}

static void
test_without_companion_extras (void)
{
  g_autoptr(BylineWpCms) cms = new_cms (site.user, site.password);

  check_meta_schedule_delete (cms, FALSE);
}

static void
test_with_companion_extras (void)
{
  g_autoptr(BylineWpCms) cms = NULL;

  install_companion ();
  cms = new_cms (site.user, site.password);
  check_meta_schedule_delete (cms, TRUE);
}

/* A create whose answer never arrived (Byline killed, the network gone)
 * is sent again as a create: the companion finds the post the first one
 * made by the client key (the article's id) and that post is updated, so
 * the story is on the site once.  An edit of the post from another
 * article leaves the key alone, and another article with the same
 * headline still gets a post of its own. */
static void
test_with_companion_lost_create (void)
{
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(BylineArticle) article = simple_article ("Harbour fees rise for the summer", "Coast");
  g_autoptr(BylineArticle) namesake = simple_article ("Harbour fees rise for the summer", "Coast");
  g_autoptr(JsonNode) posts = NULL;
  g_autoptr(JsonNode) post_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = NULL, *id2 = NULL, *id3 = NULL, *id4 = NULL, *version = NULL, *route = NULL;
  JsonObject *post;

  install_companion ();
  cms = new_cms (site.user, site.password);

  g_assert_true (push (cms, article, NULL, NULL, &id1, NULL, &error));
  g_assert_no_error (error);

  /* Typed on meanwhile, then the retry: still no link, so a create. */
  byline_article_set_standfirst (article, "The council votes on Thursday.");
  g_assert_true (push (cms, article, NULL, NULL, &id2, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id2, ==, id1);
  g_assert_true (version[0] == '"');

  route = g_strdup_printf ("/wp/v2/posts/%s?context=edit", id1);
  post_node = rest ("GET", site.user, site.password, route, NULL);
  post = json_node_get_object (post_node);
  g_assert_cmpstr (raw_of (post, "excerpt"), ==, "The council votes on Thursday.");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (post, "meta"),
                                                  "byline_client_key"),
                   ==, byline_article_get_id (article));

  /* An edit from an article with another id (a copy opened from the site
   * elsewhere) leaves the key to the article that made the post... */
  g_assert_true (push (cms, namesake, id1, version, &id4, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id4, ==, id1);
  g_clear_pointer (&post_node, json_node_unref);
  post_node = rest ("GET", site.user, site.password, route, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (post_node), "meta"),
                                                  "byline_client_key"),
                   ==, byline_article_get_id (article));

  /* ...so that article's own create makes a post of its own. */
  g_assert_true (push (cms, namesake, NULL, NULL, &id3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id3, !=, id1);

  posts = rest ("GET", site.user, site.password,
                "/wp/v2/posts?context=edit&status=draft,pending,future,publish,private"
                "&search=Harbour%20fees%20rise&_fields=id", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (posts)), ==, 2);
}

static void
test_wrong_password (void)
{
  g_autoptr(BylineWpCms) cms = new_cms (site.user, "aaaa bbbb cccc dddd eeee ffff");
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, store_result, &result);
  identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), wait_for (&result), &error);
  g_assert_null (identity);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, site.user));
  g_assert_null (strstr (error->message, "aaaa bbbb"));
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
  g_autofree char *media = NULL;
  g_autofree char *png_path = NULL;
  g_autofree guchar *png = NULL;
  gsize png_len;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (getuid () != 0 || !have_program ("mariadbd") || !have_program ("php") ||
      !g_file_test ("/usr/share/wordpress/wp-settings.php", G_FILE_TEST_EXISTS))
    {
      g_test_add_func ("/wp-integration/real-wordpress", skip_test);
      return g_test_run ();
    }

  site.script = g_test_build_filename (G_TEST_DIST, "wordpress", "wp-server.sh", NULL);
  site.dir = g_dir_make_tmp ("byline-wp-XXXXXX", &error);
  g_assert_no_error (error);

  media = g_build_filename (site.dir, "store", "media", NULL);
  g_mkdir_with_parents (media, 0700);
  png = g_base64_decode (png_base64, &png_len);
  png_path = g_build_filename (media, "harbour.png", NULL);
  g_file_set_contents (png_path, (const char *) png, png_len, &error);
  g_assert_no_error (error);
  {
    g_autofree char *store = g_build_filename (site.dir, "store", NULL);
    site.media_dir = g_file_new_for_path (store);
  }

  site.session = soup_session_new ();
  soup_session_set_proxy_resolver (site.session, NULL);
  soup_session_set_timeout (site.session, 30);

  if (!start_site ())
    {
      stop_site ();
      g_printerr ("the test WordPress did not start\n");
      return 1;
    }

  g_test_add_func ("/wp-integration/wrong-password", test_wrong_password);
  g_test_add_func ("/wp-integration/without-companion", test_without_companion);
  g_test_add_func ("/wp-integration/without-companion-meta-schedule-delete", test_without_companion_extras);
  g_test_add_func ("/wp-integration/with-companion", test_with_companion);
  g_test_add_func ("/wp-integration/with-companion-meta-schedule-delete", test_with_companion_extras);
  g_test_add_func ("/wp-integration/with-companion-lost-create", test_with_companion_lost_create);

  ret = g_test_run ();

  stop_site ();
  g_clear_object (&site.session);
  {
    const char *rm[] = { "rm", "-rf", site.dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }

  return ret;
}
