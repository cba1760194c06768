/* byline-wp-cms.c: BylineCms for WordPress's REST API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-wp-cms"

#include "config.h"

#include "byline-wp-cms.h"
#include "byline-wp-cms-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "byline-wp-blocks.h"
#include "byline-json-text.h"
#include "byline-slug.h"

/* Each operation is a short chain of dependent requests (a push: images,
 * terms, the freshness check, the write, the check of the answer).  They
 * run as plain sequential code on a GTask worker thread with libsoup's
 * blocking API, which libsoup >= 3.2 allows from any thread; the main loop
 * never waits for the network.  The caches below are shared between
 * workers and guarded by @lock.
 *
 * Never log or put into an error: the password, the Authorization header. */

#define COMPANION_NAMESPACE "byline/v1"
#define RELATED_META "byline_related"
#define CLIENT_KEY_META "byline_client_key"

/* Article fields WordPress has no place for; the companion plugin
 * registers them as post meta (docs/wordpress.md). */
typedef struct
{
  const char *meta_key;
  const char *property;     /* of BylineArticle, a string */
} MetaField;

static const MetaField meta_fields[] = {
  { "byline_seo_title", "seo-title" },
  { "byline_social_headline", "social-headline" },
  { "byline_language", "language" },
  { "byline_author", "byline" },
};

/* What a site keeps decides which fields sync keeps locally
 * (byline_cms_get_local_fields()). */
static const char * const local_fields_with_meta[] = {
  "word-target", "dismissed-checks", "created",
  NULL
};

static const char * const local_fields_without_meta[] = {
  "language", "seo-title", "social-headline", "byline",
  "word-target", "dismissed-checks", "created",
  NULL
};

struct _BylineWpCms
{
  GObject      parent_instance;

  SoupSession *session;
  char        *site_url;      /* without a trailing slash */
  char        *host;          /* for messages */
  char        *user;
  char        *auth;          /* "Basic …" */
  GFile       *media_dir;
  GError      *config_error;  /* a URL we refuse to talk to */

  GMutex       discover_lock;
  GMutex       lock;
  guint        discovered : 1;
  guint        pretty : 1;    /* /wp-json/ works (else ?rest_route=) */
  guint        companion : 1;
  guint        article_meta : 1;  /* the site keeps meta_fields */
  char        *site_name;
  GHashTable  *terms;         /* "taxonomy\nname" -> id */
  GHashTable  *media_by_hash; /* sha256 -> "id url" */
  GHashTable  *media_by_url;  /* url -> id */
};

static void byline_wp_cms_iface_init (BylineCmsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BylineWpCms, byline_wp_cms, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BYLINE_TYPE_CMS, byline_wp_cms_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SITE_URL,
  PROP_USER,
  PROP_PASSWORD,
  PROP_MEDIA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* URLs                                                                 */

gboolean
byline_wp_cms_check_url (const char  *url,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *scheme, *host;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                           _("The site address is empty"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("“%s” is not a web address; it should look like https://news.example.org"),
                   url);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                           _("The site address must not contain a user name or password; "
                             "enter them in their own fields"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      address = g_inet_address_new_from_string (host);
      if (g_ascii_strcasecmp (host, "localhost") == 0 ||
          (address != NULL && g_inet_address_get_is_loopback (address)))
        return TRUE;

      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("Byline sends your password only over an encrypted connection: "
                     "use https://%s instead of http://"), host);
      return FALSE;
    }

  g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
               _("“%s” is not a web address Byline can use (it must start with https://)"),
               url);
  return FALSE;
}

static char *
build_url (BylineWpCms *self,
           gboolean     pretty,
           const char  *route,
           const char  *query)
{
  g_autofree char *escaped_route = g_uri_escape_string (route, "/", FALSE);

  if (pretty)
    return g_strconcat (self->site_url, "/wp-json", route,
                        query != NULL ? "?" : "", query != NULL ? query : "", NULL);

  return g_strconcat (self->site_url, "/?rest_route=", escaped_route,
                      query != NULL ? "&" : "", query != NULL ? query : "", NULL);
}

/* ------------------------------------------------------------------ */
/* Errors                                                               */

static char *
describe_tls_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup ("its certificate is not signed by an authority this computer trusts "
                     "(unknown certificate authority)");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup ("its certificate belongs to a different site (wrong host name)");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup ("its certificate has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup ("its certificate is not valid yet (check this computer's clock)");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup ("its certificate has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup ("its certificate uses insecure cryptography");
  return g_strdup ("its certificate could not be checked");
}

static GError *
transport_error (BylineWpCms          *self,
                 const GError         *error,
                 GTlsCertificateFlags  tls_errors)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (tls_errors != 0 || error->domain == G_TLS_ERROR)
    {
      g_autofree char *what = describe_tls_errors (tls_errors);

      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TLS,
                          "Byline did not connect to %s because %s. Someone may be "
                          "intercepting the connection; ask the site's administrator.",
                          self->host, what);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TIMEOUT,
                        "%s did not answer in time (after %u seconds)",
                        self->host, soup_session_get_timeout (self->session));

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK,
                        "Could not find %s: check the site address and the network connection",
                        self->host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK,
                        "%s refused the connection: the site may be down", self->host);

  return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK,
                      "The connection to %s failed: %s", self->host, error->message);
}

static guint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) MIN (seconds, 86400);

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan diff;

    if (when == NULL)
      return 0;
    diff = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;
    return diff <= 0 ? 1 : (guint) MIN (diff, 86400);
  }
}

/* The server's own words, when it sent a WordPress error object. */
static char *
server_message (JsonNode     *body,
                const char  **code)
{
  JsonObject *object;
  JsonNode *message;
  GString *out;

  *code = NULL;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;

  object = json_node_get_object (body);
  if (json_object_has_member (object, "code"))
    {
      JsonNode *code_node = json_object_get_member (object, "code");

      if (JSON_NODE_HOLDS_VALUE (code_node) &&
          json_node_get_value_type (code_node) == G_TYPE_STRING)
        *code = json_node_get_string (code_node);
    }

  message = json_object_get_member (object, "message");
  if (message == NULL || !JSON_NODE_HOLDS_VALUE (message) ||
      json_node_get_value_type (message) != G_TYPE_STRING)
    return NULL;

  /* Keep it short and plain: it goes into a toast. */
  out = g_string_new (NULL);
  for (const char *p = json_node_get_string (message); *p && out->len < 300; p++)
    {
      if (*p == '<')
        {
          while (*p && *p != '>')
            p++;
          if (!*p)
            break;
          continue;
        }
      g_string_append_c (out, *p);
    }
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static GError *
status_error (BylineWpCms        *self,
              guint               status,
              SoupMessageHeaders *headers,
              JsonNode           *body)
{
  const char *code = NULL;
  g_autofree char *said = server_message (body, &code);
  /* Translators: the site's own words, added to the messages below */
  g_autofree char *because = said != NULL ? g_strdup_printf (_(": “%s”"), said) : g_strdup ("");
  guint retry_after = parse_retry_after (headers);

  switch (status)
    {
    case 401:
      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH,
                          _("The site refused the password for %s at %s. Create a new "
                            "application password in WordPress (Users → Profile) and enter "
                            "it in Byline's account settings."),
                          self->user, self->host);
    case 403:
      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_FORBIDDEN,
                          _("%s at %s is not allowed to do this%s"),
                          self->user, self->host, because);
    case 404:
    case 410:
      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND,
                          _("%s has no such item (it may have been deleted)%s"),
                          self->host, because);
    case 409:
    case 412:
      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE,
                          _("Someone changed this article on %s since Byline last synced it"),
                          self->host);
    case 413:
      return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE,
                          _("%s refused the upload as too large%s"), self->host, because);
    case 429:
      return byline_cms_error_new_retry_after (BYLINE_CMS_ERROR_RATE_LIMITED, retry_after,
                                               g_dngettext (GETTEXT_PACKAGE,
                                                            "%s asked Byline to slow down; it will try "
                                                            "again in %u second",
                                                            "%s asked Byline to slow down; it will try "
                                                            "again in %u seconds",
                                                            retry_after > 0 ? retry_after : 60),
                                               self->host, retry_after > 0 ? retry_after : 60);
    default:
      break;
    }

  if (status >= 500)
    return byline_cms_error_new_retry_after (BYLINE_CMS_ERROR_SERVER, retry_after,
                                             _("%s had a problem (HTTP %u)%s; Byline will "
                                               "try again later"),
                                             self->host, status, because);

  return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                      _("%s refused the request (HTTP %u%s%s)%s"),
                      self->host, status, code != NULL ? ", " : "",
                      code != NULL ? code : "", because);
}

static GError *
bad_response (BylineWpCms *self,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static GError *
bad_response (BylineWpCms *self,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  return g_error_new (BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                      "%s sent an answer Byline cannot use: %s", self->host, detail);
}

/* ------------------------------------------------------------------ */
/* Requests (worker thread)                                             */

typedef struct
{
  GTlsCertificateFlags tls_errors;
} TlsState;

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TlsState *state = user_data;

  /* Remember why, so the journalist hears it; never accept. */
  state->tls_errors = errors;
  return FALSE;
}

/* The session's timeout only notices silence; a server (or a proxy)
 * that trickles its answer a byte at a time would hold the outbox
 * forever.  So the whole answer gets this many times that timeout. */
#define BODY_DEADLINE_FACTOR 4
#define BODY_DEADLINE_DEFAULT_S 300

