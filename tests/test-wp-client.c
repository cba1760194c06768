/* test-wp-client.c: the WordPress backend against a misbehaving server
 *
 * An in-process SoupServer over TLS, with the test certificate in
 * tests/cert/, which the client's session trusts explicitly (never by
 * ignoring certificate errors).  Each test makes the server answer one way
 * and checks the error a journalist would see.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-wp-client"

#include <libsoup/soup.h>
#include <string.h>

#include "byline-cms.h"
#include "byline-wp-cms.h"

#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

typedef struct _Fixture Fixture;

typedef void (*Responder) (Fixture           *f,
                           SoupServerMessage *msg,
                           const char        *method,
                           const char        *route);

struct _Fixture
{
  SoupServer   *server;
  char         *url;
  SoupSession  *session;
  BylineWpCms  *cms;
  Responder     respond;
  gboolean      companion;
  gboolean      pretty;
  guint         n_requests;
  guint         n_writes;
  char         *last_if_match;
  char         *last_auth;
  char         *last_content_type;
  GAsyncResult *result;
};

/* ------------------------------------------------------------------ */
/* Server                                                               */

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  reply (msg, status, "application/json; charset=UTF-8", json);
}

static void
reply_wp_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_autofree char *json = g_strdup_printf ("{\"code\":\"%s\",\"message\":\"%s\",\"data\":{\"status\":%u}}",
                                           code, message, status);
  reply_json (msg, status, json);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *route = NULL;

  if (g_str_has_prefix (path, "/wp-content/uploads/"))
    {
      static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };

      f->n_requests++;
      g_free (f->last_auth);
      f->last_auth = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
      if (g_str_has_suffix (path, "/photo.png"))
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, (const char *) png, sizeof png);
        }
      else if (g_str_has_suffix (path, "/moved.png"))
        {
          soup_server_message_set_redirect (msg, 302, "/wp-content/uploads/photo.png");
        }
      else
        reply (msg, 404, "text/html", "<html><body>Page not found</body></html>");
      return;
    }

  if (g_str_has_prefix (path, "/wp-json"))
    {
      if (!f->pretty)
        {
          reply (msg, 404, "text/html", "<html><body>Page not found</body></html>");
          return;
        }
      route = path + strlen ("/wp-json");
      if (*route == '\0')
        route = "/";
    }
  else if (query != NULL && g_hash_table_lookup (query, "rest_route") != NULL)
    route = g_hash_table_lookup (query, "rest_route");
  else
    {
      reply (msg, 404, "text/html", "<html><body>Page not found</body></html>");
      return;
    }

  f->n_requests++;
  g_free (f->last_auth);
  f->last_auth = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  if (strcmp (method, "GET") != 0)
    {
      f->n_writes++;
      g_free (f->last_if_match);
      f->last_if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
      g_free (f->last_content_type);
      f->last_content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
    }

  if (strcmp (route, "/") == 0)
    {
      reply_json (msg, 200, f->companion
                  ? "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"oembed/1.0\",\"byline/v1\",\"wp/v2\"]}"
                  : "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"oembed/1.0\",\"wp/v2\"]}");
      return;
    }

  f->respond (f, msg, method, route);
}

static GTlsCertificate *
load_cert (const char *name)
{
  g_autofree char *cert = g_strdup_printf ("%s-cert.pem", name);
  g_autofree char *key = g_strdup_printf ("%s-key.pem", name);
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "cert", cert, NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "cert", key, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);

  g_assert_no_error (error);
  return certificate;
}

