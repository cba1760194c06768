/* byline-history-entry.c: one earlier version of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-history-entry"

#include "config.h"

#include "byline-history-entry.h"

struct _BylineHistoryEntry
{
  GObject    parent_instance;

  gint64     entry_id;
  char      *article_id;
  GDateTime *saved_at;
  char      *headline;
  guint      word_count;
};

G_DEFINE_FINAL_TYPE (BylineHistoryEntry, byline_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTRY_ID,
  PROP_ARTICLE_ID,
  PROP_SAVED_AT,
  PROP_HEADLINE,
  PROP_WORD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_history_entry_finalize (GObject *object)
{
  BylineHistoryEntry *self = (BylineHistoryEntry *)object;

  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_clear_pointer (&self->headline, g_free);

  G_OBJECT_CLASS (byline_history_entry_parent_class)->finalize (object);
}

static void
byline_history_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BylineHistoryEntry *self = BYLINE_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ENTRY_ID:
      g_value_set_int64 (value, self->entry_id);
      break;

    case PROP_ARTICLE_ID:
      g_value_set_string (value, self->article_id);
      break;

    case PROP_SAVED_AT:
      g_value_set_boxed (value, self->saved_at);
      break;

    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;

    case PROP_WORD_COUNT:
      g_value_set_uint (value, self->word_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_history_entry_class_init (BylineHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_history_entry_finalize;
  object_class->get_property = byline_history_entry_get_property;

  properties[PROP_ENTRY_ID] =
    g_param_spec_int64 ("entry-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE_ID] =
    g_param_spec_string ("article-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED_AT] =
    g_param_spec_boxed ("saved-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORD_COUNT] =
    g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_history_entry_init (BylineHistoryEntry *self)
{
}

/**
 * byline_history_entry_new:
 *
 * Returns: (transfer full): an immutable entry; @saved_at is referenced.
 */
BylineHistoryEntry *
byline_history_entry_new (gint64      entry_id,
                          const char *article_id,
                          GDateTime  *saved_at,
                          const char *headline,
                          guint       word_count)
{
  BylineHistoryEntry *self;

  g_return_val_if_fail (article_id != NULL, NULL);

  self = g_object_new (BYLINE_TYPE_HISTORY_ENTRY, NULL);
  self->entry_id = entry_id;
  self->article_id = g_strdup (article_id);
  self->saved_at = saved_at ? g_date_time_ref (saved_at) : NULL;
  self->headline = g_strdup (headline ? headline : "");
  self->word_count = word_count;

  return self;
}

gint64
byline_history_entry_get_entry_id (BylineHistoryEntry *self)
{
  g_return_val_if_fail (BYLINE_IS_HISTORY_ENTRY (self), 0);

  return self->entry_id;
}

const char *
byline_history_entry_get_article_id (BylineHistoryEntry *self)
{
  g_return_val_if_fail (BYLINE_IS_HISTORY_ENTRY (self), NULL);

  return self->article_id;
}

GDateTime *
byline_history_entry_get_saved_at (BylineHistoryEntry *self)
{
  g_return_val_if_fail (BYLINE_IS_HISTORY_ENTRY (self), NULL);

  return self->saved_at;
}

const char *
byline_history_entry_get_headline (BylineHistoryEntry *self)
{
  g_return_val_if_fail (BYLINE_IS_HISTORY_ENTRY (self), NULL);

  return self->headline;
}

guint
byline_history_entry_get_word_count (BylineHistoryEntry *self)
{
  g_return_val_if_fail (BYLINE_IS_HISTORY_ENTRY (self), 0);

  return self->word_count;
}
