/* test-net-faults.c: the WordPress backend against certificates that must
 * be refused and networks that fail, end to end over real sockets
 *
 * TLS: the certificates are made at test time with GnuTLS, from a test
 * authority that only this test's session trusts: one self-signed, one
 * that really expired (its validity ended yesterday), one issued for
 * another host name, and a good one to show the set-up itself works.
 * Each bad one is refused before the password is sent, with a message
 * that says which problem it was.
 *
 * Network: a server that is gone (connection refused), a name that does
 * not resolve (.invalid, RFC 2606), a server that trickles its answer at
 * one byte a second, and a captive portal's web page instead of JSON.
 * Each gives an error the sync engine retries (or, for the web page,
 * explains), never a hang.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-net-faults"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>

#include "byline-cms.h"
#include "byline-cms-error.h"
#include "byline-wp-cms.h"

#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"
#define DAY_S (24 * 60 * 60)

/* ------------------------------------------------------------------ */
/* Certificates                                                         */

typedef struct
{
  gnutls_x509_crt_t      crt;
  gnutls_x509_privkey_t  key;
} Issued;

static void
issued_clear (Issued *issued)
{
  if (issued->crt != NULL)
    gnutls_x509_crt_deinit (issued->crt);
  if (issued->key != NULL)
    gnutls_x509_privkey_deinit (issued->key);
  issued->crt = NULL;
  issued->key = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Issued, issued_clear)

#define CHECK_GNUTLS(call) g_assert_cmpint ((call), >=, 0)

/* A certificate for @cn valid from @not_before to @not_after (seconds
 * from now), for 127.0.0.1 unless @dns_name is given instead, signed by
 * @issuer (NULL: itself). */
