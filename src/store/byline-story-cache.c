/* byline-story-cache.c: CMS stories seen, and full-text search over them
 * and over the local articles (schema versions 4 and 5)
 *
 * Two FTS5 indexes live in the store:
 *
 *   story_cache_fts  over story_cache (external content: the text is kept
 *                    once, in story_cache; triggers keep the index in step)
 *   article_fts      over the local articles' headline, standfirst and the
 *                    start of the body, filled by triggers on `articles`
 *                    straight from the stored JSON document, so every way
 *                    an article is written (autosave, import, restore,
 *                    pull, merge) keeps it current, in the same transaction
 *                    and on the same worker thread, with no C code on the
 *                    save path.
 *
 * Suggestions rank with bm25() too: the article's own words are counted
 * here, each term weighted by its rarity across both indexes
 * (fts5vocab), and the dozen most telling terms make an OR query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "byline-story-cache.h"
#include "byline-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The text of a stored document (@D) that article_fts indexes: its
 * standfirst, and the start of its blocks' text (raw CMS markup left out).
 * A document that is not JSON indexes as empty rather than failing the
 * save. */
#define DOC_STANDFIRST(D) \
  "CASE WHEN json_valid(" D ") THEN coalesce(json_extract(" D ", '$.standfirst'), '') ELSE '' END"
#define DOC_BODY(D) \
  "CASE WHEN json_valid(" D ") THEN coalesce((SELECT substr(group_concat(json_extract(value, '$.text'), ' '), 1, 16384) " \
  "FROM json_each(" D ", '$.body') WHERE json_extract(value, '$.type') <> 'raw'), '') ELSE '' END"

static const char schema_v4_sql[] =
  "CREATE TABLE story_cache ("
  "  id INTEGER PRIMARY KEY,"
  "  account TEXT NOT NULL,"
  "  cms_id TEXT NOT NULL,"
  "  url TEXT NOT NULL DEFAULT '',"
  "  section TEXT NOT NULL DEFAULT '',"
  "  headline TEXT NOT NULL DEFAULT '',"
  "  excerpt TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT '',"
  "  published INTEGER NOT NULL DEFAULT 0,"
  "  image_src TEXT NOT NULL DEFAULT '',"
  "  image_caption TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  seen_at INTEGER NOT NULL,"
  "  UNIQUE (account, cms_id)"
  ");"
  "CREATE VIRTUAL TABLE story_cache_fts USING fts5 ("
  "  headline, excerpt, section, body,"
  "  content = 'story_cache', content_rowid = 'id', detail = column,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE story_cache_vocab USING fts5vocab (story_cache_fts, 'row');"
  "CREATE TRIGGER story_cache_ai AFTER INSERT ON story_cache BEGIN"
  "  INSERT INTO story_cache_fts (rowid, headline, excerpt, section, body)"
  "  VALUES (new.id, new.headline, new.excerpt, new.section, new.body);"
  "END;"
  "CREATE TRIGGER story_cache_ad AFTER DELETE ON story_cache BEGIN"
  "  INSERT INTO story_cache_fts (story_cache_fts, rowid, headline, excerpt, section, body)"
  "  VALUES ('delete', old.id, old.headline, old.excerpt, old.section, old.body);"
  "END;"
  "CREATE TRIGGER story_cache_au AFTER UPDATE ON story_cache BEGIN"
  "  INSERT INTO story_cache_fts (story_cache_fts, rowid, headline, excerpt, section, body)"
  "  VALUES ('delete', old.id, old.headline, old.excerpt, old.section, old.body);"
  "  INSERT INTO story_cache_fts (rowid, headline, excerpt, section, body)"
  "  VALUES (new.id, new.headline, new.excerpt, new.section, new.body);"
  "END;"
  "CREATE VIRTUAL TABLE article_fts USING fts5 ("
  "  headline, standfirst, body, detail = column,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE article_vocab USING fts5vocab (article_fts, 'row');"
  "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN"
  "  INSERT INTO article_fts (rowid, headline, standfirst, body)"
  "  VALUES (new.rowid, new.headline, " DOC_STANDFIRST ("new.document") ", " DOC_BODY ("new.document") ");"
  "END;"
  "CREATE TRIGGER articles_fts_au AFTER UPDATE OF headline, document ON articles BEGIN"
  "  DELETE FROM article_fts WHERE rowid = old.rowid;"
  "  INSERT INTO article_fts (rowid, headline, standfirst, body)"
  "  VALUES (new.rowid, new.headline, " DOC_STANDFIRST ("new.document") ", " DOC_BODY ("new.document") ");"
  "END;"
  "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
  "  DELETE FROM article_fts WHERE rowid = old.rowid;"
  "END;"
  /* Articles already in an older store. */
  "INSERT INTO article_fts (rowid, headline, standfirst, body)"
  "  SELECT rowid, headline, " DOC_STANDFIRST ("document") ", " DOC_BODY ("document") " FROM articles;";

