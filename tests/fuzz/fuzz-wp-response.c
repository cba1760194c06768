/* fuzz-wp-response.c: the WordPress backend's readers of a site's answers
 * (byline-wp-cms-private.h): status and error bodies, web pages instead of
 * data, and the post, post list, media and term readers
 *
 * Input layout (so libFuzzer can reach every reader):
 *   byte 0: which reader (low 3 bits); bit 3: a Retry-After header;
 *           bit 4: the companion plugin is there (the post's "meta")
 *   byte 1: the HTTP status and the Content-Type
 *   then, when bit 3 is set, the Retry-After value up to the first '\n';
 *   the rest: the body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "byline-article-format.h"
#include "byline-cms-error.h"
#include "byline-cms-item.h"
#include "byline-wp-cms-private.h"

static const guint statuses[] = {
  200, 201, 200, 200, 200, 200, 204, 301, 400, 401, 403, 404, 409, 410, 412, 413, 429, 500, 503, 100,
};
static const char *content_types[] = {
  "application/json; charset=UTF-8", "text/html; charset=UTF-8", NULL, "text/plain",
};

static SoupSession *session;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  byline_fuzz_init ();
  /* No request is ever sent: the readers only see the answers below. */
  session = soup_session_new ();
  return 0;
}

static void
check_error (GError *error)
{
  /* Every failure is Byline's own error with a message a person can read. */
  if (error == NULL || error->domain != BYLINE_CMS_ERROR ||
      !g_utf8_validate (error->message, -1, NULL) || error->message[0] == '\0')
    {
      if (error != NULL)
        fprintf (stderr, "unreadable error (%s %d): %s\n",
                 g_quark_to_string (error->domain), error->code, error->message);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) error_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineWpCms) self = NULL;
  guint which, status;
  const char *content_type;

  if (size < 2)
    return 0;
  which = data[0] & 0x7;
  /* A new backend each time: its caches (media by URL) start empty. */
  self = byline_wp_cms_new (session, "https://news.example.org", "editor", "abcd efgh", NULL);
  if (self == NULL)
    abort ();
  byline_wp_cms_set_companion_for_testing (self, (data[0] & 0x10) != 0);
  status = statuses[data[1] % G_N_ELEMENTS (statuses)];
  content_type = content_types[(data[1] / G_N_ELEMENTS (statuses)) % G_N_ELEMENTS (content_types)];
  data += 2;
  size -= 2;

  if (content_type != NULL)
    soup_message_headers_set_content_type (headers, content_type, NULL);
  if (data[-2] & 0x8)
    {
      const uint8_t *eol = memchr (data, '\n', size);
      gsize n = eol != NULL ? (gsize) (eol - data) : size;
      g_autofree char *value = g_strndup ((const char *) data, n);

      /* libsoup refuses header values with control characters itself. */
      if (g_utf8_validate (value, -1, NULL) && strpbrk (value, "\r\n") == NULL)
        soup_message_headers_replace (headers, "Retry-After", value);
      data += MIN (n + 1, size);
      size -= MIN (n + 1, size);
    }

  body = g_bytes_new (data, size);
  root = byline_wp_cms_read_answer (self, status, headers, body, &error_body, &error);
  if (root == NULL)
    {
      check_error (error);
      return 0;
    }

  switch (which)
    {
    case 0:
    case 1:
      {
        g_auto(BylineWpPost) post = { 0, };

        if (!byline_wp_cms_parse_post (self, root, &post, &error))
          check_error (error);
        else
          {
            /* Build the article as fetch does, and write it as the store
             * would: every string the site sent must be acceptable. */
            g_autoptr(BylineArticle) article = byline_article_new ();
            g_autofree char *json = NULL;

            byline_article_set_headline (article, post.title);
            byline_article_set_standfirst (article, post.excerpt);
            byline_article_set_status (article, post.status);
            byline_article_splice_body (article, 0, byline_article_get_n_blocks (article),
                                        (BylineBlock * const *) post.blocks->pdata, post.blocks->len);
            for (guint i = 0; post.content_related != NULL && i < post.content_related->len; i++)
              byline_article_insert_related (article, i, g_ptr_array_index (post.content_related, i));
            json = byline_article_to_json (article, NULL);
          }
      }
      break;
    case 2:
    case 3:
      {
        g_autoptr(GPtrArray) items = byline_wp_cms_parse_post_list (self, root, &error);

        if (items == NULL)
          check_error (error);
        for (guint i = 0; items != NULL && i < items->len; i++)
          if (byline_cms_item_get_remote_id (g_ptr_array_index (items, i)) == NULL)
            abort ();
      }
      break;
    case 4:
    case 5:
      {
        g_autoptr(BylineImage) image = byline_wp_cms_parse_media (self, root, 7, &error);

        if (image == NULL)
          check_error (error);
      }
      break;
    default:
      {
        g_autoptr(GHashTable) names = byline_wp_cms_parse_terms (self, root, "categories", &error);

        if (names == NULL)
          check_error (error);
      }
      break;
    }
  return 0;
}
