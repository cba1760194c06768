/* test-related.c: related stories below the UI — the story cache and its
 * full-text indexes, searching local + cached + site, suggestions, and
 * live references.
 *
 * The site is an in-process fake BylineCms: it answers searches after a
 * chosen delay (so a stale search can be overtaken), can be "offline",
 * and answers reference lookups from a table the test fills.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <sqlite3.h>

#include "byline-article-format.h"
#include "byline-ref-check.h"
#include "byline-related-search.h"
#include "byline-media.h"
#include "byline-story-cache.h"
#include "byline-thumbnail.h"

#define ACCOUNT "gazette"

/* ------------------------------------------------------------------ */
/* The fake site                                                        */

#define TEST_TYPE_CMS (test_cms_get_type ())
G_DECLARE_FINAL_TYPE (TestCms, test_cms, TEST, CMS, GObject)

struct _TestCms
{
  GObject parent_instance;

  GPtrArray *posts;        /* BylineStoryRef, target state = its status */
  gboolean offline;
  guint delay_ms;
  guint n_searches;
  guint n_lookups;
  guint n_images;
  GPtrArray *queries;      /* what was asked */
};

static void test_cms_iface_init (BylineCmsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCms, test_cms, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BYLINE_TYPE_CMS, test_cms_iface_init))

static void
test_cms_finalize (GObject *object)
{
  TestCms *self = TEST_CMS (object);

  g_ptr_array_unref (self->posts);
  g_ptr_array_unref (self->queries);
  G_OBJECT_CLASS (test_cms_parent_class)->finalize (object);
}

static void
test_cms_class_init (TestCmsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_cms_finalize;
}

static void
test_cms_init (TestCms *self)
{
  self->posts = g_ptr_array_new_with_free_func (g_object_unref);
  self->queries = g_ptr_array_new_with_free_func (g_free);
}

static BylineStoryRef *
add_post (TestCms           *cms,
          const char        *id,
          const char        *section,
          const char        *headline,
          BylineTargetState  state)
{
  BylineStoryRef *ref = byline_story_ref_new ();
  g_autofree char *url = g_strdup_printf ("https://gazette.example/?p=%s", id);

  byline_story_ref_set_cms_id (ref, id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_section (ref, section);
  byline_story_ref_set_headline (ref, headline);
  byline_story_ref_set_target (ref, state, NULL);
  g_ptr_array_add (cms->posts, ref);
  return ref;
}

static BylineStoryRef *
find_post (TestCms    *cms,
           const char *id)
{
  for (guint i = 0; i < cms->posts->len; i++)
    {
      BylineStoryRef *ref = g_ptr_array_index (cms->posts, i);

      if (g_strcmp0 (byline_story_ref_get_cms_id (ref), id) == 0)
        return ref;
    }
  return NULL;
}

static gboolean
answer_later_cb (gpointer data)
{
  GTask *task = data;
  TestCms *self = g_task_get_source_object (task);
  const char *query = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *needle = g_utf8_strdown (query, -1);

  if (self->offline)
    {
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK,
                               "Could not reach gazette.example");
      return G_SOURCE_REMOVE;
    }
  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < self->posts->len; i++)
    {
      BylineStoryRef *ref = g_ptr_array_index (self->posts, i);
      g_autofree char *headline = g_utf8_strdown (byline_story_ref_get_headline (ref), -1);
      g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 6, 1, 9, 0, 0);

      if (byline_story_ref_get_target_state (ref) != BYLINE_TARGET_STATE_OK ||
          strstr (headline, needle) == NULL)
        continue;
      g_ptr_array_add (items, byline_cms_item_new (byline_story_ref_get_cms_id (ref),
                                                   byline_story_ref_get_headline (ref),
                                                   BYLINE_ARTICLE_STATUS_PUBLISHED, modified,
                                                   byline_story_ref_get_url (ref), "v1"));
    }
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static void
test_cms_list_async (BylineCms             *cms,
                     const char            *search,
                     BylineCmsStatusFilter  statuses,
                     guint                  page,
                     guint                  per_page,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               user_data)
{
  TestCms *self = TEST_CMS (cms);
  GTask *task = g_task_new (cms, cancellable, callback, user_data);

  self->n_searches++;
  g_ptr_array_add (self->queries, g_strdup (search));
  g_task_set_task_data (task, g_strdup (search ? search : ""), g_free);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, answer_later_cb, task, g_object_unref);
}

static GPtrArray *
test_cms_list_finish (BylineCms     *cms,
                      GAsyncResult  *result,
                      guint         *total,
                      guint         *total_pages,
                      GError       **error)
{
  GPtrArray *items = g_task_propagate_pointer (G_TASK (result), error);

  if (total != NULL)
    *total = items ? items->len : 0;
  if (total_pages != NULL)
    *total_pages = 1;
  return items;
}

