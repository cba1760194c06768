/* byline-article.c: a news article, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-article"

#include "byline-article.h"
#include "byline-article-private.h"
#include "byline-block-private.h"
#include "byline-model-enums.h"
#include "byline-model-private.h"
#include "byline-slug.h"

/* Words a reader gets through in a minute, for the reading time. */
#define WORDS_PER_MINUTE 230

struct _BylineArticle
{
  GObject parent_instance;

  char *id;
  char *language;
  char *section;
  char *headline;
  char *seo_title;
  char *social_headline;
  char *slug;
  char *standfirst;
  char *byline;
  char **tags;
  BylineArticleStatus status;
  GDateTime *created;
  GDateTime *modified;
  GDateTime *scheduled_for;     /* UTC, or NULL */
  BylineImage *lead_image;
  guint word_target;
  char **dismissed_checks;

  GListStore *body;             /* of BylineBlock */
  GListStore *related;          /* of BylineStoryRef */

  guint standfirst_words;
  guint word_count;             /* standfirst_words + each block's counted words */
  guint64 revision;
  guint64 stored_version;
};

G_DEFINE_FINAL_TYPE (BylineArticle, byline_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LANGUAGE,
  PROP_SECTION,
  PROP_HEADLINE,
  PROP_SEO_TITLE,
  PROP_SOCIAL_HEADLINE,
  PROP_STANDFIRST,
  PROP_BYLINE,
  PROP_TAGS,
  PROP_STATUS,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_LEAD_IMAGE,
  PROP_WORD_COUNT,
  PROP_READING_TIME,
  PROP_REVISION,
  PROP_SLUG,
  PROP_WORD_TARGET,
  PROP_DISMISSED_CHECKS,
  PROP_SCHEDULED_FOR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void on_block_changed   (gpointer       owner,
                                BylineBlock   *block);
static void on_part_changed    (BylineArticle *self,
                                gpointer       part);

static guint
reading_time_for (guint words)
{
  return (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
}

/* Every change ends here: one revision, "modified" moved to now (unless
 * the change was to "modified" itself), then "changed". */
static void
article_changed (BylineArticle *self,
                 gboolean       touch_modified)
{
  self->revision++;

  if (touch_modified)
    {
      g_clear_pointer (&self->modified, g_date_time_unref);
      self->modified = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Moves the running total by a difference; the body is never walked. */
static void
adjust_word_count (BylineArticle *self,
                   guint          old_words,
                   guint          new_words)
{
  guint old_total = self->word_count;

  if (old_words == new_words)
    return;

  g_assert (self->word_count >= old_words);
  self->word_count = self->word_count - old_words + new_words;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
  if (reading_time_for (old_total) != reading_time_for (self->word_count))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING_TIME]);
}

static void
attach_block (BylineArticle *self,
              BylineBlock   *block)
{
  guint words = byline_block_get_word_count (block);

  byline_block_set_owner (block, self, on_block_changed);
  byline_block_set_counted_words (block, words);
  self->word_count += words;
}

static void
detach_block (BylineArticle *self,
              BylineBlock   *block)
{
  g_assert (self->word_count >= byline_block_get_counted_words (block));
  self->word_count -= byline_block_get_counted_words (block);
  byline_block_set_counted_words (block, 0);
  byline_block_set_owner (block, NULL, NULL);
}

static void
on_block_changed (gpointer     owner,
                  BylineBlock *block)
{
  BylineArticle *self = owner;
  guint before = byline_block_get_counted_words (block);
  guint now = byline_block_get_word_count (block);

  byline_block_set_counted_words (block, now);
  adjust_word_count (self, before, now);
  article_changed (self, TRUE);
}

static void
on_part_changed (BylineArticle *self,
                 gpointer       part)
{
  article_changed (self, TRUE);
}

static void
byline_article_dispose (GObject *object)
{
  BylineArticle *self = (BylineArticle *) object;

  /* Blocks may outlive us (an undo stack, a clipboard): let them go free. */
  if (self->body != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->body));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BylineBlock) block = g_list_model_get_item (G_LIST_MODEL (self->body), i);
          detach_block (self, block);
        }
      g_list_store_remove_all (self->body);
    }

  g_clear_object (&self->body);
  g_clear_object (&self->related);
  g_clear_object (&self->lead_image);

  G_OBJECT_CLASS (byline_article_parent_class)->dispose (object);
}