gboolean
_byline_store_migrate_v4 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v4_sql, _("upgrade the article store"), error);
}

/* Version 5: the cache's index keeps a prefix index of every word's first
 * three letters.  The last word of a query is a prefix (`"sen"*`); without
 * this index FTS5 merges the lists of every word starting so (hundreds) at
 * each keystroke, and bm25() merges them again to count the matches: two
 * thirds of a slow search's time.  It costs about 4 MB at 20,000 stories
 * (docs/benchmarks.md).  Longer prefixes expand to few words and need no
 * index of their own. */
static const char schema_v5_sql[] =
  "DROP TABLE story_cache_vocab;"
  "DROP TABLE story_cache_fts;"
  "CREATE VIRTUAL TABLE story_cache_fts USING fts5 ("
  "  headline, excerpt, section, body,"
  "  content = 'story_cache', content_rowid = 'id', detail = column, prefix = '3',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE story_cache_vocab USING fts5vocab (story_cache_fts, 'row');"
  /* The triggers on story_cache name the index, not its definition: they
   * keep working.  The stories already cached are indexed again. */
  "INSERT INTO story_cache_fts (story_cache_fts) VALUES ('rebuild');";

gboolean
_byline_store_migrate_v5 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v5_sql, _("upgrade the article store"), error);
}

/* Version 7: the store keeps article_fts up to date itself
 * (_byline_store_index_article()), from the texts the snapshot took.  The
 * triggers it replaces read the saved document back with SQLite's JSON
 * functions at every save: a 1.7 MB story parsed three times on each
 * autosave, though a keystroke deep in it changes nothing the index keeps
 * (docs/benchmarks.md).  Deleting an article still drops its entry by
 * trigger. */
static const char schema_v7_sql[] =
  "DROP TRIGGER IF EXISTS articles_fts_ai;"
  "DROP TRIGGER IF EXISTS articles_fts_au;";

gboolean
_byline_store_migrate_v7 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db, schema_v7_sql, _("upgrade the article store"), error);
}