static void
test_cms_lookup_async (BylineCms           *cms,
                       const char * const  *ids,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TestCms *self = TEST_CMS (cms);
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  self->n_lookups++;
  if (self->offline)
    {
      g_ptr_array_unref (found);
      g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK, "offline");
      return;
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      BylineStoryRef *post = find_post (self, ids[i]);

      /* NULL state UNKNOWN marks "deleted for good": not in the answer. */
      if (post != NULL && byline_story_ref_get_target_state (post) != BYLINE_TARGET_STATE_UNKNOWN)
        g_ptr_array_add (found, byline_story_ref_copy (post));
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
test_cms_lookup_finish (BylineCms     *cms,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A 1×1 PNG. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
  0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xdf, 0xc0, 0x00,
  0x00, 0x04, 0x01, 0x01, 0x80, 0xc5, 0x2a, 0x18, 0x5d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
  0x44, 0xae, 0x42, 0x60, 0x82,
};

/* photo.png is a picture; page.png is an HTML page; anything else is a 404. */
static void
test_cms_fetch_image_async (BylineCms           *cms,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TestCms *self = TEST_CMS (cms);
  g_autoptr(GTask) task = g_task_new (cms, cancellable, callback, user_data);

  self->n_images++;
  if (self->offline)
    g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK, "Could not reach gazette.example");
  else if (g_str_has_suffix (url, "/photo.png"))
    g_task_return_pointer (task, g_bytes_new_static (tiny_png, sizeof tiny_png), (GDestroyNotify) g_bytes_unref);
  else if (g_str_has_suffix (url, "/page.png"))
    g_task_return_pointer (task, g_bytes_new_static ("<html>", 6), (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_new_error (task, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NOT_FOUND, "No such image");
}

static GBytes *
test_cms_fetch_image_finish (BylineCms     *cms,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_cms_iface_init (BylineCmsInterface *iface)
{
  iface->fetch_image_async = test_cms_fetch_image_async;
  iface->fetch_image_finish = test_cms_fetch_image_finish;
  iface->list_async = test_cms_list_async;
  iface->list_finish = test_cms_list_finish;
  iface->lookup_stories_async = test_cms_lookup_async;
  iface->lookup_stories_finish = test_cms_lookup_finish;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
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
wait_search (BylineRelatedSearch *search)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (10000, timeout_cb, &expired);

  while (byline_related_search_get_running (search) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);
}

static BylineStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  BylineStore *store = byline_store_new (dir);

  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static char *
new_store_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("byline-related-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static BylineCachedStory *
cached (const char *id,
        const char *section,
        const char *headline,
        const char *excerpt,
        const char *text)
{
  BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);
  g_autofree char *url = g_strdup_printf ("https://gazette.example/?p=%s", id);

  byline_cached_story_set_account (story, ACCOUNT);
  byline_cached_story_set_cms_id (story, id);
  byline_cached_story_set_url (story, url);
  byline_cached_story_set_section (story, section);
  byline_cached_story_set_headline (story, headline);
  byline_cached_story_set_excerpt (story, excerpt);
  byline_cached_story_set_text (story, text);
  byline_cached_story_set_status (story, "published");
  byline_cached_story_set_image (story, "https://gazette.example/photo.jpg", "The quay at dawn.");
  return story;
}

static void
cache (BylineStore       *store,
       BylineCachedStory *first,
       ...)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (BylineCachedStory *s = first; s != NULL; s = va_arg (args, BylineCachedStory *))
    g_ptr_array_add (stories, s);
  va_end (args);

  g_assert_true (byline_store_cache_stories_sync (store, stories, NULL, &error));
  g_assert_no_error (error);
}

static BylineArticle *
save_article (BylineStore *store,
              const char  *headline,
              const char  *standfirst,
              const char  *body)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) block = byline_block_new_paragraph (body);
  g_autoptr(GError) error = NULL;

  byline_article_set_headline (article, headline);
  byline_article_set_standfirst (article, standfirst);
  byline_article_append_block (article, block);
  g_assert_true (byline_store_save_article_sync (store, article, NULL, &error));
  g_assert_no_error (error);
  return article;
}

