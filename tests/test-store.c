/* test-store.c: the local article store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "model/byline-article.h"
#include "model/byline-article-format.h"
#include "store/byline-store.h"
#include "store/byline-autosave.h"

static char *
new_store_dir (void)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives every test its own data folder. */
  return g_build_filename (g_get_user_data_dir (), "byline-test-store", NULL);
}

static BylineStore *
open_store (const char *directory)
{
  g_autoptr(BylineStore) store = byline_store_new (directory);
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

static char *
words (const char *word,
       guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", word);

  return g_string_free (s, FALSE);
}

static BylineArticle *
make_article (const char *headline,
              const char *body)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(BylineBlock) paragraph = byline_block_new_paragraph (body);

  byline_article_set_headline (article, headline);
  byline_article_set_section (article, "Harbour");
  byline_article_set_standfirst (article, "The ferry timetable changes next week.");
  byline_article_append_block (article, paragraph);

  return article;
}

static void
set_body (BylineArticle *article,
          const char    *text)
{
  byline_block_set_text (byline_article_get_block (article, 0), text);
}

static void
save (BylineStore   *store,
      BylineArticle *article)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save_article_sync (store, article, NULL, &error));
  g_assert_no_error (error);
}

static BylineArticle *
load (BylineStore *store,
      const char  *id)
{
  g_autoptr(GError) error = NULL;
  BylineArticle *article = byline_store_load_sync (store, id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (article);
  return article;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static char *
find_corrupt_copy (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "byline.db.corrupt-") &&
        !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
      return g_build_filename (directory, name, NULL);

  return NULL;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

static GDateTime *
minutes_ago (int minutes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add_minutes (now, -minutes);
}

static void
test_round_trip (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *media = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *version = NULL;
  g_autofree char *list_columns = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineStore) again = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineArticle) reloaded = NULL;
  g_autoptr(BylineImage) image = byline_image_new ();
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "transport", "islands", NULL };

  store = open_store (directory);
  g_assert_true (byline_store_get_created_new (store));

  media = byline_store_get_media_directory (store);
  g_assert_true (g_file_test (media, G_FILE_TEST_IS_DIR));

  article = make_article ("Island ferry gets a second daily crossing",
                          "Residents asked for years; the council finally agreed.");
  byline_article_set_byline (article, "Morgan Reyes");
  byline_article_set_tags (article, tags);
  byline_article_set_status (article, BYLINE_ARTICLE_STATUS_PENDING_REVIEW);
  byline_image_set_src (image, "media/ferry.png");
  byline_image_set_caption (image, "The ferry leaving the north pier at dawn.");
  byline_image_set_credit (image, "© Harbour Desk 2024 / M. Reyes");
  byline_image_set_alt (image, "A white ferry on grey water, gulls overhead.");
  byline_article_set_lead_image (article, image);
  save (store, article);

  loaded = load (store, byline_article_get_id (article));
  g_assert_true (byline_article_equal (article, loaded));
  g_assert_cmpstr (byline_article_get_headline (loaded), ==, "Island ferry gets a second daily crossing");

  byline_store_close (store);
  g_assert_null (byline_store_load_sync (store, byline_article_get_id (article), NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_OPEN);
  g_clear_error (&error);

  /* A second open finds the existing store, WAL mode and the schema version. */
  again = open_store (directory);
  g_assert_false (byline_store_get_created_new (again));
  reloaded = load (again, byline_article_get_id (article));
  g_assert_true (byline_article_equal (article, reloaded));

  g_assert_null (byline_store_load_sync (again, "no-such-article", NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-article"));

  db_path = g_build_filename (directory, "byline.db", NULL);
  mode = query_text (db_path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  version = query_text (db_path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, BYLINE_STORE_SCHEMA_VERSION);

  /* The list is read from its index alone: it holds every column shown. */
  list_columns = query_text (db_path, "SELECT group_concat (name, ',') FROM pragma_index_info ('articles_list')");
  g_assert_cmpstr (list_columns, ==, "trashed_at,modified,id,headline,status,word_count");
}

static void
test_invalid_document (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("Night buses return", "From Friday.");
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  store = open_store (directory);
  save (store, article);

  /* Damage the stored JSON behind the store's back. */
  db_path = g_build_filename (directory, "byline.db", NULL);
  sql = g_strdup_printf ("UPDATE article_documents SET document = '{\"format\": \"byline-article\", \"version\": 1, \"id\": ' "
                         "WHERE article_id = '%s' RETURNING article_id", byline_article_get_id (article));
  ignored = query_text (db_path, sql);

  loaded = byline_store_load_sync (store, byline_article_get_id (article), NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, byline_article_get_id (article)));
}

static void
test_list_and_trash (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) a = make_article ("Alpha: library opens late", "Until nine.");
  g_autoptr(BylineArticle) b = make_article ("Bravo: bridge repairs", "Two lanes close.");
  g_autoptr(BylineArticle) c = make_article ("Charlie: school wins prize", "For its garden.");
  g_autoptr(GDateTime) t1 = minutes_ago (30);
  g_autoptr(GDateTime) t2 = minutes_ago (20);
  g_autoptr(GDateTime) t3 = minutes_ago (10);
  g_autoptr(GDateTime) future = NULL;
  g_autoptr(GDateTime) past = minutes_ago (60 * 24);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineArticle) trashed_b = NULL;
  BylineArticleSummary *summary;

  store = open_store (directory);

  /* Saved out of order: the list sorts by modified time, newest first. */
  byline_article_set_modified (b, t2);
  byline_article_set_modified (c, t3);
  byline_article_set_modified (a, t1);
  save (store, b);
  save (store, a);
  save (store, c);

  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[0]), ==, byline_article_get_id (c));
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[1]), ==, byline_article_get_id (b));
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[2]), ==, byline_article_get_id (a));
  summary = list->pdata[1];
  g_assert_cmpstr (byline_article_summary_get_headline (summary), ==, "Bravo: bridge repairs");
  g_assert_cmpint (byline_article_summary_get_status (summary), ==, BYLINE_ARTICLE_STATUS_DRAFT);
  g_assert_cmpint (byline_article_summary_get_sync_state (summary), ==, BYLINE_SYNC_STATE_LOCAL);
  g_assert_cmpuint (byline_article_summary_get_word_count (summary), ==, byline_article_get_word_count (b));
  g_assert_true (g_date_time_equal (byline_article_summary_get_modified (summary), t2));
  g_assert_null (byline_article_summary_get_trashed_at (summary));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Trash B: gone from the list, in the trash. */
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (b), NULL, &error));
  g_assert_no_error (error);
  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[0]), ==, byline_article_get_id (c));
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[1]), ==, byline_article_get_id (a));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = byline_store_list_sync (store, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[0]), ==, byline_article_get_id (b));
  g_assert_nonnull (byline_article_summary_get_trashed_at (list->pdata[0]));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Saving a trashed article (an autosave finishing late) keeps it there. */
  set_body (b, "Two lanes close from Monday.");
  save (store, b);
  list = byline_store_list_sync (store, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Undo. */
  g_assert_true (byline_store_untrash_sync (store, byline_article_get_id (b), NULL, &error));
  g_assert_no_error (error);
  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = byline_store_list_sync (store, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Unknown ids are errors, not silent successes. */
  g_assert_false (byline_store_trash_sync (store, "missing", NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Purge: only trashed articles, only those trashed before the date. */
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (a), NULL, &error));
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (c), NULL, &error));
  g_assert_cmpuint (byline_store_purge_trash_sync (store, past, NULL, &error), ==, 0);
  g_assert_no_error (error);
  list = byline_store_list_sync (store, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  future = g_date_time_add_days (t3, 2);
  g_assert_cmpuint (byline_store_purge_trash_sync (store, future, NULL, &error), ==, 2);
  g_assert_no_error (error);
  list = byline_store_list_sync (store, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[0]), ==, byline_article_get_id (b));
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_null (byline_store_load_sync (store, byline_article_get_id (a), NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  trashed_b = load (store, byline_article_get_id (b));
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (trashed_b, 0)), ==,
                   "Two lanes close from Monday.");
}

