/* byline-story-ref.c: a live reference to another story in the CMS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-story-ref"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-story-ref.h"
#include "byline-article.h"
#include "byline-block.h"
#include "byline-model-private.h"

struct _BylineStoryRef
{
  GObject parent_instance;

  char *cms_id;
  char *url;
  char *section;
  char *headline;
  BylineImage *image;

  BylineTargetState target_state;
  char *fresh_section;
  char *fresh_headline;
  BylineImage *fresh_image;
};

G_DEFINE_FINAL_TYPE (BylineStoryRef, byline_story_ref, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CMS_ID,
  PROP_URL,
  PROP_SECTION,
  PROP_HEADLINE,
  PROP_IMAGE,
  PROP_TARGET_STATE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
byline_story_ref_dispose (GObject *object)
{
  BylineStoryRef *self = (BylineStoryRef *) object;

  g_clear_object (&self->image);
  g_clear_object (&self->fresh_image);

  G_OBJECT_CLASS (byline_story_ref_parent_class)->dispose (object);
}

static void
byline_story_ref_finalize (GObject *object)
{
  BylineStoryRef *self = (BylineStoryRef *) object;

  g_free (self->cms_id);
  g_free (self->url);
  g_free (self->section);
  g_free (self->headline);
  g_free (self->fresh_section);
  g_free (self->fresh_headline);

  G_OBJECT_CLASS (byline_story_ref_parent_class)->finalize (object);
}

static void
byline_story_ref_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BylineStoryRef *self = BYLINE_STORY_REF (object);

  switch (prop_id)
    {
    case PROP_CMS_ID:
      g_value_set_string (value, self->cms_id);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_SECTION:
      g_value_set_string (value, self->section);
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_TARGET_STATE:
      g_value_set_uint (value, self->target_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_story_ref_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BylineStoryRef *self = BYLINE_STORY_REF (object);

  switch (prop_id)
    {
    case PROP_CMS_ID:
      byline_story_ref_set_cms_id (self, g_value_get_string (value));
      break;
    case PROP_URL:
      byline_story_ref_set_url (self, g_value_get_string (value));
      break;
    case PROP_SECTION:
      byline_story_ref_set_section (self, g_value_get_string (value));
      break;
    case PROP_HEADLINE:
      byline_story_ref_set_headline (self, g_value_get_string (value));
      break;
    case PROP_IMAGE:
      byline_story_ref_set_image (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_story_ref_class_init (BylineStoryRefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_story_ref_dispose;
  object_class->finalize = byline_story_ref_finalize;
  object_class->get_property = byline_story_ref_get_property;
  object_class->set_property = byline_story_ref_set_property;

  properties[PROP_CMS_ID] =
    g_param_spec_string ("cms-id", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, BYLINE_TYPE_IMAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET_STATE] =
    g_param_spec_uint ("target-state", NULL, NULL,
                       0, BYLINE_TARGET_STATE_NOT_PUBLIC, BYLINE_TARGET_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_story_ref_init (BylineStoryRef *self)
{
  self->cms_id = g_strdup ("");
  self->url = g_strdup ("");
  self->section = g_strdup ("");
  self->headline = g_strdup ("");
}

BylineStoryRef *
byline_story_ref_new (void)
{
  return g_object_new (BYLINE_TYPE_STORY_REF, NULL);
}

BylineStoryRef *
byline_story_ref_copy (BylineStoryRef *self)
{
  BylineStoryRef *copy;

  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);

  copy = byline_story_ref_new ();
  byline_set_string (&copy->cms_id, self->cms_id);
  byline_set_string (&copy->url, self->url);
  byline_set_string (&copy->section, self->section);
  byline_set_string (&copy->headline, self->headline);
  if (self->image != NULL)
    {
      g_autoptr(BylineImage) image = byline_image_copy (self->image);
      byline_story_ref_set_image (copy, image);
    }
  copy->target_state = self->target_state;
  copy->fresh_section = g_strdup (self->fresh_section);
  copy->fresh_headline = g_strdup (self->fresh_headline);
  if (self->fresh_image != NULL)
    copy->fresh_image = byline_image_copy (self->fresh_image);

  return copy;
}

gboolean
byline_story_ref_equal (BylineStoryRef *a,
                        BylineStoryRef *b)
{
  g_return_val_if_fail (a == NULL || BYLINE_IS_STORY_REF (a), FALSE);
  g_return_val_if_fail (b == NULL || BYLINE_IS_STORY_REF (b), FALSE);

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_str_equal (a->cms_id, b->cms_id) &&
         g_str_equal (a->url, b->url) &&
         g_str_equal (a->section, b->section) &&
         g_str_equal (a->headline, b->headline) &&
         byline_image_equal (a->image, b->image) &&
         a->target_state == b->target_state &&
         g_strcmp0 (a->fresh_section, b->fresh_section) == 0 &&
         g_strcmp0 (a->fresh_headline, b->fresh_headline) == 0 &&
         byline_image_equal (a->fresh_image, b->fresh_image);
}

static void
set_string_prop (BylineStoryRef  *self,
                 char           **field,
                 const char      *value,
                 guint            prop)
{
  if (!byline_set_string (field, value))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
byline_story_ref_get_cms_id (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->cms_id;
}

void
byline_story_ref_set_cms_id (BylineStoryRef *self,
                             const char     *cms_id)
{
  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  set_string_prop (self, &self->cms_id, cms_id, PROP_CMS_ID);
}

const char *
byline_story_ref_get_url (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->url;
}

void
byline_story_ref_set_url (BylineStoryRef *self,
                          const char     *url)
{
  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  set_string_prop (self, &self->url, url, PROP_URL);
}

const char *
byline_story_ref_get_section (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->section;
}

void
byline_story_ref_set_section (BylineStoryRef *self,
                              const char     *section)
{
  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  set_string_prop (self, &self->section, section, PROP_SECTION);
}

const char *
byline_story_ref_get_headline (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->headline;
}

void
byline_story_ref_set_headline (BylineStoryRef *self,
                               const char     *headline)
{
  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  set_string_prop (self, &self->headline, headline, PROP_HEADLINE);
}

BylineImage *
byline_story_ref_get_image (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->image;
}

static void
on_image_changed (BylineStoryRef *self,
                  BylineImage    *image)
{
  /* The image's own texts belong to this story ref too. */
  g_signal_emit (self, signals[CHANGED], 0);
}