gboolean
_byline_store_index_article (sqlite3     *db,
                             const char  *article_id,
                             const char  *headline,
                             const char  *standfirst,
                             const char  *body_start,
                             const char  *doing,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3_int64 rowid;
  int rc;

  headline = headline ? headline : "";
  standfirst = standfirst ? standfirst : "";
  body_start = body_start ? body_start : "";

  if (!(stmt = _byline_store_prepare (db, "SELECT rowid FROM articles WHERE id = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, doing);
      return FALSE;
    }
  rowid = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Most saves change nothing the index keeps: leave it alone then. */
  if (!(stmt = _byline_store_prepare (db, "SELECT headline, standfirst, body FROM article_fts WHERE rowid = ?1",
                                      doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), headline) == 0 &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), standfirst) == 0 &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), body_start) == 0)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db, "DELETE FROM article_fts WHERE rowid = ?1", doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!(stmt = _byline_store_prepare (db,
                                      "INSERT INTO article_fts (rowid, headline, standfirst, body) "
                                      "VALUES (?1, ?2, ?3, ?4)",
                                      doing, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, headline, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, standfirst, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, body_start, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  return TRUE;
}

/* Query building */

/* Lower case without accents, as unicode61 with remove_diacritics folds. */
static char *
fold_token (const char *start,
            gsize       len)
{
  g_autofree char *lower = g_utf8_strdown (start, len);
  g_autofree char *decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  GString *out = g_string_sized_new (len);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Calls @func for each word of @text (letters and digits, folded). */
static void
for_each_token (const char *text,
                void      (*func) (char *token, gpointer data),
                gpointer    data)
{
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      func (fold_token (start, p - start), data);
    }
}

static void
collect_token (char     *token,
               gpointer  data)
{
  g_ptr_array_add (data, token);
}

char *
byline_story_cache_make_query (const char *text,
                               gboolean    prefix_last)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  GString *query;

  if (text == NULL)
    return NULL;

  for_each_token (text, collect_token, tokens);
  if (tokens->len == 0)
    return NULL;

  /* Tokens hold only letters and digits: quoting cannot be broken. */
  query = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      if (i > 0)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, "\"%s\"", (char *) g_ptr_array_index (tokens, i));
      /* A prefix of one or two letters matches a large part of any
       * cache: ranking all of that costs more than it helps. */
      if (prefix_last && i == tokens->len - 1 &&
          g_utf8_strlen (g_ptr_array_index (tokens, i), -1) >= 3)
        g_string_append_c (query, '*');
    }

  return g_string_free (query, FALSE);
}

/* Writing the cache */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static char *
truncate_utf8 (const char *text,
               gsize       max_bytes)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  if (strlen (text) <= max_bytes)
    return g_strdup (text);

  /* Back up to the start of a character. */
  end = g_utf8_find_prev_char (text, text + max_bytes + 1);
  return g_strndup (text, end != NULL ? (gsize) (end - text) : 0);
}