static void
test_trash_purged_after_30_days (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineStore) again = NULL;
  g_autoptr(BylineArticle) old = make_article ("Old", "Gone soon.");
  g_autoptr(BylineArticle) recent = make_article ("Recent", "Still here.");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 days_31 = g_get_real_time () - (gint64)31 * G_TIME_SPAN_DAY;

  store = open_store (directory);
  save (store, old);
  save (store, recent);
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (old), NULL, &error));
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (recent), NULL, &error));
  byline_store_close (store);

  db_path = g_build_filename (directory, "byline.db", NULL);
  sql = g_strdup_printf ("UPDATE articles SET trashed_at = %" G_GINT64_FORMAT " WHERE id = '%s' RETURNING id",
                         days_31, byline_article_get_id (old));
  ignored = query_text (db_path, sql);

  again = open_store (directory);
  list = byline_store_list_sync (again, TRUE, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (byline_article_summary_get_id (list->pdata[0]), ==, byline_article_get_id (recent));
}

static guint
history_length (BylineStore *store,
                const char  *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = byline_store_list_history_sync (store, id, NULL, &error);

  g_assert_no_error (error);
  return history->len;
}

static void
test_history (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("Market moves indoors", "First draft text.");
  g_autoptr(BylineArticle) old = NULL;
  g_autoptr(BylineArticle) restored = NULL;
  g_autoptr(BylineArticle) current = NULL;
  g_autoptr(BylineArticle) replaced = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) long_ago = minutes_ago (20);
  g_autofree char *long_text = words ("stall", 150);
  const char *id = byline_article_get_id (article);
  BylineHistoryEntry *first;
  gint64 first_id;

  store = open_store (directory);

  /* The first version: nothing to keep yet. */
  byline_article_set_modified (article, long_ago);
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 0);

  /* The next save keeps the first version (no entry existed). */
  set_body (article, "Second draft text.");
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 1);

  /* The entry holds the first version, stamped with when it was written;
   * it is older than five minutes, so the next save keeps another. */
  set_body (article, "Third draft text.");
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 2);

  /* A small edit shortly after: no new entry. */
  set_body (article, "Fourth draft text.");
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 2);

  /* 150 more words: the version before them is kept. */
  set_body (article, long_text);
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 3);

  history = byline_store_list_history_sync (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  /* Newest first; the oldest entry is the first draft. */
  first = history->pdata[2];
  first_id = byline_history_entry_get_entry_id (first);
  g_assert_cmpstr (byline_history_entry_get_article_id (first), ==, id);
  g_assert_cmpstr (byline_history_entry_get_headline (first), ==, "Market moves indoors");
  g_assert_true (g_date_time_equal (byline_history_entry_get_saved_at (first), long_ago));
  g_assert_cmpuint (byline_history_entry_get_word_count (history->pdata[0]), ==,
                    byline_article_get_word_count (article) - 150 + 3);

  old = byline_store_load_history_sync (store, first_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (old, 0)), ==, "First draft text.");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Restore the first draft: it is current again, and the long version it
   * replaced is the newest history entry. */
  restored = byline_store_restore_history_sync (store, first_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_id (restored), ==, id);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (restored, 0)), ==, "First draft text.");

  current = load (store, id);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (current, 0)), ==, "First draft text.");
  g_assert_true (byline_article_equal (current, restored));

  history = byline_store_list_history_sync (store, id, NULL, &error);
  g_assert_cmpuint (history->len, ==, 4);
  replaced = byline_store_load_history_sync (store, byline_history_entry_get_entry_id (history->pdata[0]),
                                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (replaced, 0)), ==, long_text);

  g_assert_null (byline_store_restore_history_sync (store, 999999, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Purging the article takes its history with it. */
  g_assert_true (byline_store_trash_sync (store, id, NULL, &error));
  g_assert_cmpuint (byline_store_purge_trash_sync (store, NULL, NULL, &error), ==, 1);
  g_assert_null (byline_store_load_history_sync (store, first_id, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
}

static void
test_stale_save_ignored (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("Tram line extended", "Old words.");
  g_autoptr(BylineArticleSnapshot) older = NULL;
  g_autoptr(BylineArticleSnapshot) newer = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineArticle) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  store = open_store (directory);
  older = byline_article_snapshot (article);
  set_body (article, "New words.");
  newer = byline_article_snapshot (article);

  /* Saves finishing out of order: the older one must not win. */
  g_assert_true (byline_store_save_sync (store, newer, NULL, &error));
  g_assert_true (byline_store_save_sync (store, older, NULL, &error));
  g_assert_no_error (error);

  loaded = load (store, byline_article_get_id (article));
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (loaded, 0)), ==, "New words.");

  /* A reloaded article counts revisions from its own start, and its edits
   * are saved. */
  set_body (loaded, "Reloaded words.");
  save (store, loaded);
  reloaded = load (store, byline_article_get_id (article));
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (reloaded, 0)), ==, "Reloaded words.");
}

