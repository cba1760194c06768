/* byline-image-metadata.c: what a photo says about itself (IPTC, XMP, Exif)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-metadata"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gexiv2/gexiv2.h>

#include "byline-image-metadata.h"

G_DEFINE_BOXED_TYPE (BylineImageMetadata, byline_image_metadata,
                     byline_image_metadata_copy, byline_image_metadata_free)

BylineImageMetadata *
byline_image_metadata_copy (const BylineImageMetadata *self)
{
  BylineImageMetadata *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BylineImageMetadata, 1);
  copy->creator = g_strdup (self->creator);
  copy->credit_line = g_strdup (self->credit_line);
  copy->copyright = g_strdup (self->copyright);
  copy->description = g_strdup (self->description);
  copy->alt_text = g_strdup (self->alt_text);
  copy->year = self->year;
  return copy;
}

void
byline_image_metadata_free (BylineImageMetadata *self)
{
  if (self == NULL)
    return;
  g_free (self->creator);
  g_free (self->credit_line);
  g_free (self->copyright);
  g_free (self->description);
  g_free (self->alt_text);
  g_free (self);
}

gboolean
byline_image_metadata_is_empty (const BylineImageMetadata *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->creator == NULL && self->credit_line == NULL && self->copyright == NULL
         && self->description == NULL && self->alt_text == NULL && self->year == 0;
}

/* exiv2 reports damaged metadata in a photo (malformed XMP, bad IPTC
 * records) through its log, which gexiv2 turns into g_critical: a
 * photo from anywhere is not a programming error, and the reader already
 * treats such metadata as absent or as an error.  Keep it for debugging
 * only (found by tests/fuzz/fuzz-image-metadata). */
static void
log_exiv2 (GExiv2LogLevel  level,
           const gchar    *message)
{
  g_debug ("exiv2: %s", message);
}

static void
ensure_initialized (void)
{
  static gsize initialized = 0;

  /* exiv2's XMP toolkit must be set up once, before any thread uses it */
  if (g_once_init_enter (&initialized))
    {
      gexiv2_initialize ();
      gexiv2_log_set_handler (log_exiv2);
      g_once_init_leave (&initialized, 1);
    }
}

/* XMP language alternatives read as 'lang="x-default" text': keep the text.
 * Blank or invalid UTF-8 values count as absent. */
static char *
clean_value (char *value)
{
  g_autofree char *owned = value;
  char *text = owned;

  if (owned == NULL)
    return NULL;

  if (g_str_has_prefix (text, "lang=\""))
    {
      char *end = strchr (text + 6, '"');

      if (end != NULL)
        text = end + 1;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      return clean_value (g_steal_pointer (&valid));
    }

  text = g_strstrip (text);
  if (text[0] == '\0')
    return NULL;
  return g_strdup (text);
}

static char *
first_tag (GExiv2Metadata     *metadata,
           const char * const *tags)
{
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      char *value;

      if (!gexiv2_metadata_try_has_tag (metadata, tags[i], &error))
        continue;
      value = clean_value (gexiv2_metadata_try_get_tag_string (metadata, tags[i], &error));
      if (error != NULL)
        g_debug ("Could not read %s: %s", tags[i], error->message);
      if (value != NULL)
        return value;
    }
  return NULL;
}

/* A year in a date ("2024:05:01 10:00:00", "2024-05-01") or a sentence
 * ("© 2024 Agency"): the first run of four digits from 1800 on. */
static int
find_year (const char *text)
{
  if (text == NULL)
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
          && g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4])
          && (p == text || !g_ascii_isdigit (p[-1])))
        {
          int year = (int) strtol (p, NULL, 10);

          if (year >= 1800 && year <= 9999)
            return year;
        }
    }
  return 0;
}

