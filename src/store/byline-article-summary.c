/* byline-article-summary.c: one row of the article list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article-summary"

#include "config.h"

#include "byline-article-summary.h"
#include "byline-model-enums.h"

struct _BylineArticleSummary
{
  GObject              parent_instance;

  char                *id;
  char                *headline;
  GDateTime           *modified;
  GDateTime           *trashed_at;
  BylineArticleStatus  status;
  BylineSyncState      sync_state;
  guint                word_count;
};

G_DEFINE_FINAL_TYPE (BylineArticleSummary, byline_article_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_HEADLINE,
  PROP_STATUS,
  PROP_SYNC_STATE,
  PROP_MODIFIED,
  PROP_WORD_COUNT,
  PROP_TRASHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_article_summary_finalize (GObject *object)
{
  BylineArticleSummary *self = (BylineArticleSummary *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->headline, g_free);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->trashed_at, g_date_time_unref);

  G_OBJECT_CLASS (byline_article_summary_parent_class)->finalize (object);
}

static void
byline_article_summary_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BylineArticleSummary *self = BYLINE_ARTICLE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_SYNC_STATE:
      g_value_set_enum (value, self->sync_state);
      break;

    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;

    case PROP_WORD_COUNT:
      g_value_set_uint (value, self->word_count);
      break;

    case PROP_TRASHED_AT:
      g_value_set_boxed (value, self->trashed_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_summary_class_init (BylineArticleSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_article_summary_finalize;
  object_class->get_property = byline_article_summary_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       BYLINE_TYPE_ARTICLE_STATUS, BYLINE_ARTICLE_STATUS_DRAFT,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_STATE] =
    g_param_spec_enum ("sync-state", NULL, NULL,
                       BYLINE_TYPE_SYNC_STATE, BYLINE_SYNC_STATE_LOCAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORD_COUNT] =
    g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRASHED_AT] =
    g_param_spec_boxed ("trashed-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_article_summary_init (BylineArticleSummary *self)
{
}

/**
 * byline_article_summary_new:
 *
 * Returns: (transfer full): an immutable summary; @modified and @trashed_at
 * are referenced, not copied.
 */
BylineArticleSummary *
byline_article_summary_new (const char          *id,
                            const char          *headline,
                            BylineArticleStatus  status,
                            BylineSyncState      sync_state,
                            GDateTime           *modified,
                            guint                word_count,
                            GDateTime           *trashed_at)
{
  BylineArticleSummary *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (BYLINE_TYPE_ARTICLE_SUMMARY, NULL);
  self->id = g_strdup (id);
  self->headline = g_strdup (headline ? headline : "");
  self->status = status;
  self->sync_state = sync_state;
  self->modified = modified ? g_date_time_ref (modified) : NULL;
  self->word_count = word_count;
  self->trashed_at = trashed_at ? g_date_time_ref (trashed_at) : NULL;

  return self;
}

const char *
byline_article_summary_get_id (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), NULL);

  return self->id;
}

const char *
byline_article_summary_get_headline (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), NULL);

  return self->headline;
}

BylineArticleStatus
byline_article_summary_get_status (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), BYLINE_ARTICLE_STATUS_DRAFT);

  return self->status;
}

BylineSyncState
byline_article_summary_get_sync_state (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), BYLINE_SYNC_STATE_LOCAL);

  return self->sync_state;
}

GDateTime *
byline_article_summary_get_modified (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), NULL);

  return self->modified;
}

guint
byline_article_summary_get_word_count (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), 0);

  return self->word_count;
}

GDateTime *
byline_article_summary_get_trashed_at (BylineArticleSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_SUMMARY (self), NULL);

  return self->trashed_at;
}