static void
byline_article_finalize (GObject *object)
{
  BylineArticle *self = (BylineArticle *) object;

  g_free (self->id);
  g_free (self->language);
  g_free (self->section);
  g_free (self->headline);
  g_free (self->seo_title);
  g_free (self->social_headline);
  g_free (self->slug);
  g_free (self->standfirst);
  g_free (self->byline);
  g_strfreev (self->tags);
  g_strfreev (self->dismissed_checks);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->scheduled_for, g_date_time_unref);

  G_OBJECT_CLASS (byline_article_parent_class)->finalize (object);
}

static void
byline_article_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BylineArticle *self = BYLINE_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_SECTION:
      g_value_set_string (value, self->section);
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;
    case PROP_SEO_TITLE:
      g_value_set_string (value, self->seo_title);
      break;
    case PROP_SOCIAL_HEADLINE:
      g_value_set_string (value, self->social_headline);
      break;
    case PROP_STANDFIRST:
      g_value_set_string (value, self->standfirst);
      break;
    case PROP_BYLINE:
      g_value_set_string (value, self->byline);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;
    case PROP_LEAD_IMAGE:
      g_value_set_object (value, self->lead_image);
      break;
    case PROP_WORD_COUNT:
      g_value_set_uint (value, self->word_count);
      break;
    case PROP_READING_TIME:
      g_value_set_uint (value, reading_time_for (self->word_count));
      break;
    case PROP_REVISION:
      g_value_set_uint64 (value, self->revision);
      break;
    case PROP_SLUG:
      g_value_set_string (value, self->slug);
      break;
    case PROP_WORD_TARGET:
      g_value_set_uint (value, self->word_target);
      break;
    case PROP_DISMISSED_CHECKS:
      g_value_set_boxed (value, self->dismissed_checks);
      break;
    case PROP_SCHEDULED_FOR:
      g_value_set_boxed (value, self->scheduled_for);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BylineArticle *self = BYLINE_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      {
        const char *id = g_value_get_string (value);

        if (id != NULL && !g_uuid_string_is_valid (id))
          {
            g_critical ("“%s” is not a UUID; giving the article a new id", id);
            id = NULL;
          }
        g_free (self->id);
        self->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
      }
      break;
    case PROP_LANGUAGE:
      byline_article_set_language (self, g_value_get_string (value));
      break;
    case PROP_SECTION:
      byline_article_set_section (self, g_value_get_string (value));
      break;
    case PROP_HEADLINE:
      byline_article_set_headline (self, g_value_get_string (value));
      break;
    case PROP_SEO_TITLE:
      byline_article_set_seo_title (self, g_value_get_string (value));
      break;
    case PROP_SOCIAL_HEADLINE:
      byline_article_set_social_headline (self, g_value_get_string (value));
      break;
    case PROP_STANDFIRST:
      byline_article_set_standfirst (self, g_value_get_string (value));
      break;
    case PROP_BYLINE:
      byline_article_set_byline (self, g_value_get_string (value));
      break;
    case PROP_TAGS:
      byline_article_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_STATUS:
      byline_article_set_status (self, g_value_get_enum (value));
      break;
    case PROP_CREATED:
      byline_article_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_MODIFIED:
      byline_article_set_modified (self, g_value_get_boxed (value));
      break;
    case PROP_LEAD_IMAGE:
      byline_article_set_lead_image (self, g_value_get_object (value));
      break;
    case PROP_SLUG:
      byline_article_set_slug (self, g_value_get_string (value));
      break;
    case PROP_WORD_TARGET:
      byline_article_set_word_target (self, g_value_get_uint (value));
      break;
    case PROP_DISMISSED_CHECKS:
      byline_article_set_dismissed_checks (self, g_value_get_boxed (value));
      break;
    case PROP_SCHEDULED_FOR:
      byline_article_set_scheduled_for (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_class_init (BylineArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = byline_article_dispose;
  object_class->finalize = byline_article_finalize;
  object_class->get_property = byline_article_get_property;
  object_class->set_property = byline_article_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", rw);
  properties[PROP_SECTION] = g_param_spec_string ("section", NULL, NULL, "", rw);
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, "", rw);
  properties[PROP_SEO_TITLE] = g_param_spec_string ("seo-title", NULL, NULL, "", rw);
  properties[PROP_SOCIAL_HEADLINE] = g_param_spec_string ("social-headline", NULL, NULL, "", rw);
  properties[PROP_STANDFIRST] = g_param_spec_string ("standfirst", NULL, NULL, "", rw);
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, "", rw);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       BYLINE_TYPE_ARTICLE_STATUS, BYLINE_ARTICLE_STATUS_DRAFT, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_MODIFIED] = g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_LEAD_IMAGE] =
    g_param_spec_object ("lead-image", NULL, NULL, BYLINE_TYPE_IMAGE, rw);
  properties[PROP_WORD_COUNT] =
    g_param_spec_uint ("word-count", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_READING_TIME] =
    g_param_spec_uint ("reading-time", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_REVISION] =
    g_param_spec_uint64 ("revision", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, "", rw);
  properties[PROP_WORD_TARGET] =
    g_param_spec_uint ("word-target", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_DISMISSED_CHECKS] =
    g_param_spec_boxed ("dismissed-checks", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_SCHEDULED_FOR] =
    g_param_spec_boxed ("scheduled-for", NULL, NULL, G_TYPE_DATE_TIME, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_article_init (BylineArticle *self)
{
  self->language = g_strdup ("en");
  self->section = g_strdup ("");
  self->headline = g_strdup ("");
  self->seo_title = g_strdup ("");
  self->social_headline = g_strdup ("");
  self->slug = g_strdup ("");
  self->dismissed_checks = g_new0 (char *, 1);
  self->standfirst = g_strdup ("");
  self->byline = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->status = BYLINE_ARTICLE_STATUS_DRAFT;
  self->created = g_date_time_new_now_utc ();
  self->modified = g_date_time_ref (self->created);
  self->body = g_list_store_new (BYLINE_TYPE_BLOCK);
  self->related = g_list_store_new (BYLINE_TYPE_STORY_REF);
}

BylineArticle *
byline_article_new (void)
{
  return g_object_new (BYLINE_TYPE_ARTICLE, NULL);
}

BylineArticle *
byline_article_new_with_id (const char *id)
{
  g_return_val_if_fail (id == NULL || g_uuid_string_is_valid (id), NULL);

  return g_object_new (BYLINE_TYPE_ARTICLE, "id", id, NULL);
}

BylineArticle *
byline_article_copy (BylineArticle *self)
{
  BylineArticle *copy;
  guint n_blocks;
  guint n_related;
  g_autoptr(GPtrArray) blocks = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  copy = byline_article_new_with_id (self->id);
  byline_article_set_language (copy, self->language);
  byline_article_set_section (copy, self->section);
  byline_article_set_headline (copy, self->headline);
  byline_article_set_seo_title (copy, self->seo_title);
  byline_article_set_social_headline (copy, self->social_headline);
  byline_article_set_slug (copy, self->slug);
  byline_article_set_word_target (copy, self->word_target);
  byline_article_set_dismissed_checks (copy, (const char * const *) self->dismissed_checks);
  byline_article_set_standfirst (copy, self->standfirst);
  byline_article_set_byline (copy, self->byline);
  byline_article_set_tags (copy, (const char * const *) self->tags);
  byline_article_set_status (copy, self->status);
  byline_article_set_created (copy, self->created);
  byline_article_set_scheduled_for (copy, self->scheduled_for);

  if (self->lead_image != NULL)
    {
      g_autoptr(BylineImage) image = byline_image_copy (self->lead_image);
      byline_article_set_lead_image (copy, image);
    }

  n_blocks = g_list_model_get_n_items (G_LIST_MODEL (self->body));
  blocks = g_ptr_array_new_full (n_blocks, g_object_unref);
  for (guint i = 0; i < n_blocks; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (G_LIST_MODEL (self->body), i);
      g_ptr_array_add (blocks, byline_block_copy (block));
    }
  byline_article_splice_body (copy, 0, 0, (BylineBlock * const *) blocks->pdata, blocks->len);

  n_related = g_list_model_get_n_items (G_LIST_MODEL (self->related));
  for (guint i = 0; i < n_related; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (G_LIST_MODEL (self->related), i);
      g_autoptr(BylineStoryRef) ref_copy = byline_story_ref_copy (ref);
      byline_article_insert_related (copy, i, ref_copy);
    }

  byline_article_finish_loading (copy, self->modified);

  return copy;
}

static gboolean
list_equal (GListModel *a,
            GListModel *b,
            gboolean  (*item_equal) (gpointer, gpointer))
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item_a = g_list_model_get_item (a, i);
      g_autoptr(GObject) item_b = g_list_model_get_item (b, i);

      if (!item_equal (item_a, item_b))
        return FALSE;
    }

  return TRUE;
}

