/* test-sync.c: the sync engine against a misbehaving WordPress
 *
 * An in-process SoupServer over TLS (the test certificate in tests/cert/,
 * trusted explicitly by the client's session) that keeps posts in memory
 * and speaks enough of /wp/v2 for Byline: the REST index, users/me, posts
 * (list, fetch, create, update with the companion plugin's If-Match or
 * without it), categories and tags.  Faults are injected into writes.
 * After each fault the local article must be untouched, the state shown
 * right, and once the fault clears the outbox delivers exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "byline-article-format.h"
#include "byline-autosave.h"
#include "byline-merge.h"
#include "byline-store.h"
#include "byline-story-cache.h"
#include "byline-sync-engine.h"
#include "byline-wp-cms.h"

#define ACCOUNT  "desk"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

/* ------------------------------------------------------------------ */
/* A network monitor the test switches                                  */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum { MON_PROP_0, MON_PROP_AVAILABLE, MON_PROP_METERED, MON_PROP_CONNECTIVITY };

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

static gboolean
test_monitor_initable_init_fn (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init_fn;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MON_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MON_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MON_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MON_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MON_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MON_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* ------------------------------------------------------------------ */
/* The server                                                           */

typedef enum
{
  FAULT_NONE,
  FAULT_500,
  FAULT_503,
  FAULT_429,
  FAULT_TIMEOUT,
  FAULT_RESET,
  FAULT_TRUNCATED,
  FAULT_WRONG_TYPES,
  FAULT_401,
  FAULT_412,
} Fault;

typedef struct
{
  gint64  id;
  char   *title;
  char   *content;
  char   *excerpt;
  char   *status;
  char   *date_gmt;   /* NULL: floating (a draft nobody dated) */
  GHashTable *meta;   /* the companion's article meta: key → text */
  guint   modified;   /* seconds after a fixed start: the version */
  gint64  category;   /* 0: none; else one of site_categories */
  gint64  featured;   /* 0: none; else one of site_media */
} Post;

/* The site's categories and images (read-only): id, name or URL. */
static const struct { gint64 id; const char *name; } site_categories[] = {
  { 1, "Uncategorized" }, { 5, "Coast" }, { 6, "City" },
};
static const struct { gint64 id; const char *url; } site_media[] = {
  { 40, "https://gazette.example/wp-content/uploads/quay.jpg" },
  { 41, "https://gazette.example/wp-content/uploads/bus.jpg" },
};

static const char * const meta_keys[] = {
  "byline_seo_title", "byline_social_headline", "byline_language", "byline_author",
};

static void
post_free (gpointer data)
{
  Post *post = data;

  g_free (post->title);
  g_free (post->content);
  g_free (post->excerpt);
  g_free (post->status);
  g_free (post->date_gmt);
  g_clear_pointer (&post->meta, g_hash_table_unref);
  g_free (post);
}

typedef struct
{
  SoupServer       *server;
  char             *url;
  SoupSession      *session;
  BylineWpCms      *cms;
  BylineStore      *store;
  char             *store_dir;
  TestMonitor      *monitor;
  BylineSyncEngine *engine;

  gboolean          companion;
  GPtrArray        *posts;
  gint64            next_id;
  guint             clock;

  Fault             fault;
  guint             faults_left;
  /* Answers to creates held back until the test lets them go */
  gboolean          hold_creates;
  GPtrArray        *held;
  guint             n_faulted;
  guint             n_creates;     /* POST /posts that made a post */
  guint             n_updates;     /* POST /posts/N that changed one */
  guint             n_deletes;     /* DELETE /posts/N that trashed one */
  guint             n_post_requests; /* anything under /wp/v2/posts */
  guint             n_requests;
  guint             n_category_requests;
  guint             n_media_requests;

  /* What the engine said, last first. */
  GPtrArray        *states;        /* "id state message" */
  guint             n_merged;
  guint             n_idle;
  BylineSyncState   last_state;
  char             *last_message;
} Fixture;

static Post *
find_post (Fixture *f,
           gint64   id)
{
  for (guint i = 0; i < f->posts->len; i++)
    {
      Post *post = g_ptr_array_index (f->posts, i);
      if (post->id == id)
        return post;
    }
  return NULL;
}

static char *
post_modified (Post *post)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 5, 1, 8, 0, 0);
  g_autoptr(GDateTime) at = g_date_time_add_seconds (start, post->modified);

  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S");
}

static char *
post_etag (Post *post)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "-%u\"", post->id, post->modified);
}

static void
reply_json_node (SoupServerMessage *msg,
                 guint              status,
                 JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *body = json_to_string (root, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *content_type,
            const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_wp_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_autofree char *json = g_strdup_printf ("{\"code\":\"%s\",\"message\":\"%s\",\"data\":{\"status\":%u}}",
                                           code, message, status);
  reply_text (msg, status, "application/json; charset=UTF-8", json);
}

static void
add_raw (JsonBuilder *builder,
         const char  *member,
         const char  *raw)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "raw");
  json_builder_add_string_value (builder, raw);
  json_builder_end_object (builder);
}

static void
build_post (Fixture     *f,
            JsonBuilder *builder,
            Post        *post)
{
  g_autofree char *modified = post_modified (post);
  g_autofree char *link = g_strdup_printf ("%s/?p=%" G_GINT64_FORMAT, f->url, post->id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, post->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, post->status);
  json_builder_set_member_name (builder, "modified_gmt");
  json_builder_add_string_value (builder, modified);
  json_builder_set_member_name (builder, "date_gmt");
  if (post->date_gmt != NULL)
    json_builder_add_string_value (builder, post->date_gmt);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "link");
  json_builder_add_string_value (builder, link);
  add_raw (builder, "title", post->title);
  add_raw (builder, "content", post->content);
  add_raw (builder, "excerpt", post->excerpt);
  json_builder_set_member_name (builder, "featured_media");
  json_builder_add_int_value (builder, post->featured);
  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, post->category != 0 ? post->category : 1);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  if (f->companion)
    {
      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "byline_related");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (meta_keys); i++)
        {
          const char *value = post->meta ? g_hash_table_lookup (post->meta, meta_keys[i]) : NULL;

          json_builder_set_member_name (builder, meta_keys[i]);
          json_builder_add_string_value (builder, value ? value : "");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
reply_post (Fixture           *f,
            SoupServerMessage *msg,
            guint              status,
            Post              *post)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (f->companion)
    {
      g_autofree char *etag = post_etag (post);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
    }
  build_post (f, builder, post);
  reply_json_node (msg, status, builder);
}

static void
update_from_body (Post              *post,
                  SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, body->data, body->length, NULL));
  object = json_node_get_object (json_parser_get_root (parser));

#define TAKE(field, member)                                                        \
  if (json_object_has_member (object, member))                                     \
    {                                                                              \
      g_free (post->field);                                                        \
      post->field = g_strdup (json_object_get_string_member (object, member));    \
    }
  TAKE (title, "title");
  TAKE (content, "content");
  TAKE (excerpt, "excerpt");
  TAKE (status, "status");
  TAKE (date_gmt, "date_gmt");
#undef TAKE
  /* Registered meta only, as WordPress does (the companion's). */
  if (json_object_has_member (object, "meta"))
    {
      JsonObject *meta = json_object_get_object_member (object, "meta");

      if (post->meta == NULL)
        post->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; i < G_N_ELEMENTS (meta_keys); i++)
        if (json_object_has_member (meta, meta_keys[i]))
          g_hash_table_replace (post->meta, g_strdup (meta_keys[i]),
                                g_strdup (json_object_get_string_member (meta, meta_keys[i])));
    }
}