void
byline_story_ref_set_image (BylineStoryRef *self,
                            BylineImage    *image)
{
  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  g_return_if_fail (image == NULL || BYLINE_IS_IMAGE (image));

  if (self->image == image)
    return;

  if (self->image != NULL)
    g_signal_handlers_disconnect_by_func (self->image, on_image_changed, self);

  g_set_object (&self->image, image);

  if (image != NULL)
    g_signal_connect_object (image, "changed",
                             G_CALLBACK (on_image_changed), self,
                             G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

BylineTargetState
byline_story_ref_get_target_state (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), BYLINE_TARGET_STATE_UNKNOWN);
  return self->target_state;
}

const char *
byline_story_ref_get_fresh_section (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->fresh_section;
}

const char *
byline_story_ref_get_fresh_headline (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->fresh_headline;
}

BylineImage *
byline_story_ref_get_fresh_image (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);
  return self->fresh_image;
}

void
byline_story_ref_set_target (BylineStoryRef    *self,
                             BylineTargetState  state,
                             BylineStoryRef    *fresh)
{
  g_autoptr(BylineImage) fresh_image = NULL;
  const char *fresh_section = NULL;
  const char *fresh_headline = NULL;
  gboolean changed;

  g_return_if_fail (BYLINE_IS_STORY_REF (self));
  g_return_if_fail (state <= BYLINE_TARGET_STATE_NOT_PUBLIC);
  g_return_if_fail (fresh == NULL || BYLINE_IS_STORY_REF (fresh));

  /* Fresh values only mean something for an updated target. */
  if (state == BYLINE_TARGET_STATE_UPDATED && fresh != NULL)
    {
      fresh_section = fresh->section;
      fresh_headline = fresh->headline;
      if (fresh->image != NULL)
        fresh_image = byline_image_copy (fresh->image);
    }

  changed = self->target_state != state ||
            g_strcmp0 (self->fresh_section, fresh_section) != 0 ||
            g_strcmp0 (self->fresh_headline, fresh_headline) != 0 ||
            !byline_image_equal (self->fresh_image, fresh_image);
  if (!changed)
    return;

  self->target_state = state;
  g_free (self->fresh_section);
  self->fresh_section = g_strdup (fresh_section);
  g_free (self->fresh_headline);
  self->fresh_headline = g_strdup (fresh_headline);
  g_set_object (&self->fresh_image, fresh_image);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_STATE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
byline_story_ref_refresh (BylineStoryRef *self)
{
  g_autoptr(BylineImage) image = NULL;
  g_autofree char *section = NULL;
  g_autofree char *headline = NULL;

  g_return_if_fail (BYLINE_IS_STORY_REF (self));

  if (self->target_state != BYLINE_TARGET_STATE_UPDATED)
    return;

  /* Take the values before clearing them: one change at the end would
   * be nicer, but each setter already compares and notifies. */
  section = g_strdup (self->fresh_section);
  headline = g_strdup (self->fresh_headline);
  image = self->fresh_image != NULL ? g_object_ref (self->fresh_image) : NULL;

  g_object_freeze_notify (G_OBJECT (self));
  byline_story_ref_set_target (self, BYLINE_TARGET_STATE_OK, NULL);
  if (section != NULL)
    byline_story_ref_set_section (self, section);
  if (headline != NULL)
    byline_story_ref_set_headline (self, headline);
  byline_story_ref_set_image (self, image);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
byline_story_ref_needs_attention (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), FALSE);

  return self->target_state == BYLINE_TARGET_STATE_UPDATED ||
         self->target_state == BYLINE_TARGET_STATE_DELETED ||
         self->target_state == BYLINE_TARGET_STATE_NOT_PUBLIC;
}