/* Damage */

static void
make_store_with_articles (const char *directory,
                          guint       n)
{
  g_autoptr(BylineStore) store = open_store (directory);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *headline = g_strdup_printf ("Council meeting, part %u", i);
      g_autofree char *body = words ("minutes", 80);
      g_autoptr(BylineArticle) article = make_article (headline, body);

      save (store, article);
    }

  /* Closing checkpoints the WAL: everything is in byline.db now. */
  byline_store_close (store);
}

static void
assert_corrupt_and_kept (const char *directory,
                         GBytes     *original)
{
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autoptr(BylineStore) store = byline_store_new (directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) copy_bytes = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *copy_name = NULL;

  g_assert_false (byline_store_open_sync (store, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);

  copy = find_corrupt_copy (directory);
  g_assert_nonnull (copy);
  copy_name = g_path_get_basename (copy);
  g_assert_nonnull (strstr (error->message, copy_name));
  g_assert_nonnull (strstr (error->message, "nothing was overwritten"));

  after = read_bytes (db_path);
  g_assert_true (g_bytes_equal (after, original));
  copy_bytes = read_bytes (copy);
  g_assert_true (g_bytes_equal (copy_bytes, original));

  /* Nothing was created over it: still refused on the next start. */
  g_clear_error (&error);
  g_assert_false (byline_store_open_sync (store, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT);
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (db_path);
  g_assert_true (g_bytes_equal (after, original));
}

static void
test_corrupt_garbage (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autoptr(GBytes) garbage = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  guint8 *data;

  make_store_with_articles (directory, 3);

  g_assert_true (g_file_get_contents (db_path, (char **)&data, &size, &error));
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (db_path, (char *)data, size, &error));
  garbage = g_bytes_new_take (data, size);

  assert_corrupt_and_kept (directory, garbage);
}

static void
test_corrupt_page (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autofree char *root = NULL;
  g_autofree char *page_size = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  gsize size, offset;
  char *data;

  make_store_with_articles (directory, 40);

  /* Scribble over the b-tree page header of the articles' index, the way a
   * bad sector or a torn write would. */
  root = query_text (db_path, "SELECT rootpage FROM sqlite_master WHERE name = 'articles_list'");
  page_size = query_text (db_path, "PRAGMA page_size");
  g_assert_nonnull (root);
  g_assert_cmpint (atoi (root), >, 1);

  g_assert_true (g_file_get_contents (db_path, &data, &size, &error));
  offset = (gsize)(atoi (root) - 1) * (gsize)atoi (page_size);
  g_assert_cmpuint (offset + 64, <, size);
  memset (data + offset, 0x5a, 64);
  g_assert_true (g_file_set_contents (db_path, data, size, &error));
  damaged = g_bytes_new_take (data, size);

  assert_corrupt_and_kept (directory, damaged);
}

static void
test_newer_schema (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE articles (id TEXT PRIMARY KEY, future_column BLOB);"
                                 "INSERT INTO articles VALUES ('x', 'from the future');"
                                 "PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_bytes (db_path);

  store = byline_store_new (directory);
  g_assert_false (byline_store_open_sync (store, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer"));

  after = read_bytes (db_path);
  g_assert_true (g_bytes_equal (before, after));
  copy = find_corrupt_copy (directory);
  g_assert_null (copy);
}

static void
test_not_a_store (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* Some other program's database under our name: refused, untouched. */
  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT);", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_bytes (db_path);

  store = byline_store_new (directory);
  g_assert_false (byline_store_open_sync (store, NULL, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, db_path));
  after = read_bytes (db_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_read_only (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autofree char *fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root ignores file permissions");
      return;
    }

  make_store_with_articles (directory, 1);

  /* A read-only folder. */
  g_assert_cmpint (g_chmod (directory, 0500), ==, 0);
  {
    g_autoptr(BylineStore) store = byline_store_new (directory);

    g_assert_false (byline_store_open_sync (store, NULL, &error));
    g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, directory));
    g_clear_error (&error);
  }

  /* A new store below a read-only folder. */
  fresh = g_build_filename (directory, "inner", NULL);
  {
    g_autoptr(BylineStore) store = byline_store_new (fresh);

    g_assert_false (byline_store_open_sync (store, NULL, &error));
    g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, fresh));
    g_clear_error (&error);
  }
  g_assert_cmpint (g_chmod (directory, 0700), ==, 0);

  /* A read-only file in a writable folder. */
  g_assert_cmpint (g_chmod (db_path, 0400), ==, 0);
  {
    g_autoptr(BylineStore) store = byline_store_new (directory);

    g_assert_false (byline_store_open_sync (store, NULL, &error));
    g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, db_path));
    g_clear_error (&error);
  }
  g_assert_cmpint (g_chmod (db_path, 0600), ==, 0);
}