static GPtrArray *
search (BylineStore *store,
        const char  *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = byline_store_search_stories_sync (store, text, NULL, 20, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static gboolean
has_headline (GListModel *model,
              const char *headline,
              BylineStorySource source)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (model, i);

      if (g_strcmp0 (byline_cached_story_get_headline (story), headline) == 0)
        return byline_cached_story_get_source (story) == source;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Store                                                                */

static void
test_query_building (void)
{
  g_autofree char *q1 = byline_story_cache_make_query ("Harbour  FERRY", TRUE);
  g_autofree char *q2 = byline_story_cache_make_query ("\"drop\" OR * NEAR(", FALSE);
  g_autofree char *q3 = byline_story_cache_make_query (" -- ", TRUE);
  g_autofree char *q4 = byline_story_cache_make_query ("Café", FALSE);

  g_assert_cmpstr (q1, ==, "\"harbour\" \"ferry\"*");
  /* Operators typed by the journalist are words, not syntax. */
  g_assert_cmpstr (q2, ==, "\"drop\" \"or\" \"near\"");
  g_assert_null (q3);
  g_assert_cmpstr (q4, ==, "\"cafe\"");
}

static void
test_cache_survives_restart (void)
{
  g_autofree char *dir = new_store_dir ();
  g_autoptr(BylineStore) store = open_store (dir);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  BylineCachedStory *story;

  cache (store,
         cached ("501", "Coast", "Lighthouse keeper retires after forty years",
                 "The last keeper of the north light hands over the keys.", "A lamp that never went out."),
         cached ("502", "City", "Council approves new bus lanes", "Two routes change in spring.", ""),
         NULL);
  /* A later, thinner look (a site search: no section, no image) keeps what
   * the cache knew. */
  {
    g_autoptr(BylineCachedStory) thin = byline_cached_story_new (BYLINE_STORY_SOURCE_SITE);

    byline_cached_story_set_account (thin, ACCOUNT);
    byline_cached_story_set_cms_id (thin, "501");
    byline_cached_story_set_headline (thin, "Lighthouse keeper retires after 40 years");
    cache (store, g_steal_pointer (&thin), NULL);
  }
  byline_store_close (store);
  g_clear_object (&store);

  store = open_store (dir);
  g_assert_cmpuint (byline_store_count_cached_sync (store, NULL, &error), ==, 2);
  results = search (store, "keeper");
  g_assert_cmpuint (results->len, ==, 1);
  story = g_ptr_array_index (results, 0);
  g_assert_cmpint (byline_cached_story_get_source (story), ==, BYLINE_STORY_SOURCE_CACHED);
  g_assert_cmpstr (byline_cached_story_get_cms_id (story), ==, "501");
  g_assert_cmpstr (byline_cached_story_get_headline (story), ==, "Lighthouse keeper retires after 40 years");
  g_assert_cmpstr (byline_cached_story_get_section (story), ==, "Coast");
  g_assert_cmpstr (byline_cached_story_get_image_caption (story), ==, "The quay at dawn.");

  /* The text for ranking is searchable too, and a prefix finds it as the
   * journalist types. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "lam");
  g_assert_cmpuint (results->len, ==, 1);

  g_assert_true (byline_store_uncache_story_sync (store, ACCOUNT, "501", NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "keeper");
  g_assert_cmpuint (results->len, ==, 0);
  byline_store_close (store);
}

static char *
query_db (const char *dir,
          const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;
  char *errmsg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (g_str_has_prefix (sql, "SELECT") || g_str_has_prefix (sql, "PRAGMA"))
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  else if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s", errmsg);
  sqlite3_close (db);
  return text;
}

/* A store of schema version 4 (the cache's index without its prefix
 * index) upgrades to 5: the stories already cached are indexed again,
 * prefixes find them, and the triggers keep the new index in step. */
static void
test_upgrade_v5 (void)
{
  g_autofree char *dir = new_store_dir ();
  g_autoptr(BylineStore) store = open_store (dir);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *nothing = NULL;

  cache (store,
         cached ("501", "Coast", "Lighthouse keeper retires after forty years",
                 "The last keeper of the north light hands over the keys.", "A lamp that never went out."),
         cached ("502", "City", "Council approves new bus lanes", "Two routes change in spring.", ""),
         NULL);
  byline_store_close (store);
  g_clear_object (&store);

  /* Back to version 4's index, as Byline 4 left it (and without version
   * 6's, 8's and 10's tables). */
  nothing = query_db (dir,
                      "UPDATE articles SET document = "
                      "  (SELECT document FROM article_documents WHERE article_id = id);"
                      "DROP TABLE article_documents;"
                      "DROP TABLE remote_media;"
                      "DROP TABLE article_sync;"
                      "DROP TABLE story_cache_vocab;"
                      "DROP TABLE story_cache_fts;"
                      "CREATE VIRTUAL TABLE story_cache_fts USING fts5 ("
                      "  headline, excerpt, section, body,"
                      "  content = 'story_cache', content_rowid = 'id', detail = column,"
                      "  tokenize = 'unicode61 remove_diacritics 2');"
                      "CREATE VIRTUAL TABLE story_cache_vocab USING fts5vocab (story_cache_fts, 'row');"
                      "INSERT INTO story_cache_fts (story_cache_fts) VALUES ('rebuild');"
                      "PRAGMA user_version = 4;");
  version = query_db (dir, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "4");
  g_clear_pointer (&version, g_free);

  store = open_store (dir);
  version = query_db (dir, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, G_STRINGIFY (BYLINE_STORE_SCHEMA_VERSION));
  g_clear_pointer (&sql, g_free);
  sql = query_db (dir, "SELECT count(*) FROM remote_media");
  g_assert_cmpstr (sql, ==, "0");
  g_clear_pointer (&sql, g_free);
  sql = query_db (dir, "SELECT sql FROM sqlite_master WHERE name = 'story_cache_fts'");
  g_assert_nonnull (strstr (sql, "prefix = '3'"));

  /* Three letters of a headline's word, of the text's; a whole word. */
  results = search (store, "kee");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "lam");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "council");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The triggers write to the new index. */
  cache (store, cached ("503", "Coast", "Keeper's cottage for sale", "", ""), NULL);
  g_assert_true (byline_store_uncache_story_sync (store, ACCOUNT, "501", NULL, &error));
  g_assert_no_error (error);
  results = search (store, "kee");
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (byline_cached_story_get_cms_id (g_ptr_array_index (results, 0)), ==, "503");
  g_clear_pointer (&results, g_ptr_array_unref);
  nothing = query_db (dir, "INSERT INTO story_cache_fts (story_cache_fts) VALUES ('integrity-check')");
  byline_store_close (store);
}

static void
test_local_search (void)
{
  g_autofree char *dir = new_store_dir ();
  g_autoptr(BylineStore) store = open_store (dir);
  g_autoptr(BylineArticle) ferry = NULL;
  g_autoptr(BylineArticle) bridge = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  BylineCachedStory *story;

  ferry = save_article (store, "Ferry ends winter service", "The island link pauses.",
                        "Crews will repaint the hull before the spring timetable.");
  bridge = save_article (store, "Bridge repairs start", "", "Engineers close one lane.");

  results = search (store, "repaint hull");
  g_assert_cmpuint (results->len, ==, 1);
  story = g_ptr_array_index (results, 0);
  g_assert_cmpint (byline_cached_story_get_source (story), ==, BYLINE_STORY_SOURCE_LOCAL);
  g_assert_cmpstr (byline_cached_story_get_article_id (story), ==, byline_article_get_id (ferry));
  g_assert_cmpstr (byline_cached_story_get_headline (story), ==, "Ferry ends winter service");
  g_assert_cmpstr (byline_cached_story_get_excerpt (story), ==, "The island link pauses.");

  /* A save re-indexes: the old words go, the new ones are found. */
  byline_block_set_text (byline_article_get_block (ferry, 0), "Crews will paint the funnel red.");
  g_assert_true (byline_store_save_article_sync (store, ferry, NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "hull");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "funnel");
  g_assert_cmpuint (results->len, ==, 1);

  /* So do the headline and the standfirst. */
  byline_article_set_headline (ferry, "Ferry sails again in March");
  byline_article_set_standfirst (ferry, "Timetables are printed.");
  g_assert_true (byline_store_save_article_sync (store, ferry, NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "winter");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "island");
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "march printed");
  g_assert_cmpuint (results->len, ==, 1);

  /* A long story is found by the start of its body (the first 16,384
   * characters); words further down are not indexed, and saving a change
   * there leaves what is found as it was. */
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(BylineBlock) block = byline_block_new_paragraph ("The crossing takes forty minutes in calm weather today.");

      byline_article_append_block (ferry, block);
    }
  {
    g_autoptr(BylineBlock) last = byline_block_new_paragraph ("A lighthouse keeper waves from the pier.");

    byline_article_append_block (ferry, last);
  }
  g_assert_true (byline_store_save_article_sync (store, ferry, NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "crossing funnel");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "lighthouse");
  g_assert_cmpuint (results->len, ==, 0);
  byline_block_set_text (byline_article_get_block (ferry, 401), "A harbour seal waves from the pier.");
  g_assert_true (byline_store_save_article_sync (store, ferry, NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "funnel");
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "seal");
  g_assert_cmpuint (results->len, ==, 0);
  /* The index agrees with itself after all that. */
  g_free (query_db (dir, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')"));

  /* The article being written is not its own result; the trash is not searched. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = byline_store_search_stories_sync (store, "funnel", byline_article_get_id (ferry), 20, NULL, &error);
  g_assert_cmpuint (results->len, ==, 0);
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (bridge), NULL, &error));
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (store, "engineers");
  g_assert_cmpuint (results->len, ==, 0);
  byline_store_close (store);
}

/* ------------------------------------------------------------------ */
/* Search: local + cached + site                                        */

typedef struct
{
  char *dir;
  BylineStore *store;
  TestCms *cms;
  BylineRelatedSearch *search;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BylineArticle) local = NULL;

  f->dir = new_store_dir ();
  f->store = open_store (f->dir);
  f->cms = g_object_new (TEST_TYPE_CMS, NULL);
  f->search = byline_related_search_new (f->store, BYLINE_CMS (f->cms), ACCOUNT);

  local = save_article (f->store, "Harbour ferry timetable drafted", "", "The harbour master writes.");
  cache (f->store,
         cached ("501", "Coast", "Harbour wall repaired", "Stones were replaced.", ""),
         cached ("502", "Coast", "Old harbour crane sold", "A collector bought it.", ""),
         NULL);
  add_post (f->cms, "501", "Coast", "Harbour wall repaired in record time", BYLINE_TARGET_STATE_OK);
  add_post (f->cms, "503", "Business", "Harbour fees to rise", BYLINE_TARGET_STATE_OK);
  add_post (f->cms, "504", "Coast", "Ferry crew praised", BYLINE_TARGET_STATE_OK);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->search);
  spin (50);
  g_clear_object (&f->cms);
  byline_store_close (f->store);
  g_clear_object (&f->store);
  g_free (f->dir);
}