/* Answers one write with the injected fault instead of doing it. */
static gboolean
inject_fault (Fixture           *f,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (f->fault == FAULT_NONE || f->faults_left == 0)
    return FALSE;
  f->faults_left--;
  f->n_faulted++;

  switch (f->fault)
    {
    case FAULT_500:
      reply_text (msg, 500, "text/html", "<html><body>Internal Server Error</body></html>");
      break;
    case FAULT_503:
      soup_message_headers_replace (headers, "Retry-After", "1");
      reply_text (msg, 503, "text/html", "<html><body>Down for maintenance</body></html>");
      break;
    case FAULT_429:
      soup_message_headers_replace (headers, "Retry-After", "1");
      reply_text (msg, 429, "text/plain", "Too many requests");
      break;
    case FAULT_TIMEOUT:
      /* Never answered: the session's timeout ends it. */
      soup_server_message_pause (msg);
      break;
    case FAULT_RESET:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        const char *partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: 4000\r\n\r\n{\"id\":12,\"stat";

        g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                                   NULL, NULL, NULL);
        g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
        g_io_stream_close (stream, NULL, NULL);
      }
      break;
    case FAULT_TRUNCATED:
      reply_text (msg, 201, "application/json", "{\"id\":12,\"status\":\"dra");
      break;
    case FAULT_WRONG_TYPES:
      reply_text (msg, 201, "application/json",
                  "{\"id\":\"twelve\",\"status\":\"draft\",\"modified_gmt\":\"2024-05-01T08:00:00\","
                  "\"featured_media\":0}");
      break;
    case FAULT_401:
      reply_wp_error (msg, 401, "incorrect_password", "The provided password is an invalid application password.");
      break;
    case FAULT_412:
      reply_wp_error (msg, 412, "byline_stale", "The post was changed since you last read it.");
      break;
    case FAULT_NONE:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
handle_posts (Fixture           *f,
              SoupServerMessage *msg,
              const char        *method,
              const char        *route,
              GHashTable        *query)
{
  const char *rest = route + strlen ("/wp/v2/posts");

  f->n_post_requests++;

  if (*rest == '\0' && strcmp (method, "GET") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GPtrArray) listed = g_ptr_array_new ();
      const char *page_s = query ? g_hash_table_lookup (query, "page") : NULL;
      const char *per_page_s = query ? g_hash_table_lookup (query, "per_page") : NULL;
      guint page = page_s ? (guint) atoi (page_s) : 1;
      guint per_page = per_page_s ? (guint) atoi (per_page_s) : 10;
      guint total;

      /* The trash is not listed unless asked for. */
      for (guint i = 0; i < f->posts->len; i++)
        if (strcmp (((Post *) g_ptr_array_index (f->posts, i))->status, "trash") != 0)
          g_ptr_array_add (listed, g_ptr_array_index (f->posts, i));
      total = listed->len;
      guint pages = (total + per_page - 1) / per_page;
      g_autofree char *total_s = g_strdup_printf ("%u", total);
      g_autofree char *pages_s = g_strdup_printf ("%u", pages);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-Total", total_s);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-WP-TotalPages", pages_s);
      json_builder_begin_array (builder);
      /* Newest first. */
      for (guint i = 0; i < per_page; i++)
        {
          guint n = (page - 1) * per_page + i;
          if (n >= total)
            break;
          build_post (f, builder, g_ptr_array_index (listed, total - 1 - n));
        }
      json_builder_end_array (builder);
      reply_json_node (msg, 200, builder);
      return;
    }

  if (*rest == '\0' && strcmp (method, "POST") == 0)
    {
      Post *post;

      if (inject_fault (f, msg))
        return;
      post = g_new0 (Post, 1);
      post->id = f->next_id++;
      post->title = g_strdup ("");
      post->content = g_strdup ("");
      post->excerpt = g_strdup ("");
      post->status = g_strdup ("draft");
      post->modified = ++f->clock;
      update_from_body (post, msg);
      g_ptr_array_add (f->posts, post);
      f->n_creates++;
      reply_post (f, msg, 201, post);
      if (f->hold_creates)
        {
          soup_server_message_pause (msg);
          g_ptr_array_add (f->held, msg);
        }
      return;
    }

  if (*rest == '/')
    {
      Post *post = find_post (f, g_ascii_strtoll (rest + 1, NULL, 10));

      if (post == NULL)
        {
          reply_wp_error (msg, 404, "rest_post_invalid_id", "Invalid post ID.");
          return;
        }
      if (strcmp (method, "GET") == 0)
        {
          reply_post (f, msg, 200, post);
          return;
        }
      if (strcmp (method, "POST") == 0)
        {
          const char *if_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "If-Match");
          if (inject_fault (f, msg))
            return;
          if (f->companion && if_match != NULL)
            {
              g_autofree char *etag = post_etag (post);
              if (strcmp (etag, if_match) != 0)
                {
                  reply_wp_error (msg, 412, "byline_stale", "The post was changed since you last read it.");
                  return;
                }
            }
          update_from_body (post, msg);
          post->modified = ++f->clock;
          f->n_updates++;
          reply_post (f, msg, 200, post);
          return;
        }
      if (strcmp (method, "DELETE") == 0)
        {
          const char *if_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                               "If-Match");
          if (inject_fault (f, msg))
            return;
          if (strcmp (post->status, "trash") == 0)
            {
              reply_wp_error (msg, 410, "rest_already_trashed", "The post has already been deleted.");
              return;
            }
          if (f->companion && if_match != NULL)
            {
              g_autofree char *etag = post_etag (post);
              if (strcmp (etag, if_match) != 0)
                {
                  reply_wp_error (msg, 412, "byline_stale", "The post was changed since you last read it.");
                  return;
                }
            }
          /* Without force: to the trash, as WordPress does. */
          g_free (post->status);
          post->status = g_strdup ("trash");
          post->modified = ++f->clock;
          f->n_deletes++;
          reply_post (f, msg, 200, post);
          return;
        }
    }

  reply_wp_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.");
}

static gboolean
id_included (GHashTable *query,
             gint64      id)
{
  const char *include = query ? g_hash_table_lookup (query, "include") : NULL;
  g_auto(GStrv) ids = include ? g_strsplit (include, ",", -1) : NULL;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (g_ascii_strtoll (ids[i], NULL, 10) == id)
      return TRUE;
  return FALSE;
}

/* GET /wp/v2/categories?include=… and /wp/v2/media?include=… */
static void
handle_terms_or_media (Fixture           *f,
                       SoupServerMessage *msg,
                       const char        *route,
                       GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  if (strcmp (route, "/wp/v2/categories") == 0)
    {
      f->n_category_requests++;
      for (guint i = 0; i < G_N_ELEMENTS (site_categories); i++)
        {
          g_autofree char *slug = g_ascii_strdown (site_categories[i].name, -1);

          if (!id_included (query, site_categories[i].id))
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, site_categories[i].id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, site_categories[i].name);
          json_builder_set_member_name (builder, "slug");
          json_builder_add_string_value (builder, slug);
          json_builder_end_object (builder);
        }
    }
  else
    {
      f->n_media_requests++;
      for (guint i = 0; i < G_N_ELEMENTS (site_media); i++)
        {
          if (!id_included (query, site_media[i].id))
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, site_media[i].id);
          json_builder_set_member_name (builder, "source_url");
          json_builder_add_string_value (builder, site_media[i].url);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  reply_json_node (msg, 200, builder);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *route;

  if (!g_str_has_prefix (path, "/wp-json"))
    {
      reply_text (msg, 404, "text/html", "<html><body>Page not found</body></html>");
      return;
    }
  route = path + strlen ("/wp-json");
  if (*route == '\0')
    route = "/";
  f->n_requests++;

  if (strcmp (route, "/") == 0)
    reply_text (msg, 200, "application/json",
                f->companion
                ? "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"wp/v2\",\"byline/v1\"]}"
                : "{\"name\":\"Harbour Gazette\",\"namespaces\":[\"wp/v2\"]}");
  else if (strcmp (route, "/wp/v2/users/me") == 0)
    reply_text (msg, 200, "application/json",
                "{\"id\":3,\"name\":\"Eda Marsh\",\"slug\":\"editor\",\"username\":\"editor\"}");
  else if (g_str_has_prefix (route, "/wp/v2/posts"))
    handle_posts (f, msg, method, route, query);
  else if ((strcmp (route, "/wp/v2/categories") == 0 || strcmp (route, "/wp/v2/media") == 0) &&
           strcmp (method, "GET") == 0)
    handle_terms_or_media (f, msg, route, query);
  else if (strcmp (route, "/wp/v2/tags") == 0 && strcmp (method, "GET") == 0)
    reply_text (msg, 200, "application/json", "[]");
  else
    reply_wp_error (msg, 404, "rest_no_route", "No route was found matching the URL and request method.");
}

/* ------------------------------------------------------------------ */
/* Fixture                                                              */

static void
on_state (BylineSyncEngine *engine,
          const char       *id,
          guint             state,
          const char       *message,
          Fixture          *f)
{
  g_ptr_array_add (f->states, g_strdup_printf ("%s %s %s", id, byline_sync_state_to_string (state),
                                               message ? message : ""));
  f->last_state = state;
  g_free (f->last_message);
  f->last_message = g_strdup (message);
  g_test_message ("state: %s %s", byline_sync_state_to_string (state), message ? message : "");
}

static void
on_merged (BylineSyncEngine *engine,
           const char       *id,
           Fixture          *f)
{
  f->n_merged++;
}

static void
on_idle (BylineSyncEngine *engine,
         Fixture          *f)
{
  f->n_idle++;
}

