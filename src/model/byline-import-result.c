/* byline-import-result.c: an imported story before it becomes an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "byline-import-result"

#include "byline-import-result.h"

struct _BylineImportResult
{
  GObject parent_instance;

  BylineImportKind kind;
  BylineArticle *article;
  GPtrArray *decisions;
};

G_DEFINE_FINAL_TYPE (BylineImportResult, byline_import_result, G_TYPE_OBJECT)

static void
byline_import_result_finalize (GObject *object)
{
  BylineImportResult *self = (BylineImportResult *) object;

  g_clear_object (&self->article);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);

  G_OBJECT_CLASS (byline_import_result_parent_class)->finalize (object);
}

static void
byline_import_result_class_init (BylineImportResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = byline_import_result_finalize;
}

static void
byline_import_result_init (BylineImportResult *self)
{
  self->decisions = g_ptr_array_new_with_free_func (g_object_unref);
}

BylineImportResult *
byline_import_result_new (BylineImportKind kind)
{
  BylineImportResult *self = g_object_new (BYLINE_TYPE_IMPORT_RESULT, NULL);

  self->kind = kind;
  return self;
}

BylineImportResult *
byline_import_result_new_for_article (BylineImportKind  kind,
                                      BylineArticle    *article)
{
  BylineImportResult *self = byline_import_result_new (kind);

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), self);
  self->article = g_object_ref (article);
  return self;
}

BylineImportKind
byline_import_result_get_kind (BylineImportResult *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_RESULT (self), BYLINE_IMPORT_KIND_UNKNOWN);
  return self->kind;
}

void
byline_import_result_add (BylineImportResult   *self,
                          BylineImportDecision *decision)
{
  g_return_if_fail (BYLINE_IS_IMPORT_RESULT (self));
  g_return_if_fail (BYLINE_IS_IMPORT_DECISION (decision));

  g_ptr_array_add (self->decisions, g_object_ref (decision));
}

BylineImportDecision *
byline_import_result_add_text (BylineImportResult *self,
                               BylineImportRole    role,
                               const char         *text,
                               const char         *value,
                               double              confidence,
                               const char         *reason)
{
  g_autoptr(BylineImportDecision) decision = byline_import_decision_new (role, text, value, confidence, reason);

  byline_import_result_add (self, decision);
  return decision;
}

BylineImportDecision *
byline_import_result_add_block (BylineImportResult *self,
                                BylineImportRole    role,
                                BylineBlock        *block,
                                const char         *text,
                                double              confidence,
                                const char         *reason)
{
  g_autoptr(BylineImportDecision) decision = byline_import_decision_new_block (role, block, text, confidence, reason);

  byline_import_result_add (self, decision);
  return decision;
}

GPtrArray *
byline_import_result_get_decisions (BylineImportResult *self)
{
  g_return_val_if_fail (BYLINE_IS_IMPORT_RESULT (self), NULL);
  return self->decisions;
}

guint
byline_import_result_count_uncertain (BylineImportResult *self)
{
  guint n = 0;

  g_return_val_if_fail (BYLINE_IS_IMPORT_RESULT (self), 0);

  for (guint i = 0; i < self->decisions->len; i++)
    if (byline_import_decision_is_uncertain (g_ptr_array_index (self->decisions, i)))
      n++;
  return n;
}

void
byline_import_result_reject_uncertain (BylineImportResult *self)
{
  g_return_if_fail (BYLINE_IS_IMPORT_RESULT (self));

  for (guint i = 0; i < self->decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (self->decisions, i);

      if (byline_import_decision_is_uncertain (decision))
        byline_import_decision_set_accepted (decision, FALSE);
    }
}

static BylineImage *
ensure_lead_image (BylineArticle *article)
{
  if (byline_article_get_lead_image (article) == NULL)
    {
      g_autoptr(BylineImage) image = byline_image_new ();

      byline_article_set_lead_image (article, image);
    }
  return byline_article_get_lead_image (article);
}

static void
append_paragraph (BylineArticle *article,
                  const char    *text)
{
  g_autoptr(BylineBlock) block = NULL;

  if (text == NULL || *text == '\0')
    return;

  block = byline_block_new_paragraph (text);
  byline_article_append_block (article, block);
}

/* Sets a text field once; a second candidate goes to the body. */
static gboolean
set_once (BylineArticle *article,
          const char    *(*get) (BylineArticle *),
          void           (*set) (BylineArticle *, const char *),
          const char    *value)
{
  const char *current = get (article);

  if (current != NULL && *current != '\0')
    return FALSE;
  set (article, value);
  return TRUE;
}

