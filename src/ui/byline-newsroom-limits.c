/* byline-newsroom-limits.c: the limits one article is held to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-newsroom-limits"

#include "config.h"

#include "byline-newsroom-limits.h"

struct _BylineNewsroomLimits
{
  GObject             parent_instance;

  GSettings          *settings;     /* NULL: the defaults */
  BylineArticle      *article;
  char               *account;
  BylineCheckOptions  options;
};

G_DEFINE_FINAL_TYPE (BylineNewsroomLimits, byline_newsroom_limits, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
same_limits (const BylineCheckOptions *a,
             const BylineCheckOptions *b)
{
  return a->headline_max_chars == b->headline_max_chars &&
         a->seo_title_max_chars == b->seo_title_max_chars &&
         a->seo_title_max_width == b->seo_title_max_width &&
         a->limits_from == b->limits_from &&
         g_strcmp0 (a->limits_name, b->limits_name) == 0;
}

/* Cheap: a few GSettings reads and a lookup in two small tables; runs
 * when the settings, the account or the section change, never on a
 * keystroke in the text. */
static void
update (BylineNewsroomLimits *self)
{
  BylineCheckOptions options;
  g_autoptr(GVariant) section_limits = NULL;
  g_autoptr(GVariant) account_limits = NULL;
  guint headline = BYLINE_HEADLINE_MAX_CHARS_DEFAULT;
  guint seo_chars = BYLINE_SEO_TITLE_MAX_CHARS_DEFAULT;
  guint seo_width = BYLINE_SEO_TITLE_MAX_WIDTH_DEFAULT;

  byline_check_options_init (&options);
  if (self->settings != NULL)
    {
      headline = g_settings_get_uint (self->settings, "headline-max-chars");
      seo_chars = g_settings_get_uint (self->settings, "seo-title-max-chars");
      seo_width = g_settings_get_uint (self->settings, "seo-title-max-width");
      section_limits = g_settings_get_value (self->settings, "section-limits");
      account_limits = g_settings_get_value (self->settings, "account-limits");
    }
  byline_check_options_pick_limits (&options, headline, seo_chars, seo_width,
                                    section_limits,
                                    self->article ? byline_article_get_section (self->article) : NULL,
                                    account_limits, self->account);

  if (same_limits (&options, &self->options))
    {
      byline_check_options_clear (&options);
      return;
    }
  byline_check_options_clear (&self->options);
  self->options = options;
  g_signal_emit (self, signals[CHANGED], 0);
}

BylineNewsroomLimits *
byline_newsroom_limits_new (GSettings *settings)
{
  BylineNewsroomLimits *self;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BYLINE_TYPE_NEWSROOM_LIMITS, NULL);
  if (settings != NULL)
    g_object_get (settings, "settings-schema", &schema, NULL);
  /* A schema without the keys (an older one in a test) means defaults */
  if (schema != NULL && g_settings_schema_has_key (schema, "section-limits"))
    {
      static const char * const keys[] = {
        "changed::headline-max-chars", "changed::seo-title-max-chars",
        "changed::seo-title-max-width", "changed::section-limits",
        "changed::account-limits",
      };

      self->settings = g_object_ref (settings);
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        g_signal_connect_object (settings, keys[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
  return self;
}

void
byline_newsroom_limits_set_article (BylineNewsroomLimits *self,
                                    BylineArticle        *article)
{
  g_return_if_fail (BYLINE_IS_NEWSROOM_LIMITS (self));
  g_return_if_fail (!article || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;
  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update, self);
  g_set_object (&self->article, article);
  if (article != NULL)
    g_signal_connect_object (article, "notify::section", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

void
byline_newsroom_limits_set_account (BylineNewsroomLimits *self,
                                    const char           *account)
{
  g_return_if_fail (BYLINE_IS_NEWSROOM_LIMITS (self));

  if (g_strcmp0 (self->account, account) == 0)
    return;
  g_free (self->account);
  self->account = g_strdup (account);
  update (self);
}

const BylineCheckOptions *
byline_newsroom_limits_get_options (BylineNewsroomLimits *self)
{
  g_return_val_if_fail (BYLINE_IS_NEWSROOM_LIMITS (self), NULL);
  return &self->options;
}

static void
byline_newsroom_limits_dispose (GObject *object)
{
  BylineNewsroomLimits *self = (BylineNewsroomLimits *) object;

  if (self->article != NULL)
    g_signal_handlers_disconnect_by_func (self->article, update, self);
  g_clear_object (&self->article);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (byline_newsroom_limits_parent_class)->dispose (object);
}

static void
byline_newsroom_limits_finalize (GObject *object)
{
  BylineNewsroomLimits *self = (BylineNewsroomLimits *) object;

  byline_check_options_clear (&self->options);
  g_free (self->account);

  G_OBJECT_CLASS (byline_newsroom_limits_parent_class)->finalize (object);
}

static void
byline_newsroom_limits_class_init (BylineNewsroomLimitsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_newsroom_limits_dispose;
  object_class->finalize = byline_newsroom_limits_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_newsroom_limits_init (BylineNewsroomLimits *self)
{
  byline_check_options_init (&self->options);
}
