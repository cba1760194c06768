/* byline-media.c: Byline's own copies of images, content-addressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-media"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "byline-media.h"
#include "byline-store-private.h"

/* A JPEG ends with its EOI marker; some cameras append a little after it */
#define JPEG_TAIL_SEARCH (64 * 1024)

G_DEFINE_QUARK (byline-media-error-quark, byline_media_error)

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

const char *
byline_media_sniff_type (const guint8 *data,
                         gsize         size)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (data == NULL)
    return NULL;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "jpg";
  if (size >= sizeof png_signature && memcmp (data, png_signature, sizeof png_signature) == 0)
    return "png";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

static gboolean
jpeg_is_whole (const guint8 *data,
               gsize         size)
{
  gsize from = size > JPEG_TAIL_SEARCH ? size - JPEG_TAIL_SEARCH : 2;

  for (gsize i = size - 1; i > from; i--)
    if (data[i - 1] == 0xff && data[i] == 0xd9)
      return TRUE;
  return FALSE;
}

static gboolean
png_is_whole (const guint8 *data,
              gsize         size)
{
  /* Signature, then IHDR first with a real size, and IEND last */
  if (size < 8 + 25 + 12)
    return FALSE;
  if (read_be32 (data + 8) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  if (read_be32 (data + 16) == 0 || read_be32 (data + 20) == 0)
    return FALSE;
  return memcmp (data + size - 8, "IEND", 4) == 0;
}

static gboolean
webp_is_whole (const guint8 *data,
               gsize         size)
{
  guint32 riff_size;

  if (size < 20)
    return FALSE;
  riff_size = read_le32 (data + 4);
  if ((guint64) riff_size + 8 > size)
    return FALSE;
  return memcmp (data + 12, "VP8 ", 4) == 0
         || memcmp (data + 12, "VP8L", 4) == 0
         || memcmp (data + 12, "VP8X", 4) == 0;
}

gboolean
byline_media_check_bytes (GBytes      *bytes,
                          const char  *display_name,
                          GError     **error)
{
  gsize size = 0;
  const guint8 *data;
  const char *type;
  gboolean whole;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (display_name == NULL)
    display_name = _("The image");

  data = g_bytes_get_data (bytes, &size);
  type = byline_media_sniff_type (data, size);
  if (type == NULL)
    {
      g_set_error (error, BYLINE_MEDIA_ERROR, BYLINE_MEDIA_ERROR_UNSUPPORTED,
                   _("“%s” is not a JPEG, PNG or WebP image"), display_name);
      return FALSE;
    }

  if (g_str_equal (type, "jpg"))
    whole = jpeg_is_whole (data, size);
  else if (g_str_equal (type, "png"))
    whole = png_is_whole (data, size);
  else
    whole = webp_is_whole (data, size);

  if (!whole)
    {
      g_set_error (error, BYLINE_MEDIA_ERROR, BYLINE_MEDIA_ERROR_CORRUPT,
                   _("“%s” is damaged or incomplete: it cannot be shown"), display_name);
      return FALSE;
    }
  return TRUE;
}

char *
byline_store_add_media_sync (BylineStore   *store,
                             GBytes        *bytes,
                             const char    *display_name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *sum = NULL;
  g_autofree char *media = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (!byline_media_check_bytes (bytes, display_name, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  name = g_strdup_printf ("%s.%s", sum, byline_media_sniff_type (data, size));
  media = byline_store_get_media_directory (store);
  if (g_mkdir_with_parents (media, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder for images: %s"), g_strerror (saved));
      return NULL;
    }

  path = g_build_filename (media, name, NULL);
  /* Same name, same size: the same bytes, already stored */
  if (g_stat (path, &st) != 0 || (gsize) st.st_size != size)
    {
      if (!g_file_set_contents_full (path, (const char *) data, size,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        {
          g_prefix_error (error, _("Could not keep a copy of “%s”: "),
                          display_name ? display_name : name);
          return NULL;
        }
    }

  return g_strconcat ("media/", name, NULL);
}

typedef struct
{
  GFile  *file;
  GBytes *bytes;
  char   *display_name;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->display_name);
  g_free (data);
}

static void
add_media_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  AddData *data = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  char *src;

  if (data->bytes != NULL)
    bytes = g_bytes_ref (data->bytes);
  else
    {
      bytes = g_file_load_bytes (data->file, cancellable, NULL, &error);
      if (bytes == NULL)
        {
          g_prefix_error (&error, _("Could not read “%s”: "), data->display_name);
          g_task_return_error (task, error);
          return;
        }
    }

  src = byline_store_add_media_sync (BYLINE_STORE (source_object), bytes, data->display_name,
                                     cancellable, &error);
  if (src == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, src, g_free);
}

void
byline_store_add_media_async (BylineStore         *store,
                              GFile               *file,
                              GBytes              *bytes,
                              const char          *display_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail ((file == NULL) != (bytes == NULL));

  data = g_new0 (AddData, 1);
  data->file = file ? g_object_ref (file) : NULL;
  data->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  if (display_name != NULL)
    data->display_name = g_strdup (display_name);
  else if (file != NULL)
    data->display_name = g_file_get_basename (file);
  else
    data->display_name = g_strdup (_("The pasted image"));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_store_add_media_async);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_media_thread);
}

char *
byline_store_add_media_finish (BylineStore   *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Remote images kept (schema version 6): a site's image URL → the src of
 * Byline's own copy in media/ (content-addressed like every other). */
gboolean
_byline_store_migrate_v6 (sqlite3  *db,
                          GError  **error)
{
  return _byline_store_exec (db,
                             "CREATE TABLE remote_media ("
                             "  url TEXT PRIMARY KEY NOT NULL,"
                             "  src TEXT NOT NULL,"
                             "  fetched_at INTEGER NOT NULL);",
                             _("upgrade the article store"), error);
}

char *
byline_store_lookup_remote_media_sync (BylineStore   *store,
                                       const char    *url,
                                       GError       **error)
{
  sqlite3_stmt *stmt;
  char *src = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!(db = _byline_store_lock (store, error)))
    return NULL;
  if ((stmt = _byline_store_prepare (db, "SELECT src FROM remote_media WHERE url = ?1",
                                     _("look up a story image"), error)))
    {
      sqlite3_bind_text (stmt, 1, url, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        src = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else if (rc != SQLITE_DONE)
        _byline_store_set_sqlite_error (error, db, rc, _("look up a story image"));
      sqlite3_finalize (stmt);
    }
  _byline_store_unlock (store, FALSE);
  return src;
}

gboolean
byline_store_remember_remote_media_sync (BylineStore   *store,
                                         const char    *url,
                                         const char    *src,
                                         GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ret = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), FALSE);
  g_return_val_if_fail (url != NULL && src != NULL, FALSE);

  if (!(db = _byline_store_lock (store, error)))
    return FALSE;
  if ((stmt = _byline_store_prepare (db,
                                     "INSERT INTO remote_media (url, src, fetched_at) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (url) DO UPDATE SET src = excluded.src, fetched_at = excluded.fetched_at",
                                     _("keep a story image"), error)))
    {
      sqlite3_bind_text (stmt, 1, url, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, src, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
      if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
        ret = TRUE;
      else
        _byline_store_set_sqlite_error (error, db, rc, _("keep a story image"));
      sqlite3_finalize (stmt);
    }
  _byline_store_unlock (store, FALSE);
  return ret;
}