static GBytes *
read_body (BylineWpCms   *self,
           SoupMessage   *msg,
           GInputStream  *stream,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  guint timeout_s = soup_session_get_timeout (self->session);
  guint deadline_s = timeout_s > 0 ? timeout_s * BODY_DEADLINE_FACTOR : BODY_DEADLINE_DEFAULT_S;
  gint64 deadline = g_get_monotonic_time () + (gint64) deadline_s * G_USEC_PER_SEC;
  guint8 buffer[16384];

  if (length > BYLINE_WP_CMS_MAX_RESPONSE)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE,
                   _("%s sent an answer of %lld MiB, more than Byline accepts (%d MiB)"),
                   self->host, (long long) (length / (1024 * 1024)), BYLINE_WP_CMS_MAX_RESPONSE / (1024 * 1024));
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);

      if (n < 0)
        {
          g_propagate_error (error, transport_error (self, local_error, 0));
          return NULL;
        }
      if (n == 0)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TIMEOUT,
                       "%s is sending its answer too slowly (still not complete after "
                       "%u seconds); Byline will try again later",
                       self->host, deadline_s);
          return NULL;
        }
      if (body->len + (gsize) n > BYLINE_WP_CMS_MAX_RESPONSE)
        {
          g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE,
                       _("%s sent an answer larger than Byline accepts (%d MiB)"),
                       self->host, BYLINE_WP_CMS_MAX_RESPONSE / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (body, buffer, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static gboolean
looks_like_html (SoupMessageHeaders *headers,
                 GBytes             *body)
{
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      return data[i] == '<';
    }
  return FALSE;
}

/* What the server's answer means: an error for a redirect or an HTTP
 * error status (with WordPress's error object, when it sent one, in
 * *error_body), for a web page or for anything that is not JSON; else the
 * JSON.  Separate from wp_call so the fuzz targets reach it without a
 * network. */
JsonNode *
byline_wp_cms_read_answer (BylineWpCms         *self,
                           guint                status,
                           SoupMessageHeaders  *response_headers,
                           GBytes              *body,
                           JsonNode           **error_body,
                           GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len;
  const char *data;

  data = g_bytes_get_data (body, &len);

  if (status >= 300 && status < 400)
    {
      const char *location = soup_message_headers_get_one (response_headers, "Location");

      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                   _("%s sends Byline elsewhere (%s); if the site moved, enter its new "
                     "address in the account settings"),
                   self->host, location != NULL ? location : _("no address given"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (status >= 400)
    {
      g_autoptr(JsonNode) error_root = NULL;

      if (len > 0 && g_utf8_validate (data, len, NULL) &&
          json_parser_load_from_data (parser, data, len, NULL) &&
          byline_json_node_is_text (json_parser_get_root (parser)))
        error_root = json_parser_steal_root (parser);
      g_propagate_error (error, status_error (self, status, response_headers, error_root));
      if (error_body != NULL)
        *error_body = g_steal_pointer (&error_root);
      return NULL;
    }

  if (status < 200)
    {
      g_propagate_error (error, bad_response (self, "HTTP status %u", status));
      return NULL;
    }

  if (looks_like_html (response_headers, body))
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                   _("%s answered with a web page instead of data. A Wi-Fi login page or a "
                     "proxy may be in the way, or the address is not a WordPress site."),
                   self->host);
      return NULL;
    }

  /* An empty or blank body (a proxy's bare 200) is no JSON either:
   * json-glib complains about the NULL data of an empty GBytes and reads
   * a blank one as success without a root (both found by
   * tests/fuzz/fuzz-wp-response; the second returned NULL without an
   * error). */
  if (len == 0 || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                   _("%s sent an answer that was cut off or is not valid data"),
                   self->host);
      return NULL;
    }

  /* Escapes can still spell text that is not UTF-8 (a lone surrogate):
   * refused here once, so no reader hands it to the model (found by
   * tests/fuzz/fuzz-wp-response). */
  if (!byline_json_node_is_text (json_parser_get_root (parser)))
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE,
                   _("%s sent text that is not valid Unicode"), self->host);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

typedef struct
{
  const char *method;
  const char *route;
  const char *query;           /* already escaped, or NULL */
  GBytes     *body;            /* or NULL */
  const char *content_type;
  const char *if_match;
  const char *disposition;
  gboolean    pretty;
  gboolean    use_pretty;      /* override self->pretty (discovery) */
} Call;

/* Sends one request and gives back its JSON.  On an HTTP error, the error
 * body (when it is JSON) goes to *error_body so callers can look at
 * WordPress's error code. */
static JsonNode *
wp_call (BylineWpCms         *self,
         const Call          *call,
         SoupMessageHeaders **headers_out,
         JsonNode           **error_body,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *request_headers, *response_headers;
  TlsState tls = { 0, };
  JsonNode *root;
  gboolean pretty;
  guint status;

  if (self->config_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->config_error));
      return NULL;
    }

  g_mutex_lock (&self->lock);
  pretty = call->use_pretty ? call->pretty : self->pretty;
  g_mutex_unlock (&self->lock);

  url = build_url (self, pretty, call->route, call->query);
  msg = soup_message_new (call->method, url);
  if (msg == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("Byline could not build a request for %s"), self->host);
      return NULL;
    }

  /* A redirect would carry the password to wherever it points. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (request_headers, "Authorization", self->auth);
  soup_message_headers_replace (request_headers, "Accept", "application/json");
  if (call->if_match != NULL)
    soup_message_headers_replace (request_headers, "If-Match", call->if_match);
  if (call->disposition != NULL)
    soup_message_headers_replace (request_headers, "Content-Disposition", call->disposition);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, call->content_type, call->body);

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), &tls);

  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      g_signal_handlers_disconnect_by_data (msg, &tls);
      g_propagate_error (error, transport_error (self, local_error, tls.tls_errors));
      return NULL;
    }
  g_signal_handlers_disconnect_by_data (msg, &tls);

  status = soup_message_get_status (msg);
  response_headers = soup_message_get_response_headers (msg);

  body = read_body (self, msg, stream, cancellable, error);
  g_input_stream_close (stream, NULL, NULL);
  if (body == NULL)
    return NULL;

  root = byline_wp_cms_read_answer (self, status, response_headers, body, error_body, error);
  if (root != NULL && headers_out != NULL)
    *headers_out = soup_message_headers_ref (response_headers);

  return root;
}

/* ------------------------------------------------------------------ */
/* JSON, checked                                                        */

static const char *
json_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "missing";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "a list";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "text";
    case G_TYPE_BOOLEAN: return "true/false";
    case G_TYPE_INT64: return "a whole number";
    case G_TYPE_DOUBLE: return "a number";
    default: return "something else";
    }
}

static JsonObject *
expect_object (BylineWpCms  *self,
               JsonNode     *node,
               const char   *what,
               GError      **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, bad_response (self, "%s is %s, expected an object",
                                              what, json_type_name (node)));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