BylineImageMetadata *
byline_image_metadata_read_bytes (GBytes  *bytes,
                                  GError **error)
{
  static const char * const creator[] = { "Iptc.Application2.Byline", "Xmp.dc.creator", "Exif.Image.Artist", NULL };
  static const char * const credit[] = { "Iptc.Application2.Credit", "Xmp.photoshop.Credit", NULL };
  static const char * const copyright[] = { "Iptc.Application2.Copyright", "Xmp.dc.rights", "Exif.Image.Copyright", NULL };
  static const char * const description[] = { "Iptc.Application2.Caption", "Xmp.dc.description",
                                              "Exif.Image.ImageDescription", NULL };
  /* exiv2 knows the Iptc4xmpCore namespace by the prefix "iptc" */
  static const char * const alt[] = { "Xmp.iptc.AltTextAccessibility", "Xmp.Iptc4xmpCore.AltTextAccessibility", NULL };
  static const char * const date[] = { "Exif.Photo.DateTimeOriginal", "Iptc.Application2.DateCreated",
                                       "Xmp.photoshop.DateCreated", "Exif.Image.DateTime", NULL };
  g_autoptr(GExiv2Metadata) metadata = NULL;
  g_autoptr(BylineImageMetadata) result = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  ensure_initialized ();

  data = g_bytes_get_data (bytes, &size);
  metadata = gexiv2_metadata_new ();
  /* gexiv2 turns exiv2's C++ exceptions into this GError */
  if (!gexiv2_metadata_open_buf (metadata, data, (glong) size, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The photo’s metadata cannot be read: %s"),
                   local_error ? local_error->message : _("unknown error"));
      return NULL;
    }

  result = g_new0 (BylineImageMetadata, 1);
  result->creator = first_tag (metadata, creator);
  result->credit_line = first_tag (metadata, credit);
  result->copyright = first_tag (metadata, copyright);
  result->description = first_tag (metadata, description);
  result->alt_text = first_tag (metadata, alt);
  when = first_tag (metadata, date);
  result->year = find_year (when);

  return g_steal_pointer (&result);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GBytes) bytes = NULL;
  BylineImageMetadata *metadata;
  GError *error = NULL;

  bytes = g_file_load_bytes (G_FILE (task_data), cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  metadata = byline_image_metadata_read_bytes (bytes, &error);
  if (metadata == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, metadata, (GDestroyNotify) byline_image_metadata_free);
}

void
byline_image_metadata_read_async (GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_image_metadata_read_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_thread);
}

BylineImageMetadata *
byline_image_metadata_read_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/* "© 2024 Northwind Photo Agency. All rights reserved." → "Northwind
 * Photo Agency": the holder, without the sign, the years and the phrase */
static char *
copyright_holder (const char *copyright)
{
  static const char * const noise[] = { "\xc2\xa9", "(c)", "(C)", "copyright", "Copyright",
                                        "COPYRIGHT", "All rights reserved", "all rights reserved",
                                        "All Rights Reserved", NULL };
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) kept = NULL;
  g_auto(GStrv) words = NULL;

  if (is_blank (copyright))
    return NULL;

  text = g_string_new (copyright);
  for (guint i = 0; noise[i] != NULL; i++)
    g_string_replace (text, noise[i], " ", 0);

  /* Years and lone punctuation go; the words stay in their order */
  words = g_strsplit_set (text->str, " \t", -1);
  kept = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = g_strstrip (words[i]);
      gboolean has_letter = FALSE;

      for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalpha (g_utf8_get_char (p)))
          has_letter = TRUE;
      if (!has_letter)
        continue;
      if (kept->len > 0)
        g_string_append_c (kept, ' ');
      g_string_append (kept, word);
    }
  while (kept->len > 0 && strchr (".,;:-", kept->str[kept->len - 1]) != NULL)
    g_string_truncate (kept, kept->len - 1);

  if (kept->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

static char *
strip_sign (const char *text)
{
  const char *p = text;

  if (g_str_has_prefix (p, "\xc2\xa9"))
    p += 2;
  else if (g_ascii_strncasecmp (p, "(c)", 3) == 0)
    p += 3;
  return g_strstrip (g_strdup (p));
}

char *
byline_image_metadata_suggest_credit (const BylineImageMetadata *self)
{
  g_autofree char *agency = NULL;
  g_autofree char *name = NULL;
  GString *credit;
  int year;

  g_return_val_if_fail (self != NULL, NULL);

  if (!is_blank (self->credit_line))
    agency = strip_sign (self->credit_line);
  else
    agency = copyright_holder (self->copyright);
  if (agency != NULL && agency[0] == '\0')
    g_clear_pointer (&agency, g_free);
  if (!is_blank (self->creator))
    name = g_strdup (self->creator);

  year = self->year != 0 ? self->year : find_year (self->copyright);

  if (agency == NULL && name == NULL)
    return NULL;

  credit = g_string_new ("\xc2\xa9 ");
  g_string_append (credit, agency != NULL ? agency : name);
  /* A year already in the agency's own line is not said twice */
  if (year != 0 && find_year (agency != NULL ? agency : name) != year)
    g_string_append_printf (credit, " %d", year);
  if (agency != NULL && name != NULL && g_utf8_collate (agency, name) != 0)
    g_string_append_printf (credit, " / %s", name);

  return g_string_free (credit, FALSE);
}

char *
byline_image_metadata_suggest_caption (const BylineImageMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (is_blank (self->description))
    return NULL;
  /* A caption is one paragraph */
  return g_strdelimit (g_strdup (self->description), "\r\n\t", ' ');
}

char *
byline_image_metadata_suggest_alt (const BylineImageMetadata *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (is_blank (self->alt_text))
    return NULL;
  return g_strdelimit (g_strdup (self->alt_text), "\r\n\t", ' ');
}