static void
test_search_merges (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *results = byline_related_search_get_results (f->search);
  g_autoptr(GPtrArray) recached = NULL;
  guint n_501 = 0;

  f->cms->delay_ms = 50;
  byline_related_search_run (f->search, "harbour");
  wait_search (f->search);

  g_assert_cmpint (byline_related_search_get_site_state (f->search), ==, BYLINE_SITE_SEARCH_DONE);
  g_assert_null (byline_related_search_get_status (f->search));
  /* local 1 + cached 2 + site 2 (one of which is cached 501): 4 results */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 4);
  g_assert_true (has_headline (results, "Harbour ferry timetable drafted", BYLINE_STORY_SOURCE_LOCAL));
  g_assert_true (has_headline (results, "Old harbour crane sold", BYLINE_STORY_SOURCE_CACHED));
  g_assert_true (has_headline (results, "Harbour fees to rise", BYLINE_STORY_SOURCE_SITE));
  /* The cached 501 the site also returned: one result, the site's fresh
   * headline, the cache's section and image kept. */
  g_assert_true (has_headline (results, "Harbour wall repaired in record time", BYLINE_STORY_SOURCE_SITE));
  g_assert_false (has_headline (results, "Harbour wall repaired", BYLINE_STORY_SOURCE_CACHED));
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (results, i);

      if (g_strcmp0 (byline_cached_story_get_cms_id (story), "501") == 0)
        {
          n_501++;
          g_assert_cmpstr (byline_cached_story_get_section (story), ==, "Coast");
          g_assert_cmpstr (byline_cached_story_get_image_src (story), ==, "https://gazette.example/photo.jpg");
        }
    }
  g_assert_cmpuint (n_501, ==, 1);

  /* The site's answers went into the cache: found offline next time. */
  spin (100);
  recached = search (f->store, "fees");
  g_assert_cmpuint (recached->len, ==, 1);
  g_assert_cmpstr (byline_cached_story_get_cms_id (g_ptr_array_index (recached, 0)), ==, "503");
}