expect_array (BylineWpCms  *self,
              JsonNode     *node,
              const char   *what,
              GError      **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_propagate_error (error, bad_response (self, "%s is %s, expected a list",
                                              what, json_type_name (node)));
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
get_string (BylineWpCms  *self,
            JsonObject   *object,
            const char   *member,
            const char  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_propagate_error (error, bad_response (self, "“%s” is %s, expected text",
                                              member, json_type_name (node)));
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (BylineWpCms  *self,
         JsonObject   *object,
         const char   *member,
         gint64       *out,
         GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_propagate_error (error, bad_response (self, "“%s” is %s, expected a whole number",
                                              member, json_type_name (node)));
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

/* "title": {"raw": "…"} */
static gboolean
get_raw (BylineWpCms  *self,
         JsonObject   *object,
         const char   *member,
         const char  **out,
         GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonNode *raw;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, bad_response (self, "“%s” is %s, expected an object",
                                              member, json_type_name (node)));
      return FALSE;
    }
  raw = json_object_get_member (json_node_get_object (node), "raw");
  if (raw == NULL || !JSON_NODE_HOLDS_VALUE (raw) ||
      json_node_get_value_type (raw) != G_TYPE_STRING)
    {
      g_propagate_error (error, bad_response (self, "“%s.raw” is %s, expected text",
                                              member, json_type_name (raw)));
      return FALSE;
    }
  *out = json_node_get_string (raw);
  return TRUE;
}

static GArray *
get_int_array (BylineWpCms  *self,
               JsonObject   *object,
               const char   *member,
               GError      **error)
{
  JsonArray *array = expect_array (self, json_object_get_member (object, member), member, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          g_propagate_error (error, bad_response (self, "an item of “%s” is %s, expected a whole number",
                                                  member, json_type_name (node)));
          return NULL;
        }
      id = json_node_get_int (node);
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

static char *
ids_to_query (GArray *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

/* ------------------------------------------------------------------ */
/* Status names                                                         */

static const char *
status_to_wp (BylineArticleStatus status)
{
  switch (status)
    {
    case BYLINE_ARTICLE_STATUS_PENDING_REVIEW: return "pending";
    case BYLINE_ARTICLE_STATUS_SCHEDULED: return "future";
    case BYLINE_ARTICLE_STATUS_PUBLISHED: return "publish";
    case BYLINE_ARTICLE_STATUS_DRAFT:
    default: return "draft";
    }
}

static gboolean
status_from_wp (const char          *wp,
                BylineArticleStatus *status)
{
  if (g_strcmp0 (wp, "draft") == 0 || g_strcmp0 (wp, "auto-draft") == 0)
    *status = BYLINE_ARTICLE_STATUS_DRAFT;
  else if (g_strcmp0 (wp, "pending") == 0)
    *status = BYLINE_ARTICLE_STATUS_PENDING_REVIEW;
  else if (g_strcmp0 (wp, "future") == 0)
    *status = BYLINE_ARTICLE_STATUS_SCHEDULED;
  else if (g_strcmp0 (wp, "publish") == 0 || g_strcmp0 (wp, "private") == 0)
    *status = BYLINE_ARTICLE_STATUS_PUBLISHED;
  else
    return FALSE;
  return TRUE;
}

static GDateTime *
parse_gmt (const char *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return value != NULL ? g_date_time_new_from_iso8601 (value, utc) : NULL;
}

/* ------------------------------------------------------------------ */
/* Discovery                                                            */

static gboolean
try_index (BylineWpCms   *self,
           gboolean       pretty,
           GCancellable  *cancellable,
           GError       **error)
{
  Call call = { "GET", "/", "_fields=name,namespaces", NULL, NULL, NULL, NULL, pretty, TRUE };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *index;
  JsonArray *namespaces;
  const char *name = NULL;
  gboolean companion = FALSE;

  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  if (root == NULL)
    return FALSE;
  if ((index = expect_object (self, root, "the site's API index", error)) == NULL)
    return FALSE;
  if ((namespaces = expect_array (self, json_object_get_member (index, "namespaces"),
                                  "“namespaces”", error)) == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (namespaces); i++)
    {
      JsonNode *node = json_array_get_element (namespaces, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), COMPANION_NAMESPACE) == 0)
        companion = TRUE;
    }
  if (json_object_has_member (index, "name") && !get_string (self, index, "name", &name, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->pretty = pretty;
  self->companion = companion;
  /* Until a post says otherwise: an older companion registers only the
   * related stories, which the first post answer shows. */
  self->article_meta = companion;
  g_free (self->site_name);
  self->site_name = g_strdup (name);
  self->discovered = TRUE;
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static gboolean discover_locked (BylineWpCms   *self,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* Finds out how to reach the API (pretty permalinks or ?rest_route=) and
 * whether the companion plugin is there, once. */
static gboolean
ensure_discovered (BylineWpCms   *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gboolean ret;

  /* One discovery at a time; the others wait for its answer. */
  g_mutex_lock (&self->discover_lock);
  ret = discover_locked (self, cancellable, error);
  g_mutex_unlock (&self->discover_lock);
  return ret;
}

static gboolean
discover_locked (BylineWpCms   *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean done;

  g_mutex_lock (&self->lock);
  done = self->discovered;
  g_mutex_unlock (&self->lock);
  if (done)
    return TRUE;

  if (try_index (self, TRUE, cancellable, &local_error))
    return TRUE;

  /* Only "not here" is worth a second try; a network or TLS problem would
   * just happen again. */
  if (!g_error_matches (local_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND) &&
      !g_error_matches (local_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  if (try_index (self, FALSE, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND) ||
      g_error_matches (local_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_BAD_RESPONSE))
    g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND,
                 _("%s does not offer WordPress's REST API (%s)"), self->host, local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

void
byline_wp_cms_set_companion_for_testing (BylineWpCms *self,
                                         gboolean     companion)
{
  g_return_if_fail (BYLINE_IS_WP_CMS (self));

  g_mutex_lock (&self->lock);
  self->companion = !!companion;
  self->discovered = TRUE;
  g_mutex_unlock (&self->lock);
}

static gboolean
has_companion (BylineWpCms *self)
{
  gboolean ret;

  g_mutex_lock (&self->lock);
  ret = self->companion;
  g_mutex_unlock (&self->lock);
  return ret;
}

/* ------------------------------------------------------------------ */
/* Verify                                                               */

static BylineCmsIdentity *
verify_sync (BylineWpCms   *self,
             GCancellable  *cancellable,
             GError       **error)
{
  Call call = { "GET", "/wp/v2/users/me", "context=edit", };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(BylineCmsIdentity) identity = g_new0 (BylineCmsIdentity, 1);
  JsonObject *me;
  const char *name, *slug;
  gint64 id;

  if (!ensure_discovered (self, cancellable, error))
    return NULL;

  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  if (root == NULL)
    return NULL;
  if ((me = expect_object (self, root, "the account", error)) == NULL ||
      !get_int (self, me, "id", &id, error) ||
      !get_string (self, me, "name", &name, error) ||
      !get_string (self, me, "slug", &slug, error))
    return NULL;

  /* An anonymous answer has no id: that is not the account we asked for. */
  if (id <= 0)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_AUTH,
                   _("The site refused the password for %s at %s"), self->user, self->host);
      return NULL;
    }

  identity->user_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (json_object_has_member (me, "username"))
    {
      const char *username;

      if (!get_string (self, me, "username", &username, error))
        return NULL;
      identity->user_name = g_strdup (username);
    }
  else
    identity->user_name = g_strdup (slug);
  identity->display_name = g_strdup (name);
  g_mutex_lock (&self->lock);
  identity->site_name = g_strdup (self->site_name);
  identity->has_companion = self->companion;
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&identity);
}

/* ------------------------------------------------------------------ */
/* List                                                                 */

static guint
header_uint (SoupMessageHeaders *headers,
             const char         *name,
             guint               fallback)
{
  const char *value = soup_message_headers_get_one (headers, name);
  guint64 n;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
    return (guint) n;
  return fallback;
}

typedef struct
{
  char                  *search;
  BylineCmsStatusFilter  statuses;
  guint                  page;
  guint                  per_page;
  guint                  total;
  guint                  total_pages;
} ListData;

static void
list_data_free (gpointer data)
{
  ListData *list = data;

  g_free (list->search);
  g_free (list);
}

static GHashTable *fetch_terms (BylineWpCms   *self,
                                const char    *taxonomy,
                                GArray        *ids,
                                GCancellable  *cancellable,
                                GError       **error);
static const char *first_term_name (GHashTable *names,
                                    GArray     *ids);

/* Each id once. */
static void
add_unique_id (GArray *ids,
               gint64  id)
{
  if (id <= 0)
    return;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

/* The featured images of a page of posts, in one request: id → URL. */
static GHashTable *
fetch_media_urls (BylineWpCms   *self,
                  GArray        *ids,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GHashTable) urls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *include = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonNode) root = NULL;
  Call call = { "GET", "/wp/v2/media", NULL, };
  JsonArray *array;

  /* 100 ids a request: what one include= answers (one request for any
   * page of 100 posts). */
  for (guint start = 0; start < ids->len; start += 100)
    {
      g_autoptr(GArray) chunk = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_append_vals (chunk, &g_array_index (ids, gint64, start), MIN (100, ids->len - start));
      g_clear_pointer (&include, g_free);
      g_clear_pointer (&query, g_free);
      g_clear_pointer (&root, json_node_unref);
      include = ids_to_query (chunk);
      query = g_strdup_printf ("context=edit&per_page=100&_fields=id,source_url&include=%s", include);
      call.query = query;
      root = wp_call (self, &call, NULL, NULL, cancellable, error);
      if (root == NULL || (array = expect_array (self, root, "the list of images", error)) == NULL)
        return NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *media = expect_object (self, json_array_get_element (array, i), "an image", error);
          const char *source_url;
          gint64 id;

          if (media == NULL ||
              !get_int (self, media, "id", &id, error) ||
              !get_string (self, media, "source_url", &source_url, error))
            return NULL;
          g_hash_table_replace (urls, g_memdup2 (&id, sizeof id), g_strdup (source_url));
        }
    }

  return g_steal_pointer (&urls);
}

/* What a story card shows, for the story cache: the list's own excerpt
 * and first-published date, and the names of the categories and the URLs
 * of the featured images of the whole page, one request each (not one
 * per post).  A post whose members are missing or odd simply goes
 * without; a site that refuses the categories or images leaves every
 * post without section or image rather than failing the list. */
static gboolean
add_story_data (BylineWpCms   *self,
                JsonNode      *root,
                GPtrArray     *items,
                GCancellable  *cancellable,
                GError       **error)
{
  JsonArray *array = json_node_get_array (root);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) featured = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) media_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) urls = NULL;
  g_autoptr(GError) local_error = NULL;

  g_array_set_size (featured, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *post = json_array_get_object_element (array, i);
      JsonNode *node = json_object_get_member (post, "categories");
      GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *list = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (list); j++)
            {
              JsonNode *element = json_array_get_element (list, j);
              gint64 id;

              if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
                continue;
              id = json_node_get_int (element);
              g_array_append_val (ids, id);
              add_unique_id (category_ids, id);
            }
        }
      g_ptr_array_add (categories, ids);

      node = json_object_get_member (post, "featured_media");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          g_array_index (featured, gint64, i) = json_node_get_int (node);
          add_unique_id (media_ids, json_node_get_int (node));
        }
    }

  names = fetch_terms (self, "categories", category_ids, cancellable, &local_error);
  if (names == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("The posts’ sections are left out: %s", local_error->message);
      g_clear_error (&local_error);
    }
  urls = fetch_media_urls (self, media_ids, cancellable, &local_error);
  if (urls == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("The posts’ images are left out: %s", local_error->message);
      g_clear_error (&local_error);
    }

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *post = json_array_get_object_element (array, i);
      JsonNode *node;
      const char *section = names != NULL ? first_term_name (names, g_ptr_array_index (categories, i)) : NULL;
      const char *image = NULL;
      const char *excerpt = NULL;
      g_autoptr(GDateTime) published = NULL;
      gint64 media = g_array_index (featured, gint64, i);

      if (urls != NULL && media > 0)
        image = g_hash_table_lookup (urls, &media);
      node = json_object_get_member (post, "excerpt");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *raw = json_object_get_member (json_node_get_object (node), "raw");

          if (raw != NULL && JSON_NODE_HOLDS_VALUE (raw) && json_node_get_value_type (raw) == G_TYPE_STRING)
            excerpt = json_node_get_string (raw);
        }
      node = json_object_get_member (post, "date_gmt");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        published = parse_gmt (json_node_get_string (node));

      byline_cms_item_set_story (g_ptr_array_index (items, i), section, excerpt, image, published);
    }

  return TRUE;
}

static GPtrArray *
list_sync (BylineWpCms   *self,
           ListData      *data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GString) query = g_string_new ("context=edit&orderby=date&order=desc"
                                           "&_fields=id,title,status,modified_gmt,link,"
                                           "date_gmt,excerpt,categories,featured_media");
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  g_autofree char *status_list = NULL;
  Call call = { "GET", "/wp/v2/posts", NULL, };

  if (!ensure_discovered (self, cancellable, error))
    return NULL;

  if (data->statuses & BYLINE_CMS_STATUS_DRAFT)
    g_ptr_array_add (statuses, (char *) "draft");
  if (data->statuses & BYLINE_CMS_STATUS_PENDING_REVIEW)
    g_ptr_array_add (statuses, (char *) "pending");
  if (data->statuses & BYLINE_CMS_STATUS_SCHEDULED)
    g_ptr_array_add (statuses, (char *) "future");
  if (data->statuses & BYLINE_CMS_STATUS_PUBLISHED)
    g_ptr_array_add (statuses, (char *) "publish");
  if (statuses->len == 0)
    g_ptr_array_add (statuses, (char *) "draft");
  g_ptr_array_add (statuses, NULL);
  status_list = g_strjoinv (",", (char **) statuses->pdata);

  g_string_append_printf (query, "&status=%s&page=%u&per_page=%u",
                          status_list, data->page, MIN (data->per_page, 100));
  if (data->search != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (data->search, NULL, FALSE);
      g_string_append_printf (query, "&search=%s", escaped);
    }
  call.query = query->str;

  root = wp_call (self, &call, &headers, NULL, cancellable, error);
  if (root == NULL)
    return NULL;
  if ((items = byline_wp_cms_parse_post_list (self, root, error)) == NULL)
    return NULL;
  if (!add_story_data (self, root, items, cancellable, error))
    return NULL;

  data->total = header_uint (headers, "X-WP-Total", items->len);
  data->total_pages = header_uint (headers, "X-WP-TotalPages", items->len > 0 ? 1 : 0);

  return g_steal_pointer (&items);
}