static gboolean
set_image_once (BylineImage *image,
                const char  *(*get) (BylineImage *),
                void         (*set) (BylineImage *, const char *),
                const char  *value)
{
  const char *current = get (image);

  if (current != NULL && *current != '\0')
    return FALSE;
  set (image, value);
  return TRUE;
}

static gboolean
apply (BylineArticle        *article,
       BylineImportDecision *decision,
       GDateTime           **created)
{
  const char *value = byline_import_decision_get_value (decision);
  BylineBlock *block = byline_import_decision_get_block (decision);

  switch (byline_import_decision_get_role (decision))
    {
    case BYLINE_IMPORT_ROLE_BODY:
    case BYLINE_IMPORT_ROLE_PHOTO:
    case BYLINE_IMPORT_ROLE_SUBHEADING:
    case BYLINE_IMPORT_ROLE_CARD:
      if (block == NULL)
        return FALSE;
      {
        g_autoptr(BylineBlock) copy = byline_block_copy (block);
        byline_article_append_block (article, copy);
      }
      return TRUE;

    case BYLINE_IMPORT_ROLE_RELATED:
      if (block == NULL || byline_block_get_story_ref (block) == NULL)
        return FALSE;
      {
        GListModel *related = byline_article_get_related (article);
        g_autoptr(BylineStoryRef) ref = byline_story_ref_copy (byline_block_get_story_ref (block));
        byline_article_insert_related (article, g_list_model_get_n_items (related), ref);
      }
      return TRUE;

    case BYLINE_IMPORT_ROLE_HEADLINE:
      return set_once (article, byline_article_get_headline, byline_article_set_headline, value);
    case BYLINE_IMPORT_ROLE_STANDFIRST:
      return set_once (article, byline_article_get_standfirst, byline_article_set_standfirst, value);
    case BYLINE_IMPORT_ROLE_BYLINE:
      return set_once (article, byline_article_get_byline, byline_article_set_byline, value);
    case BYLINE_IMPORT_ROLE_SECTION:
      return set_once (article, byline_article_get_section, byline_article_set_section, value);
    case BYLINE_IMPORT_ROLE_LANGUAGE:
      byline_article_set_language (article, value);
      return TRUE;

    case BYLINE_IMPORT_ROLE_TAGS:
      {
        g_auto(GStrv) tags = g_strsplit (value, "\n", -1);
        byline_article_set_tags (article, (const char * const *) tags);
      }
      return TRUE;

    case BYLINE_IMPORT_ROLE_DATE:
      if (*created == NULL)
        *created = g_date_time_new_from_iso8601 (value, NULL);
      return *created != NULL;

    case BYLINE_IMPORT_ROLE_IMAGE:
      return set_image_once (ensure_lead_image (article), byline_image_get_src, byline_image_set_src, value);
    case BYLINE_IMPORT_ROLE_CAPTION:
      return set_image_once (ensure_lead_image (article), byline_image_get_caption, byline_image_set_caption, value);
    case BYLINE_IMPORT_ROLE_CREDIT:
      return set_image_once (ensure_lead_image (article), byline_image_get_credit, byline_image_set_credit, value);
    case BYLINE_IMPORT_ROLE_ALT:
      return set_image_once (ensure_lead_image (article), byline_image_get_alt, byline_image_set_alt, value);

    case BYLINE_IMPORT_ROLE_FURNITURE:
      return TRUE;

    default:
      return FALSE;
    }
}

BylineArticle *
byline_import_result_build_article (BylineImportResult *self)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GDateTime) created = NULL;

  g_return_val_if_fail (BYLINE_IS_IMPORT_RESULT (self), NULL);

  if (self->article != NULL)
    return byline_article_copy (self->article);

  article = byline_article_new ();
  for (guint i = 0; i < self->decisions->len; i++)
    {
      BylineImportDecision *decision = g_ptr_array_index (self->decisions, i);

      if (byline_import_decision_get_accepted (decision) && apply (article, decision, &created))
        continue;

      /* Refused, or a second headline: the words stay, as body text */
      if (byline_import_decision_get_fallback (decision) == BYLINE_IMPORT_FALLBACK_PARAGRAPH)
        append_paragraph (article, byline_import_decision_get_text (decision));
    }

  if (created != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (created);
      byline_article_set_created (article, utc);
    }

  return g_steal_pointer (&article);
}

const char *
byline_import_kind_to_string (BylineImportKind kind)
{
  switch (kind)
    {
    case BYLINE_IMPORT_KIND_BYLINE: return "byline";
    case BYLINE_IMPORT_KIND_NINJS: return "ninjs";
    case BYLINE_IMPORT_KIND_HTML: return "html";
    case BYLINE_IMPORT_KIND_TEXT: return "text";
    case BYLINE_IMPORT_KIND_UNKNOWN:
    default: return "unknown";
    }
}
