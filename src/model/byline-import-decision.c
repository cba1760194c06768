/* byline-import-decision.c: one thing an importer recognised, and whether to use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import-decision"

#include "config.h"

#include <glib/gi18n.h>

#include "byline-import-decision.h"

struct _BylineImportDecision
{
  GObject parent_instance;

  BylineImportRole role;
  BylineImportFallback fallback;
  char *text;
  char *value;
  char *reason;
  BylineBlock *block;
  double confidence;
  guint accepted : 1;
};

G_DEFINE_FINAL_TYPE (BylineImportDecision, byline_import_decision, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCEPTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
byline_import_decision_finalize (GObject *object)
{
  BylineImportDecision *self = (BylineImportDecision *) object;

  g_free (self->text);
  g_free (self->value);
  g_free (self->reason);
  g_clear_object (&self->block);

  G_OBJECT_CLASS (byline_import_decision_parent_class)->finalize (object);
}

static void
byline_import_decision_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BylineImportDecision *self = BYLINE_IMPORT_DECISION (object);

  switch (prop_id)
    {
    case PROP_ACCEPTED:
      g_value_set_boolean (value, self->accepted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_import_decision_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BylineImportDecision *self = BYLINE_IMPORT_DECISION (object);

  switch (prop_id)
    {
    case PROP_ACCEPTED:
      byline_import_decision_set_accepted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_import_decision_class_init (BylineImportDecisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_import_decision_finalize;
  object_class->get_property = byline_import_decision_get_property;
  object_class->set_property = byline_import_decision_set_property;

  properties[PROP_ACCEPTED] =
    g_param_spec_boolean ("accepted", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_import_decision_init (BylineImportDecision *self)
{
  self->accepted = TRUE;
}

BylineImportDecision *
byline_import_decision_new (BylineImportRole  role,
                            const char       *text,
                            const char       *value,
                            double            confidence,
                            const char       *reason)
{
  BylineImportDecision *self = g_object_new (BYLINE_TYPE_IMPORT_DECISION, NULL);

  self->role = role;
  self->text = g_strdup (text ? text : "");
  self->value = g_strdup (value);
  self->reason = g_strdup (reason ? reason : "");
  self->confidence = CLAMP (confidence, 0.0, 1.0);
  self->accepted = self->confidence >= 0.5;
  /* Metadata-only parts have nothing to put in the body */
  self->fallback = BYLINE_IMPORT_FALLBACK_PARAGRAPH;
  if (role == BYLINE_IMPORT_ROLE_DATE || role == BYLINE_IMPORT_ROLE_LANGUAGE
      || role == BYLINE_IMPORT_ROLE_TAGS || role == BYLINE_IMPORT_ROLE_IMAGE
      || role == BYLINE_IMPORT_ROLE_ALT)
    self->fallback = BYLINE_IMPORT_FALLBACK_NONE;

  return self;
}

BylineImportDecision *
byline_import_decision_new_block (BylineImportRole  role,
                                  BylineBlock      *block,
                                  const char       *text,
                                  double            confidence,
                                  const char       *reason)
{
  BylineImportDecision *self;

  g_return_val_if_fail (BYLINE_IS_BLOCK (block), NULL);

  if (text == NULL)
    text = byline_block_has_text (block) ? byline_block_get_text (block) : "";

  self = byline_import_decision_new (role, text, NULL, confidence, reason);
  self->block = g_object_ref (block);
  return self;
}

BylineImportRole
byline_import_decision_get_role (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), 0);
  return self->role;
}

const char *
byline_import_decision_get_text (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), NULL);
  return self->text;
}

const char *
byline_import_decision_get_value (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), NULL);
  return self->value != NULL ? self->value : self->text;
}

BylineBlock *
byline_import_decision_get_block (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), NULL);
  return self->block;
}

double
byline_import_decision_get_confidence (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), 0.0);
  return self->confidence;
}

const char *
byline_import_decision_get_reason (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), NULL);
  return self->reason;
}

BylineImportFallback
byline_import_decision_get_fallback (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), 0);
  return self->fallback;
}

void
byline_import_decision_set_fallback (BylineImportDecision *self,
                                     BylineImportFallback  fallback)
{
  g_return_if_fail (BYLINE_IS_IMPORT_DECISION (self));
  self->fallback = fallback;
}

gboolean
byline_import_decision_get_accepted (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), FALSE);
  return self->accepted;
}

void
byline_import_decision_set_accepted (BylineImportDecision *self,
                                     gboolean              accepted)
{
  g_return_if_fail (BYLINE_IS_IMPORT_DECISION (self));

  accepted = !!accepted;
  if (self->accepted == (guint) accepted)
    return;

  self->accepted = accepted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED]);
}

gboolean
byline_import_decision_is_uncertain (BylineImportDecision *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_DECISION (self), FALSE);
  return self->role != BYLINE_IMPORT_ROLE_BODY && self->confidence < BYLINE_IMPORT_CONFIDENT;
}

const char *
byline_import_role_describe (BylineImportRole role)
{
  switch (role)
    {
    case BYLINE_IMPORT_ROLE_BODY: return _("body text");
    case BYLINE_IMPORT_ROLE_HEADLINE: return _("the headline");
    case BYLINE_IMPORT_ROLE_STANDFIRST: return _("the standfirst");
    case BYLINE_IMPORT_ROLE_BYLINE: return _("the byline");
    case BYLINE_IMPORT_ROLE_SECTION: return _("the section");
    case BYLINE_IMPORT_ROLE_DATE: return _("the publication date");
    case BYLINE_IMPORT_ROLE_LANGUAGE: return _("the article’s language");
    case BYLINE_IMPORT_ROLE_TAGS: return _("the tags");
    case BYLINE_IMPORT_ROLE_IMAGE: return _("the lead image");
    case BYLINE_IMPORT_ROLE_CAPTION: return _("the lead image caption");
    case BYLINE_IMPORT_ROLE_CREDIT: return _("the lead image credit");
    case BYLINE_IMPORT_ROLE_ALT: return _("the lead image alt text");
    case BYLINE_IMPORT_ROLE_PHOTO: return _("a photo’s caption and credit");
    case BYLINE_IMPORT_ROLE_SUBHEADING: return _("a subheading");
    case BYLINE_IMPORT_ROLE_CARD: return _("a related-story card");
    case BYLINE_IMPORT_ROLE_RELATED: return _("a related story");
    case BYLINE_IMPORT_ROLE_FURNITURE: return _("site furniture, to leave out");
    default: return "";
    }
}

const char *
byline_import_role_to_string (BylineImportRole role)
{
  static const char * const names[] = {
    "body", "headline", "standfirst", "byline", "section", "date", "language",
    "tags", "image", "caption", "credit", "alt", "photo", "subheading", "card",
    "related", "furniture",
  };

  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (names), "");
  return names[role];
}