GPtrArray *
byline_wp_cms_parse_post_list (BylineWpCms  *self,
                               JsonNode     *root,
                               GError      **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if ((array = expect_array (self, root, "the list of posts", error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *post = expect_object (self, json_array_get_element (array, i), "a post", error);
      g_autofree char *id_str = NULL;
      g_autoptr(GDateTime) modified = NULL;
      const char *title, *status_str, *modified_gmt, *link;
      BylineArticleStatus status;
      gint64 id;

      if (post == NULL ||
          !get_int (self, post, "id", &id, error) ||
          !get_raw (self, post, "title", &title, error) ||
          !get_string (self, post, "status", &status_str, error) ||
          !get_string (self, post, "modified_gmt", &modified_gmt, error) ||
          !get_string (self, post, "link", &link, error))
        return NULL;
      if (!status_from_wp (status_str, &status))
        {
          g_propagate_error (error, bad_response (self, "unknown post status “%s”", status_str));
          return NULL;
        }

      id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      modified = parse_gmt (modified_gmt);
      g_ptr_array_add (items, byline_cms_item_new (id_str, title, status, modified, link, modified_gmt));
    }

  return g_steal_pointer (&items);
}

/* ------------------------------------------------------------------ */
/* Terms and media                                                      */

static gboolean
ensure_term (BylineWpCms   *self,
             const char    *taxonomy,
             const char    *name,
             gint64        *id,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", taxonomy, name);
  g_autofree char *route = g_strdup_printf ("/wp/v2/%s", taxonomy);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) local_error = NULL;
  Call call = { "POST", route, "_fields=id", NULL, "application/json", };
  const char *cached;
  JsonObject *term;

  g_mutex_lock (&self->lock);
  cached = g_hash_table_lookup (self->terms, key);
  if (cached != NULL)
    *id = g_ascii_strtoll (cached, NULL, 10);
  g_mutex_unlock (&self->lock);
  if (cached != NULL)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  body = json_body (builder);
  call.body = body;

  /* Creating is the lookup: a name that exists answers 400 term_exists
   * with its id. */
  root = wp_call (self, &call, NULL, &error_body, cancellable, &local_error);
  if (root != NULL)
    {
      if ((term = expect_object (self, root, "the new term", error)) == NULL ||
          !get_int (self, term, "id", id, error))
        return FALSE;
    }
  else
    {
      JsonObject *object, *data;
      const char *code = NULL;

      if (error_body == NULL || !JSON_NODE_HOLDS_OBJECT (error_body))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      object = json_node_get_object (error_body);
      if (!json_object_has_member (object, "code") ||
          !get_string (self, object, "code", &code, NULL) ||
          g_strcmp0 (code, "term_exists") != 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if ((data = expect_object (self, json_object_get_member (object, "data"),
                                 "“data”", error)) == NULL ||
          !get_int (self, data, "term_id", id, error))
        return FALSE;
    }

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->terms, g_steal_pointer (&key),
                        g_strdup_printf ("%" G_GINT64_FORMAT, *id));
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static GFile *
image_file (BylineWpCms  *self,
            const char   *src,
            GError      **error)
{
  g_autoptr(GFile) media_dir = NULL;

  if (g_str_has_prefix (src, "file://"))
    return g_file_new_for_uri (src);
  if (g_path_is_absolute (src))
    return g_file_new_for_path (src);

  g_mutex_lock (&self->lock);
  media_dir = self->media_dir != NULL ? g_object_ref (self->media_dir) : NULL;
  g_mutex_unlock (&self->lock);

  if (media_dir == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("Byline does not know where the image “%s” is stored"), src);
      return NULL;
    }
  return g_file_resolve_relative_path (media_dir, src);
}

static gboolean
is_remote (const char *src)
{
  return src != NULL &&
         (g_ascii_strncasecmp (src, "https://", 8) == 0 ||
          g_ascii_strncasecmp (src, "http://", 7) == 0);
}

static gboolean
set_media_texts (BylineWpCms   *self,
                 gint64         media_id,
                 BylineImage   *image,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, media_id);
  g_autofree char *caption = byline_wp_caption_format (byline_image_get_caption (image),
                                                       byline_image_get_credit (image));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  Call call = { "POST", route, NULL, NULL, "application/json", };
  const char *alt = byline_image_get_decorative (image) ? "" : byline_image_get_alt (image);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "caption");
  json_builder_add_string_value (builder, caption);
  json_builder_set_member_name (builder, "alt_text");
  json_builder_add_string_value (builder, alt != NULL ? alt : "");
  json_builder_end_object (builder);
  body = json_body (builder);
  call.body = body;

  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  return root != NULL && expect_object (self, root, "the media item", error) != NULL;
}

/* Gives the media id and URL of @image on the site, uploading its bytes
 * unless the site already has them: the file name carries a hash of the
 * content, so the same photo is uploaded once, even from another
 * computer. */
static gboolean
resolve_image (BylineWpCms   *self,
               BylineImage   *image,
               gboolean       set_texts,
               gint64        *media_id,
               char         **url,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *src = byline_image_get_src (image);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *query = NULL;
  g_autofree char *basename = NULL;
  const char *cached, *source_url;
  JsonObject *media;
  JsonArray *found;
  gboolean uploaded = FALSE;

  *media_id = 0;
  *url = NULL;

  if (src == NULL || *src == '\0')
    {
      g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                           _("An image has no picture attached"));
      return FALSE;
    }

  if (is_remote (src))
    {
      /* Already on the web: the site's own media keeps its id. */
      g_mutex_lock (&self->lock);
      cached = g_hash_table_lookup (self->media_by_url, src);
      *media_id = cached != NULL ? g_ascii_strtoll (cached, NULL, 10) : 0;
      g_mutex_unlock (&self->lock);
      *url = g_strdup (src);
      if (set_texts && *media_id > 0)
        return set_media_texts (self, *media_id, image, cancellable, error);
      return TRUE;
    }

  if ((file = image_file (self, src, error)) == NULL)
    return FALSE;
  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
    if (info == NULL)
      {
        g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                     _("The image “%s” cannot be read: %s"), src, local_error->message);
        return FALSE;
      }
    if (g_file_info_get_size (info) > BYLINE_WP_CMS_MAX_UPLOAD)
      {
        g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_TOO_LARGE,
                     _("The image “%s” is larger than %d MiB"), src,
                     BYLINE_WP_CMS_MAX_UPLOAD / (1024 * 1024));
        return FALSE;
      }
  }
  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("The image “%s” cannot be read: %s"), src, local_error->message);
      return FALSE;
    }

  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  slug = g_strdup_printf ("byline-%.40s", hash);

  g_mutex_lock (&self->lock);
  cached = g_hash_table_lookup (self->media_by_hash, hash);
  if (cached != NULL)
    {
      const char *space = strchr (cached, ' ');

      *media_id = g_ascii_strtoll (cached, NULL, 10);
      *url = g_strdup (space != NULL ? space + 1 : "");
    }
  g_mutex_unlock (&self->lock);

  if (*url == NULL)
    {
      Call call = { "GET", "/wp/v2/media", NULL, };

      query = g_strdup_printf ("context=edit&_fields=id,source_url&slug=%s", slug);
      call.query = query;
      root = wp_call (self, &call, NULL, NULL, cancellable, error);
      if (root == NULL || (found = expect_array (self, root, "the media list", error)) == NULL)
        return FALSE;
      if (json_array_get_length (found) > 0)
        {
          if ((media = expect_object (self, json_array_get_element (found, 0), "a media item", error)) == NULL ||
              !get_int (self, media, "id", media_id, error) ||
              !get_string (self, media, "source_url", &source_url, error))
            return FALSE;
          *url = g_strdup (source_url);
        }
      g_clear_pointer (&root, json_node_unref);
    }

  if (*url == NULL)
    {
      Call call = { "POST", "/wp/v2/media", NULL, };

      basename = g_file_get_basename (file);
      content_type = g_content_type_guess (basename, g_bytes_get_data (bytes, NULL),
                                           MIN (g_bytes_get_size (bytes), 4096), NULL);
      mime = g_content_type_get_mime_type (content_type);
      extension = strrchr (basename, '.') != NULL ? g_ascii_strdown (strrchr (basename, '.'), -1)
                                                  : g_strdup ("");
      filename = g_strdup_printf ("%s%s", slug, extension);
      disposition = g_strdup_printf ("attachment; filename=\"%s\"", filename);

      call.body = bytes;
      call.content_type = mime != NULL ? mime : "application/octet-stream";
      call.disposition = disposition;
      root = wp_call (self, &call, NULL, NULL, cancellable, error);
      if (root == NULL ||
          (media = expect_object (self, root, "the uploaded media", error)) == NULL ||
          !get_int (self, media, "id", media_id, error) ||
          !get_string (self, media, "source_url", &source_url, error))
        return FALSE;
      *url = g_strdup (source_url);
      uploaded = TRUE;
    }

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->media_by_hash, g_strdup (hash),
                        g_strdup_printf ("%" G_GINT64_FORMAT " %s", *media_id, *url));
  g_hash_table_replace (self->media_by_url, g_strdup (*url),
                        g_strdup_printf ("%" G_GINT64_FORMAT, *media_id));
  g_mutex_unlock (&self->lock);

  if (uploaded || set_texts)
    return set_media_texts (self, *media_id, image, cancellable, error);

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Fetch                                                                */

static GHashTable *
fetch_terms (BylineWpCms   *self,
             const char    *taxonomy,
             GArray        *ids,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/%s", taxonomy);
  g_autofree char *include = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonNode) root = NULL;
  Call call = { "GET", route, NULL, };

  g_autoptr(GHashTable) names = NULL;

  if (ids->len <= 100)
    {
      if (ids->len == 0)
        return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      include = ids_to_query (ids);
      query = g_strdup_printf ("context=edit&per_page=100&_fields=id,name,slug&include=%s", include);
      call.query = query;
      root = wp_call (self, &call, NULL, NULL, cancellable, error);
      if (root == NULL)
        return NULL;
      return byline_wp_cms_parse_terms (self, root, taxonomy, error);
    }

  /* More than one include= answers: 100 at a time. */
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint start = 0; start < ids->len; start += 100)
    {
      g_autoptr(GArray) chunk = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GHashTable) some = NULL;
      GHashTableIter iter;
      gpointer key, value;

      g_array_append_vals (chunk, &g_array_index (ids, gint64, start), MIN (100, ids->len - start));
      if ((some = fetch_terms (self, taxonomy, chunk, cancellable, error)) == NULL)
        return NULL;
      g_hash_table_iter_init (&iter, some);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_replace (names, key, value);
        }
    }
  return g_steal_pointer (&names);
}

