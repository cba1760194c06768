/* byline-account.c: one CMS account (a site, a user)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-account"

#include "config.h"

#include "byline-account.h"

struct _BylineAccount
{
  GObject  parent_instance;

  char    *name;
  char    *kind;
  char    *url;
  char    *user;
};

G_DEFINE_FINAL_TYPE (BylineAccount, byline_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_URL,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_account_finalize (GObject *object)
{
  BylineAccount *self = (BylineAccount *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (byline_account_parent_class)->finalize (object);
}

static void
byline_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BylineAccount *self = BYLINE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BylineAccount *self = BYLINE_ACCOUNT (object);

  /* All construct-only: an account never changes, so a list of them can be
   * shared between threads and widgets without notifications. */
  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_account_class_init (BylineAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_account_finalize;
  object_class->get_property = byline_account_get_property;
  object_class->set_property = byline_account_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         "wordpress",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_account_init (BylineAccount *self)
{
}

BylineAccount *
byline_account_new (const char *name,
                    const char *kind,
                    const char *url,
                    const char *user)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (BYLINE_TYPE_ACCOUNT,
                       "name", name,
                       "kind", kind,
                       "url", url,
                       "user", user,
                       NULL);
}

const char *
byline_account_get_name (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);

  return self->name;
}

const char *
byline_account_get_kind (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);

  return self->kind;
}

const char *
byline_account_get_url (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);

  return self->url;
}

const char *
byline_account_get_user (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);

  return self->user;
}