static BylineSyncEngine *
make_engine (Fixture *f)
{
  BylineSyncEngine *engine = byline_sync_engine_new (f->store, BYLINE_CMS (f->cms), ACCOUNT,
                                                     G_NETWORK_MONITOR (f->monitor));

  /* Short backoff: the policy is the same, the test is fast. */
  byline_sync_engine_set_base_delay_ms (engine, 50);
  byline_sync_engine_set_max_delay_ms (engine, 400);
  g_signal_connect (engine, "article-state-changed", G_CALLBACK (on_state), f);
  g_signal_connect (engine, "merged", G_CALLBACK (on_merged), f);
  g_signal_connect (engine, "idle", G_CALLBACK (on_idle), f);
  return engine;
}

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

  /* The fault tests pass their case instead: no companion plugin. */
  f->companion = data == GINT_TO_POINTER (TRUE);
  f->posts = g_ptr_array_new_with_free_func (post_free);
  f->states = g_ptr_array_new_with_free_func (g_free);
  f->held = g_ptr_array_new ();
  f->next_id = 100;
  f->last_state = G_MAXUINT;

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
  soup_session_set_timeout (f->session, 1);
  soup_session_set_proxy_resolver (f->session, NULL);

  f->cms = byline_wp_cms_new (f->session, f->url, "editor", PASSWORD, &error);
  g_assert_no_error (error);

  f->store_dir = g_dir_make_tmp ("byline-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = byline_store_new (f->store_dir);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_no_error (error);

  f->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  f->engine = make_engine (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->engine != NULL)
    byline_sync_engine_stop (f->engine);
  g_clear_object (&f->engine);
  g_clear_object (&f->monitor);
  /* Let cancelled workers finish before the store closes. */
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
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
  g_free (f->last_message);
  g_ptr_array_unref (f->posts);
  g_ptr_array_unref (f->states);
  g_ptr_array_unref (f->held);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Iterates the main loop until @cond holds; fails the test after 10 s. */
static void
wait_until (Fixture       *f,
            Condition      cond,
            gconstpointer  data,
            const char    *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (10000, timeout_cb, &expired);

  while (!cond (f, data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    {
      /* What is still queued says why */
      g_autoptr(GPtrArray) entries = byline_store_list_outbox_sync (f->store, NULL, NULL, NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          BylineOutboxEntry *entry = g_ptr_array_index (entries, i);

          g_test_message ("queued: %s, next attempt %" G_GINT64_FORMAT ", %s",
                          entry->op, entry->next_attempt_at, entry->last_error ? entry->last_error : "");
        }
      g_error ("Timed out waiting for %s", what);
    }
  g_source_remove (id);
}

static void
spin (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
cond_state (Fixture       *f,
            gconstpointer  data)
{
  return f->last_state == GPOINTER_TO_UINT (data);
}

static guint
outbox_length (Fixture *f)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = byline_store_list_outbox_sync (f->store, ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  return entries->len;
}

static gboolean
cond_drained (Fixture       *f,
              gconstpointer  data)
{
  return !byline_sync_engine_get_busy (f->engine) && f->last_state == BYLINE_SYNC_STATE_SYNCED &&
         outbox_length (f) == 0;
}

static BylineSyncState
stored_state (Fixture    *f,
              const char *id)
{
  g_autoptr(GPtrArray) list = byline_store_list_sync (f->store, FALSE, NULL, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      BylineArticleSummary *summary = g_ptr_array_index (list, i);
      if (g_strcmp0 (byline_article_summary_get_id (summary), id) == 0)
        return byline_article_summary_get_sync_state (summary);
    }
  g_assert_not_reached ();
}

static char *
stored_document (Fixture    *f,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  char *document = byline_store_get_document_sync (f->store, id, NULL, &error);

  g_assert_no_error (error);
  return document;
}

static BylineArticle *
new_story (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) first = byline_block_new_paragraph ("The harbour ferry ran its last winter crossing on Sunday.");
  g_autoptr(BylineBlock) second = byline_block_new_paragraph ("Crews will repaint the hull before the spring timetable.");

  byline_article_set_headline (article, "Ferry ends winter service");
  byline_article_set_standfirst (article, "The island link pauses for three weeks of repairs.");
  byline_article_set_seo_title (article, "Harbour ferry pauses for repairs");
  byline_article_append_block (article, first);
  byline_article_append_block (article, second);
  return article;
}

static void
save_and_enqueue (Fixture       *f,
                  BylineArticle *article)
{
  g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save_and_enqueue_sync (f->store, snapshot, ACCOUNT, NULL, &error));
  g_assert_no_error (error);
}

static BylineArticle *
load (Fixture    *f,
      const char *id)
{
  g_autoptr(GError) error = NULL;
  BylineArticle *article = byline_store_load_sync (f->store, id, NULL, &error);

  g_assert_no_error (error);
  return article;
}

static void
sync_once (Fixture       *f,
           BylineArticle *article)
{
  save_and_enqueue (f, article);
  f->last_state = G_MAXUINT;
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_drained, NULL, "the outbox to drain");
}

/* Replaces @from by @to in the server copy's body: an edit made in
 * WordPress's own editor. */
static void
edit_on_server (Fixture    *f,
                const char *title,
                const char *from,
                const char *to)
{
  Post *post = g_ptr_array_index (f->posts, 0);

  if (title != NULL)
    {
      g_free (post->title);
      post->title = g_strdup (title);
    }
  if (from != NULL)
    {
      GString *content = g_string_new (post->content);

      g_assert_nonnull (strstr (content->str, from));
      g_string_replace (content, from, to, 1);
      g_free (post->content);
      post->content = g_string_free (content, FALSE);
    }
  post->modified = ++f->clock;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_push_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  Post *post;

  sync_once (f, article);

  g_assert_cmpuint (f->n_creates, ==, 1);
  g_assert_cmpuint (f->posts->len, ==, 1);
  post = g_ptr_array_index (f->posts, 0);
  g_assert_cmpstr (post->title, ==, "Ferry ends winter service");
  g_assert_nonnull (strstr (post->content, "last winter crossing"));
  g_assert_cmpint (stored_state (f, byline_article_get_id (article)), ==, BYLINE_SYNC_STATE_SYNCED);

  /* The link holds the server's id, its version and the merge base. */
  g_assert_true (byline_store_get_link_sync (f->store, byline_article_get_id (article), ACCOUNT, &link, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpstr (link->remote_id, ==, "100");
  g_assert_nonnull (link->version_token);
  document = stored_document (f, byline_article_get_id (article));
  g_assert_cmpstr (link->base_document, ==, document);

  /* A second edit updates the same post. */
  byline_article_set_headline (article, "Ferry ends winter service early");
  sync_once (f, article);
  g_assert_cmpuint (f->n_creates, ==, 1);
  g_assert_cmpuint (f->n_updates, ==, 1);
  g_assert_cmpstr (post->title, ==, "Ferry ends winter service early");
}

static gboolean
cond_held (Fixture       *f,
           gconstpointer  data)
{
  return f->held->len > 0;
}

static gboolean
cond_all_synced (Fixture       *f,
                 gconstpointer  data)
{
  BylineArticle * const *articles = data;

  if (byline_sync_engine_get_busy (f->engine) || outbox_length (f) > 0)
    return FALSE;
  for (guint i = 0; articles[i] != NULL; i++)
    if (stored_state (f, byline_article_get_id (articles[i])) != BYLINE_SYNC_STATE_SYNCED)
      return FALSE;
  return TRUE;
}

/* While one push is on its way the worker reads the next one.  Saves
 * that come in meanwhile, to the article read ahead and to the one on its
 * way, still reach the site, and neither article is created twice: the
 * newer entry of the article read ahead is the oldest one due while that
 * article's create is on its way, without a link to its post yet. */
static void
test_push_queue_edited_on_the_way (Fixture       *f,
                                   gconstpointer  data)
{
  BylineArticle *articles[3] = { new_story (), new_story (), NULL };
  const char *headlines[2] = { "Ferry ends winter service early", "Quay lights back on" };

  for (guint i = 0; i < 2; i++)
    save_and_enqueue (f, articles[i]);

  /* The first create reaches the site; its answer waits while the worker
   * reads the second article. */
  f->hold_creates = TRUE;
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_held, NULL, "the first create");
  f->hold_creates = FALSE;
  spin (100);

  byline_article_set_headline (articles[1], headlines[1]);
  save_and_enqueue (f, articles[1]);
  byline_article_set_headline (articles[0], headlines[0]);
  save_and_enqueue (f, articles[0]);
  soup_server_message_unpause (g_ptr_array_index (f->held, 0));
  g_ptr_array_set_size (f->held, 0);

  wait_until (f, cond_all_synced, articles, "every article synced");

  /* One post each, with what was saved last. */
  g_assert_cmpuint (f->n_creates, ==, 2);
  g_assert_cmpuint (f->posts->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BylineRemoteLink) link = NULL;
      g_autoptr(GError) error = NULL;
      Post *post;

      g_assert_true (byline_store_get_link_sync (f->store, byline_article_get_id (articles[i]), ACCOUNT,
                                                 &link, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (link);
      post = find_post (f, g_ascii_strtoll (link->remote_id, NULL, 10));
      g_assert_nonnull (post);
      g_assert_cmpstr (post->title, ==, headlines[i]);
      g_object_unref (articles[i]);
    }
}

typedef struct
{
  Fault            fault;
  gboolean         transient;
  const char      *message_part;
  gboolean         on_update;
} FaultCase;

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const FaultCase *c = data;
  g_autoptr(BylineArticle) article = new_story ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *id = byline_article_get_id (article);
  guint writes_before;
  gint64 failed_at;

  if (c->on_update)
    {
      sync_once (f, article);
      byline_article_set_headline (article, "Ferry ends winter service after storm");
    }
  writes_before = f->n_creates + f->n_updates;

  save_and_enqueue (f, article);
  before = stored_document (f, id);

  f->fault = c->fault;
  f->faults_left = 1;
  f->last_state = G_MAXUINT;
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);

  wait_until (f, cond_state,
              GUINT_TO_POINTER (c->transient ? BYLINE_SYNC_STATE_PENDING : BYLINE_SYNC_STATE_ERROR),
              "the failure to show");
  failed_at = g_get_monotonic_time ();
  g_assert_cmpuint (f->n_faulted, ==, 1);

  /* Nothing local changed, and the journalist is told why. */
  after = stored_document (f, id);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (stored_state (f, id), ==, c->transient ? BYLINE_SYNC_STATE_PENDING : BYLINE_SYNC_STATE_ERROR);
  g_assert_nonnull (f->last_message);
  if (c->transient)
    g_assert_true (g_str_has_prefix (f->last_message, "Waiting to sync"));
  if (c->message_part != NULL && strstr (f->last_message, c->message_part) == NULL)
    g_error ("“%s” does not say “%s”", f->last_message, c->message_part);
  g_assert_cmpuint (outbox_length (f), ==, 1);

  if (!c->transient)
    {
      /* Held: no retry on its own … */
      spin (300);
      g_assert_cmpuint (f->n_faulted, ==, 1);
      g_assert_cmpuint (f->n_creates + f->n_updates, ==, writes_before);
      /* … until the journalist pushes again. */
      g_assert_true (byline_store_enqueue_sync (f->store, id, ACCOUNT, NULL, NULL));
      byline_sync_engine_kick (f->engine);
    }

  wait_until (f, cond_drained, NULL, "the outbox to deliver");
  if (c->fault == FAULT_503 || c->fault == FAULT_429)
    /* Retry-After: 1 is honoured although the backoff is 50 ms. */
    g_assert_cmpint (g_get_monotonic_time () - failed_at, >=, 900 * 1000);

  /* Delivered exactly once. */
  g_assert_cmpuint (f->n_creates + f->n_updates, ==, writes_before + 1);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_SYNCED);
  after = (g_free (after), stored_document (f, id));
  if (c->fault != FAULT_412)
    g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (((Post *) g_ptr_array_index (f->posts, 0))->title, ==, byline_article_get_headline (article));
}