GHashTable *
byline_wp_cms_parse_terms (BylineWpCms  *self,
                           JsonNode     *root,
                           const char   *taxonomy,
                           GError      **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  JsonArray *array;

  if ((array = expect_array (self, root, taxonomy, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *term = expect_object (self, json_array_get_element (array, i), "a term", error);
      const char *name, *slug;
      gint64 id;

      if (term == NULL ||
          !get_int (self, term, "id", &id, error) ||
          !get_string (self, term, "name", &name, error) ||
          !get_string (self, term, "slug", &slug, error))
        return NULL;
      /* WordPress files a post without category under its default one;
       * that is not a section the journalist chose. */
      if (g_strcmp0 (slug, "uncategorized") == 0)
        continue;
      g_hash_table_replace (names, g_memdup2 (&id, sizeof id), g_strdup (name));
    }

  return g_steal_pointer (&names);
}

static BylineImage *
fetch_media (BylineWpCms   *self,
             gint64         media_id,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/media/%" G_GINT64_FORMAT, media_id);
  g_autoptr(JsonNode) root = NULL;
  Call call = { "GET", route, "context=edit&_fields=id,source_url,caption,alt_text", };

  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  if (root == NULL)
    return NULL;
  return byline_wp_cms_parse_media (self, root, media_id, error);
}

BylineImage *
byline_wp_cms_parse_media (BylineWpCms  *self,
                           JsonNode     *root,
                           gint64        media_id,
                           GError      **error)
{
  g_autoptr(BylineImage) image = byline_image_new ();
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;
  const char *source_url, *caption_raw, *alt;
  JsonObject *media;

  if ((media = expect_object (self, root, "a media item", error)) == NULL ||
      !get_string (self, media, "source_url", &source_url, error) ||
      !get_raw (self, media, "caption", &caption_raw, error) ||
      !get_string (self, media, "alt_text", &alt, error))
    return NULL;

  byline_wp_caption_parse (caption_raw, &caption, &credit);
  byline_image_set_src (image, source_url);
  byline_image_set_caption (image, caption);
  byline_image_set_credit (image, credit);
  byline_image_set_alt (image, alt);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->media_by_url, g_strdup (source_url),
                        g_strdup_printf ("%" G_GINT64_FORMAT, media_id));
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&image);
}

static const char *
first_term_name (GHashTable *names,
                 GArray     *ids)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *name = g_hash_table_lookup (names, &g_array_index (ids, gint64, i));

      if (name != NULL)
        return name;
    }
  return NULL;
}

/* The names of every category of a list of posts, in one request (not one
 * per post).  A post's odd members are the caller's to report. */
static GHashTable *
fetch_category_names (BylineWpCms   *self,
                      JsonArray     *posts,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (posts); i++)
    {
      JsonNode *node = json_array_get_element (posts, i);
      JsonNode *member;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (member = json_object_get_member (json_node_get_object (node), "categories")) == NULL ||
          !JSON_NODE_HOLDS_ARRAY (member))
        continue;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (member)); j++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (member), j);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
            add_unique_id (ids, json_node_get_int (element));
        }
    }

  return fetch_terms (self, "categories", ids, cancellable, error);
}

static GPtrArray *
fetch_related (BylineWpCms   *self,
               GArray        *ids,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *include = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonNode) root = NULL;
  Call call = { "GET", "/wp/v2/posts", NULL, };
  JsonArray *array;

  if (ids->len == 0)
    return g_steal_pointer (&refs);

  include = ids_to_query (ids);
  query = g_strdup_printf ("context=edit&per_page=100&status=draft,pending,future,publish"
                           "&_fields=id,link,title,categories,featured_media&include=%s", include);
  call.query = query;
  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  if (root == NULL || (array = expect_array (self, root, "the related posts", error)) == NULL ||
      (names = fetch_category_names (self, array, cancellable, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *post = expect_object (self, json_array_get_element (array, i), "a related post", error);
      g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
      g_autoptr(GArray) categories = NULL;
      g_autofree char *id_str = NULL;
      const char *link, *title, *section;
      gint64 id, featured;

      if (post == NULL ||
          !get_int (self, post, "id", &id, error) ||
          !get_string (self, post, "link", &link, error) ||
          !get_raw (self, post, "title", &title, error) ||
          !get_int (self, post, "featured_media", &featured, error) ||
          (categories = get_int_array (self, post, "categories", error)) == NULL)
        return NULL;

      id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      byline_story_ref_set_cms_id (ref, id_str);
      byline_story_ref_set_url (ref, link);
      byline_story_ref_set_headline (ref, title);
      section = first_term_name (names, categories);
      byline_story_ref_set_section (ref, section != NULL ? section : "");
      if (featured > 0)
        {
          g_autoptr(BylineImage) image = fetch_media (self, featured, cancellable, error);

          if (image == NULL)
            return NULL;
          byline_story_ref_set_image (ref, image);
        }
      g_hash_table_replace (by_id, g_memdup2 (&id, sizeof id), g_steal_pointer (&ref));
    }

  /* In the order the article keeps them; a deleted story drops out. */
  for (guint i = 0; i < ids->len; i++)
    {
      BylineStoryRef *ref = g_hash_table_lookup (by_id, &g_array_index (ids, gint64, i));

      if (ref != NULL)
        g_ptr_array_add (refs, g_object_ref (ref));
    }

  return g_steal_pointer (&refs);
}

/* Live references: every target in one include= query, whatever its
 * status, so a trashed or private post is told apart from one deleted
 * for good (which is simply not in the answer). */
static GPtrArray *
lookup_stories_sync (BylineWpCms         *self,
                     const char * const  *remote_ids,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *include = NULL;
  g_autofree char *query = NULL;
  g_autoptr(JsonNode) root = NULL;
  Call call = { "GET", "/wp/v2/posts", NULL, };
  JsonArray *array;

  if (!ensure_discovered (self, cancellable, error))
    return NULL;

  for (guint i = 0; remote_ids[i] != NULL; i++)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (remote_ids[i], &end, 10);

      /* Not a WordPress id: nothing this site can answer for. */
      if (id > 0 && end != NULL && *end == '\0' && ids->len < 100)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return g_steal_pointer (&refs);

  include = ids_to_query (ids);
  query = g_strdup_printf ("context=edit&per_page=100&status=publish,future,draft,pending,private,trash"
                           "&_fields=id,link,title,status,categories,featured_media&include=%s", include);
  call.query = query;
  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  if (root == NULL || (array = expect_array (self, root, "the related posts", error)) == NULL ||
      (names = fetch_category_names (self, array, cancellable, error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *post = expect_object (self, json_array_get_element (array, i), "a related post", error);
      g_autoptr(BylineStoryRef) ref = byline_story_ref_new ();
      g_autoptr(GArray) categories = NULL;
      g_autofree char *id_str = NULL;
      const char *link, *title, *section, *status;
      BylineTargetState state;
      gint64 id, featured;

      if (post == NULL ||
          !get_int (self, post, "id", &id, error) ||
          !get_string (self, post, "link", &link, error) ||
          !get_raw (self, post, "title", &title, error) ||
          !get_string (self, post, "status", &status, error) ||
          !get_int (self, post, "featured_media", &featured, error) ||
          (categories = get_int_array (self, post, "categories", error)) == NULL)
        return NULL;

      if (g_strcmp0 (status, "publish") == 0 || g_strcmp0 (status, "future") == 0)
        state = BYLINE_TARGET_STATE_OK;
      else if (g_strcmp0 (status, "trash") == 0)
        state = BYLINE_TARGET_STATE_DELETED;
      else
        state = BYLINE_TARGET_STATE_NOT_PUBLIC;

      id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      byline_story_ref_set_cms_id (ref, id_str);
      byline_story_ref_set_url (ref, link);
      byline_story_ref_set_headline (ref, title);
      section = first_term_name (names, categories);
      byline_story_ref_set_section (ref, section != NULL ? section : "");
      if (featured > 0)
        {
          g_autoptr(GError) media_error = NULL;
          g_autoptr(BylineImage) image = fetch_media (self, featured, cancellable, &media_error);

          /* A photo deleted from the library leaves the story without
           * one; anything else fails the check. */
          if (image == NULL && !g_error_matches (media_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&media_error));
              return NULL;
            }
          byline_story_ref_set_image (ref, image);
        }
      byline_story_ref_set_target (ref, state, NULL);
      g_ptr_array_add (refs, g_steal_pointer (&ref));
    }

  return g_steal_pointer (&refs);
}

static char *
version_of (BylineWpCms        *self,
            SoupMessageHeaders *headers,
            const char         *modified_gmt)
{
  const char *etag = headers != NULL ? soup_message_headers_get_one (headers, "ETag") : NULL;

  if (etag != NULL && has_companion (self))
    return g_strdup (etag);
  return g_strdup (modified_gmt);
}

/* The companion's article meta, each key only when the site sent it: a key
 * the site does not know leaves the field as it is, and the backend
 * remembers whether the site keeps them. */
static gboolean
read_article_meta (BylineWpCms    *self,
                   JsonObject     *meta,
                   BylineArticle  *article,
                   GError        **error)
{
  gboolean all = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (meta_fields); i++)
    {
      const char *value;

      if (!json_object_has_member (meta, meta_fields[i].meta_key))
        {
          all = FALSE;
          continue;
        }
      if (!get_string (self, meta, meta_fields[i].meta_key, &value, error))
        return FALSE;
      /* An empty language is not a language: keep the default. */
      if (*value == '\0' && g_str_equal (meta_fields[i].property, "language"))
        continue;
      g_object_set (article, meta_fields[i].property, value, NULL);
    }

  g_mutex_lock (&self->lock);
  self->article_meta = all;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
keeps_article_meta (BylineWpCms *self)
{
  gboolean ret;

  g_mutex_lock (&self->lock);
  ret = self->companion && self->article_meta;
  g_mutex_unlock (&self->lock);
  return ret;
}

void
byline_wp_post_clear (BylineWpPost *post)
{
  g_clear_pointer (&post->categories, g_array_unref);
  g_clear_pointer (&post->tags, g_array_unref);
  g_clear_pointer (&post->related_ids, g_array_unref);
  g_clear_pointer (&post->blocks, g_ptr_array_unref);
  g_clear_pointer (&post->content_related, g_ptr_array_unref);
  g_clear_pointer (&post->media_ids, g_hash_table_unref);
  memset (post, 0, sizeof *post);
}

gboolean
byline_wp_cms_parse_post (BylineWpCms   *self,
                          JsonNode      *root,
                          BylineWpPost  *out,
                          GError       **error)
{
  g_auto(BylineWpPost) post = { 0, };
  const char *status_str;
  JsonObject *object;

  post.media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((object = expect_object (self, root, "the post", error)) == NULL ||
      !get_raw (self, object, "title", &post.title, error) ||
      !get_raw (self, object, "content", &post.content, error) ||
      !get_raw (self, object, "excerpt", &post.excerpt, error) ||
      !get_string (self, object, "status", &status_str, error) ||
      !get_string (self, object, "modified_gmt", &post.modified_gmt, error) ||
      !get_int (self, object, "featured_media", &post.featured, error) ||
      (post.categories = get_int_array (self, object, "categories", error)) == NULL ||
      (post.tags = get_int_array (self, object, "tags", error)) == NULL)
    return FALSE;
  if (json_object_has_member (object, "slug") &&
      !get_string (self, object, "slug", &post.slug, error))
    return FALSE;
  if (json_object_has_member (object, "date_gmt") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "date_gmt")) &&
      !get_string (self, object, "date_gmt", &post.date_gmt, error))
    return FALSE;
  if (!status_from_wp (status_str, &post.status))
    {
      g_propagate_error (error, bad_response (self, "unknown post status “%s”", status_str));
      return FALSE;
    }

  post.blocks = byline_wp_blocks_parse (post.content, -1, &post.content_related, post.media_ids, error);
  if (post.blocks == NULL)
    return FALSE;

  if (has_companion (self) && json_object_has_member (object, "meta"))
    {
      JsonObject *meta = expect_object (self, json_object_get_member (object, "meta"), "“meta”", error);

      if (meta == NULL)
        return FALSE;
      post.meta = meta;
      if (json_object_has_member (meta, RELATED_META) &&
          (post.related_ids = get_int_array (self, meta, RELATED_META, error)) == NULL)
        return FALSE;
    }

  *out = post;
  memset (&post, 0, sizeof post);
  return TRUE;
}