const char *
byline_story_ref_describe_target (BylineStoryRef *self)
{
  g_return_val_if_fail (BYLINE_IS_STORY_REF (self), NULL);

  switch (self->target_state)
    {
    case BYLINE_TARGET_STATE_UPDATED:
      return _("Updated on the site — refresh card?");
    case BYLINE_TARGET_STATE_DELETED:
      return _("Deleted on the site");
    case BYLINE_TARGET_STATE_NOT_PUBLIC:
      return _("No longer public");
    case BYLINE_TARGET_STATE_UNKNOWN:
    case BYLINE_TARGET_STATE_OK:
    default:
      return NULL;
    }
}

GPtrArray *
byline_article_list_flagged_refs (BylineArticle *article)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *related;
  guint n;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), refs);

  related = byline_article_get_related (article);
  n = g_list_model_get_n_items (related);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineStoryRef) ref = g_list_model_get_item (related, i);

      if (byline_story_ref_needs_attention (ref))
        g_ptr_array_add (refs, g_steal_pointer (&ref));
    }

  n = byline_article_get_n_blocks (article);
  for (guint i = 0; i < n; i++)
    {
      BylineBlock *block = byline_article_get_block (article, i);
      BylineStoryRef *ref;

      if (byline_block_get_kind (block) != BYLINE_BLOCK_CARD)
        continue;
      ref = byline_block_get_story_ref (block);
      if (ref != NULL && byline_story_ref_needs_attention (ref))
        g_ptr_array_add (refs, g_object_ref (ref));
    }

  return refs;
}