gboolean
byline_article_equal (BylineArticle *a,
                      BylineArticle *b)
{
  g_return_val_if_fail (a == NULL || BYLINE_IS_ARTICLE (a), FALSE);
  g_return_val_if_fail (b == NULL || BYLINE_IS_ARTICLE (b), FALSE);

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_str_equal (a->id, b->id) &&
         g_str_equal (a->language, b->language) &&
         g_str_equal (a->section, b->section) &&
         g_str_equal (a->headline, b->headline) &&
         g_str_equal (a->seo_title, b->seo_title) &&
         g_str_equal (a->social_headline, b->social_headline) &&
         g_str_equal (a->slug, b->slug) &&
         a->word_target == b->word_target &&
         g_strv_equal ((const char * const *) a->dismissed_checks,
                       (const char * const *) b->dismissed_checks) &&
         g_str_equal (a->standfirst, b->standfirst) &&
         g_str_equal (a->byline, b->byline) &&
         g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags) &&
         a->status == b->status &&
         g_date_time_equal (a->created, b->created) &&
         g_date_time_equal (a->modified, b->modified) &&
         (a->scheduled_for == NULL
          ? b->scheduled_for == NULL
          : b->scheduled_for != NULL && g_date_time_equal (a->scheduled_for, b->scheduled_for)) &&
         byline_image_equal (a->lead_image, b->lead_image) &&
         list_equal (G_LIST_MODEL (a->body), G_LIST_MODEL (b->body),
                     (gboolean (*) (gpointer, gpointer)) byline_block_equal) &&
         list_equal (G_LIST_MODEL (a->related), G_LIST_MODEL (b->related),
                     (gboolean (*) (gpointer, gpointer)) byline_story_ref_equal);
}

