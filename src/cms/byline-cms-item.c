/* byline-cms-item.c: one remote article in a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-cms"

#include "byline-cms-item.h"

struct _BylineCmsItem
{
  GObject              parent_instance;

  char                *remote_id;
  char                *headline;
  BylineArticleStatus  status;
  GDateTime           *modified;
  char                *url;
  char                *version;

  /* What a story card shows, when the backend's list carries it. */
  char                *section;
  char                *excerpt;
  char                *image_src;
  GDateTime           *published;
};

G_DEFINE_FINAL_TYPE (BylineCmsItem, byline_cms_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ID,
  PROP_HEADLINE,
  PROP_STATUS,
  PROP_MODIFIED,
  PROP_URL,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_cms_item_finalize (GObject *object)
{
  BylineCmsItem *self = (BylineCmsItem *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->headline, g_free);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->image_src, g_free);
  g_clear_pointer (&self->published, g_date_time_unref);

  G_OBJECT_CLASS (byline_cms_item_parent_class)->finalize (object);
}

static void
byline_cms_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BylineCmsItem *self = BYLINE_CMS_ITEM (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID: g_value_set_string (value, self->remote_id); break;
    case PROP_HEADLINE: g_value_set_string (value, self->headline); break;
    case PROP_STATUS: g_value_set_uint (value, self->status); break;
    case PROP_MODIFIED: g_value_set_boxed (value, self->modified); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_VERSION: g_value_set_string (value, self->version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_cms_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BylineCmsItem *self = BYLINE_CMS_ITEM (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID: self->remote_id = g_value_dup_string (value); break;
    case PROP_HEADLINE: self->headline = g_value_dup_string (value); break;
    case PROP_STATUS: self->status = g_value_get_uint (value); break;
    case PROP_MODIFIED: self->modified = g_value_dup_boxed (value); break;
    case PROP_URL: self->url = g_value_dup_string (value); break;
    case PROP_VERSION: self->version = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_cms_item_class_init (BylineCmsItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = byline_cms_item_finalize;
  object_class->get_property = byline_cms_item_get_property;
  object_class->set_property = byline_cms_item_set_property;

  properties[PROP_REMOTE_ID] = g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL,
                                               0, BYLINE_ARTICLE_STATUS_PUBLISHED,
                                               BYLINE_ARTICLE_STATUS_DRAFT, flags);
  properties[PROP_MODIFIED] = g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_cms_item_init (BylineCmsItem *self)
{
}

BylineCmsItem *
byline_cms_item_new (const char          *remote_id,
                     const char          *headline,
                     BylineArticleStatus  status,
                     GDateTime           *modified,
                     const char          *url,
                     const char          *version)
{
  g_return_val_if_fail (remote_id != NULL, NULL);

  return g_object_new (BYLINE_TYPE_CMS_ITEM,
                       "remote-id", remote_id,
                       "headline", headline,
                       "status", (guint) status,
                       "modified", modified,
                       "url", url,
                       "version", version,
                       NULL);
}

const char *
byline_cms_item_get_remote_id (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->remote_id;
}

const char *
byline_cms_item_get_headline (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->headline;
}

BylineArticleStatus
byline_cms_item_get_status (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), BYLINE_ARTICLE_STATUS_DRAFT);
  return self->status;
}

GDateTime *
byline_cms_item_get_modified (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->modified;
}

const char *
byline_cms_item_get_url (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->url;
}

const char *
byline_cms_item_get_version (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->version;
}

void
byline_cms_item_set_story (BylineCmsItem *self,
                           const char    *section,
                           const char    *excerpt,
                           const char    *image_src,
                           GDateTime     *published)
{
  g_return_if_fail (BYLINE_IS_CMS_ITEM (self));

  g_free (self->section);
  self->section = g_strdup (section != NULL ? section : "");
  g_free (self->excerpt);
  self->excerpt = g_strdup (excerpt != NULL ? excerpt : "");
  g_free (self->image_src);
  self->image_src = g_strdup (image_src != NULL ? image_src : "");
  g_clear_pointer (&self->published, g_date_time_unref);
  self->published = published != NULL ? g_date_time_ref (published) : NULL;
}

const char *
byline_cms_item_get_section (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->section != NULL ? self->section : "";
}

const char *
byline_cms_item_get_excerpt (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->excerpt != NULL ? self->excerpt : "";
}

const char *
byline_cms_item_get_image_src (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->image_src != NULL ? self->image_src : "";
}

GDateTime *
byline_cms_item_get_published (BylineCmsItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CMS_ITEM (self), NULL);
  return self->published;
}