static void
test_412_merges (Fixture       *f,
                 gconstpointer  data)
{
  static const FaultCase c = { FAULT_412, TRUE, "Merged", TRUE };
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) stored = NULL;
  const char *id = byline_article_get_id (article);

  sync_once (f, article);
  byline_article_set_headline (article, "Ferry ends winter service after storm");
  save_and_enqueue (f, article);

  f->fault = c.fault;
  f->faults_left = 1;
  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_drained, NULL, "the merge to be pushed");

  /* Stale → fetched → merged (the site had nothing new) → pushed once. */
  g_assert_cmpuint (f->n_faulted, ==, 1);
  g_assert_cmpuint (f->n_merged, ==, 1);
  g_assert_cmpuint (f->n_updates, ==, 1);
  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Ferry ends winter service after storm");
  g_assert_cmpstr (byline_article_get_seo_title (stored), ==, "Harbour ferry pauses for repairs");
  g_assert_cmpstr (((Post *) g_ptr_array_index (f->posts, 0))->title, ==, "Ferry ends winter service after storm");
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  const char *id = byline_article_get_id (article);

  test_monitor_set_available (f->monitor, FALSE);
  g_assert_false (byline_sync_engine_get_online (f->engine));

  save_and_enqueue (f, article);
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);
  spin (300);

  /* Nothing tried while offline; the article waits. */
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_PENDING);
  g_assert_cmpuint (outbox_length (f), ==, 1);

  test_monitor_set_available (f->monitor, TRUE);
  wait_until (f, cond_drained, NULL, "the outbox to deliver once online");
  g_assert_cmpuint (f->n_creates, ==, 1);
}

static void
test_online_cuts_backoff (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  gint64 start;

  /* A long backoff that the network coming back must cut short. */
  byline_sync_engine_set_base_delay_ms (f->engine, 60 * 1000);
  byline_sync_engine_set_max_delay_ms (f->engine, 60 * 1000);
  save_and_enqueue (f, article);
  f->fault = FAULT_500;
  f->faults_left = 1;
  byline_sync_engine_start (f->engine);
  wait_until (f, cond_state, GUINT_TO_POINTER (BYLINE_SYNC_STATE_PENDING), "the failure");

  test_monitor_set_available (f->monitor, FALSE);
  test_monitor_set_available (f->monitor, TRUE);
  start = g_get_monotonic_time ();
  wait_until (f, cond_drained, NULL, "the outbox to deliver");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->n_creates, ==, 1);
}

static void
test_restart_resumes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(GError) error = NULL;

  /* Enqueued, then Byline quits before the worker ran. */
  save_and_enqueue (f, article);
  g_clear_object (&f->engine);
  byline_store_close (f->store);
  g_clear_object (&f->store);

  f->store = byline_store_new (f->store_dir);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_cmpuint (outbox_length (f), ==, 1);
  f->engine = make_engine (f);
  byline_sync_engine_start (f->engine);
  wait_until (f, cond_drained, NULL, "the resumed outbox to deliver");
  g_assert_cmpuint (f->n_creates, ==, 1);
}

static void
test_merge_clean (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineBlock) edited = byline_block_new_paragraph ("Crews will repaint the hull and fit new seats before spring.");
  const char *id = byline_article_get_id (article);
  Post *post;

  sync_once (f, article);

  /* The desk edits the headline in WordPress; the reporter edits the
   * second paragraph in Byline. */
  edit_on_server (f, "Island ferry ends winter service", NULL, NULL);
  byline_article_splice_body (article, 1, 1, (BylineBlock * const []) { edited }, 1);
  save_and_enqueue (f, article);
  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_drained, NULL, "the merged article to be pushed");

  g_assert_cmpuint (f->n_merged, ==, 1);
  post = g_ptr_array_index (f->posts, 0);
  g_assert_cmpstr (post->title, ==, "Island ferry ends winter service");
  g_assert_nonnull (strstr (post->content, "fit new seats"));
  g_assert_nonnull (strstr (post->content, "last winter crossing"));

  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Island ferry ends winter service");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 1)), ==,
                   "Crews will repaint the hull and fit new seats before spring.");
  /* A field WordPress does not keep is not taken for a deletion there. */
  g_assert_cmpstr (byline_article_get_seo_title (stored), ==, "Harbour ferry pauses for repairs");
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_SYNCED);
}

static gboolean
resolved_cb_done (Fixture       *f,
                  gconstpointer  data)
{
  return *(gboolean *) data;
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_sync_engine_resolve_conflict_finish (BYLINE_SYNC_ENGINE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_merge_conflict (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) remote = NULL;
  g_autoptr(BylineBlock) edited = byline_block_new_paragraph ("Crews will repaint the hull in the shipyard at Brenna.");
  g_autoptr(GError) error = NULL;
  g_autofree char *server_content = NULL;
  g_autofree char *local_before = NULL;
  g_autofree char *local_after = NULL;
  const char *id = byline_article_get_id (article);
  gboolean resolved = FALSE;
  guint updates;
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);

  /* Both sides rewrite the same paragraph. */
  edit_on_server (f, NULL, "Crews will repaint the hull", "Volunteers will repaint the hull");
  server_content = g_strdup (post->content);
  byline_article_splice_body (article, 1, 1, (BylineBlock * const []) { edited }, 1);
  save_and_enqueue (f, article);
  local_before = stored_document (f, id);
  updates = f->n_updates;

  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_state, GUINT_TO_POINTER (BYLINE_SYNC_STATE_CONFLICT), "the conflict");
  g_assert_nonnull (strstr (f->last_message, "conflicts with yours"));

  /* Nothing written to the server, nothing changed locally, and the
   * server copy is kept for the conflict view. */
  spin (300);
  g_assert_cmpuint (f->n_updates, ==, updates);
  g_assert_cmpstr (post->content, ==, server_content);
  local_after = stored_document (f, id);
  g_assert_cmpstr (local_before, ==, local_after);
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_CONFLICT);
  remote = byline_sync_engine_get_remote_copy_sync (f->engine, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (remote, 1)), ==,
                   "Volunteers will repaint the hull before the spring timetable.");

  /* The journalist keeps their own paragraph: it goes out once. */
  byline_sync_engine_resolve_conflict_async (f->engine, article, NULL, on_resolved, &resolved);
  wait_until (f, resolved_cb_done, &resolved, "the resolution to be saved");
  wait_until (f, cond_drained, NULL, "the resolution to be pushed");
  g_assert_cmpuint (f->n_updates, ==, updates + 1);
  g_assert_nonnull (strstr (post->content, "shipyard at Brenna"));
  g_clear_object (&remote);
  remote = byline_sync_engine_get_remote_copy_sync (f->engine, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (remote);
}

