/* byline-check-item.c: one thing to look at before the story goes to the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-check-item"

#include "byline-check-item.h"

struct _BylineCheckItem
{
  GObject parent_instance;

  BylineCheckKind kind;
  BylineCheckSeverity severity;
  char *id;
  char *message;
  char *field;
  int block;
  guint start;
  guint end;
  int image_index;
  guint dismissed : 1;
};

G_DEFINE_FINAL_TYPE (BylineCheckItem, byline_check_item, G_TYPE_OBJECT)

static void
byline_check_item_finalize (GObject *object)
{
  BylineCheckItem *self = (BylineCheckItem *) object;

  g_free (self->id);
  g_free (self->message);
  g_free (self->field);

  G_OBJECT_CLASS (byline_check_item_parent_class)->finalize (object);
}

static void
byline_check_item_class_init (BylineCheckItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = byline_check_item_finalize;
}

static void
byline_check_item_init (BylineCheckItem *self)
{
  self->block = -1;
  self->image_index = -1;
}

BylineCheckItem *
byline_check_item_new (BylineCheckKind      kind,
                       BylineCheckSeverity  severity,
                       const char          *id,
                       const char          *message,
                       const char          *field,
                       int                  block,
                       guint                start,
                       guint                end,
                       int                  image_index)
{
  BylineCheckItem *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (start <= end, NULL);

  self = g_object_new (BYLINE_TYPE_CHECK_ITEM, NULL);
  self->kind = kind;
  self->severity = severity;
  self->id = g_strdup (id);
  self->message = g_strdup (message);
  self->field = g_strdup (field);
  self->block = block;
  self->start = start;
  self->end = end;
  self->image_index = image_index;

  return self;
}

BylineCheckKind
byline_check_item_get_kind (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), 0);
  return self->kind;
}

BylineCheckSeverity
byline_check_item_get_severity (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), 0);
  return self->severity;
}

const char *
byline_check_item_get_id (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), NULL);
  return self->id;
}

const char *
byline_check_item_get_message (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), NULL);
  return self->message;
}

const char *
byline_check_item_get_field (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), NULL);
  return self->field;
}

int
byline_check_item_get_block (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), -1);
  return self->block;
}

guint
byline_check_item_get_start (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), 0);
  return self->start;
}

guint
byline_check_item_get_end (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), 0);
  return self->end;
}

int
byline_check_item_get_image_index (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), -1);
  return self->image_index;
}

gboolean
byline_check_item_get_dismissed (BylineCheckItem *self)
{
  g_return_val_if_fail (BYLINE_IS_CHECK_ITEM (self), FALSE);
  return self->dismissed;
}

void
byline_check_item_set_dismissed (BylineCheckItem *self,
                                 gboolean         dismissed)
{
  g_return_if_fail (BYLINE_IS_CHECK_ITEM (self));
  self->dismissed = !!dismissed;
}

const char *
byline_check_kind_to_string (BylineCheckKind kind)
{
  switch (kind)
    {
    case BYLINE_CHECK_HEADLINE_LENGTH: return "headline-length";
    case BYLINE_CHECK_SEO_TITLE_LENGTH: return "seo-title-length";
    case BYLINE_CHECK_NO_STANDFIRST: return "no-standfirst";
    case BYLINE_CHECK_IMAGE: return "image";
    case BYLINE_CHECK_QUOTE_UNATTRIBUTED: return "quote-unattributed";
    case BYLINE_CHECK_UNBALANCED: return "unbalanced";
    case BYLINE_CHECK_PLAIN_HTTP: return "plain-http";
    case BYLINE_CHECK_DOUBLED_WORD: return "doubled-word";
    case BYLINE_CHECK_REPEATED_PARAGRAPH: return "repeated-paragraph";
    case BYLINE_CHECK_WORD_TARGET: return "word-target";
    case BYLINE_CHECK_RELATED_TARGET: return "related-target";
    default: return "unknown";
    }
}