/* Async forms, and the signal on the main context */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *list;
  GError    *error;
  guint      changed;
  guint      pending;
  gboolean   ok;
  GThread   *signal_thread;
  GStrv      changed_ids;  /* the last emission's; NULL: anything */
} AsyncState;

static void
changed_cb (BylineStore        *store,
            const char * const *ids,
            AsyncState         *state)
{
  state->changed++;
  state->signal_thread = g_thread_self ();
  g_clear_pointer (&state->changed_ids, g_strfreev);
  state->changed_ids = g_strdupv ((GStrv) ids);
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = byline_store_open_finish (BYLINE_STORE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = byline_store_save_finish (BYLINE_STORE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->list = byline_store_list_finish (BYLINE_STORE (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = byline_store_new (directory);
  g_autoptr(BylineArticle) article = make_article ("Swimming pool reopens", "After the repairs.");
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  BylineArticleSummary *summary;
  AsyncState state = { 0, };

  state.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (store, "articles-changed", G_CALLBACK (changed_cb), &state);

  byline_store_open_async (store, NULL, open_done, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  snapshot = byline_article_snapshot (article);
  byline_store_save_async (store, snapshot, NULL, save_done, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  byline_store_list_async (store, FALSE, NULL, list_done, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.list->len, ==, 1);
  g_clear_pointer (&state.list, g_ptr_array_unref);

  /* The signal came on this (the main) thread, after the save, and named
   * the article saved: a list need read that row alone. */
  while (state.changed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (state.signal_thread == g_thread_self ());
  g_assert_nonnull (state.changed_ids);
  g_assert_cmpstrv (state.changed_ids, ((const char *[]) { byline_article_get_id (article), NULL }));

  /* That row alone, as the list shows it */
  summary = byline_store_get_summary_sync (store, byline_article_get_id (article), NULL, &state.error);
  g_assert_no_error (state.error);
  g_assert_cmpstr (byline_article_summary_get_headline (summary), ==, "Swimming pool reopens");
  g_clear_object (&summary);

  /* Putting it in the trash takes a row away: anything may have changed,
   * and the row is no longer there to read. */
  state.changed = 0;
  g_assert_true (byline_store_trash_sync (store, byline_article_get_id (article), NULL, &state.error));
  g_assert_no_error (state.error);
  while (state.changed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (state.changed_ids);
  summary = byline_store_get_summary_sync (store, byline_article_get_id (article), NULL, &state.error);
  g_assert_null (summary);
  g_assert_error (state.error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&state.error);

  g_main_loop_unref (state.loop);
  g_clear_pointer (&state.changed_ids, g_strfreev);
}

/* Byline never writes what it could not read back: an article with a field
 * over a format limit is refused with a message naming the field, and the
 * version already stored is left exactly as it was. */

static char *
stored_document (BylineStore *store,
                 const char  *id)
{
  g_autoptr(GError) error = NULL;
  char *document = byline_store_get_document_sync (store, id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static void
assert_save_refused (BylineStore   *store,
                     BylineArticle *article,
                     const char    *message_start)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (byline_store_save_article_sync (store, article, NULL, &error));
  g_assert_error (error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, message_start))
    g_error ("expected a message starting “%s”, got “%s”", message_start, error->message);
}

static gboolean
autosave_reached (BylineAutosave      *autosave,
                  BylineAutosaveState  state)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (byline_autosave_get_state (autosave) != state &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return byline_autosave_get_state (autosave) == state;
}

static void
test_too_large_not_saved (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = open_store (directory);
  g_autoptr(BylineArticle) article = make_article ("Harbour wall to be rebuilt",
                                                   "Work starts in May.");
  g_autofree char *headline = g_strnfill (150000, 'H');
  g_autofree char *text = g_strnfill (16000001, 'w');
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = byline_article_get_id (article);

  save (store, article);
  before = stored_document (store, id);

  /* A pasted headline of 150,000 characters */
  byline_article_set_headline (article, headline);
  assert_save_refused (store, article,
                       "The headline is too long to save: 150,000 characters, at most 100,000.");
  after = stored_document (store, id);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* A paragraph of 16,000,001 characters, through the async save the
   * window and autosave use */
  byline_article_set_headline (article, "Harbour wall to be rebuilt");
  set_body (article, text);
  {
    g_autoptr(BylineArticleSnapshot) snapshot = byline_article_snapshot (article);
    AsyncState state = { 0, };

    state.loop = g_main_loop_new (NULL, FALSE);
    byline_store_save_async (store, snapshot, NULL, save_done, &state);
    g_main_loop_run (state.loop);
    g_assert_false (state.ok);
    g_assert_error (state.error, BYLINE_FORMAT_ERROR, BYLINE_FORMAT_ERROR_TOO_LARGE);
    g_assert_true (g_str_has_prefix (state.error->message,
                                     "Paragraph 1 of the body (“wwww"));
    g_assert_nonnull (strstr (state.error->message,
                              "is too long to save: 16,000,001 characters, at most 16,000,000."));
    g_clear_error (&state.error);
    g_main_loop_unref (state.loop);
  }

  /* Nothing of either reached the disk: not the article, not its history. */
  after = stored_document (store, id);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);
  history = byline_store_list_history_sync (store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
  {
    g_autoptr(BylineArticle) loaded = load (store, id);

    g_assert_cmpstr (byline_block_get_text (byline_article_get_block (loaded, 0)), ==,
                     "Work starts in May.");
  }

  /* Autosave puts the message where the window shows it, and saves again
   * once the paragraph is short enough. */
  {
    g_autoptr(BylineAutosave) autosave = byline_autosave_new (store, article);
    g_autofree char *saved = NULL;

    byline_autosave_set_delay (autosave, 10);
    byline_article_set_section (article, "Coast");
    g_assert_true (autosave_reached (autosave, BYLINE_AUTOSAVE_FAILED));
    g_assert_nonnull (byline_autosave_get_error (autosave));
    g_assert_true (g_str_has_prefix (byline_autosave_get_error (autosave),
                                     "Paragraph 1 of the body (“wwww"));
    after = stored_document (store, id);
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);

    text[16000000] = '\0';
    set_body (article, text);
    g_assert_true (autosave_reached (autosave, BYLINE_AUTOSAVE_SAVED));
    g_assert_null (byline_autosave_get_error (autosave));

    saved = stored_document (store, id);
    g_assert_cmpstr (saved, !=, before);
    {
      g_autoptr(BylineArticle) loaded = load (store, id);

      g_assert_true (byline_article_equal (loaded, article));
    }
  }
}

/* GUI and byline-cli at the same time */

typedef struct
{
  BylineStore   *store;
  BylineArticle *article;
  guint          saves_started;
  guint          saves_done;
  guint          in_flight;
  gboolean       stop;
  GError        *error;
} Saver;

static void
saver_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Saver *saver = user_data;
  GError *error = NULL;

  saver->in_flight--;
  if (byline_store_save_finish (BYLINE_STORE (object), result, &error))
    saver->saves_done++;
  else if (saver->error == NULL)
    saver->error = error;
  else
    g_error_free (error);
}

static gboolean
saver_tick (gpointer data)
{
  Saver *saver = data;
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autofree char *text = NULL;

  /* Stopping leaves the source to the test, which removes it once the
   * last save is back (removing itself here would make that fail) */
  if (saver->stop || saver->in_flight > 0)
    return G_SOURCE_CONTINUE;

  text = g_strdup_printf ("The count reached %u.", ++saver->saves_started);
  set_body (saver->article, text);
  snapshot = byline_article_snapshot (saver->article);
  saver->in_flight++;
  byline_store_save_async (saver->store, snapshot, NULL, saver_done, saver);

  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GMainLoop *loop;
  char      *out;
  char      *err;
  int        status;
  gboolean   done;
} CliRun;

static void
cli_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CliRun *run = user_data;
  GSubprocess *proc = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (proc, result, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
  run->done = TRUE;
}

/* Runs byline-cli while the main loop (and the in-process saver) keeps
 * going. */
static void
run_cli (const char  *directory,
         CliRun      *run,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("BYLINE_CLI");
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "BYLINE_DATA_DIR", directory, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  memset (run, 0, sizeof *run);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, cli_done, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static char *
write_article_file (const char *headline)
{
  g_autoptr(BylineArticle) article = make_article (headline, "Imported from the command line.");
  g_autofree char *json = byline_article_to_json (article, NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), "import.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
timeout_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_concurrent_cli (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autofree char *file = write_article_file ("Imported while the window saves");
  g_autofree char *integrity = NULL;
  g_autoptr(BylineStore) store = open_store (directory);
  g_autoptr(BylineArticle) article = make_article ("Typed in the window", "Nothing yet.");
  g_autoptr(BylineArticle) final = NULL;
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_text = NULL;
  AsyncState state = { 0, };
  Saver saver = { 0, };
  CliRun run;
  guint source;
  gboolean timed_out = FALSE;

  save (store, article);
  g_signal_connect (store, "articles-changed", G_CALLBACK (changed_cb), &state);

  saver.store = store;
  saver.article = article;
  source = g_timeout_add (5, saver_tick, &saver);

  /* Imports and listings from another process while this one writes. */
  for (guint i = 0; i < 4; i++)
    {
      g_auto(GStrv) lines = NULL;

      run_cli (directory, &run, "import", file, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_uuid_string_is_valid (g_strstrip (run.out)));
      g_ptr_array_add (imported, g_strdup (run.out));
      cli_run_clear (&run);

      run_cli (directory, &run, "list", NULL);
      g_assert_cmpint (run.status, ==, 0);
      lines = g_strsplit (g_strchomp (run.out), "\n", -1);
      /* The window's article and every import so far. */
      g_assert_cmpuint (g_strv_length (lines), ==, imported->len + 1);
      for (guint j = 0; j < imported->len; j++)
        g_assert_nonnull (strstr (run.out, imported->pdata[j]));
      cli_run_clear (&run);
    }

  saver.stop = TRUE;
  while (saver.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  g_assert_no_error (saver.error);
  g_assert_cmpuint (saver.saves_done, >, 4);
  g_test_message ("%u saves in this process beside the CLI", saver.saves_done);

  /* The store notices the other process's import by itself.  First let
   * one poll period pass, so earlier imports cannot be what it reports. */
  source = g_timeout_add (2500, timeout_flag, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
  timed_out = FALSE;
  state.changed = 0;
  run_cli (directory, &run, "import", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_ptr_array_add (imported, g_strdup (g_strstrip (run.out)));
  cli_run_clear (&run);

  source = g_timeout_add_seconds (10, timeout_flag, &timed_out);
  while (state.changed == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);
  g_assert_true (state.signal_thread == g_thread_self ());

  /* Nothing lost on either side. */
  list = byline_store_list_sync (store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, imported->len + 1);
  final = load (store, byline_article_get_id (article));
  last_text = g_strdup_printf ("The count reached %u.", saver.saves_started);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (final, 0)), ==, last_text);

  byline_store_close (store);
  integrity = query_text (db_path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_clear_pointer (&state.changed_ids, g_strfreev);
}

/* A save whose document is what is stored writes nothing: no transaction
 * is committed (another connection's data_version does not move) and no
 * history entry is kept.  The store decides without reading the document
 * back when the modified times differ, so a different document with the
 * same modified time must still be written. */

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static void
test_unchanged_save_writes_nothing (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autofree char *db_path = g_build_filename (directory, "byline.db", NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("Tram line extended", "The first draft.");
  g_autoptr(BylineArticleSnapshot) snapshot = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *id = byline_article_get_id (article);
  sqlite3 *db = NULL;
  gint64 version;
  gint64 history;

  store = open_store (directory);
  save (store, article);
  set_body (article, "The second draft.");
  save (store, article);
  g_assert_cmpuint (history_length (store, id), ==, 1);
  before = stored_document (store, id);

  /* data_version is per connection: it moves when another one commits. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  version = query_int (db, "PRAGMA data_version");
  history = query_int (db, "SELECT count(*) FROM history");

  /* The same article again, and the same snapshot twice. */
  save (store, article);
  snapshot = byline_article_snapshot (article);
  g_assert_true (byline_store_save_sync (store, snapshot, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (byline_store_save_sync (store, snapshot, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "PRAGMA data_version"), ==, version);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM history"), ==, history);
  after = stored_document (store, id);
  g_assert_cmpstr (after, ==, before);

  /* New text under the same modified time: compared byte for byte, and
   * written. */
  modified = g_date_time_ref (byline_article_get_modified (article));
  set_body (article, "The third draft.");
  byline_article_set_modified (article, modified);
  g_assert_true (g_date_time_equal (byline_article_get_modified (article), modified));
  save (store, article);

  g_assert_cmpint (query_int (db, "PRAGMA data_version"), !=, version);
  stored = load (store, id);
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 0)), ==, "The third draft.");
  g_assert_true (byline_article_equal (stored, article));

  sqlite3_close (db);
}

/* _async saves run one at a time on the store's writer thread, in the
 * order they were asked for: each completes in that order, and the last
 * one asked for is what is stored. */

typedef struct
{
  GArray *completed;  /* guint: the index of each save, as it completed */
  guint   pending;
} OrderState;

typedef struct
{
  OrderState *state;
  guint       index;
} OrderCall;

static void
ordered_save_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree OrderCall *call = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save_finish (BYLINE_STORE (object), result, &error));
  g_assert_no_error (error);
  g_array_append_val (call->state->completed, call->index);
  call->state->pending--;
}

static void
test_async_saves_in_order (void)
{
  g_autofree char *directory = new_store_dir ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("Ferry strike ends", "Version 0.");
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GArray) completed = g_array_new (FALSE, FALSE, sizeof (guint));
  OrderState state = { completed, 0 };
  const guint n_saves = 20;
  g_autofree char *last = NULL;

  store = open_store (directory);

  for (guint i = 0; i < n_saves; i++)
    {
      g_autoptr(BylineArticleSnapshot) snapshot = NULL;
      g_autofree char *text = g_strdup_printf ("Version %u.", i);
      OrderCall *call = g_new0 (OrderCall, 1);

      set_body (article, text);
      snapshot = byline_article_snapshot (article);
      call->state = &state;
      call->index = i;
      state.pending++;
      byline_store_save_async (store, snapshot, NULL, ordered_save_done, call);
    }

  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (completed->len, ==, n_saves);
  for (guint i = 0; i < n_saves; i++)
    g_assert_cmpuint (g_array_index (completed, guint, i), ==, i);

  last = g_strdup_printf ("Version %u.", n_saves - 1);
  stored = load (store, byline_article_get_id (article));
  g_assert_cmpstr (byline_block_get_text (byline_article_get_block (stored, 0)), ==, last);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/invalid-document", test_invalid_document);
  g_test_add_func ("/store/list-and-trash", test_list_and_trash);
  g_test_add_func ("/store/trash-purged-after-30-days", test_trash_purged_after_30_days);
  g_test_add_func ("/store/history", test_history);
  g_test_add_func ("/store/stale-save-ignored", test_stale_save_ignored);
  g_test_add_func ("/store/corrupt/garbage", test_corrupt_garbage);
  g_test_add_func ("/store/corrupt/damaged-page", test_corrupt_page);
  g_test_add_func ("/store/newer-schema", test_newer_schema);
  g_test_add_func ("/store/not-a-store", test_not_a_store);
  g_test_add_func ("/store/read-only", test_read_only);
  g_test_add_func ("/store/async", test_async);
  g_test_add_func ("/store/too-large-not-saved", test_too_large_not_saved);
  g_test_add_func ("/store/concurrent-cli", test_concurrent_cli);
  g_test_add_func ("/store/unchanged-save-writes-nothing", test_unchanged_save_writes_nothing);
  g_test_add_func ("/store/async-saves-in-order", test_async_saves_in_order);

  return g_test_run ();
}