static void
on_pulled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **items = user_data;
  g_autoptr(GError) error = NULL;

  *items = byline_sync_engine_pull_finish (BYLINE_SYNC_ENGINE (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
cond_pointer_set (Fixture       *f,
                  gconstpointer  data)
{
  return *(gpointer *) data != NULL;
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BylineArticle **article = user_data;
  g_autoptr(GError) error = NULL;

  *article = byline_sync_engine_open_remote_finish (BYLINE_SYNC_ENGINE (source), result, &error);
  g_assert_no_error (error);
}

static void
add_server_post (Fixture    *f,
                 const char *title,
                 const char *status)
{
  Post *post = g_new0 (Post, 1);

  post->id = f->next_id++;
  post->title = g_strdup (title);
  post->content = g_strdup ("<!-- wp:paragraph -->\n<p>Written in the site’s own editor.</p>\n<!-- /wp:paragraph -->");
  post->excerpt = g_strdup ("");
  post->status = g_strdup (status);
  post->modified = ++f->clock;
  g_ptr_array_add (f->posts, post);
}

/* A pull writes the published and scheduled posts it lists into the
 * story cache, with their sections and images: one request for the
 * categories and one for the images per page of posts, not one per post. */
static void
test_pull_fills_cache (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *statuses[] = { "draft", "pending", "future", "publish" };
  BylineCachedStory *story;

  /* Two pages (100 a page); every other post in a section, some with a
   * photo. */
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *title = g_strdup_printf ("Harbour notes %u", i);
      Post *post;

      add_server_post (f, title, statuses[i % 4]);
      post = g_ptr_array_index (f->posts, f->posts->len - 1);
      post->category = i % 2 ? 5 : 6;
      post->featured = i % 3 == 0 ? 40 : i % 3 == 1 ? 41 : 0;
      g_free (post->excerpt);
      post->excerpt = g_strdup_printf ("The harbour master’s notes, number %u.", i);
      g_free (post->date_gmt);
      post->date_gmt = g_strdup ("2024-04-30T06:00:00");
    }
  g_assert_cmpuint (byline_store_count_cached_sync (f->store, NULL, &error), ==, 0);

  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the remote list");
  g_assert_cmpuint (items->len, ==, 130);

  g_assert_cmpuint (f->n_category_requests, ==, 2);
  g_assert_cmpuint (f->n_media_requests, ==, 2);

  /* 32 scheduled and 32 published; no drafts, nothing pending. */
  g_assert_cmpuint (byline_store_count_cached_sync (f->store, NULL, &error), ==, 64);
  g_assert_no_error (error);

  /* Offline search finds them, with what a card shows. */
  found = byline_store_search_stories_sync (f->store, "harbour notes 127", NULL, 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  story = g_ptr_array_index (found, 0);
  g_assert_cmpint (byline_cached_story_get_source (story), ==, BYLINE_STORY_SOURCE_CACHED);
  g_assert_cmpstr (byline_cached_story_get_account (story), ==, ACCOUNT);
  g_assert_cmpstr (byline_cached_story_get_cms_id (story), ==, byline_cms_item_get_remote_id (g_ptr_array_index (items, 2)));
  g_assert_cmpstr (byline_cached_story_get_headline (story), ==, "Harbour notes 127");
  g_assert_cmpstr (byline_cached_story_get_section (story), ==, "Coast");
  g_assert_cmpstr (byline_cached_story_get_excerpt (story), ==, "The harbour master’s notes, number 127.");
  g_assert_cmpstr (byline_cached_story_get_image_src (story), ==, "https://gazette.example/wp-content/uploads/bus.jpg");
  g_assert_true (g_str_has_suffix (byline_cached_story_get_url (story), "/?p=227"));
  g_assert_cmpint (byline_cached_story_get_date (story), ==, G_GINT64_CONSTANT (1714456800) * G_USEC_PER_SEC);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A scheduled one in the other section; a draft is not cached. */
  found = byline_store_search_stories_sync (f->store, "harbour notes 126", NULL, 20, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (byline_cached_story_get_section (g_ptr_array_index (found, 0)), ==, "City");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = byline_store_search_stories_sync (f->store, "harbour notes 124", NULL, 20, NULL, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Unpublished on the site: the next pull takes it out of the cache. */
  {
    Post *post = g_ptr_array_index (f->posts, 127);

    g_free (post->status);
    post->status = g_strdup ("draft");
    post->modified = ++f->clock;
  }
  g_clear_pointer (&items, g_ptr_array_unref);
  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the second pull");
  g_assert_cmpuint (byline_store_count_cached_sync (f->store, NULL, &error), ==, 63);
  found = byline_store_search_stories_sync (f->store, "harbour notes 127", NULL, 20, NULL, &error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_pull (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(BylineArticle) opened = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  const char *statuses[] = { "draft", "pending", "future", "publish" };
  g_autofree char *id = NULL;

  /* More than one page (100 a page). */
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *title = g_strdup_printf ("Council notes %u", i);
      add_server_post (f, title, statuses[i % 4]);
    }

  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the remote list");
  g_assert_cmpuint (items->len, ==, 130);
  g_assert_cmpstr (byline_cms_item_get_headline (g_ptr_array_index (items, 0)), ==, "Council notes 129");
  /* Every status: drafts, pending review, scheduled and published. */
  g_assert_cmpint (byline_cms_item_get_status (g_ptr_array_index (items, 0)), ==, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  g_assert_cmpint (byline_cms_item_get_status (g_ptr_array_index (items, 1)), ==, BYLINE_ARTICLE_STATUS_DRAFT);
  g_assert_cmpint (byline_cms_item_get_status (g_ptr_array_index (items, 2)), ==, BYLINE_ARTICLE_STATUS_PUBLISHED);
  g_assert_cmpint (byline_cms_item_get_status (g_ptr_array_index (items, 3)), ==, BYLINE_ARTICLE_STATUS_SCHEDULED);

  /* Opening one makes a linked local copy. */
  byline_sync_engine_open_remote_async (f->engine, "100", NULL, on_opened, &opened);
  wait_until (f, cond_pointer_set, &opened, "the opened article");
  id = g_strdup (byline_article_get_id (opened));
  g_assert_cmpstr (byline_article_get_headline (opened), ==, "Council notes 0");
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_SYNCED);

  /* Changed on the site, untouched here: the next pull brings it in. */
  edit_on_server (f, "Council notes, corrected", NULL, NULL);
  g_clear_pointer (&items, g_ptr_array_unref);
  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the second pull");
  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Council notes, corrected");
  g_assert_cmpuint (f->n_creates + f->n_updates, ==, 0);
}


/* ------------------------------------------------------------------ */
/* The companion's article meta, scheduled posts                       */

static void
test_meta_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *id = byline_article_get_id (article);
  Post *post;

  byline_article_set_social_headline (article, "The island ferry takes a break");
  byline_article_set_language (article, "en-GB");
  byline_article_set_byline (article, "Tove Lindqvist");
  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);

  if (f->companion)
    {
      g_assert_cmpstr (g_hash_table_lookup (post->meta, "byline_seo_title"), ==, "Harbour ferry pauses for repairs");
      g_assert_cmpstr (g_hash_table_lookup (post->meta, "byline_social_headline"), ==, "The island ferry takes a break");
      g_assert_cmpstr (g_hash_table_lookup (post->meta, "byline_language"), ==, "en-GB");
      g_assert_cmpstr (g_hash_table_lookup (post->meta, "byline_author"), ==, "Tove Lindqvist");
      /* The desk corrects the byline on the site. */
      g_hash_table_replace (post->meta, g_strdup ("byline_author"), g_strdup ("Tove Lindqvist and Ari Moss"));
    }
  else
    g_assert_null (post->meta);

  /* Any change on the site makes the pull fetch the post. */
  edit_on_server (f, "Island ferry ends winter service", NULL, NULL);
  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the pull");

  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Island ferry ends winter service");
  /* Without the plugin the site has none of them: the pull keeps ours. */
  g_assert_cmpstr (byline_article_get_seo_title (stored), ==, "Harbour ferry pauses for repairs");
  g_assert_cmpstr (byline_article_get_social_headline (stored), ==, "The island ferry takes a break");
  g_assert_cmpstr (byline_article_get_language (stored), ==, "en-GB");
  g_assert_cmpstr (byline_article_get_byline (stored), ==,
                   f->companion ? "Tove Lindqvist and Ari Moss" : "Tove Lindqvist");
}

static void
test_scheduled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2031, 5, 1, 14, 30, 0);
  const char *id = byline_article_get_id (article);
  Post *post;

  /* Scheduled without a time: refused before anything is sent. */
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_SCHEDULED);
  save_and_enqueue (f, article);
  f->last_state = G_MAXUINT;
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_state, GUINT_TO_POINTER (BYLINE_SYNC_STATE_ERROR), "the refusal");
  g_assert_nonnull (strstr (f->last_message, "Set when the story should be published"));
  g_assert_cmpuint (f->n_post_requests, ==, 0);
  g_assert_cmpuint (f->posts->len, ==, 0);
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_ERROR);

  /* With the time set it goes out as a future post at that time. */
  byline_article_set_scheduled_for (article, when);
  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);
  g_assert_cmpstr (post->status, ==, "future");
  g_assert_cmpstr (post->date_gmt, ==, "2031-05-01T14:30:00");
}

/* ------------------------------------------------------------------ */
/* Deletes                                                              */

static gboolean
article_exists (Fixture    *f,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = byline_store_get_document_sync (f->store, id, NULL, &error);

  if (document == NULL)
    g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  return document != NULL;
}

static BylineSyncState
trashed_state (Fixture    *f,
               const char *id)
{
  g_autoptr(GPtrArray) list = byline_store_list_sync (f->store, TRUE, NULL, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      BylineArticleSummary *summary = g_ptr_array_index (list, i);
      if (g_strcmp0 (byline_article_summary_get_id (summary), id) == 0)
        return byline_article_summary_get_sync_state (summary);
    }
  g_assert_not_reached ();
}

static void
trash_and_empty (Fixture    *f,
                 const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_trash_sync (f->store, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (byline_store_purge_trash_sync (f->store, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

static gboolean
cond_gone (Fixture       *f,
           gconstpointer  data)
{
  return !byline_sync_engine_get_busy (f->engine) && !article_exists (f, data);
}

static void
test_delete_sent (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) local_only = new_story ();
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (byline_article_get_id (article));
  const char *local_id = byline_article_get_id (local_only);
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);

  /* An article never synced goes at once; the synced one waits for the
   * site, visible in the trash as pending. */
  g_assert_true (byline_store_save_article_sync (f->store, local_only, NULL, &error));
  g_assert_true (byline_store_trash_sync (f->store, local_id, NULL, &error));
  byline_sync_engine_stop (f->engine);
  g_assert_true (byline_store_trash_sync (f->store, id, NULL, &error));
  g_assert_cmpuint (byline_store_purge_trash_sync (f->store, NULL, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_false (article_exists (f, local_id));
  g_assert_true (article_exists (f, id));
  g_assert_cmpint (trashed_state (f, id), ==, BYLINE_SYNC_STATE_PENDING);
  g_assert_cmpuint (outbox_length (f), ==, 1);

  f->last_state = G_MAXUINT;
  byline_sync_engine_start (f->engine);
  wait_until (f, cond_gone, id, "the article to be deleted");

  /* Moved to the site's trash, once; nothing of it is left here. */
  g_assert_cmpuint (f->n_deletes, ==, 1);
  g_assert_cmpstr (post->status, ==, "trash");
  g_assert_cmpint (f->last_state, ==, BYLINE_SYNC_STATE_SYNCED);
  g_assert_cmpstr (f->last_message, ==, "Moved to the site’s trash");
  g_assert_true (byline_store_get_link_sync (f->store, id, ACCOUNT, &link, NULL, &error));
  g_assert_null (link);
  g_assert_cmpuint (outbox_length (f), ==, 0);
}

static void
test_delete_stale (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (byline_article_get_id (article));
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);

  /* The desk edits the post on the site; the reporter deletes it here. */
  edit_on_server (f, "Island ferry ends winter service", NULL, NULL);
  trash_and_empty (f, id);
  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_state, GUINT_TO_POINTER (BYLINE_SYNC_STATE_ERROR), "the refusal");

  /* Not deleted there, and nothing lost here: the article, its link and
   * the held delete stay, with a message saying why. */
  g_assert_cmpuint (f->n_deletes, ==, 0);
  g_assert_cmpstr (post->status, ==, "draft");
  g_assert_cmpstr (post->title, ==, "Island ferry ends winter service");
  g_assert_nonnull (strstr (f->last_message, "did not delete it there"));
  g_assert_true (article_exists (f, id));
  g_assert_cmpint (trashed_state (f, id), ==, BYLINE_SYNC_STATE_ERROR);
  g_assert_true (byline_store_get_link_sync (f->store, id, ACCOUNT, &link, NULL, &error));
  g_assert_nonnull (link);
  entries = byline_store_list_outbox_sync (f->store, ACCOUNT, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((BylineOutboxEntry *) g_ptr_array_index (entries, 0))->op, ==, "delete");
  g_assert_cmpint (((BylineOutboxEntry *) g_ptr_array_index (entries, 0))->next_attempt_at, ==, 0);
  spin (300);
  g_assert_cmpuint (f->n_deletes, ==, 0);

  /* The journalist restores it: it comes back with the desk's edit. */
  g_assert_true (byline_store_untrash_sync (f->store, id, NULL, &error));
  g_assert_no_error (error);
  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_drained, NULL, "the restored article to merge");
  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Island ferry ends winter service");
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_SYNCED);
  g_assert_cmpuint (f->n_deletes, ==, 0);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

static void
test_delete_offline_restart (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) kept = new_story ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (byline_article_get_id (article));
  g_autofree char *kept_id = g_strdup (byline_article_get_id (kept));

  sync_once (f, article);
  sync_once (f, kept);

  /* Emptied from the trash offline; Byline quits before it is sent. */
  test_monitor_set_available (f->monitor, FALSE);
  trash_and_empty (f, id);
  g_assert_true (byline_store_trash_sync (f->store, kept_id, NULL, &error));
  g_assert_cmpuint (byline_store_purge_trash_sync (f->store, NULL, NULL, &error), ==, 1);
  spin (200);
  g_assert_cmpuint (f->n_deletes, ==, 0);
  g_clear_object (&f->engine);
  byline_store_close (f->store);
  g_clear_object (&f->store);

  f->store = byline_store_new (f->store_dir);
  g_assert_true (byline_store_open_sync (f->store, NULL, &error));
  g_assert_cmpuint (outbox_length (f), ==, 2);

  /* Restored before it went: that delete is cancelled. */
  g_assert_true (byline_store_untrash_sync (f->store, kept_id, NULL, &error));
  g_assert_cmpuint (outbox_length (f), ==, 2);

  f->engine = make_engine (f);
  byline_sync_engine_start (f->engine);
  spin (200);
  g_assert_cmpuint (f->n_deletes, ==, 0);
  test_monitor_set_available (f->monitor, TRUE);
  wait_until (f, cond_gone, id, "the delete after the restart");
  wait_until (f, cond_drained, NULL, "the restored article's push");

  g_assert_cmpuint (f->n_deletes, ==, 1);
  g_assert_cmpstr (((Post *) g_ptr_array_index (f->posts, 0))->status, ==, "trash");
  g_assert_cmpstr (((Post *) g_ptr_array_index (f->posts, 1))->status, ==, "draft");
  g_assert_true (article_exists (f, kept_id));
  g_assert_cmpint (stored_state (f, kept_id), ==, BYLINE_SYNC_STATE_SYNCED);
}