static BylineArticle *
fetch_sync (BylineWpCms   *self,
            const char    *remote_id,
            char         **version,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", remote_id);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_auto(BylineWpPost) post = { 0, };
  g_autoptr(GHashTable) category_names = NULL;
  g_autoptr(GHashTable) tag_names = NULL;
  g_autoptr(GPtrArray) related = NULL;
  g_autoptr(GPtrArray) tag_list = g_ptr_array_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  Call call = { "GET", route, "context=edit", };
  const char *section;

  if (!ensure_discovered (self, cancellable, error))
    return NULL;

  root = wp_call (self, &call, &headers, NULL, cancellable, error);
  if (root == NULL || !byline_wp_cms_parse_post (self, root, &post, error))
    return NULL;

  if (post.meta != NULL && !read_article_meta (self, post.meta, article, error))
    return NULL;
  if (post.related_ids != NULL &&
      (related = fetch_related (self, post.related_ids, cancellable, error)) == NULL)
    return NULL;

  if ((category_names = fetch_terms (self, "categories", post.categories, cancellable, error)) == NULL ||
      (tag_names = fetch_terms (self, "tags", post.tags, cancellable, error)) == NULL)
    return NULL;

  byline_article_set_headline (article, post.title);
  /* A slug the title would make anyway stays "follows the headline" */
  if (post.slug != NULL)
    {
      g_autofree char *derived = byline_slug_from_text (post.title);

      byline_article_set_slug (article, g_str_equal (post.slug, derived) ? "" : post.slug);
    }
  byline_article_set_standfirst (article, post.excerpt);
  byline_article_set_status (article, post.status);
  /* Only a scheduled post's date says when it goes out; a draft's is
   * whatever WordPress filled in. */
  if (post.status == BYLINE_ARTICLE_STATUS_SCHEDULED && post.date_gmt != NULL)
    {
      g_autoptr(GDateTime) scheduled_for = parse_gmt (post.date_gmt);

      byline_article_set_scheduled_for (article, scheduled_for);
    }
  section = first_term_name (category_names, post.categories);
  byline_article_set_section (article, section != NULL ? section : "");
  for (guint i = 0; i < post.tags->len; i++)
    {
      const char *name = g_hash_table_lookup (tag_names, &g_array_index (post.tags, gint64, i));

      if (name != NULL)
        g_ptr_array_add (tag_list, (char *) name);
    }
  g_ptr_array_add (tag_list, NULL);
  byline_article_set_tags (article, (const char * const *) tag_list->pdata);

  if (post.featured > 0)
    {
      g_autoptr(BylineImage) lead = fetch_media (self, post.featured, cancellable, error);

      if (lead == NULL)
        return NULL;
      byline_article_set_lead_image (article, lead);
    }

  byline_article_splice_body (article, 0, byline_article_get_n_blocks (article),
                              (BylineBlock * const *) post.blocks->pdata, post.blocks->len);

  if (related == NULL)
    related = g_steal_pointer (&post.content_related);
  for (guint i = 0; related != NULL && i < related->len; i++)
    byline_article_insert_related (article, i, g_ptr_array_index (related, i));

  g_mutex_lock (&self->lock);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, post.media_ids);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_replace (self->media_by_url, g_strdup (key), g_strdup (value));
  }
  g_mutex_unlock (&self->lock);

  created = parse_gmt (post.date_gmt);
  if (created != NULL)
    byline_article_set_created (article, created);
  modified = parse_gmt (post.modified_gmt);
  if (modified != NULL)
    byline_article_set_modified (article, modified);

  *version = version_of (self, headers, post.modified_gmt);
  return g_steal_pointer (&article);
}

/* ------------------------------------------------------------------ */
/* Push                                                                 */

typedef struct
{
  BylineWpCms  *self;
  GCancellable *cancellable;
} MediaClosure;

static gboolean
media_for_body (BylineImage  *image,
                gint64       *media_id,
                char        **url,
                gpointer      user_data,
                GError      **error)
{
  MediaClosure *closure = user_data;

  return resolve_image (closure->self, image, FALSE, media_id, url, closure->cancellable, error);
}

typedef struct
{
  BylineArticle *article;   /* a private copy */
  char          *remote_id;
  char          *version;
  char          *new_remote_id;
  char          *new_version;
} PushData;

static void
push_data_free (gpointer data)
{
  PushData *push = data;

  g_clear_object (&push->article);
  g_free (push->remote_id);
  g_free (push->version);
  g_free (push->new_remote_id);
  g_free (push->new_version);
  g_free (push);
}

static gboolean
is_etag (const char *version)
{
  return version != NULL && (version[0] == '"' || g_str_has_prefix (version, "W/"));
}

/* Without the companion plugin WordPress writes whatever it gets: look at
 * the post right before writing and refuse if it moved. */
static gboolean
check_fresh (BylineWpCms   *self,
             const char    *remote_id,
             const char    *version,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", remote_id);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *current = NULL;
  Call call = { "GET", route, "context=edit&_fields=id,modified_gmt", };
  const char *modified_gmt;
  JsonObject *post;

  root = wp_call (self, &call, &headers, NULL, cancellable, error);
  if (root == NULL ||
      (post = expect_object (self, root, "the post", error)) == NULL ||
      !get_string (self, post, "modified_gmt", &modified_gmt, error))
    return FALSE;

  current = is_etag (version) ? g_strdup (soup_message_headers_get_one (headers, "ETag"))
                              : g_strdup (modified_gmt);
  if (g_strcmp0 (current, version) != 0)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE,
                   _("Someone changed this article on %s since Byline last synced it"),
                   self->host);
      return FALSE;
    }
  return TRUE;
}

static void
add_int_array (JsonBuilder *builder,
               const char  *member,
               GArray      *ids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

/* The post an earlier create of this article already made, found by the
 * companion through the client key (the article's id, sent as post meta
 * with the create): a create whose answer never arrived must not make
 * the story a second time when it is retried.  *found is 0 when there is
 * none, or when the companion is older than the client key (no route). */
static gboolean
find_by_client_key (BylineWpCms   *self,
                    const char    *key,
                    gint64        *found,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/%s/client-key/%s", COMPANION_NAMESPACE, key);
  Call call = { "GET", route, NULL, NULL, NULL, NULL, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *ids;
  JsonNode *first;

  *found = 0;
  root = wp_call (self, &call, NULL, NULL, cancellable, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if ((object = expect_object (self, root, "the client key's posts", error)) == NULL ||
      (ids = expect_array (self, json_object_get_member (object, "ids"), "“ids”", error)) == NULL)
    return FALSE;
  if (json_array_get_length (ids) == 0)
    return TRUE;
  first = json_array_get_element (ids, 0);
  if (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_INT64 ||
      json_node_get_int (first) <= 0)
    {
      g_propagate_error (error, bad_response (self, "a post id of the client key is %s, "
                                              "expected a whole number", json_type_name (first)));
      return FALSE;
    }
  *found = json_node_get_int (first);
  return TRUE;
}

static gboolean
push_sync (BylineWpCms   *self,
           PushData      *push,
           GCancellable  *cancellable,
           GError       **error)
{
  BylineArticle *article = push->article;
  MediaClosure closure = { self, cancellable };
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) related_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *content = NULL;
  g_autofree char *route = NULL;
  g_autofree char *lead_url = NULL;
  const char *section = byline_article_get_section (article);
  const char * const *tags = byline_article_get_tags (article);
  BylineImage *lead = byline_article_get_lead_image (article);
  GListModel *related = byline_article_get_related (article);
  g_autofree char *slug = byline_article_dup_effective_slug (article);
  gboolean companion;
  gint64 featured = 0, answered_featured, id;
  const char *modified_gmt;
  JsonObject *post;
  /* Only what is read back: WordPress then skips rendering the content
   * and the excerpt, and the links, for an answer nobody reads. */
  Call call = { "POST", NULL, "context=edit&_fields=id,modified_gmt,featured_media,meta",
                NULL, "application/json", };
  GDateTime *scheduled_for = byline_article_get_scheduled_for (article);
  BylineArticleStatus status = byline_article_get_status (article);

  /* WordPress would publish a "future" post without a date at once. */
  if (status == BYLINE_ARTICLE_STATUS_SCHEDULED && scheduled_for == NULL)
    {
      g_set_error_literal (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                           _("Set when the story should be published: it is scheduled, "
                             "but has no publication date and time."));
      return FALSE;
    }

  if (push->remote_id != NULL && push->version == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("Byline will not overwrite the article on %s without knowing which "
                     "version it last saw"), self->host);
      return FALSE;
    }

  if (!ensure_discovered (self, cancellable, error))
    return FALSE;
  companion = has_companion (self);

  /* Media and terms first: the post is written once, complete. */
  if (lead != NULL && !resolve_image (self, lead, TRUE, &featured, &lead_url, cancellable, error))
    return FALSE;

  for (guint i = 0; i < byline_article_get_n_blocks (article); i++)
    g_ptr_array_add (blocks, g_object_ref (byline_article_get_block (article, i)));
  content = byline_wp_blocks_serialize ((BylineBlock * const *) blocks->pdata, blocks->len,
                                        companion ? NULL : related, media_for_body, &closure, error);
  if (content == NULL)
    return FALSE;

  if (section != NULL && *section != '\0')
    {
      gint64 term_id;

      if (!ensure_term (self, "categories", section, &term_id, cancellable, error))
        return FALSE;
      g_array_append_val (categories, term_id);
    }
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      gint64 term_id;

      if (*tags[i] == '\0')
        continue;
      if (!ensure_term (self, "tags", tags[i], &term_id, cancellable, error))
        return FALSE;
      g_array_append_val (tag_ids, term_id);
    }
  for (guint i = 0; i < g_list_model_get_n_items (related); i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);
      const char *cms_id = byline_story_ref_get_cms_id (ref);
      guint64 related_id;

      if (cms_id != NULL && g_ascii_string_to_unsigned (cms_id, 10, 1, G_MAXINT64, &related_id, NULL))
        {
          gint64 value = (gint64) related_id;
          g_array_append_val (related_ids, value);
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, byline_article_get_headline (article));
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "excerpt");
  json_builder_add_string_value (builder, byline_article_get_standfirst (article));
  /* The slug the headline makes, or the one set by hand */
  json_builder_set_member_name (builder, "slug");
  json_builder_add_string_value (builder, slug);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_to_wp (status));
  if (scheduled_for != NULL &&
      (status == BYLINE_ARTICLE_STATUS_SCHEDULED || status == BYLINE_ARTICLE_STATUS_PUBLISHED))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *date_gmt = NULL;

      /* Scheduled: that time.  Published after being scheduled: now, or
       * the time it already went out, so WordPress does not keep a
       * future date and hold the story back. */
      when = g_date_time_to_utc (status == BYLINE_ARTICLE_STATUS_PUBLISHED &&
                                 g_date_time_compare (scheduled_for, now) > 0
                                 ? now : scheduled_for);
      date_gmt = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S");
      json_builder_set_member_name (builder, "date_gmt");
      json_builder_add_string_value (builder, date_gmt);
    }
  add_int_array (builder, "categories", categories);
  add_int_array (builder, "tags", tag_ids);
  json_builder_set_member_name (builder, "featured_media");
  json_builder_add_int_value (builder, featured);
  if (companion)
    {
      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      add_int_array (builder, RELATED_META, related_ids);
      /* Only with a create: the key names the article that made the post
       * (a copy opened from the site elsewhere has an id of its own). */
      if (push->remote_id == NULL)
        {
          json_builder_set_member_name (builder, CLIENT_KEY_META);
          json_builder_add_string_value (builder, byline_article_get_id (article));
        }
      /* An older companion drops these silently; they stay in Byline. */
      for (guint i = 0; i < G_N_ELEMENTS (meta_fields); i++)
        {
          g_autofree char *value = NULL;

          g_object_get (article, meta_fields[i].property, &value, NULL);
          json_builder_set_member_name (builder, meta_fields[i].meta_key);
          json_builder_add_string_value (builder, value != NULL ? value : "");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_body (builder);

  if (push->remote_id != NULL)
    {
      route = g_strdup_printf ("/wp/v2/posts/%s", push->remote_id);
      if (companion && is_etag (push->version))
        call.if_match = push->version;
      else if (!check_fresh (self, push->remote_id, push->version, cancellable, error))
        return FALSE;
    }
  else
    {
      gint64 existing = 0;

      /* Created before, but the answer was lost (Byline was killed, the
       * network went): that post is this article, which Byline never
       * saw, so it is written over as the create would have written it. */
      if (companion &&
          !find_by_client_key (self, byline_article_get_id (article), &existing, cancellable, error))
        return FALSE;
      if (existing > 0)
        {
          g_debug ("Post %" G_GINT64_FORMAT " already carries the client key %s: "
                   "updating it instead of creating the article again",
                   existing, byline_article_get_id (article));
          route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, existing);
        }
      else
        route = g_strdup ("/wp/v2/posts");
    }

  call.route = route;
  call.body = body;
  root = wp_call (self, &call, &headers, NULL, cancellable, error);
  if (root == NULL ||
      (post = expect_object (self, root, "the saved post", error)) == NULL ||
      !get_int (self, post, "id", &id, error) ||
      !get_string (self, post, "modified_gmt", &modified_gmt, error) ||
      !get_int (self, post, "featured_media", &answered_featured, error))
    return FALSE;

  push->new_remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  push->new_version = version_of (self, headers, modified_gmt);

  if (companion && json_object_has_member (post, "meta"))
    {
      g_autoptr(BylineArticle) scratch = byline_article_new ();
      JsonObject *meta = expect_object (self, json_object_get_member (post, "meta"), "“meta”", error);

      if (meta == NULL || !read_article_meta (self, meta, scratch, error))
        return FALSE;
    }

  /* WordPress ignores a featured image it cannot find and answers 200. */
  if (answered_featured != featured)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("%s saved the article but did not take its lead image "
                     "(media %lld)"), self->host, (long long) featured);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Delete                                                               */