static void
test_search_cancels_stale (Fixture       *f,
                           gconstpointer  data)
{
  GListModel *results = byline_related_search_get_results (f->search);

  /* "ferry" is slow on the site; "fees" is typed before it answers. */
  f->cms->delay_ms = 300;
  byline_related_search_run (f->search, "ferry");
  spin (20);
  f->cms->delay_ms = 20;
  byline_related_search_run (f->search, "fees");
  wait_search (f->search);
  /* Long enough for the stale answer to have come back. */
  spin (400);

  g_assert_cmpuint (f->cms->n_searches, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_true (has_headline (results, "Harbour fees to rise", BYLINE_STORY_SOURCE_SITE));
  g_assert_false (has_headline (results, "Ferry crew praised", BYLINE_STORY_SOURCE_SITE));
  g_assert_false (byline_related_search_get_running (f->search));
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GFile *
fetch_thumbnail (Fixture     *f,
                 BylineStore *store,
                 const char  *url,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_thumbnail_fetch_async (store, BYLINE_CMS (f->cms), url, NULL, thumbnail_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return byline_thumbnail_fetch_finish (result, error);
}

/* A story's image comes from the site once, is kept in the media store
 * (content-addressed, under the store's folder) and comes from there
 * afterwards, offline and after a restart; what is not an image is not
 * kept. */
static void
test_thumbnail (Fixture       *f,
                gconstpointer  data)
{
  const char *url = "https://gazette.example/wp-content/uploads/photo.png";
  g_autoptr(GFile) first = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *src = NULL;

  first = fetch_thumbnail (f, f->store, url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->cms->n_images, ==, 1);
  relative = g_file_get_relative_path (dir, first);
  g_assert_true (g_str_has_prefix (relative, "media/"));
  g_assert_true (g_str_has_suffix (relative, ".png"));
  stored = g_file_load_bytes (first, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), tiny_png, sizeof tiny_png);

  /* Kept: the site is not asked again, offline or after a restart. */
  f->cms->offline = TRUE;
  again = fetch_thumbnail (f, f->store, url, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (first, again));
  g_clear_object (&again);
  byline_store_close (f->store);
  g_clear_object (&f->store);
  f->store = open_store (f->dir);
  again = fetch_thumbnail (f, f->store, url, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (first, again));
  g_assert_cmpuint (f->cms->n_images, ==, 1);

  /* Offline and not kept: an error, nothing remembered. */
  bad = fetch_thumbnail (f, f->store, "https://gazette.example/wp-content/uploads/other.png", &error);
  g_assert_null (bad);
  g_assert_error (error, BYLINE_CMS_ERROR, BYLINE_CMS_ERROR_NETWORK);
  g_clear_error (&error);

  /* Not an image: refused, not kept. */
  f->cms->offline = FALSE;
  bad = fetch_thumbnail (f, f->store, "https://gazette.example/wp-content/uploads/page.png", &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
  g_clear_error (&error);
  src = byline_store_lookup_remote_media_sync (f->store, "https://gazette.example/wp-content/uploads/page.png", &error);
  g_assert_no_error (error);
  g_assert_null (src);
}

/* With a site delay (the panel's), typing on asks the site only for the
 * last query, while the store answers every one. */
static void
test_search_site_delay (Fixture       *f,
                        gconstpointer  data)
{
  GListModel *results = byline_related_search_get_results (f->search);

  byline_related_search_set_site_delay (f->search, 100);
  f->cms->delay_ms = 10;
  byline_related_search_run (f->search, "ha");
  spin (20);
  byline_related_search_run (f->search, "harbour");
  /* The store's part does not wait for the site's delay. */
  while (!has_headline (results, "Harbour wall repaired", BYLINE_STORY_SOURCE_CACHED))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->cms->n_searches, ==, 0);
  g_assert_true (byline_related_search_get_running (f->search));

  wait_search (f->search);
  g_assert_cmpuint (f->cms->n_searches, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cms->queries, 0), ==, "harbour");
  g_assert_cmpint (byline_related_search_get_site_state (f->search), ==, BYLINE_SITE_SEARCH_DONE);

  /* Cancelled while waiting: the site is never asked. */
  byline_related_search_run (f->search, "fees");
  byline_related_search_cancel (f->search);
  spin (200);
  g_assert_cmpuint (f->cms->n_searches, ==, 1);
}

static BylineCachedStory *
story_with_id (GListModel *model,
               const char *cms_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BylineCachedStory) story = g_list_model_get_item (model, i);

      if (g_strcmp0 (byline_cached_story_get_cms_id (story), cms_id) == 0)
        return g_steal_pointer (&story);
    }
  return NULL;
}