static void
test_delete_gone_on_site (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autofree char *id = g_strdup (byline_article_get_id (article));

  sync_once (f, article);
  /* Someone put it in the site's trash already. */
  g_free (((Post *) g_ptr_array_index (f->posts, 0))->status);
  ((Post *) g_ptr_array_index (f->posts, 0))->status = g_strdup ("trash");
  ((Post *) g_ptr_array_index (f->posts, 0))->modified = ++f->clock;

  trash_and_empty (f, id);
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_gone, id, "the article to go");
  g_assert_cmpuint (f->n_deletes, ==, 0);
}

static void
test_delete_transient (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autofree char *id = g_strdup (byline_article_get_id (article));

  sync_once (f, article);
  trash_and_empty (f, id);
  f->fault = FAULT_503;
  f->faults_left = 1;
  f->last_state = G_MAXUINT;
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_state, GUINT_TO_POINTER (BYLINE_SYNC_STATE_PENDING), "the failure");
  g_assert_true (g_str_has_prefix (f->last_message, "Waiting to sync"));
  g_assert_true (article_exists (f, id));
  wait_until (f, cond_gone, id, "the retried delete");
  g_assert_cmpuint (f->n_deletes, ==, 1);
}

/* ------------------------------------------------------------------ */
/* An article open in an editor while sync brings the site's changes   */

typedef struct
{
  guint    n_merged;
  gboolean conflict;
  char    *message;
} EditorWatch;

static void
on_editor_merged (BylineAutosave *autosave,
                  gboolean        conflict,
                  const char     *message,
                  EditorWatch    *watch)
{
  watch->n_merged++;
  watch->conflict = conflict;
  g_free (watch->message);
  watch->message = g_strdup (message);
}

static gboolean
cond_editor_merged (Fixture       *f,
                    gconstpointer  data)
{
  return ((const EditorWatch *) data)->n_merged > 0;
}

static gboolean
cond_flag (Fixture       *f,
           gconstpointer  data)
{
  return *(const gboolean *) data;
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
flush (Fixture        *f,
       BylineAutosave *autosave)
{
  gboolean done = FALSE;

  byline_autosave_flush_async (autosave, NULL, on_flushed, &done);
  wait_until (f, cond_flag, &done, "the editor's text to be saved");
}

/* Types into paragraph @index of the open article the way the body buffer
 * does: the block's own text changes, the block stays */
static void
type_into (BylineArticle *article,
           guint          index,
           const char    *text)
{
  byline_block_set_text (byline_article_get_block (article, index), text);
}

static void
pull (Fixture *f)
{
  g_autoptr(GPtrArray) items = NULL;

  byline_sync_engine_pull_async (f->engine, NULL, on_pulled, &items);
  wait_until (f, cond_pointer_set, &items, "the pull");
}

/* The site changes the headline and the first paragraph while the
 * journalist, in the open article, types into the second paragraph and the
 * standfirst (not saved yet).  A pull brings the site's version in: the
 * open article takes it in place, keeps the typing, and both reach the
 * store and then the site. */
static void
test_editor_pull_merges (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) editor = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineAutosave) autosave = NULL;
  EditorWatch watch = { 0, };
  const char *id = byline_article_get_id (article);
  BylineBlock *typed_in;
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);

  editor = load (f, id);
  autosave = byline_autosave_new (f->store, editor);
  /* Long enough that the typing is still unsaved when the pull lands */
  byline_autosave_set_delay (autosave, 60000);
  g_signal_connect (autosave, "merged", G_CALLBACK (on_editor_merged), &watch);

  edit_on_server (f, "Island ferry ends winter service",
                  "ran its last winter crossing", "made its final winter crossing");
  typed_in = byline_article_get_block (editor, 1);
  type_into (editor, 1, "Crews will repaint the hull and fit new seats before spring.");
  byline_article_set_standfirst (editor, "The island link pauses for three weeks of hull repairs.");

  pull (f);
  wait_until (f, cond_editor_merged, &watch, "the editor to take the site's changes in");
  g_assert_false (watch.conflict);

  /* In place: the site's fields and paragraph, the typing, the same block */
  g_assert_cmpstr (byline_article_get_headline (editor), ==, "Island ferry ends winter service");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (editor, 0)), ==,
                   "The harbour ferry made its final winter crossing on Sunday.");
  g_assert_true (byline_article_get_block (editor, 1) == typed_in);
  g_assert_cmpstr (byline_block_get_text (typed_in), ==,
                   "Crews will repaint the hull and fit new seats before spring.");
  g_assert_cmpstr (byline_article_get_standfirst (editor), ==,
                   "The island link pauses for three weeks of hull repairs.");

  /* Saved as usual, and not refused */
  flush (f, autosave);
  g_assert_null (byline_autosave_get_error (autosave));
  stored = load (f, id);
  g_assert_cmpstr (byline_article_get_headline (stored), ==, "Island ferry ends winter service");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 0)), ==,
                   "The harbour ferry made its final winter crossing on Sunday.");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 1)), ==,
                   "Crews will repaint the hull and fit new seats before spring.");

  /* And the next sync sends both sides' changes */
  sync_once (f, editor);
  g_assert_cmpstr (post->title, ==, "Island ferry ends winter service");
  g_assert_nonnull (strstr (post->content, "made its final winter crossing"));
  g_assert_nonnull (strstr (post->content, "fit new seats"));
  g_assert_nonnull (strstr (post->excerpt, "hull repairs"));
  g_free (watch.message);
}

/* Both sides change the same paragraph: the journalist's text stays in the
 * editor and in the store, the site's stays on the site and is kept for
 * the conflict view, nothing is sent until the journalist chooses. */
static void
test_editor_pull_conflict (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) editor = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineArticle) remote = NULL;
  g_autoptr(BylineAutosave) autosave = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_content = NULL;
  EditorWatch watch = { 0, };
  const char *id = byline_article_get_id (article);
  gboolean resolved = FALSE;
  guint updates;
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);
  editor = load (f, id);
  autosave = byline_autosave_new (f->store, editor);
  byline_autosave_set_delay (autosave, 60000);
  g_signal_connect (autosave, "merged", G_CALLBACK (on_editor_merged), &watch);

  edit_on_server (f, "Island ferry ends winter service",
                  "Crews will repaint the hull", "Volunteers will repaint the hull");
  server_content = g_strdup (post->content);
  updates = f->n_updates;
  type_into (editor, 1, "Crews will repaint the hull in the shipyard at Brenna.");

  pull (f);
  wait_until (f, cond_editor_merged, &watch, "the editor to take the site's changes in");
  g_assert_true (watch.conflict);
  g_assert_nonnull (strstr (watch.message, "overlaps with what you typed"));

  /* The editor keeps the typing, takes what did not overlap */
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (editor, 1)), ==,
                   "Crews will repaint the hull in the shipyard at Brenna.");
  g_assert_cmpstr (byline_article_get_headline (editor), ==, "Island ferry ends winter service");

  /* Stored as typed, in conflict, the site's paragraph kept to compare */
  flush (f, autosave);
  stored = load (f, id);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 1)), ==,
                   "Crews will repaint the hull in the shipyard at Brenna.");
  g_assert_cmpint (stored_state (f, id), ==, BYLINE_SYNC_STATE_CONFLICT);
  remote = byline_sync_engine_get_remote_copy_sync (f->engine, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (remote, 1)), ==,
                   "Volunteers will repaint the hull before the spring timetable.");

  /* Nothing went to the site, even when asked to sync */
  byline_sync_engine_kick (f->engine);
  spin (300);
  g_assert_cmpuint (f->n_updates, ==, updates);
  g_assert_cmpstr (post->content, ==, server_content);

  /* The journalist chooses their paragraph: it goes out, over the site's
   * version it was compared with */
  byline_sync_engine_resolve_conflict_async (f->engine, editor, NULL, on_resolved, &resolved);
  wait_until (f, resolved_cb_done, &resolved, "the resolution to be saved");
  f->last_state = G_MAXUINT;
  wait_until (f, cond_drained, NULL, "the resolution to be pushed");
  g_assert_cmpuint (f->n_updates, ==, updates + 1);
  g_assert_nonnull (strstr (post->content, "shipyard at Brenna"));
  g_assert_cmpstr (post->title, ==, "Island ferry ends winter service");
  g_free (watch.message);
}