/* Simple text fields */

static void
set_string_prop (BylineArticle  *self,
                 char          **field,
                 const char     *value,
                 guint           prop)
{
  if (!byline_set_string (field, value))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  article_changed (self, TRUE);
}

const char *
byline_article_get_id (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->id;
}

const char *
byline_article_get_language (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->language;
}

void
byline_article_set_language (BylineArticle *self,
                             const char    *language)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->language, language, PROP_LANGUAGE);
}

const char *
byline_article_get_section (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->section;
}

void
byline_article_set_section (BylineArticle *self,
                            const char    *section)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->section, section, PROP_SECTION);
}

const char *
byline_article_get_headline (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->headline;
}

void
byline_article_set_headline (BylineArticle *self,
                             const char    *headline)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->headline, headline, PROP_HEADLINE);
}

const char *
byline_article_get_seo_title (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->seo_title;
}

void
byline_article_set_seo_title (BylineArticle *self,
                              const char    *seo_title)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->seo_title, seo_title, PROP_SEO_TITLE);
}

const char *
byline_article_get_social_headline (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->social_headline;
}

void
byline_article_set_social_headline (BylineArticle *self,
                                    const char    *social_headline)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->social_headline, social_headline, PROP_SOCIAL_HEADLINE);
}

const char *
byline_article_get_slug (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->slug;
}