static void
issue (Issued       *out,
       const char   *cn,
       gboolean      is_ca,
       const char   *dns_name,
       gint64        not_before,
       gint64        not_after,
       const Issued *issuer)
{
  static guint serial = 1;
  guint8 serial_bytes[4];
  time_t now = time (NULL);

  CHECK_GNUTLS (gnutls_x509_privkey_init (&out->key));
  CHECK_GNUTLS (gnutls_x509_privkey_generate (out->key, GNUTLS_PK_ECDSA,
                                              GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
  CHECK_GNUTLS (gnutls_x509_crt_init (&out->crt));
  CHECK_GNUTLS (gnutls_x509_crt_set_version (out->crt, 3));
  serial++;
  serial_bytes[0] = 0x10;
  serial_bytes[1] = (serial >> 16) & 0xff;
  serial_bytes[2] = (serial >> 8) & 0xff;
  serial_bytes[3] = serial & 0xff;
  CHECK_GNUTLS (gnutls_x509_crt_set_serial (out->crt, serial_bytes, sizeof serial_bytes));
  CHECK_GNUTLS (gnutls_x509_crt_set_activation_time (out->crt, now + not_before));
  CHECK_GNUTLS (gnutls_x509_crt_set_expiration_time (out->crt, now + not_after));
  CHECK_GNUTLS (gnutls_x509_crt_set_dn_by_oid (out->crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, strlen (cn)));
  CHECK_GNUTLS (gnutls_x509_crt_set_key (out->crt, out->key));
  CHECK_GNUTLS (gnutls_x509_crt_set_basic_constraints (out->crt, is_ca, -1));
  if (is_ca)
    CHECK_GNUTLS (gnutls_x509_crt_set_key_usage (out->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN));
  else
    {
      static const guint8 loopback[4] = { 127, 0, 0, 1 };

      CHECK_GNUTLS (gnutls_x509_crt_set_key_usage (out->crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
      CHECK_GNUTLS (gnutls_x509_crt_set_key_purpose_oid (out->crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
      if (dns_name != NULL)
        CHECK_GNUTLS (gnutls_x509_crt_set_subject_alt_name (out->crt, GNUTLS_SAN_DNSNAME, dns_name,
                                                            strlen (dns_name), GNUTLS_FSAN_APPEND));
      else
        CHECK_GNUTLS (gnutls_x509_crt_set_subject_alt_name (out->crt, GNUTLS_SAN_IPADDRESS, loopback,
                                                            sizeof loopback, GNUTLS_FSAN_APPEND));
    }
  {
    guint8 id[64];
    size_t id_len = sizeof id;

    CHECK_GNUTLS (gnutls_x509_crt_get_key_id (out->crt, 0, id, &id_len));
    CHECK_GNUTLS (gnutls_x509_crt_set_subject_key_id (out->crt, id, id_len));
  }
  if (issuer != NULL)
    {
      guint8 id[64];
      size_t id_len = sizeof id;

      CHECK_GNUTLS (gnutls_x509_crt_get_subject_key_id (issuer->crt, id, &id_len, NULL));
      CHECK_GNUTLS (gnutls_x509_crt_set_authority_key_id (out->crt, id, id_len));
    }
  CHECK_GNUTLS (gnutls_x509_crt_sign2 (out->crt,
                                       issuer != NULL ? issuer->crt : out->crt,
                                       issuer != NULL ? issuer->key : out->key,
                                       GNUTLS_DIG_SHA256, 0));
}

static char *
issued_to_pem (const Issued *issued,
               gboolean      with_key)
{
  gnutls_datum_t crt = { NULL, 0 }, key = { NULL, 0 };
  char *pem;

  CHECK_GNUTLS (gnutls_x509_crt_export2 (issued->crt, GNUTLS_X509_FMT_PEM, &crt));
  if (with_key)
    CHECK_GNUTLS (gnutls_x509_privkey_export2_pkcs8 (issued->key, GNUTLS_X509_FMT_PEM, NULL,
                                                     GNUTLS_PKCS_PLAIN, &key));
  pem = g_strdup_printf ("%.*s%.*s", (int) crt.size, (char *) crt.data,
                         (int) key.size, key.data != NULL ? (char *) key.data : "");
  gnutls_free (crt.data);
  gnutls_free (key.data);
  return pem;
}

/* ------------------------------------------------------------------ */
/* Server and client                                                    */

typedef enum
{
  SERVE_WORDPRESS,
  SERVE_TRICKLE,
  SERVE_CAPTIVE_PORTAL,
} Serve;

typedef struct
{
  Serve       serve;
  guint       n_requests;
  char       *last_auth;
  GPtrArray  *trickles;  /* of Trickle */
} Fixture;

typedef struct
{
  SoupServerMessage *msg;
  const char        *rest;
  guint              source;
} Trickle;

static gboolean
trickle_tick (gpointer data)
{
  Trickle *t = data;
  SoupMessageBody *body = soup_server_message_get_response_body (t->msg);

  if (*t->rest == '\0')
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (t->msg);
      t->source = 0;
      return G_SOURCE_REMOVE;
    }
  soup_message_body_append (body, SOUP_MEMORY_STATIC, t->rest, 1);
  soup_server_message_unpause (t->msg);
  t->rest++;
  return G_SOURCE_CONTINUE;
}

static void
trickle_free (gpointer data)
{
  Trickle *t = data;

  g_clear_handle_id (&t->source, g_source_remove);
  g_object_unref (t->msg);
  g_free (t);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char *me = "{\"id\":3,\"name\":\"Eda Marsh\",\"slug\":\"editor\"}";

  f->n_requests++;
  g_free (f->last_auth);
  f->last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Authorization"));

  if (f->serve == SERVE_CAPTIVE_PORTAL)
    {
      static const char *page = "<!DOCTYPE html><html><body><h1>Welcome aboard the 07:40 coastal train</h1>"
                                "<form>Accept the terms to use the Wi-Fi</form></body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        page, strlen (page));
      return;
    }

  if (strcmp (path, "/wp-json/") == 0 || strcmp (path, "/wp-json") == 0)
    {
      static const char *index = "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"wp/v2\"]}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, index, strlen (index));
      return;
    }

  if (f->serve == SERVE_TRICKLE)
    {
      Trickle *t = g_new0 (Trickle, 1);

      /* One byte a second: never silent long enough for the session's
       * timeout, and never done. */
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      t->msg = g_object_ref (msg);
      t->rest = me;
      t->source = g_timeout_add (1000, trickle_tick, t);
      g_ptr_array_add (f->trickles, t);
      soup_server_message_pause (msg);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, me, strlen (me));
}

static SoupServer *
start_server (Fixture         *f,
              GTlsCertificate *certificate,
              char           **url)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server;
  GSList *uris;

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_callback, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Verifies the account at @url, trusting only @ca_pem; returns the error. */
static GError *
verify_at (const char *url,
           const char *ca_pem,
           guint       timeout_s)
{
  g_autofree char *ca_path = g_build_filename (g_get_user_cache_dir (), "test-ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(BylineWpCms) cms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineCmsIdentity) identity = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (ca_path, ca_pem, -1, &error));
  database = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);
  soup_session_set_timeout (session, timeout_s);
  soup_session_set_proxy_resolver (session, NULL);

  cms = byline_wp_cms_new (session, url, "editor", PASSWORD, &error);
  g_assert_no_error (error);
  byline_cms_verify_account_async (BYLINE_CMS (cms), NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  identity = byline_cms_verify_account_finish (BYLINE_CMS (cms), result, &error);
  if (identity != NULL)
    g_assert_cmpstr (identity->display_name, ==, "Eda Marsh");
  return g_steal_pointer (&error);
}

static void
assert_no_secret (const GError *error)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "editor:" PASSWORD,
                                              strlen ("editor:" PASSWORD));

  g_assert_null (strstr (error->message, PASSWORD));
  g_assert_null (strstr (error->message, encoded));
}

typedef enum
{
  CERT_GOOD,
  CERT_SELF_SIGNED,
  CERT_EXPIRED,
  CERT_WRONG_HOST,
} CertCase;

static void
test_tls (gconstpointer data)
{
  CertCase which = GPOINTER_TO_INT (data);
  g_auto(Issued) ca = { 0, };
  g_auto(Issued) leaf = { 0, };
  g_autofree char *ca_pem = NULL;
  g_autofree char *leaf_pem = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { SERVE_WORDPRESS, };

  issue (&ca, "Byline Test Authority", TRUE, NULL, -DAY_S, 365 * DAY_S, NULL);
  switch (which)
    {
    case CERT_GOOD:
      issue (&leaf, "127.0.0.1", FALSE, NULL, -DAY_S, 30 * DAY_S, &ca);
      break;
    case CERT_SELF_SIGNED:
      issue (&leaf, "127.0.0.1", FALSE, NULL, -DAY_S, 30 * DAY_S, NULL);
      break;
    case CERT_EXPIRED:
      /* Valid for a month that ended yesterday. */
      issue (&leaf, "127.0.0.1", FALSE, NULL, -31 * DAY_S, -DAY_S, &ca);
      break;
    case CERT_WRONG_HOST:
      issue (&leaf, "news.example.org", FALSE, "news.example.org", -DAY_S, 30 * DAY_S, &ca);
      break;
    }
  ca_pem = issued_to_pem (&ca, FALSE);
  leaf_pem = issued_to_pem (&leaf, TRUE);
  certificate = g_tls_certificate_new_from_pem (leaf_pem, -1, &error);
  g_assert_no_error (error);

  server = start_server (&f, certificate, &url);
  error = verify_at (url, ca_pem, 5);
  soup_server_disconnect (server);

  if (which == CERT_GOOD)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (f.n_requests, >, 0);
      g_assert_nonnull (f.last_auth);
      g_free (f.last_auth);
      return;
    }

  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TLS);
  g_test_message ("refused: %s", error->message);
  /* Not a single request, so the password never left. */
  g_assert_cmpuint (f.n_requests, ==, 0);
  assert_no_secret (error);
  g_assert_false (byline_cms_error_is_transient (error));
  switch (which)
    {
    case CERT_SELF_SIGNED:
      g_assert_nonnull (strstr (error->message, "unknown certificate authority"));
      break;
    case CERT_EXPIRED:
      g_assert_nonnull (strstr (error->message, "has expired"));
      break;
    case CERT_WRONG_HOST:
      g_assert_nonnull (strstr (error->message, "wrong host name"));
      break;
    case CERT_GOOD:
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Network                                                              */

static GTlsCertificate *
good_certificate (char **ca_pem)
{
  g_auto(Issued) ca = { 0, };
  g_auto(Issued) leaf = { 0, };
  g_autofree char *leaf_pem = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  issue (&ca, "Byline Test Authority", TRUE, NULL, -DAY_S, 365 * DAY_S, NULL);
  issue (&leaf, "127.0.0.1", FALSE, NULL, -DAY_S, 30 * DAY_S, &ca);
  *ca_pem = issued_to_pem (&ca, FALSE);
  leaf_pem = issued_to_pem (&leaf, TRUE);
  certificate = g_tls_certificate_new_from_pem (leaf_pem, -1, &error);
  g_assert_no_error (error);
  return certificate;
}

/* The site was there, then is gone: nothing listens on its port. */
static void
test_server_gone (void)
{
  g_autofree char *ca_pem = NULL;
  g_autoptr(GTlsCertificate) certificate = good_certificate (&ca_pem);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { SERVE_WORDPRESS, };

  server = start_server (&f, certificate, &url);
  soup_server_disconnect (server);
  g_clear_object (&server);

  error = verify_at (url, ca_pem, 5);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused the connection"));
  g_assert_true (byline_cms_error_is_transient (error));
  assert_no_secret (error);
}

/* A host name that cannot resolve (.invalid never does). */
static void
test_dns_failure (void)
{
  g_autofree char *ca_pem = NULL;
  g_autoptr(GTlsCertificate) certificate = good_certificate (&ca_pem);
  g_autoptr(GError) error = verify_at ("https://newsroom.byline-test.invalid", ca_pem, 10);

  g_assert_nonnull (error);
  g_test_message ("DNS: %s", error->message);
  g_assert_true (error->domain == BYLINE_CMS_ERROR);
  g_assert_true (error->code == BYLINE_CMS_ERROR_NETWORK || error->code == BYLINE_CMS_ERROR_TIMEOUT);
  g_assert_true (byline_cms_error_is_transient (error));
  if (error->code == BYLINE_CMS_ERROR_NETWORK)
    g_assert_nonnull (strstr (error->message, "Could not find newsroom.byline-test.invalid"));
}

/* One byte a second: the session's timeout (2 s of silence) never fires,
 * so only the backend's deadline for a whole answer (4 x 2 s) ends it. */
static void
test_trickle (void)
{
  g_autofree char *ca_pem = NULL;
  g_autoptr(GTlsCertificate) certificate = good_certificate (&ca_pem);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { SERVE_TRICKLE, };

  f.trickles = g_ptr_array_new_with_free_func (trickle_free);
  server = start_server (&f, certificate, &url);
  error = verify_at (url, ca_pem, 2);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "too slowly"));
  g_assert_true (byline_cms_error_is_transient (error));
  g_ptr_array_unref (f.trickles);
  soup_server_disconnect (server);
  g_free (f.last_auth);
}

/* A Wi-Fi login page answers every address with 200 and HTML. */
static void
test_captive_portal (void)
{
  g_autofree char *ca_pem = NULL;
  g_autoptr(GTlsCertificate) certificate = good_certificate (&ca_pem);
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { SERVE_CAPTIVE_PORTAL, };

  server = start_server (&f, certificate, &url);
  error = verify_at (url, ca_pem, 5);
  soup_server_disconnect (server);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND);
  g_test_message ("portal: %s", error->message);
  g_assert_nonnull (strstr (error->message, "web page instead of data"));
  g_free (f.last_auth);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  CHECK_GNUTLS (gnutls_global_init ());

  g_test_add_data_func ("/net-faults/tls/good-certificate-works", GINT_TO_POINTER (CERT_GOOD), test_tls);
  g_test_add_data_func ("/net-faults/tls/self-signed", GINT_TO_POINTER (CERT_SELF_SIGNED), test_tls);
  g_test_add_data_func ("/net-faults/tls/expired", GINT_TO_POINTER (CERT_EXPIRED), test_tls);
  g_test_add_data_func ("/net-faults/tls/wrong-host", GINT_TO_POINTER (CERT_WRONG_HOST), test_tls);
  g_test_add_func ("/net-faults/network/server-gone", test_server_gone);
  g_test_add_func ("/net-faults/network/dns-failure", test_dns_failure);
  g_test_add_func ("/net-faults/network/one-byte-a-second", test_trickle);
  g_test_add_func ("/net-faults/network/captive-portal", test_captive_portal);

  return g_test_run ();
}