/* The journalist pressed Sync, then kept typing; the push finds the site
 * changed and merges in the store.  The open article takes the merge in,
 * keeps what was typed after the Sync, and its next save is not refused. */
static void
test_editor_push_merges (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) editor = NULL;
  g_autoptr(BylineAutosave) autosave = NULL;
  EditorWatch watch = { 0, };
  const char *id = byline_article_get_id (article);
  Post *post;

  sync_once (f, article);
  post = g_ptr_array_index (f->posts, 0);
  editor = load (f, id);
  autosave = byline_autosave_new (f->store, editor);
  byline_autosave_set_delay (autosave, 60000);
  g_signal_connect (autosave, "merged", G_CALLBACK (on_editor_merged), &watch);

  edit_on_server (f, "Island ferry ends winter service", NULL, NULL);
  type_into (editor, 0, "The harbour ferry ran its last winter crossing on Sunday night.");
  f->last_state = G_MAXUINT;
  save_and_enqueue (f, editor);
  type_into (editor, 1, "Crews will repaint the hull before the April timetable.");
  byline_sync_engine_start (f->engine);
  byline_sync_engine_kick (f->engine);
  wait_until (f, cond_drained, NULL, "the merged article to be pushed");
  g_assert_cmpuint (f->n_merged, ==, 1);
  wait_until (f, cond_editor_merged, &watch, "the editor to take the merge in");
  g_assert_false (watch.conflict);

  g_assert_cmpstr (byline_article_get_headline (editor), ==, "Island ferry ends winter service");
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (editor, 1)), ==,
                   "Crews will repaint the hull before the April timetable.");
  flush (f, autosave);
  g_assert_null (byline_autosave_get_error (autosave));

  sync_once (f, editor);
  g_assert_cmpstr (post->title, ==, "Island ferry ends winter service");
  g_assert_nonnull (strstr (post->content, "on Sunday night"));
  g_assert_nonnull (strstr (post->content, "April timetable"));
  g_free (watch.message);
}

/* The store itself: an editor's save from before sync's write is refused
 * and changes nothing */
static void
test_stale_save_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(BylineArticle) editor = NULL;
  g_autoptr(BylineArticle) site = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(BylineRemoteLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *id = byline_article_get_id (article);

  sync_once (f, article);
  editor = load (f, id);
  before = stored_document (f, id);

  /* Sync replaces the text (as a merge does), conditional on what it read */
  site = load (f, id);
  byline_article_set_headline (site, "Island ferry ends winter service");
  snapshot = byline_article_snapshot (site);
  g_assert_true (byline_store_get_link_sync (f->store, id, ACCOUNT, &link, NULL, &error));
  g_assert_false (byline_store_save_merged_sync (f->store, snapshot, "{\"not\":\"it\"}", link, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE);
  g_clear_error (&error);
  g_assert_true (byline_store_save_merged_sync (f->store, snapshot, before, link, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&snapshot, byline_article_snapshot_unref);
  after = stored_document (f, id);

  /* The editor, still on the old version, saves: refused, nothing changed */
  byline_article_set_standfirst (editor, "Typed before the merge landed.");
  snapshot = byline_article_snapshot (editor);
  g_assert_false (byline_store_save_sync (f->store, snapshot, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_STALE);
  g_clear_error (&error);
  g_clear_pointer (&before, g_free);
  before = stored_document (f, id);
  g_assert_cmpstr (before, ==, after);
}

static void
test_backoff_policy (Fixture       *f,
                     gconstpointer  data)
{
  BylineSyncEngine *engine = f->engine;

  byline_sync_engine_set_base_delay_ms (engine, BYLINE_SYNC_ENGINE_BASE_DELAY_MS);
  byline_sync_engine_set_max_delay_ms (engine, BYLINE_SYNC_ENGINE_MAX_DELAY_MS);
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 1, 0), ==, 1000);
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 2, 0), ==, 2000);
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 5, 0), ==, 16000);
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 30, 0), ==, 5 * 60 * 1000);
  /* Retry-After wins when it asks for longer, not when shorter. */
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 1, 30), ==, 30000);
  g_assert_cmpuint (byline_sync_engine_backoff_ms (engine, 5, 3), ==, 16000);
}