void
byline_article_set_slug (BylineArticle *self,
                         const char    *slug)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->slug, slug, PROP_SLUG);
}

gboolean
byline_article_get_slug_follows_headline (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), FALSE);
  return *self->slug == '\0';
}

char *
byline_article_dup_effective_slug (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  if (*self->slug != '\0')
    return g_strdup (self->slug);
  return byline_slug_from_text (self->headline);
}

guint
byline_article_get_word_target (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->word_target;
}

void
byline_article_set_word_target (BylineArticle *self,
                                guint          word_target)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (self->word_target == word_target)
    return;

  self->word_target = word_target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_TARGET]);
  article_changed (self, TRUE);
}

const char * const *
byline_article_get_dismissed_checks (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return (const char * const *) self->dismissed_checks;
}

void
byline_article_set_dismissed_checks (BylineArticle      *self,
                                     const char * const *ids)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (ids == NULL)
    ids = none;

  for (guint i = 0; ids[i] != NULL; i++)
    g_return_if_fail (g_utf8_validate (ids[i], -1, NULL));

  if (g_strv_equal ((const char * const *) self->dismissed_checks, ids))
    return;

  g_strfreev (self->dismissed_checks);
  self->dismissed_checks = g_strdupv ((char **) ids);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISMISSED_CHECKS]);
  article_changed (self, TRUE);
}

gboolean
byline_article_is_check_dismissed (BylineArticle *self,
                                   const char    *check_id)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), FALSE);
  g_return_val_if_fail (check_id != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->dismissed_checks, check_id);
}

void
byline_article_dismiss_check (BylineArticle *self,
                              const char    *check_id)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (check_id != NULL);

  if (byline_article_is_check_dismissed (self, check_id))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->dismissed_checks);
  g_strv_builder_add (builder, check_id);
  ids = g_strv_builder_end (builder);
  byline_article_set_dismissed_checks (self, (const char * const *) ids);
}

const char *
byline_article_get_standfirst (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->standfirst;
}

void
byline_article_set_standfirst (BylineArticle *self,
                               const char    *standfirst)
{
  guint old_words;

  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (!byline_set_string (&self->standfirst, standfirst))
    return;

  old_words = self->standfirst_words;
  self->standfirst_words = byline_count_words (self->standfirst, -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STANDFIRST]);
  adjust_word_count (self, old_words, self->standfirst_words);
  article_changed (self, TRUE);
}

const char *
byline_article_get_byline (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->byline;
}

void
byline_article_set_byline (BylineArticle *self,
                           const char    *byline)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  set_string_prop (self, &self->byline, byline, PROP_BYLINE);
}

const char * const *
byline_article_get_tags (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return (const char * const *) self->tags;
}

void
byline_article_set_tags (BylineArticle      *self,
                         const char * const *tags)
{
  static const char * const no_tags[] = { NULL };

  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (tags == NULL)
    tags = no_tags;

  for (guint i = 0; tags[i] != NULL; i++)
    g_return_if_fail (g_utf8_validate (tags[i], -1, NULL));

  if (g_strv_equal ((const char * const *) self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
  article_changed (self, TRUE);
}

BylineArticleStatus
byline_article_get_status (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), BYLINE_ARTICLE_STATUS_DRAFT);
  return self->status;
}