static char *
start_server (Fixture    *f,
              const char *cert_name,
              SoupServer **server_out)
{
  g_autoptr(GTlsCertificate) certificate = load_cert (cert_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *uris;
  char *url;

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_callback, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  *server_out = g_steal_pointer (&server);
  return url;
}

static SoupSession *
trusting_session (void)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "cert", "test-cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca, &error);
  SoupSession *session;

  g_assert_no_error (error);
  session = soup_session_new ();
  soup_session_set_tls_database (session, database);
  soup_session_set_timeout (session, 2);
  /* The tests talk to loopback only; no system proxy settings. */
  soup_session_set_proxy_resolver (session, NULL);
  return session;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pretty = TRUE;
  f->url = start_server (f, "test", &f->server);
  f->session = trusting_session ();
  f->cms = byline_wp_cms_new (f->session, f->url, "editor", PASSWORD, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->cms);
  g_clear_object (&f->session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->result);
  g_free (f->url);
  g_free (f->last_if_match);
  g_free (f->last_auth);
  g_free (f->last_content_type);
  /* Let closed connections and finished workers settle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------ */
/* Client                                                               */

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (Fixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return f->result;
}

static BylineCmsIdentity *
verify (Fixture    *f,
        BylineCms  *cms,
        GError    **error)
{
  g_clear_object (&f->result);
  byline_cms_verify_account_async (cms, NULL, on_result, f);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return byline_cms_verify_account_finish (cms, f->result, error);
}

static BylineArticle *
fetch (Fixture     *f,
       const char  *id,
       char       **version,
       GError     **error)
{
  g_clear_object (&f->result);
  byline_cms_fetch_async (BYLINE_CMS (f->cms), id, NULL, on_result, f);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return byline_cms_fetch_finish (BYLINE_CMS (f->cms), f->result, version, error);
}

static gboolean
push (Fixture     *f,
      const char  *id,
      const char  *version,
      char       **new_version,
      GError     **error)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineBlock) para = byline_block_new_paragraph ("The ferry runs again from Monday.");

  byline_article_set_headline (article, "Ferry service resumes");
  byline_article_set_standfirst (article, "After six weeks, the island has its link back.");
  byline_article_append_block (article, para);

  g_clear_object (&f->result);
  byline_cms_push_async (BYLINE_CMS (f->cms), article, id, version, NULL, on_result, f);
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return byline_cms_push_finish (BYLINE_CMS (f->cms), f->result, NULL, new_version, error);
}

/* No error message ever carries the password. */
static void
assert_no_secret (const GError *error)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "editor:" PASSWORD, strlen ("editor:" PASSWORD));

  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, PASSWORD));
  g_assert_null (strstr (error->message, encoded));
  g_assert_null (strstr (error->message, "Basic"));
}

/* ------------------------------------------------------------------ */
/* Responders                                                           */

static const char *good_me =
  "{\"id\":3,\"name\":\"Eda Marsh\",\"slug\":\"editor\",\"username\":\"editor\"}";

static const char *good_post =
  "{\"id\":77,\"status\":\"draft\",\"modified_gmt\":\"2024-03-01T09:30:00\",\"date_gmt\":null,"
  "\"title\":{\"raw\":\"Ferry service resumes\"},"
  "\"content\":{\"raw\":\"<!-- wp:paragraph -->\\n<p>The ferry runs again.</p>\\n<!-- /wp:paragraph -->\"},"
  "\"excerpt\":{\"raw\":\"After six weeks.\"},\"featured_media\":0,\"categories\":[],\"tags\":[],"
  "\"meta\":{\"byline_related\":[]}}";

static void
respond_ok (Fixture           *f,
            SoupServerMessage *msg,
            const char        *method,
            const char        *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (strcmp (route, "/wp/v2/users/me") == 0)
    reply_json (msg, 200, good_me);
  else if (strcmp (route, "/wp/v2/posts") == 0 && strcmp (method, "GET") == 0)
    {
      soup_message_headers_replace (headers, "X-WP-Total", "41");
      soup_message_headers_replace (headers, "X-WP-TotalPages", "21");
      reply_json (msg, 200,
                  "[{\"id\":9,\"title\":{\"raw\":\"Storm closes the pier\"},\"status\":\"publish\","
                  "\"modified_gmt\":\"2024-02-02T08:00:00\",\"link\":\"https://news.example.org/pier/\"},"
                  "{\"id\":8,\"title\":{\"raw\":\"Council meets\"},\"status\":\"pending\","
                  "\"modified_gmt\":\"2024-02-01T08:00:00\",\"link\":\"https://news.example.org/council/\"}]");
    }
  else if (g_str_has_prefix (route, "/wp/v2/posts"))
    {
      if (f->companion)
        soup_message_headers_replace (headers, "ETag", "\"v1-abc\"");
      reply_json (msg, strcmp (method, "POST") == 0 && strcmp (route, "/wp/v2/posts") == 0 ? 201 : 200,
                  good_post);
    }
  else
    reply_wp_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.");
}