/* ------------------------------------------------------------------ */
/* The store's sync tables                                              */

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_upgrade_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("byline-v1-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
  g_autoptr(BylineArticle) article = new_story ();
  g_autofree char *document = byline_article_to_json (article, NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *version = NULL;
  g_autofree char *list_columns = NULL;
  g_autofree char *stored = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A store exactly as Byline with schema 1 wrote it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_or_die (db,
               "PRAGMA journal_mode = WAL;"
               "CREATE TABLE articles (id TEXT PRIMARY KEY NOT NULL, headline TEXT NOT NULL DEFAULT '',"
               " status TEXT NOT NULL DEFAULT 'draft', sync_state TEXT NOT NULL DEFAULT 'local',"
               " created INTEGER NOT NULL, modified INTEGER NOT NULL, word_count INTEGER NOT NULL DEFAULT 0,"
               " revision INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL, trashed_at INTEGER);"
               "CREATE INDEX articles_list ON articles (trashed_at, modified DESC);"
               "CREATE TABLE history (id INTEGER PRIMARY KEY,"
               " article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
               " saved_at INTEGER NOT NULL, headline TEXT NOT NULL DEFAULT '',"
               " word_count INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL);"
               "CREATE INDEX history_article ON history (article_id, saved_at DESC);"
               "PRAGMA user_version = 1;");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO articles (id, headline, sync_state, created, modified, word_count, document) "
                                       "VALUES (?1, 'Ferry ends winter service', 'synced', 1714550400000000, 1714550400000000, 25, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, byline_article_get_id (article), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO history (article_id, saved_at, headline, word_count, document) "
                                       "VALUES (?1, 1714550000000000, 'Ferry', 3, '{\"old\":1}')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, byline_article_get_id (article), -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = byline_store_new (dir);
  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (byline_store_get_created_new (store));

  /* Every article and history entry is still there, byte for byte. */
  stored = byline_store_get_document_sync (store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, document);
  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  /* Its sync state moved to its own table (version 8) */
  g_assert_cmpint (byline_article_summary_get_sync_state (g_ptr_array_index (list, 0)), ==, BYLINE_SYNC_STATE_SYNCED);
  history = byline_store_list_history_sync (store, byline_article_get_id (article), NULL, &error);
  g_assert_cmpuint (history->len, ==, 1);

  /* And the new tables work. */
  loaded = byline_store_load_sync (store, byline_article_get_id (article), NULL, &error);
  g_assert_no_error (error);
  byline_article_set_headline (loaded, "Ferry ends winter service early");
  {
    g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (loaded);
    g_autoptr(GPtrArray) entries = NULL;

    g_assert_true (byline_store_save_and_enqueue_sync (store, snapshot, ACCOUNT, NULL, &error));
    g_assert_no_error (error);
    entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
    g_assert_cmpuint (entries->len, ==, 1);
  }
  byline_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  version = query_text (db, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (BYLINE_STORE_SCHEMA_VERSION));
  /* The list's index was made again to hold what the list shows (version 9). */
  list_columns = query_text (db, "SELECT group_concat (name, ',') FROM pragma_index_info ('articles_list')");
  g_assert_cmpstr (list_columns, ==, "trashed_at,modified,id,headline,status,word_count");
  sqlite3_close (db);
}

static void
test_enqueue_in_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("byline-enqueue-XXXXXX", &error);
  g_autoptr(BylineStore) store = byline_store_new (dir);
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(BylineArticleSnapshot) first = NULL;
  g_autoptr(BylineArticleSnapshot) second = NULL;
  BylineOutboxEntry *entry;
  gint64 first_id;

  g_assert_true (byline_store_open_sync (store, NULL, &error));

  first = byline_article_snapshot (article);
  g_assert_true (byline_store_save_and_enqueue_sync (store, first, ACCOUNT, NULL, &error));
  entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->article_id, ==, byline_article_get_id (article));
  g_assert_cmpstr (entry->op, ==, "push");
  g_assert_cmpuint (entry->attempts, ==, 0);
  g_assert_cmpint (entry->next_attempt_at, >, 0);
  first_id = entry->id;

  /* Held after an error; a new save releases it as a fresh entry. */
  g_assert_true (byline_store_outbox_failed_sync (store, first_id, 0, "Refused", BYLINE_SYNC_STATE_ERROR, NULL, &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
  g_assert_cmpint (((BylineOutboxEntry *) g_ptr_array_index (entries, 0))->next_attempt_at, ==, 0);
  g_assert_cmpstr (((BylineOutboxEntry *) g_ptr_array_index (entries, 0))->last_error, ==, "Refused");

  byline_article_set_headline (article, "Ferry ends winter service early");
  second = byline_article_snapshot (article);
  g_assert_true (byline_store_save_and_enqueue_sync (store, second, ACCOUNT, NULL, &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->id, !=, first_id);
  g_assert_cmpint (entry->next_attempt_at, >, 0);
  g_assert_null (entry->last_error);

  /* Marking the replaced entry done does not drop the newer one. */
  {
    g_autoptr(BylineRemoteLink) link = byline_remote_link_new (byline_article_get_id (article), ACCOUNT,
                                                                "7", "2024-05-01T08:00:00", "{}");
    g_autoptr(GPtrArray) list = NULL;

    g_assert_true (byline_store_outbox_done_sync (store, first_id, link, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
    g_assert_cmpuint (entries->len, ==, 1);
    list = byline_store_list_sync (store, FALSE, NULL, &error);
    g_assert_cmpint (byline_article_summary_get_sync_state (g_ptr_array_index (list, 0)), ==,
                     BYLINE_SYNC_STATE_PENDING);
  }
  byline_store_close (store);
}

/* PRAGMA wal_checkpoint's second column: the pages in the WAL */
static int
wal_pages (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int pages;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint (PASSIVE)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  return pages;
}

/* A long story's sync state changes (Syncing…, Synced, pending again)
 * without its 1 MB document being written again each time */
static void
test_sync_state_small_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("byline-state-write-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
  g_autoptr(BylineStore) store = byline_store_new (dir);
  g_autoptr(BylineArticle) article = new_story ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  const BylineSyncState states[] = { BYLINE_SYNC_STATE_PENDING, BYLINE_SYNC_STATE_SYNCING,
                                     BYLINE_SYNC_STATE_SYNCED, BYLINE_SYNC_STATE_CONFLICT };

  while (text->len < 2000)
    g_string_append (text, "The ferry timetable changes with the tides and the season. ");
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(BylineBlock) block = byline_block_new_paragraph (text->str);

      byline_article_append_block (article, block);
    }
  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_true (byline_store_save_article_sync (store, article, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_or_die (db, "PRAGMA wal_checkpoint (TRUNCATE)");
  g_assert_cmpint (wal_pages (db), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_assert_true (byline_store_set_sync_state_sync (store, byline_article_get_id (article), states[i], NULL, &error));
      g_assert_no_error (error);
    }
  /* A few pages per change, not the 250 of the document */
  g_assert_cmpint (wal_pages (db), <, 40);
  sqlite3_close (db);

  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_cmpint (byline_article_summary_get_sync_state (g_ptr_array_index (list, 0)), ==, BYLINE_SYNC_STATE_CONFLICT);
  byline_store_close (store);
}

/* The worker asks the queue for the one entry to send now, and when to
 * look again: held entries are neither, another account's are not seen */
static void
test_next_outbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("byline-next-outbox-XXXXXX", &error);
  g_autoptr(BylineStore) store = byline_store_new (dir);
  g_autoptr(BylineOutboxEntry) due = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 now, later, next_due = -1;
  gint64 held_id, later_id, due_id;
  const char *ids[4];
  BylineArticle *articles[4];

  g_assert_true (byline_store_open_sync (store, NULL, &error));
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(BylineArticleSnapshot) snapshot = NULL;

      articles[i] = new_story ();
      ids[i] = byline_article_get_id (articles[i]);
      snapshot = byline_article_snapshot (articles[i]);
      g_assert_true (byline_store_save_and_enqueue_sync (store, snapshot, i == 3 ? "other-site" : ACCOUNT,
                                                         NULL, &error));
      g_assert_no_error (error);
    }
  /* Enqueued due at once */
  now = g_get_real_time ();
  later = now + 60 * G_USEC_PER_SEC;
  entries = byline_store_list_outbox_sync (store, ACCOUNT, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 3);
  held_id = ((BylineOutboxEntry *) g_ptr_array_index (entries, 0))->id;
  later_id = ((BylineOutboxEntry *) g_ptr_array_index (entries, 1))->id;
  due_id = ((BylineOutboxEntry *) g_ptr_array_index (entries, 2))->id;
  g_assert_true (byline_store_outbox_failed_sync (store, held_id, 0, "Refused", BYLINE_SYNC_STATE_ERROR, NULL, &error));
  g_assert_true (byline_store_outbox_failed_sync (store, later_id, later, "Busy", BYLINE_SYNC_STATE_PENDING, NULL, &error));

  g_assert_true (byline_store_next_outbox_sync (store, ACCOUNT, now, NULL, &due, &next_due, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (due);
  g_assert_cmpint (due->id, ==, due_id);
  g_assert_cmpstr (due->article_id, ==, ids[2]);
  g_assert_cmpstr (due->op, ==, "push");
  g_assert_cmpint (next_due, ==, later);

  /* While its push is on its way, nothing else of this site is due */
  g_clear_pointer (&due, byline_outbox_entry_free);
  g_assert_true (byline_store_next_outbox_sync (store, ACCOUNT, now, ids[2], &due, &next_due, NULL, &error));
  g_assert_null (due);
  g_assert_cmpint (next_due, ==, later);

  /* Sent: nothing is due now, the busy one is due in a minute */
  {
    g_autoptr(BylineRemoteLink) link = byline_remote_link_new (ids[2], ACCOUNT, "9", "2024-05-01T08:00:00", "{}");

    g_assert_true (byline_store_outbox_done_sync (store, due_id, link, NULL, &error));
  }
  g_clear_pointer (&due, byline_outbox_entry_free);
  g_assert_true (byline_store_next_outbox_sync (store, ACCOUNT, now, NULL, &due, &next_due, NULL, &error));
  g_assert_null (due);
  g_assert_cmpint (next_due, ==, later);

  /* A minute on, it is; after it nothing is due and nothing waits */
  g_assert_true (byline_store_next_outbox_sync (store, ACCOUNT, later, NULL, &due, &next_due, NULL, &error));
  g_assert_cmpint (due->id, ==, later_id);
  g_assert_cmpint (next_due, ==, 0);

  /* Every account: the other site's entry is due too */
  g_clear_pointer (&due, byline_outbox_entry_free);
  g_assert_true (byline_store_next_outbox_sync (store, NULL, now, NULL, &due, &next_due, NULL, &error));
  g_assert_cmpstr (due->article_id, ==, ids[3]);

  for (guint i = 0; i < 4; i++)
    g_object_unref (articles[i]);
  byline_store_close (store);
}

int
main (int   argc,
      char *argv[])
{
  static const FaultCase cases[] = {
    { FAULT_500, TRUE, "HTTP 500", FALSE },
    { FAULT_503, TRUE, "Trying again in", FALSE },
    { FAULT_429, TRUE, "Trying again in", FALSE },
    { FAULT_TIMEOUT, TRUE, NULL, FALSE },
    { FAULT_RESET, TRUE, NULL, FALSE },
    { FAULT_TRUNCATED, FALSE, "cut off", FALSE },
    { FAULT_WRONG_TYPES, FALSE, "expected a whole number", FALSE },
    { FAULT_401, FALSE, "editor", FALSE },
    { FAULT_500, TRUE, "HTTP 500", TRUE },
  };
  static const char *names[] = {
    "500", "503-retry-after", "429-retry-after", "timeout", "reset-mid-body",
    "truncated-json", "wrong-member-types", "401", "500-on-update",
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/store/upgrade-v1", test_upgrade_v1);
  g_test_add_func ("/sync/store/enqueue-in-save", test_enqueue_in_save);
  g_test_add_func ("/sync/store/next-outbox", test_next_outbox);
  g_test_add_func ("/sync/store/sync-state-small-write", test_sync_state_small_write);

#define ADD(path, func, companion) \
  g_test_add ("/sync/" path, Fixture, GINT_TO_POINTER (companion), fixture_setup, func, fixture_teardown)

  ADD ("policy/backoff", test_backoff_policy, FALSE);
  ADD ("push/create-and-update", test_push_create, FALSE);
  ADD ("push/create-and-update-companion", test_push_create, TRUE);
  ADD ("push/queue-edited-on-the-way", test_push_queue_edited_on_the_way, FALSE);
  ADD ("offline/pauses", test_offline, FALSE);
  ADD ("offline/online-cuts-backoff", test_online_cuts_backoff, FALSE);
  ADD ("restart/resumes", test_restart_resumes, FALSE);
  ADD ("merge/clean", test_merge_clean, FALSE);
  ADD ("merge/clean-companion", test_merge_clean, TRUE);
  ADD ("merge/conflict", test_merge_conflict, FALSE);
  ADD ("merge/conflict-companion", test_merge_conflict, TRUE);
  ADD ("fault/412", test_412_merges, TRUE);
  ADD ("pull/list-open-update", test_pull, FALSE);
  ADD ("pull/fills-story-cache", test_pull_fills_cache, FALSE);
  ADD ("meta/round-trip", test_meta_round_trip, FALSE);
  ADD ("meta/round-trip-companion", test_meta_round_trip, TRUE);
  ADD ("scheduled/needs-a-time", test_scheduled, FALSE);
  ADD ("delete/sent", test_delete_sent, FALSE);
  ADD ("delete/sent-companion", test_delete_sent, TRUE);
  ADD ("delete/changed-on-site", test_delete_stale, FALSE);
  ADD ("delete/changed-on-site-companion", test_delete_stale, TRUE);
  ADD ("delete/offline-restart-restore", test_delete_offline_restart, FALSE);
  ADD ("delete/already-in-site-trash", test_delete_gone_on_site, FALSE);
  ADD ("delete/retried", test_delete_transient, TRUE);
  ADD ("editor/stale-save-refused", test_stale_save_refused, FALSE);
  ADD ("editor/pull-merges-while-typing", test_editor_pull_merges, FALSE);
  ADD ("editor/pull-merges-while-typing-companion", test_editor_pull_merges, TRUE);
  ADD ("editor/pull-conflict-while-typing", test_editor_pull_conflict, FALSE);
  ADD ("editor/pull-conflict-while-typing-companion", test_editor_pull_conflict, TRUE);
  ADD ("editor/push-merges-while-typing", test_editor_push_merges, FALSE);
  ADD ("editor/push-merges-while-typing-companion", test_editor_push_merges, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/fault/%s", names[i]);
      g_test_add (path, Fixture, &cases[i], fixture_setup, test_fault, fixture_teardown);
    }

  return g_test_run ();
}