typedef struct
{
  guint removed;
  guint added;
} Changes;

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->removed += removed;
  changes->added += added;
}

/* A new query leaves the results as they are until it answers, then only
 * the stories gone leave: the one found again keeps its item (a list
 * view keeps its row), and the site's fresh values reach that item. */
static void
test_search_keeps_items (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *results = byline_related_search_get_results (f->search);
  g_autoptr(BylineCachedStory) wall = NULL;
  g_autoptr(BylineCachedStory) again = NULL;
  Changes changes = { 0, 0 };

  /* The store answers first, then the site */
  f->cms->delay_ms = 50;
  byline_related_search_run (f->search, "harbour");
  wait_search (f->search);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 4);
  wall = story_with_id (results, "501");
  g_assert_nonnull (wall);
  /* The site's list answered last: its headline in the cached item */
  g_assert_cmpstr (byline_cached_story_get_headline (wall), ==, "Harbour wall repaired in record time");
  spin (100);

  g_signal_connect (results, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  byline_related_search_run (f->search, "harbour wall");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 4);
  wait_search (f->search);
  g_signal_handlers_disconnect_by_func (results, count_changes_cb, &changes);

  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  again = g_list_model_get_item (results, 0);
  g_assert_true (again == wall);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpint (byline_cached_story_get_source (wall), ==, BYLINE_STORY_SOURCE_SITE);
  g_assert_cmpstr (byline_cached_story_get_headline (wall), ==, "Harbour wall repaired in record time");
  g_assert_cmpstr (byline_cached_story_get_section (wall), ==, "Coast");

  /* Nothing to search for: nothing shown */
  byline_related_search_run (f->search, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
}