typedef struct
{
  char *remote_id;
  char *version;
} DeleteData;

static void
delete_data_free (gpointer data)
{
  DeleteData *delete = data;

  g_free (delete->remote_id);
  g_free (delete->version);
  g_free (delete);
}

/* Moves the post to WordPress's trash (no force: it can be restored
 * there), only when nobody changed it since Byline's last sync: core
 * WordPress deletes unconditionally, so the post is looked at right
 * before, and with the companion the DELETE carries If-Match too. */
static gboolean
delete_sync (BylineWpCms   *self,
             DeleteData    *delete,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", delete->remote_id);
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autofree char *current_version = NULL;
  Call check = { "GET", route, "context=edit&_fields=id,modified_gmt,status", };
  Call call = { "DELETE", route, NULL, };
  const char *modified_gmt, *status;
  JsonObject *post;

  if (delete->version == NULL)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   _("Byline will not delete the article on %s without knowing which "
                     "version it last saw"), self->host);
      return FALSE;
    }

  if (!ensure_discovered (self, cancellable, error))
    return FALSE;

  current = wp_call (self, &check, &headers, NULL, cancellable, error);
  if (current == NULL ||
      (post = expect_object (self, current, "the post", error)) == NULL ||
      !get_string (self, post, "modified_gmt", &modified_gmt, error) ||
      !get_string (self, post, "status", &status, error))
    return FALSE;

  /* Someone put it in the trash on the site already: nothing to do. */
  if (g_str_equal (status, "trash"))
    return TRUE;

  current_version = is_etag (delete->version)
                    ? g_strdup (soup_message_headers_get_one (headers, "ETag"))
                    : g_strdup (modified_gmt);
  if (g_strcmp0 (current_version, delete->version) != 0)
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_STALE,
                   _("Someone changed this article on %s since Byline last synced it"),
                   self->host);
      return FALSE;
    }

  if (has_companion (self) && is_etag (delete->version))
    call.if_match = delete->version;
  root = wp_call (self, &call, NULL, NULL, cancellable, error);
  return root != NULL && expect_object (self, root, "the deleted post", error) != NULL;
}

/* ------------------------------------------------------------------ */
/* BylineCms                                                            */

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  BylineCmsIdentity *identity = verify_sync (source_object, cancellable, &error);

  if (identity == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, identity, (GDestroyNotify) byline_cms_identity_free);
}

static void
byline_wp_cms_verify_account_async (BylineCms           *cms,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);

  g_task_set_source_tag (task, byline_wp_cms_verify_account_async);
  g_task_run_in_thread (task, verify_thread);
}

static BylineCmsIdentity *
byline_wp_cms_verify_account_finish (BylineCms     *cms,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cms), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *items = list_sync (source_object, task_data, cancellable, &error);

  if (items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
lookup_stories_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *refs = lookup_stories_sync (source_object, task_data, cancellable, &error);

  if (refs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, refs, (GDestroyNotify) g_ptr_array_unref);
}

static void
byline_wp_cms_lookup_stories_async (BylineCms           *cms,
                                    const char * const  *remote_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);

  g_task_set_source_tag (task, byline_wp_cms_lookup_stories_async);
  g_task_set_task_data (task, g_strdupv ((char **) remote_ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, lookup_stories_thread);
}

static GPtrArray *
byline_wp_cms_lookup_stories_finish (BylineCms     *cms,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cms), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A story's image: from this site only (the host of its address, over
 * the same scheme), without the password (uploads are public) and never
 * following a redirect, within the answer size limit. */
static GBytes *
fetch_image_sync (BylineWpCms   *self,
                  const char    *url,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) site = self->site_url ? g_uri_parse (self->site_url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  TlsState tls = { 0, };
  guint status;

  if (uri == NULL || site == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), g_uri_get_scheme (site)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (uri) ? g_uri_get_host (uri) : "",
                          g_uri_get_host (site) ? g_uri_get_host (site) : "") != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (site))
    {
      g_set_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                   "%s is not an image of %s", url, self->host);
      return NULL;
    }

  msg = soup_message_new_from_uri ("GET", uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "image/jpeg, image/png, image/webp");
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), &tls);
  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  g_signal_handlers_disconnect_by_data (msg, &tls);
  if (stream == NULL)
    {
      g_propagate_error (error, transport_error (self, local_error, tls.tls_errors));
      return NULL;
    }

  status = soup_message_get_status (msg);
  body = read_body (self, msg, stream, cancellable, error);
  g_input_stream_close (stream, NULL, NULL);
  if (body == NULL)
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, BYLINE_CMS_ERROR,
                   status == SOUP_STATUS_NOT_FOUND ? BYLINE_CMS_ERROR_NOT_FOUND : BYLINE_CMS_ERROR_INVALID_REQUEST,
                   "%s answered %u for %s", self->host, status, url);
      return NULL;
    }

  return g_steal_pointer (&body);
}

static void
fetch_image_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = fetch_image_sync (source_object, task_data, cancellable, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
byline_wp_cms_fetch_image_async (BylineCms           *cms,
                                 const char          *url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);

  g_task_set_source_tag (task, byline_wp_cms_fetch_image_async);
  g_task_set_task_data (task, g_strdup (url), g_free);
  g_task_run_in_thread (task, fetch_image_thread);
}

static GBytes *
byline_wp_cms_fetch_image_finish (BylineCms     *cms,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cms), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
byline_wp_cms_list_async (BylineCms             *cms,
                          const char            *search,
                          BylineCmsStatusFilter  statuses,
                          guint                  page,
                          guint                  per_page,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  data->search = g_strdup (search);
  data->statuses = statuses;
  data->page = page;
  data->per_page = per_page;
  g_task_set_source_tag (task, byline_wp_cms_list_async);
  g_task_set_task_data (task, data, list_data_free);
  g_task_run_in_thread (task, list_thread);
}

static GPtrArray *
byline_wp_cms_list_finish (BylineCms     *cms,
                           GAsyncResult  *result,
                           guint         *total,
                           guint         *total_pages,
                           GError       **error)
{
  ListData *data;
  GPtrArray *items;

  g_return_val_if_fail (g_task_is_valid (result, cms), NULL);

  items = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (total != NULL)
    *total = items != NULL ? data->total : 0;
  if (total_pages != NULL)
    *total_pages = items != NULL ? data->total_pages : 0;
  return items;
}