gboolean
byline_store_cache_stories_sync (BylineStore   *self,
                                 GPtrArray     *stories,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("remember the site’s stories");
  gint64 now = g_get_real_time ();
  gboolean ret = FALSE;
  sqlite3 *db;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (stories != NULL, FALSE);
  g_return_val_if_fail (!error || !*error, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (stories->len == 0)
    return TRUE;
  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  if (!_byline_store_exec (db, "BEGIN IMMEDIATE", doing, error))
    goto out;

  /* What a result leaves empty (a search gives no section or image) keeps
   * what an earlier, fuller look at the story found. */
  if (!(stmt = _byline_store_prepare (db,
                "INSERT INTO story_cache (account, cms_id, url, section, headline, excerpt, status, "
                "published, image_src, image_caption, body, seen_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                "ON CONFLICT (account, cms_id) DO UPDATE SET "
                "url = CASE WHEN excluded.url <> '' THEN excluded.url ELSE url END, "
                "section = CASE WHEN excluded.section <> '' THEN excluded.section ELSE section END, "
                "headline = excluded.headline, "
                "excerpt = CASE WHEN excluded.excerpt <> '' THEN excluded.excerpt ELSE excerpt END, "
                "status = CASE WHEN excluded.status <> '' THEN excluded.status ELSE status END, "
                "published = CASE WHEN excluded.published <> 0 THEN excluded.published ELSE published END, "
                "image_src = CASE WHEN excluded.image_src <> '' THEN excluded.image_src ELSE image_src END, "
                "image_caption = CASE WHEN excluded.image_src <> '' THEN excluded.image_caption ELSE image_caption END, "
                "body = CASE WHEN excluded.body <> '' THEN excluded.body ELSE body END, "
                "seen_at = excluded.seen_at",
                doing, error)))
    goto failed;

  for (guint i = 0; i < stories->len; i++)
    {
      BylineCachedStory *story = g_ptr_array_index (stories, i);
      g_autofree char *body = truncate_utf8 (byline_cached_story_get_text (story),
                                             BYLINE_STORY_CACHE_TEXT_BYTES);
      int rc;

      if (*byline_cached_story_get_cms_id (story) == '\0')
        continue;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, byline_cached_story_get_account (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, byline_cached_story_get_cms_id (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, byline_cached_story_get_url (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, byline_cached_story_get_section (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, byline_cached_story_get_headline (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, byline_cached_story_get_excerpt (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, byline_cached_story_get_status (story), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, byline_cached_story_get_date (story));
      sqlite3_bind_text (stmt, 9, byline_cached_story_get_image_src (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, byline_cached_story_get_image_caption (story), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 12, now);

      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          _byline_store_set_sqlite_error (error, db, rc, doing);
          goto failed;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ret = _byline_store_exec (db, "COMMIT", doing, error);
  if (!ret)
    goto failed;
  goto out;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

out:
  _byline_store_unlock (self, FALSE);
  return ret;
}

gboolean
byline_store_uncache_story_sync (BylineStore   *self,
                                 const char    *account,
                                 const char    *cms_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *doing = _("forget a story of the site");
  gboolean ret = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL && cms_id != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!(db = _byline_store_lock (self, error)))
    return FALSE;

  if ((stmt = _byline_store_prepare (db, "DELETE FROM story_cache WHERE account = ?1 AND cms_id = ?2",
                                     doing, error)))
    {
      sqlite3_bind_text (stmt, 1, account, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, cms_id, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
        ret = TRUE;
      else
        _byline_store_set_sqlite_error (error, db, rc, doing);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return ret;
}

guint
byline_store_count_cached_sync (BylineStore   *self,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;
  sqlite3 *db;

  g_return_val_if_fail (BYLINE_IS_STORE (self), 0);

  if (!(db = _byline_store_lock (self, error)))
    return 0;
  if ((stmt = _byline_store_prepare (db, "SELECT count(*) FROM story_cache", _("count the site’s stories"), error)) &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  _byline_store_unlock (self, FALSE);
  return count;
}

/* Reading results */

static const char local_select[] =
  "SELECT a.id, a.headline, a.status, a.modified, f.standfirst, bm25(article_fts, 6.0, 2.0, 1.0), "
  "json_extract(CAST (d.document AS TEXT), '$.section'), "
  "json_extract(CAST (d.document AS TEXT), '$.lead_image.src'), "
  "json_extract(CAST (d.document AS TEXT), '$.lead_image.caption'), "
  "(SELECT account FROM remote_links l WHERE l.article_id = a.id ORDER BY account LIMIT 1), "
  "(SELECT remote_id FROM remote_links l WHERE l.article_id = a.id ORDER BY account LIMIT 1) "
  "FROM article_fts f JOIN articles a ON a.rowid = f.rowid "
  "JOIN article_documents d ON d.article_id = a.id "
  "WHERE article_fts MATCH ?1 AND a.trashed_at IS NULL AND a.id IS NOT ?2 "
  "ORDER BY 6 LIMIT ?3";

/* A word found in thousands of stories would have every one of them
 * ranked; only the most recently cached RANK_WINDOW matches are (FTS5 walks
 * rowids newest first and stops), which keeps a search within a few
 * milliseconds and favours fresh news. */
#define RANK_WINDOW "1500"

/* The best ?2 of the window are picked before story_cache is read: the
 * join reads 20 rows (each with its kilobyte of text), not 1,500. */
static const char cached_select[] =
  "SELECT c.account, c.cms_id, c.url, c.section, c.headline, c.excerpt, c.status, c.published, "
  "c.image_src, c.image_caption, m.score "
  "FROM (SELECT id, score FROM "
  "        (SELECT rowid AS id, bm25(story_cache_fts, 6.0, 2.0, 1.0, 1.0) AS score FROM story_cache_fts "
  "         WHERE story_cache_fts MATCH ?1 ORDER BY rowid DESC LIMIT " RANK_WINDOW ") "
  "      ORDER BY score LIMIT ?2) m "
  "JOIN story_cache c ON c.id = m.id ORDER BY m.score";

static BylineCachedStory *
local_from_row (sqlite3_stmt *stmt)
{
  BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_LOCAL);

  byline_cached_story_set_article_id (story, column_text (stmt, 0));
  byline_cached_story_set_headline (story, column_text (stmt, 1));
  byline_cached_story_set_status (story, column_text (stmt, 2));
  byline_cached_story_set_date (story, sqlite3_column_int64 (stmt, 3));
  byline_cached_story_set_excerpt (story, column_text (stmt, 4));
  byline_cached_story_set_score (story, sqlite3_column_double (stmt, 5));
  byline_cached_story_set_section (story, column_text (stmt, 6));
  byline_cached_story_set_image (story, column_text (stmt, 7), column_text (stmt, 8));
  byline_cached_story_set_account (story, column_text (stmt, 9));
  byline_cached_story_set_cms_id (story, column_text (stmt, 10));
  return story;
}

static BylineCachedStory *
cached_from_row (sqlite3_stmt *stmt)
{
  BylineCachedStory *story = byline_cached_story_new (BYLINE_STORY_SOURCE_CACHED);

  byline_cached_story_set_account (story, column_text (stmt, 0));
  byline_cached_story_set_cms_id (story, column_text (stmt, 1));
  byline_cached_story_set_url (story, column_text (stmt, 2));
  byline_cached_story_set_section (story, column_text (stmt, 3));
  byline_cached_story_set_headline (story, column_text (stmt, 4));
  byline_cached_story_set_excerpt (story, column_text (stmt, 5));
  byline_cached_story_set_status (story, column_text (stmt, 6));
  byline_cached_story_set_date (story, sqlite3_column_int64 (stmt, 7));
  byline_cached_story_set_image (story, column_text (stmt, 8), column_text (stmt, 9));
  byline_cached_story_set_score (story, sqlite3_column_double (stmt, 10));
  return story;
}

/* Runs @sql (a MATCH query) and adds its rows to @out. */
static gboolean
run_match (sqlite3            *db,
           const char         *sql,
           const char         *match,
           const char         *exclude_article_id,
           guint               limit,
           gboolean            local,
           GPtrArray          *out,
           const char         *doing,
           GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _byline_store_prepare (db, sql, doing, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (local)
    {
      sqlite3_bind_text (stmt, 2, exclude_article_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, limit);
    }
  else
    sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, local ? local_from_row (stmt) : cached_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
byline_store_search_stories_sync (BylineStore   *self,
                                  const char    *text,
                                  const char    *exclude_article_id,
                                  guint          limit,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = NULL;
  const char *doing = _("search the stories");
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  match = byline_story_cache_make_query (text, TRUE);
  if (match == NULL)
    return g_steal_pointer (&results);

  if (!(db = _byline_store_lock (self, error)))
    return NULL;
  ok = run_match (db, local_select, match, exclude_article_id, limit, TRUE, results, doing, error) &&
       run_match (db, cached_select, match, NULL, limit, FALSE, results, doing, error);
  _byline_store_unlock (self, FALSE);

  return ok ? g_steal_pointer (&results) : NULL;
}

/* Suggestions */

/* Words that say nothing about what a story is about.  Short words (one
 * or two letters) and numbers are left out anyway. */
static const char * const stop_words[] = {
  "about", "after", "again", "against", "all", "also", "and", "any", "are", "because",
  "been", "before", "being", "between", "both", "but", "can", "could", "did", "does",
  "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
  "have", "having", "her", "here", "hers", "him", "his", "how", "into", "its", "just",
  "last", "more", "most", "new", "not", "now", "off", "once", "one", "only", "other",
  "our", "out", "over", "own", "said", "same", "says", "she", "should", "some", "such",
  "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
  "those", "through", "too", "two", "under", "until", "very", "was", "were", "what",
  "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
  "year", "years", "you", "your",
};

typedef struct
{
  GHashTable *counts;   /* term → count */
  GHashTable *stop;
} TermCount;

static void
count_token (char     *token,
             gpointer  data)
{
  TermCount *tc = data;
  gpointer old;

  if (g_utf8_strlen (token, -1) < 3 || g_ascii_isdigit (token[0]) ||
      g_hash_table_contains (tc->stop, token))
    {
      g_free (token);
      return;
    }

  old = g_hash_table_lookup (tc->counts, token);
  g_hash_table_replace (tc->counts, token, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
}

typedef struct
{
  const char *term;
  double      weight;
} Term;

static int
compare_terms (gconstpointer a,
               gconstpointer b)
{
  const Term *ta = a, *tb = b;

  if (ta->weight != tb->weight)
    return ta->weight > tb->weight ? -1 : 1;
  return strcmp (ta->term, tb->term);
}

static gboolean
read_int (sqlite3      *db,
          const char   *sql,
          gint64       *out,
          const char   *doing,
          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _byline_store_prepare (db, sql, doing, error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* How many documents of both indexes hold @term. */
static gboolean
document_frequency (sqlite3_stmt  *cache_vocab,
                    sqlite3_stmt  *local_vocab,
                    const char    *term,
                    gint64        *df)
{
  *df = 0;
  sqlite3_reset (cache_vocab);
  sqlite3_bind_text (cache_vocab, 1, term, -1, SQLITE_STATIC);
  if (sqlite3_step (cache_vocab) == SQLITE_ROW)
    *df += sqlite3_column_int64 (cache_vocab, 0);
  sqlite3_reset (local_vocab);
  sqlite3_bind_text (local_vocab, 1, term, -1, SQLITE_STATIC);
  if (sqlite3_step (local_vocab) == SQLITE_ROW)
    *df += sqlite3_column_int64 (local_vocab, 0);
  return TRUE;
}

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  double sa = byline_cached_story_get_score (*(BylineCachedStory **) a);
  double sb = byline_cached_story_get_score (*(BylineCachedStory **) b);

  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/* How many of the article's terms make the query: enough to find stories
 * that share any telling word, few enough that the query stays selective. */
#define SUGGEST_TERMS 12
/* How many of the article's most frequent words are weighed at all. */
#define SUGGEST_CANDIDATES 80

GPtrArray *
byline_store_suggest_sync (BylineStore           *self,
                           BylineArticleSnapshot *snapshot,
                           guint                  limit,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stop = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) terms = g_array_new (FALSE, FALSE, sizeof (Term));
  g_autoptr(sqlite3_stmt) text_stmt = NULL;
  g_autoptr(sqlite3_stmt) refs_stmt = NULL;
  g_autoptr(sqlite3_stmt) cache_vocab = NULL;
  g_autoptr(sqlite3_stmt) local_vocab = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  const char *doing = _("suggest related stories");
  const char *article_id;
  TermCount tc;
  GHashTableIter iter;
  gpointer key, value;
  gint64 n_docs = 0, n_local = 0;
  gsize json_len;
  const char *json_data;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The document is glued here, off the main thread; SQLite's JSON
   * functions read the text and the references out of it. */
  json = byline_article_snapshot_to_json (snapshot);
  json_data = g_bytes_get_data (json, &json_len);
  article_id = byline_article_snapshot_get_id (snapshot);

  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    g_hash_table_add (stop, (gpointer) stop_words[i]);
  tc.counts = counts;
  tc.stop = stop;

  if (!(db = _byline_store_lock (self, error)))
    return NULL;

  if (!(text_stmt = _byline_store_prepare (db,
          "SELECT coalesce(json_extract(?1, '$.headline'), ''), coalesce(json_extract(?1, '$.standfirst'), ''), "
          "coalesce((SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(?1, '$.body') "
          "WHERE json_extract(value, '$.type') <> 'raw'), '')",
          doing, error)))
    goto out;
  sqlite3_bind_text (text_stmt, 1, json_data, (int) MIN (json_len, G_MAXINT), SQLITE_STATIC);
  if ((rc = sqlite3_step (text_stmt)) != SQLITE_ROW)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      goto out;
    }
  /* The headline counts three times: it says most about the story. */
  for (guint i = 0; i < 3; i++)
    for_each_token (column_text (text_stmt, 0), count_token, &tc);
  for_each_token (column_text (text_stmt, 1), count_token, &tc);
  for_each_token (column_text (text_stmt, 2), count_token, &tc);
  g_clear_pointer (&text_stmt, sqlite3_finalize);

  /* Stories already referenced, and the article's own copy on a site. */
  if (!(refs_stmt = _byline_store_prepare (db,
          "SELECT json_extract(value, '$.cms_id') FROM json_each(?1, '$.related') "
          "UNION SELECT json_extract(value, '$.story.cms_id') FROM json_each(?1, '$.body') "
          "WHERE json_extract(value, '$.type') = 'card' "
          "UNION SELECT remote_id FROM remote_links WHERE article_id = ?2",
          doing, error)))
    goto out;
  sqlite3_bind_text (refs_stmt, 1, json_data, (int) MIN (json_len, G_MAXINT), SQLITE_STATIC);
  sqlite3_bind_text (refs_stmt, 2, article_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (refs_stmt)) == SQLITE_ROW)
    if (*column_text (refs_stmt, 0) != '\0')
      g_hash_table_add (excluded, g_strdup (column_text (refs_stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _byline_store_set_sqlite_error (error, db, rc, doing);
      goto out;
    }
  g_clear_pointer (&refs_stmt, sqlite3_finalize);

  /* The article's most frequent words, then weighed by rarity (idf). */
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Term term = { key, GPOINTER_TO_UINT (value) };
      g_array_append_val (terms, term);
    }
  g_array_sort (terms, compare_terms);
  if (terms->len > SUGGEST_CANDIDATES)
    g_array_set_size (terms, SUGGEST_CANDIDATES);

  if (!read_int (db, "SELECT count(*) FROM story_cache", &n_docs, doing, error) ||
      !read_int (db, "SELECT count(*) FROM articles WHERE trashed_at IS NULL", &n_local, doing, error))
    goto out;
  n_docs += n_local;

  if (!(cache_vocab = _byline_store_prepare (db, "SELECT doc FROM story_cache_vocab WHERE term = ?1",
                                             doing, error)) ||
      !(local_vocab = _byline_store_prepare (db, "SELECT doc FROM article_vocab WHERE term = ?1",
                                             doing, error)))
    goto out;

  for (guint i = 0; i < terms->len; i++)
    {
      Term *term = &g_array_index (terms, Term, i);
      gint64 df;

      document_frequency (cache_vocab, local_vocab, term->term, &df);
      /* The article itself holds each of its words once: a word no
       * other story has links to nothing. */
      if (df <= 1)
        {
          term->weight = 0;
          continue;
        }
      term->weight = (1.0 + log (term->weight)) *
                     log (1.0 + ((double) n_docs - df + 0.5) / (df + 0.5));
    }
  g_array_sort (terms, compare_terms);

  for (guint i = 0; i < terms->len && i < SUGGEST_TERMS; i++)
    {
      Term *term = &g_array_index (terms, Term, i);

      if (term->weight <= 0)
        break;
      if (match->len > 0)
        g_string_append (match, " OR ");
      g_string_append_printf (match, "\"%s\"", term->term);
    }

  if (match->len == 0)
    {
      ok = TRUE;
      goto out;
    }

  /* More than asked for: some are excluded below. */
  if (!run_match (db, local_select, match->str, article_id, limit + 20, TRUE, found, doing, error) ||
      !run_match (db, cached_select, match->str, NULL, limit + g_hash_table_size (excluded) + 20,
                  FALSE, found, doing, error))
    goto out;

  ok = TRUE;

out:
  _byline_store_unlock (self, FALSE);

  if (!ok)
    return NULL;

  g_ptr_array_sort (found, compare_scores);
  for (guint i = 0; i < found->len && results->len < limit; i++)
    {
      BylineCachedStory *story = g_ptr_array_index (found, i);
      const char *cms_id = byline_cached_story_get_cms_id (story);

      if (*cms_id != '\0' && g_hash_table_contains (excluded, cms_id))
        continue;
      g_hash_table_add (excluded, g_strdup (*cms_id != '\0' ? cms_id : byline_cached_story_get_article_id (story)));
      g_ptr_array_add (results, g_object_ref (story));
    }

  return g_steal_pointer (&results);
}

/* The _async forms: reads and cache writes on GTask's pool (the store's
 * mutex keeps them one at a time with saves). */

typedef struct
{
  char                  *text;
  char                  *exclude;
  guint                  limit;
  GPtrArray             *stories;
  BylineArticleSnapshot *snapshot;
} CacheOp;

static void
cache_op_free (gpointer data)
{
  CacheOp *op = data;

  g_free (op->text);
  g_free (op->exclude);
  g_clear_pointer (&op->stories, g_ptr_array_unref);
  g_clear_pointer (&op->snapshot, byline_article_snapshot_unref);
  g_free (op);
}

static GTask *
new_cache_task (BylineStore         *self,
                gpointer             source_tag,
                CacheOp             *op,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, cache_op_free);
  /* Results nobody waits for any more are not worth reporting. */
  g_task_set_return_on_cancel (task, FALSE);
  return task;
}

static void
cache_stories_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  CacheOp *op = task_data;
  GError *error = NULL;

  if (byline_store_cache_stories_sync (source_object, op->stories, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
byline_store_cache_stories_async (BylineStore         *self,
                                  GPtrArray           *stories,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheOp *op = g_new0 (CacheOp, 1);

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (stories != NULL);

  op->stories = g_ptr_array_ref (stories);
  task = new_cache_task (self, byline_store_cache_stories_async, op, cancellable, callback, user_data);
  g_task_run_in_thread (task, cache_stories_thread);
}

gboolean
byline_store_cache_stories_finish (BylineStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CacheOp *op = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = byline_store_search_stories_sync (source_object, op->text, op->exclude, op->limit,
                                              cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
byline_store_search_stories_async (BylineStore         *self,
                                   const char          *text,
                                   const char          *exclude_article_id,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheOp *op = g_new0 (CacheOp, 1);

  g_return_if_fail (BYLINE_IS_STORE (self));

  op->text = g_strdup (text);
  op->exclude = g_strdup (exclude_article_id);
  op->limit = limit;
  task = new_cache_task (self, byline_store_search_stories_async, op, cancellable, callback, user_data);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
byline_store_search_stories_finish (BylineStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
suggest_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CacheOp *op = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = byline_store_suggest_sync (source_object, op->snapshot, op->limit, cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
byline_store_suggest_async (BylineStore           *self,
                            BylineArticleSnapshot *snapshot,
                            guint                  limit,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheOp *op = g_new0 (CacheOp, 1);

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (snapshot != NULL);

  op->snapshot = byline_article_snapshot_ref (snapshot);
  op->limit = limit;
  task = new_cache_task (self, byline_store_suggest_async, op, cancellable, callback, user_data);
  g_task_run_in_thread (task, suggest_thread);
}

GPtrArray *
byline_store_suggest_finish (BylineStore   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