static void
test_search_offline (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *results = byline_related_search_get_results (f->search);

  f->cms->offline = TRUE;
  byline_related_search_run (f->search, "harbour");
  wait_search (f->search);

  g_assert_cmpint (byline_related_search_get_site_state (f->search), ==, BYLINE_SITE_SEARCH_UNREACHABLE);
  g_assert_cmpstr (byline_related_search_get_status (f->search), ==, "Site unreachable, showing cached stories");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  g_assert_true (has_headline (results, "Harbour wall repaired", BYLINE_STORY_SOURCE_CACHED));
  g_assert_true (has_headline (results, "Old harbour crane sold", BYLINE_STORY_SOURCE_CACHED));
  g_assert_true (has_headline (results, "Harbour ferry timetable drafted", BYLINE_STORY_SOURCE_LOCAL));
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                          */

static void
test_suggest_rare_terms (void)
{
  g_autofree char *dir = new_store_dir ();
  g_autoptr(BylineStore) store = open_store (dir);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) filler = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BylineStoryRef) attached = NULL;
  g_autoptr(GError) error = NULL;

  /* Many stories about the council and the city: common words. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000 + i);
      g_autofree char *headline = g_strdup_printf ("City council meeting number %u", i);

      g_ptr_array_add (filler, cached (id, "City", headline,
                                       "The council met in the city hall and talked about the city budget.", ""));
    }
  g_assert_true (byline_store_cache_stories_sync (store, filler, NULL, &error));
  cache (store,
         cached ("700", "City", "City council debates budget again",
                 "The council and the city argue about the budget.", "The city council budget."),
         cached ("701", "Coast", "Lighthouse lens returns to the headland",
                 "The restored Fresnel lens is back in the lantern room.", "Lighthouse keepers polished the lens."),
         cached ("702", "Coast", "Headland path reopens", "Walkers can reach the lighthouse again.", ""),
         cached ("703", "Coast", "Lighthouse lens already attached story",
                 "Fresnel lens lantern lighthouse headland.", ""),
         NULL);

  article = byline_article_new ();
  byline_article_set_headline (article, "City council funds lighthouse Fresnel lens");
  byline_article_set_standfirst (article, "The council will pay for the lantern room of the city's lighthouse.");
  {
    g_autoptr(BylineBlock) p = byline_block_new_paragraph (
      "The city council voted to fund the Fresnel lens. The lens will light the headland; "
      "the council said the city budget has room for the lantern.");
    byline_article_append_block (article, p);
  }
  attached = byline_story_ref_new ();
  byline_story_ref_set_cms_id (attached, "703");
  byline_article_insert_related (article, 0, attached);
  g_assert_true (byline_store_save_article_sync (store, article, NULL, &error));

  snapshot = byline_article_snapshot (article);
  results = byline_store_suggest_sync (store, snapshot, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, >=, 3);

  /* The story sharing the rare words (lighthouse, Fresnel, lens, lantern)
   * ranks above the one sharing only common ones (city, council, budget). */
  g_assert_cmpstr (byline_cached_story_get_cms_id (g_ptr_array_index (results, 0)), ==, "701");
  for (guint i = 0; i < results->len; i++)
    {
      BylineCachedStory *story = g_ptr_array_index (results, i);

      g_test_message ("suggestion %u: %s (%.3f)", i, byline_cached_story_get_headline (story),
                      byline_cached_story_get_score (story));
      /* Already attached, or the article itself: never suggested. */
      g_assert_cmpstr (byline_cached_story_get_cms_id (story), !=, "703");
      g_assert_cmpstr (byline_cached_story_get_article_id (story), !=, byline_article_get_id (article));
    }
  byline_store_close (store);
}

/* ------------------------------------------------------------------ */
/* Live references                                                      */

static BylineStoryRef *
ref_of (const char *id,
        const char *headline)
{
  BylineStoryRef *ref = byline_story_ref_new ();
  g_autofree char *url = g_strdup_printf ("https://gazette.example/?p=%s", id);

  byline_story_ref_set_cms_id (ref, id);
  byline_story_ref_set_url (ref, url);
  byline_story_ref_set_section (ref, "Coast");
  byline_story_ref_set_headline (ref, headline);
  return ref;
}

static void
test_format_target (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineStoryRef) ref = ref_of ("501", "Harbour wall repaired");
  g_autoptr(BylineStoryRef) fresh = ref_of ("501", "Harbour wall repaired in record time");
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineStoryRef) card_ref = ref_of ("502", "Crane sold");
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *json = NULL;
  BylineStoryRef *read_ref;

  byline_article_set_headline (article, "Quay works");
  byline_article_insert_related (article, 0, ref);
  byline_block_set_story_ref (card, card_ref);
  byline_article_append_block (article, card);
  before = byline_article_to_json (article, NULL);
  /* Never checked: the document is as before live references existed. */
  g_assert_null (strstr (before, "\"target\""));

  byline_story_ref_set_target (ref, BYLINE_TARGET_STATE_UPDATED, fresh);
  byline_story_ref_set_target (card_ref, BYLINE_TARGET_STATE_DELETED, NULL);
  json = byline_article_to_json (article, NULL);
  back = byline_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_equal (article, back));

  read_ref = g_list_model_get_item (byline_article_get_related (back), 0);
  g_assert_cmpint (byline_story_ref_get_target_state (read_ref), ==, BYLINE_TARGET_STATE_UPDATED);
  g_assert_cmpstr (byline_story_ref_get_fresh_headline (read_ref), ==, "Harbour wall repaired in record time");
  g_assert_cmpstr (byline_story_ref_describe_target (read_ref), ==, "Updated on the site — refresh card?");
  g_object_unref (read_ref);

  /* The old document still loads, every target unknown. */
  g_clear_object (&back);
  back = byline_article_new_from_json (before, -1, &error);
  g_assert_no_error (error);
  read_ref = byline_block_get_story_ref (byline_article_get_block (back, 0));
  g_assert_cmpint (byline_story_ref_get_target_state (read_ref), ==, BYLINE_TARGET_STATE_UNKNOWN);
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