void
byline_article_set_status (BylineArticle       *self,
                           BylineArticleStatus  status)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail ((guint) status <= BYLINE_ARTICLE_STATUS_PUBLISHED);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  article_changed (self, TRUE);
}

GDateTime *
byline_article_get_created (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->created;
}

/* Stores @value in UTC; TRUE if it was a different instant. */
static gboolean
set_time (GDateTime **field,
          GDateTime  *value)
{
  if (g_date_time_equal (*field, value))
    return FALSE;

  g_date_time_unref (*field);
  *field = g_date_time_to_utc (value);
  return TRUE;
}

void
byline_article_set_created (BylineArticle *self,
                            GDateTime     *created)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (created != NULL);

  if (!set_time (&self->created, created))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
  article_changed (self, TRUE);
}

GDateTime *
byline_article_get_scheduled_for (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->scheduled_for;
}

void
byline_article_set_scheduled_for (BylineArticle *self,
                                  GDateTime     *scheduled_for)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (scheduled_for == NULL && self->scheduled_for == NULL)
    return;
  if (scheduled_for != NULL && self->scheduled_for != NULL &&
      g_date_time_equal (scheduled_for, self->scheduled_for))
    return;

  g_clear_pointer (&self->scheduled_for, g_date_time_unref);
  if (scheduled_for != NULL)
    self->scheduled_for = g_date_time_to_utc (scheduled_for);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULED_FOR]);
  article_changed (self, TRUE);
}

GDateTime *
byline_article_get_modified (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->modified;
}

void
byline_article_set_modified (BylineArticle *self,
                             GDateTime     *modified)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (modified != NULL);

  if (!set_time (&self->modified, modified))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  article_changed (self, FALSE);
}

BylineImage *
byline_article_get_lead_image (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->lead_image;
}

void
byline_article_set_lead_image (BylineArticle *self,
                               BylineImage   *image)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (image == NULL || BYLINE_IS_IMAGE (image));

  if (self->lead_image == image)
    return;

  if (self->lead_image != NULL)
    g_signal_handlers_disconnect_by_func (self->lead_image, on_part_changed, self);

  g_set_object (&self->lead_image, image);

  if (image != NULL)
    g_signal_connect_object (image, "changed",
                             G_CALLBACK (on_part_changed), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD_IMAGE]);
  article_changed (self, TRUE);
}

guint
byline_article_get_word_count (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->word_count;
}

guint
byline_article_get_reading_time (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return reading_time_for (self->word_count);
}

guint64
byline_article_get_revision (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->revision;
}

guint64
byline_article_get_stored_version (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->stored_version;
}

void
byline_article_set_stored_version (BylineArticle *self,
                                   guint64        version)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  self->stored_version = version;
}

/* The body */

GListModel *
byline_article_get_body (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return G_LIST_MODEL (self->body);
}

guint
byline_article_get_n_blocks (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->body));
}

/* Returns: (transfer none): the body holds the reference. */
BylineBlock *
byline_article_get_block (BylineArticle *self,
                          guint          position)
{
  BylineBlock *block;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  block = g_list_model_get_item (G_LIST_MODEL (self->body), position);
  if (block != NULL)
    g_object_unref (block);

  return block;
}

void
byline_article_insert_block (BylineArticle *self,
                             guint          position,
                             BylineBlock   *block)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (BYLINE_IS_BLOCK (block));

  byline_article_splice_body (self, position, 0, &block, 1);
}

void
byline_article_append_block (BylineArticle *self,
                             BylineBlock   *block)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (BYLINE_IS_BLOCK (block));

  byline_article_splice_body (self, byline_article_get_n_blocks (self), 0, &block, 1);
}

void
byline_article_remove_blocks (BylineArticle *self,
                              guint          position,
                              guint          n_blocks)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  byline_article_splice_body (self, position, n_blocks, NULL, 0);
}