static void
respond_status (Fixture           *f,
                SoupServerMessage *msg,
                guint              status,
                const char        *retry_after)
{
  if (retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", retry_after);
  switch (status)
    {
    case 401: reply_wp_error (msg, 401, "incorrect_password", "The provided password is an invalid application password."); break;
    case 403: reply_wp_error (msg, 403, "rest_cannot_edit", "Sorry, you are not allowed to edit this post."); break;
    case 404: reply_wp_error (msg, 404, "rest_post_invalid_id", "Invalid post ID."); break;
    case 429: reply (msg, 429, "text/plain", "Too many requests"); break;
    case 500: reply (msg, 500, "text/html", "<html><body>Internal Server Error</body></html>"); break;
    case 503: reply (msg, 503, "text/html", "<html><body>Down for maintenance</body></html>"); break;
    default: reply (msg, status, "text/plain", "?"); break;
    }
}

#define STATUS_RESPONDER(name, status, retry)                                  \
  static void name (Fixture *f, SoupServerMessage *msg,                        \
                    const char *method, const char *route)                     \
  { respond_status (f, msg, status, retry); }

STATUS_RESPONDER (respond_401, 401, NULL)
STATUS_RESPONDER (respond_403, 403, NULL)
STATUS_RESPONDER (respond_404, 404, NULL)
STATUS_RESPONDER (respond_429, 429, "7")
STATUS_RESPONDER (respond_500, 500, NULL)
STATUS_RESPONDER (respond_503, 503, "30")

static void
respond_never (Fixture           *f,
               SoupServerMessage *msg,
               const char        *method,
               const char        *route)
{
  /* Hold the request forever: the client's timeout must end it. */
  soup_server_message_pause (msg);
}

static void
respond_truncated (Fixture           *f,
                   SoupServerMessage *msg,
                   const char        *method,
                   const char        *route)
{
  reply_json (msg, 200, "{\"id\":3,\"name\":\"Eda Ma");
}

static void
respond_wrong_types (Fixture           *f,
                     SoupServerMessage *msg,
                     const char        *method,
                     const char        *route)
{
  if (strcmp (route, "/wp/v2/users/me") == 0)
    reply_json (msg, 200, "{\"id\":\"three\",\"name\":\"Eda Marsh\",\"slug\":\"editor\"}");
  else
    reply_json (msg, 200,
                "{\"id\":77,\"status\":\"draft\",\"modified_gmt\":\"2024-03-01T09:30:00\","
                "\"title\":{\"raw\":42},\"content\":{\"raw\":\"\"},\"excerpt\":{\"raw\":\"\"},"
                "\"featured_media\":0,\"categories\":[],\"tags\":[]}");
}

static void
respond_html (Fixture           *f,
              SoupServerMessage *msg,
              const char        *method,
              const char        *route)
{
  reply (msg, 200, "text/html; charset=utf-8",
         "<!DOCTYPE html><html><body><h1>Welcome to Harbour Café Wi-Fi</h1>"
         "<form>Accept the terms to continue</form></body></html>");
}

static void
respond_huge (Fixture           *f,
              SoupServerMessage *msg,
              const char        *method,
              const char        *route)
{
  gsize size = 20 * 1024 * 1024;
  char *body = g_malloc (size);

  memset (body, ' ', size);
  body[0] = '[';
  body[size - 1] = ']';
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
}

static void
respond_huge_chunked (Fixture           *f,
                      SoupServerMessage *msg,
                      const char        *method,
                      const char        *route)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *chunk = g_malloc (1024 * 1024);

  memset (chunk, ' ', 1024 * 1024);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_body_append (body, SOUP_MEMORY_COPY, "[", 1);
  for (guint i = 0; i < 20; i++)
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 1024 * 1024);
  soup_message_body_append (body, SOUP_MEMORY_COPY, "]", 1);
  soup_message_body_complete (body);
}