static void
test_check_references (void)
{
  g_autoptr(TestCms) cms = g_object_new (TEST_TYPE_CMS, NULL);
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineStoryRef) same = ref_of ("1", "Tide tables published");
  g_autoptr(BylineStoryRef) renamed = ref_of ("2", "Pier closes");
  g_autoptr(BylineStoryRef) trashed = ref_of ("3", "Storm warning");
  g_autoptr(BylineStoryRef) gone = ref_of ("4", "Regatta results");
  g_autoptr(BylineStoryRef) drafted = ref_of ("5", "Fish market moves");
  g_autoptr(BylineBlock) card = byline_block_new (BYLINE_BLOCK_CARD);
  g_autoptr(BylineBlock) para = byline_block_new_paragraph ("The quay will be rebuilt.");
  g_autoptr(GPtrArray) flagged = NULL;
  g_autofree char *text_before = NULL;
  guint n_flagged = G_MAXUINT;

  add_post (cms, "1", "Coast", "Tide tables published", BYLINE_TARGET_STATE_OK);
  add_post (cms, "2", "Coast", "Pier closes for the winter", BYLINE_TARGET_STATE_OK);
  add_post (cms, "3", "Coast", "Storm warning", BYLINE_TARGET_STATE_DELETED);
  add_post (cms, "5", "Coast", "Fish market moves", BYLINE_TARGET_STATE_NOT_PUBLIC);

  byline_article_set_headline (article, "Quay to be rebuilt");
  byline_article_append_block (article, para);
  byline_block_set_story_ref (card, renamed);
  byline_article_append_block (article, card);
  byline_article_insert_related (article, 0, same);
  byline_article_insert_related (article, 1, trashed);
  byline_article_insert_related (article, 2, gone);
  byline_article_insert_related (article, 3, drafted);
  text_before = g_strdup (byline_block_get_text (para));

  byline_check_references_async (BYLINE_CMS (cms), article, NULL, check_done_cb, &n_flagged);
  while (n_flagged == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (cms->n_lookups, ==, 1);   /* one batch */
  g_assert_cmpuint (n_flagged, ==, 4);
  g_assert_cmpint (byline_story_ref_get_target_state (same), ==, BYLINE_TARGET_STATE_OK);
  g_assert_cmpint (byline_story_ref_get_target_state (renamed), ==, BYLINE_TARGET_STATE_UPDATED);
  g_assert_cmpint (byline_story_ref_get_target_state (trashed), ==, BYLINE_TARGET_STATE_DELETED);
  g_assert_cmpint (byline_story_ref_get_target_state (gone), ==, BYLINE_TARGET_STATE_DELETED);
  g_assert_cmpint (byline_story_ref_get_target_state (drafted), ==, BYLINE_TARGET_STATE_NOT_PUBLIC);
  g_assert_cmpstr (byline_story_ref_describe_target (drafted), ==, "No longer public");
  g_assert_cmpstr (byline_story_ref_describe_target (gone), ==, "Deleted on the site");

  /* Nothing else changed: the card still shows what it showed. */
  g_assert_cmpstr (byline_story_ref_get_headline (renamed), ==, "Pier closes");
  g_assert_cmpstr (byline_block_get_text (para), ==, text_before);
  g_assert_cmpstr (byline_article_get_headline (article), ==, "Quay to be rebuilt");

  flagged = byline_article_list_flagged_refs (article);
  g_assert_cmpuint (flagged->len, ==, 4);
  g_assert_true (g_ptr_array_index (flagged, 3) == renamed);   /* cards after related */

  /* "Refresh card?" — yes. */
  byline_story_ref_refresh (renamed);
  g_assert_cmpstr (byline_story_ref_get_headline (renamed), ==, "Pier closes for the winter");
  g_assert_cmpint (byline_story_ref_get_target_state (renamed), ==, BYLINE_TARGET_STATE_OK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/related/store/query", test_query_building);
  g_test_add_func ("/related/store/cache-survives-restart", test_cache_survives_restart);
  g_test_add_func ("/related/store/upgrade-v5", test_upgrade_v5);
  g_test_add_func ("/related/store/local-search", test_local_search);
  g_test_add ("/related/search/merges", Fixture, NULL, fixture_setup, test_search_merges, fixture_teardown);
  g_test_add ("/related/search/cancels-stale", Fixture, NULL, fixture_setup, test_search_cancels_stale, fixture_teardown);
  g_test_add ("/related/search/keeps-items", Fixture, NULL, fixture_setup, test_search_keeps_items, fixture_teardown);
  g_test_add ("/related/search/site-delay", Fixture, NULL, fixture_setup, test_search_site_delay, fixture_teardown);
  g_test_add ("/related/thumbnail/kept", Fixture, NULL, fixture_setup, test_thumbnail, fixture_teardown);
  g_test_add ("/related/search/offline", Fixture, NULL, fixture_setup, test_search_offline, fixture_teardown);
  g_test_add_func ("/related/suggest/rare-terms", test_suggest_rare_terms);
  g_test_add_func ("/related/format/target", test_format_target);
  g_test_add_func ("/related/check/states", test_check_references);

  return g_test_run ();
}
