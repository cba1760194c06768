/* byline-image-suggestions.c: texts that came from a photo's own metadata
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image-suggestions"

#include "config.h"

#include "byline-image-suggestions.h"

/* property name -> the text suggested for it; kept on the image while it
 * is open (a suggestion is a note for this session, not article data) */
static GQuark
suggestions_quark (void)
{
  return g_quark_from_static_string ("byline-image-suggestions");
}

static GHashTable *
get_table (BylineImage *image,
           gboolean     create)
{
  GHashTable *table = g_object_get_qdata (G_OBJECT (image), suggestions_quark ());

  if (table == NULL && create)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_qdata_full (G_OBJECT (image), suggestions_quark (), table,
                               (GDestroyNotify) g_hash_table_unref);
    }
  return table;
}

static void
suggest (BylineImage *image,
         const char  *property,
         char        *text)
{
  g_autofree char *owned = text;
  g_autofree char *current = NULL;

  if (owned == NULL)
    return;
  g_object_get (image, property, &current, NULL);
  if (current != NULL && current[0] != '\0')
    return;

  g_hash_table_insert (get_table (image, TRUE), g_strdup (property), g_strdup (owned));
  g_object_set (image, property, owned, NULL);
}

void
byline_image_take_suggestions (BylineImage               *image,
                               const BylineImageMetadata *metadata)
{
  g_return_if_fail (BYLINE_IS_IMAGE (image));

  if (metadata == NULL)
    return;
  suggest (image, "caption", byline_image_metadata_suggest_caption (metadata));
  suggest (image, "credit", byline_image_metadata_suggest_credit (metadata));
  suggest (image, "alt", byline_image_metadata_suggest_alt (metadata));
}

gboolean
byline_image_is_suggested (BylineImage *image,
                           const char  *property)
{
  GHashTable *table;
  const char *suggested;
  g_autofree char *current = NULL;

  g_return_val_if_fail (BYLINE_IS_IMAGE (image), FALSE);

  table = get_table (image, FALSE);
  suggested = table ? g_hash_table_lookup (table, property) : NULL;
  if (suggested == NULL)
    return FALSE;
  g_object_get (image, property, &current, NULL);
  return g_strcmp0 (current, suggested) == 0;
}

void
byline_image_confirm_suggestion (BylineImage *image,
                                 const char  *property)
{
  GHashTable *table;

  g_return_if_fail (BYLINE_IS_IMAGE (image));

  table = get_table (image, FALSE);
  if (table != NULL && g_hash_table_remove (table, property))
    /* Whoever shows the marker looks again */
    g_object_notify (G_OBJECT (image), property);
}