static void
respond_reset (Fixture           *f,
               SoupServerMessage *msg,
               const char        *method,
               const char        *route)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  const char *partial =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
    "{\"id\":3,\"name\":\"Eda";

  /* Half an answer, then the connection goes away. */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                             NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
respond_stale_412 (Fixture           *f,
                   SoupServerMessage *msg,
                   const char        *method,
                   const char        *route)
{
  if (strcmp (method, "POST") == 0 && f->last_if_match != NULL &&
      strcmp (f->last_if_match, "\"v1-abc\"") != 0)
    reply_wp_error (msg, 412, "byline_stale", "The post was changed since you last read it.");
  else
    respond_ok (f, msg, method, route);
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_verify_ok (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_auth = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "editor:" PASSWORD, strlen ("editor:" PASSWORD));

  f->respond = respond_ok;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->user_id, ==, "3");
  g_assert_cmpstr (identity->user_name, ==, "editor");
  g_assert_cmpstr (identity->display_name, ==, "Eda Marsh");
  g_assert_cmpstr (identity->site_name, ==, "Harbour Gazette");
  g_assert_false (identity->has_companion);

  expected_auth = g_strdup_printf ("Basic %s", encoded);
  g_assert_cmpstr (f->last_auth, ==, expected_auth);
}

static void
test_rest_route_fallback (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  /* Plain permalinks: /wp-json/ is the theme's 404 page. */
  f->pretty = FALSE;
  f->companion = TRUE;
  f->respond = respond_ok;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->display_name, ==, "Eda Marsh");
  g_assert_true (identity->has_companion);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0, pages = 0;

  f->respond = respond_ok;
  byline_cms_list_async (BYLINE_CMS (f->cms), BYLINE_CMS_STATUS_ALL, 1, 2, NULL, on_result, f);
  items = byline_cms_list_finish (BYLINE_CMS (f->cms), wait_for_result (f), &total, &pages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpuint (total, ==, 41);
  g_assert_cmpuint (pages, ==, 21);
  g_assert_cmpstr (byline_cms_item_get_headline (g_ptr_array_index (items, 0)), ==, "Storm closes the pier");
  g_assert_cmpint (byline_cms_item_get_status (g_ptr_array_index (items, 1)), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  g_assert_cmpstr (byline_cms_item_get_remote_id (g_ptr_array_index (items, 0)), ==, "9");
}

static void
test_push_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  f->respond = respond_ok;
  g_assert_true (push (f, NULL, NULL, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "2024-03-01T09:30:00");
  g_assert_cmpstr (f->last_content_type, ==, "application/json");
  g_assert_cmpuint (f->n_writes, ==, 1);
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  f->respond = respond_ok;
  article = fetch (f, "77", &version, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Ferry service resumes");
  g_assert_cmpstr (byline_article_get_standfirst (article), ==, "After six weeks.");
  g_assert_cmpuint (byline_article_get_n_blocks (article), ==, 1);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (article, 0)), ==, "The ferry runs again.");
  g_assert_cmpstr (version, ==, "2024-03-01T09:30:00");
}

static void
test_401 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_401;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_null (identity);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "editor at 127.0.0.1"));
  g_assert_false (byline_cms_error_is_transient (error));
  assert_no_secret (error);
}

static void
test_403 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->respond = respond_403;
  g_assert_false (push (f, NULL, NULL, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "not allowed to edit this post"));
  assert_no_secret (error);
}