typedef struct
{
  char *remote_id;
  char *version;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  g_free (fetch->remote_id);
  g_free (fetch->version);
  g_free (fetch);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;
  BylineArticle *article = fetch_sync (source_object, data->remote_id, &data->version,
                                       cancellable, &error);

  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

static gboolean
valid_remote_id (const char *remote_id)
{
  guint64 id;

  return remote_id != NULL && g_ascii_string_to_unsigned (remote_id, 10, 1, G_MAXINT64, &id, NULL);
}

static void
byline_wp_cms_fetch_async (BylineCms           *cms,
                           const char          *remote_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  g_task_set_source_tag (task, byline_wp_cms_fetch_async);
  if (!valid_remote_id (remote_id))
    {
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               _("“%s” is not a WordPress post id"), remote_id);
      fetch_data_free (data);
      return;
    }
  data->remote_id = g_strdup (remote_id);
  g_task_set_task_data (task, data, fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

static BylineArticle *
byline_wp_cms_fetch_finish (BylineCms     *cms,
                            GAsyncResult  *result,
                            char         **version,
                            GError       **error)
{
  BylineArticle *article;
  FetchData *data;

  g_return_val_if_fail (g_task_is_valid (result, cms), NULL);

  article = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (version != NULL)
    *version = article != NULL && data != NULL ? g_strdup (data->version) : NULL;
  return article;
}

static void
push_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (push_sync (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
byline_wp_cms_push_async (BylineCms           *cms,
                          BylineArticle       *article,
                          const char          *remote_id,
                          const char          *version,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  PushData *data = g_new0 (PushData, 1);

  g_task_set_source_tag (task, byline_wp_cms_push_async);
  g_task_set_task_data (task, data, push_data_free);
  if (remote_id != NULL && !valid_remote_id (remote_id))
    {
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               _("“%s” is not a WordPress post id"), remote_id);
      return;
    }

  /* The worker reads its own copy: the journalist keeps typing. */
  data->article = byline_article_copy (article);
  data->remote_id = g_strdup (remote_id);
  data->version = g_strdup (version);
  g_task_run_in_thread (task, push_thread);
}

static gboolean
byline_wp_cms_push_finish (BylineCms     *cms,
                           GAsyncResult  *result,
                           char         **remote_id,
                           char         **version,
                           GError       **error)
{
  PushData *data;

  g_return_val_if_fail (g_task_is_valid (result, cms), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (remote_id != NULL)
    *remote_id = g_strdup (data->new_remote_id);
  if (version != NULL)
    *version = g_strdup (data->new_version);
  return TRUE;
}

typedef struct
{
  BylineImage *image;
  char        *media_id;
  char        *url;
} UploadData;

static void
upload_data_free (gpointer data)
{
  UploadData *upload = data;

  g_clear_object (&upload->image);
  g_free (upload->media_id);
  g_free (upload->url);
  g_free (upload);
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BylineWpCms *self = source_object;
  UploadData *data = task_data;
  GError *error = NULL;
  gint64 media_id = 0;

  if (!ensure_discovered (self, cancellable, &error) ||
      !resolve_image (self, data->image, TRUE, &media_id, &data->url, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (media_id <= 0)
    {
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               _("The image at %s is not in the media library of %s"),
                               data->url, self->host);
      return;
    }
  data->media_id = g_strdup_printf ("%" G_GINT64_FORMAT, media_id);
  g_task_return_boolean (task, TRUE);
}

static void
byline_wp_cms_upload_media_async (BylineCms           *cms,
                                  BylineImage         *image,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  UploadData *data = g_new0 (UploadData, 1);

  data->image = byline_image_copy (image);
  g_task_set_source_tag (task, byline_wp_cms_upload_media_async);
  g_task_set_task_data (task, data, upload_data_free);
  g_task_run_in_thread (task, upload_thread);
}

static gboolean
byline_wp_cms_upload_media_finish (BylineCms     *cms,
                                   GAsyncResult  *result,
                                   char         **media_id,
                                   char         **url,
                                   GError       **error)
{
  UploadData *data;

  g_return_val_if_fail (g_task_is_valid (result, cms), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  if (media_id != NULL)
    *media_id = g_strdup (data->media_id);
  if (url != NULL)
    *url = g_strdup (data->url);
  return TRUE;
}

static const char * const *
byline_wp_cms_get_local_fields (BylineCms *cms)
{
  return keeps_article_meta (BYLINE_WP_CMS (cms)) ? local_fields_with_meta
                                                  : local_fields_without_meta;
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (delete_sync (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
byline_wp_cms_delete_async (BylineCms           *cms,
                            const char          *remote_id,
                            const char          *version,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  DeleteData *data;

  g_task_set_source_tag (task, byline_wp_cms_delete_async);
  if (!valid_remote_id (remote_id))
    {
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_INVALID_REQUEST,
                               _("“%s” is not a WordPress post id"), remote_id);
      return;
    }
  data = g_new0 (DeleteData, 1);
  data->remote_id = g_strdup (remote_id);
  data->version = g_strdup (version);
  g_task_set_task_data (task, data, delete_data_free);
  g_task_run_in_thread (task, delete_thread);
}

static gboolean
byline_wp_cms_delete_finish (BylineCms     *cms,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, cms), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
byline_wp_cms_iface_init (BylineCmsInterface *iface)
{
  iface->verify_account_async = byline_wp_cms_verify_account_async;
  iface->verify_account_finish = byline_wp_cms_verify_account_finish;
  iface->list_async = byline_wp_cms_list_async;
  iface->list_finish = byline_wp_cms_list_finish;
  iface->fetch_async = byline_wp_cms_fetch_async;
  iface->fetch_finish = byline_wp_cms_fetch_finish;
  iface->push_async = byline_wp_cms_push_async;
  iface->push_finish = byline_wp_cms_push_finish;
  iface->upload_media_async = byline_wp_cms_upload_media_async;
  iface->upload_media_finish = byline_wp_cms_upload_media_finish;
  iface->delete_async = byline_wp_cms_delete_async;
  iface->delete_finish = byline_wp_cms_delete_finish;
  iface->get_local_fields = byline_wp_cms_get_local_fields;
  iface->lookup_stories_async = byline_wp_cms_lookup_stories_async;
  iface->lookup_stories_finish = byline_wp_cms_lookup_stories_finish;
  iface->fetch_image_async = byline_wp_cms_fetch_image_async;
  iface->fetch_image_finish = byline_wp_cms_fetch_image_finish;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
set_password (BylineWpCms *self,
              const char  *password)
{
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  g_clear_pointer (&self->auth, g_free);
  if (password == NULL)
    return;

  credentials = g_strdup_printf ("%s:%s", self->user != NULL ? self->user : "", password);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  self->auth = g_strdup_printf ("Basic %s", encoded);
  /* Do not leave copies of the secret lying in freed memory. */
  memset (credentials, 0, strlen (credentials));
  memset (encoded, 0, strlen (encoded));
}

static void
byline_wp_cms_constructed (GObject *object)
{
  BylineWpCms *self = BYLINE_WP_CMS (object);
  g_autoptr(GUri) uri = NULL;
  GError *error = NULL;

  G_OBJECT_CLASS (byline_wp_cms_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new ();

  if (!byline_wp_cms_check_url (self->site_url, &error))
    {
      self->config_error = error;
      self->host = g_strdup (self->site_url != NULL ? self->site_url : _("the site"));
      return;
    }

  uri = g_uri_parse (self->site_url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (g_uri_get_host (uri));
  while (g_str_has_suffix (self->site_url, "/"))
    self->site_url[strlen (self->site_url) - 1] = '\0';
}

static void
byline_wp_cms_finalize (GObject *object)
{
  BylineWpCms *self = (BylineWpCms *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->site_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->user, g_free);
  if (self->auth != NULL)
    memset (self->auth, 0, strlen (self->auth));
  g_clear_pointer (&self->auth, g_free);
  g_clear_object (&self->media_dir);
  g_clear_error (&self->config_error);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->terms, g_hash_table_unref);
  g_clear_pointer (&self->media_by_hash, g_hash_table_unref);
  g_clear_pointer (&self->media_by_url, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->discover_lock);

  G_OBJECT_CLASS (byline_wp_cms_parent_class)->finalize (object);
}

static void
byline_wp_cms_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BylineWpCms *self = BYLINE_WP_CMS (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_SITE_URL: g_value_set_string (value, self->site_url); break;
    case PROP_USER: g_value_set_string (value, self->user); break;
    case PROP_MEDIA_DIR: g_value_take_object (value, byline_wp_cms_get_media_dir (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_wp_cms_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BylineWpCms *self = BYLINE_WP_CMS (object);

  switch (prop_id)
    {
    case PROP_SESSION: self->session = g_value_dup_object (value); break;
    case PROP_SITE_URL: self->site_url = g_value_dup_string (value); break;
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    case PROP_PASSWORD:
      /* Construct properties are set in order of installation: user first. */
      set_password (self, g_value_get_string (value));
      break;
    case PROP_MEDIA_DIR: byline_wp_cms_set_media_dir (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_wp_cms_class_init (BylineWpCmsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_wp_cms_constructed;
  object_class->finalize = byline_wp_cms_finalize;
  object_class->get_property = byline_wp_cms_get_property;
  object_class->set_property = byline_wp_cms_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEDIA_DIR] =
    g_param_spec_object ("media-dir", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_wp_cms_init (BylineWpCms *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->discover_lock);
  self->pretty = TRUE;
  self->terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->media_by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->media_by_url = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BylineWpCms *
byline_wp_cms_new (SoupSession  *session,
                   const char   *site_url,
                   const char   *user,
                   const char   *password,
                   GError      **error)
{
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!byline_wp_cms_check_url (site_url, error))
    return NULL;

  return g_object_new (BYLINE_TYPE_WP_CMS,
                       "session", session,
                       "site-url", site_url,
                       "user", user,
                       "password", password,
                       NULL);
}

const char *
byline_wp_cms_get_site_url (BylineWpCms *self)
{
  g_return_val_if_fail (BYLINE_IS_WP_CMS (self), NULL);
  return self->site_url;
}

const char *
byline_wp_cms_get_user (BylineWpCms *self)
{
  g_return_val_if_fail (BYLINE_IS_WP_CMS (self), NULL);
  return self->user;
}

GFile *
byline_wp_cms_get_media_dir (BylineWpCms *self)
{
  GFile *ret;

  g_return_val_if_fail (BYLINE_IS_WP_CMS (self), NULL);

  g_mutex_lock (&self->lock);
  ret = self->media_dir != NULL ? g_object_ref (self->media_dir) : NULL;
  g_mutex_unlock (&self->lock);
  return ret;
}

void
byline_wp_cms_set_media_dir (BylineWpCms *self,
                             GFile       *media_dir)
{
  gboolean changed;

  g_return_if_fail (BYLINE_IS_WP_CMS (self));
  g_return_if_fail (media_dir == NULL || G_IS_FILE (media_dir));

  g_mutex_lock (&self->lock);
  changed = !(self->media_dir == media_dir ||
              (self->media_dir != NULL && media_dir != NULL && g_file_equal (self->media_dir, media_dir)));
  if (changed)
    g_set_object (&self->media_dir, media_dir);
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_DIR]);
}