void
byline_article_splice_body (BylineArticle       *self,
                            guint                position,
                            guint                n_removals,
                            BylineBlock * const *additions,
                            guint                n_additions)
{
  GListModel *body;
  guint old_total;
  guint n_items;

  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (additions != NULL || n_additions == 0);

  body = G_LIST_MODEL (self->body);
  n_items = g_list_model_get_n_items (body);
  g_return_if_fail (position <= n_items);
  g_return_if_fail (n_removals <= n_items - position);

  if (n_removals == 0 && n_additions == 0)
    return;

  for (guint i = 0; i < n_additions; i++)
    g_return_if_fail (BYLINE_IS_BLOCK (additions[i]));

  old_total = self->word_count;

  /* Detach what goes first, so a block may move within one splice. */
  for (guint i = 0; i < n_removals; i++)
    {
      g_autoptr(BylineBlock) block = g_list_model_get_item (body, position + i);
      detach_block (self, block);
    }

  /* A block lives in one body at a time (and once in it): its word
   * bookkeeping belongs to that body. */
  for (guint i = 0; i < n_additions; i++)
    {
      if (byline_block_get_owner (additions[i]) != NULL)
        {
          g_critical ("%s: block %u already belongs to an article's body",
                      G_STRFUNC, i);

          for (guint j = 0; j < i; j++)
            detach_block (self, additions[j]);
          for (guint j = 0; j < n_removals; j++)
            {
              g_autoptr(BylineBlock) block = g_list_model_get_item (body, position + j);
              attach_block (self, block);
            }
          return;
        }
      attach_block (self, additions[i]);
    }

  g_list_store_splice (self->body, position, n_removals,
                       (gpointer *) additions, n_additions);

  /* attach/detach moved the total already; notify once for the splice. */
  if (old_total != self->word_count)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
      if (reading_time_for (old_total) != reading_time_for (self->word_count))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING_TIME]);
    }

  article_changed (self, TRUE);
}

/* Related stories */

GListModel *
byline_article_get_related (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return G_LIST_MODEL (self->related);
}

void
byline_article_insert_related (BylineArticle  *self,
                               guint           position,
                               BylineStoryRef *ref)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (BYLINE_IS_STORY_REF (ref));
  g_return_if_fail (position <= g_list_model_get_n_items (G_LIST_MODEL (self->related)));
  /* Once only: its "changed" handler is per object. */
  g_return_if_fail (!g_list_store_find (self->related, ref, NULL));

  g_signal_connect_object (ref, "changed",
                           G_CALLBACK (on_part_changed), self,
                           G_CONNECT_SWAPPED);
  g_list_store_insert (self->related, position, ref);
  article_changed (self, TRUE);
}

void
byline_article_remove_related (BylineArticle *self,
                               guint          position)
{
  g_autoptr(BylineStoryRef) ref = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->related)));

  ref = g_list_model_get_item (G_LIST_MODEL (self->related), position);
  g_signal_handlers_disconnect_by_func (ref, on_part_changed, self);
  g_list_store_remove (self->related, position);
  article_changed (self, TRUE);
}

void
byline_article_move_related (BylineArticle *self,
                             guint          from,
                             guint          to)
{
  g_autoptr(BylineStoryRef) ref = NULL;
  guint n;

  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->related));
  g_return_if_fail (from < n);
  g_return_if_fail (to < n);

  if (from == to)
    return;

  ref = g_list_model_get_item (G_LIST_MODEL (self->related), from);
  g_list_store_remove (self->related, from);
  g_list_store_insert (self->related, to, ref);
  article_changed (self, TRUE);
}

/* Private API */

void
byline_article_finish_loading (BylineArticle *self,
                               GDateTime     *modified)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (modified != NULL);

  g_date_time_unref (self->modified);
  self->modified = g_date_time_to_utc (modified);
  self->revision = 0;
}