static void
test_404 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_404;
  article = fetch (f, "4040", NULL, &error);
  g_assert_null (article);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND);
}

static void
test_412 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  f->companion = TRUE;
  f->respond = respond_stale_412;

  /* With the current ETag the write goes through… */
  g_assert_true (push (f, "77", "\"v1-abc\"", &version, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "\"v1-abc\"");
  g_assert_cmpstr (f->last_if_match, ==, "\"v1-abc\"");

  /* …with an old one it is refused as stale. */
  g_assert_false (push (f, "77", "\"v0-old\"", NULL, &error));
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE);
  g_assert_cmpstr (f->last_if_match, ==, "\"v0-old\"");
}

static void
test_stale_without_companion (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint writes_before;

  f->respond = respond_ok;
  writes_before = f->n_writes;
  /* The server's post moved on (09:30) since the token Byline holds. */
  g_assert_false (push (f, "77", "2024-03-01T09:00:00", NULL, &error));
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE);
  g_assert_cmpuint (f->n_writes, ==, writes_before);

  /* No token at all: Byline refuses to overwrite blindly. */
  g_clear_error (&error);
  g_assert_false (push (f, "77", NULL, NULL, &error));
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (f->n_writes, ==, writes_before);
}

static void
test_429 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_429;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_RATE_LIMITED);
  g_assert_cmpuint (byline_cms_error_get_retry_after (error), ==, 7);
  g_assert_true (byline_cms_error_is_transient (error));
  g_assert_nonnull (strstr (error->message, "7 seconds"));
}

static void
test_500 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_500;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_SERVER);
  g_assert_cmpuint (byline_cms_error_get_retry_after (error), ==, 0);
  g_assert_true (byline_cms_error_is_transient (error));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
}

static void
test_503 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_503;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_SERVER);
  g_assert_cmpuint (byline_cms_error_get_retry_after (error), ==, 30);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  f->respond = respond_never;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TIMEOUT);
  g_assert_true (byline_cms_error_is_transient (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_reset_mid_body (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_reset;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_null (identity);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK);
  g_assert_true (byline_cms_error_is_transient (error));
}

static void
test_truncated_json (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_truncated;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "cut off"));
}

static void
test_wrong_types (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_wrong_types;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "“id” is text, expected a whole number"));

  g_clear_error (&error);
  article = fetch (f, "77", NULL, &error);
  g_assert_null (article);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "“title.raw” is a whole number, expected text"));
}

static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_huge;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE);
  g_assert_false (byline_cms_error_is_transient (error));

  /* Without a Content-Length the limit is enforced while reading. */
  g_clear_error (&error);
  f->respond = respond_huge_chunked;
  g_clear_object (&f->cms);
  f->cms = byline_wp_cms_new (f->session, f->url, "editor", PASSWORD, &error);
  g_assert_no_error (error);
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE);
}

static void
test_html_instead_of_json (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_html;
  identity = verify (f, BYLINE_CMS (f->cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "web page instead of data"));
}

static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SoupServer) other = NULL;
  g_autofree char *other_url = start_server (f, "untrusted", &other);
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  f->respond = respond_ok;
  cms = byline_wp_cms_new (f->session, other_url, "editor", PASSWORD, &error);
  g_assert_no_error (error);
  identity = verify (f, BYLINE_CMS (cms), &error);
  g_assert_null (identity);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "unknown certificate authority"));
  g_assert_cmpuint (f->n_requests, ==, 0);
  assert_no_secret (error);
  soup_server_disconnect (other);
}

