/* byline-image.c: a photo with its three texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-image"

#include "byline-image.h"
#include "byline-model-private.h"

struct _BylineImage
{
  GObject parent_instance;

  char *src;
  char *caption;
  char *credit;
  char *alt;
  guint decorative : 1;
};

G_DEFINE_FINAL_TYPE (BylineImage, byline_image, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SRC,
  PROP_CAPTION,
  PROP_CREDIT,
  PROP_ALT,
  PROP_DECORATIVE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
byline_image_finalize (GObject *object)
{
  BylineImage *self = (BylineImage *) object;

  g_free (self->src);
  g_free (self->caption);
  g_free (self->credit);
  g_free (self->alt);

  G_OBJECT_CLASS (byline_image_parent_class)->finalize (object);
}

static void
byline_image_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BylineImage *self = BYLINE_IMAGE (object);

  switch (prop_id)
    {
    case PROP_SRC:
      g_value_set_string (value, self->src);
      break;
    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;
    case PROP_CREDIT:
      g_value_set_string (value, self->credit);
      break;
    case PROP_ALT:
      g_value_set_string (value, self->alt);
      break;
    case PROP_DECORATIVE:
      g_value_set_boolean (value, self->decorative);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_image_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BylineImage *self = BYLINE_IMAGE (object);

  switch (prop_id)
    {
    case PROP_SRC:
      byline_image_set_src (self, g_value_get_string (value));
      break;
    case PROP_CAPTION:
      byline_image_set_caption (self, g_value_get_string (value));
      break;
    case PROP_CREDIT:
      byline_image_set_credit (self, g_value_get_string (value));
      break;
    case PROP_ALT:
      byline_image_set_alt (self, g_value_get_string (value));
      break;
    case PROP_DECORATIVE:
      byline_image_set_decorative (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_image_class_init (BylineImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_image_finalize;
  object_class->get_property = byline_image_get_property;
  object_class->set_property = byline_image_set_property;

  properties[PROP_SRC] =
    g_param_spec_string ("src", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDIT] =
    g_param_spec_string ("credit", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALT] =
    g_param_spec_string ("alt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DECORATIVE] =
    g_param_spec_boolean ("decorative", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
byline_image_init (BylineImage *self)
{
  self->src = g_strdup ("");
  self->caption = g_strdup ("");
  self->credit = g_strdup ("");
  self->alt = g_strdup ("");
}

BylineImage *
byline_image_new (void)
{
  return g_object_new (BYLINE_TYPE_IMAGE, NULL);
}

BylineImage *
byline_image_copy (BylineImage *self)
{
  BylineImage *copy;

  g_return_val_if_fail (BYLINE_IS_IMAGE (self), NULL);

  copy = byline_image_new ();
  byline_set_string (&copy->src, self->src);
  byline_set_string (&copy->caption, self->caption);
  byline_set_string (&copy->credit, self->credit);
  byline_set_string (&copy->alt, self->alt);
  copy->decorative = self->decorative;

  return copy;
}

gboolean
byline_image_equal (BylineImage *a,
                    BylineImage *b)
{
  g_return_val_if_fail (a == NULL || BYLINE_IS_IMAGE (a), FALSE);
  g_return_val_if_fail (b == NULL || BYLINE_IS_IMAGE (b), FALSE);

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_str_equal (a->src, b->src) &&
         g_str_equal (a->caption, b->caption) &&
         g_str_equal (a->credit, b->credit) &&
         g_str_equal (a->alt, b->alt) &&
         a->decorative == b->decorative;
}

static void
set_string_prop (BylineImage  *self,
                 char        **field,
                 const char   *value,
                 guint         prop)
{
  if (!byline_set_string (field, value))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
byline_image_get_src (BylineImage *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (self), NULL);
  return self->src;
}

void
byline_image_set_src (BylineImage *self,
                      const char  *src)
{
  g_return_if_fail (BYLINE_IS_IMAGE (self));
  set_string_prop (self, &self->src, src, PROP_SRC);
}

const char *
byline_image_get_caption (BylineImage *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (self), NULL);
  return self->caption;
}

void
byline_image_set_caption (BylineImage *self,
                          const char  *caption)
{
  g_return_if_fail (BYLINE_IS_IMAGE (self));
  set_string_prop (self, &self->caption, caption, PROP_CAPTION);
}

const char *
byline_image_get_credit (BylineImage *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (self), NULL);
  return self->credit;
}

void
byline_image_set_credit (BylineImage *self,
                         const char  *credit)
{
  g_return_if_fail (BYLINE_IS_IMAGE (self));
  set_string_prop (self, &self->credit, credit, PROP_CREDIT);
}

const char *
byline_image_get_alt (BylineImage *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (self), NULL);
  return self->alt;
}

void
byline_image_set_alt (BylineImage *self,
                      const char  *alt)
{
  g_return_if_fail (BYLINE_IS_IMAGE (self));
  set_string_prop (self, &self->alt, alt, PROP_ALT);
}

gboolean
byline_image_get_decorative (BylineImage *self)
{
  g_return_val_if_fail (BYLINE_IS_IMAGE (self), FALSE);
  return self->decorative;
}

void
byline_image_set_decorative (BylineImage *self,
                             gboolean     decorative)
{
  g_return_if_fail (BYLINE_IS_IMAGE (self));

  decorative = !!decorative;
  if (self->decorative == (guint) decorative)
    return;

  self->decorative = decorative;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECORATIVE]);
  g_signal_emit (self, signals[CHANGED], 0);
}