static void
test_plain_http_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(BylineCmsIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  cms = byline_wp_cms_new (f->session, "http://news.example.org", "editor", PASSWORD, &error);
  g_assert_null (cms);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "https://news.example.org"));

  /* Built directly, it refuses at the first request, before sending
   * anything (192.0.2.1 is a documentation address nobody answers). */
  g_clear_error (&error);
  cms = g_object_new (BYLINE_TYPE_WP_CMS, "session", f->session, "site-url", "http://192.0.2.1",
                      "user", "editor", "password", PASSWORD, NULL);
  identity = verify (f, BYLINE_CMS (cms), &error);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);

  /* Loopback is fine over http. */
  g_assert_true (byline_wp_cms_check_url ("http://127.0.0.1:8080", NULL));
  g_assert_true (byline_wp_cms_check_url ("http://127.9.9.9", NULL));
  g_assert_true (byline_wp_cms_check_url ("http://[::1]:8080/", NULL));
  g_assert_true (byline_wp_cms_check_url ("http://localhost/blog", NULL));
  g_assert_false (byline_wp_cms_check_url ("http://10.0.0.1", NULL));
  g_assert_false (byline_wp_cms_check_url ("ftp://news.example.org", NULL));
  g_assert_false (byline_wp_cms_check_url ("https://editor:pw@news.example.org", NULL));
  g_assert_false (byline_wp_cms_check_url ("news.example.org", NULL));
}

static GBytes *
fetch_image (Fixture    *f,
             const char *url,
             GError    **error)
{
  byline_cms_fetch_image_async (BYLINE_CMS (f->cms), url, NULL, on_result, f);
  return byline_cms_fetch_image_finish (BYLINE_CMS (f->cms), wait_for_result (f), error);
}

/* A story's image: from the site's own host only, without the password,
 * never following a redirect. */
static void
test_fetch_image (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *photo = g_strdup_printf ("%s/wp-content/uploads/photo.png", f->url);
  g_autofree char *moved = g_strdup_printf ("%s/wp-content/uploads/moved.png", f->url);
  g_autofree char *missing = g_strdup_printf ("%s/wp-content/uploads/missing.png", f->url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  bytes = fetch_image (f, photo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 12);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 4, "\x89PNG", 4);
  g_assert_null (f->last_auth);
  g_clear_pointer (&bytes, g_bytes_unref);

  n = f->n_requests;
  bytes = fetch_image (f, moved, &error);
  g_assert_null (bytes);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (f->n_requests, ==, n + 1);
  g_clear_error (&error);

  bytes = fetch_image (f, missing, &error);
  g_assert_null (bytes);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Another host, another scheme: refused before anything is sent. */
  n = f->n_requests;
  bytes = fetch_image (f, "https://elsewhere.example/wp-content/uploads/photo.png", &error);
  g_assert_null (bytes);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_clear_error (&error);
  g_clear_pointer (&photo, g_free);
  photo = g_strdup_printf ("http%s/wp-content/uploads/photo.png", f->url + strlen ("https"));
  bytes = fetch_image (f, photo, &error);
  g_assert_null (bytes);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (f->n_requests, ==, n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/wp-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("ok/verify", test_verify_ok);
  ADD ("ok/rest-route-fallback", test_rest_route_fallback);
  ADD ("ok/list", test_list);
  ADD ("ok/push-create", test_push_create);
  ADD ("ok/fetch", test_fetch);
  ADD ("ok/fetch-image", test_fetch_image);
  ADD ("status/401", test_401);
  ADD ("status/403", test_403);
  ADD ("status/404", test_404);
  ADD ("status/412", test_412);
  ADD ("status/stale-without-companion", test_stale_without_companion);
  ADD ("status/429-retry-after", test_429);
  ADD ("status/500", test_500);
  ADD ("status/503-retry-after", test_503);
  ADD ("transport/timeout", test_timeout);
  ADD ("transport/reset-mid-body", test_reset_mid_body);
  ADD ("body/truncated-json", test_truncated_json);
  ADD ("body/wrong-member-types", test_wrong_types);
  ADD ("body/20-mb", test_huge);
  ADD ("body/html-instead-of-json", test_html_instead_of_json);
  ADD ("tls/untrusted-certificate", test_untrusted_certificate);
  ADD ("tls/plain-http-refused", test_plain_http_refused);

  return g_test_run ();
}
